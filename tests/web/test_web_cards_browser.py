"""The intervention cards and the register's sort and filter in real headless Chromium
(issue 19.1): the form works without JavaScript (a GET form: the choice lands in the
URL), the cards come in the chosen order, the strength icons are drawn and hidden from
assistive technology while the words say the same, and axe-core finds no serious or
critical violation. Screenshots: test-artifacts/web/cards-*.png."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def shown_cards(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('article.card'))
        .map(c => ({id: c.id.replace('card-', ''),
                    rank: Number(c.querySelector('.card-strength').dataset.rank),
                    on: c.querySelectorAll('.strength-step.on').length,
                    steps: c.querySelectorAll('.strength-step').length,
                    hidden: c.querySelector('.strength-icons').getAttribute('aria-hidden'),
                    words: c.querySelector('.strength-words').textContent.trim()}))""")


def test_register_sort_and_filter_in_chromium(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server + "/interventions")
        everything = shown_cards(page)
        assert len(everything) > 50
        page.select_option("#r-sort", "strength")
        page.select_option("#r-strength", "practice-based")
        page.fill("#r-cost", "2500")
        page.locator(".register-form button[type=submit]").click()
        page.wait_for_load_state()
        assert "sort=strength" in page.url and "cost=2500" in page.url
        cards = shown_cards(page)
        assert 0 < len(cards) < len(everything)
        ranks = [c["rank"] for c in cards]
        assert ranks == sorted(ranks, reverse=True) and min(ranks) >= 2
        for c in cards:
            assert c["on"] == c["rank"] and c["steps"] == 5 and c["hidden"] == "true"
            assert c["words"]
        costs = page.evaluate("""() => Array.from(document.querySelectorAll('.card-cost'))
            .map(d => d.textContent.trim())""")
        assert all(text.startswith("€") for text in costs)
        # the chosen values stay in the form
        assert page.locator("#r-sort").input_value() == "strength"
        assert page.locator("#r-cost").input_value() == "2500"
        screenshot(page, "cards-register-sorted")
        page.set_viewport_size({"width": 390, "height": 844})
        box = page.locator("article.card").first.bounding_box()
        assert box["width"] <= 390
        screenshot(page, "cards-register-390")
    finally:
        context.close()


def test_cards_pass_axe(axe_page, live_server, axe, screenshot):
    axe_page.goto(live_server + "/interventions?sort=impact")
    assert axe_page.locator("article.card").count() > 50
    assert axe(axe_page) == []
    axe_page.goto(live_server + "/interventions/3-bbl-partnerschappen?lang=en")
    assert axe_page.locator("section.summary dl.card-facts").is_visible()
    assert axe(axe_page) == []
    screenshot(axe_page, "cards-intervention-summary")
    axe_page.goto(live_server + "/search?q=stage")
    assert axe_page.locator(".hit .card-facts").count() >= 1
    assert axe(axe_page) == []
