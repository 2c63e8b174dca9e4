"""The session cookie: its signing key and its flags.

Advisers log in with a Flask session (a signed cookie). The signing key never lives in
the repository: it comes from the configuration (SECRET_KEY), else the environment
(CHIPTALENT_SECRET_KEY), else a file made once in the data directory
(`<data dir>/secret_key`, 64 random hex characters, mode 0600), so that a restart does
not log everyone out and two processes of one server share it.

The cookie is HttpOnly (no script reads it), SameSite=Lax (other sites' forms do not
carry it) and Secure when the app is served over https (HTTPS=True or
CHIPTALENT_HTTPS=1; plain http on 127.0.0.1 needs it off, or the browser drops the
cookie). A login lasts at most SESSION_HOURS (default 8) from the moment of the login,
however busy the adviser is, and ends sooner after SESSION_IDLE_MINUTES (default 60)
without a request (`LoginSession`). Both are checked on every request against the
times the signed cookie carries (`since`: the login; `seen`: the last request, renewed
at most once a minute), so a copy a browser keeps stops working too; the cookie's own
expiry is never later than the absolute limit.

A signed cookie lives in the browser, so clearing it on logout would not stop a copy
of it: logging out therefore also records the moment in `<data dir>/sessions-ended.json`
(0600), and every session of that account that started earlier ends with it (the
adviser's other browsers too: "log out everywhere").
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import stat
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask.sessions import SecureCookieSessionInterface

from chiptalent import paths

log = logging.getLogger(__name__)

KEY_FILE = "secret_key"
ENDED_FILE = "sessions-ended.json"
ENV_KEY = "CHIPTALENT_SECRET_KEY"
ENV_HTTPS = "CHIPTALENT_HTTPS"
COOKIE_NAME = "chiptalent_session"
MIN_KEY_LENGTH = 32
SESSION_HOURS = 8
SESSION_IDLE_MINUTES = 60
SINCE = "since"          # when the account logged in (set by auth.py), epoch seconds
SEEN = "seen"            # the session's last request, epoch seconds
SEEN_RESOLUTION = 60     # renew `seen` at most once a minute: not a new cookie per click

# The clock, one name so that tests can move it.
clock = time.time


def key_file_secret(data_dir=None) -> str:
    """The key in `<data dir>/secret_key`, made (0600, exclusively) if missing."""
    path = paths.data_dir(data_dir) / KEY_FILE
    try:
        # O_EXCL: of two processes starting at once, one makes the key, the other reads it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key


def _read_key(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # Only the server's account may read the key that signs advisers' logins.
        log.warning("%s was readable by others (mode %o); set to 0600", path, mode)
        os.chmod(path, 0o600)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_KEY_LENGTH:
        raise RuntimeError(f"{path} holds no usable key (under {MIN_KEY_LENGTH} "
                           "characters); delete it and a new one is made")
    return key


def secret_key(config) -> str:
    given = config.get("SECRET_KEY") or os.environ.get(ENV_KEY)
    if given:
        if len(str(given)) < MIN_KEY_LENGTH:
            raise RuntimeError(f"the secret key is shorter than {MIN_KEY_LENGTH} "
                               f"characters; set a longer {ENV_KEY}")
        return given
    return key_file_secret(config.get("DATA_DIR"))


def register(app) -> None:
    config = app.config
    config["SECRET_KEY"] = secret_key(config)
    https = config.get("HTTPS")
    if https is None:
        https = os.environ.get(ENV_HTTPS) == "1"
    config["HTTPS"] = bool(https)
    config.setdefault("SESSION_HOURS", SESSION_HOURS)
    config.setdefault("SESSION_IDLE_MINUTES", SESSION_IDLE_MINUTES)
    app.session_interface = LoginSession()
    config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(https),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config["SESSION_HOURS"]),
    )


class LoginSession(SecureCookieSessionInterface):
    """Flask's signed cookie, with an absolute and an idle limit on a login.

    A session that holds a login (`since`) and is past either limit opens empty (its
    cookie is deleted with the response); one in time has `seen` renewed. The cookie
    expires at the idle limit, but never after the absolute one, however often it is
    re-issued.
    """

    @staticmethod
    def limits(app) -> tuple[float, float]:
        return (float(app.config.get("SESSION_HOURS", SESSION_HOURS)) * 3600,
                float(app.config.get("SESSION_IDLE_MINUTES", SESSION_IDLE_MINUTES)) * 60)

    def open_session(self, app, request):
        session = super().open_session(app, request)
        if session is None or SINCE not in session:
            return session
        absolute, idle = self.limits(app)
        now = clock()
        since, seen = session.get(SINCE), session.get(SEEN, session.get(SINCE))
        if not isinstance(since, (int, float)) or not isinstance(seen, (int, float)) \
                or now >= since + absolute or now >= seen + idle:
            session.clear()             # modified and empty: the cookie is deleted
            return session
        if now - seen >= SEEN_RESOLUTION:
            session[SEEN] = now
        return session

    def get_expiration_time(self, app, session):
        expires = super().get_expiration_time(app, session)
        since = session.get(SINCE)
        if expires is None or not isinstance(since, (int, float)):
            return expires
        absolute, idle = self.limits(app)
        seen = session.get(SEEN, since)
        last = min(since + absolute, (seen if isinstance(seen, (int, float)) else since)
                   + idle)
        return min(expires, datetime.fromtimestamp(last, timezone.utc))


# --- sessions ended by a logout ---------------------------------------------------------

_ended_guard = threading.Lock()


def _ended_path(data_dir) -> Path:
    return paths.data_dir(data_dir) / ENDED_FILE


def _read_ended(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def ended_at(name: str, data_dir=None) -> float:
    """When the account last logged out (epoch seconds; 0 if never)."""
    value = _read_ended(_ended_path(data_dir)).get(name)
    return float(value) if isinstance(value, (int, float)) else 0.0


def end_sessions(name: str, data_dir=None, *, now: float | None = None) -> None:
    """End every session of the account that started before now."""
    from chiptalent.kb.curation.fileio import FileLock, atomic_write

    path = _ended_path(data_dir)
    with _ended_guard, FileLock(path.with_name(path.name + ".lock")):
        doc = _read_ended(path)
        doc[name] = now if now is not None else time.time()
        atomic_write(path, (json.dumps(doc, sort_keys=True) + "\n").encode("utf-8"),
                     mode=0o600)
