"""The evidence store: changes, validation, versions, the change log, the files it writes,
the knowledge base and the search index after each write."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from chiptalent.errors import ConflictError, InputError
from chiptalent.kb.curation.fields import KEY_ORDER
from chiptalent.kb.curation.store import EvidenceStore, NotFound, ValidationFailed
from tests.helpers.curation import kb_problems, source_fields


def _keys(path) -> list[str]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_add_writes_one_valid_file_in_readme_order(curated):
    store = curated.store
    iid = sorted(store.kb.interventions)[0]
    change = store.add(source_fields(1, interventions=[iid]), user="anna",
                       reason="Nieuwe bron uit de monitor")
    assert change.action == "add" and change.version == 1 and change.written
    assert change.id == "testuitgever-proefbron-1-over-techniekonderwijs"
    path = curated.kb_dir / "evidence" / f"{change.id}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["status"] == "draft" and doc["version"] == 1
    keys = _keys(path)
    assert keys == [k for k in KEY_ORDER if k in keys]     # the README's order
    assert "interventions:\n- " + iid in path.read_text()   # block style, one per line
    assert kb_problems(curated.kb_dir) == []
    # The derived link on the intervention side, in the store's KB and a fresh load.
    from chiptalent.kb.loader import load_kb
    assert change.id in store.kb.interventions[iid].evidence
    assert store.kb == load_kb(curated.kb_dir)


def test_generated_ids_are_made_unique(curated):
    store = curated.store
    first = store.add(source_fields(7), user="anna", reason="eerste")
    second = store.add(source_fields(7, summary="Andere tekst."), user="anna",
                       reason="tweede")
    assert second.id == first.id + "-2"
    with pytest.raises(ConflictError):
        store.add(source_fields(8), user="anna", reason="x", source_id=first.id)
    # An id of another kind (an intervention) is refused, not shadowed.
    iid = sorted(store.kb.interventions)[0]
    with pytest.raises(InputError, match="already used by a intervention"):
        store.add(source_fields(9), user="anna", reason="x", source_id=iid)


def test_edit_link_strength_status_retire_and_history(curated):
    store = curated.store
    kb = store.kb
    iids = sorted(kb.interventions)[:2]
    sid = store.add(source_fields(2), user="anna", reason="aangemaakt").id

    c = store.edit(sid, {"year": "2023", "url": "https://example.org/rapport"},
                   base_version=1, user="bob", reason="Jaar en adres aangevuld")
    assert c.version == 2 and c.fields == {"url": {"old": None, "new":
                                                   "https://example.org/rapport"},
                                           "year": {"old": None, "new": 2023}}
    c = store.link(sid, base_version=2, user="bob", reason="Koppeling",
                   add={"interventions": iids, "target_groups": ["girls-women"]})
    assert c.fields["interventions"] == {"old": [], "new": iids}
    assert c.fields["target_groups"]["new"] == ["youth", "girls-women"]
    c = store.link(sid, base_version=3, user="bob", reason="Ontkoppeld",
                   remove={"interventions": [iids[0]]})
    assert store.get(sid).doc["interventions"] == [iids[1]]
    c = store.set_strength(sid, "indicative", "Quasi-experimenteel onderzoek met "
                           "vergelijkingsgroep.", base_version=4, user="carla")
    assert c.reason.startswith("Quasi-experimenteel")
    c = store.set_status(sid, "reviewed", base_version=5, user="carla",
                         reason="Gecontroleerd")
    assert store.get(sid).doc["status"] == "reviewed"
    assert kb_problems(curated.kb_dir) == []
    c = store.retire(sid, base_version=6, user="carla", reason="Vervangen door nieuwere")
    assert c.action == "retire" and c.version == 7
    assert sid not in store.kb.interventions[iids[1]].evidence   # retired: informs nothing
    assert kb_problems(curated.kb_dir) == []

    history = store.history(sid)
    assert [e["action"] for e in history] == ["retire", "edit", "edit", "edit", "edit",
                                              "edit", "add"]
    assert [e["version"] for e in history] == [7, 6, 5, 4, 3, 2, 1]
    newest = history[0]
    assert newest["user"] == "carla" and newest["reason"] == "Vervangen door nieuwere"
    assert newest["fields"] == {"status": {"old": "reviewed", "new": "retired"}}
    assert newest["at"].endswith("+00:00")
    # The log is JSON lines beside the KB directory.
    lines = [json.loads(line) for line in
             (curated.kb_dir / "changes.jsonl").read_text().splitlines()]
    entries = [line for line in lines if "id" in line]
    assert len(entries) == 7 and all(entry["id"] == sid for entry in entries)
    # Each change is an intent closed by a commit line of its own (journal.py).
    assert [e["txn"] for e in entries] == [line["commit"] for line in lines
                                           if "commit" in line]


def test_no_op_edit_writes_nothing(curated):
    store = curated.store
    sid = store.add(source_fields(3), user="anna", reason="x").id
    before = store.get(sid).raw
    c = store.edit(sid, {"title": "Proefbron 3 over techniekonderwijs"}, base_version=1,
                   user="anna", reason="niets")
    assert not c.written and c.version == 1
    assert store.get(sid).raw == before and len(store.history(sid)) == 1


def test_stale_version_is_a_conflict_not_an_overwrite(curated):
    store = curated.store
    sid = store.add(source_fields(4), user="anna", reason="x").id
    store.edit(sid, {"title": "Titel van Anna"}, base_version=1, user="anna", reason="a")
    with pytest.raises(ConflictError) as info:
        store.edit(sid, {"title": "Titel van Bob"}, base_version=1, user="bob", reason="b")
    assert info.value.expected == 1 and info.value.actual == 2
    assert store.get(sid).doc["title"] == "Titel van Anna"


@pytest.mark.parametrize("changes, field, allowed", [
    ({"target_groups": ["aliens"]}, "target_groups", "girls-women"),
    ({"levels": ["kindergarten"]}, "levels", "mbo"),
    ({"strength": "very-strong"}, "strength", "indicative"),
    ({"type": "podcast"}, "type", "report"),
    ({"interventions": ["9-bestaat-niet"]}, "interventions", None),
    ({"building_blocks": ["7"]}, "building_blocks", "1A"),
    ({"language": "fr"}, "language", "nl, en"),
    ({"url": "ftp://example.org"}, "url", None),
    ({"year": 1850}, "year", None),
    ({"title": ""}, "title", None),
    ({"in_seed": True}, "seed_quote", None),
    ({"seed_quote": "Dit staat niet in de uitvraag, dat weet ik zeker."}, "seed_quote", None),
])
def test_invalid_changes_are_refused_before_writing(curated, changes, field, allowed):
    store = curated.store
    sid = store.add(source_fields(5), user="anna", reason="x").id
    before = store.get(sid).raw
    with pytest.raises(ValidationFailed) as info:
        store.edit(sid, changes, base_version=1, user="anna", reason="fout")
    fields = {p.field.split(".")[0].split("[")[0] for p in info.value.problems if p.field}
    assert field in fields, info.value.problems
    if allowed:
        assert allowed in info.value.message
    assert store.get(sid).raw == before            # nothing written
    assert len(store.history(sid)) == 1            # nothing logged
    assert kb_problems(curated.kb_dir) == []


def test_bad_input_names_the_field(curated):
    store = curated.store
    sid = store.add(source_fields(6), user="anna", reason="x").id
    with pytest.raises(InputError) as info:
        store.edit(sid, {"colour": "blue"}, base_version=1, user="a", reason="r")
    assert info.value.field == "colour" and "allowed" in info.value.message
    with pytest.raises(InputError) as info:
        store.edit(sid, {"year": "vorig jaar"}, base_version=1, user="a", reason="r")
    assert info.value.field == "year"
    with pytest.raises(InputError) as info:
        store.edit(sid, {"title": "x"}, base_version=1, user="a", reason="  ")
    assert info.value.field == "reason"
    with pytest.raises(InputError) as info:
        store.edit(sid, {"id": "nieuw-id"}, base_version=1, user="a", reason="r")
    assert info.value.field == "id"
    with pytest.raises(NotFound):
        store.edit("bestaat-niet", {"title": "x"}, base_version=1, user="a", reason="r")


def test_the_store_records_a_user_name_only(curated):
    """Accounts are not knowledge: the store takes the name of whoever changes, and
    refuses anything else (roles are checked by the web app and the command line)."""
    from chiptalent.accounts import User
    store = curated.store
    for who in (None, "", "   ", User("anna", "adviser")):
        with pytest.raises(InputError) as info:
            store.add(source_fields(10), user=who, reason="x")
        assert info.value.field == "user"
    change = store.add(source_fields(10), user=" anna ", reason="x")
    assert change.user == "anna"


def test_bundled_kb_is_refused(monkeypatch):
    from chiptalent.kb.loader import BUNDLED_KB
    monkeypatch.delenv("CHIPTALENT_ALLOW_BUNDLED_EDITS", raising=False)
    with pytest.raises(InputError, match="read-only"):
        EvidenceStore(BUNDLED_KB)


def test_existing_hand_written_source_keeps_its_header_and_gains_a_version(curated):
    store = curated.store
    path = sorted((curated.kb_dir / "evidence").glob("*.yaml"))[0]
    sid = path.stem
    original = path.read_text(encoding="utf-8")
    record = store.get(sid)
    assert record.version == 1 and "version" not in yaml.safe_load(original)
    store.edit(sid, {"year": 2024}, base_version=1, user="anna", reason="Jaar")
    text = path.read_text(encoding="utf-8")
    header = [line for line in original.splitlines() if line.startswith("#")][:1]
    assert text.splitlines()[:len(header)] == header
    doc = yaml.safe_load(text)
    old = yaml.safe_load(original)
    assert doc == {**old, "year": 2024, "version": 2}   # nothing else changed
    assert kb_problems(curated.kb_dir) == []


def test_fingerprints_match_the_loader(curated):
    from chiptalent.kb.curation.snapshot import fingerprints
    from chiptalent.kb.loader import fingerprint

    kb_dir = curated.kb_dir
    before = fingerprint(kb_dir)
    path = kb_dir / "evidence" / "zz-new.yaml"
    old_path = sorted((kb_dir / "evidence").glob("*.yaml"))[0]
    old_bytes = old_path.read_bytes()
    path.write_text("id: zz-new\n")
    old_path.write_bytes(old_bytes + b"# changed\n")
    after = fingerprint(kb_dir)
    got_before, got_after = fingerprints(kb_dir, {
        "evidence/zz-new.yaml": None,
        str(old_path.relative_to(kb_dir)): old_bytes})
    assert (got_before, got_after) == (before, after) and before != after


def test_edit_is_searchable_at_once(curated):
    from chiptalent.kb import load
    from chiptalent.kb.search import build_index, close_searchers, search

    store = curated.store
    iid = sorted(store.kb.interventions)[0]
    sid = store.add(source_fields(11), user="anna", reason="x").id
    build_index(store.kb, curated.data_dir)
    change = store.edit(sid, {"title": "Kwartelkoningbron over chips",
                              "interventions": [iid]},
                        base_version=1, user="anna", reason="titel")
    assert change.indexed == "updated"
    close_searchers()
    # Through the store's KB, and through a fresh load (which finds the same index).
    hits = search(store.kb, "kwartelkoningbron", data_dir=curated.data_dir)["hits"]
    assert [h["id"] for h in hits] == [sid]
    fresh = load(curated.kb_dir, curated.data_dir, fresh=True)
    assert fresh.fingerprint == store.kb.fingerprint
    from chiptalent.kb.search import index_status
    assert index_status(fresh, curated.data_dir)["current"]
    result = search(fresh, "kwartelkoningbron", data_dir=curated.data_dir)
    assert [h["id"] for h in result["hits"]] == [sid]
    # The intervention's index document lists its new evidence too.
    from chiptalent.kb.search import open_index
    with open_index(fresh, curated.data_dir).searcher() as s:
        assert sid in s.document(id=iid)["doc"]["evidence"]
    store.retire(sid, base_version=2, user="anna", reason="weg")
    close_searchers()
    assert search(store.kb, "kwartelkoningbron", data_dir=curated.data_dir)["total"] == 0


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_missing_or_corrupt_index_is_rebuilt(curated, damage):
    import shutil

    from chiptalent.kb.search import build_index, close_searchers, search

    store = curated.store
    sid = store.add(source_fields(12, title="Roerdompbron over scholing"), user="anna",
                    reason="x").id
    path = build_index(store.kb, curated.data_dir)
    close_searchers()
    if damage == "missing":
        shutil.rmtree(path)
    else:
        for seg in path.glob("*.seg"):
            seg.write_bytes(b"\0garbage" * 64)
    result = search(store.kb, "roerdompbron", data_dir=curated.data_dir)
    assert [h["id"] for h in result["hits"]] == [sid]
    # And a write on top of a damaged index still ends searchable.
    close_searchers()
    for seg in path.glob("*.seg"):
        seg.write_bytes(b"\0garbage" * 64)
    store.edit(sid, {"title": "Woudaapbron over scholing"}, base_version=1, user="anna",
               reason="titel")
    close_searchers()
    result = search(store.kb, "woudaapbron", data_dir=curated.data_dir)
    assert [h["id"] for h in result["hits"]] == [sid]


def test_leftover_temp_files_are_not_knowledge(curated):
    store = curated.store
    sid = store.add(source_fields(13), user="anna", reason="x").id
    tmp = curated.kb_dir / "evidence" / f".{sid}.yaml.deadbeef0000.tmp"
    tmp.write_text("id: half-a-file\n")
    assert kb_problems(curated.kb_dir) == []
    store.edit(sid, {"year": 2020}, base_version=1, user="anna", reason="x")
    assert not tmp.exists()          # swept under the source's lock


def test_changelog_path_is_configurable(curated, tmp_path, monkeypatch):
    log = tmp_path / "elsewhere" / "log.jsonl"
    monkeypatch.setenv("CHIPTALENT_CHANGELOG", str(log))
    store = curated.new_store()
    sid = store.add(source_fields(14), user="anna", reason="x").id
    assert json.loads(log.read_text().splitlines()[0])["id"] == sid
    assert not (curated.kb_dir / "changes.jsonl").exists()
    assert os.stat(log).st_size > 0


def test_shacl_on_the_small_graph_of_one_source(curated):
    """The SHACL layer on its own (the schema and reference checks run first in the
    store, so here it gets sources those checks would already have refused)."""
    import dataclasses

    from chiptalent.kb.curation.checks import shacl_problems
    from chiptalent.kb.curation.snapshot import source_from_doc

    kb = curated.store.kb
    iid = sorted(kb.interventions)[0]
    good = source_from_doc({"id": "goede-bron", **source_fields(20, interventions=[iid]),
                            "language": "nl", "status": "draft"})
    assert shacl_problems([good], kb) == []
    bad = dataclasses.replace(good, id="slechte-bron", strength="nope", summary="",
                              interventions=["1a-bestaat-niet"], building_blocks=["9"],
                              target_groups=["aliens"], url="ftp://x", in_seed=True)
    found = {(sid, p.field) for sid, p in shacl_problems([good, bad], kb)}
    assert found == {("slechte-bron", f) for f in (
        "strength", "summary", "interventions", "building_blocks", "target_groups", "url",
        "seed_quote")}


def test_file_order_matches_the_loader(curated):
    """snapshot's fast directory walk lists the files exactly as loader.yaml_files."""
    from chiptalent.kb.curation.snapshot import yaml_file_parts
    from chiptalent.kb.loader import yaml_files

    kb_dir = curated.kb_dir
    for name in ("a.yaml", "a-b.yaml", "a_b.yaml", "A.yaml", "ab.yaml"):
        (kb_dir / "evidence" / name).write_text("x: 1\n")
    (kb_dir / "zz").mkdir()
    (kb_dir / "zz" / "deep.yaml").write_text("x: 1\n")
    (kb_dir / "interventions.yaml").write_text("x: 1\n")     # beside interventions/
    (kb_dir / "evidence" / "notes.txt").write_text("not yaml\n")
    expected = [tuple(p.relative_to(kb_dir).parts) for p in yaml_files(kb_dir)]
    assert yaml_file_parts(kb_dir) == expected


def test_carry_forward_leaves_the_old_index_intact(curated):
    """The index of the state before a write keeps serving that state (a reader still
    holding the old knowledge base sees consistent results), and its files are not
    changed by the update of the new folder."""
    from pathlib import Path

    from chiptalent.kb.search import build_index, close_searchers, index_status, search

    store = curated.store
    sid = store.add(source_fields(30, title="Lepelaarbron over stages"), user="anna",
                    reason="x").id
    old_kb = store.kb
    old_folder = build_index(old_kb, curated.data_dir)
    before = {p.name: p.read_bytes() for p in old_folder.iterdir() if p.is_file()}
    store.edit(sid, {"title": "Kluutbron over stages"}, base_version=1, user="anna",
               reason="titel")
    new_folder = Path(index_status(store.kb, curated.data_dir)["path"])
    assert new_folder != old_folder and new_folder.is_dir()
    after = {p.name: p.read_bytes() for p in old_folder.iterdir() if p.is_file()}
    assert after == before
    close_searchers()
    assert search(old_kb, "lepelaarbron", data_dir=curated.data_dir)["total"] == 1
    assert search(old_kb, "kluutbron", data_dir=curated.data_dir)["total"] == 0
    assert search(store.kb, "kluutbron", data_dir=curated.data_dir)["total"] == 1
    assert search(store.kb, "lepelaarbron", data_dir=curated.data_dir)["total"] == 0
