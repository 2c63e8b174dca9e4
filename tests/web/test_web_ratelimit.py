"""The web app's login rate limiter (webapp/ratelimit.py): per name and address, a
sliding window, bounded memory, and logins through it; a login over HTTP upgrades an
old password hash."""

from __future__ import annotations

import json
import threading

import pytest
from werkzeug.security import generate_password_hash

from chiptalent import accounts
from chiptalent.accounts import UserStore
from chiptalent.webapp.ratelimit import LoginRateLimiter, TooManyAttempts, limited_login
from tests.helpers.web_curation import PASSWORD as WEB_PASSWORD
from tests.helpers.web_curation import login

PASSWORD = "correct horse battery"


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
    counts = limiter.counts()
    assert len(counts) <= 50
    assert counts[("anna", "1.1.1.1")] == 800


def test_the_count_is_shared_by_every_worker_process(tmp_path):
    """`chiptalent serve` runs a worker per core: each worker's limiter counts the
    failures of all (an in-process count gave two workers twice the attempts)."""
    import multiprocessing

    path = tmp_path / "login-failures.sqlite3"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_fail_three_times, args=(path,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    limiter = LoginRateLimiter(max_failures=5, path=path)
    assert limiter.counts() == {("anna", "10.0.0.1"): 6}
    assert not limiter.allowed("anna", "10.0.0.1")


def _fail_three_times(path):
    limiter = LoginRateLimiter(max_failures=5, path=path)
    for _ in range(3):
        limiter.failure("anna", "10.0.0.1")


def test_parallel_attempts_cannot_pass_before_any_is_counted(tmp_path):
    """A password check takes ~0.1 s: attempts that all started before the first failed
    were all let through. Now an attempt is counted when it starts."""
    users = UserStore(tmp_path / "users.json")
    users.add("anna", PASSWORD)
    limiter = LoginRateLimiter(max_failures=3, path=tmp_path / "failures.sqlite3")
    outcomes: list[str] = []
    start = threading.Barrier(12)

    def guess():
        start.wait()
        try:
            limited_login("anna", "a wrong guess", "9.9.9.9", limiter=limiter, users=users)
            outcomes.append("checked")
        except TooManyAttempts:
            outcomes.append("refused")
    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["checked"] * 3 + ["refused"] * 9


def test_login_through_the_limiter(tmp_path):
    accounts = UserStore(tmp_path / "users.json")
    accounts.add("anna", PASSWORD)
    limiter = LoginRateLimiter(max_failures=3)
    for _ in range(3):
        assert limited_login("anna", "nope nope nope", "1.2.3.4", limiter=limiter,
                             users=accounts) is None
    with pytest.raises(TooManyAttempts) as info:
        limited_login("anna", PASSWORD, "1.2.3.4", limiter=limiter, users=accounts)
    assert info.value.retry_after > 0
    # From another address the right password works, and clears that address's count.
    assert limited_login("anna", PASSWORD, "5.6.7.8", limiter=limiter,
                         users=accounts).name == "anna"
    assert limiter.allowed("anna", "5.6.7.8")


def test_a_login_over_http_upgrades_an_old_hash(curated, monkeypatch):
    """An account whose hash was made with older scrypt parameters logs in through the
    login form, and its stored hash is then at the current (OWASP) parameters."""
    monkeypatch.setattr(accounts, "HASH_METHOD", accounts.OWASP_SCRYPT)
    path = curated.data_dir / "users.json"
    doc = json.loads(path.read_text())
    doc["users"]["anna"]["password"] = generate_password_hash(WEB_PASSWORD,
                                                              "scrypt:16384:8:1")
    path.write_text(json.dumps(doc))
    assert login(curated.app.test_client(), "anna").status_code == 303
    stored = json.loads(path.read_text())["users"]["anna"]["password"]
    assert stored.startswith(accounts.OWASP_SCRYPT + "$")
