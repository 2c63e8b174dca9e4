"""Server-side SVG bar charts: no JavaScript, no inline style, readable by screen readers.

A chart is a horizontal bar chart drawn as an inline `<svg role="img">` with a
`<title>`, a `<desc>` and an `aria-label`; the page puts a table with the same
figures beside it. Derived figures (not printed in the seed but computed from it) get
a hatched bar and the word "derived" after their value, so they are never mistaken
for the seed's own numbers. Every text is escaped here, because the SVG is built as a
string and handed to the template as Markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from chiptalent.i18n import format_number

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


def svg_open(chart_id: str, width: int, height: int, title: str, description: str,
             css_class: str = "chart") -> list[str]:
    """The opening of an accessible chart: the svg element with its title, description
    and the hatching pattern that marks derived figures without relying on colour."""
    cid = escape(chart_id)
    return [
        f'<svg class="{css_class}" id="{cid}" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title)}" aria-describedby="{cid}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{cid}-hatch" patternUnits="userSpaceOnUse" width="8" '
        f'height="8" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="#ffffff"/>'
        f'<rect width="4" height="8" fill="#1f4e79"/></pattern></defs>',
    ]


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, description: str,
              derived_word: str = "derived", lang: str = "nl") -> Markup:
    """An accessible horizontal bar chart as inline SVG."""
    values = [b.value for b in bars if isinstance(b.value, (int, float))]
    top = max(values) if values else 0
    plot_w = PLOT_W
    # Size the label column to the longest label so that no label is ever clipped.
    label_w = min(320, max(60, CHAR_W * max((len(b.label) for b in bars), default=4) + 16))
    width = label_w + plot_w + VALUE_W
    height = TOP * 2 + len(bars) * (BAR_H + GAP)
    cid = escape(chart_id)
    parts = svg_open(chart_id, width, height, title, description)
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR_H + GAP)
        value = bar.value if isinstance(bar.value, (int, float)) else 0
        w = 0 if top <= 0 else max(1.0, plot_w * value / top) if value > 0 else 0
        fill = f"url(#{cid}-hatch)" if bar.derived else ("#8a3b00" if bar.highlight else "#1f4e79")
        classes = "bar" + (" derived" if bar.derived else "") + (" highlight" if bar.highlight else "")
        label_text = escape(bar.label)
        value_text = escape(format_number(bar.value, lang))
        if bar.derived:
            value_text = Markup(f"{value_text} ({escape(derived_word)})")
        parts.append(
            f'<g class="{classes}">'
            f'<text x="{label_w - 8}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end" '
            f'font-size="14" fill="#1a1a1a">{label_text}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{fill}" '
            f'stroke="#1f4e79" stroke-width="1"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + BAR_H * 0.7:.1f}" font-size="14" '
            f'fill="#1a1a1a">{value_text}</text>'
            f'</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
