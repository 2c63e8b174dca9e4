"""The change log inside the knowledge-base directory it describes (issue 19.10), and
the move of a log from its old place beside the directory: no line lost, the history
the same before and after, the old file kept, nothing moved twice."""

from __future__ import annotations

import json

from chiptalent.kb.curation import EvidenceStore, seed_kb_copy
from chiptalent.kb.curation.changelog import (ChangeLog, LOG_NAME, MOVED_SUFFIX,
                                              changelog_location, migrate_changelog)
from tests.helpers.curation import source_fields


def open_store(kb_dir, data_dir):
    return EvidenceStore(kb_dir, data_dir=data_dir, index=False, shacl=False)


def test_a_new_store_logs_inside_its_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("CHIPTALENT_CHANGELOG", raising=False)
    kb_dir = seed_kb_copy(tmp_path / "kb")
    store = open_store(kb_dir, tmp_path / "data")
    sid = store.add(source_fields(1), user="anna", reason="nieuw").id
    assert store.changelog.path == kb_dir / LOG_NAME == changelog_location(kb_dir)
    assert [e["id"] for e in store.changelog.entries()] == [sid]
    assert not (tmp_path / LOG_NAME).exists()
    # the log describes this copy: a seeded copy of it starts without one
    copy = seed_kb_copy(tmp_path / "copy")
    assert not (copy / LOG_NAME).exists()


def test_an_old_log_is_moved_in_with_its_history(tmp_path, monkeypatch):
    monkeypatch.delenv("CHIPTALENT_CHANGELOG", raising=False)
    kb_dir = seed_kb_copy(tmp_path / "kb")
    old = tmp_path / LOG_NAME
    # a log as the previous version wrote it, beside the directory, with a cut-off tail
    store = EvidenceStore(kb_dir, data_dir=tmp_path / "data", index=False, shacl=False,
                          changelog=old)
    first = store.add(source_fields(1), user="anna", reason="eerste").id
    second = store.add(source_fields(2), user="rita", reason="tweede").id
    before = list(ChangeLog(old).entries())
    with open(old, "ab") as handle:
        handle.write(b'{"broken": ')
    old_bytes = old.read_bytes()

    store = open_store(kb_dir, tmp_path / "data")       # the default location now
    assert store.changelog.path == kb_dir / LOG_NAME
    assert not old.exists()
    kept = tmp_path / (LOG_NAME + MOVED_SUFFIX)
    assert kept.read_bytes() == old_bytes                # never deleted
    assert list(store.changelog.entries()) == before
    assert store.changelog.history(first)[0]["reason"] == "eerste"
    # and the log goes on in its new place, after the old lines
    third = store.add(source_fields(3), user="anna", reason="derde").id
    ids = [e["id"] for e in store.changelog.entries()]
    assert ids == [first, second, third]
    assert migrate_changelog(kb_dir) is None             # nothing left to move
    lines = (kb_dir / LOG_NAME).read_text().splitlines()
    assert all(json.loads(line) for line in lines if not line.startswith('{"broken'))


def test_lines_already_in_the_new_place_are_kept_after_the_old(tmp_path):
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    (tmp_path / LOG_NAME).write_text('{"action": "add", "id": "a", "at": "1"}\n')
    (kb_dir / LOG_NAME).write_text('{"action": "add", "id": "b", "at": "2"}\n')
    migrate_changelog(kb_dir)
    assert [e["id"] for e in ChangeLog(kb_dir / LOG_NAME).entries()] == ["a", "b"]
