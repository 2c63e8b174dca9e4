"""The search page (`/search`) and the reading of search parameters, shared with the API.

Every parameter is checked before it reaches the index: a facet value must be a known
id, numbers must be numbers in range, the query has a length limit. A bad value is a
400 that names the parameter (a page, or JSON for the API), never a silent empty page.
"""

from __future__ import annotations

from html.parser import HTMLParser

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup, escape
from werkzeug.exceptions import ServiceUnavailable

from chiptalent.errors import InputError
from chiptalent.webapp import data
from chiptalent.webapp.i18n import pick, t

bp = Blueprint("search", __name__)

MAX_QUERY = 200
MAX_PAGE = 1000
MAX_LIMIT = 50
FACETS = ("building_block", "target_group", "level", "strength", "publisher", "language")
FILTERS = FACETS + ("kind",)
LANGUAGES = ("nl", "en")
KINDS = ("evidence", "intervention")


def _int_param(args, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{name} must be a whole number from {low} to {high}",
                         field=name) from None
    if not low <= value <= high:
        raise InputError(f"{name} must be from {low} to {high}", field=name)
    return value


def _check_id(kb, name: str, value: str) -> None:
    """A facet value must be a known id; the message lists what is allowed."""
    if name == "building_block":
        allowed = list(kb.building_blocks)
    elif name == "target_group":
        allowed = list(kb.vocabulary("target_group"))
    elif name == "level":
        allowed = list(kb.vocabulary("level"))
    elif name == "strength":
        allowed = list(kb.vocabulary("evidence_strength"))
        if not allowed:        # vocabulary not there yet: accept any id-like value
            if not value.replace("-", "").isalnum():
                raise InputError("strength must be an evidence-strength id", field=name)
            return
    elif name == "language":
        allowed = list(LANGUAGES)
    elif name == "kind":
        allowed = list(KINDS)
    else:
        return
    if value not in allowed:
        shown = ", ".join(allowed)
        raise InputError(f"unknown {name} {value[:60]!r}; allowed: {shown}", field=name)


def read_params(args, kb) -> dict:
    """The validated search parameters of a request (raises InputError)."""
    query = (args.get("q") or "").strip()
    if len(query) > MAX_QUERY:
        raise InputError(f"the query is longer than {MAX_QUERY} characters", field="q")
    if any(ord(ch) < 32 for ch in query):
        raise InputError("the query contains control characters", field="q")
    params = {"q": query,
              "page": _int_param(args, "page", 1, 1, MAX_PAGE),
              "limit": _int_param(args, "limit", 10, 1, MAX_LIMIT)}
    for name in FILTERS:
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if len(value) > MAX_QUERY:
            raise InputError(f"{name} is longer than {MAX_QUERY} characters", field=name)
        _check_id(kb, name, value)
        params[name] = value
    return params


def run_search(params: dict, kb) -> dict:
    """Call the search core with validated parameters: the cli.md search document."""
    try:
        from chiptalent.kb.search import search as search_module
        search_fn = search_module.search
    except (ImportError, AttributeError):
        raise ServiceUnavailable(t("search.unavailable")) from None
    filters = {name: params[name] for name in FILTERS if name in params}
    return search_fn(kb, params["q"], limit=params["limit"], page=params["page"],
                     data_dir=current_app.config.get("DATA_DIR"), **filters)


class _SnippetCleaner(HTMLParser):
    """Keep only text and `<b class="match">` from a snippet; escape everything else."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open_b = 0

    def handle_starttag(self, tag, attrs):
        if tag == "b":
            self.out.append('<b class="match">')
            self.open_b += 1

    def handle_endtag(self, tag):
        if tag == "b" and self.open_b:
            self.out.append("</b>")
            self.open_b -= 1

    def handle_data(self, text):
        self.out.append(str(escape(text)))


def clean_snippet(snippet: str | None) -> Markup:
    """The search core promises HTML-safe snippets; check it anyway (defence in depth)."""
    if not snippet:
        return Markup("")
    cleaner = _SnippetCleaner()
    cleaner.feed(snippet)
    cleaner.close()
    return Markup("".join(cleaner.out) + "</b>" * cleaner.open_b)


def facet_label(kb, facet: str, value: str) -> str:
    if facet == "building_block":
        block = kb.building_blocks.get(value)
        return f"{value} · {pick(block)}" if block else value
    scheme = {"target_group": "target_group", "level": "level",
              "strength": "evidence_strength"}.get(facet)
    if scheme:
        concept = kb.vocabulary(scheme).get(value)
        return pick(concept) if concept else value
    if facet == "language":
        return t(f"language.{value}") if value in LANGUAGES else value
    if facet == "kind":
        return t(f"kind.{value}") if value in KINDS else value
    return value


def search_url(params: dict, **changes) -> str:
    """A /search URL with the current parameters, some changed (None drops one)."""
    from flask import url_for
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    merged.update(changes)
    merged = {k: v for k, v in merged.items() if v is not None}
    if merged.get("page") == 1:
        merged.pop("page")
    if merged.get("limit") == 10:
        merged.pop("limit")
    return url_for("search.page", **merged)


@bp.route("/search")
def page():
    kb = data.get_kb()
    params = read_params(request.args, kb)
    filtered = any(name in params for name in FILTERS)
    result = None
    if params["q"] or filtered:
        result = run_search(params, kb)
    if request.args.get("format") == "json":
        from flask import jsonify
        if result is None:
            result = run_search(params, kb)
        return jsonify(result)
    pages = 0
    if result:
        pages = min(MAX_PAGE, -(-result.get("total", 0) // params["limit"]))
    return render_template(
        "search.html", params=params, result=result, pages=pages, facets=FACETS,
        filters=[(name, params[name]) for name in FILTERS if name in params],
        clean_snippet=clean_snippet, facet_label=lambda f, v: facet_label(kb, f, v),
        search_url=lambda **c: search_url(params, **c), kb=kb,
        json_url=search_url(params, format="json"))
