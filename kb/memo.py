"""Results kept per knowledge base: a small, thread-safe LRU whose entries remember the
knowledge-base object they were computed from, without keeping it alive.

Much of what the rules compute depends only on the knowledge base (a selector index, the
fixed parts of every intervention's entry) or on it and a few inputs (an intervention's
yield per €1m, a solution's forecast tally, a card). Such results are kept here, keyed
by what they depend on. Each entry holds a weak reference to its knowledge base: a
replaced or edited knowledge base (a new object, a new fingerprint) never gets a stale
answer, even if Python reuses an `id()`, and an old one is not kept in memory by its
results (every curation edit makes a new knowledge base of some megabytes; entries of
the ones gone are dropped at the next miss).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict


class KBMemo:
    """The last `size` results, each keyed by the knowledge base and `key`."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, kb, key, compute):
        """The result for (`kb`, `key`): kept, or `compute()` (run outside the lock, so
        different keys compute in parallel) and kept."""
        full_key = (id(kb), getattr(kb, "fingerprint", None), key)
        with self._lock:
            held = self._items.get(full_key)
            if held is not None and held[0]() is kb:
                self._items.move_to_end(full_key)
                return held[1]
        value = compute()
        with self._lock:
            for gone in [k for k, (ref, _) in self._items.items() if ref() is None]:
                del self._items[gone]
            self._items[full_key] = (weakref.ref(kb), value)
            self._items.move_to_end(full_key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
