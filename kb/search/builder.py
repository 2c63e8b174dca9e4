"""Building an index: written aside in a temporary folder, then renamed into place.

A build never touches the live index: it writes a complete index with its stamp in
`<root>/.build-*`, then, under the process-wide write lock, swaps it in with renames
(the old folder, if any, is renamed away first and removed after). A reader holding
the old files keeps working (POSIX keeps unlinked files readable); a crash leaves
only a `.build-*` folder, which the next build sweeps. Large knowledge bases are
indexed with two processes (whoosh's `procs`), each writing its own segment.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from chiptalent.kb.search.location import (data_root, index_name, kb_fingerprint,
                                           write_stamp)
from chiptalent.kb.search.writer import WRITE_LOCK

# Below this many documents a second process costs more (fork, pickling) than it saves.
PROCS_THRESHOLD = 5000
# Keep this many index folders (other KB fingerprints) besides the one just built.
KEEP_OTHERS = 3
# A `.build-*` folder older than this is the wreck of a crashed build.
STALE_BUILD_SECONDS = 3600


def _default_procs(total: int) -> int:
    return min(2, os.cpu_count() or 1) if total >= PROCS_THRESHOLD else 1


def build_index(kb, data_dir=None, progress=None, *, procs: int | None = None) -> Path:
    """Build the index of `kb` and put it in place; returns its folder.

    `progress(done, total)` is called as documents are added (about a hundred
    times) and once more when the index is committed.
    """
    from whoosh import index

    from chiptalent.kb.search.documents import count_documents, documents
    from chiptalent.kb.search.schema import make_schema

    fingerprint = kb_fingerprint(kb)
    root = data_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    _sweep(root)
    final = root / index_name(fingerprint)
    total = count_documents(kb)
    procs = procs or _default_procs(total)
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".build-"))
    try:
        ix = index.create_in(str(tmp), make_schema())
        if procs > 1:
            # multisegment: each process commits its own segment, no final merge.
            writer = ix.writer(procs=procs, limitmb=128, multisegment=True, batchsize=200)
        else:
            writer = ix.writer(limitmb=128)
        step = max(1, total // 100)
        done = 0
        try:
            for doc in documents(kb):
                writer.add_document(**doc)
                done += 1
                if progress and done % step == 0:
                    progress(done, total)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        write_stamp(tmp, fingerprint, done)
        if progress:
            progress(done, done)
        with WRITE_LOCK:
            _swap_in(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _prune(root, keep=final)
    return final


def _swap_in(tmp: Path, final: Path) -> None:
    """Rename the finished build into place, moving an existing folder away first."""
    old = None
    if final.exists():
        old = final.with_name(f".old-{uuid.uuid4().hex[:8]}-{final.name}")
        os.replace(final, old)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _sweep(root: Path) -> None:
    """Remove wrecks of crashed builds and swapped-out folders."""
    now = time.time()
    for path in root.iterdir():
        if path.name.startswith(".old-") or (
                path.name.startswith(".build-")
                and now - path.stat().st_mtime > STALE_BUILD_SECONDS):
            shutil.rmtree(path, ignore_errors=True)


def _prune(root: Path, keep: Path) -> None:
    """Keep the newest few indexes of other fingerprints; remove the rest."""
    others = sorted((p for p in root.iterdir()
                     if p.is_dir() and not p.name.startswith(".") and p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for path in others[KEEP_OTHERS:]:
        shutil.rmtree(path, ignore_errors=True)
