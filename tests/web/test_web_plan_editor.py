"""The plan editor (issue 18.2) over Flask's test client: "Maak hier een plan van" on
every arrangement of the advice opens the editor filled from the draft, in the sections
of Bijlage 1 with each section's findings and forecast beside it; the plan downloads as
YAML that uploads again to the same form and downloads to the same text; bad input is
shown at the field it names; the plan goes to the check page; every form needs its CSRF
token."""

from __future__ import annotations

import io
import json
import re
from html import unescape
from pathlib import Path

import pytest

from chiptalent.i18n import format_money
from chiptalent.kb.yamlio import load_document
from chiptalent.rules.draft import draft_plan
from tests.helpers.forms import form_data

ADVICE = "/recommend?region=twente&budget=72000000"
DRAFT = "/plan/draft?region=twente&budget=72000000&arrangement=budget-optimal"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plans" / "twente.yaml"


def normal(document):
    """A document as JSON sees it (YAML's numeric year keys become text)."""
    return json.loads(json.dumps(document))


@pytest.fixture(scope="module")
def editor(app):
    client = app.test_client()
    response = client.get(DRAFT)
    return client, response.status_code, response.get_data(as_text=True)


def post(client, fields: dict, **extra):
    data = dict(fields)
    data.update(extra)
    return client.post("/plan/edit", data=data)


def test_every_arrangement_has_a_make_a_plan_link(client):
    html = client.get(ADVICE).get_data(as_text=True)
    articles = re.findall(r'<article class="arrangement" id="([^"]+)"', html)
    links = re.findall(r'<a class="button" href="(/plan/draft\?[^"]+)" data-arrangement='
                       r'"([^"]+)">Maak hier een plan van', html)
    assert articles and [a for _, a in links] == articles
    href = unescape(links[0][0])
    assert "region=twente" in href and "budget=72000000" in href
    assert href.endswith("arrangement=budget-optimal")


def test_the_editor_is_filled_from_the_draft(editor, kb):
    _, status, html = editor
    assert status == 200
    for n in range(1, 8):
        assert f'id="section-{n}"' in html and f'id="panel-{n}"' in html
    made = draft_plan(region="twente", kb=kb, budget=72_000_000,
                      arrangement="budget-optimal")
    draft = made["plan"]
    fields = form_data(html, "plan-editor")
    assert fields["region"] == "twente"
    assert fields["title"] == draft["title"]
    assert fields["solutions[0].funding_requested"] == str(draft["solutions"][0]
                                                           ["funding_requested"])
    assert fields["conditions.housing"].startswith("<in te vullen")
    # the findings and the forecast beside the sections
    panel_1 = html[html.index('id="panel-1"'):html.index('id="section-2"')]
    assert 'data-code="plan.placeholder"' in panel_1
    panel_2 = html[html.index('id="panel-2"'):html.index('id="section-3"')]
    assert 'data-forecast="solutions"' in panel_2 and 'data-figure="total-p50"' in panel_2
    panel_7 = html[html.index('id="panel-7"'):]
    assert 'data-figure="requested"' in panel_7
    assert format_money(made["about"]["requested"], "nl", 0) in panel_7
    assert 'data-verdict="incoherent"' in html
    assert 'data-arrangement="budget-optimal"' in html        # where the draft came from


def test_the_downloaded_yaml_round_trips(editor, kb):
    client, _, html = editor
    fields = form_data(html, "plan-editor")
    first = post(client, fields, action="download")
    assert first.status_code == 200
    assert first.headers["Content-Disposition"] == 'attachment; filename="plan-twente.yaml"'
    text = first.get_data(as_text=True)
    draft = draft_plan(region="twente", kb=kb, budget=72_000_000,
                       arrangement="budget-optimal")["plan"]
    assert normal(load_document(text, "plan.yaml")) == normal(draft)
    uploaded = client.post("/plan/upload", data={
        "file": (io.BytesIO(first.get_data()), "plan-twente.yaml"),
        "csrf_token": fields["csrf_token"]}, content_type="multipart/form-data")
    assert uploaded.status_code == 200
    again = post(client, form_data(uploaded.get_data(as_text=True), "plan-editor"),
                 action="download")
    assert again.get_data(as_text=True) == text


def test_an_uploaded_plan_loses_nothing(client, kb):
    from chiptalent.rules.plan import read_plan

    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/check").get_data(as_text=True))[1]
    original = EXAMPLE.read_bytes()
    uploaded = client.post("/plan/upload", data={
        "file": (io.BytesIO(original), "twente.yaml"), "csrf_token": token},
        content_type="multipart/form-data")
    assert uploaded.status_code == 200
    fields = form_data(uploaded.get_data(as_text=True), "plan-editor")
    back = post(client, fields, action="download").get_data(as_text=True)
    before = read_plan(load_document(original, "twente.yaml"))
    after = read_plan(load_document(back, "plan.yaml"))
    assert after.solutions == before.solutions          # intake and participants by year too
    assert after.budget == before.budget and after.conditions == before.conditions
    assert after.consortium == before.consortium
    assert set(after.existing_programmes) == set(before.existing_programmes)  # its order: the form's


@pytest.mark.parametrize("name, value", [
    ("solutions[0].participants.mbo", "veel"),
    ("solutions[0].contribution.hbo", "-3"),
    ("budget.cofinancing[0].amount", "twee miljoen"),
])
def test_bad_input_is_shown_at_the_field_it_names(editor, name, value):
    client, _, html = editor
    fields = form_data(html, "plan-editor")
    fields[name] = value
    response = post(client, fields, action="update")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{name}-error"' in page
    error = page[page.index(f'id="{name}-error"'):]
    assert name in unescape(error[:400])                   # the message names the field
    assert f'id="{name}" name="{name}" type="text" inputmode="numeric" value="{value}"' \
        in page and 'aria-invalid="true"' in page         # what was typed stays
    live = client.post("/plan/edit.json", data=fields)
    assert live.status_code == 400
    assert live.get_json()["error"]["input"] == name


def test_an_edit_changes_findings_and_forecast(editor):
    client, _, html = editor
    fields = form_data(html, "plan-editor")
    before = client.post("/plan/edit.json", data=fields).get_json()
    fields["consortium[0].name"] = "Universiteit Twente"
    fields["solutions[0].participants.mbo"] = "1000"
    after = client.post("/plan/edit.json", data=fields).get_json()
    assert before["ok"] and after["ok"]
    assert after["counts"]["error"] == before["counts"]["error"] - 1
    total = re.compile(r'data-figure="total-p50">([^<]+)<')
    assert total.search(after["panels"]["2"])[1] != total.search(before["panels"]["2"])[1]
    assert 'data-code="budget.requested-unexplained"' in after["panels"]["7"]


def test_the_plan_goes_to_the_check_page(editor):
    client, _, html = editor
    response = post(client, form_data(html, "plan-editor"), action="check")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="result check-result"' in page and "plan.placeholder" in page


def test_forms_need_their_csrf_token(editor):
    client, _, html = editor
    fields = form_data(html, "plan-editor")
    fields.pop("csrf_token")
    assert client.post("/plan/edit", data=fields).status_code == 400
    assert client.post("/plan/edit.json", data=fields).status_code == 400


def test_an_unreadable_upload_names_the_file(editor):
    client, _, html = editor
    token = form_data(html, "plan-editor")["csrf_token"]
    response = client.post("/plan/upload", data={
        "file": (io.BytesIO(b"region: [twente\n"), "kapot.yaml"), "csrf_token": token},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'id="file-error"' in response.get_data(as_text=True)


def test_a_draft_without_a_region_says_so(client):
    response = client.get("/plan/draft")
    assert response.status_code == 400
    assert "regio" in response.get_data(as_text=True)
    bad = client.get("/plan/draft?region=twente&arrangement=arrangement-z")
    assert bad.status_code == 400 and "arrangement-z" in bad.get_data(as_text=True)


def test_a_fourth_arrangement_of_the_advice_can_be_drafted(client):
    html = client.get("/recommend?region=twente&top=4").get_data(as_text=True)
    ids = re.findall(r'data-arrangement="(arrangement-[a-z])"', html)
    assert "arrangement-d" in ids
    response = client.get("/plan/draft?region=twente&top=4&arrangement=arrangement-d")
    assert response.status_code == 200
    assert 'data-arrangement="arrangement-d"' in response.get_data(as_text=True)


def test_a_huge_row_number_is_one_row(editor):
    client, _, html = editor
    fields = form_data(html, "plan-editor")
    fields["solutions[99999999].title"] = "Nog een oplossing"
    fields["solutions[99999999].funding_requested"] = "veel"
    response = post(client, fields, action="update")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count('class="solution"') == len({k.split("]")[0] for k in fields
                                                  if k.startswith("solutions[")})
    # the plan calls it solutions[n] (the rows before it); the page marks the form's row
    assert 'id="solutions[99999999].funding_requested-error"' in page


def test_an_error_after_an_empty_row_lands_on_its_own_row(editor):
    client, _, html = editor
    fields = form_data(html, "plan-editor")
    for key in [k for k in fields if k.startswith("solutions[1].")]:
        fields.pop(key)                                 # the second solution emptied
    fields["solutions[2].students.hbo"] = "x"           # in the plan: solutions[1]
    response = post(client, fields, action="update")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="solutions[2].students.hbo-error"' in page
    assert "solutions[1].students.hbo" in page          # the reader's own path, named
