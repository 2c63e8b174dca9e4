"""Accounts: scrypt hashing, verification, the account file, the login rate limiter."""

from __future__ import annotations

import json
import stat
import threading

import pytest

from chiptalent.errors import InputError
from chiptalent.kb.curation.ratelimit import LoginRateLimiter
from chiptalent.kb.curation.users import (TooManyAttempts, UserStore, authenticate,
                                          check_password, hash_password)

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(tmp_path) -> UserStore:
    return UserStore(tmp_path / "data" / "users.json")


def test_hash_is_salted_scrypt_and_checks():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second                              # a fresh salt each time
    scheme, n, r, p, salt, key = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2 ** 14), "8", "1")
    assert check_password(PASSWORD, first) and check_password(PASSWORD, second)
    assert not check_password(PASSWORD + "!", first)
    assert not check_password(PASSWORD, "plain$text")
    assert not check_password(PASSWORD, "md5$1$2$3$4$5")


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
    assert json.loads(text)["users"]["anna"]["password"].startswith("scrypt$")
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


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_rate_limiter_blocks_after_five_failures_for_fifteen_minutes():
    clock = Clock()
    limiter = LoginRateLimiter(clock=clock)
    for _ in range(4):
        limiter.failure("anna", "10.0.0.1")
        clock.now += 10
    assert limiter.allowed("anna", "10.0.0.1")
    limiter.failure("anna", "10.0.0.1")
    assert not limiter.allowed("anna", "10.0.0.1")
    assert limiter.allowed("anna", "10.0.0.2")          # per name and address
    assert limiter.allowed("bob", "10.0.0.1")
    assert limiter.allowed("ANNA", "10.0.0.2")
    wait = limiter.retry_after("Anna", "10.0.0.1")
    assert 800 < wait <= 900
    clock.now += wait + 0.001                           # the oldest failure leaves
    assert limiter.allowed("anna", "10.0.0.1")
    limiter.failure("anna", "10.0.0.1")                 # 5 in the window again
    assert not limiter.allowed("anna", "10.0.0.1")
    limiter.success("anna", "10.0.0.1")
    assert limiter.allowed("anna", "10.0.0.1")


def test_rate_limiter_is_thread_safe_and_bounded():
    limiter = LoginRateLimiter(max_failures=1000, max_keys=50)

    def fail(n):
        for _ in range(100):
            limiter.failure("anna", "1.1.1.1")
            limiter.failure(f"name{n}-{_}", "2.2.2.2")
    threads = [threading.Thread(target=fail, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(limiter._failures) <= 50
    assert len(limiter._failures[("anna", "1.1.1.1")]) == 800


def test_authenticate_through_the_limiter(accounts):
    accounts.add("anna", PASSWORD)
    limiter = LoginRateLimiter(max_failures=3)
    for _ in range(3):
        assert authenticate("anna", "nope nope nope", "1.2.3.4", limiter=limiter,
                            users=accounts) is None
    with pytest.raises(TooManyAttempts) as info:
        authenticate("anna", PASSWORD, "1.2.3.4", limiter=limiter, users=accounts)
    assert info.value.retry_after > 0
    # From another address the right password works, and clears that address's count.
    assert authenticate("anna", PASSWORD, "5.6.7.8", limiter=limiter,
                        users=accounts).name == "anna"


def test_unknown_names_cost_a_hash_too(accounts, monkeypatch):
    """verify() does the same scrypt work whether or not the name exists."""
    from chiptalent.kb.curation import users as users_module

    accounts.add("anna", PASSWORD)
    calls = []
    real = users_module._scrypt
    monkeypatch.setattr(users_module, "_scrypt",
                        lambda *a, **k: calls.append(a[2:]) or real(*a, **k))
    accounts.verify("anna", "wrong password!")
    accounts.verify("nobody", "wrong password!")
    assert len(calls) == 2 and calls[0] == calls[1]     # same parameters, same cost
