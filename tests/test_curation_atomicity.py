"""A change and its change-log entry are one unit; a batch is all of its sources or none
(issue 20, point 3).

A child process makes the change and is killed (SIGKILL: no clean-up runs) at a step
of the write: when the change log is first appended to, after the first file is
replaced, after every file is replaced. A store opened afterwards reconciles, and then
every source's file and its history must agree, and a batch must have landed whole or
not at all. Before the journal, each of these left a change on file that the history
did not show.
"""

from __future__ import annotations

import json
import os
import signal

import pytest

from tests.helpers.curation import kb_problems, run_child, source_fields

CHILD = """
import os, signal
from chiptalent.kb.curation import changelog, store as store_module
from chiptalent.kb.curation.store import EvidenceStore

step, at = os.environ["KILL_AT"].split(":")
at = int(at)
seen = {"yaml": 0, "log": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

real_write = store_module.atomic_write
def atomic_write(path, data, **kw):
    real_write(path, data, **kw)
    if str(path).endswith(".yaml"):
        seen["yaml"] += 1
        if step == "yaml" and seen["yaml"] == at:
            die()
store_module.atomic_write = atomic_write

real_append = changelog.ChangeLog.append
def append(self, entries, **kw):
    seen["log"] += 1
    if step == "log" and seen["log"] == at:
        die()
    return real_append(self, entries, **kw)
changelog.ChangeLog.append = append

store = EvidenceStore()
ids = os.environ["SIDS"].split(",")
items = []
for sid in ids:
    base = store.get(sid)
    doc = {k: v for k, v in base.doc.items() if k != "version"}
    doc["title"] = "Titel uit de batch voor " + sid
    items.append((base, doc))
if len(items) == 1:
    store.edit(ids[0], {"title": items[0][1]["title"]}, base_version=items[0][0].version,
               user="anna", reason="wordt onderbroken")
else:
    store.apply_batch(items, user="anna", reason="batch die wordt onderbroken")
print("not killed")
"""


def _run_killed(curated, sids, kill_at):
    env = curated.env()
    env.update(SIDS=",".join(sids), KILL_AT=kill_at)
    child = run_child(CHILD, env)
    out, err = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL, (out, err)


def _agree(curated, sids, originals) -> str:
    """Reopen (reconcile), check that files and history agree; "none" or "all"."""
    store = curated.new_store()
    changed = []
    for sid in sids:
        record = store.get(sid)
        history = store.history(sid)
        assert history, sid
        assert history[0]["version"] == record.version, (sid, history[0], record.version)
        if record.raw == originals[sid]:
            assert record.version == 1 and len(history) == 1
        else:
            assert record.doc["title"] == "Titel uit de batch voor " + sid
            assert record.version == 2 and len(history) == 2
            changed.append(sid)
    # A batch is all or nothing, never a part of it.
    assert changed in ([], list(sids)), changed
    assert not list((curated.kb_dir / ".curation" / "journal").glob("*.json"))
    assert kb_problems(curated.kb_dir) == []
    return "all" if changed else "none"


def _sources(curated, count):
    store = curated.store
    sids = [store.add(source_fields(f"a{n}"), user="anna", reason="x").id
            for n in range(count)]
    return sids, {sid: store.path_of(sid).read_bytes() for sid in sids}


@pytest.mark.parametrize("kill_at, expected", [
    ("log:1", "none"),          # while logging: nothing was written yet
    ("yaml:1", "all"),          # the file is written, the commit line missing: completed
])
def test_an_edit_killed_between_its_steps_keeps_file_and_history_together(
        curated, kill_at, expected):
    sids, originals = _sources(curated, 1)
    _run_killed(curated, sids, kill_at)
    assert _agree(curated, sids, originals) == expected


@pytest.mark.parametrize("kill_at, expected", [
    ("log:1", "none"),
    ("yaml:1", "none"),         # one of three files written: put back
    ("yaml:2", "none"),
    ("yaml:3", "all"),          # every file written: the commit line is added
])
def test_a_batch_killed_midway_is_all_or_nothing(curated, kill_at, expected):
    sids, originals = _sources(curated, 3)
    _run_killed(curated, sids, kill_at)
    assert _agree(curated, sids, originals) == expected


def test_a_failed_write_is_rolled_back_at_once(curated, monkeypatch):
    """Without a kill (an exception, e.g. a full disk) the store puts the files back
    itself and hides the intent."""
    from chiptalent.kb.curation import store as store_module

    sids, originals = _sources(curated, 3)
    store = curated.store
    items = []
    for sid in sids:
        base = store.get(sid)
        items.append((base, {**{k: v for k, v in base.doc.items() if k != "version"},
                             "title": "Titel uit de batch voor " + sid}))
    real, calls = store_module.atomic_write, []

    def failing(path, data, **kw):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data, **kw)
    monkeypatch.setattr(store_module, "atomic_write", failing)
    with pytest.raises(OSError):
        store.apply_batch(items, user="anna", reason="vol")
    monkeypatch.setattr(store_module, "atomic_write", real)
    assert _agree(curated, sids, originals) == "none"
    lines = [json.loads(x) for x in
             (curated.kb_dir / "changes.jsonl").read_text().splitlines()]
    assert any("abort" in line for line in lines)


def test_the_version_stamp_changes_with_every_write(curated):
    from chiptalent.kb.cache import kb_version

    before = kb_version(curated.kb_dir)
    sid = curated.store.add(source_fields("v"), user="anna", reason="x").id
    middle = kb_version(curated.kb_dir)
    curated.store.edit(sid, {"title": "Nieuwe titel"}, base_version=1, user="anna",
                       reason="y")
    assert len({before, middle, kb_version(curated.kb_dir)}) == 3
    assert os.path.exists(curated.kb_dir / ".curation" / "version")


def test_kb_load_sees_a_change_made_by_another_process(curated):
    """kb.load() is memoised, but checks kb_version: another process's write shows."""
    from chiptalent.kb import load

    sid = curated.store.add(source_fields("m"), user="anna", reason="x").id
    before = load(curated.kb_dir, curated.data_dir)
    assert load(curated.kb_dir, curated.data_dir) is before          # memoised
    env = curated.env()
    env["SID"] = sid
    child = run_child("""
        import os
        from chiptalent.kb.curation.store import EvidenceStore
        EvidenceStore().edit(os.environ["SID"], {"title": "Titel van elders"},
                             base_version=1, user="anna", reason="elders")
    """, env)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    after = load(curated.kb_dir, curated.data_dir)
    assert after.evidence[sid].title == "Titel van elders"
    assert before.evidence[sid].title != "Titel van elders"
