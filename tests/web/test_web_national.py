"""The national page (/national): the four example plans compared, plans uploaded beside
them, the chart of money asked and allocated with its data table, the workers against
the goal, the downloads; in a real headless Chromium with axe-core too. Screenshots:
test-artifacts/web/national-*.png."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from tests.helpers.forms import form_post

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
REGIONS = ("Brainport Eindhoven", "Twente", "Delft/Zuid-Holland", "Groningen/Noord-Nederland")


def _upload(*names_and_bytes):
    return [(io.BytesIO(raw), name) for name, raw in names_and_bytes]


def test_the_page_compares_the_four_example_plans(client):
    response = client.get("/national")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for region in REGIONS:
        assert region in page
    assert 'aria-current="page"' in page and ">Landelijk beeld</a>" in page
    chart = re.search(r'<svg class="chart" id="chart-national-money" role="img"[^>]*>', page)
    assert chart and 'aria-describedby="chart-national-money-desc"' in chart[0]
    assert 'id="chart-national-workers"' in page
    assert 'id="allocation-table"' in page                   # the chart's data table
    assert "Optimaal" in page and "Reserveringen juli 2024" in page
    assert "33.000" in page and "38.115" in page
    assert "<script" not in page.split("<main", 1)[1]


def test_the_english_page_marks_dutch_plan_titles_and_quotes_with_their_language(client):
    from chiptalent.i18n.language_guess import guess_language
    page = client.get("/national?lang=en").get_data(as_text=True)
    plans_table = re.search(r'<table class="compare-plans">.*?</table>', page, re.S)[0]
    titles = re.findall(r'<td lang="(\w+)">([^<]*)</td>', plans_table)
    assert len(titles) == 4 and all(code == "nl" for code, _ in titles)
    quotes = re.findall(r'<(q|cite)( lang="\w+")?>([^<]+)</', page)
    assert quotes
    for tag, attr, words in quotes:
        if guess_language(words, "en") == "nl":
            assert attr == ' lang="nl"', (tag, words)


def test_uploaded_plans_are_compared_and_an_unreadable_one_is_reported(client):
    data = {"examples": "", "budget": "100000000",
            "plans": _upload(("twente.yaml", (PLANS / "twente.yaml").read_bytes()),
                             ("kapot.yaml", b"region: [twente\n"),
                             ("laag.yaml", (PLANS / "flawed-cofinancing-below-third.yaml")
                              .read_bytes()))}
    response = form_post(client, "/national", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "2 plannen vergeleken bij een budget van € 100.000.000" in page
    assert "kapot.yaml" in page and "Niet te lezen" in page
    assert "Niet te financieren" in page and "cofinancing.below-third" in page
    plans_table = re.search(r'<table class="compare-plans">.*?</table>', page, re.S)[0]
    assert "Twente" in plans_table and "Brainport Eindhoven" not in plans_table


def test_nothing_to_compare_and_a_bad_budget_are_named(client):
    response = form_post(client, "/national", data={"examples": ""},
                         content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="plans-error"' in page and "ten minste één plan" in page
    response = client.get("/national?budget=veel")
    assert response.status_code == 400
    assert 'id="budget-error"' in response.get_data(as_text=True)


def test_no_readable_plan_says_so(client):
    data = {"examples": "", "plans": _upload(("kapot.yaml", b"region: [twente\n"))}
    response = form_post(client, "/national", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Geen enkel plan was te lezen." in response.get_data(as_text=True)


@pytest.mark.parametrize("ext, mimetype", [("md", "text/markdown"), ("html", "text/html"),
                                           ("json", "application/json")])
def test_downloads_of_the_examples(client, ext, mimetype):
    response = client.get(f"/national/report.{ext}")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="landelijk-beeld.{ext}"'
    body = response.get_data(as_text=True)
    if ext == "json":
        doc = json.loads(body)
        assert [p["id"] for p in doc["plans"]] == ["brainport", "twente", "delft", "groningen"]
        assert doc["national"]["requested"] == sum(p["requested"] for p in doc["plans"])
    else:
        assert "Landelijk beeld" in body and "Brainport Eindhoven" in body
    if ext == "html":
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_the_downloads_of_an_upload_carry_the_uploaded_plan(client):
    text = (PLANS / "delft.yaml").read_text(encoding="utf-8")
    response = form_post(client, "/national/report.json",
                         data={"budget": "5000000", "plan_name": "mijn-plan.yaml",
                               "plan_text": text})
    assert response.status_code == 200
    doc = json.loads(response.get_data(as_text=True))
    assert [p["file"] for p in doc["plans"]] == ["mijn-plan.yaml"]
    assert doc["national"]["budget"] == 5_000_000
    assert all(s["spent"] <= 5_000_000 for s in doc["scenarios"])


@pytest.mark.browser
def test_national_page_in_the_browser(browser, live_server, axe, screenshot, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/national")
    chart = page.locator("svg#chart-national-money")
    assert chart.get_attribute("role") == "img" and chart.is_visible()
    assert page.locator("table.compare-plans tbody tr").count() == 4
    screenshot(page, "national-examples")
    assert axe(page) == []

    # Upload Groningen again beside the examples, at a smaller budget.
    page.set_input_files("#plans", str(PLANS / "groningen.yaml"))
    page.fill("#budget", "200000000")
    page.locator("#national-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "5 plannen vergeleken bij een budget van € 200.000.000" in page.inner_text("main")
    assert page.locator("table.compare-plans tbody tr").count() == 5
    screenshot(page, "national-upload")
    assert axe(page) == []

    with page.expect_download() as info:
        page.get_by_role("button", name="JSON", exact=True).click()
    path = tmp_path / "landelijk-beeld.json"
    info.value.save_as(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert len(doc["plans"]) == 5 and doc["national"]["budget"] == 200_000_000
    assert doc["plans"][-1]["id"] == "groningen-2"
    assert errors == []
    context.close()


@pytest.mark.browser
def test_national_page_on_a_small_screen(browser, live_server, axe, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_server + "/national")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("svg#chart-national-money").is_visible()
        screenshot(page, "national-mobile")
        assert axe(page) == []
    finally:
        context.close()
