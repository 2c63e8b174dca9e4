"""The evidence store: add, edit, link, grade and retire sources, safely.

Every change goes the same way (`EvidenceStore._change`):
1. the source's lock is taken (`<kb>/.curation/locks/<id>.lock`, flock: threads and
   processes alike), so reading, checking and writing one source is serialised;
2. the file is read and its `version` compared with the version the change was based
   on: a mismatch raises ConflictError, so two advisers editing one source get a
   conflict, never a silent overwrite;
3. the new document is cleaned, put in the README's key order and validated
   (checks.py: JSON Schema, references, seed quotes, SHACL on a small graph);
4. under the knowledge base's commit lock (`<kb>/.curation/commit.lock`) open
   transactions a killed writer left are closed (journal.py), the file is checked once
   more to be the one read (this also guards batch imports, which take only the commit
   lock), and the change is made as one unit with its change-log entry: journal, intent
   entry, the files written atomically (fileio.py) with `version` + 1, commit line (a
   failure in between puts the files back); then the knowledge base's version stamp is
   renewed (kb/cache.py: how every reader, in any process, learns of the change), the
   knowledge base after the write is derived (snapshot.py), the search index is carried
   forward (kb.search.update_sources), and the change is returned while a thread writes the
   compiled cache and then releases the lock.

The commit lock makes writes to one knowledge base strictly sequential, which is what
lets the index of the state before a write be found and carried to the state after.
Files are written by this store only; a hand edit between two writes is detected by
the fingerprints and answered with a reload, never with a wrong index.

The bundled `kb/data` is refused as a target unless CHIPTALENT_ALLOW_BUNDLED_EDITS=1:
advisers edit a copy (see kbcopy.seed_kb_copy and CHIPTALENT_KB).
"""

from __future__ import annotations

import copy
import logging
import os
import threading
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from chiptalent import paths
from chiptalent.errors import ConflictError, InputError
from chiptalent.kb.curation.changelog import (ChangeLog, changelog_location,
                                             migrate_changelog, utc_now)
from chiptalent.kb.curation.fields import (EDITABLE, KEY_ORDER, LINK_FIELDS, REQUIRED_TEXT,
                                           STATUSES, check_id, clean_fields, diff_fields,
                                           dump, header_of, ordered, plain, slug,
                                           split_list)
from chiptalent.kb.curation.fileio import (FileLock, LockTimeout, atomic_write,
                                           sweep_temps)
from chiptalent.kb.model import KnowledgeBase

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 30.0
MAX_REASON = 2000


class NotFound(InputError):
    """No evidence source has this id (the web app answers 404)."""


class ValidationFailed(InputError):
    """The change would make the knowledge base invalid; `problems` says where."""

    def __init__(self, problems, *, source_id: str | None = None):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        text = "; ".join(_problem_text(p) for p in self.problems[:10])
        if len(self.problems) > 10:
            text += f"; ... and {len(self.problems) - 10} more"
        super().__init__(f"the change is not valid: {text}",
                         field=first.field if first else None,
                         file=f"evidence/{source_id}.yaml" if source_id else None)

    def describe(self) -> str:
        # The fields are named in the message, one per problem.
        return f"{self.file}: {self.message}" if self.file else self.message


def _problem_text(problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


@dataclass
class SourceRecord:
    """One evidence file as read: its document, version and exact bytes."""

    id: str
    doc: dict
    version: int
    path: Path
    raw: bytes


@dataclass
class Change:
    """The result of one change, and the change-log entry it wrote."""

    action: str
    id: str
    version: int
    base_version: int | None
    fields: dict
    user: str
    reason: str
    at: str
    written: bool = True
    indexed: str | None = None        # updated | absent | failed | off
    batch: str | None = None

    def log_entry(self) -> dict:
        return {"at": self.at, "user": self.user, "action": self.action, "id": self.id,
                "version": self.version, "base_version": self.base_version,
                "fields": self.fields, "reason": self.reason, "batch": self.batch}

    def as_dict(self) -> dict:
        return asdict(self)


def _bundled_dir() -> Path:
    from chiptalent.kb.loader import BUNDLED_KB
    return BUNDLED_KB.resolve()


class EvidenceStore:
    """The evidence sources of one knowledge-base directory, for reading and changing."""

    def __init__(self, kb_dir=None, *, data_dir=None, changelog=None, index: bool = True,
                 shacl: bool = True, lock_timeout: float = LOCK_TIMEOUT,
                 allow_bundled: bool | None = None):
        self.kb_dir = paths.kb_dir(kb_dir).resolve()
        if allow_bundled is None:
            allow_bundled = os.environ.get("CHIPTALENT_ALLOW_BUNDLED_EDITS") == "1"
        if self.kb_dir == _bundled_dir() and not allow_bundled:
            raise InputError("the bundled knowledge base is read-only for curation; seed "
                             "a copy (`chiptalent evidence seed`) and point CHIPTALENT_KB "
                             "at it", field="CHIPTALENT_KB")
        if not (self.kb_dir / "vocabularies").is_dir():
            raise InputError("not a knowledge-base directory (no vocabularies/ folder)",
                             file=str(self.kb_dir))
        self.evidence_dir = self.kb_dir / "evidence"
        self.data_dir = data_dir
        log_path = changelog or os.environ.get("CHIPTALENT_CHANGELOG")
        if not log_path:
            # inside the directory it describes; a log at the old place beside it is
            # moved in first (issue 19.10), before reconciliation reads it
            migrate_changelog(self.kb_dir)
            log_path = changelog_location(self.kb_dir)
        self.changelog = ChangeLog(Path(log_path))
        self.index = index
        self.shacl = shacl
        self.lock_timeout = lock_timeout
        self._locks = self.kb_dir / ".curation" / "locks"
        self._commit_lock = self.kb_dir / ".curation" / "commit.lock"
        # (the kb_version it is current at, the knowledge base): one tuple, so that a
        # reader never pairs one write's version with another's knowledge base.
        self._held: tuple[tuple, KnowledgeBase] | None = None
        self._kb_guard = threading.Lock()
        self._reconcile_on_open()

    # --- reading ----------------------------------------------------------------------

    def _data_dir(self) -> Path:
        return paths.data_dir(self.data_dir)

    @property
    def kb(self) -> KnowledgeBase:
        """The current knowledge base (never mutated): this store's after its last write,
        reloaded when another process changed the files (checked with kb_version)."""
        return self.current_kb()

    def current_kb(self, *, check: bool = True) -> KnowledgeBase:
        """The knowledge base; `check=False` skips the look at the files (for a caller
        that checked once already in the same request)."""
        from chiptalent.kb.cache import kb_version

        held = self._held
        if held is not None and (not check or held[0] == kb_version(self.kb_dir)):
            return held[1]
        with self._kb_guard:        # one reload, however many threads noticed
            version = kb_version(self.kb_dir)
            held = self._held
            if held is None or held[0] != version:
                held = self._held = (version, self._load())
            return held[1]

    def refresh(self) -> KnowledgeBase:
        """Reload the knowledge base from disk (after edits made elsewhere)."""
        from chiptalent.kb.cache import kb_version
        with self._kb_guard:
            version = kb_version(self.kb_dir)
            self._held = (version, self._load())
            return self._held[1]

    def _load(self) -> KnowledgeBase:
        from chiptalent.kb.cache import load_cached
        return load_cached(self.kb_dir, self._data_dir())

    def path_of(self, source_id: str) -> Path:
        return self.evidence_dir / f"{check_id(source_id)}.yaml"

    def exists(self, source_id: str) -> bool:
        return self.path_of(source_id).exists()

    def ids(self) -> list[str]:
        """Ids of every evidence file (retired ones included), sorted."""
        if not self.evidence_dir.is_dir():
            return []
        return sorted(p.stem for p in self.evidence_dir.glob("*.yaml"))

    def get(self, source_id: str) -> SourceRecord:
        """One source as stored; NotFound when there is no such file."""
        from chiptalent.kb.yamlio import load_yaml_text

        path = self.path_of(source_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no evidence source has the id {source_id!r}",
                           field="id") from None
        try:
            doc = plain(load_yaml_text(raw.decode("utf-8"), str(path)))
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", file=str(path)) from None
        if not isinstance(doc, dict) or doc.get("id") != source_id:
            raise InputError(f"the file does not hold the source {source_id!r}",
                             file=str(path), field="id")
        version = doc.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise InputError(f"version {version!r} is not a whole number of at least 1",
                             file=str(path), field="version")
        return SourceRecord(id=source_id, doc=ordered(doc), version=version, path=path,
                            raw=raw)

    def history(self, source_id: str) -> list[dict]:
        """The change-log entries of one source, newest first."""
        return self.changelog.history(source_id)

    # --- locks ------------------------------------------------------------------------

    @contextmanager
    def _source_lock(self, source_id: str):
        lock = FileLock(self._locks / f"{source_id}.lock", self.lock_timeout)
        try:
            lock.acquire()
        except LockTimeout:
            raise ConflictError(f"the evidence source {source_id!r} is being changed by "
                                "someone else; try again", item=source_id) from None
        try:
            sweep_temps(self.evidence_dir / f"{source_id}.yaml")
            yield
        finally:
            lock.release()

    def _commit_lock_acquire(self) -> FileLock:
        lock = FileLock(self._commit_lock, max(self.lock_timeout, 60.0))
        try:
            lock.acquire()
        except LockTimeout:
            raise ConflictError("the knowledge base is busy with another change; "
                                "try again") from None
        return lock

    def _reconcile_on_open(self) -> None:
        """Close the transactions a killed writer left open (journal.py). When another
        process holds the commit lock, its next write (or ours) does it instead."""
        from chiptalent.kb.curation import journal
        if not journal.pending(self.kb_dir):
            return
        lock = FileLock(self._commit_lock, 1.0)
        try:
            lock.acquire()
        except LockTimeout:
            return
        try:
            self._reconcile()
        finally:
            lock.release()

    def _reconcile(self) -> None:
        """Under the commit lock: close open transactions; readers reload if any was."""
        from chiptalent.kb.cache import bump_version
        from chiptalent.kb.curation import journal
        if journal.reconcile(self.kb_dir, self.changelog):
            bump_version(self.kb_dir)

    # --- checks -----------------------------------------------------------------------

    @staticmethod
    def _who(user: str) -> str:
        # Only the name of whoever makes the change: whether that account may edit is
        # the caller's check (chiptalent.accounts), not the knowledge base's.
        name = user.strip() if isinstance(user, str) else ""
        if not name:
            raise InputError("say who makes the change", field="user")
        return name

    @staticmethod
    def _why(reason) -> str:
        text = " ".join(str(reason or "").split())
        if not text:
            raise InputError("say why the change is made (it goes into the change log)",
                             field="reason")
        if len(text) > MAX_REASON:
            raise InputError(f"the reason is longer than {MAX_REASON} characters",
                             field="reason")
        return text

    @staticmethod
    def _base(base_version) -> int:
        if isinstance(base_version, bool) or not isinstance(base_version, int):
            try:
                base_version = int(str(base_version).strip())
            except (TypeError, ValueError):
                raise InputError(f"{base_version!r} is not a version; allowed: the whole "
                                 "number the edit was based on", field="version") from None
        if base_version < 1:
            raise InputError("versions start at 1", field="version")
        return base_version

    def validate(self, docs: list[dict]) -> list[list]:
        """Problems of each document (see checks.py); empty lists mean valid."""
        from chiptalent.kb.curation.checks import check_sources
        return check_sources(docs, self.kb, shacl=self.shacl)

    def _require_valid(self, doc: dict) -> None:
        problems = self.validate([doc])[0]
        if problems:
            raise ValidationFailed(problems, source_id=doc.get("id"))

    def id_taken(self, source_id: str) -> bool:
        """Whether an id is used: by an evidence file, or by any other kind of item."""
        if self.path_of(source_id).exists():
            return True
        kind, _ = self.kb.find(source_id)
        return kind not in (None, "evidence")

    # --- changes ----------------------------------------------------------------------

    def add(self, fields: dict, *, user, reason, source_id: str | None = None) -> Change:
        """Add a new source (status draft unless given); its id is `source_id`, or a slug
        of publisher and title made unique. ConflictError when `source_id` exists."""
        who, why = self._who(user), self._why(reason)
        values = clean_fields(fields)
        values.pop("version", None)
        given_id = source_id or values.pop("id", None)
        values.pop("id", None)
        doc = {"title": None, "title_en": None, "publisher": None, "url": None,
               "year": None, "language": "nl", "type": None, "summary": None,
               "summary_en": None, "strength": None, "strength_reason": None,
               "interventions": [], "building_blocks": [], "target_groups": [],
               "levels": [], "in_seed": False, "status": "draft"}
        doc.update(values)
        for key in REQUIRED_TEXT:
            if doc.get(key) is None:
                doc.pop(key, None)
        if given_id:
            candidates = [check_id(given_id)]
        else:
            base = slug(doc.get("publisher"), doc.get("title"))
            candidates = (base if n == 1 else f"{base}-{n}" for n in range(1, 10_000))
        for candidate in candidates:
            kind, _ = self.kb.find(candidate)
            if kind not in (None, "evidence"):
                if given_id:
                    raise InputError(f"the id {candidate!r} is already used by a {kind}; "
                                     "ids are unique across kinds", field="id")
                continue
            with self._source_lock(candidate):
                if self.path_of(candidate).exists():
                    if given_id:
                        raise ConflictError(f"an evidence source with the id {candidate!r} "
                                            "already exists", item=candidate)
                    continue
                new = ordered({**doc, "id": candidate, "version": 1})
                self._require_valid(new)
                changes = {k: {"old": None, "new": v} for k, v in new.items()
                           if k != "version" and v not in (None, [], False)}
                change = Change(action="add", id=candidate, version=1, base_version=None,
                                fields=changes, user=who, reason=why, at=utc_now())
                self._write([(None, new, change)])
                return change
        raise InputError("no free id for this source", field="id")  # pragma: no cover

    def edit(self, source_id: str, changes: dict, *, base_version: int, user,
             reason) -> Change:
        """Set fields of a source (None or "" clears a field). `base_version`: the
        version the edit was based on; ConflictError if the source has moved on."""
        values = clean_fields(changes)
        values.pop("version", None)
        if "id" in values and values.pop("id") != source_id:
            raise InputError("ids are never renamed; retire the source and add a new one",
                             field="id")

        def mutate(doc):
            doc.update(values)
            return doc
        return self._change(source_id, base_version, user, reason, mutate)

    def link(self, source_id: str, *, base_version: int, user, reason,
             add: dict | None = None, remove: dict | None = None) -> Change:
        """Link a source to (or unlink it from) interventions, building blocks, target
        groups and levels: `add={"interventions": [...]}`, `remove={...}`."""
        add, remove = clean_fields(add or {}), clean_fields(remove or {})
        for key in list(add) + list(remove):
            if key not in LINK_FIELDS:
                raise InputError(f"{key!r} is not a link; allowed: {', '.join(LINK_FIELDS)}",
                                 field=key)

        def mutate(doc):
            for key, values in add.items():
                doc[key] = list(dict.fromkeys(split_list(doc.get(key)) + values))
            for key, values in remove.items():
                doc[key] = [v for v in split_list(doc.get(key)) if v not in values]
            return doc
        return self._change(source_id, base_version, user, reason, mutate)

    def set_strength(self, source_id: str, strength: str, strength_reason: str, *,
                     base_version: int, user, reason=None) -> Change:
        """Grade a source: its evidence strength and why (the reason is required)."""
        if not " ".join(str(strength_reason or "").split()):
            raise InputError("say why the source has this strength", field="strength_reason")
        return self.edit(source_id, {"strength": strength, "strength_reason": strength_reason},
                         base_version=base_version, user=user,
                         reason=reason or strength_reason)

    def set_status(self, source_id: str, status: str, *, base_version: int, user,
                   reason) -> Change:
        """Mark a source draft, reviewed or retired."""
        status = str(status or "").strip().lower()
        if status not in STATUSES:
            raise InputError(f"{status!r} is not a status; allowed: {', '.join(STATUSES)}",
                             field="status")
        return self.edit(source_id, {"status": status}, base_version=base_version,
                         user=user, reason=reason)

    def retire(self, source_id: str, *, base_version: int, user, reason) -> Change:
        """Retire a source: it stays on file (and in the log) but informs nothing."""
        return self.set_status(source_id, "retired", base_version=base_version, user=user,
                               reason=reason)

    def _change(self, source_id, base_version, user, reason, mutate) -> Change:
        who, why = self._who(user), self._why(reason)
        base = self._base(base_version)
        check_id(source_id)
        with self._source_lock(source_id):
            current = self.get(source_id)
            if current.version != base:
                raise ConflictError(
                    f"the evidence source {source_id!r} was changed meanwhile: you edited "
                    f"version {base}, it is now at version {current.version}; reload it "
                    "and apply your change again", item=source_id, expected=base,
                    actual=current.version)
            doc = mutate(copy.deepcopy(current.doc))
            for key in REQUIRED_TEXT:
                if doc.get(key) is None:
                    doc.pop(key, None)
            doc = ordered({**doc, "version": current.version})
            changes = diff_fields(current.doc, doc)
            action = "retire" if (doc.get("status") == "retired"
                                  and current.doc.get("status") != "retired") else "edit"
            if not changes:
                return Change(action=action, id=source_id, version=current.version,
                              base_version=base, fields={}, user=who, reason=why,
                              at=utc_now(), written=False)
            doc["version"] = current.version + 1
            self._require_valid(doc)
            change = Change(action=action, id=source_id, version=doc["version"],
                            base_version=base, fields=changes, user=who, reason=why,
                            at=utc_now())
            self._write([(current, doc, change)])
            return change

    def apply_batch(self, items: list[tuple[SourceRecord | None, dict]], *, user, reason,
                    action: str = "import") -> list[Change]:
        """Write several sources all at once, or none (imports).

        `items`: (the record the change was based on, or None for a new source; the new
        document without `version`). Raises ConflictError if any file is no longer the
        one read, ValidationFailed if any document is invalid; nothing is written then.
        """
        who, why = self._who(user), self._why(reason)
        batch = uuid.uuid4().hex[:12]
        at = utc_now()
        prepared = []
        seen = set()
        for base, doc in items:
            sid = check_id(str(doc.get("id")))
            if sid in seen:
                raise InputError(f"the batch changes {sid!r} twice", field="id")
            seen.add(sid)
            version = base.version + 1 if base is not None else 1
            new = ordered({**doc, "version": version})
            changes = diff_fields(base.doc if base else {}, new)
            if base is None:
                changes = {k: c for k, c in changes.items()
                           if c["new"] not in (None, [], False)}
            prepared.append((base, new, Change(
                action=action, id=sid, version=version,
                base_version=base.version if base else None, fields=changes, user=who,
                reason=why, at=at, batch=batch)))
        results = self.validate([new for _, new, _ in prepared])
        problems = [p for found in results for p in found]
        if problems:
            raise ValidationFailed(problems)
        if prepared:
            self._write(prepared)
        return [change for _, _, change in prepared]

    # --- the commit -------------------------------------------------------------------

    def _write(self, items: list[tuple[SourceRecord | None, dict, Change]]) -> None:
        from chiptalent.kb.curation.snapshot import fingerprints, read_cache, with_sources

        self.evidence_dir.mkdir(parents=True, exist_ok=True)
        lock = self._commit_lock_acquire()
        handed_off = False
        try:
            self._reconcile()       # a killed writer's open change, before comparing
            # The file must still be the one the change was based on (a batch holds no
            # source locks, and a hand edit may have happened): check all, then write.
            for base, doc, change in items:
                path = self.path_of(change.id)
                try:
                    now = path.read_bytes()
                except FileNotFoundError:
                    now = None
                expected = base.raw if base is not None else None
                if now != expected:
                    actual = None
                    if now is not None:
                        try:
                            actual = self.get(change.id).version
                        except InputError:
                            pass
                    what = "was created" if base is None else "was changed"
                    raise ConflictError(f"the evidence source {change.id!r} {what} "
                                        "meanwhile; reload it and try again",
                                        item=change.id, expected=change.base_version,
                                        actual=actual)
            old_bytes, writes = {}, []
            for base, doc, change in items:
                path = self.path_of(change.id)
                header = header_of(base.raw.decode("utf-8")) if base is not None else ""
                rel = str(path.relative_to(self.kb_dir))
                old_bytes[rel] = base.raw if base else None
                writes.append((rel, old_bytes[rel], dump(doc, header).encode("utf-8")))

            # Readers of this process wait for the knowledge base after the write
            # rather than reload the files half-way through it.
            with self._kb_guard:
                self._commit(writes, [change.log_entry() for _, _, change in items])

                # The knowledge base after the write, derived from the state before it:
                # ours if current, else the cache another process left, else a full load.
                fp_before, fp_after = fingerprints(self.kb_dir, old_bytes)
                data_dir = self._data_dir()
                previous = self._held[1] if self._held is not None else None
                if previous is None or previous.fingerprint != fp_before:
                    previous = read_cache(self.kb_dir, data_dir, fp_before)
                derived = previous is not None
                if derived:
                    kb_after = with_sources(previous, [doc for _, doc, _ in items],
                                            fp_after)
                else:       # files changed behind the store's back (a hand edit)
                    kb_after = self._load()
                from chiptalent.kb.cache import kb_version
                self._held = (kb_version(self.kb_dir), kb_after)

            touched = set()
            for base, doc, _ in items:
                touched.update(doc.get("interventions") or [])
                if base is not None:
                    touched.update(base.doc.get("interventions") or [])
            status = "off"
            if self.index:
                try:
                    from chiptalent.kb.search import update_sources
                    status = update_sources(
                        kb_after, [kb_after.evidence[c.id] for _, _, c in items],
                        previous_fingerprint=fp_before, interventions=sorted(touched),
                        data_dir=self.data_dir)
                except Exception as exc:    # the index is derived: never fail the write
                    log.warning("search index not updated after %s: %s",
                                ", ".join(c.id for _, _, c in items), exc)
                    status = "failed"
            for _, _, change in items:
                change.indexed = status
            if derived:
                # The change is on disk and searchable: return now, and let a thread
                # write the compiled cache (pickling 10,000 sources takes ~0.3 s) and
                # only then release the commit lock, so that the next write, in any
                # process, still finds the cache at the state it starts from.
                thread = threading.Thread(target=self._finish_commit,
                                          args=(lock, data_dir, kb_after),
                                          name="chiptalent-kb-cache")
                thread.start()
                handed_off = True
        finally:
            if not handed_off:
                lock.release()

    def _commit(self, writes: list[tuple[str, bytes | None, bytes]],
                entries: list[dict]) -> None:
        """Write the files and their change-log entries as one unit (journal.py):
        journal, intent, files, commit. Any failure before the commit line puts the
        files back; a kill is closed by the next reconciliation."""
        from chiptalent.kb.cache import bump_version
        from chiptalent.kb.curation import journal

        txn = uuid.uuid4().hex
        record = journal.begin(self.kb_dir, txn, writes)
        try:
            self.changelog.begin(txn, entries)
            for rel, _, new in writes:
                atomic_write(self.kb_dir / rel, new)
            self.changelog.commit(txn)
        except BaseException as exc:
            try:
                journal.roll_back(self.kb_dir, record)
                self.changelog.abort(txn, f"write failed: {type(exc).__name__}")
                journal.end(self.kb_dir, txn)
            except Exception as undo:       # the journal stays: the next write closes it
                log.error("rolling back change %s failed (%s); it is closed at the next "
                          "write", txn, undo)
            raise
        journal.end(self.kb_dir, txn)
        bump_version(self.kb_dir)

    def _finish_commit(self, lock: FileLock, data_dir, kb_after) -> None:
        from chiptalent.kb.curation.snapshot import store_cache
        try:
            store_cache(self.kb_dir, data_dir, kb_after)
        except Exception as exc:       # a cache only saves time
            log.warning("knowledge-base cache not written: %s", exc)
        finally:
            lock.release()


_stores: dict[tuple, EvidenceStore] = {}
_stores_guard = threading.Lock()


def open_store(kb_dir=None, data_dir=None, **options) -> EvidenceStore:
    """The store of a knowledge-base directory, one per (directory, data dir) in a
    process, so that the threads of a web app share its knowledge base."""
    key = (str(paths.kb_dir(kb_dir).resolve()),
           str(Path(data_dir).resolve()) if data_dir else None,
           tuple(sorted(options.items())))
    with _stores_guard:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = EvidenceStore(kb_dir, data_dir=data_dir, **options)
        return store


__all__ = ["EvidenceStore", "SourceRecord", "Change", "NotFound", "ValidationFailed",
           "open_store", "EDITABLE", "KEY_ORDER"]
