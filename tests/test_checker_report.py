"""Reports of a plan check: text, Markdown and HTML; plan text never becomes markup."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from chiptalent.errors import InputError
from chiptalent.kb import load
from chiptalent.rules.check_report import SECTIONS, render
from chiptalent.rules.templating import md
from chiptalent.rules.checker import check_plan, check_plan_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"
EVIL = '<script>alert("x")</script> <img src=x onerror=alert(1)> | *b* [l](javascript:x) `c`'


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture(scope="module")
def flawed(kb):
    return check_plan_file(EXAMPLES / "flawed-coherence-dependency-unmet.yaml", kb=kb)


@pytest.fixture(scope="module")
def hostile(kb):
    """A plan whose every free string, id and level key is hostile markup."""
    doc = yaml.safe_load((EXAMPLES / "twente.yaml").read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    doc["title"] = EVIL
    doc["region"] = EVIL
    doc["consortium"][0]["type"] = EVIL
    doc["solutions"][0]["id"] = EVIL
    doc["solutions"][0]["interventions"].append(EVIL)
    doc["solutions"][0].pop("intake_by_year", None)      # students spread evenly
    doc["solutions"][0]["students"][EVIL] = 3
    doc["budget"]["cofinancing"].append({"party": EVIL, "type": EVIL, "amount": 1})
    doc[EVIL] = "x"
    return check_plan(doc, kb=kb)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_text_report_has_verdict_findings_and_figures(flawed):
    text = render(flawed, "text")
    assert "Oordeel: Niet samenhangend" in text
    assert "[FOUT] " in text
    assert "(details: code coherence.dependency-unmet, plaats solutions[1].interventions[0])" \
        in re.sub(r"\s+", " ", text)
    assert "«Voorwaarde is dat deze onderwijstrajecten" in text
    assert "Gevraagd van het Rijk" in text and "€ 4.455.000" in text


def test_text_report_drops_terminal_control_sequences(kb):
    result = check_plan({"title": "a\x1b[2Jb\x07c"}, kb=kb)
    text = render(result, "text")
    assert "\x1b" not in text and "\x07" not in text and "a[2Jbc" in text


def test_markdown_groups_findings_by_section_with_the_seed_beside(flawed):
    text = render(flawed, "markdown")
    assert text.startswith("# Toets van het plan: Twente Chipstalent")
    assert "**Oordeel:** Niet samenhangend" in text
    headings = re.findall(r"^### (.+)$", text, re.M)
    assert headings[:7] == [md(s) for s in SECTIONS]
    section3 = text.split("### 3. Beleidsinterventies")[1].split("### 4")[0]
    row = next(line for line in section3.splitlines() if "coherence.dependency-unmet" in line)
    assert row.startswith("| Fout |") and row.count(" | ") == 3
    assert "«Voorwaarde is dat deze onderwijstrajecten ontwikkeld" in row
    assert "| Kengetal | Waarde |" in text
    assert "| Gevraagd van het Rijk | € 4.455.000 |" in text
    assert "Geen bevindingen." in text         # sections without findings say so


def test_markdown_in_english(flawed):
    text = render(flawed, "markdown", lang="en")
    assert "**Verdict:** Not coherent" in text
    assert "cannot work without 2-omscholingstrajecten" in text


def test_markdown_escapes_plan_text(hostile):
    text = render(hostile, "markdown")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    outside_code = re.sub(r"`[^`]*`", "", text)       # code spans are literal anyway
    assert "\\[l\\](javascript:x)" in text and "[l](" not in outside_code   # no link
    assert "*b*" not in outside_code
    for line in text.splitlines():
        if line.startswith("|"):
            # a plan's pipe can never add a cell: every row keeps its table's width
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) in (4, 6, 7), line


def test_html_is_a_complete_page_without_scripts(flawed):
    page = render(flawed, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert {"html", "head", "title", "style", "body", "table", "blockquote"} <= set(parser.tags)
    assert not [a for a, _ in parser.attrs if a.startswith("on")]
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    text = "".join(parser.text)
    assert "Niet samenhangend" in text and "«Voorwaarde is dat deze onderwijstrajecten" in text


def test_html_escapes_every_plan_string(hostile):
    page = render(hostile, "html")
    parser = _Collector()
    parser.feed(page)
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2",
                                "h3", "dl", "dt", "dd", "p", "table", "thead", "tbody", "tr",
                                "th", "td", "br", "code", "blockquote", "span", "footer",
                                "details", "summary"}
    assert not [a for a, _ in parser.attrs if a.startswith("on") or a == "src"]
    text = "".join(parser.text)
    assert '<script>alert("x")</script>' in text      # shown as text, not run
    assert "&lt;script&gt;" in page


def test_sound_plan_reads_coherent_in_every_format(kb):
    result = check_plan_file(EXAMPLES / "groningen.yaml", kb=kb)
    assert "Oordeel: Samenhangend" in render(result, "text")
    assert "**Oordeel:** Samenhangend" in render(result, "markdown")
    assert 'class="verdict ok"' in render(result, "html")


def test_unknown_format_is_an_input_error(flawed):
    with pytest.raises(InputError) as info:
        render(flawed, "pdf")
    assert info.value.field == "format"
