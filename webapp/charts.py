"""Server-side SVG bar charts: no JavaScript, no inline style, readable by screen readers.

A chart is a horizontal bar chart drawn as an inline `<svg role="img">` with a
`<title>`, a `<desc>` and an `aria-label`; the page puts a table with the same
figures beside it. Derived figures (not printed in the seed but computed from it) get
a hatched bar and the word "derived" after their value, so they are never mistaken
for the seed's own numbers. This module computes the geometry; the SVG is the template
webapp/templates/charts/bar.svg, rendered by the shared renderer (rules/templating.py)
with autoescape, then handed to the page as Markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from chiptalent.i18n import format_number
from chiptalent.rules.templating import render

PLOT_W = 300          # the bars' room; labels and values get what they need beside it
VALUE_W = 150          # room for the value (and "derived") on the right
CHAR_W = 8             # a generous average glyph width at font-size 14
BAR_H = 24
GAP = 12
TOP = 8


@dataclass
class Bar:
    label: str
    value: float | int | None
    derived: bool = False
    highlight: bool = False


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, description: str,
              derived_word: str = "derived", lang: str = "nl") -> Markup:
    """An accessible horizontal bar chart as inline SVG (template charts/bar.svg)."""
    values = [b.value for b in bars if isinstance(b.value, (int, float))]
    top = max(values) if values else 0
    # Size the label column to the longest label so that no label is ever clipped.
    label_w = label_width(bar.label for bar in bars)
    drawn = []
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR_H + GAP)
        value = bar.value if isinstance(bar.value, (int, float)) else 0
        w = 0 if top <= 0 else max(1.0, PLOT_W * value / top) if value > 0 else 0
        value_text = format_number(bar.value, lang)
        drawn.append({
            "label": bar.label, "y": y, "text_y": f"{y + BAR_H * 0.7:.1f}", "width": f"{w:.1f}",
            "value_x": f"{label_w + w + 6:.1f}",
            "fill": (f"url(#{chart_id}-hatch)" if bar.derived
                     else "#8a3b00" if bar.highlight else "#1f4e79"),
            "classes": "bar" + (" derived" if bar.derived else "")
                       + (" highlight" if bar.highlight else ""),
            "value_text": f"{value_text} ({derived_word})" if bar.derived else value_text})
    return Markup(render("charts/bar.svg", package="chiptalent.webapp", lang=lang,
                         css_class="chart", chart_id=chart_id, title=title,
                         description=description, width=label_w + PLOT_W + VALUE_W,
                         height=TOP * 2 + len(bars) * (BAR_H + GAP), label_w=label_w,
                         bar_h=BAR_H, bars=drawn))


def label_width(labels) -> int:
    """Room for the longest label (at a generous glyph width), within bounds."""
    return min(320, max(60, CHAR_W * max((len(label) for label in labels), default=4) + 16))
