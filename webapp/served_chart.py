"""The region's demand per level beside the levels each arrangement serves, as SVG.

One row a level (mbo, hbo, wo): a bar for the region's demand to 2030 and, to its
right, one square per arrangement holding the number of the arrangement's
interventions at that level — filled when the level is served, an outlined dash when
it is not, so the difference never rests on colour alone. Like `charts.bar_chart` it
is an inline `<svg role="img">` with a title and a description that says everything
the picture shows, the page repeats the figures in a table and derived figures are
hatched. This module computes the geometry; the SVG is the template
webapp/templates/charts/served.svg (autoescaped), handed on as Markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from chiptalent.i18n import format_number
from chiptalent.rules.templating import render
from chiptalent.webapp.charts import label_width

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
    """The chart as inline SVG (template charts/served.svg)."""
    values = [r.demand for r in rows if isinstance(r.demand, (int, float))]
    top = max(values) if values else 0
    label_w = label_width(row.label for row in rows)
    columns_x = label_w + PLOT_W + VALUE_W
    drawn = []
    for index, row in enumerate(rows):
        y = HEAD_H + index * ROW_H
        value = row.demand if isinstance(row.demand, (int, float)) else 0
        w = 0 if top <= 0 or value <= 0 else max(1.0, PLOT_W * value / top)
        value_text = format_number(row.demand, lang)
        drawn.append({
            "label": row.label, "y": y, "bar_y": y + 3, "text_y": f"{y + CELL * 0.7:.1f}",
            "width": f"{w:.1f}", "value_x": f"{label_w + w + 6:.1f}",
            "fill": f"url(#{chart_id}-hatch)" if row.derived else "#1f4e79",
            "value_text": f"{value_text} ({derived_word})" if row.derived else value_text,
            "cells": [{"served": count > 0, "count": count,
                       "x": columns_x + n * (CELL + CELL_GAP),
                       "text_x": f"{columns_x + n * (CELL + CELL_GAP) + CELL / 2:.1f}"}
                      for n, count in enumerate(row.counts)]})
    return Markup(render(
        "charts/served.svg", package="chiptalent.webapp", lang=lang,
        css_class="chart served-chart", chart_id=chart_id, title=title,
        description=description, width=columns_x + len(columns) * (CELL + CELL_GAP) + PAD,
        height=HEAD_H + len(rows) * ROW_H + PAD, label_w=label_w, head_y=HEAD_H - 10,
        demand_word=demand_word, bar_h=CELL - 6, cell_size=CELL, rows=drawn,
        columns=[{"letter": letter, "x": f"{columns_x + n * (CELL + CELL_GAP) + CELL / 2:.1f}"}
                 for n, letter in enumerate(columns)]))
