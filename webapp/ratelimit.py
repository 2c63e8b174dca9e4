"""The web app's login rate limiter: at most N failed logins per (name, address) in a
sliding window.

In-process and thread-safe; the app keeps one instance (auth.limiter()). Accounts and
password checks are chiptalent.accounts; only the web layer knows client addresses, so
the limiter lives here and `limited_login()` puts the two together. After
`max_failures` failures within `window` seconds, `retry_after()` is positive until the
oldest of them leaves the window; a successful login clears the count. The number of
tracked keys is bounded, so a flood of made-up names cannot exhaust memory (the oldest
keys are dropped first).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

from chiptalent.accounts import User, authenticate
from chiptalent.errors import ChiptalentError


class TooManyAttempts(ChiptalentError):
    """Too many failed logins for this name from this address; wait `retry_after` s."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; try again in {int(retry_after) + 1} s")


class LoginRateLimiter:
    def __init__(self, max_failures: int = 5, window: float = 15 * 60, *,
                 clock=time.monotonic, max_keys: int = 100_000):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: OrderedDict[tuple[str, str], deque] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(name: str, ip: str) -> tuple[str, str]:
        return (str(name or "").strip().lower(), str(ip or ""))

    def _recent(self, key, now: float) -> deque | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def retry_after(self, name: str, ip: str) -> float:
        """Seconds until another attempt is allowed (0: allowed now)."""
        with self._lock:
            now = self.clock()
            times = self._recent(self._key(name, ip), now)
            if times is None or len(times) < self.max_failures:
                return 0.0
            return max(0.0, times[-self.max_failures] + self.window - now)

    def allowed(self, name: str, ip: str) -> bool:
        return self.retry_after(name, ip) == 0.0

    def failure(self, name: str, ip: str) -> None:
        with self._lock:
            key, now = self._key(name, ip), self.clock()
            times = self._recent(key, now)
            if times is None:
                times = self._failures[key] = deque(maxlen=self.max_failures)
            times.append(now)
            self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def success(self, name: str, ip: str) -> None:
        with self._lock:
            self._failures.pop(self._key(name, ip), None)


def limited_login(name: str, password: str, ip: str, *, limiter: LoginRateLimiter,
                  data_dir=None, users=None) -> User | None:
    """Log in through the rate limiter: TooManyAttempts when blocked, else the user or
    None (a failure is counted; a success clears the count)."""
    wait = limiter.retry_after(name, ip)
    if wait > 0:
        raise TooManyAttempts(wait)
    user = authenticate(name, password, data_dir=data_dir, users=users)
    if user is None:
        limiter.failure(name, ip)
    else:
        limiter.success(name, ip)
    return user
