"""Curation: advisers keep the evidence current; regions and reviewers only read.

What the web layer and the command line call (everything raises InputError for bad
input — with `field` — ConflictError when a source moved on, PermissionDenied for an
account that may not edit):

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
Accounts (users.py, ratelimit.py):
    add_user(name, password, role="adviser"), list_users(), get_user(name),
    verify(name, password) -> User | None,
    authenticate(name, password, ip, limiter=LoginRateLimiter()) -> User | None
A writable knowledge base (kbcopy.py):
    seed_kb_copy(target=None) -> Path                        # then CHIPTALENT_KB=<path>

Modules: fields (key order, clean-up, ids), fileio (atomic writes, locks), checks
(validation of one source), snapshot (the KB after a write), indexsync (the search
index carried forward), changelog, formats (RIS, BibTeX, CSV readers), importers,
users, ratelimit, kbcopy, store.
"""

from __future__ import annotations

from chiptalent.kb.curation.importers import (ImportPreview, ImportRejected, apply_import,
                                              preview_import)
from chiptalent.kb.curation.kbcopy import seed_kb_copy
from chiptalent.kb.curation.ratelimit import LoginRateLimiter
from chiptalent.kb.curation.store import (Change, EvidenceStore, NotFound, SourceRecord,
                                          ValidationFailed, open_store)
from chiptalent.kb.curation.users import (PermissionDenied, TooManyAttempts, User,
                                          UserStore, add_user, authenticate, get_user,
                                          list_users, verify)


def history(source_id: str, *, kb_dir=None, data_dir=None) -> list[dict]:
    """The change-log entries of one source, newest first."""
    return open_store(kb_dir, data_dir).history(source_id)


__all__ = ["EvidenceStore", "open_store", "SourceRecord", "Change", "NotFound",
           "ValidationFailed", "ImportPreview", "ImportRejected", "preview_import",
           "apply_import", "seed_kb_copy", "LoginRateLimiter", "User", "UserStore",
           "PermissionDenied", "TooManyAttempts", "add_user", "list_users", "get_user",
           "verify", "authenticate", "history"]
