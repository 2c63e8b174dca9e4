"""Checksums of the index files (issue 20 pt 8): damage whoosh cannot see — random
bytes in a segment that still decode — is found when the index is next opened, and
the index is rebuilt, giving full hits again."""

from __future__ import annotations

import json
import os
import random

import pytest
from tests.helpers.search_kb import make_kb

from chiptalent.kb.search import (build_index, close_searchers, index_status, open_index,
                                  search, update_source)
from chiptalent.kb.search import manifest

QUERIES = ("werkenden", "stayrate", "meisjes", "")


@pytest.fixture(autouse=True)
def _close():
    yield
    close_searchers()


def _results(kb, data_dir) -> dict:
    """What a user sees of some searches: totals, facet counts, the hits found.
    (Not scores: one source re-indexed into its own segment shifts them slightly.)"""
    found = {}
    for q in QUERIES:
        result = search(kb, q, data_dir=data_dir, limit=50)
        found[q] = (result["total"], result["facets"],
                    sorted(hit["id"] for hit in result["hits"]))
    return found


def _overwrite_middle(path, data: bytes) -> None:
    """Write `data` over the middle of a file, keeping its size."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(max(0, size // 2 - len(data) // 2))
        handle.write(data[:size])


def _with_a_seg_file(kb, data_dir):
    """The built index plus one update (a compound `.seg` segment): the same state."""
    folder = build_index(kb, data_dir)
    update_source(kb, kb.evidence["nuffic-stayrate"], data_dir=data_dir)
    segs = sorted(folder.glob("*.seg"))
    assert segs, sorted(p.name for p in folder.iterdir())
    return folder, segs[0]


def test_build_and_update_write_a_manifest_of_every_file(tmp_path):
    kb = make_kb()
    folder, seg = _with_a_seg_file(kb, tmp_path)
    listed = json.loads((folder / manifest.MANIFEST).read_text())["files"]
    on_disk = {p.name for p in folder.iterdir()
               if p.name not in (manifest.MANIFEST, "chiptalent-index.json")
               and "LOCK" not in p.name}
    assert set(listed) == on_disk and seg.name in listed and "words.txt" in listed
    assert all(len(entry["sha256"]) == 64 for entry in listed.values())
    assert manifest.problems(folder) == []


# Where random bytes go: the middle of the `.seg` an update wrote, and a place in the
# built segment's term file where they still decode — whoosh then silently finds
# "meisjes" in no document instead of two (found by trying offsets on make_kb()).
DAMAGE = {"seg": None, "trm-silent": 4312}


@pytest.mark.parametrize("where", sorted(DAMAGE))
def test_random_bytes_in_a_segment_are_found_on_open_and_the_index_rebuilt(
        tmp_path, where, caplog):
    kb = make_kb()
    folder, seg = _with_a_seg_file(kb, tmp_path)
    expected = _results(kb, tmp_path)
    assert expected["werkenden"][0] > 0 and expected["meisjes"][0] == 2
    close_searchers()
    if where == "seg":
        target = seg
        _overwrite_middle(target, random.Random(8).randbytes(256))
    else:
        target = sorted(folder.glob("*.trm"))[0]
        with open(target, "r+b") as handle:
            handle.seek(DAMAGE[where])
            handle.write(random.Random(DAMAGE[where]).randbytes(32))
    assert manifest.problems(folder) == [f"{target.name} differs from its checksum"]

    with caplog.at_level("WARNING", logger="chiptalent.kb.search.lifecycle"):
        open_index(kb, data_dir=tmp_path)
    assert "damaged" in caplog.text and target.name in caplog.text
    assert manifest.problems(folder) == []            # a fresh, intact index
    assert index_status(kb, tmp_path)["current"]
    assert _results(kb, tmp_path) == expected          # full hits again


def test_an_open_searcher_notices_the_damage_at_the_next_search(tmp_path):
    """A long-running server keeps its searcher open: its next search checks the
    files (a scan; hashes only because a file changed) and rebuilds."""
    kb = make_kb()
    folder, seg = _with_a_seg_file(kb, tmp_path)
    expected = _results(kb, tmp_path)
    data = seg.read_bytes()
    seg.write_bytes(data[:len(data) // 2] + bytes(len(data) - len(data) // 2))  # zeros
    assert manifest.problems(folder)
    assert _results(kb, tmp_path) == expected
    assert manifest.problems(folder) == []


def test_an_index_without_a_manifest_is_rebuilt(tmp_path):
    kb = make_kb()
    folder = build_index(kb, tmp_path)
    (folder / manifest.MANIFEST).unlink()
    open_index(kb, data_dir=tmp_path)
    assert (folder / manifest.MANIFEST).is_file() and manifest.problems(folder) == []


def test_files_are_hashed_once_per_state_of_the_folder(tmp_path, monkeypatch):
    kb = make_kb()
    folder = build_index(kb, tmp_path)
    hashed = []
    real = manifest._digest
    monkeypatch.setattr(manifest, "_digest", lambda path: hashed.append(path) or real(path))
    for _ in range(3):
        open_index(kb, data_dir=tmp_path)
        search(kb, "werkenden", data_dir=tmp_path)
    files = len(manifest.read(folder))
    assert len(hashed) <= files                        # the first open only
    hashed.clear()
    words = folder / "words.txt"
    os.utime(words, ns=(words.stat().st_atime_ns, words.stat().st_mtime_ns + 10**9))
    open_index(kb, data_dir=tmp_path)                  # a file changed: checked again
    assert len(hashed) == files
