"""Accounts of the people who curate or read the evidence, shared by the web app and
the command line.

Advisers of Platform Talent voor Technologie keep the evidence current; regions and
reviewers only read. Accounts live in the data directory (`users.json`, mode 0600,
written atomically), never in the repository or the knowledge base: the knowledge base
only records the *name* of whoever made a change.

Passwords are hashed with `werkzeug.security` using scrypt at OWASP's parameters
(N=2**17, r=8, p=1; Password Storage Cheat Sheet) with a random salt, stored as
werkzeug's `scrypt:N:r:p$salt$hash`. A hash made with other parameters — a werkzeug hash
with a lower N, or this project's older `scrypt$n$r$p$salt$hash` — still verifies, and
is replaced by one at the current parameters the next time its owner logs in.

`verify(name, password)` takes the same time whether or not the name exists (an unknown
name is checked against a dummy hash) and compares digests in constant time. Limiting
failed logins is the web layer's job (webapp/ratelimit.py); nothing here knows the
client's address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from chiptalent import paths
from chiptalent.errors import ChiptalentError, InputError
from chiptalent.kb.curation.fileio import FileLock, atomic_write

ROLES = ("adviser", "reviewer", "region")
EDIT_ROLES = frozenset({"adviser"})
# OWASP Password Storage Cheat Sheet: scrypt with N=2^17 (128 MiB), r=8, p=1.
OWASP_SCRYPT = "scrypt:131072:8:1"
# The method new hashes use; a stored hash made with any other is upgraded at login.
# Module-level so that a test suite may choose a cheaper one (see tests/conftest.py).
HASH_METHOD = OWASP_SCRYPT
SALT_LENGTH = 16
MIN_PASSWORD, MAX_PASSWORD = 12, 1024
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
USERS_FILE = "users.json"


class PermissionDenied(ChiptalentError):
    """The account may not do this (a reviewer or region trying to edit)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created: str | None = None

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES


# --- hashing --------------------------------------------------------------------------

def hash_password(password: str) -> str:
    """werkzeug's `scrypt:N:r:p$salt$hash` for a new password, at HASH_METHOD."""
    return generate_password_hash(password, method=HASH_METHOD, salt_length=SALT_LENGTH)


def _check_legacy(password: str, encoded: str) -> bool:
    """This project's first format, `scrypt$n$r$p$salt$hash` (base64), kept so that
    accounts made before werkzeug hashing can still log in (and be upgraded)."""
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key, validate=True)
        n, r, p = int(n), int(r), int(p)
        actual = hashlib.scrypt(password.encode("utf-8"),
                                salt=base64.b64decode(salt, validate=True), n=n, r=r,
                                p=p, maxmem=256 * n * r * p, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_password(password: str, encoded: str) -> bool:
    """Whether `password` matches an encoded hash (either format; constant-time)."""
    if not isinstance(encoded, str) or not isinstance(password, str):
        return False
    if encoded.startswith("scrypt$"):
        return _check_legacy(password, encoded)
    if not encoded.startswith(("scrypt:", "pbkdf2:")):
        return False        # werkzeug would also accept a bare scheme; we never made one
    try:
        return check_password_hash(encoded, password)
    except (ValueError, TypeError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether a (verified) hash was made with other parameters than HASH_METHOD."""
    return encoded.split("$", 1)[0] != HASH_METHOD


_dummy_hashes: dict[str, str] = {}


def _dummy() -> str:
    """A hash at the current parameters that no password matches (for unknown names)."""
    found = _dummy_hashes.get(HASH_METHOD)
    if found is None:
        found = _dummy_hashes[HASH_METHOD] = hash_password(secrets.token_urlsafe(16))
    return found


def check_name(name: str) -> str:
    name = str(name or "").strip().lower()
    if not NAME_PATTERN.match(name):
        raise InputError(f"{name!r} is not a valid user name; allowed: 1-63 characters "
                         "a-z, 0-9, '.', '_' and '-', starting with a letter or digit",
                         field="name")
    return name


def check_new_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters",
                         field="password")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"a password has at most {MAX_PASSWORD} characters",
                         field="password")
    return password


def _utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the account file -----------------------------------------------------------------

class UserStore:
    """The accounts in `<data dir>/users.json`."""

    def __init__(self, path: Path | None = None, *, data_dir=None):
        self.path = Path(path) if path else paths.data_dir(data_dir) / USERS_FILE
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._guard = threading.Lock()

    def _read(self) -> dict:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"users": {}}
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"the account file is not valid JSON: {exc.msg}",
                             file=str(self.path), line=exc.lineno) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("users"), dict):
            raise InputError("the account file has no `users` table", file=str(self.path))
        return doc

    def _save(self, doc: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        atomic_write(self.path, data.encode("utf-8"), mode=0o600)

    def _update(self, change) -> object:
        with self._guard, FileLock(self._lock_path):
            doc = self._read()
            result = change(doc["users"])
            self._save(doc)
            return result

    @staticmethod
    def _user(record: dict) -> User:
        return User(name=record["name"], role=record["role"],
                    created=record.get("created"))

    def add(self, name: str, password: str, role: str = "adviser", *,
            replace: bool = False) -> User:
        """Create an account (or, with `replace`, reset its password and role)."""
        name = check_name(name)
        check_new_password(password)
        if role not in ROLES:
            raise InputError(f"{role!r} is not a role; allowed: {', '.join(ROLES)}",
                             field="role")
        encoded = hash_password(password)

        def change(users):
            if name in users and not replace:
                raise InputError(f"the user {name!r} already exists", field="name")
            record = {"name": name, "role": role, "password": encoded,
                      "created": users.get(name, {}).get("created") or _utc_now()}
            users[name] = record
            return self._user(record)
        return self._update(change)

    def remove(self, name: str) -> bool:
        name = check_name(name)
        return self._update(lambda users: users.pop(name, None) is not None)

    def get(self, name: str) -> User | None:
        record = self._read()["users"].get(str(name or "").strip().lower())
        return self._user(record) if record else None

    def list(self) -> list[User]:
        return [self._user(r) for _, r in sorted(self._read()["users"].items())]

    def verify(self, name: str, password: str) -> User | None:
        """The user if `password` is theirs, else None; same cost for unknown names.
        A matching hash made with older parameters is replaced by a current one."""
        key = str(name or "").strip().lower()
        record = self._read()["users"].get(key)
        encoded = record.get("password") if record else None
        if not isinstance(password, str) or len(password) > MAX_PASSWORD:
            password = ""
        ok = check_password(password, encoded or _dummy())
        if not (ok and record):
            return None
        if needs_rehash(encoded):
            self._upgrade(key, encoded, password)
        return self._user(record)

    def _upgrade(self, name: str, old: str, password: str) -> None:
        new = hash_password(password)

        def change(users):
            # Only if nobody changed the password meanwhile (a reset wins).
            if name in users and users[name].get("password") == old:
                users[name]["password"] = new
        self._update(change)


def default_users(data_dir=None) -> UserStore:
    return UserStore(data_dir=data_dir)


def add_user(name: str, password: str, role: str = "adviser", *, data_dir=None,
             replace: bool = False) -> User:
    return default_users(data_dir).add(name, password, role, replace=replace)


def remove_user(name: str, *, data_dir=None) -> bool:
    return default_users(data_dir).remove(name)


def list_users(*, data_dir=None) -> list[User]:
    return default_users(data_dir).list()


def get_user(name: str, *, data_dir=None) -> User | None:
    return default_users(data_dir).get(name)


def authenticate(name: str, password: str, *, data_dir=None,
                 users: UserStore | None = None) -> User | None:
    """The account if the password is its own, else None (no address, no limiter:
    the caller limits attempts)."""
    return (users or default_users(data_dir)).verify(name, password)
