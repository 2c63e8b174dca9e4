"""The store's write-ahead journal: a change and its change-log entry as one unit.

A write of one or more evidence files (`EvidenceStore._write`) goes:
1. `begin`: the journal `<kb>/.curation/journal/<txn>.json` is written (atomically,
   fsynced) with, for each file, its bytes before the change (or that it did not
   exist) and a hash of the bytes it will get;
2. the change-log entries are appended as an intent (`ChangeLog.begin`);
3. the files are written, one by one (each atomically);
4. the commit line is appended (`ChangeLog.commit`) and the journal removed (`end`).

A process killed anywhere in between leaves a journal behind. `reconcile` (run when a
store opens, and under the commit lock before every write) closes each one: when every
file holds its new bytes, the change happened and only the commit line is missing, so
it is appended; otherwise every file is put back as it was and an abort line hides the
intent. Either way the files and the history agree again, and a batch import is all
of its sources or none of them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from pathlib import Path

from chiptalent.kb.curation.fileio import atomic_write, fsync_dir

log = logging.getLogger(__name__)

JOURNAL_DIR = Path(".curation") / "journal"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def journal_dir(kb_dir: Path) -> Path:
    return Path(kb_dir) / JOURNAL_DIR


def begin(kb_dir: Path, txn: str, writes: list[tuple[str, bytes | None, bytes]]) -> dict:
    """Record what a transaction will write: (path relative to the KB, old bytes or None,
    new bytes) per file. Durable before any of the files is touched; returns the record
    (for `roll_back`)."""
    doc = {"txn": txn, "files": [
        {"path": rel, "old": None if old is None else base64.b64encode(old).decode("ascii"),
         "new_sha256": _digest(new)} for rel, old, new in writes]}
    folder = journal_dir(kb_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{txn}.json"
    atomic_write(path, json.dumps(doc).encode("utf-8"), mode=0o600)
    return doc


def end(kb_dir: Path, txn: str) -> None:
    """The transaction is closed in the change log: forget its journal."""
    path = journal_dir(kb_dir) / f"{txn}.json"
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def complete(kb_dir: Path, doc: dict) -> bool:
    """Whether every file of the journal already holds its new bytes."""
    for item in doc["files"]:
        now = _current(Path(kb_dir) / item["path"])
        if now is None or _digest(now) != item["new_sha256"]:
            return False
    return True


def roll_back(kb_dir: Path, doc: dict) -> None:
    """Put every file of the journal back as it was before the transaction."""
    for item in doc["files"]:
        path = Path(kb_dir) / item["path"]
        old = None if item["old"] is None else base64.b64decode(item["old"])
        if old is None:
            if path.exists():
                path.unlink()
                fsync_dir(path.parent)
        elif _current(path) != old:
            atomic_write(path, old)


def pending(kb_dir: Path) -> list[Path]:
    """Journals of transactions not yet closed (cheap: one directory listing)."""
    folder = journal_dir(kb_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"))


def reconcile(kb_dir: Path, changelog) -> list[tuple[str, str]]:
    """Close every open transaction (call it holding the commit lock).

    Returns (txn, "committed" | "rolled back") per transaction closed.
    """
    closed = []
    journals = pending(kb_dir)
    if not journals:
        return closed
    states = changelog.states()
    for path in journals:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            txn = doc["txn"]
        except (OSError, ValueError, KeyError, TypeError):
            # Journals are renamed into place whole; an unreadable one was not ours.
            log.warning("%s: unreadable journal left alone", path)
            continue
        state = states.get(txn)
        if state == "commit":
            outcome = "committed"
        elif state is None and complete(kb_dir, doc):
            changelog.commit(txn)
            outcome = "committed"
        else:
            roll_back(kb_dir, doc)
            if state is None:
                changelog.abort(txn, "interrupted before its commit; files put back")
            outcome = "rolled back"
        log.warning("change %s was left open by an interrupted write: %s", txn, outcome)
        end(kb_dir, txn)
        closed.append((txn, outcome))
    return closed
