"""Building an index: written aside in a temporary folder, then renamed into place.

A build never touches the live index: it writes a complete index with its word list
and stamp in `<root>/.build-*`, then, under the process-wide write lock, swaps it in
with renames (the old folder, if any, is renamed away first and removed after). A
reader holding the old files keeps working (POSIX keeps unlinked files readable); a
crash leaves only a `.build-*` folder, which a later build sweeps.

Large knowledge bases are indexed by two processes. whoosh's own multi-process
writer (`procs=`) pickles every document in the parent and ships it to a child, so
the parent becomes the bottleneck; here each child is forked with the knowledge
base already in memory, builds its own share of the documents and writes its own
segment (whoosh's `SegmentWriter`, as whoosh's `MpWriter(multisegment=True)` does),
and the parent commits the segments in one table of contents. Where `fork` is not
available the build falls back to whoosh's `procs` writer.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue as queue_module
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from whoosh import index
from whoosh.writing import SegmentWriter

from chiptalent.kb.search import manifest
from chiptalent.kb.search.documents import count_documents, documents
from chiptalent.kb.search.expand import lexicon_for
from chiptalent.kb.search.location import (data_root, index_name, kb_fingerprint,
                                           write_stamp)
from chiptalent.kb.search.locking import WRITE_LOCK
from chiptalent.kb.search.schema import make_schema
from chiptalent.kb.search.spelling import WordList

# Below this many documents a second process costs more (fork, commit) than it saves.
PROCS_THRESHOLD = 5000
# Memory for sorting postings, per process: above it whoosh spills sorted runs to
# disk and merges them, which costs more than the indexing itself.
LIMIT_MB = 512
# Keep this many index folders (other KB fingerprints) besides the one just built.
KEEP_OTHERS = 3
# A `.build-*` folder older than this is the wreck of a crashed build.
STALE_BUILD_SECONDS = 3600
# Single-file segments would be copied once more at the end of a build: not worth it.
WRITER_OPTIONS = {"limitmb": LIMIT_MB, "compound": False}


def default_procs(total: int) -> int:
    return min(2, os.cpu_count() or 1) if total >= PROCS_THRESHOLD else 1


def build_index(kb, data_dir=None, progress=None, *, procs: int | None = None) -> Path:
    """Build the index of `kb` and put it in place; returns its folder.

    `progress(done, total)` is called as documents are indexed (about a hundred
    times, or twice a second in a parallel build) and once more when committed.
    """
    fingerprint = kb_fingerprint(kb)
    root = data_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    _sweep(root)
    final = root / index_name(fingerprint)
    total = count_documents(kb)
    procs = procs or default_procs(total)
    lexicon_for(kb)                 # built once here, inherited by forked children
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".build-"))
    try:
        ix = index.create_in(str(tmp), make_schema())
        if procs > 1 and _can_fork():
            words, done = _build_forked(ix, kb, procs, progress, total)
        else:
            words, done = _build_here(ix, kb, procs, progress, total)
        ix.close()
        words.save(tmp)
        manifest.write(tmp)
        write_stamp(tmp, fingerprint, done)
        if progress:
            progress(done, done)
        with WRITE_LOCK:
            manifest.forget(final)
            _swap_in(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    prune(root, keep=final)
    return final


def _build_here(ix, kb, procs, progress, total):
    """One process (or whoosh's pickling multi-process writer where fork is missing)."""
    if procs > 1:
        writer = ix.writer(procs=procs, multisegment=True, batchsize=200, **WRITER_OPTIONS)
    else:
        writer = ix.writer(**WRITER_OPTIONS)
    step = max(1, total // 100)
    words = WordList()
    done = 0
    try:
        for doc in documents(kb):
            words.add(doc["_words"])
            writer.add_document(**doc)
            done += 1
            if progress and done % step == 0:
                progress(done, total)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return words, done


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and \
        "fork" in multiprocessing.get_all_start_methods()


def _child(path: str, kb, part: int, parts: int, counter, results) -> None:
    """A forked build process: its share of the documents, as one segment."""
    try:
        # whoosh keeps every posting of the segment as a tuple until it writes
        # them; the cyclic collector would walk those millions of tuples again
        # and again (they hold no cycles). This process ends with the build.
        gc.disable()
        ix = index.open_dir(path)
        writer = SegmentWriter(ix, _lk=False, **WRITER_OPTIONS)
        words = WordList()
        pending = 0
        for doc in documents(kb, part, parts):
            words.add(doc["_words"])
            writer.add_document(**doc)
            pending += 1
            if pending == 100:
                with counter.get_lock():
                    counter.value += pending
                pending = 0
        with counter.get_lock():
            counter.value += pending
        segment = writer._finalize_segment()
        results.put(("ok", part, segment, dict(words.df), writer.docnum))
    except BaseException as exc:          # reported to the parent, never raised here
        results.put(("error", part, f"{type(exc).__name__}: {exc}", None, 0))


def _build_forked(ix, kb, procs, progress, total):
    """Forked children each write a segment; the parent commits them together."""
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)
    results = context.Queue()
    # The parent's writer holds whoosh's lock and writes the table of contents,
    # exactly as whoosh's MpWriter does with its children's segments.
    writer = ix.writer(**WRITER_OPTIONS)
    children = [context.Process(target=_child, daemon=True,
                                args=(ix.storage.folder, kb, part, procs, counter, results))
                for part in range(procs)]
    try:
        for child in children:
            child.start()
        collected = []
        while len(collected) < procs:
            try:
                collected.append(results.get(timeout=0.5))
            except queue_module.Empty:
                if not any(child.is_alive() for child in children) and results.empty():
                    raise RuntimeError("an index build process died without a result")
            if progress:
                progress(min(counter.value, total), total)
        for child in children:
            child.join()
        errors = [item[2] for item in collected if item[0] != "ok"]
        if errors:
            raise RuntimeError("index build failed: " + "; ".join(errors))
    except BaseException:
        for child in children:
            if child.is_alive():
                child.terminate()
        writer.cancel()
        raise
    collected.sort(key=lambda item: item[1])
    segments = [item[2] for item in collected]
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
    words = WordList()
    done = 0
    for _, _, _, df, count in collected:
        words.df.update(df)
        done += count
    return words, done


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
        try:
            if path.name.startswith(".old-") or (
                    path.name.startswith(".build-")
                    and now - path.stat().st_mtime > STALE_BUILD_SECONDS):
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass                      # another process swept it first


def prune(root: Path, keep: Path) -> None:
    """Keep the newest few indexes of other fingerprints; remove the rest."""
    others = []
    for path in root.iterdir():
        try:
            if path.is_dir() and not path.name.startswith(".") and path != keep:
                others.append((path.stat().st_mtime, path))
        except OSError:
            pass
    others.sort(reverse=True)
    for _, path in others[KEEP_OTHERS:]:
        shutil.rmtree(path, ignore_errors=True)
