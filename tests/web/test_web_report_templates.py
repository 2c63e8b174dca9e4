"""The downloads and charts rendered from templates (rules/templating.py): every part
of the advice's Markdown renders, and the check page shows the report's own fragments."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers.forms import form_post

from chiptalent.kb.yamlio import load_document
from chiptalent.rules.check_report import render
from chiptalent.rules.checker import check_plan

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"


def test_advice_markdown_renders_every_section(client):
    # Twente with only hbo in focus leaves a target group uncovered: that section too.
    body = client.get("/recommend/report.md?region=twente&housing_pressure=high"
                      "&focus_levels=hbo&explain=1a-lob-microchip").get_data(as_text=True)
    for heading in ("## Profiel", "### Niet gedekte behoeften", "### Bewijskaart",
                    "## Waarom (niet)"):
        assert heading in body, heading
    uncovered = body.split("### Niet gedekte behoeften", 1)[1].split("###", 1)[0]
    assert uncovered.strip().startswith("- ")


def test_check_page_shows_the_reports_own_tables(client, kb, rules):
    """The page and the HTML download include the same fragments: every findings and
    figures table of the download is on the page, character for character."""
    text = (PLANS / "flawed-housing-not-addressed.yaml").read_text(encoding="utf-8")
    page = form_post(client, "/check", data={"plan": text}).get_data(as_text=True)
    download = render(check_plan(load_document(text, "plan"), kb=kb, rules=rules), "html")
    tables = re.findall(r"<table.*?</table>", download, re.S)
    assert len(tables) >= 4                     # findings, figures, by level, by solution
    for table in tables:
        assert table in page
