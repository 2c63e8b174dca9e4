"""The budget field on the advice page: the budget-optimal arrangement first, with its
bar of extra workers per level against demand, the cost split, € per extra worker, the
next €1m, the gain over greedy and the robust picks; bad amounts shown at their field.
One journey in real headless Chromium (Playwright)."""

from __future__ import annotations

import re

import pytest

URL = "/recommend?region=twente&budget=72000000&cofinancing=36000000"


@pytest.fixture(scope="module")
def optimal_page(app):
    response = app.test_client().get(URL)
    return response.status_code, response.get_data(as_text=True)


def test_budget_optimal_arrangement_comes_first(optimal_page):
    status, html = optimal_page
    assert status == 200
    articles = re.findall(r'<article class="arrangement" id="([^"]+)"', html)
    assert articles[0] == "budget-optimal" and len(articles) >= 2
    section = html[html.index('id="budget-optimal"'):html.index(f'id="{articles[1]}"')]
    assert 'svg class="chart" id="chart-optimal" role="img"' in section
    for figure in ("workers", "rijk", "cofinancing", "per-worker", "next", "greedy"):
        assert f'data-figure="{figure}"' in section, figure
    assert "€ 36.000.000" in section                      # the cofinancing available
    assert "van 10 trekkingen" in section                # robust picks marked
    assert 'class="quantities"' in section and "tranches" in section
    assert 'value="72000000"' in html and 'value="36000000"' in html


def test_json_twin_has_the_kinds(app):
    doc = app.test_client().get(URL.replace("/recommend?", "/recommend.json?")).get_json()
    kinds = [a["kind"] for a in doc["arrangements"]]
    assert kinds[0] == "budget-optimal" and set(kinds[1:]) == {"fit"}
    first = doc["arrangements"][0]
    assert all("quantities" in i and i["because"] for i in first["interventions"])


@pytest.mark.parametrize("query, field", [
    ("region=twente&budget=veel", "budget"),
    ("region=twente&budget=1000&cofinancing=x1", "cofinancing"),
    ("region=twente&cofinancing=1000", "cofinancing"),
])
def test_bad_amounts_are_shown_at_their_field(client, query, field):
    response = client.get("/recommend?" + query)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert f'id="{field}" name="{field}"' in html and 'aria-invalid="true"' in html


def test_too_small_a_budget_says_why(client):
    response = client.get("/recommend?region=twente&budget=1000")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="note optimal-failed"' in html and "goedkoopste portefeuille" in html
    assert 'id="budget-optimal"' not in html


@pytest.mark.browser
def test_budget_journey_in_chromium(page, live_server, screenshot):
    page.goto(live_server + "/recommend?region=twente")
    page.wait_for_selector("article.arrangement")
    page.fill("#budget", "72000000")
    page.fill("#cofinancing", "36000000")
    page.click("#profile-form button[type=submit]")
    page.wait_for_selector("article#budget-optimal", timeout=180_000)
    first = page.locator("article.arrangement").first
    assert first.get_attribute("id") == "budget-optimal"
    assert page.locator("svg#chart-optimal").is_visible()
    assert "budget=72000000" in page.url and "cofinancing=36000000" in page.url
    assert page.locator("article#budget-optimal [data-figure=greedy]").inner_text()
    screenshot(page, "optimise-budget")
