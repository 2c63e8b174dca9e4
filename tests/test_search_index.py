"""The index life cycle: built aside and renamed into place, rebuilt when missing,
corrupt or stale, kept current by the single writer, and safe with several writers."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path

import pytest
from tests.helpers.search_kb import make_kb

from chiptalent.kb.search import (build_index, index_status, open_index, remove_source,
                                  search, update_source)
from chiptalent.kb.search.location import STAMP, index_path, read_stamp
from chiptalent.kb.search.searcher import close_all


@pytest.fixture(autouse=True)
def _close_searchers():
    yield
    close_all()


def ids(result) -> list[str]:
    return [hit["id"] for hit in result["hits"]]


def test_build_reports_progress_and_leaves_only_the_finished_folder(tmp_path):
    kb = make_kb()
    calls = []
    path = build_index(kb, tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert path == index_path(kb, tmp_path) and path.parent == tmp_path / "search"
    assert calls and calls[-1] == (6, 6)
    assert all(0 <= done <= total for done, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert read_stamp(path) == {"fingerprint": "handmade-1", "schema": read_stamp(path)["schema"],
                                "documents": 6}
    assert [p.name for p in (tmp_path / "search").iterdir()] == [path.name]
    assert (path / "words.txt").is_file()


def test_data_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(tmp_path / "env"))
    kb = make_kb()
    path = build_index(kb)
    assert path.is_relative_to(tmp_path / "env")
    assert search(kb, "stayrate")["total"] == 1


def test_missing_index_is_built_on_first_search(tmp_path):
    kb = make_kb()
    assert not index_status(kb, tmp_path)["current"]
    assert ids(search(kb, "stayrate", data_dir=tmp_path)) == ["nuffic-stayrate"]
    status = index_status(kb, tmp_path)
    assert status["current"] and status["documents"] == 6


def test_stale_index_is_not_used(tmp_path):
    """Another fingerprint is another knowledge base: its own index, built afresh."""
    old = make_kb("fingerprint-a")
    assert search(old, "zonnepanelen", data_dir=tmp_path)["total"] == 0
    new = make_kb("fingerprint-b")
    new.evidence["cbs-werkenden"].title = "Werkenden en zonnepanelen"
    assert ids(search(new, "zonnepanelen", data_dir=tmp_path)) == ["cbs-werkenden"]
    assert search(old, "zonnepanelen", data_dir=tmp_path)["total"] == 0


def test_a_stamp_of_another_fingerprint_means_rebuild(tmp_path):
    kb = make_kb()
    path = build_index(kb, tmp_path)
    (path / STAMP).write_text('{"fingerprint": "something-else", "schema": 2}')
    assert not index_status(kb, tmp_path)["current"]
    assert search(kb, "stayrate", data_dir=tmp_path)["total"] == 1
    assert index_status(kb, tmp_path)["current"]


@pytest.mark.parametrize("damage", ["toc", "segments", "stamp", "empty"])
def test_corrupt_index_is_rebuilt(tmp_path, damage):
    kb = make_kb()
    path = build_index(kb, tmp_path)
    expected = search(kb, "werkenden", data_dir=tmp_path)
    close_all()
    for entry in path.iterdir():
        if damage == "toc" and entry.suffix == ".toc":
            entry.write_bytes(b"garbage" * 10)
        elif damage == "segments" and entry.name.startswith("MAIN_"):
            data = entry.read_bytes()
            entry.write_bytes(data[: len(data) // 3] + b"\xff" * 64)
        elif damage == "stamp" and entry.name == STAMP:
            entry.unlink()
        elif damage == "empty" and entry.name != STAMP:
            entry.unlink()
    again = search(kb, "werkenden", data_dir=tmp_path)
    assert ids(again) == ids(expected)
    assert again["facets"] == expected["facets"]
    assert index_status(kb, tmp_path)["current"]


def test_damage_found_only_while_searching_is_rebuilt_once(tmp_path, caplog,
                                                           monkeypatch):
    """Damage the checksums did not reveal (here: their check is switched off) shows
    only when a search reads the postings: the open succeeds, the search rebuilds."""
    from chiptalent.kb.search import manifest

    monkeypatch.setattr(manifest, "verify", lambda folder: [])
    kb = make_kb()
    path = build_index(kb, tmp_path)
    expected = ids(search(kb, "werkenden", data_dir=tmp_path))
    close_all()
    for entry in path.iterdir():
        if entry.suffix == ".pst":
            # Garbage of the same size: whoosh has no checksums, so zeros would
            # read as "no postings"; garbage makes its decoding fail.
            entry.write_bytes((bytes(range(256)) * (entry.stat().st_size // 256 + 1))
                              [:entry.stat().st_size])
    with caplog.at_level("WARNING", logger="chiptalent.kb.search.searcher"):
        assert ids(search(kb, "werkenden", data_dir=tmp_path)) == expected
    assert "rebuilding" in caplog.text


def test_our_own_errors_do_not_trigger_a_rebuild(tmp_path, monkeypatch):
    from chiptalent.kb.search import ranking, searcher

    kb = make_kb()
    build_index(kb, tmp_path)
    calls = []
    monkeypatch.setattr(searcher, "build_index", lambda *a, **k: calls.append(a))

    def buggy(*args, **kwargs):
        raise ValueError("a bug, not a damaged index")
    monkeypatch.setattr(ranking, "rank", buggy)
    with pytest.raises(ValueError):
        search(kb, "werkenden", data_dir=tmp_path)
    assert calls == []


def test_a_crashed_build_leaves_nothing_in_the_way(tmp_path, monkeypatch):
    from chiptalent.kb.search import builder

    kb = make_kb()

    def exploding(*args, **kwargs):
        yield from ()
        raise RuntimeError("disk full")
    monkeypatch.setattr(builder, "documents", exploding)
    with pytest.raises(RuntimeError):
        build_index(kb, tmp_path)
    assert not index_path(kb, tmp_path).exists()
    assert not [p for p in (tmp_path / "search").iterdir() if p.name.startswith(".build-")]
    monkeypatch.undo()
    assert search(kb, "stayrate", data_dir=tmp_path)["total"] == 1


def test_rebuild_replaces_the_folder_in_place(tmp_path):
    kb = make_kb()
    first = build_index(kb, tmp_path)
    inode = (first / STAMP).stat().st_ino
    assert search(kb, "stayrate", data_dir=tmp_path)["total"] == 1     # a searcher is open
    second = build_index(kb, tmp_path)
    assert second == first and (second / STAMP).stat().st_ino != inode
    assert search(kb, "stayrate", data_dir=tmp_path)["total"] == 1     # reopened, works
    assert not [p for p in (tmp_path / "search").iterdir() if p.name.startswith(".")]


def test_update_is_visible_to_the_next_search(tmp_path):
    """(How soon, at 20,000 and 100,000 sources: bench/bench_search.py.)"""
    kb = make_kb()
    assert search(kb, "zeldzaamwoord", data_dir=tmp_path)["total"] == 0
    source = kb.evidence["nuffic-stayrate"]
    edited = dataclasses.replace(source, title=source.title + " zeldzaamwoord",
                                 target_groups=["international-students", "partners"])
    update_source(kb, edited, data_dir=tmp_path)
    result = search(kb, "zeldzaamwoord", data_dir=tmp_path)
    assert ids(result) == ["nuffic-stayrate"]
    assert result["hits"][0]["title"].endswith("zeldzaamwoord")
    assert result["facets"]["target_group"] == {"international-students": 1, "partners": 1}
    # Replaced, not added: one document for the id.
    assert search(kb, "", data_dir=tmp_path)["total"] == 6
    # Its new word is known to spelling at once.
    assert search(kb, "zeldzaamwoordd", data_dir=tmp_path)["suggestion"] == "zeldzaamwoord"


def test_new_source_added_and_removed(tmp_path):
    kb = make_kb()
    new = dataclasses.replace(kb.evidence["cbs-werkenden"], id="nieuwe-bron",
                              title="Fotonica-opleidingen in Twente", summary="Fotonica.")
    update_source(kb, new, data_dir=tmp_path)
    assert ids(search(kb, "fotonica", data_dir=tmp_path)) == ["nieuwe-bron"]
    remove_source("nieuwe-bron", kb, data_dir=tmp_path)
    assert search(kb, "fotonica", data_dir=tmp_path)["total"] == 0
    assert search(kb, "fotonica", data_dir=tmp_path)["suggestion"] is None   # word gone
    retired = dataclasses.replace(kb.evidence["vhto-meiden"], status="retired")
    update_source(kb, retired, data_dir=tmp_path)
    assert "vhto-meiden" not in ids(search(kb, "meiden", data_dir=tmp_path))


def test_an_update_is_seen_by_a_searcher_in_another_thread(tmp_path):
    kb = make_kb()
    seen = {}

    def reader(name):
        seen[name] = search(kb, "zeldzaamwoord", data_dir=tmp_path)["total"]
        close_all()

    thread = threading.Thread(target=reader, args=("before",))
    thread.start(); thread.join()
    edited = dataclasses.replace(kb.evidence["vhto-meiden"], summary="zeldzaamwoord")
    update_source(kb, edited, data_dir=tmp_path)
    thread = threading.Thread(target=reader, args=("after",))
    thread.start(); thread.join()
    assert seen == {"before": 0, "after": 1}


def test_two_threads_writing_do_not_raise_lock_errors(tmp_path):
    kb = make_kb()
    build_index(kb, tmp_path)
    errors = []

    def writer(tag, source_id):
        try:
            for n in range(8):
                source = dataclasses.replace(kb.evidence[source_id],
                                             summary=f"versie{tag}{n} tekst")
                update_source(kb, source, data_dir=tmp_path)
        except Exception as exc:             # LockError would land here
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=("a", "nuffic-stayrate")),
               threading.Thread(target=writer, args=("b", "cbs-werkenden")),
               threading.Thread(target=writer, args=("c", "vhto-meiden"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ids(search(kb, "versiea7", data_dir=tmp_path)) == ["nuffic-stayrate"]
    assert ids(search(kb, "versieb7", data_dir=tmp_path)) == ["cbs-werkenden"]
    assert ids(search(kb, "versiec7", data_dir=tmp_path)) == ["vhto-meiden"]
    assert search(kb, "versiea6", data_dir=tmp_path)["total"] == 0
    assert search(kb, "", data_dir=tmp_path)["total"] == 6


def test_the_writer_waits_for_another_process_lock(tmp_path):
    """Two whoosh writers at once raise LockError; ours waits for the other one."""
    from whoosh.index import LockError

    kb = make_kb()
    ix = open_index(kb, tmp_path)
    foreign = ix.writer()                          # as another process would hold it
    with pytest.raises(LockError):
        ix.writer()
    released = threading.Event()

    def release():
        foreign.cancel()
        released.set()
    threading.Timer(0.3, release).start()
    update_source(kb, dataclasses.replace(kb.evidence["cbs-werkenden"], summary="gewacht"),
                  data_dir=tmp_path)
    assert released.is_set()               # it could only commit after the other let go
    assert ids(search(kb, "gewacht", data_dir=tmp_path)) == ["cbs-werkenden"]


def test_concurrent_first_searches_build_once(tmp_path, monkeypatch):
    from chiptalent.kb.search import lifecycle

    kb = make_kb()
    builds = []
    real = lifecycle.build_index

    def counting(*args, **kwargs):
        builds.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(lifecycle, "build_index", counting)
    results, errors = [], []

    def first_search():
        try:
            results.append(search(kb, "stayrate", data_dir=tmp_path)["total"])
        except Exception as exc:
            errors.append(exc)
        finally:
            close_all()

    threads = [threading.Thread(target=first_search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == [1, 1, 1, 1]
    assert len(builds) == 1


def test_parallel_build_gives_the_same_index(tmp_path):
    """Two forked processes writing a segment each: the same search results."""
    from chiptalent.kb.search import builder

    # chiptalent runs on Linux, where the parallel build forks; it must be available.
    assert builder._can_fork()
    kb_one = make_kb("same-content-1")
    kb_two = make_kb("same-content-2")
    for kb in (kb_one, kb_two):
        base = kb.evidence["cbs-werkenden"]
        for n in range(150):
            kb.evidence[f"bron-{n}"] = dataclasses.replace(
                base, id=f"bron-{n}", title=f"Bron {n} over techniek",
                summary=("meiden " if n % 3 == 0 else "werkenden ") * (1 + n % 4),
                publisher=f"Uitgever {n % 7}")
    one = build_index(kb_one, tmp_path, procs=1)
    two = build_index(kb_two, tmp_path, procs=2)
    assert len([p for p in os.listdir(two) if p.endswith(".pst")]) == 2     # two segments
    assert (one / "words.txt").read_text() == (two / "words.txt").read_text()
    for query, filters in (("meiden", {}), ("werkenden techniek", {"publisher": "Uitgever 3"}),
                           ("", {}), ("vrouwen", {"level": "mbo"})):
        a = search(kb_one, query, limit=20, data_dir=tmp_path, **filters)
        b = search(kb_two, query, limit=20, data_dir=tmp_path, **filters)
        assert a["total"] == b["total"] and a["facets"] == b["facets"]
        assert sorted((h["id"], h["score"]) for h in a["hits"]) == \
            sorted((h["id"], h["score"]) for h in b["hits"])


def test_index_lives_only_under_the_data_dir(tmp_path):
    kb = make_kb()
    build_index(kb, tmp_path / "data")
    created = {p.relative_to(tmp_path).parts[0] for p in Path(tmp_path).rglob("*")}
    assert created == {"data"}
