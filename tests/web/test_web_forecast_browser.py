"""The check page's fan and tornado charts and an intervention's yield in a real headless
Chromium (Playwright) against waitress: the charts are drawn, visible and named, their
tables equal the JSON twin, a changed assumption in the URL changes the intervention
page, and axe-core finds no serious or critical violation. Screenshots:
test-artifacts/web/forecast-*.png."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from chiptalent.i18n import format_number

pytestmark = pytest.mark.browser

PLAN = (Path(__file__).resolve().parents[2] / "examples" / "plans"
        / "flawed-contribution-above-projection.yaml")


def checked_page(page, live_server):
    page.goto(live_server + "/check")
    page.fill("#plan", PLAN.read_text(encoding="utf-8"))
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_selector("svg#fan-chart")


def json_twin(live_server) -> dict:
    request = Request(live_server + "/api/check", data=PLAN.read_bytes(),
                      headers={"Content-Type": "application/yaml"})
    with urlopen(request, timeout=60) as response:
        return json.load(response)


def cells(page, table_id: str) -> list[list[str]]:
    return page.evaluate(f"""() => Array.from(document.querySelectorAll('#{table_id} tbody tr'))
        .map(r => Array.from(r.querySelectorAll('th, td')).map(c => c.textContent.trim()))""")


def test_fan_and_tornado_charts_in_chromium(page, live_server, screenshot):
    checked_page(page, live_server)
    fan = page.locator("svg#fan-chart")
    assert fan.is_visible() and fan.get_attribute("role") == "img"
    assert fan.get_attribute("aria-label") == "Extra werkenden per jaar"
    box = fan.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    # the band has an area and the median lies inside it, year by year
    band = page.locator("svg#fan-chart polygon.band").bounding_box()
    assert band["width"] > 200 and band["height"] > 5
    assert page.locator("svg#fan-chart circle.median-point").count() == 6
    tornado = page.locator("svg#tornado-chart")
    assert tornado.is_visible() and tornado.get_attribute("role") == "img"
    widths = page.evaluate("""() => Array.from(document.querySelectorAll(
        '#tornado-chart g.bar')).map(g => g.getBBox().width)""")
    assert len(widths) >= 3 and all(w > 0 for w in widths)
    screenshot(page, "forecast-check-page")

    doc = json_twin(live_server)["totals"]["forecast"]
    n = lambda v: format_number(v, "nl")        # noqa: E731
    assert cells(page, "fan-table") == [[year, n(q["p10"]), n(q["p50"]), n(q["p90"])]
                                        for year, q in doc["extra_workers_by_year"].items()]
    tornado_rows = cells(page, "tornado-table")
    assert [r[1:] for r in tornado_rows] == [[n(e["low"]), n(e["high"]), n(e["swing"])]
                                            for e in doc["sensitivity"]]
    assert page.console_errors == []


def test_a_changed_assumption_in_the_url_changes_the_intervention_page(page, live_server):
    page.goto(live_server + "/interventions/3-bbl-partnerschappen")
    plain = page.locator("td.per-million").all_inner_texts()
    page.locator("details.assumptions summary").click()
    field = page.locator('input[name="set.sector_entry.mbo.bbl"]')
    assert field.is_visible()
    field.fill("0.9")
    page.locator("form.assumption-form button[type=submit]").click()
    page.wait_for_url("**?set=sector_entry.mbo.bbl%3D0.9")
    changed = page.locator("td.per-million").all_inner_texts()
    assert plain and changed != plain
    assert page.locator("li.overridden code").text_content() == "sector_entry.mbo.bbl"


def test_axe_on_the_forecast_pages(axe_page, live_server, axe, screenshot):
    checked_page(axe_page, live_server)
    screenshot(axe_page, "forecast-axe-check")
    assert axe(axe_page) == []
    axe_page.goto(live_server + "/interventions/3-bbl-partnerschappen?set=deadweight.places=0.2")
    axe_page.locator("details.assumptions summary").click()
    assert axe(axe_page) == []
