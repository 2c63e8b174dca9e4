"""Opening an index, rebuilding it first when it is missing, corrupt or stale.

`open_index(kb)` is the only way the searcher and the writers get an index. The
folder is per fingerprint (see location.py), so "stale" means: no folder for this
KB's fingerprint yet, or a folder whose stamp does not match. "Corrupt" means a file
differs from its checksum in the manifest (manifest.py: verified once per state of the
folder per process), or whoosh cannot open it or read its segments; the searcher also
rebuilds when a search meets damage later (searcher.search).
"""

from __future__ import annotations

import logging
import os

from whoosh import index

from chiptalent.kb.search import manifest
from chiptalent.kb.search.builder import build_index
from chiptalent.kb.search.location import (STAMP, index_path, kb_fingerprint,
                                           read_stamp, stamp_matches)
from chiptalent.kb.search.locking import WRITE_LOCK

log = logging.getLogger(__name__)


def _try_open(path, fingerprint):
    """The index at `path` if it is complete, current, intact and readable, else None."""
    if not stamp_matches(path, fingerprint):
        return None
    damage = manifest.verify(path)
    if damage:
        log.warning("search index %s damaged (%s); rebuilding", path, "; ".join(damage))
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


def index_version(kb, data_dir=None) -> tuple:
    """What identifies the index's current content: its stamp and its commit files.

    A rebuild replaces the stamp; an update commits a new generation (a new
    `_MAIN_<n>.toc`). Either changes this, so results cached by it never outlive the
    index they came from. A directory listing and a stat: some microseconds.
    """
    path = index_path(kb, data_dir)
    try:
        stamp = os.stat(path / STAMP)
        tocs = tuple(sorted(n for n in os.listdir(path) if n.endswith(".toc")))
    except OSError:
        return ()
    return (stamp.st_ino, stamp.st_mtime_ns, tocs)
