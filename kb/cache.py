"""The compiled cache: the knowledge base pickled, so other commands load it fast.

Loading YAML and checking it against the schemas takes a good fraction of a second;
unpickling the objects takes a few milliseconds. The cache is keyed by the
fingerprint of the YAML files (their names and contents), so any edit rebuilds it.
It is written aside and renamed into place, so a crash never leaves half a cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from chiptalent.kb.loader import fingerprint, load_kb
from chiptalent.kb.model import KnowledgeBase

# Bump when the model's classes change shape, so old pickles are not reused.
CACHE_FORMAT = 2


def cache_path(kb_dir: Path, data_dir: Path) -> Path:
    tag = hashlib.sha1(str(kb_dir.resolve()).encode()).hexdigest()[:12]
    return data_dir / "cache" / f"kb-{tag}-v{CACHE_FORMAT}.pickle"


def _write_atomically(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_cached(kb_dir: Path, data_dir: Path) -> KnowledgeBase:
    """The knowledge base, from the cache when it is current, else rebuilt and cached."""
    current = fingerprint(kb_dir)
    path = cache_path(kb_dir, data_dir)
    try:
        with path.open("rb") as handle:
            stored_fp, kb = pickle.load(handle)
        if stored_fp == current:
            return kb
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
            ImportError, TypeError):
        pass   # missing, stale or corrupt: rebuild below
    kb = load_kb(kb_dir)
    kb.fingerprint = current
    try:
        _write_atomically(path, pickle.dumps((current, kb), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass   # a read-only data directory only costs speed
    return kb
