"""The web app's login rate limiter: at most N failed logins per (name, address) in a
sliding window, counted over every worker process.

`chiptalent serve` runs one worker process per core, so the count lives in a small
SQLite file in the data directory (`login-failures.sqlite3`), which all workers share:
with an in-process count, two workers gave a name and address twice the attempts.
Tests (and a caller without a data directory) use an in-memory database instead.

An attempt is counted when it starts, before the password is checked: the check takes
~0.1 s (scrypt), and counting only after it let parallel attempts all pass the gate
while none had been counted yet. `attempt()` refuses (TooManyAttempts) once
`max_failures` are in the window, else records one; a successful login then clears the
count. The records are bounded: none older than the window is kept, and at most
`max_keys` names and addresses (the ones failing longest ago are dropped first), so a
flood of made-up names cannot fill the disk. Accounts and password checks are
chiptalent.accounts; only the web layer knows client addresses, so the limiter lives
here and `limited_login()` puts the two together.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from chiptalent.accounts import User, authenticate
from chiptalent.errors import ChiptalentError

FILE_NAME = "login-failures.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (name TEXT NOT NULL, address TEXT NOT NULL,
                                     at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures (name, address, at);
CREATE INDEX IF NOT EXISTS failures_at ON failures (at);
"""


class TooManyAttempts(ChiptalentError):
    """Too many failed logins for this name from this address; wait `retry_after` s."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; try again in {int(retry_after) + 1} s")


class LoginRateLimiter:
    """Failed logins per (name, address): in `path` (shared by processes) or in memory.

    `clock` is wall-clock seconds (the file outlives a reboot, a monotonic clock does
    not)."""

    def __init__(self, max_failures: int = 5, window: float = 15 * 60, *,
                 clock=time.time, max_keys: int = 100_000, path: Path | None = None):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._lock = threading.Lock()           # one connection, shared by the threads
        self._db = sqlite3.connect(str(path) if path else ":memory:", timeout=10,
                                   isolation_level=None, check_same_thread=False)
        with self._lock:
            if path:
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)

    @staticmethod
    def _key(name: str, ip: str) -> tuple[str, str]:
        return (str(name or "").strip().lower(), str(ip or ""))

    def _transaction(self, work):
        """`work(db, now)` in one write transaction (other processes wait for it)."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                now = self.clock()
                db.execute("DELETE FROM failures WHERE at <= ?", (now - self.window,))
                result = work(db, now)
                db.execute("COMMIT")
                return result
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _wait(self, db, key, now: float) -> float:
        """Seconds until the key may try again (0: now)."""
        times = [row[0] for row in db.execute(
            "SELECT at FROM failures WHERE name = ? AND address = ? ORDER BY at DESC "
            "LIMIT ?", (*key, self.max_failures))]
        if len(times) < self.max_failures:
            return 0.0
        return max(0.0, times[-1] + self.window - now)

    def retry_after(self, name: str, ip: str) -> float:
        """Seconds until another attempt is allowed (0: allowed now)."""
        return self._transaction(lambda db, now: self._wait(db, self._key(name, ip), now))

    def allowed(self, name: str, ip: str) -> bool:
        return self.retry_after(name, ip) == 0.0

    def failure(self, name: str, ip: str) -> None:
        """Count a failed login."""
        self._transaction(lambda db, now: self._record(db, self._key(name, ip), now))

    def attempt(self, name: str, ip: str) -> None:
        """Count a login attempt as failed until `success()` says otherwise, or refuse
        it (TooManyAttempts) when the window is full: one step, so that parallel
        attempts cannot all pass before any is counted."""
        def work(db, now):
            key = self._key(name, ip)
            wait = self._wait(db, key, now)
            if wait == 0.0:
                self._record(db, key, now)
            return wait
        wait = self._transaction(work)
        if wait > 0:
            raise TooManyAttempts(wait)

    def _record(self, db, key, now: float) -> None:
        db.execute("INSERT INTO failures (name, address, at) VALUES (?, ?, ?)",
                   (*key, now))
        keys = db.execute("SELECT COUNT(*) FROM (SELECT DISTINCT name, address "
                          "FROM failures)").fetchone()[0]
        if keys > self.max_keys:
            db.execute("""DELETE FROM failures WHERE (name, address) IN (
                              SELECT name, address FROM failures GROUP BY name, address
                              ORDER BY MAX(at), MAX(rowid) LIMIT ?)""",
                       (keys - self.max_keys,))

    def success(self, name: str, ip: str) -> None:
        self._transaction(lambda db, now: db.execute(
            "DELETE FROM failures WHERE name = ? AND address = ?", self._key(name, ip)))

    def counts(self) -> dict[tuple[str, str], int]:
        """The failures in the window per (name, address)."""
        return self._transaction(lambda db, now: {
            (name, address): n for name, address, n in db.execute(
                "SELECT name, address, COUNT(*) FROM failures GROUP BY name, address")})


def limited_login(name: str, password: str, ip: str, *, limiter: LoginRateLimiter,
                  data_dir=None, users=None) -> User | None:
    """Log in through the rate limiter: TooManyAttempts when blocked, else the user or
    None (the attempt stays counted as a failure; a success clears the count)."""
    limiter.attempt(name, ip)
    user = authenticate(name, password, data_dir=data_dir, users=users)
    if user is not None:
        limiter.success(name, ip)
    return user
