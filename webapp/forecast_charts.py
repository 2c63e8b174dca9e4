"""The forecast's charts on the check page: a fan chart of the extra workers per year and
a tornado chart of the sensitivity, server-side SVG with a data table behind each.

Like webapp/charts.py: this module computes geometry and the rows of the tables from
the check's `totals.forecast` (rules/check_forecast.py), the SVG is a template
(webapp/templates/charts/fan.svg, tornado.svg) rendered with autoescape by the shared
renderer, numbers go through the one formatter (chiptalent.i18n), and each chart is an
`<svg role="img">` with a title and a description; the table beside it holds the same
numbers as the JSON. The region's and the national demand stand beside the fan as a bar
chart (charts.bar_chart): on the fan's own scale they would flatten it to nothing.
"""

from __future__ import annotations

from markupsafe import Markup

from chiptalent.i18n import format_money, format_number
from chiptalent.i18n import text as ui_text
from chiptalent.rules.templating import render
from chiptalent.webapp.charts import Bar, bar_chart, label_width

FAN_W, FAN_H = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 12, 36
TORNADO_PLOT = 320
TORNADO_ROW, TORNADO_GAP = 22, 8
TORNADO_SHOWN = 10            # the largest swings; the table lists every parameter


def _n(value, lang: str) -> str:
    return format_number(value, lang)


def fan_rows(forecast: dict) -> list[dict]:
    """The fan's table: one row a year with P10, P50 and P90 (the JSON's numbers)."""
    return [{"year": year, **q} for year, q in forecast["extra_workers_by_year"].items()]


def _ticks(top: float) -> list[float]:
    """0, a half and the top, the top rounded up to a figure that reads well."""
    if top <= 0:
        return [0]
    step = 10 ** max(0, len(str(int(top))) - 1)
    nice = -(-top // step) * step
    return [0, nice / 2, nice]


def fan_chart(forecast: dict, *, lang: str) -> Markup:
    rows = fan_rows(forecast)
    top = max((r["p90"] for r in rows), default=0)
    ticks = _ticks(top)
    scale_top = ticks[-1] or 1
    plot_w, plot_h = FAN_W - LEFT - RIGHT, FAN_H - TOP - BOTTOM
    step = plot_w / max(1, len(rows) - 1)

    def x(i):
        return LEFT + i * step

    def y(v):
        return TOP + plot_h * (1 - v / scale_top)

    upper = [f"{x(i):.1f},{y(r['p90']):.1f}" for i, r in enumerate(rows)]
    lower = [f"{x(i):.1f},{y(r['p10']):.1f}" for i, r in enumerate(rows)]
    band = " ".join(upper + lower[::-1])
    median = " ".join(f"{x(i):.1f},{y(r['p50']):.1f}" for i, r in enumerate(rows))
    last = rows[-1] if rows else {"year": "2030", "p10": 0, "p50": 0, "p90": 0}
    title = ui_text("forecast.fan.title", lang)
    description = ui_text("forecast.fan.desc", lang, year=last["year"],
                          p10=_n(last["p10"], lang), p50=_n(last["p50"], lang),
                          p90=_n(last["p90"], lang))
    return Markup(render(
        "charts/fan.svg", package="chiptalent.webapp", lang=lang, css_class="chart fan",
        chart_id="fan-chart", title=title, description=description, width=FAN_W,
        height=FAN_H, band=band, median=median, left=LEFT, right=FAN_W - RIGHT,
        bottom=TOP + plot_h,
        ticks=[{"y": f"{y(v):.1f}", "label": _n(v, lang)} for v in ticks],
        years=[{"x": f"{x(i):.1f}", "label": r["year"]} for i, r in enumerate(rows)],
        points=[{"x": f"{x(i):.1f}", "y": f"{y(r['p50']):.1f}"} for i, r in enumerate(rows)]))


def demand_chart(forecast: dict, *, lang: str) -> Markup:
    """The extra workers by 2030 (P50) beside the region's and the national demand."""
    region = sum((forecast["demand"].get("region") or {}).values())
    national = sum((forecast["demand"].get("national") or {}).values())
    bars = [Bar(ui_text("forecast.demand.plan", lang),
                forecast["extra_workers_2030"]["p50"], highlight=True),
            Bar(ui_text("forecast.demand.region", lang), region),
            Bar(ui_text("forecast.demand.national", lang), national)]
    return bar_chart(bars, chart_id="demand-chart",
                     title=ui_text("forecast.demand.title", lang),
                     description=ui_text("forecast.demand.desc", lang,
                                         plan=_n(bars[0].value, lang),
                                         region=_n(region, lang),
                                         national=_n(national, lang)), lang=lang)


def demand_rows(forecast: dict) -> list[dict]:
    region = forecast["demand"].get("region") or {}
    national = forecast["demand"].get("national") or {}
    by_level = forecast.get("extra_workers_by_level_2030") or {}
    return [{"level": level, "region": region.get(level), "national": national.get(level),
             "p50": (by_level.get(level) or {}).get("p50", 0)}
            for level in dict.fromkeys([*national, *region])]


def tornado_chart(forecast: dict, *, lang: str) -> Markup:
    entries = forecast["sensitivity"][:TORNADO_SHOWN]
    central = forecast.get("sensitivity_central") or 0
    values = [central] + [v for e in entries for v in (e["low"], e["high"])]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1
    # the chart names a parameter by its id (short, never clipped); the table beside it
    # gives the label too
    names = [e["parameter"] for e in entries]
    label_w = label_width(names)
    value_w = 170

    def x(v):
        return label_w + TORNADO_PLOT * (v - lo) / span

    bars = []
    for i, (entry, name) in enumerate(zip(entries, names)):
        top = TORNADO_GAP + i * (TORNADO_ROW + TORNADO_GAP)
        low_x, high_x, mid = x(entry["low"]), x(entry["high"]), x(central)
        bars.append({
            "label": name, "y": top, "text_y": f"{top + TORNADO_ROW * 0.7:.1f}",
            # the bar from the value with the parameter low to the centre (hatched) and
            # from the centre to the value with it high (solid): not colour alone
            "low_x": f"{min(low_x, mid):.1f}", "low_w": f"{abs(mid - low_x):.1f}",
            "high_x": f"{min(high_x, mid):.1f}", "high_w": f"{abs(high_x - mid):.1f}",
            "value_x": label_w + TORNADO_PLOT + 8,
            "value_text": ui_text("forecast.tornado.values", lang,
                                  low=_n(entry["low"], lang), high=_n(entry["high"], lang))})
    height = TORNADO_GAP * 2 + len(entries) * (TORNADO_ROW + TORNADO_GAP) + 18
    title = ui_text("forecast.tornado.title", lang)
    description = ui_text("forecast.tornado.desc", lang, central=_n(central, lang),
                          count=len(entries))
    return Markup(render(
        "charts/tornado.svg", package="chiptalent.webapp", lang=lang,
        css_class="chart tornado", chart_id="tornado-chart", title=title,
        description=description, width=label_w + TORNADO_PLOT + value_w, height=height,
        bars=bars, bar_h=TORNADO_ROW, label_w=label_w, centre_x=f"{x(central):.1f}",
        axis_y=height - 6, centre_label=_n(central, lang)))


def tornado_rows(forecast: dict, labels: dict[str, str]) -> list[dict]:
    return [dict(e, label=labels.get(e["parameter"], e["parameter"]))
            for e in forecast["sensitivity"]]


def claim_rows(forecast: dict) -> list[dict]:
    """Each solution's claim per level against its forecast by 2030."""
    rows = []
    for s in forecast["solutions"]:
        levels = dict.fromkeys([*s["claimed"], *s["by_level_2030"]])
        for level in levels:
            q = s["by_level_2030"].get(level) or {"p10": 0, "p50": 0, "p90": 0}
            claimed = s["claimed"].get(level)
            if not claimed and not q["p90"]:
                continue
            verdict = ("none" if not claimed else "above-p90" if claimed > q["p90"]
                       else "below-p10" if claimed < q["p10"] else "within")
            rows.append({"solution": s["id"], "level": level, "claimed": claimed,
                         **q, "verdict": verdict})
    return rows


def forecast_view(forecast: dict | None, kb, lang: str) -> dict | None:
    """Everything the check page's forecast section shows, or None without a forecast."""
    if not forecast or "error" in forecast:
        return None
    labels = {pid: (p.label_en if lang == "en" and p.label_en else p.label)
              for pid, p in kb.parameters.items()}
    return {"fan": fan_chart(forecast, lang=lang), "fan_rows": fan_rows(forecast),
            "demand": demand_chart(forecast, lang=lang), "demand_rows": demand_rows(forecast),
            "tornado": tornado_chart(forecast, lang=lang),
            "tornado_rows": tornado_rows(forecast, labels),
            "claims": claim_rows(forecast), "totals": forecast,
            "money": _money(forecast, lang)}


def _money(forecast: dict, lang: str) -> dict[str, str]:
    def money(value):
        return "—" if value is None else format_money(value, lang)
    share = forecast.get("structural_share_eur_per_year")
    return {"rijk": money(forecast["rijk_per_extra_worker_2030"]["p50"]),
            "societal": money(forecast["societal_per_extra_worker_2030"]["p50"]),
            "structural": money(forecast["structural_from_2031"]["eur_per_year"]["p50"]),
            "share": money(share) if share else None}
