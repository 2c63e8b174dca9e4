"""The curated knowledge base: YAML files, their loader, validation and search index.

`load()` is what every other part of chiptalent calls: it returns the knowledge base
as plain objects (see `model.py`), from a compiled cache when the YAML is unchanged.
It is memoised per directory and checks `cache.kb_version` (a few stat calls) on
every call, so a change made by another process (an edit on the command line while
the web app runs) is loaded at the next call.
"""

from __future__ import annotations

from chiptalent.kb.model import KnowledgeBase

# (kb dir, data dir) -> (the kb_version it was loaded at, the knowledge base)
_loaded: dict[tuple[str, str], tuple[tuple, KnowledgeBase]] = {}


def load(kb_dir=None, data_dir=None, *, fresh: bool = False,
         check: bool = True) -> KnowledgeBase:
    """The knowledge base of `kb_dir` (default: CHIPTALENT_KB or the bundled one).

    `check=False` returns the memoised one without looking at the files (for a
    caller that has checked once already, e.g. earlier in the same web request).
    """
    from chiptalent import paths
    from chiptalent.kb.cache import kb_version, load_cached

    kb_path = paths.kb_dir(kb_dir)
    data_path = paths.data_dir(data_dir)
    key = (str(kb_path.resolve()), str(data_path.resolve()))
    held = _loaded.get(key)
    if held is not None and not fresh and not check:
        return held[1]
    # The version is read before loading: a change made during the load is seen by
    # the next call rather than hidden under the new version.
    version = kb_version(kb_path)
    if fresh or held is None or held[0] != version:
        held = _loaded[key] = (version, load_cached(kb_path, data_path))
    return held[1]


__all__ = ["KnowledgeBase", "load"]
