"""Cross-site request forgery: a per-session token on every form that posts.

Every page form that changes or submits something carries `{{ csrf_field() }}`: a
hidden `csrf_token` whose value is a random token kept in the visitor's session. Every
request whose method is not safe (anything but GET, HEAD and OPTIONS: a list of the
unsafe ones would let a method nobody thought of through) to a page route must send
it back (or the `X-CSRF-Token` header); it is compared with `hmac.compare_digest` and a
missing or wrong token is a 400, before the view runs. HEAD reaches the views as GET
(security.py), so a view's "not GET, so it is a POST" can never write on a HEAD. Another site can make a browser post a form here, but it
cannot read our pages, so it cannot know the token.

Not checked: the JSON API under `/api/` (it uses no cookie or session, so a forged
request gains nothing), and requests that matched no route (they get their 404 or 405).
Blueprints whose guard must answer first (401 for a visitor who is not logged in, 403
for a role that may not edit) are `deferred` here and call `check()` themselves after
the guard, so a stranger learns "log in" rather than "bad token".

The token is renewed when someone logs in or out (auth.py), so a token seen before a
login is worthless after it.
"""

from __future__ import annotations

import hmac
import secrets

from flask import request, session
from markupsafe import Markup
from werkzeug.exceptions import BadRequest

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SESSION_KEY = "csrf"
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
EXEMPT_PREFIX = "/api/"

_deferred: set[str] = set()


class CsrfFailed(BadRequest):
    """A form came without its token, or with someone else's."""


def token() -> str:
    """The session's token, made on first use."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        session[SESSION_KEY] = value
    return value


def renew() -> str:
    """A fresh token (after a login or logout)."""
    session.pop(SESSION_KEY, None)
    return token()


def field() -> Markup:
    """The hidden input every posting form carries (the token is escaped)."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (FIELD, token())


def defer(blueprint_name: str) -> None:
    """The blueprint checks the token itself, after its access guard."""
    _deferred.add(blueprint_name)


def needed() -> bool:
    return (request.method not in SAFE and request.routing_exception is None
            and not request.path.startswith(EXEMPT_PREFIX))


def check() -> None:
    """Refuse an unsafe request whose token is missing or wrong (400)."""
    if not needed():
        return
    expected = session.get(SESSION_KEY)
    # Reading the form enforces MAX_CONTENT_LENGTH: an oversized body is a 413 here.
    sent = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    if not (isinstance(expected, str) and expected and
            hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode("utf-8"))):
        from chiptalent.webapp.i18n import t
        raise CsrfFailed(t("csrf.failed"))


def register(app) -> None:

    @app.before_request
    def _check_csrf():
        if request.blueprint in _deferred:
            return None
        check()
        return None

    app.jinja_env.globals.update(csrf_field=field, csrf_token=token)
