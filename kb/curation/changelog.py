"""The append-only change log: who changed which source, when, what and why.

One JSON object per line (JSON Lines), appended and fsynced under an exclusive flock
on the log file itself (the log is never replaced, so its inode is stable and the lock
means what it says). An entry:

    {"at": "2026-11-28T09:14:03+00:00", "user": "anna", "action": "edit",
     "id": "nuffic-stayrate", "version": 3, "base_version": 2,
     "fields": {"strength": {"old": "descriptive", "new": "indicative"}},
     "reason": "Effectmeting toegevoegd in de herziene versie", "batch": null}

`action` is one of add, edit, retire, import. A line that does not parse (the tail of
a write cut off by a crash) is skipped when reading, never repaired in place.

A change and its entry are one unit (the store's `_write`): the entries are appended
first as an intent, carrying the change's transaction id (`"txn": "9f2c..."`), then
the files are written, then one commit line closes the transaction:

    {"commit": "9f2c...", "at": "2026-11-28T09:14:03+00:00"}

or, when the files were put back (a failed or interrupted write rolled back), an abort
line `{"abort": "9f2c...", "at": ..., "note": ...}`. Readers see only the entries of
committed transactions (and the older entries that carry no `txn`), so a crash between
the steps never shows a change that is not on file, and the store's reconciliation
(journal.py) completes or rolls back every transaction left open.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

ACTIONS = ("add", "edit", "retire", "import")


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class ChangeLog:
    """A JSON Lines file of change entries."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def append(self, entries: list[dict], *, check: bool = True) -> None:
        """Append entries durably, as one write (all lines of a batch stay together)."""
        if not entries:
            return
        for entry in entries if check else ():
            if entry.get("action") not in ACTIONS:
                raise ValueError(f"unknown change action {entry.get('action')!r}")
        data = "".join(json.dumps(e, ensure_ascii=False, sort_keys=False) + "\n"
                       for e in entries).encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                # A previous writer killed mid-line left no newline: start a fresh line
                # so that its garbage and this entry stay on separate lines.
                size = os.fstat(fd).st_size
                if size:
                    with open(self.path, "rb") as handle:
                        handle.seek(size - 1)
                        if handle.read(1) != b"\n":
                            data = b"\n" + data
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def begin(self, txn: str, entries: list[dict]) -> None:
        """Log the intent: the entries of a transaction, not yet visible to readers."""
        self.append([{**entry, "txn": txn} for entry in entries])

    def commit(self, txn: str) -> None:
        """Close a transaction: its entries become the history."""
        self._mark({"commit": txn, "at": utc_now()})

    def abort(self, txn: str, note: str) -> None:
        """Close a transaction whose files were put back: its entries stay hidden."""
        self._mark({"abort": txn, "at": utc_now(), "note": note})

    def _mark(self, line: dict) -> None:
        self.append([line], check=False)

    def _lines(self):
        """Every readable line, oldest first."""
        try:
            handle = self.path.open("r", encoding="utf-8")
        except FileNotFoundError:
            return
        with handle:
            for number, line in enumerate(handle, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    log.warning("%s:%d: unreadable change-log line skipped", self.path,
                                number)
                    continue
                if isinstance(entry, dict):
                    yield entry

    def states(self, lines=None) -> dict[str, str]:
        """How each transaction ended: "commit" or "abort" (the later line wins)."""
        found: dict[str, str] = {}
        for line in self._lines() if lines is None else lines:
            for state in ("commit", "abort"):
                if isinstance(line.get(state), str):
                    found[line[state]] = state
        return found

    def entries(self):
        """Every entry of a committed change, oldest first."""
        lines = list(self._lines())
        states = self.states(lines)
        for entry in lines:
            if "commit" in entry or "abort" in entry:
                continue
            txn = entry.get("txn")
            if txn is not None and states.get(txn) != "commit":
                continue            # an intent whose change was rolled back or is open
            yield entry

    def history(self, source_id: str) -> list[dict]:
        """The entries of one source, newest first."""
        found = [e for e in self.entries() if e.get("id") == source_id]
        found.reverse()
        return found


# --- where the log lives (issue 19.10) -----------------------------------------------

LOG_NAME = "changes.jsonl"
MOVED_SUFFIX = ".moved"       # the old log, kept after its lines were moved in


def changelog_location(kb_dir) -> Path:
    """The change log of a knowledge-base directory: inside the directory it
    describes, so that the log travels (and is backed up) with the evidence."""
    return Path(kb_dir) / LOG_NAME


def migrate_changelog(kb_dir) -> Path | None:
    """Move a log from its old place beside the directory (`<kb>/../changes.jsonl`)
    into the directory; returns where the old one was kept, or None (nothing to move).

    Under the old log's own lock (writers of the old version hold it while appending):
    the old lines, then any lines already in the new log, are written to a temporary
    file, fsynced and renamed over the new log; the old file is then renamed to
    `changes.jsonl.moved`, never deleted, so no line can be lost on the way.
    """
    kb_dir = Path(kb_dir)
    old, new = kb_dir.parent / LOG_NAME, changelog_location(kb_dir)
    if not old.is_file():
        return None
    fd = os.open(old, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if not old.is_file():           # another process moved it meanwhile
                return None
            with open(old, "rb") as handle:
                moved = handle.read()
            if moved and not moved.endswith(b"\n"):
                moved += b"\n"
            present = new.read_bytes() if new.is_file() else b""
            tmp = new.with_name(f".{LOG_NAME}.migrating")
            with open(tmp, "wb") as handle:
                handle.write(moved + present)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, new)
            kept = old.with_name(LOG_NAME + MOVED_SUFFIX)
            os.replace(old, kept)
            log.info("change log moved from %s into %s (old file kept as %s)", old, new,
                     kept)
            return kept
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
