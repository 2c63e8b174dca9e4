"""Checksums of an index's files, so that damage whoosh cannot see is noticed.

whoosh keeps no checksums: random bytes in a segment that still decode read as fewer
postings, and searches quietly lose hits. So every index folder holds a manifest
(`checksums.json`: each file's size and SHA-256), written when the index is built and
brought up to date after every write (updates.py). `open_index` verifies it and
rebuilds the index when a file differs (lifecycle.py).

Verifying reads every file once (about a millisecond per megabyte), so it is done
once per state of the folder per process: the names, sizes, modification times and
inodes of the files are the key of a process-wide cache, and an unchanged folder
(the common case: every search of a long-running server) costs one directory scan.
Writing into a file changes its modification time, so a damaged file is hashed again
by the next open.

Which differences count as damage: whoosh writes each segment and table-of-contents
file once and never changes it, so a listed whoosh file that differs is damage. A file
the manifest does not list yet was committed by a writer that has not rewritten the
manifest (it does so right after its commit), and the word list is rewritten by every
update: those are only damage when older than the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from chiptalent.kb.search.location import STAMP

MANIFEST = "checksums.json"
CHUNK = 1 << 20

_verified: dict[str, tuple] = {}
_guard = threading.Lock()


def _tracked(name: str) -> bool:
    """Files whose content the manifest covers: whoosh's and the package's data."""
    return not (name in (MANIFEST, STAMP) or name.endswith(".tmp") or "LOCK" in name)


def _immutable(name: str) -> bool:
    """whoosh's segment and TOC files: written once, never changed in place."""
    return name.startswith(("MAIN_", "_MAIN_"))


def _digest(path: str) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            sha.update(block)
    return sha.hexdigest()


def _entries(folder: Path) -> dict[str, os.stat_result]:
    found = {}
    for entry in os.scandir(folder):
        if entry.is_file() and _tracked(entry.name):
            found[entry.name] = entry.stat()
    return found


def read(folder: Path) -> dict | None:
    """The manifest's `files` table, or None when it is missing or unreadable."""
    try:
        doc = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = doc.get("files") if isinstance(doc, dict) else None
    return files if isinstance(files, dict) else None


def write(folder: Path, *, previous: dict | None = None) -> dict:
    """Write the manifest of `folder`; an immutable file already listed in `previous`
    with the same size keeps its checksum (not read again), everything else is hashed."""
    folder = Path(folder)
    files = {}
    for name, st in sorted(_entries(folder).items()):
        old = (previous or {}).get(name)
        if _immutable(name) and isinstance(old, dict) and old.get("size") == st.st_size:
            files[name] = old
        else:
            files[name] = {"size": st.st_size, "sha256": _digest(str(folder / name))}
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps({"algorithm": "sha256", "files": files}, indent=1,
                              sort_keys=True), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
    return files


def refresh(folder: Path) -> dict:
    """Bring the manifest up to date after a commit: new files are hashed, vanished
    ones dropped; whoosh's unchanged files keep their checksums."""
    return write(folder, previous=read(folder))


def _state(folder: Path) -> tuple:
    """What identifies the folder's files on disk (a scan and a stat per file)."""
    try:
        manifest = os.stat(Path(folder) / MANIFEST)
        entries = _entries(Path(folder))
    except OSError:
        return ()
    return ((manifest.st_ino, manifest.st_mtime_ns, manifest.st_size),
            tuple(sorted((name, st.st_ino, st.st_size, st.st_mtime_ns)
                         for name, st in entries.items())))


def problems(folder: Path) -> list[str]:
    """What differs from the manifest (empty: the files are as written)."""
    folder = Path(folder)
    files = read(folder)
    if files is None:
        return [f"{MANIFEST} is missing or unreadable"]
    try:
        written_at = os.stat(folder / MANIFEST).st_mtime_ns
        entries = _entries(folder)
    except OSError as exc:
        return [str(exc)]
    found = []
    for name, st in sorted(entries.items()):
        listed = files.get(name)
        if not isinstance(listed, dict):
            if st.st_mtime_ns < written_at:
                found.append(f"{name} is not in the manifest")
            continue
        if listed.get("size") == st.st_size and listed.get("sha256") == _digest(
                str(folder / name)):
            continue
        if not _immutable(name) and st.st_mtime_ns > written_at:
            continue            # rewritten by an update whose manifest is on its way
        found.append(f"{name} differs from its checksum")
    return found


def verify(folder: Path) -> list[str]:
    """`problems(folder)`, computed once per state of the folder in this process."""
    key = str(folder)
    state = _state(folder)
    with _guard:
        if state and _verified.get(key) == state:
            return []
    found = problems(folder)
    if not found and state:
        with _guard:
            _verified[key] = state
    return found


def forget(folder: Path) -> None:
    """Drop the cached verdict for `folder` (it is being replaced)."""
    with _guard:
        _verified.pop(str(folder), None)
