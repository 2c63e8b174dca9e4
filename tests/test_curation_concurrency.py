"""Concurrent advisers: one source edited twice at once gives one success and one
conflict (threads and processes); many sources edited at once all land; a writer
killed in the middle of a write leaves the previous file intact."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import yaml

from chiptalent.errors import ConflictError
from tests.helpers.curation import kb_problems, run_child, source_fields


def _versions(kb_dir) -> dict[str, int]:
    out = {}
    for path in (kb_dir / "evidence").glob("*.yaml"):
        out[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8")).get("version", 1)
    return out


def test_two_threads_editing_one_source(curated):
    store = curated.store
    sid = store.add(source_fields("t"), user="anna", reason="x").id
    barrier = threading.Barrier(8)
    outcomes = []

    def edit(n):
        # Each thread has its own store, as each request of a web app might.
        own = curated.new_store()
        own.kb
        barrier.wait()
        try:
            own.edit(sid, {"title": f"Titel van adviseur {n}"}, base_version=1,
                     user=f"adviseur{n}", reason="gelijktijdig")
            outcomes.append(("ok", n))
        except ConflictError:
            outcomes.append(("conflict", n))

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [n for kind, n in outcomes if kind == "ok"]
    assert len(winners) == 1 and len(outcomes) == 8
    record = store.get(sid)
    assert record.version == 2
    assert record.doc["title"] == f"Titel van adviseur {winners[0]}"
    assert [e["user"] for e in store.history(sid)] == [f"adviseur{winners[0]}", "anna"]


CHILD_EDIT = """
import json, os, sys, time
from pathlib import Path
from chiptalent.errors import ConflictError
from chiptalent.kb.curation.store import EvidenceStore
store = EvidenceStore()
store.kb                                   # load before the start signal
go = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["GO_FILE"])
Path(os.environ["READY_FILE"]).touch()
while not go.exists():
    time.sleep(0.002)
try:
    store.edit(os.environ["SID"], {"title": "Titel van " + os.environ["WHO"]},
               base_version=1, user=os.environ["WHO"], reason="gelijktijdig")
    print("ok")
except ConflictError as exc:
    print("conflict")
"""


def test_two_processes_editing_one_source(curated, tmp_path):
    store = curated.store
    sid = store.add(source_fields("p"), user="anna", reason="x").id
    go = tmp_path / "go"
    children = []
    for who in ("anna", "bob"):
        env = curated.env()
        env.update(SID=sid, WHO=who, GO_FILE=str(go),
                   READY_FILE=str(tmp_path / f"ready-{who}"))
        children.append(run_child(CHILD_EDIT, env))
    while not all((tmp_path / f"ready-{w}").exists() for w in ("anna", "bob")):
        # A child that died before it was ready fails the test at once (no clock).
        assert all(c.poll() is None for c in children), [c.communicate() for c in children]
        time.sleep(0.01)
    go.touch()
    results = [c.communicate(timeout=120) for c in children]
    outputs = sorted(out.strip() for out, _ in results)
    assert outputs == ["conflict", "ok"], results
    record = store.get(sid)
    assert record.version == 2
    assert len(store.history(sid)) == 2
    assert kb_problems(curated.kb_dir) == []


def test_fifty_threads_editing_different_sources_twice(curated):
    from chiptalent.kb.search import build_index, close_searchers, search

    store = curated.store
    ids = [store.add(source_fields(f"d{n}"), user="anna", reason="x").id
           for n in range(50)]
    build_index(store.kb, curated.data_dir)
    before = _versions(curated.kb_dir)

    def edit(n):
        sid = ids[n]
        store.edit(sid, {"title": f"Gewijzigde titel {n} reigerbron"}, base_version=1,
                   user="anna", reason="eerste ronde")
        store.edit(sid, {"year": 2000 + n % 25}, base_version=2, user="bob",
                   reason="tweede ronde")
        return sid

    with ThreadPoolExecutor(max_workers=50) as pool:
        done = list(pool.map(edit, range(50)))
    assert sorted(done) == sorted(ids)
    after = _versions(curated.kb_dir)
    assert len(after) == len(before)
    assert all(after[sid] == 3 for sid in ids)
    assert all(after[s] == before[s] for s in before if s not in ids)   # others untouched
    entries = list(store.changelog.entries())
    assert sum(1 for e in entries if e["action"] == "edit") == 100
    assert kb_problems(curated.kb_dir) == []
    from chiptalent.kb.loader import load_kb
    assert store.kb == load_kb(curated.kb_dir)
    close_searchers()
    result = search(store.kb, "reigerbron", limit=100, data_dir=curated.data_dir)
    assert result["total"] == 50


CHILD_BATCH = """
import os, sys
from concurrent.futures import ThreadPoolExecutor
from chiptalent.kb.curation.store import EvidenceStore
store = EvidenceStore()
ids = os.environ["IDS"].split(",")
def edit(sid):
    store.edit(sid, {"title": "Proces " + os.environ["WHO"] + " wijzigde " + sid},
               base_version=1, user=os.environ["WHO"], reason="batch van een proces")
with ThreadPoolExecutor(max_workers=8) as pool:
    list(pool.map(edit, ids))
print("done", len(ids))
"""


def test_two_processes_times_fifty_different_sources(curated):
    from chiptalent.kb.search import build_index, close_searchers, search

    store = curated.store
    ids = [store.add(source_fields(f"q{n}"), user="anna", reason="x").id
           for n in range(100)]
    build_index(store.kb, curated.data_dir)
    children = []
    for who, part in (("anna", ids[:50]), ("bob", ids[50:])):
        env = curated.env()
        env.update(WHO=who, IDS=",".join(part))
        children.append(run_child(CHILD_BATCH, env))
    results = [c.communicate(timeout=300) for c in children]
    assert [out.strip() for out, _ in results] == ["done 50", "done 50"], results
    versions = _versions(curated.kb_dir)
    assert all(versions[sid] == 2 for sid in ids)
    edits = [e for e in store.changelog.entries() if e["action"] == "edit"]
    assert len(edits) == 100 and {e["user"] for e in edits} == {"anna", "bob"}
    assert kb_problems(curated.kb_dir) == []
    # Every write was carried into the index: a fresh load finds all 100 edits.
    from chiptalent.kb import load
    fresh = load(curated.kb_dir, curated.data_dir, fresh=True)
    close_searchers()
    assert search(fresh, "wijzigde", limit=100, data_dir=curated.data_dir)["total"] == 100


CHILD_KILLED = """
import os, time
from pathlib import Path
from chiptalent.kb.curation import fileio
from chiptalent.kb.curation.store import EvidenceStore

def pause(tmp, final):
    if final.suffix == ".yaml":
        marker = Path(os.environ["PAUSED_FILE"])
        marker.with_suffix(".part").write_text(str(tmp))
        os.replace(marker.with_suffix(".part"), marker)    # never seen half written
        time.sleep(120)

fileio.BEFORE_REPLACE = pause
store = EvidenceStore()
store.edit(os.environ["SID"], {"title": "Half geschreven titel"}, base_version=1,
           user="anna", reason="wordt onderbroken")
print("should not get here")
"""


def test_writer_killed_mid_write_leaves_the_previous_file(curated, tmp_path):
    store = curated.store
    sid = store.add(source_fields("k"), user="anna", reason="x").id
    path = store.path_of(sid)
    original = path.read_bytes()
    paused = tmp_path / "paused"
    env = curated.env()
    env.update(SID=sid, PAUSED_FILE=str(paused))
    child = run_child(CHILD_KILLED, env)
    while not paused.exists():
        assert child.poll() is None, child.communicate()
        time.sleep(0.01)
    tmp = paused.read_text()
    assert os.path.exists(tmp) and b"Half geschreven" in open(tmp, "rb").read()

    # While the child holds the source, another adviser is told it is busy.
    impatient = curated.new_store(lock_timeout=0.3)
    try:
        impatient.edit(sid, {"title": "Ongeduldig"}, base_version=1, user="bob",
                       reason="tegelijk")
        raise AssertionError("the locked source was edited")
    except ConflictError as exc:
        assert "being changed" in exc.message

    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert path.read_bytes() == original          # the previous file, intact
    assert store.get(sid).version == 1
    assert len(store.history(sid)) == 1           # the killed change was never logged
    assert kb_problems(curated.kb_dir) == []      # the leftover temp file is not read
    # The kernel released the lock: the next edit goes through and sweeps the temp file.
    change = store.edit(sid, {"title": "Na de crash"}, base_version=1, user="bob",
                        reason="opnieuw")
    assert change.version == 2 and not os.path.exists(tmp)
    assert list(store.changelog.entries())[-1]["reason"] == "opnieuw"
