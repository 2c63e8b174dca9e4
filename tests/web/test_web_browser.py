"""The app in a real headless Chromium (Playwright, Debian's /usr/bin/chromium), served
by waitress: search, filter by a facet, open an intervention and a gap-map cell, with
and without JavaScript; no CSP violation; axe-core finds no serious or critical
accessibility violation on any page. Screenshots: test-artifacts/web/*.png."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "search": "/search?q=omscholing",
    "search-filtered": "/search?q=onderwijs&building_block=3",
    "search-english": "/search?q=women&lang=en",
    "blocks": "/building-blocks",
    "block-1B": "/building-blocks/1B",
    "interventions": "/interventions",
    "target-groups": "/target-groups",
    "target-group": "/target-groups/girls-women",
    "regions": "/regions",
    "region-twente": "/regions/twente",
    "gap-map": "/gap-map",
    "recommend": "/recommend?region=twente",
    "check": "/check",
    "not-found": "/no-such-page",
}


def first_intervention(kb) -> str:
    return next(i.id for i in kb.interventions.values() if i.requires and i.evidence) \
        if any(i.requires and i.evidence for i in kb.interventions.values()) \
        else next(iter(kb.interventions))


def all_pages(kb) -> dict[str, str]:
    pages = dict(PAGES)
    pages["intervention"] = f"/interventions/{first_intervention(kb)}"
    pages["evidence"] = f"/evidence/{next(iter(kb.evidence))}"
    return pages


def test_axe_finds_no_serious_violations(axe_page, live_server, kb, axe, screenshot):
    failures = {}
    for name, path in all_pages(kb).items():
        axe_page.goto(live_server + path)
        screenshot(axe_page, name)
        violations = axe(axe_page)
        if violations:
            failures[name] = violations
    assert not failures, failures


def test_pages_load_without_csp_violations_or_script_errors(page, live_server, kb):
    for name, path in all_pages(kb).items():
        if name == "not-found":           # its 404 status is logged by the browser
            continue
        page.goto(live_server + path)
        page.wait_for_load_state("load")
        assert page.console_errors == [], (name, page.console_errors)
    # app.js is allowed by the CSP and runs: it marks nothing but listens on the results
    page.goto(live_server + "/search?q=docenten")
    assert page.evaluate("Array.from(document.scripts).map(s => s.src)") == \
        [live_server + "/static/app.js"]


def test_search_filter_and_open_an_intervention(page, live_server, kb, screenshot):
    page.goto(live_server + "/")
    page.get_by_label("Zoekterm").fill("omscholing")
    page.get_by_label("Zoekterm").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=omscholing"))
    heading = page.locator("#results-title")
    assert "resultaten voor" in heading.inner_text()
    assert page.locator("li.hit").count() > 0
    assert page.locator("b.match").count() > 0
    screenshot(page, "flow-1-results")

    # Filter by the first building-block facet: app.js loads it in place (no reload).
    page.evaluate("window.__stillHere = true")
    facet = page.locator("ul.facet").first.locator("a").first
    facet_href = facet.get_attribute("href")
    count = int(facet.locator("xpath=following-sibling::span").inner_text())
    facet.click()
    page.wait_for_url(re.compile(r"building_block="))
    page.wait_for_selector(".active-filters")
    assert page.evaluate("window.__stillHere === true"), "the facet click reloaded the page"
    block = parse_qs(urlsplit(facet_href).query)["building_block"][0]
    assert f"{count} resultaten" in page.locator("#results-title").inner_text()
    assert page.evaluate("document.activeElement.id") == "results-title"
    screenshot(page, "flow-2-filtered")

    # Open the first intervention hit.
    hit = page.locator("li.hit-intervention h3 a").first
    label = hit.inner_text()
    hit.click()
    page.wait_for_url(re.compile(r"/interventions/"))
    assert page.locator("h1").inner_text() == label
    iid = urlsplit(page.url).path.rsplit("/", 1)[1]
    assert kb.interventions[iid].building_block == block
    assert page.locator("figure.seed blockquote").count() == 1
    screenshot(page, "flow-3-intervention")

    # Back restores the filtered results (popstate).
    page.go_back()
    page.wait_for_selector(".active-filters")


def test_gap_map_cell_opens_the_matching_search(page, live_server, screenshot):
    page.goto(live_server + "/gap-map")
    screenshot(page, "flow-gap-map")
    cell = page.locator("table.gapmap td:not(.shade-0) a").first
    if cell.count() == 0:                     # no evidence anywhere: take a gap cell
        cell = page.locator("table.gapmap td.gap a").first
    visible = re.match(r"(\d+) / (\d+)", cell.inner_text())
    intervention_count, evidence_count = int(visible[1]), int(visible[2])
    cell.click()
    page.wait_for_url(re.compile(r"/search\?building_block=.+&target_group=.+"))
    query = parse_qs(urlsplit(page.url).query)
    assert set(query) == {"building_block", "target_group"}
    assert page.locator(".active-filters li").count() == 3     # two filters + "clear all"
    total = intervention_count + evidence_count
    assert f"{total} resultaten" in page.locator("#results-title").inner_text()
    screenshot(page, "flow-gap-map-cell")


def test_everything_works_without_javascript(browser, live_server, screenshot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server + "/search?q=docenten")
        page.locator("ul.facet").first.locator("a").first.click()
        page.wait_for_url(re.compile(r"building_block="))
        assert page.locator(".active-filters").count() == 1
        page.locator("li.hit h3 a").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        page.goto(live_server + "/recommend")
        page.select_option("#region", "delft")
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_selector("article.arrangement")
        screenshot(page, "nojs-recommend")
    finally:
        context.close()


def test_language_switch_in_the_browser(page, live_server, screenshot):
    page.goto(live_server + "/regions/twente")
    page.locator("a.lang-switch").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Talent demand to 2030" in page.locator("main").inner_text()
    page.goto(live_server + "/gap-map")          # the cookie keeps English
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "gap-map-english")


def test_charts_are_announced_as_images(page, live_server):
    page.goto(live_server + "/regions/twente")
    charts = page.get_by_role("img")
    names = [charts.nth(i).get_attribute("aria-label") for i in range(charts.count())]
    assert any("Twente" in (n or "") for n in names)
    assert page.locator("table.figures caption").count() >= 2


def test_small_screens_do_not_scroll_sideways(browser, live_server, kb, axe, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        for name in ("search", "intervention", "region-twente", "gap-map"):
            page.goto(live_server + all_pages(kb)[name])
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (name, width)
            screenshot(page, f"mobile-{name}")
            assert axe(page) == [], name
    finally:
        context.close()
