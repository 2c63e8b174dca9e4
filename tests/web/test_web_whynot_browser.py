"""Why (not)? by name in real headless Chromium (issue 19.8): the input offers the
interventions' names (a <datalist>), a name picked from it is explained, a typo gets
suggestions at the field, and the print version with that typo still opens."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IID = "1a-gastlessen-rolmodellen"


def test_why_not_by_name_in_chromium(page, live_server, kb, screenshot):
    page.goto(live_server + "/recommend?region=twente")
    label = kb.interventions[IID].label
    options = page.eval_on_selector_all("#intervention-ids option", "os => os.map(o => o.value)")
    assert label in options and len(options) == len(kb.interventions)
    assert page.get_attribute("#explain", "list") == "intervention-ids"
    page.fill("#explain", label)
    page.press("#explain", "Enter")
    page.wait_for_url(re.compile(rf"explain={IID}"))
    page.wait_for_selector("section#why")
    assert label in page.locator("section#why h3").inner_text()
    page.fill("#explain", "gastlesen")
    page.press("#explain", "Enter")
    page.wait_for_selector("#explain-error")
    error = page.locator("#explain-error").inner_text()
    assert "bedoelt u" in error and label in error
    assert page.get_attribute("#explain", "aria-invalid") == "true"
    screenshot(page, "whynot-suggestions")
    printed = page.context.new_page()
    printed.goto(live_server + "/recommend/print?region=twente&explain=gastlesen")
    assert "weggelaten" in printed.locator(".explain-unusable").inner_text()
    assert printed.locator("article.arrangement").count() >= 1
    printed.close()
