"""Changing an index in place: one source added, replaced or removed, and an index
carried forward from the knowledge base before a write to the one after it.

A committed change is visible to the next search (each search checks whether the index
has a newer generation and reopens only then). Every write goes through the single
writer (locking.py) and ends by bringing the checksum manifest up to date
(manifest.py).

Carrying forward: there is one index folder per knowledge-base fingerprint
(location.py), and any write of the knowledge base changes the fingerprint. So that an
edit is searchable within a second even with 10,000 sources, `update_sources(kb_after,
sources, previous_fingerprint=fp_before)` carries the index of the state before the
write to the state after it:

1. a new folder is made for the new fingerprint: whoosh's segment and TOC files are
   hard links to the old index's (whoosh never rewrites one in place: a commit adds
   new files, so the old folder keeps serving the old state unchanged), the package's
   other files (the word list, the manifest) are copied, and a new stamp is written;
   it is renamed into place;
2. the changed sources are written into it (keeping the word list current), and the
   interventions whose evidence lists changed in one commit;
3. older folders are pruned by the builder's policy.

When there is no index for the old state (never built, or already stale), nothing is
carried forward: `open_index` builds the new state's index on the next search.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path

from chiptalent.kb import load as load_kb
from chiptalent.kb.search import manifest
from chiptalent.kb.search.builder import prune
from chiptalent.kb.search.documents import (count_documents, document_words,
                                            evidence_document, intervention_document)
from chiptalent.kb.search.expand import lexicon_for
from chiptalent.kb.search.lifecycle import open_index
from chiptalent.kb.search.location import (STAMP, data_root, index_name, index_path,
                                           kb_fingerprint, stamp_matches, write_stamp)
from chiptalent.kb.search.locking import WRITE_LOCK, index_writer
from chiptalent.kb.search.spelling import WordList

log = logging.getLogger(__name__)


def _replace(ix, source_id: str, new_doc: dict | None) -> None:
    """Replace (or, with new_doc None, delete) one document, keeping the word list."""
    folder = Path(ix.storage.folder)
    with WRITE_LOCK:
        words = WordList.load(folder)
        with ix.searcher() as searcher:
            old = searcher.document(id=source_id)
        with index_writer(ix) as writer:
            if old is not None:
                words.remove(document_words(old["doc"]))
            if new_doc is None:
                writer.delete_by_term("id", source_id)
            else:
                writer.update_document(**new_doc)
                words.add(new_doc["_words"])
        words.save(folder)
        manifest.refresh(folder)


def _write_source(ix, kb, source) -> None:
    if source.status == "retired":
        _replace(ix, source.id, None)
    else:
        _replace(ix, source.id, evidence_document(source, lexicon_for(kb), kb))


def _link_copy(old: Path, tmp: Path) -> None:
    """A copy of an index folder: whoosh's files hard-linked, anything else copied."""
    tmp.mkdir()
    for entry in os.scandir(old):
        if not entry.is_file() or entry.name == STAMP or entry.name.endswith(".tmp"):
            continue
        if "LOCK" in entry.name:
            continue        # whoosh's lock: a lock on a shared inode would lock both
        if entry.name.startswith(("MAIN_", "_MAIN_")):
            # Segment and TOC files: whoosh writes each once and never changes it.
            os.link(entry.path, tmp / entry.name)
        else:
            # The package's files (word list, manifest): copied, so that rewriting
            # one in the new folder can never change the old one.
            shutil.copy2(entry.path, tmp / entry.name)


def _carry(fp_before: str, kb_after, data_dir) -> bool:
    """Under WRITE_LOCK: make the folder of `kb_after` from the one of `fp_before`.
    False when there is nothing to carry (no current index of the old state)."""
    fp_after = kb_fingerprint(kb_after)
    root = data_root(data_dir)
    new = index_path(kb_after, data_dir)
    if stamp_matches(new, fp_after):
        return True
    old = root / index_name(fp_before)
    if fp_before == fp_after or not stamp_matches(old, fp_before) or manifest.verify(old):
        return False
    tmp = root / f".carry-{uuid.uuid4().hex[:12]}"
    try:
        _link_copy(old, tmp)
        write_stamp(tmp, fp_after, count_documents(kb_after))
        if new.exists():              # a broken or foreign folder of that name
            aside = root / f".old-{uuid.uuid4().hex[:8]}-{new.name}"
            os.replace(new, aside)
            shutil.rmtree(aside, ignore_errors=True)
        manifest.forget(new)
        os.replace(tmp, new)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return True


def update_sources(kb, sources, *, previous_fingerprint: str | None = None,
                   interventions=(), data_dir=None) -> str:
    """Bring the index of `kb` up to date with these written sources.

    `sources`: EvidenceSource objects as written (retired ones are removed);
    `interventions`: ids whose index documents must be refreshed (their evidence lists
    changed). With `previous_fingerprint` (the knowledge base before the write), that
    state's index is carried forward, and "absent" is returned when it has none (the
    next search builds the index); without it, the index of `kb` is opened (built if
    need be) and updated. Returns "updated" when the change is searchable now.
    """
    root = data_root(data_dir)
    with WRITE_LOCK:
        if previous_fingerprint is not None and not _carry(previous_fingerprint, kb,
                                                             data_dir):
            return "absent"
        ix = open_index(kb, data_dir=data_dir)
        # Sources one by one, keeping the spelling word list current; interventions
        # only gain or lose evidence ids (no words), so they go in one commit.
        for source in sources:
            _write_source(ix, kb, source)
        wanted = [iid for iid in interventions if iid in kb.interventions]
        if wanted:
            lexicon = lexicon_for(kb)
            with index_writer(ix) as writer:
                for iid in wanted:
                    writer.update_document(
                        **intervention_document(kb.interventions[iid], lexicon))
            manifest.refresh(Path(ix.storage.folder))
    if previous_fingerprint is not None:
        try:
            prune(root, keep=index_path(kb, data_dir))
        except OSError as exc:
            log.warning("could not prune old search indexes: %s", exc)
    return "updated"


def update_source(kb, source, *, data_dir=None, previous_fingerprint=None) -> str:
    """Add or replace one evidence source in the KB's index (removes it if retired)."""
    return update_sources(kb, [source], previous_fingerprint=previous_fingerprint,
                          data_dir=data_dir)


def remove_source(source_id: str, kb=None, *, data_dir=None) -> None:
    """Remove one evidence source from the index of `kb` (default: the loaded KB)."""
    if kb is None:
        kb = load_kb(data_dir=data_dir)
    _replace(open_index(kb, data_dir=data_dir), source_id, None)
