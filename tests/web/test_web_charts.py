"""Server-side SVG charts: accessible markup, proportional bars, derived figures marked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from chiptalent.i18n import format_number
from chiptalent.webapp.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def test_chart_is_an_accessible_image():
    svg = bar_chart([Bar("mbo", 1474, derived=True), Bar("hbo", 889)], chart_id="c1",
                    title="Vraag per niveau", description="mbo: 1.474; hbo: 889")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Vraag per niveau"
    assert root.get("aria-describedby") == "c1-desc"
    assert root.find(f"{SVG}title").text == "Vraag per niveau"
    assert root.find(f"{SVG}desc").get("id") == "c1-desc"
    assert list(root)[0].tag == f"{SVG}title"       # the title comes first


def test_bars_are_proportional_and_derived_ones_hatched():
    svg = bar_chart([Bar("a", 100), Bar("b", 50, derived=True), Bar("c", 0)],
                    chart_id="c2", title="t", description="d", derived_word="afgeleid")
    root = parse(svg)
    rects = [g.find(f"{SVG}rect") for g in root.iter(f"{SVG}g")]
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert rects[1].get("fill") == "url(#c2-hatch)"
    assert rects[0].get("fill").startswith("#")
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "50 (afgeleid)" in labels and "100" in labels


def test_chart_text_is_escaped():
    svg = bar_chart([Bar('<script>alert("x")</script>', 3)], chart_id='x"><script>',
                    title="<b>t</b>", description="&")
    text = str(svg)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    parse(svg)                         # still well-formed XML


def test_missing_values_and_empty_charts():
    root = parse(bar_chart([Bar("Metrology", None), Bar("Equipment", 18247)],
                           chart_id="c3", title="t", description="d"))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "–" in labels and "18.247" in labels
    empty = parse(bar_chart([], chart_id="c4", title="t", description="d"))
    assert empty.get("role") == "img"


def test_long_labels_get_room():
    short = parse(bar_chart([Bar("wo", 1)], chart_id="a", title="t", description="d"))
    long = parse(bar_chart([Bar("Groningen/Noord-Nederland", 1)], chart_id="b", title="t",
                           description="d"))
    assert float(long.get("width")) > float(short.get("width"))
    label = next(long.iter(f"{SVG}text"))
    assert float(label.get("x")) >= 8 * len("Groningen/Noord-Nederland")


def test_number_formats_per_language():
    assert format_number(38115, "nl") == "38.115"
    assert format_number(38115, "en") == "38,115"
    assert format_number(0.3333, "nl") == "0,33"
    assert format_number(1234.5, "en") == "1,234.50"
    assert format_number(None) == "–"
    assert re.fullmatch(r"\d+", format_number(162))
