"""Importing evidence through the web: upload, preview with per-row errors, confirm.

Nothing is written until the adviser confirms; a batch with a bad row is never written;
a knowledge base that changed between preview and confirm gives a 409, not a surprise.
"""

from __future__ import annotations

import io
import re

from tests.helpers.curation import kb_problems
from tests.helpers.forms import form_data
from tests.helpers.web_curation import RIS

HEADER = ("id,title,publisher,url,year,language,type,summary,strength,strength_reason,"
          "interventions,building_blocks,target_groups,levels\n")



def _files(curated) -> dict:
    return {p.name: p.read_bytes() for p in (curated.kb_dir / "evidence").glob("*.yaml")}


def _changelog(curated):
    path = curated.kb_dir / "changes.jsonl"
    return path.read_bytes() if path.exists() else b""


def _upload(client, text: str, name: str = "bronnen.csv", **fields):
    token = form_data(client.get("/curation/import/").get_data(as_text=True),
                      "import-form")["csrf_token"]
    data = {"csrf_token": token, "format": "", **fields,
            "file": (io.BytesIO(text.encode("utf-8")), name)}
    return client.post("/curation/import/", data=data, content_type="multipart/form-data")


def test_bad_rows_are_named_and_nothing_changes_until_confirmed(curated):
    client = curated.client("anna")
    iid = sorted(curated.store.kb.interventions)[0]
    before, log_before = _files(curated), _changelog(curated)
    csv_text = (HEADER
                + f",Goede bron,Uitgever,,2020,nl,report,Samenvatting.,descriptive,"
                  f"Reden.,{iid},,youth,mbo\n"
                + ",Foute bron,Uitgever,,vorig jaar,nl,report,Tekst.,heel-sterk,Reden.,,,"
                  "aliens,mbo\n"
                + ",<script>alert(1)</script>,Uitgever,,2020,fr,report,Tekst.,descriptive,"
                  "Reden.,,,,\n")
    response = _upload(client, csv_text)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Er is nog niets opgeslagen." in page
    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd, 2 met fouten." in page
    # Every bad row is named, with its line and field, in the summary and at the row.
    assert '<a href="#row-2">Rij 2</a> (regel 3): <strong class="field-name">Jaar</strong>' in page
    assert '<a href="#row-2">Rij 2</a> (regel 3): <strong class="field-name">Sterkte</strong>' in page
    assert '<a href="#row-2">Rij 2</a> (regel 3): <strong class="field-name">Doelgroepen</strong>' in page
    assert '<a href="#row-3">Rij 3</a> (regel 4): <strong class="field-name">Taal</strong>' in page
    assert 'id="row-1" class="import-row kind-new"' in page
    assert 'id="row-2" class="import-row kind-invalid"' in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    # A batch with errors cannot be confirmed: no confirm form, and a forged confirm
    # with the upload's token is refused.
    assert 'class="stacked confirm-form"' not in page
    uploads = list((curated.data_dir / "curation-uploads").glob("*.json"))
    assert len(uploads) == 1 and (uploads[0].stat().st_mode & 0o077) == 0
    token = form_data(client.get("/curation/import/").get_data(as_text=True),
                      "import-form")["csrf_token"]
    forged = client.post("/curation/import/confirm",
                         data={"csrf_token": token, "upload": uploads[0].stem,
                               "digest": re.search(r'"digest" value="(\w+)"', page)
                               .group(1) if '"digest"' in page else "x",
                               "reason": "toch maar"})
    assert forged.status_code in (400, 409)
    assert _files(curated) == before and _changelog(curated) == log_before


def test_a_clean_batch_is_previewed_then_applied_on_confirm(curated):
    client = curated.client("anna")
    iid = sorted(curated.store.kb.interventions)[0]
    before = _files(curated)
    csv_text = (HEADER
                + f",Goede bron,Uitgever,,2020,nl,report,Samenvatting.,descriptive,"
                  f"Reden.,{iid},,youth,mbo\n"
                + "katapult,,,,,,evaluation,,indicative,Met vergelijking over jaren.,,,,\n")
    response = _upload(client, csv_text)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "1 nieuw, 1 gewijzigd, 0 ongewijzigd, 0 met fouten." in page
    assert "+version: 2" in page and "-strength: descriptive" in page   # the diff
    assert _files(curated) == before                                  # not yet

    confirm = form_data(page, "confirm-form")
    response = client.post("/curation/import/confirm", data=confirm)   # no reason
    assert response.status_code == 400 and 'id="f-reason-error"' in response.get_data(
        as_text=True)
    assert _files(curated) == before

    confirm["reason"] = "Monitor 2024 ingelezen"
    response = client.post("/curation/import/confirm", data=confirm)
    assert response.status_code == 200
    done = response.get_data(as_text=True)
    assert "2 bronnen opgeslagen." in done
    new_id = "uitgever-goede-bron"
    assert f'href="/evidence/{new_id}"' in done
    # The new state shows at once, with the import in the history.
    page = client.get(f"/evidence/{new_id}").get_data(as_text=True)
    assert "Goede bron" in page and "geïmporteerd" in page and "Monitor 2024" in page
    assert "Deze bron is een concept" in page
    assert "Eerste aanwijzingen" in client.get("/evidence/katapult").get_data(as_text=True)
    # A confirmed upload cannot be applied twice.
    assert client.post("/curation/import/confirm", data=confirm).status_code == 400
    assert kb_problems(curated.kb_dir) == []


def test_a_kb_that_changed_after_the_preview_gives_409_and_a_new_preview(curated):
    client = curated.client("anna")
    response = _upload(client, HEADER + "katapult,,,,2019,,,,,,,,,\n")
    confirm = form_data(response.get_data(as_text=True), "confirm-form")
    confirm["reason"] = "jaartal"
    # Someone edits the source between preview and confirm.
    store = curated.store
    store.edit("katapult", {"title": "Tussendoor gewijzigd"}, base_version=1,
               user="anna", reason="tussendoor")
    before = _files(curated)
    response = client.post("/curation/import/confirm", data=confirm)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "De kennisbank is sinds het voorbeeld gewijzigd" in page
    assert _files(curated) == before
    # The new preview (based on version 2) can be confirmed.
    again = form_data(page, "confirm-form")
    assert again["upload"] != confirm["upload"] and again["reason"] == "jaartal"
    assert client.post("/curation/import/confirm", data=again).status_code == 200
    assert store.get("katapult").doc["year"] == 2019
    assert store.get("katapult").doc["title"] == "Tussendoor gewijzigd"


def test_ris_with_defaults_and_an_unreadable_upload(curated):
    client = curated.client("anna")
    response = _upload(client, RIS, "export.ris")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "strength" in page
    assert 'class="stacked confirm-form"' not in page           # no strength: errors
    response = _upload(client, RIS, "export.ris", default_strength="descriptive",
                       default_strength_reason="Beschrijvende cijfers.")
    assert response.status_code == 200
    assert 'class="stacked confirm-form"' in response.get_data(as_text=True)
    # Not UTF-8, empty, an unknown format, a bad CSV header: 400 on the upload form.
    token = form_data(client.get("/curation/import/").get_data(as_text=True),
                      "import-form")["csrf_token"]
    latin = client.post("/curation/import/", content_type="multipart/form-data",
                        data={"csrf_token": token,
                              "file": (io.BytesIO("Caf\xe9".encode("latin-1")), "a.csv")})
    assert latin.status_code == 400 and "UTF-8" in latin.get_data(as_text=True)
    assert _upload(client, "", "a.csv").status_code == 400
    unknown = _upload(client, "x\n", "a.txt")
    assert unknown.status_code == 400 and 'id="f-format-error"' in unknown.get_data(
        as_text=True)
    header = _upload(client, "id,titel\n,x\n")
    assert header.status_code == 400 and "titel" in header.get_data(as_text=True)


def test_an_upload_naming_a_server_file_is_read_as_text_not_as_a_path(curated, tmp_path):
    # An upload whose text is a server path must never be read from the server's disk.
    secret = tmp_path / "geheim.csv"
    secret.write_text(HEADER + ",Geheime bron van de server,Uitgever,,2020,nl,report,"
                      "Tekst.,descriptive,Reden.,,,,\n", encoding="utf-8")
    client = curated.client("anna")
    response = _upload(client, str(secret), "bronnen.csv")
    page = response.get_data(as_text=True)
    assert "Geheime bron" not in page
    assert response.status_code == 400                         # not a CSV header
    assert str(secret) in page                                 # read as the text it is


def test_a_preview_belongs_to_the_adviser_who_made_it(curated, monkeypatch):
    from chiptalent.accounts import add_user
    from tests.helpers.web_curation import PASSWORD

    add_user("bram", PASSWORD, "adviser", data_dir=curated.data_dir)
    anna, bram = curated.client("anna"), curated.client("bram")
    response = _upload(anna, HEADER + "katapult,,,,2019,,,,,,,,,\n")
    confirm = form_data(response.get_data(as_text=True), "confirm-form")
    confirm["reason"] = "jaartal"
    bram_token = form_data(bram.get("/curation/import/").get_data(as_text=True),
                           "import-form")["csrf_token"]
    response = bram.post("/curation/import/confirm",
                         data={**confirm, "csrf_token": bram_token})
    assert response.status_code == 400 and "verlopen of onbekend" in response.get_data(
        as_text=True)
    assert curated.store.get("katapult").version == 1
