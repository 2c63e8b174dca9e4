"""Opening an index, rebuilding it first when it is missing, corrupt or stale.

`open_index(kb)` is the only way the searcher and the writer get an index. The
folder is per fingerprint (see location.py), so "stale" means: no folder for this
KB's fingerprint yet, or a folder whose stamp does not match. "Corrupt" means whoosh
cannot open it or read its segments; the searcher also reports corruption it meets
later (`rebuild_corrupt`), and the next open rebuilds.
"""

from __future__ import annotations

import logging

from chiptalent.kb.search.location import (index_path, kb_fingerprint, read_stamp,
                                           stamp_matches)
from chiptalent.kb.search.writer import WRITE_LOCK

log = logging.getLogger(__name__)


def _try_open(path, fingerprint):
    """The index at `path` if it is complete, current and readable, else None."""
    from whoosh import index

    if not stamp_matches(path, fingerprint):
        return None
    try:
        ix = index.open_dir(str(path))
        # Opening a reader reads every segment's term index and deletions: a
        # truncated or garbled segment fails here rather than in a user's search.
        with ix.reader() as reader:
            reader.doc_count()
            for name in ("title", "concepts"):
                next(iter(reader.lexicon(name)), None)
        return ix
    except Exception as exc:        # whoosh raises many kinds on broken files
        log.warning("search index %s unreadable (%s); rebuilding", path, exc)
        return None


def open_index(kb, data_dir=None, progress=None):
    """The whoosh index of `kb`, built first if missing, corrupt or stale."""
    from chiptalent.kb.search.builder import build_index

    fingerprint = kb_fingerprint(kb)
    path = index_path(kb, data_dir)
    ix = _try_open(path, fingerprint)
    if ix is not None:
        return ix
    # One build per process at a time; another thread may have built it meanwhile.
    with WRITE_LOCK:
        ix = _try_open(path, fingerprint)
        if ix is None:
            build_index(kb, data_dir, progress)
            ix = _try_open(path, fingerprint)
    if ix is None:
        raise RuntimeError(f"the search index at {path} could not be built")
    return ix


def index_status(kb, data_dir=None) -> dict:
    """What `chiptalent index` reports: where the index is and whether it is current."""
    path = index_path(kb, data_dir)
    stamp = read_stamp(path)
    return {"path": str(path), "exists": path.is_dir(),
            "current": stamp_matches(path, kb_fingerprint(kb)),
            "documents": (stamp or {}).get("documents")}
