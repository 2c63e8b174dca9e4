"""Batch import from RIS, BibTeX and CSV: readers, preview with per-row errors, and an
all-or-nothing apply."""

from __future__ import annotations

import pytest
import yaml

from chiptalent.errors import ConflictError, InputError
from chiptalent.kb.curation import ImportRejected, apply_import, preview_import
from chiptalent.kb.curation.formats import latex_to_text, parse_bibtex, parse_ris
from tests.helpers.curation import kb_problems, source_fields

RIS = """TY  - RPRT
TI  - Doorstroom van mbo naar hbo in de
  techniek
PB  - Centraal Planbureau
PY  - 2021///
LA  - dut
KW  - mbo
KW  - doorstroom
UR  - https://example.org/doorstroom
AB  - Een beschrijving van de doorstroom.
ER  - 

TY  - JOUR
TI  - Girls in engineering programmes
PB  - Journal Press
PY  - 2019
LA  - English
KW  - girls-women
AB  - An abstract.
ER  - 
"""

BIBTEX = r"""
@string{cbs = "Centraal Bureau voor de Statistiek"}
% Zotero export
@techreport{cbs2022,
  title = {Werkenden in de {ICT} en techniek: een {\"o}verzicht},
  institution = cbs,
  year = 2022,
  langid = {dutch},
  keywords = {youth, hbo, arbeidsmarkt},
  abstract = {Cijfers over werkenden.},
  url = {https://example.org/cbs}
}
@online{web1, title = {Een webpagina}, publisher = {Iemand}, year = {2020},
        abstract = {Korte tekst.}}
"""


def _defaults():
    return {"strength": "descriptive", "strength_reason": "Beschrijvend onderzoek."}


def _evidence_files(kb_dir):
    return {p.name: p.read_bytes() for p in (kb_dir / "evidence").glob("*.yaml")}


def test_ris_reader():
    records = parse_ris(RIS)
    assert len(records) == 2 and not any(r.errors for r in records)
    first = records[0]
    assert first.kind == "RPRT" and first.line == 1
    assert first.first("TI") == "Doorstroom van mbo naar hbo in de techniek"
    assert first.all("KW") == ["mbo", "doorstroom"]
    broken = parse_ris("TI  - zonder begin\nTY  - RPRT\nTI  - zonder eind\n")
    assert [r.errors != [] for r in broken] == [True, True]
    assert "no end" in broken[1].errors[0][1]


def test_bibtex_reader_and_latex():
    records = parse_bibtex(BIBTEX)
    assert [r.kind for r in records] == ["techreport", "online"]
    first = records[0]
    assert first.first("title") == "Werkenden in de ICT en techniek: een överzicht"
    assert first.first("institution") == "Centraal Bureau voor de Statistiek"
    assert first.lines["title"] == 5
    assert latex_to_text(r"caf\'e {\"O}sterreich Stra{\ss}e \& 50\% a--b") == \
        "café Österreich Straße & 50% a–b"
    broken = parse_bibtex("@article{a, title = {open\n@book{b, title={Dicht}}\n")
    assert broken[0].errors and "never closed" in broken[0].errors[0][1]
    assert broken[1].first("title") == "Dicht" and not broken[1].errors


def test_ris_preview_then_apply(curated):
    store = curated.store
    before = _evidence_files(curated.kb_dir)
    preview = preview_import(RIS, "ris", store=store, defaults=_defaults())
    assert preview.ok, [e.describe() for e in preview.errors]
    assert [r.kind for r in preview.rows] == ["new", "new"]
    first, second = preview.rows
    assert first.source_id == "centraal-planbureau-doorstroom-van-mbo-naar-hbo-in-de"  # <= 60
    assert first.doc["levels"] == ["mbo"] and first.doc["alt_labels"] == ["doorstroom"]
    assert first.doc["year"] == 2021 and first.doc["language"] == "nl"
    assert second.doc["target_groups"] == ["girls-women"] and second.doc["language"] == "en"
    assert first.doc["status"] == "draft"
    assert "+title: Doorstroom van mbo naar hbo in de techniek" in first.diff
    assert _evidence_files(curated.kb_dir) == before            # preview writes nothing

    changes = apply_import(preview, "anna", "Zotero-export van de werkgroep")
    assert [c.action for c in changes] == ["import", "import"]
    assert len({c.batch for c in changes}) == 1
    assert set(_evidence_files(curated.kb_dir)) == set(before) | {
        f"{r.source_id}.yaml" for r in preview.rows}
    assert kb_problems(curated.kb_dir) == []
    entry = store.history(first.source_id)[0]
    assert entry["user"] == "anna" and entry["action"] == "import"
    assert entry["reason"] == "Zotero-export van de werkgroep"

    # The same export again: matched by url and title, nothing to change.
    again = preview_import(RIS, "ris", store=store, defaults=_defaults())
    assert [r.kind for r in again.rows] == ["unchanged", "unchanged"]
    assert apply_import(again, "anna", "nogmaals") == []


def test_bibtex_bad_rows_change_nothing_and_are_named(curated):
    store = curated.store
    before = _evidence_files(curated.kb_dir)
    preview = preview_import(BIBTEX, "bibtex", store=store)      # no defaults
    assert not preview.ok
    by_row = {}
    for error in preview.errors:
        by_row.setdefault(error.row, set()).add(error.field)
    # Row 1 lacks strength and its reason; row 2 (@online) has no evidence type either.
    assert {"strength", "strength_reason"} <= by_row[1]
    assert {"type", "strength", "strength_reason"} <= by_row[2]
    assert all(e.line for e in preview.errors)
    text = preview.describe()
    assert "row 2 (line 13): type:" in text
    with pytest.raises(ImportRejected) as info:
        apply_import(preview, "anna", "probeer")
    assert "row 1" in info.value.message and "row 2" in info.value.message
    assert _evidence_files(curated.kb_dir) == before
    # With defaults the batch is fine.
    fixed = preview_import(BIBTEX, "bibtex", store=store,
                           defaults={**_defaults(), "type": "knowledge-base"})
    assert fixed.ok and [r.doc["type"] for r in fixed.rows] == ["report", "knowledge-base"]
    assert fixed.rows[0].doc["publisher"] == "Centraal Bureau voor de Statistiek"
    assert fixed.rows[0].doc["levels"] == ["hbo"]
    assert fixed.rows[0].doc["target_groups"] == ["youth"]


def test_csv_rows_name_line_field_and_allowed_values(curated):
    store = curated.store
    iid = sorted(store.kb.interventions)[0]
    existing = store.add(source_fields("csv"), user="anna", reason="x").id
    before = _evidence_files(curated.kb_dir)
    csv_text = (
        "id,title,publisher,url,year,language,type,summary,strength,strength_reason,"
        "interventions,building_blocks,target_groups,levels\n"
        f",Nieuwe bron,Uitgever,,2020,nl,report,Samenvatting.,descriptive,Reden.,{iid},,"
        "youth;parents,mbo;hbo\n"
        f"{existing},,,,,,,,indicative,Nu met vergelijkingsgroep.,,,,\n"
        ",Foute bron,Uitgever,,vorig jaar,nl,report,Tekst.,heel-sterk,Reden.,,,"
        "aliens,mbo\n"
        ',"Meerregelige, bron",Uitgever,,,fr,report,"Regel een\nregel twee",'
        "descriptive,Reden.,,9,,\n"
    )
    preview = preview_import(csv_text, "csv", store=store)
    kinds = [r.kind for r in preview.rows]
    assert kinds == ["new", "changed", "invalid", "invalid"]
    new, changed, bad, multi = preview.rows
    assert new.doc["building_blocks"] == [store.kb.interventions[iid].building_block]
    assert new.doc["target_groups"] == ["youth", "parents"]
    assert changed.base_version == 1 and set(changed.changes) == {"strength",
                                                                 "strength_reason"}
    assert "-strength: descriptive" in changed.diff and "+version: 2" in changed.diff
    errors = {(e.row, e.field): e for e in preview.errors}
    assert errors[(3, "year")].line == 4 and "allowed" in errors[(3, "year")].message
    assert "allowed" in errors[(3, "strength")].message \
        or "heel-sterk" in errors[(3, "strength")].message
    assert "girls-women" in errors[(3, "target_groups")].message   # the allowed list
    assert errors[(4, "language")].line == 5
    assert "nl, en" in errors[(4, "language")].message
    assert (4, "building_blocks") in errors
    with pytest.raises(ImportRejected):
        apply_import(preview, "anna", "alles of niets")
    assert _evidence_files(curated.kb_dir) == before             # all or nothing
    assert kb_problems(curated.kb_dir) == []


def test_csv_header_errors_refuse_the_file(curated):
    with pytest.raises(InputError) as info:
        preview_import("id;title\n;x\n", "csv", store=curated.store)
    assert "separate columns with ','" in info.value.message
    with pytest.raises(InputError) as info:
        preview_import("id,titel\n,x\n", "csv", store=curated.store)
    assert info.value.field == "titel" and "allowed" in info.value.message


def test_duplicate_rows_and_conflict_between_preview_and_apply(curated):
    store = curated.store
    sid = store.add(source_fields("dup"), user="anna", reason="x").id
    csv_text = ("id,strength_reason\n"
                f"{sid},Eerste reden.\n"
                f"{sid},Tweede reden.\n")
    preview = preview_import(csv_text, "csv", store=store)
    assert [r.kind for r in preview.rows] == ["changed", "invalid"]
    assert "as row 1" in preview.rows[1].errors[0].message

    ok = preview_import(f"id,strength_reason\n{sid},Eerste reden.\n", "csv", store=store)
    assert ok.ok
    # Someone edits the source after the preview: the apply conflicts, writes nothing.
    store.edit(sid, {"year": 2022}, base_version=1, user="bob", reason="tussendoor")
    before = store.get(sid).raw
    with pytest.raises(ConflictError):
        apply_import(ok, "anna", "te laat")
    assert store.get(sid).raw == before


def test_import_from_a_file_path_guesses_the_format(curated, tmp_path):
    path = tmp_path / "export.ris"
    path.write_text(RIS, encoding="utf-8")
    preview = preview_import(path, store=curated.store, defaults=_defaults())
    assert preview.fmt == "ris" and preview.ok and len(preview.rows) == 2
    changes = apply_import(preview, "anna", "uit bestand")
    for change in changes:
        doc = yaml.safe_load(curated.store.path_of(change.id).read_text())
        assert doc["version"] == 1 and doc["status"] == "draft"
    with pytest.raises(InputError, match="format"):
        preview_import(RIS, store=curated.store)     # text without a name or format


def test_text_that_names_a_file_is_content_not_a_path(tmp_path):
    from chiptalent.errors import InputError
    from chiptalent.kb.curation.importers import preview_import
    secret = tmp_path / "geheim.csv"
    secret.write_text("id,title\n,Geheime bron\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        preview_import(str(secret), "csv")          # one line of text, not a file to open
    assert "Geheime bron" not in str(info.value)
