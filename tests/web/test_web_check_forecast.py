"""The check page's forecast (issue 15.3): a fan chart and a tornado chart as server-side
SVG with a data table behind each, equal to the JSON twin (POST /api/check), and each
solution's claim against its forecast."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from tests.helpers.forms import form_post

from chiptalent.i18n import format_number

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
PLAN = PLANS / "flawed-contribution-above-projection.yaml"


@pytest.fixture(scope="module")
def checked(app):
    text = PLAN.read_text(encoding="utf-8")
    client = app.test_client()
    page = form_post(client, "/check", {"plan": text}).get_data(as_text=True)
    doc = client.post("/api/check", data=text.encode(),
                      content_type="application/yaml").get_json()
    return page, doc


def table(page: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table class="figures" id="{table_id}">(.*?)</table>', page, re.S)
    assert body, table_id
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1).split("<tbody>")[1], re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def n(value) -> str:
    return format_number(value, "nl")


def test_the_json_twin_carries_the_forecast(checked):
    _, doc = checked
    forecast = doc["totals"]["forecast"]
    assert forecast["draws"] == 2000
    assert set(forecast["extra_workers_by_year"]) == {str(y) for y in range(2025, 2031)}


def test_fan_table_equals_the_json(checked):
    page, doc = checked
    by_year = doc["totals"]["forecast"]["extra_workers_by_year"]
    assert table(page, "fan-table") == [[year, n(q["p10"]), n(q["p50"]), n(q["p90"])]
                                        for year, q in by_year.items()]


def test_tornado_table_equals_the_json(checked):
    page, doc = checked
    rows = table(page, "tornado-table")
    sensitivity = doc["totals"]["forecast"]["sensitivity"]
    assert len(rows) == len(sensitivity) > 3
    for row, entry in zip(rows, sensitivity):
        assert row[0].startswith(entry["parameter"] + " ")
        assert row[1:] == [n(entry["low"]), n(entry["high"]), n(entry["swing"])]


def test_demand_table_has_the_regions_and_the_national_demand(checked):
    page, doc = checked
    demand = doc["totals"]["forecast"]["demand"]
    rows = {r[0]: r for r in table(page, "demand-table")}
    for level, national in demand["national"].items():
        assert rows[level][2] == n(demand["region"][level])
        assert rows[level][3] == n(national)


def test_each_claim_stands_against_its_forecast(checked):
    page, doc = checked
    rows = table(page, "claims-table")
    t1 = next(s for s in doc["totals"]["forecast"]["solutions"]
              if s["id"] == "t1-bbl-procestechniek")
    q = t1["by_level_2030"]["mbo"]
    assert ["t1-bbl-procestechniek", "mbo", n(300), n(q["p10"]), n(q["p50"]), n(q["p90"]),
            "boven P90"] in rows
    assert any(r[-1] == "binnen P10–P90" for r in rows)


def test_the_charts_are_accessible_svg(checked):
    page, doc = checked
    for chart_id in ("fan-chart", "tornado-chart", "demand-chart"):
        svg = re.search(rf'<svg class="[^"]*" id="{chart_id}" role="img"[^>]*>(.*?)</svg>',
                        page, re.S)
        assert svg, chart_id
        assert f'<title id="{chart_id}-title">' in svg.group(1)
        assert f'<desc id="{chart_id}-desc">' in svg.group(1)
    fan = re.search(r'id="fan-chart".*?</svg>', page, re.S).group(0)
    assert fan.count('class="median-point"') == 6          # one a year, 2025..2030
    assert '<polygon class="band"' in fan
    tornado = re.search(r'id="tornado-chart".*?</svg>', page, re.S).group(0)
    shown = min(10, len(doc["totals"]["forecast"]["sensitivity"]))
    assert tornado.count('<g class="bar">') == shown


def test_a_plan_the_forecast_cannot_read_has_no_forecast_section(app):
    text = PLAN.read_text(encoding="utf-8").replace(
        "region: twente", "region: twente\nassumptions: {niet.bestaand: 0.5}")
    page = form_post(app.test_client(), "/check", {"plan": text}).get_data(as_text=True)
    assert 'id="fan-chart"' not in page
    assert 'id="figures-title"' in page
