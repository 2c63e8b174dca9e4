"""A small thread-safe LRU for what the app derives deterministically and keeps.

Exports of the knowledge base and recommendations are functions of their inputs and
the knowledge base's version, so they can be kept and shared by the server's threads;
but every edit makes a new version, so what is kept must be bounded by count, never
by the number of versions seen (an unbounded dict grew by ~4 MB an edit).
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class BoundedCache:
    """At most `size` values, the least recently used dropped first; 0 keeps nothing."""

    def __init__(self, size: int):
        self.size = max(0, int(size))
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key, compute):
        """The value for `key`, computed (outside the lock, so computations of different
        keys run in parallel) and kept when missing."""
        if self.size <= 0:
            return compute()
        with self._lock:
            if key in self._items:
                return self._hit(key)
        value = compute()
        self.put(key, value)
        return value

    def peek(self, key):
        """The value kept for `key` (now the most recent), or None."""
        if self.size <= 0:
            return None
        with self._lock:
            return self._hit(key) if key in self._items else None

    def _hit(self, key):
        """The kept value of `key`, now the most recent (the lock is held)."""
        self._items.move_to_end(key)
        self.hits += 1
        return self._items[key]

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self.misses += 1
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def app_cache(app, name: str, size: int) -> BoundedCache:
    """The app's cache called `name` (made on first use)."""
    cache = app.extensions.get(name)
    if cache is None:
        cache = app.extensions.setdefault(name, BoundedCache(size))
    return cache
