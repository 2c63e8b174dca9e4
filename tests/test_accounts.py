"""Accounts (chiptalent.accounts): werkzeug scrypt hashing at OWASP's parameters, old
hashes upgraded at login, verification, the account file."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import threading

import pytest

from werkzeug.security import generate_password_hash

from chiptalent import accounts as accounts_module
from chiptalent.accounts import (OWASP_SCRYPT, UserStore, authenticate, check_password,
                                 hash_password, needs_rehash)
from chiptalent.errors import InputError

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(tmp_path) -> UserStore:
    return UserStore(tmp_path / "data" / "users.json")


@pytest.fixture
def owasp(monkeypatch):
    """The production parameters (the suite otherwise hashes cheaply: conftest.py)."""
    monkeypatch.setattr(accounts_module, "HASH_METHOD", OWASP_SCRYPT)


def _stored(store: UserStore, name: str) -> str:
    return json.loads(store.path.read_text())["users"][name]["password"]


def _legacy_hash(password: str, n: int = 2 ** 14) -> str:
    """The format this project wrote before werkzeug: `scrypt$n$r$p$salt$hash`."""
    salt = b"0123456789abcdef"
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return "$".join(["scrypt", str(n), "8", "1", base64.b64encode(salt).decode(),
                     base64.b64encode(key).decode()])


def test_new_hashes_use_owasp_scrypt_parameters(owasp):
    assert OWASP_SCRYPT == f"scrypt:{2 ** 17}:8:1"
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second                              # a fresh salt each time
    method, salt, key = first.split("$")
    assert method == "scrypt:131072:8:1" and len(salt) == 16
    assert check_password(PASSWORD, first) and check_password(PASSWORD, second)
    assert not check_password(PASSWORD + "!", first)
    assert not needs_rehash(first)


def test_foreign_and_broken_hashes_never_match():
    for encoded in ("plain$text", "md5$1$2$3$4$5", "plain", "", "scrypt$x$8$1$a$b",
                    "scrypt:abc:8:1$salt$00", None):
        assert not check_password(PASSWORD, encoded)


def test_old_parameter_hash_logs_in_and_is_upgraded(accounts, owasp):
    accounts.add("anna", PASSWORD)
    # A werkzeug hash at werkzeug's default (N=2^15), below OWASP's N=2^17.
    old = generate_password_hash(PASSWORD, method="scrypt:32768:8:1")
    doc = json.loads(accounts.path.read_text())
    doc["users"]["anna"]["password"] = old
    accounts.path.write_text(json.dumps(doc))
    assert needs_rehash(old)
    assert accounts.verify("anna", "wrong password!") is None
    assert _stored(accounts, "anna") == old             # a failed login changes nothing
    assert accounts.verify("anna", PASSWORD).name == "anna"
    upgraded = _stored(accounts, "anna")
    assert upgraded.startswith(OWASP_SCRYPT + "$") and check_password(PASSWORD, upgraded)
    assert accounts.verify("anna", PASSWORD).name == "anna"
    assert _stored(accounts, "anna") == upgraded        # upgraded once, then left alone


def test_legacy_format_logs_in_and_is_upgraded(accounts, owasp):
    accounts.add("anna", PASSWORD, role="reviewer")
    doc = json.loads(accounts.path.read_text())
    doc["users"]["anna"]["password"] = _legacy_hash(PASSWORD)
    accounts.path.write_text(json.dumps(doc))
    user = authenticate("anna", PASSWORD, users=accounts)
    assert (user.name, user.role) == ("anna", "reviewer")
    assert _stored(accounts, "anna").startswith(OWASP_SCRYPT + "$")
    assert authenticate("anna", PASSWORD, users=accounts) == user


def test_add_verify_and_the_file(accounts):
    user = accounts.add("Anna", PASSWORD)
    assert (user.name, user.role, user.can_edit) == ("anna", "adviser", True)
    reviewer = accounts.add("rob", PASSWORD + "2", role="reviewer")
    assert not reviewer.can_edit
    assert accounts.verify("anna", PASSWORD) == user
    assert accounts.verify("ANNA ", PASSWORD) == user
    assert accounts.verify("anna", "wrong password!") is None
    assert accounts.verify("nobody", PASSWORD) is None
    assert accounts.verify("anna", None) is None
    mode = stat.S_IMODE(accounts.path.stat().st_mode)
    assert mode == 0o600
    text = accounts.path.read_text()
    assert PASSWORD not in text
    assert json.loads(text)["users"]["anna"]["password"].startswith("scrypt:")
    assert [u.name for u in accounts.list()] == ["anna", "rob"]


def test_bad_accounts_are_refused(accounts):
    with pytest.raises(InputError) as info:
        accounts.add("anna", "short")
    assert info.value.field == "password"
    with pytest.raises(InputError) as info:
        accounts.add("an na", PASSWORD)
    assert info.value.field == "name"
    with pytest.raises(InputError) as info:
        accounts.add("anna", PASSWORD, role="admin")
    assert info.value.field == "role" and "adviser" in info.value.message
    accounts.add("anna", PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        accounts.add("anna", PASSWORD)
    accounts.add("anna", "another long password", replace=True)
    assert accounts.verify("anna", PASSWORD) is None
    assert accounts.verify("anna", "another long password") is not None
    assert accounts.remove("anna") and accounts.get("anna") is None


def test_concurrent_adds_all_land(accounts):
    threads = [threading.Thread(target=accounts.add, args=(f"user{n}", PASSWORD))
               for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(accounts.list()) == 8


def test_unknown_names_cost_a_hash_too(accounts, monkeypatch):
    """verify() does the same scrypt work whether or not the name exists."""
    import werkzeug.security

    accounts.add("anna", PASSWORD)
    calls = []
    real = hashlib.scrypt
    monkeypatch.setattr(werkzeug.security.hashlib, "scrypt",
                        lambda *a, **k: calls.append((k["n"], k["r"], k["p"]))
                        or real(*a, **k))
    accounts.verify("anna", "wrong password!")
    accounts.verify("nobody", "wrong password!")
    assert len(calls) == 2 and calls[0] == calls[1]     # same parameters, same cost
