"""The region's demand per level beside the levels each arrangement serves, as SVG.

One row a level (mbo, hbo, wo): a bar for the region's demand to 2030 and, to its
right, one square per arrangement holding the number of the arrangement's
interventions at that level — filled when the level is served, an outlined dash when
it is not, so the difference never rests on colour alone. Like `charts.bar_chart` it
is an inline `<svg role="img">` with a title and a description that says everything
the picture shows, the page repeats the figures in a table, derived figures are
hatched, and every text is escaped here because the SVG is handed on as Markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from chiptalent.i18n import format_number
from chiptalent.webapp.charts import CHAR_W, svg_open

PLOT_W = 240
VALUE_W = 140
CELL = 30
CELL_GAP = 14
ROW_H = 36
HEAD_H = 30
PAD = 8


@dataclass
class LevelRow:
    label: str
    demand: int | float | None
    derived: bool = False
    counts: list[int] = field(default_factory=list)     # per arrangement


def served_chart(rows: list[LevelRow], columns: list[str], *, chart_id: str, title: str,
                 description: str, demand_word: str, derived_word: str = "derived",
                 lang: str = "nl") -> Markup:
    values = [r.demand for r in rows if isinstance(r.demand, (int, float))]
    top = max(values) if values else 0
    label_w = min(320, max(60, CHAR_W * max((len(r.label) for r in rows), default=4) + 16))
    columns_x = label_w + PLOT_W + VALUE_W
    width = columns_x + len(columns) * (CELL + CELL_GAP) + PAD
    height = HEAD_H + len(rows) * ROW_H + PAD
    cid = escape(chart_id)
    parts = svg_open(chart_id, width, height, title, description, "chart served-chart") + [
        # column heads: the demand, then one letter per arrangement
        f'<text x="{label_w}" y="{HEAD_H - 10}" font-size="13" fill="#1a1a1a">'
        f'{escape(demand_word)}</text>',
    ]
    for n, letter in enumerate(columns):
        x = columns_x + n * (CELL + CELL_GAP) + CELL / 2
        parts.append(f'<text x="{x:.1f}" y="{HEAD_H - 10}" font-size="14" font-weight="700" '
                     f'text-anchor="middle" fill="#1a1a1a">{escape(letter)}</text>')
    for index, row in enumerate(rows):
        y = HEAD_H + index * ROW_H
        value = row.demand if isinstance(row.demand, (int, float)) else 0
        w = 0 if top <= 0 or value <= 0 else max(1.0, PLOT_W * value / top)
        fill = f"url(#{cid}-hatch)" if row.derived else "#1f4e79"
        value_text = escape(format_number(row.demand, lang))
        if row.derived:
            value_text = Markup(f"{value_text} ({escape(derived_word)})")
        parts.append(
            f'<g class="level">'
            f'<text x="{label_w - 8}" y="{y + CELL * 0.7:.1f}" text-anchor="end" '
            f'font-size="14" fill="#1a1a1a">{escape(row.label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{CELL - 6}" '
            f'fill="{fill}" stroke="#1f4e79" stroke-width="1"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + CELL * 0.7:.1f}" font-size="13" '
            f'fill="#1a1a1a">{value_text}</text>')
        for n, count in enumerate(row.counts):
            x = columns_x + n * (CELL + CELL_GAP)
            served = count > 0
            parts.append(
                f'<rect class="{"served" if served else "not-served"}" x="{x}" y="{y}" '
                f'width="{CELL}" height="{CELL}" rx="3" '
                f'fill="{"#1f4e79" if served else "#ffffff"}" stroke="#1f4e79" '
                f'stroke-width="{1 if served else 2}"/>'
                f'<text x="{x + CELL / 2:.1f}" y="{y + CELL * 0.7:.1f}" font-size="14" '
                f'text-anchor="middle" fill="{"#ffffff" if served else "#1a1a1a"}">'
                f'{count if served else "–"}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
