"""Dutch first, English on request: the request's language and the template helpers.

The language comes from `?lang=nl|en` (which also sets a cookie, so the choice sticks
without JavaScript), else the `lang` cookie, else Dutch. The UI strings and the number
formats are those of the one registry, `chiptalent.i18n` (shared with the rules'
reports); `t`, `pct` and `number` here apply them in the request's language.
Everything the knowledge base says comes with its own `label`/`label_en` (`pick`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import g, request

from chiptalent import i18n as registry
from chiptalent.i18n import DEFAULT, LANGUAGES, format_number, format_percent

COOKIE = "lang"


def select_language() -> str:
    """The request's language: ?lang=, else the cookie, else Dutch."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return DEFAULT


def lang() -> str:
    return getattr(g, "lang", DEFAULT)


def t(key: str, **values) -> str:
    """A UI string of the registry (chiptalent.i18n) in the request's language."""
    return registry.text(key, lang(), **values)


def pick(obj, nl_attr: str = "label", en_attr: str | None = None) -> str:
    """An object's text in the request's language, falling back to the Dutch one."""
    en_attr = en_attr or f"{nl_attr}_en"
    if isinstance(obj, dict):
        nl_text, en_text = obj.get(nl_attr), obj.get(en_attr)
    else:
        nl_text, en_text = getattr(obj, nl_attr, None), getattr(obj, en_attr, None)
    if lang() == "en" and en_text:
        return en_text
    return nl_text or en_text or ""


def text(value) -> str:
    """A text that may be a plain string or a {"nl": ..., "en": ...} pair."""
    if isinstance(value, dict):
        return value.get(lang()) or value.get("nl") or value.get("en") or ""
    return "" if value is None else str(value)


def pct(share, decimals: int = 0) -> str:
    """A share (0..1) as a percentage in the request's language."""
    return format_percent(share, lang(), decimals)


def number(value, decimals: int | None = None) -> str:
    """A number in the request's language (the `number` filter of the templates)."""
    return format_number(value, lang(), decimals)


def source_words(where) -> str:
    """Where a filled-in profile value came from, in the page's words (the profile says
    it in the recommender's terms: "Bijlage 2 (derived pro rata)", "region facts: ...")."""
    from chiptalent.rules.recommend_report import Words
    from chiptalent.webapp import data
    return Words(data.get_kb(), lang()).source(str(where)) if where else ""


def url_with(**changes) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    params = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(params)
    return request.path + (f"?{query}" if query else "")


def register(app) -> None:
    """Choose the language before each request; remember an explicit choice."""

    @app.before_request
    def _choose_language():
        g.lang = select_language()

    @app.after_request
    def _remember_language(response):
        asked = request.args.get("lang")
        if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
            response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax",
                                httponly=True, secure=request.is_secure)
        return response

    app.jinja_env.globals.update(t=t, pick=pick, url_with=url_with, lang=lang, text=text,
                                 pct=pct, source_words=source_words)
    app.jinja_env.filters["number"] = number
    # text of the data whose language the data does not say (webapp/text_language.py)
    from chiptalent.webapp.text_language import lang_of
    app.jinja_env.filters["lang_of"] = lang_of
