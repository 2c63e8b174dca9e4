"""The curated knowledge base: YAML files, their loader, validation and search index.

`load()` is what every other part of chiptalent calls: it returns the knowledge base
as plain objects (see `model.py`), from a compiled cache when the YAML is unchanged.
"""

from __future__ import annotations

from chiptalent.kb.model import KnowledgeBase

_loaded: dict[tuple[str, str], KnowledgeBase] = {}


def load(kb_dir=None, data_dir=None, *, fresh: bool = False) -> KnowledgeBase:
    """The knowledge base of `kb_dir` (default: CHIPTALENT_KB or the bundled one)."""
    from chiptalent import paths
    from chiptalent.kb.cache import load_cached

    kb_path = paths.kb_dir(kb_dir)
    data_path = paths.data_dir(data_dir)
    key = (str(kb_path.resolve()), str(data_path.resolve()))
    if fresh or key not in _loaded:
        _loaded[key] = load_cached(kb_path, data_path)
    return _loaded[key]


__all__ = ["KnowledgeBase", "load"]
