"""Accounts of the people who curate or read the evidence.

Advisers of Platform Talent voor Technologie keep the evidence current; regions and
reviewers only read. Accounts live in the data directory (`users.json`, mode 0600,
written atomically), never in the repository. Passwords are hashed with scrypt from
the standard library (random 16-byte salt, n=2**14, r=8, p=1, 32-byte key) and stored
as `scrypt$n$r$p$salt$hash` (base64), so the parameters can be raised later without
breaking old hashes.

`verify(name, password)` takes the same time whether or not the name exists (an unknown
name is checked against a dummy hash) and compares digests in constant time.
`authenticate()` adds the login rate limiter (ratelimit.py) for the web layer.
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
from pathlib import Path

from chiptalent import paths
from chiptalent.errors import ChiptalentError, InputError
from chiptalent.kb.curation.changelog import utc_now
from chiptalent.kb.curation.fileio import FileLock, atomic_write

ROLES = ("adviser", "reviewer", "region")
EDIT_ROLES = frozenset({"adviser"})
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MIN_PASSWORD, MAX_PASSWORD = 12, 1024
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
USERS_FILE = "users.json"


class PermissionDenied(ChiptalentError):
    """The account may not do this (a reviewer or region trying to edit)."""


class TooManyAttempts(ChiptalentError):
    """Too many failed logins for this name from this address; wait `retry_after` s."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; try again in {int(retry_after) + 1} s")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created: str | None = None

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES


# --- hashing --------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem: 128 * n * r * p bytes are needed; leave headroom above OpenSSL's default.
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r * p, dklen=length)


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash` for a new password."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def check_password(password: str, encoded: str) -> bool:
    """Whether `password` matches an encoded hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p),
                         len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


_dummy_hash: str | None = None


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password(secrets.token_urlsafe(16))
    return _dummy_hash


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
                      "created": users.get(name, {}).get("created") or utc_now()}
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
        """The user if `password` is theirs, else None; same cost for unknown names."""
        key = str(name or "").strip().lower()
        record = self._read()["users"].get(key)
        encoded = record.get("password") if record else None
        if not isinstance(password, str) or len(password) > MAX_PASSWORD:
            password = ""
        ok = check_password(password, encoded or _dummy())
        return self._user(record) if (ok and record) else None


def default_users(data_dir=None) -> UserStore:
    return UserStore(data_dir=data_dir)


def add_user(name: str, password: str, role: str = "adviser", *, data_dir=None,
             replace: bool = False) -> User:
    return default_users(data_dir).add(name, password, role, replace=replace)


def list_users(*, data_dir=None) -> list[User]:
    return default_users(data_dir).list()


def get_user(name: str, *, data_dir=None) -> User | None:
    return default_users(data_dir).get(name)


def verify(name: str, password: str, *, data_dir=None) -> User | None:
    return default_users(data_dir).verify(name, password)


def authenticate(name: str, password: str, ip: str, *, limiter, data_dir=None,
                 users: UserStore | None = None) -> User | None:
    """Log in through the rate limiter: TooManyAttempts when blocked, else the user or
    None (a failure is counted; a success clears the count)."""
    wait = limiter.retry_after(name, ip)
    if wait > 0:
        raise TooManyAttempts(wait)
    user = (users or default_users(data_dir)).verify(name, password)
    if user is None:
        limiter.failure(name, ip)
    else:
        limiter.success(name, ip)
    return user
