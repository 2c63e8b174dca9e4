"""Results kept per knowledge base (kb/memo.py): right per knowledge base, bounded, and
never what keeps an old knowledge base in memory (every curation edit makes a new one)."""

from __future__ import annotations

import gc
import weakref

from chiptalent.kb.memo import KBMemo
from chiptalent.kb.model import KnowledgeBase


def _kb(fingerprint: str) -> KnowledgeBase:
    kb = KnowledgeBase(building_blocks={}, vocabularies={}, interventions={}, evidence={},
                       regions={}, national={}, parameters={})
    kb.fingerprint = fingerprint
    return kb


def test_results_are_kept_per_knowledge_base_and_bounded():
    memo = KBMemo(3)
    one, two = _kb("a"), _kb("b")
    calls = []

    def compute(tag):
        calls.append(tag)
        return tag

    assert memo.get(one, "x", lambda: compute("one-x")) == "one-x"
    assert memo.get(one, "x", lambda: compute("again")) == "one-x"
    assert memo.get(two, "x", lambda: compute("two-x")) == "two-x"
    for key in ("y", "z", "w"):
        memo.get(one, key, lambda: compute(key))
    assert len(memo) == 3 and calls == ["one-x", "two-x", "y", "z", "w"]


def test_an_old_knowledge_base_is_not_kept_alive_by_its_results():
    memo = KBMemo(100)
    old = _kb("old")
    for n in range(10):
        memo.get(old, n, lambda: [n] * 1000)
    gone = weakref.ref(old)
    del old
    gc.collect()
    assert gone() is None
    memo.get(_kb("new"), "x", lambda: "x")          # a miss drops the dead entries
    assert len(memo) == 1
