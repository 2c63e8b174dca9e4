"""Apply a committed change to the search index at once, without rebuilding it.

The search package keeps one index folder per knowledge-base fingerprint
(search/location.py), and any write changes the fingerprint. So that an edit is
searchable within a second even with 10,000 sources, the index of the state before
the write is carried forward to the state after it:

1. a new folder is made for the new fingerprint: whoosh's segment and TOC files are
   hard links to the old index's (whoosh never rewrites one in place: a commit adds
   new files, so the old folder keeps serving the old state unchanged), the package's
   other files (the spelling word list) are copied, and a new stamp is written; it is
   renamed into place;
2. the changed sources are written into it with the search package's `update_source`
   (which keeps the word list current), and the interventions whose evidence lists
   changed with its single writer `index_writer`, in one commit;
3. older folders are pruned by the search package's own policy (`builder._prune`).

When there is no index for the old state (never built, or already stale), nothing is
carried forward: `open_index` builds the new state's index on the next search. The
caller holds the knowledge base's commit lock, which orders carries across processes;
`WRITE_LOCK` orders them against index builds inside this process.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid

from chiptalent.kb.search.location import (STAMP, data_root, index_name, index_path,
                                           stamp_matches, write_stamp)
from chiptalent.kb.search.writer import WRITE_LOCK, index_writer, update_source

log = logging.getLogger(__name__)


def _link_copy(old, tmp) -> None:
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
            # Files of the search package (the spelling word list, ...): copied, so
            # that rewriting one in the new folder can never change the old one.
            shutil.copy2(entry.path, tmp / entry.name)


def carry_forward(fp_before: str, kb_after, sources, interventions=(), *,
                  data_dir=None) -> str:
    """Bring the index of `fp_before` to `kb_after`, updating these sources.

    `sources`: EvidenceSource objects as written (retired ones are removed from the
    index); `interventions`: ids whose index documents must be refreshed. Returns
    "updated" (the change is searchable now) or "absent" (no index to carry; the next
    search builds one).
    """
    from chiptalent.kb.search.builder import _prune
    from chiptalent.kb.search.documents import count_documents, intervention_document
    from chiptalent.kb.search.expand import lexicon_for
    from chiptalent.kb.search.lifecycle import open_index

    fp_after = kb_after.fingerprint
    root = data_root(data_dir)
    new = index_path(kb_after, data_dir)
    old = root / index_name(fp_before)
    with WRITE_LOCK:
        if not stamp_matches(new, fp_after):
            if fp_before == fp_after or not stamp_matches(old, fp_before):
                return "absent"
            tmp = root / f".carry-{uuid.uuid4().hex[:12]}"
            try:
                _link_copy(old, tmp)
                write_stamp(tmp, fp_after, count_documents(kb_after))
                if new.exists():              # a broken or foreign folder of that name
                    aside = root / f".old-{uuid.uuid4().hex[:8]}-{new.name}"
                    os.replace(new, aside)
                    shutil.rmtree(aside, ignore_errors=True)
                os.replace(tmp, new)
            finally:
                if tmp.exists():
                    shutil.rmtree(tmp, ignore_errors=True)
        interventions = [iid for iid in interventions if iid in kb_after.interventions]
        # Sources one by one through the package's update_source, which also keeps
        # its spelling word list current; interventions only gain or lose evidence
        # ids (no words), so their documents are replaced in one commit.
        for source in sources:
            update_source(kb_after, source, data_dir=data_dir)
        if interventions:
            lexicon = lexicon_for(kb_after)
            ix = open_index(kb_after, data_dir=data_dir)
            with index_writer(ix) as writer:
                for iid in interventions:
                    writer.update_document(
                        **intervention_document(kb_after.interventions[iid], lexicon))
    try:
        _prune(root, keep=new)
    except OSError as exc:
        log.warning("could not prune old search indexes: %s", exc)
    return "updated"
