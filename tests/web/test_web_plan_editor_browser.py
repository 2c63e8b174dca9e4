"""The plan editor in real headless Chromium (Playwright): from the advice's "Maak hier
een plan van" to the editor; editing a field updates the findings and the forecast in
place (static/plan-editor.js and /plan/edit.json, no reload, no inline script), and a
value the plan reader cannot take is marked at its field with a message naming it."""

from __future__ import annotations

import re

PANEL_2_TOTAL = '#panel-2 [data-figure="total-p50"]'


def wait_for_update(page, count: int) -> None:
    # a selector, not a function: the CSP forbids evaluating strings as script
    page.wait_for_selector(f'#plan-editor[data-updates="{count}"]', state="attached",
                           timeout=120_000)


def test_editing_updates_findings_and_forecast(page, live_server):
    page.goto(live_server + "/recommend?region=twente&budget=72000000")
    page.wait_for_selector("article#budget-optimal", timeout=180_000)
    link = page.locator('article#budget-optimal a[data-arrangement="budget-optimal"]')
    assert "Maak hier een plan van" in link.inner_text()
    link.click()
    page.wait_for_selector("#plan-editor", timeout=180_000)
    assert "/plan/draft?" in page.url and "arrangement=budget-optimal" in page.url

    placeholders_1 = page.locator('#panel-1 [data-code="plan.placeholder"]').count()
    total_before = page.locator(PANEL_2_TOTAL).inner_text()
    assert placeholders_1 >= 1 and total_before

    # a name filled in: one placeholder finding fewer beside section 1
    page.fill('[name="consortium[0].name"]', "Universiteit Twente")
    wait_for_update(page, 1)
    assert page.locator('#panel-1 [data-code="plan.placeholder"]').count() == \
        placeholders_1 - 1
    assert page.url.endswith("arrangement=budget-optimal")          # no reload

    # fewer participants: the forecast beside section 2 falls, section 7 flags the money
    field = page.locator('[name="solutions[0].participants.mbo"]')
    field.fill(str(int(field.input_value()) // 2))
    wait_for_update(page, 2)
    total_after = page.locator(PANEL_2_TOTAL).inner_text()
    number = lambda text: int(re.sub(r"\D", "", text))      # noqa: E731
    assert number(total_after) < number(total_before)
    assert page.locator('#panel-7 [data-code="budget.requested-unexplained"]').count() == 1

    # text where a number belongs: marked at the field, naming it
    field.fill("veel")
    page.wait_for_selector(".live-error", timeout=120_000)
    error = page.locator(".live-error").inner_text()
    assert "solutions[0].participants.mbo" in error
    assert field.get_attribute("aria-invalid") == "true"
    field.fill("1000")
    page.wait_for_selector(".live-error", state="detached", timeout=120_000)
    # the one 400 is the reader's answer to "veel" (Chromium logs every 4xx fetch)
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def test_without_javascript_the_form_still_works(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server + "/plan/draft?region=twente")
        page.fill('[name="consortium[0].name"]', "Universiteit Twente")
        page.click('button[value="update"]')
        page.wait_for_selector("#plan-editor")
        assert page.locator('[name="consortium[0].name"]').input_value() == \
            "Universiteit Twente"
        assert page.locator('#panel-1 [data-code="plan.placeholder"]').count() >= 1
    finally:
        context.close()


def test_the_editor_has_no_serious_accessibility_problems(axe_page, axe, live_server,
                                                          screenshot):
    axe_page.goto(live_server + "/plan/draft?region=twente")
    axe_page.wait_for_selector("#plan-editor", timeout=180_000)
    screenshot(axe_page, "plan-editor-twente")
    assert axe(axe_page) == []
