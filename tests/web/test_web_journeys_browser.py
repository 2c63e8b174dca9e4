"""The two journeys in a real headless Chromium (Playwright) against waitress: pick
Twente, raise a signal and see the advice and its chart change in place; exclude an
intervention; ask why not; the same without JavaScript; every export downloaded and
read; a flawed plan uploaded and pasted, its reports downloaded; bad input shown at its
field; axe-core finds no serious or critical violation on any new page. Screenshots:
test-artifacts/web/journey-*.png."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from chiptalent.kb.yamlio import load_document
from chiptalent.rules import load_rules
from chiptalent.rules.recommender import recommend

pytestmark = pytest.mark.browser

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
NOT_RECOMMENDED = "1c-buitenlandse-bachelors-werven"


def arranged(page) -> list[list[str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('article.arrangement'))
        .map(a => Array.from(a.querySelectorAll('ol.interventions > li > a'))
        .map(l => l.getAttribute('href').split('/').pop()))""")


def expected(profile: dict, kb) -> list[list[str]]:
    doc = recommend(profile, kb=kb, rules=load_rules())
    return [[i["id"] for i in a["interventions"]] for a in doc["arrangements"]]


def query_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def test_region_journey_updates_in_place(page, live_server, kb, screenshot):
    page.goto(live_server + "/recommend")
    page.evaluate("window.__stillHere = true")
    assert page.locator("article.arrangement").count() == 0

    # Pick Twente: the form fills in its defaults and the advice appears, no reload.
    page.select_option("#region", "twente")
    page.wait_for_url(re.compile(r"/recommend\?region=twente$"))
    page.wait_for_selector("article.arrangement")
    assert page.evaluate("window.__stillHere === true"), "picking a region reloaded the page"
    assert "Standaard voor Twente: middel" in page.locator("#housing_pressure-default").inner_text()
    assert page.locator("#housing_pressure-def").inner_text().startswith("Hoe krap")
    base = arranged(page)
    assert base == expected({"region": "twente"}, kb)
    chart = page.locator("svg#chart-served")
    assert chart.get_attribute("role") == "img" and chart.is_visible()
    assert "Twente" not in (chart.get_attribute("aria-label") or "x")   # the title is generic
    assert page.locator("table.compare th[scope=col]").count() == len(base)
    assert "Advies bijgewerkt" in page.locator("#recommend-status").inner_text()
    screenshot(page, "journey-1-twente")

    # Raise a signal: the arrangements change in place, the URL follows, focus stays.
    page.focus("#housing_pressure")
    page.select_option("#housing_pressure", "high")
    page.wait_for_url(re.compile(r"housing_pressure=high"))
    page.wait_for_function("() => !document.getElementById('recommend-app').hasAttribute('aria-busy')")
    raised = arranged(page)
    assert raised == expected({"region": "twente", "context": {"housing_pressure": "high"}}, kb)
    assert raised != base
    assert page.evaluate("document.activeElement.id") == "housing_pressure"
    assert page.evaluate("window.__stillHere === true")
    assert page.locator("svg#chart-served rect.served").count() > 0
    assert "door u ingesteld" in page.locator("#housing_pressure-default").inner_text()
    screenshot(page, "journey-2-signal-raised")

    # Exclude an intervention of arrangement A: it is gone from every arrangement.
    link = page.locator("article#arrangement-a a.exclude-link").first
    victim = link.get_attribute("data-id")
    link.click()
    page.wait_for_url(re.compile(rf"exclude={re.escape(victim)}"))
    page.wait_for_selector(f"#exclude-{victim}:checked")
    assert all(victim not in ids for ids in arranged(page))
    assert query_of(page.url) == {"region": ["twente"], "housing_pressure": ["high"],
                                  "exclude": [victim]}
    screenshot(page, "journey-3-excluded")

    # Untick it in the form: it comes back, and the opened list stays open.
    page.uncheck(f"#exclude-{victim}")
    page.wait_for_function("() => !location.search.includes('exclude=')")
    page.wait_for_function("() => !document.getElementById('recommend-app').hasAttribute('aria-busy')")
    assert arranged(page) == raised
    assert page.locator("details.exclude").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == f"exclude-{victim}"

    # Exclude it again for the rest of the journey.
    page.check(f"#exclude-{victim}")
    page.wait_for_url(re.compile(rf"exclude={re.escape(victim)}"))
    page.wait_for_selector(f"#exclude-{victim}:checked")

    # Why not? Ask about any intervention by its id.
    page.fill("#explain", NOT_RECOMMENDED)
    page.press("#explain", "Enter")
    page.wait_for_url(re.compile(rf"explain={NOT_RECOMMENDED}"))
    page.wait_for_selector("section#why ul.why-not")
    text = page.locator("section#why").inner_text()
    # in plain words: the fact by its name, the rule and the fact path only behind "details"
    assert "Niet aanbevolen." in text and "Blijfkans van internationale afgestudeerden" in text
    assert "context.international_stayrate" not in text
    assert page.evaluate("window.__stillHere === true")
    screenshot(page, "journey-4-why-not")

    # Back restores the previous advice (popstate).
    page.go_back()
    page.wait_for_function(
        "() => !document.querySelector('section#why ul.why-not')")
    assert "explain" not in query_of(page.url)
    assert page.console_errors == [], page.console_errors


def test_region_journey_without_javascript(browser, live_server, kb, screenshot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server + "/recommend")
        page.select_option("#region", "twente")
        page.locator("#profile-form button[type=submit]").click()
        # the submitted form is redirected to a clean, shareable address
        page.wait_for_url(re.compile(r"/recommend\?region=twente$"))
        base = arranged(page)
        assert base == expected({"region": "twente"}, kb)
        page.select_option("#teacher_shortage", "high")
        page.locator("#profile-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"teacher_shortage=high$"))
        raised = arranged(page)
        assert raised == expected({"region": "twente", "context": {"teacher_shortage": "high"}},
                                  kb) and raised != base
        victim = raised[0][0]
        page.locator(f"article#arrangement-a a.exclude-link[data-id='{victim}']").click()
        page.wait_for_url(re.compile(rf"exclude={victim}"))
        assert all(victim not in ids for ids in arranged(page))
        page.locator(f"details.exclude summary").click()       # opens without script
        assert page.locator(f"#exclude-{victim}").is_checked()
        screenshot(page, "journey-nojs-excluded")
        # why not, with the plain form
        page.fill("#explain", NOT_RECOMMENDED)
        page.locator("form.explain-form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"explain={NOT_RECOMMENDED}#why$"))
        assert "Niet aanbevolen." in page.locator("section#why").inner_text()
    finally:
        context.close()


def _download(page, link_text: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.locator("nav.downloads a", has_text=link_text).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def test_every_export_of_the_advice(browser, live_server, kb, screenshot):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server + "/recommend?region=twente&housing_pressure=high"
                                "&focus_levels=hbo")
        name, text = _download(page, "Profiel (YAML)")
        assert name == "twente-profiel.yaml"
        profile = load_document(text, "profile")
        assert profile["context"]["housing_pressure"] == "high"
        assert profile["focus_levels"] == ["hbo"]
        assert expected(profile, kb) == arranged(page)

        name, text = _download(page, "Advies (Markdown)")
        assert name == "twente-advies.md"
        assert text.startswith("# Advies voor Twente")
        assert "| Druk op huisvesting | hoog | door u ingesteld |" in text
        for ids in arranged(page):
            assert all(f"`{iid}`" in text for iid in ids)

        name, text = _download(page, "Advies (JSON)")
        assert name == "twente-advies.json"
        doc = json.loads(text)
        assert [[i["id"] for i in a["interventions"]] for a in doc["arrangements"]] == \
            arranged(page)
        assert doc["profile"]["context"]["housing_pressure"] == "high"

        # the page itself prints without its form and its links that change the advice
        page.emulate_media(media="print")
        assert not page.locator("#profile-form").is_visible()
        assert not page.locator("nav.downloads").is_visible()
        assert page.locator("article.arrangement").first.is_visible()
        page.emulate_media(media="screen")

        page.locator("nav.downloads a", has_text="Afdrukversie").click()
        page.wait_for_url(re.compile(r"/recommend/print\?region=twente"))
        assert page.locator("h1").inner_text() == "Advies voor Twente (afdrukversie)"
        assert page.locator("form").count() == 0
        assert page.locator("article.arrangement").count() == len(doc["arrangements"])
        page.emulate_media(media="print")
        assert not page.locator("header.site nav").is_visible()
        screenshot(page, "journey-print")
    finally:
        context.close()


def test_reviewer_journey(browser, live_server, screenshot):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    try:
        page.goto(live_server + "/check")
        with page.expect_download() as info:
            page.locator("a", has_text="lege sjabloon").click()
        template = Path(info.value.path()).read_text(encoding="utf-8")
        assert "consortium:" in template and info.value.suggested_filename == "plan-template.yaml"

        # upload a flawed plan
        flawed = PLANS / "flawed-cofinancing-below-third.yaml"
        page.set_input_files("#file", str(flawed))
        page.locator("#plan-form button[type=submit]").click()
        page.wait_for_selector(".check-result")
        assert "niet samenhangend" in page.locator("#verdict").inner_text()
        budget = page.locator("section#section-7")
        # the finding's code is the technical trace, folded behind "details"
        assert "cofinancing.below-third" in budget.inner_html()
        assert "cofinancing.below-third" not in budget.inner_text()
        assert "minimaal 1/3" in budget.locator("blockquote").first.inner_text() or \
            budget.locator("blockquote").count() > 0
        assert page.locator("table.plan-figures").is_visible()
        screenshot(page, "journey-check-upload")

        # download both reports of the uploaded plan
        with page.expect_download() as info:
            page.locator("form.report-form button", has_text="Markdown").click()
        markdown = Path(info.value.path()).read_text(encoding="utf-8")
        assert info.value.suggested_filename == "plantoets-twente.md"
        assert markdown.startswith("# Toets van het plan") and "cofinancing.below-third" in markdown
        with page.expect_download() as info:
            page.locator("form.report-form button", has_text="HTML").click()
        report = Path(info.value.path()).read_text(encoding="utf-8")
        assert report.startswith("<!DOCTYPE html>") and "cofinancing.below-third" in report

        # paste another flawed plan
        pasted = PLANS / "flawed-housing-not-addressed.yaml"
        # with a result on the page the verdict comes first and the form is folded
        assert not page.locator("#plan").is_visible()
        page.locator("details.plan-input > summary").click()
        page.fill("#plan", pasted.read_text(encoding="utf-8"))
        page.locator("#plan-form button[type=submit]").click()
        page.wait_for_selector("section#section-6 code:text('housing.not-addressed')",
                               state="attached")      # the code sits behind "details"
        screenshot(page, "journey-check-paste")

        # an unreadable plan: the error sits at the field
        page.locator("details.plan-input > summary").click()
        page.fill("#plan", "region: twente\nsolutions: [\n")
        page.locator("#plan-form button[type=submit]").click()
        page.wait_for_selector("#plan-error")
        assert page.locator("#plan").get_attribute("aria-invalid") == "true"
        assert "not valid YAML" in page.locator("#plan-error").inner_text()
        screenshot(page, "journey-check-error")
        assert errors == [] or all("400" in e for e in errors), errors
    finally:
        context.close()


def test_profile_errors_in_the_browser(page, live_server, screenshot):
    page.goto(live_server + "/recommend?region=twente&demand_mbo=12x&top=42")
    assert page.locator("#top").get_attribute("aria-invalid") == "true"
    assert page.locator("#top-error").is_visible()
    assert page.locator(".error-summary a[href='#top']").count() == 1
    screenshot(page, "journey-profile-errors")
    # the JS path shows errors the same way (a 400 fragment is swapped in too)
    page.goto(live_server + "/recommend?region=twente")
    page.evaluate("window.__stillHere = true")
    page.fill("#top", "0")
    page.press("#top", "Enter")
    page.wait_for_selector("#top-error")
    assert page.evaluate("window.__stillHere === true")
    assert page.locator("article.arrangement").count() == 0


AXE_PAGES = {
    "journey-recommend-empty": "/recommend",
    "journey-recommend-full": f"/recommend?region=twente&housing_pressure=high"
                              f"&exclude=4-stayrate-traject&explain={NOT_RECOMMENDED}",
    "journey-recommend-english": "/recommend?region=delft&lang=en",
    "journey-recommend-errors": "/recommend?region=atlantis&housing_pressure=extreme"
                                "&demand_wo=-1&exclude=nope",
    "journey-recommend-print": "/recommend/print?region=groningen",
    "journey-check": "/check",
}


def test_axe_on_the_journey_pages(axe_page, live_server, axe, screenshot):
    failures = {}
    for name, path in AXE_PAGES.items():
        axe_page.goto(live_server + path)
        screenshot(axe_page, f"axe-{name}")
        violations = axe(axe_page)
        if violations:
            failures[name] = violations
    # the check result and the check error are answers to a POST
    for name, text in (("journey-check-result", (PLANS / "flawed-topup-non-eer.yaml")
                        .read_text(encoding="utf-8")),
                       ("journey-check-error", "solutions: [\n")):
        axe_page.goto(live_server + "/check")
        axe_page.fill("#plan", text)
        axe_page.locator("#plan-form button[type=submit]").click()
        axe_page.wait_for_load_state()
        screenshot(axe_page, f"axe-{name}")
        violations = axe(axe_page)
        if violations:
            failures[name] = violations
    assert not failures, failures


def test_journeys_on_a_small_screen(browser, live_server, axe, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        for name, path in (("recommend", "/recommend?region=twente"),
                           ("print", "/recommend/print?region=twente")):
            page.goto(live_server + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (name, width)
            screenshot(page, f"journey-mobile-{name}")
            assert axe(page) == [], name
        page.goto(live_server + "/check")
        page.fill("#plan", (PLANS / "flawed-housing-not-addressed.yaml").read_text(encoding="utf-8"))
        page.locator("#plan-form button[type=submit]").click()
        page.wait_for_selector(".check-result")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "journey-mobile-check")
        assert axe(page) == []
    finally:
        context.close()
