"""Logging in and out, and who may do what.

Advisers log in with the name and password of an account made with
`chiptalent users add` (chiptalent.accounts: scrypt hashes in the data directory);
everyone else reads anonymously and never needs an account.

| route | does |
|---|---|
| `GET /login[?next=/path]` | the login form |
| `POST /login` (name, password, next, csrf_token) | 303 to `next` (a path of this site) or the curation start; 401 for a wrong name or password (one message for both); 429 with `Retry-After` after too many failures for that name from that address |
| `POST /logout` (csrf_token) | ends the session; 303 to the start page |

A login starts a fresh session (no session fixation) with a new CSRF token; the
session holds only the account name and when it logged in. The account is read again
on every request, so removing an account or changing its role takes effect at once;
a logout ends every earlier session of the account (sessions.end_sessions), so a
copied cookie stops working too.

`guard(bp)` protects a blueprint: a visitor who is not logged in gets 401 (a GET is
sent on to the login form instead, with `next`), a logged-in account that may not edit
gets 403, and only then is the CSRF token checked.
"""

from __future__ import annotations

import math
import time

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request,
                   session, url_for)

from chiptalent import paths
from chiptalent.accounts import User, get_user
from chiptalent.webapp import csrf, sessions
from chiptalent.webapp.i18n import t
from chiptalent.webapp.ratelimit import FILE_NAME as RATE_LIMIT_FILE
from chiptalent.webapp.ratelimit import LoginRateLimiter, TooManyAttempts, limited_login

bp = Blueprint("auth", __name__)

SESSION_USER = "user"
SESSION_SINCE = "since"
MAX_NAME = 100


def limiter() -> LoginRateLimiter:
    """The app's login rate limiter: one per app, its counts in the data directory,
    shared by the app's threads and by every worker process (webapp/ratelimit.py)."""
    found = current_app.extensions.get("chiptalent.login_limiter")
    if found is None:
        config = current_app.config
        found = current_app.extensions.setdefault(
            "chiptalent.login_limiter", LoginRateLimiter(
                max_failures=int(config.get("LOGIN_MAX_FAILURES", 5)),
                window=float(config.get("LOGIN_WINDOW", 15 * 60)),
                path=paths.data_dir(config.get("DATA_DIR")) / RATE_LIMIT_FILE))
    return found


def current_user() -> User | None:
    """The logged-in account of this request, or None."""
    if "user" in g:
        return g.user
    user = None
    name = session.get(SESSION_USER)
    if isinstance(name, str) and name:
        data_dir = current_app.config.get("DATA_DIR")
        user = get_user(name, data_dir=data_dir)
        since = session.get(SESSION_SINCE)
        if user is None or not isinstance(since, (int, float)) \
                or since < sessions.ended_at(user.name, data_dir):
            # The account was removed, or logged out elsewhere after this login.
            user = None
            session.clear()
    g.user = user
    return user


def safe_next(value: str | None) -> str | None:
    """A path of this site to go on to after login; anything else is dropped, so the
    login form cannot be used to send someone to another site."""
    if not value or len(value) > 2000:
        return None
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    return value


def _login_page(status: int = 200, *, error=None, name: str = "", next_url=None,
                retry_after: int | None = None):
    response = current_app.make_response((render_template(
        "login.html", error=error, name=name, next_url=next_url,
        retry_after=retry_after), status))
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return _login_page(next_url=next_url)
    name = (request.form.get("name") or "").strip()[:MAX_NAME]
    password = request.form.get("password") or ""
    if not name or not password:
        return _login_page(400, error={"key": "name" if not name else "password",
                                       "text": t("auth.missing")},
                           name=name, next_url=next_url)
    try:
        user = limited_login(name, password, request.remote_addr or "", limiter=limiter(),
                             data_dir=current_app.config.get("DATA_DIR"))
    except TooManyAttempts as exc:
        wait = max(1, math.ceil(exc.retry_after))
        return _login_page(429, error={"key": "name", "text": t("auth.too_many",
                                                                  minutes=math.ceil(wait / 60))},
                           name=name, next_url=next_url, retry_after=wait)
    if user is None:
        # One message whether the name or the password is wrong: no account probing.
        return _login_page(401, error={"key": "name", "text": t("auth.wrong")},
                           name=name, next_url=next_url)
    session.clear()                 # a fresh session: no fixation across the login
    session.permanent = True        # expires after SESSION_HOURS (sessions.py)
    session[SESSION_USER] = user.name
    session[SESSION_SINCE] = time.time()
    csrf.renew()
    g.user = user
    if next_url:
        return redirect(next_url, 303)
    return redirect(url_for("curation.index") if user.can_edit else url_for("browse.home"),
                    303)


@bp.route("/logout", methods=["POST"])
def logout():
    user = current_user()
    if user is not None:            # copies of this cookie must stop working too
        sessions.end_sessions(user.name, current_app.config.get("DATA_DIR"))
    session.clear()
    csrf.renew()
    g.user = None
    return redirect(url_for("browse.home"), 303)


def require_adviser():
    """None when the request may go on; else the response (401, 303 to login, 403)."""
    user = current_user()
    if user is None:
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")), 303)
        abort(401, t("auth.required"))
    if not user.can_edit:
        abort(403, t("auth.forbidden", name=user.name, role=t("role." + user.role)))
    return None


def guard(blueprint: Blueprint) -> None:
    """Only advisers reach the blueprint's views; the CSRF token is checked after."""
    csrf.defer(blueprint.name)

    @blueprint.before_request
    def _guard():
        refused = require_adviser()
        if refused is not None:
            return refused
        csrf.check()
        return None


def _page_after_login() -> str:
    """Where a refused request should lead after logging in: the page itself, or for a
    form's action (retire, confirm) the page the form was on."""
    path = request.path
    for suffix in ("/retire", "/confirm"):
        if path.endswith(suffix):
            path = path[: -len(suffix)] or "/"
    return path


def register(app) -> None:
    from chiptalent.webapp.errors import error_response, wants_json

    app.jinja_env.globals["current_user"] = current_user

    @app.errorhandler(401)
    def _unauthorized(exc):
        message = exc.description or t("auth.required")
        if wants_json():
            return error_response(401, message, None)
        return render_template("curation/denied.html", status=401, message=message,
                               login_url=url_for("auth.login",
                                                 next=_page_after_login())), 401

    @app.errorhandler(403)
    def _forbidden(exc):
        message = exc.description or t("auth.forbidden.plain")
        if wants_json():
            return error_response(403, message, None)
        return render_template("curation/denied.html", status=403, message=message), 403
