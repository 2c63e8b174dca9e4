"""Curation: advisers keep the evidence current; regions and reviewers only read.

What the web layer and the command line call (everything raises InputError for bad
input — with `field` — and ConflictError when a source moved on). A change names who
made it by a user name; accounts, roles and logins are not knowledge and live in
chiptalent.accounts (the callers check that the name may edit):

Evidence (store.py) — one store per knowledge-base directory:
    store = open_store(kb_dir=None, data_dir=None)      # CHIPTALENT_KB / data dir
    store.kb                                            # current KnowledgeBase
    store.get(id) -> SourceRecord(id, doc, version, path, raw)
    store.add(fields, user=, reason=, source_id=None) -> Change
    store.edit(id, {field: value}, base_version=, user=, reason=) -> Change
    store.link(id, base_version=, user=, reason=, add={...}, remove={...}) -> Change
    store.set_strength(id, strength, strength_reason, base_version=, user=, reason=None)
    store.set_status(id, "draft"|"reviewed"|"retired", base_version=, user=, reason=)
    store.retire(id, base_version=, user=, reason=) -> Change
    store.history(id) -> [change-log entries, newest first]
Import (importers.py):
    preview_import(path_or_text, fmt=None, store=None, defaults=None) -> ImportPreview
    apply_import(preview, user, reason) -> [Change]          # all rows or none
A writable knowledge base (kbcopy.py):
    seed_kb_copy(target=None) -> Path                        # then CHIPTALENT_KB=<path>

Modules: fields (key order, clean-up, ids), fileio (atomic writes, locks), checks
(validation of one source), snapshot (the KB after a write), changelog, formats (RIS, BibTeX, CSV readers), importers,
kbcopy, store.
"""

from __future__ import annotations

from chiptalent.kb.curation.importers import (ImportPreview, ImportRejected, apply_import,
                                              preview_import)
from chiptalent.kb.curation.kbcopy import seed_kb_copy
from chiptalent.kb.curation.store import (Change, EvidenceStore, NotFound, SourceRecord,
                                          ValidationFailed, open_store)


def history(source_id: str, *, kb_dir=None, data_dir=None) -> list[dict]:
    """The change-log entries of one source, newest first."""
    return open_store(kb_dir, data_dir).history(source_id)


__all__ = ["EvidenceStore", "open_store", "SourceRecord", "Change", "NotFound",
           "ValidationFailed", "ImportPreview", "ImportRejected", "preview_import",
           "apply_import", "seed_kb_copy", "history"]
