"""The compiled cache: the knowledge base pickled, so other commands load it fast.

Loading YAML and checking it against the schemas takes a good fraction of a second;
unpickling the objects takes a few milliseconds. The cache is keyed by the
fingerprint of the YAML files (their names and contents), so any edit rebuilds it.
It is written aside and renamed into place, so a crash never leaves half a cache.

`kb_version(kb_dir)` is the one notion of "the knowledge base changed" that every
reader checks (kb.load's memo, the curation store's knowledge base, the web app's
caches): a few stat calls, cheap enough for every request. It is made of
- the content of `<kb>/.curation/version`, a random token the curation store renews
  with every write (`bump_version`, called under its commit lock), so a write in
  another process (the command line beside the web app) is seen even when it falls
  in the same clock tick as the last one; and
- the modification times of the knowledge-base directory and its folders, which
  change whenever a file is added, removed or replaced by a rename (how the store,
  git and most editors save).
A hand edit that rewrites a file in place (`cat > file`) changes neither; it is seen
at the next write through the store or the next start.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
import tempfile
from pathlib import Path

from chiptalent.kb.loader import fingerprint, load_kb
from chiptalent.kb.model import KnowledgeBase

# Bump when the model's classes change shape, so old pickles are not reused.
CACHE_FORMAT = 3


VERSION_FILE = Path(".curation") / "version"


def kb_version(kb_dir) -> tuple:
    """What changes whenever the knowledge base in `kb_dir` changes (see above)."""
    kb_dir = Path(kb_dir)
    try:
        token = (kb_dir / VERSION_FILE).read_bytes()
    except OSError:
        token = b""
    stamp: list = [token]
    try:
        stamp.append(os.stat(kb_dir).st_mtime_ns)
        with os.scandir(kb_dir) as entries:
            for entry in entries:
                if entry.is_dir() and not entry.name.startswith("."):
                    stamp.append((entry.name, entry.stat().st_mtime_ns))
    except OSError:
        stamp.append(None)      # missing: the loader says so when it is read
    return tuple(stamp[:2] + sorted(stamp[2:], key=str))


def bump_version(kb_dir) -> None:
    """Record that the knowledge base changed (the store calls it after each write)."""
    path = Path(kb_dir) / VERSION_FILE
    write_atomically(path, secrets.token_hex(16).encode("ascii"))


def cache_path(kb_dir: Path, data_dir: Path) -> Path:
    tag = hashlib.sha1(str(kb_dir.resolve()).encode()).hexdigest()[:12]
    return data_dir / "cache" / f"kb-{tag}-v{CACHE_FORMAT}.pickle"


def write_atomically(path: Path, payload: bytes) -> None:
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


def read_pickled(path: Path, current: str):
    """What `store_pickled` kept at `path` under the fingerprint `current`, else None."""
    try:
        with path.open("rb") as handle:
            stored_fp, value = pickle.load(handle)
        if stored_fp == current:
            return value
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
            ImportError, TypeError):
        pass   # missing, stale or corrupt: the caller rebuilds
    return None


def store_pickled(path: Path, current: str, value) -> None:
    """Keep `value` under the fingerprint `current`, atomically."""
    try:
        write_atomically(path, pickle.dumps((current, value), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass   # a read-only data directory only costs speed


def load_cached(kb_dir: Path, data_dir: Path) -> KnowledgeBase:
    """The knowledge base, from the cache when it is current, else rebuilt and cached."""
    current = fingerprint(kb_dir)
    path = cache_path(kb_dir, data_dir)
    kb = read_pickled(path, current)
    if kb is None:
        kb = load_kb(kb_dir)
        kb.fingerprint = current
        store_pickled(path, current, kb)
    return kb
