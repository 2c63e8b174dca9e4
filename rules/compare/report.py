"""Reports of a comparison (`chiptalent compare`): plain text, Markdown, HTML.

`report_content` turns the JSON document into what every format shows, strings in the
report's language and numbers formatted by the one formatter (chiptalent.i18n): the
plans table, the errors of the plans that have them, the unreadable files, the national
totals against the goal and the call, the scenarios, the money per region per scenario
(the data table behind the web page's chart) and the sources of the facts used. The
templates in rules/templates/compare/ lay it out; the national web page shows the same
content. Plan strings are untrusted: the HTML template autoescapes them and the
Markdown one escapes them (`md`).
"""

from __future__ import annotations

from chiptalent.i18n import (LANGUAGES, format_money, format_number, format_percent,
                             has_text, text)
from chiptalent.i18n.language_guess import guess_language
from chiptalent.rules.templating import render_report

SCENARIO_KEYS = {"optimal": "compare_report.scenario_optimal",
                 "demand-share": "compare_report.scenario_demand_share",
                 "reservations-2024": "compare_report.scenario_reservations"}


def _range(q: dict | None, lang: str, money: bool = False) -> str:
    """P50 (P10–P90), workers or euros."""
    if not q or q.get("p50") is None:
        return "—"
    fmt = (lambda v: format_money(v, lang)) if money else (lambda v: format_number(v, lang, 0))
    low, high = q.get("p10"), q.get("p90")
    if low is None or high is None:
        return fmt(q["p50"])
    return f"{fmt(q['p50'])} ({fmt(low)}–{fmt(high)})"


def plan_label(p: dict) -> str:
    """The region's name; a second plan of a region also shows its key (`twente-2`)."""
    label = p.get("region_label") or p.get("region") or p.get("id") or "?"
    return label if p.get("id") in (None, p.get("region")) else f"{label} ({p['id']})"


def _verdict(p: dict, t) -> str:
    if p["coherent"]:
        return t("compare_report.coherent", warnings=p["warnings"])
    return t("compare_report.incoherent", errors=p["errors"])


def _plan_rows(doc: dict, lang: str, t) -> list[list[str]]:
    rows = []
    for p in doc["plans"]:
        evidence = p.get("evidence") or {}
        stability = p.get("stability") or {}
        rows.append([
            plan_label(p), p.get("title") or "—", _verdict(p, t),
            format_money(p["requested"], lang),
            format_percent(p["cofinancing_share"], lang, 1),
            _range(p.get("extra_workers_2030"), lang),
            _range(p.get("rijk_per_extra_worker_2030"), lang, money=True),
            format_money((p.get("societal_per_extra_worker_2030") or {}).get("p50"), lang),
            f"{format_percent(p['demand_share'], lang, 1)} / "
            f"{format_percent(p['requested_share'], lang, 1)}",
            format_percent(evidence.get("share"), lang),
            (t("compare_report.stability_value",
               spread=format_percent(stability.get("spread"), lang),
               same=format_percent(stability.get("same_rank_share"), lang))
             if stability else "—"),
        ])
    return rows


def _level_rows(doc: dict, lang: str) -> list[list[str]]:
    rows = []
    for p in doc["plans"]:
        levels = (p.get("extra_workers_2030") or {}).get("by_level") or {}
        rows.append([plan_label(p)] + [_range(levels.get(level), lang)
                                       for level in ("mbo", "hbo", "wo")])
    national = doc["national"]["extra_workers_2030"].get("by_level") or {}
    return rows, [_range(national.get(level), lang) for level in ("mbo", "hbo", "wo")]


def _national_rows(doc: dict, lang: str, t) -> list[tuple[str, str]]:
    n = doc["national"]
    gap = n.get("gap_2030") or {}
    return [
        (t("compare_report.budget"), format_money(n["budget"], lang)),
        (t("compare_report.requested_total"), format_money(n["requested"], lang)),
        (t("compare_report.cofinancing_total"),
         t("compare_report.against", value=format_money(n["cofinancing"], lang),
           target=format_money(n["cofinancing_target"], lang))),
        (t("compare_report.workers_total"), _range(n["extra_workers_2030"], lang)),
        (t("compare_report.goal"), format_number(n.get("goal"), lang)),
        (t("compare_report.gap"), _range(gap, lang) if gap else "—"),
        (t("compare_report.demand"), format_number(n.get("demand"), lang)),
        (t("compare_report.min_share"), format_percent(n["min_share"], lang)),
    ]


def _scenario_rows(doc: dict, lang: str, t) -> list[list[str]]:
    goal = doc["national"].get("goal")
    rows = []
    for s in doc["scenarios"]:
        p50 = s["extra_workers_2030"]["p50"]
        rows.append([t(SCENARIO_KEYS.get(s["id"], s["id"])), format_money(s["spent"], lang),
                     format_number(s["score"], lang, 0),
                     _range(s["extra_workers_2030"], lang),
                     format_percent(p50 / goal, lang, 1) if goal else "—",
                     format_money((s.get("rijk_per_extra_worker_2030") or {}).get("p50"), lang),
                     (t(f"compare_report.status.{s['status']}")
                      if has_text(f"compare_report.status.{s['status']}") else s["status"])])
    return rows


def allocation_table(doc: dict) -> list[dict]:
    """Per plan: asked, and funded in each scenario (numbers, for a chart and a table)."""
    out = []
    for p in doc["plans"]:
        out.append({"plan": p["id"], "label": plan_label(p), "requested": p["requested"],
                    "allocated": {s["id"]: s["allocation"].get(p["id"], 0)
                                  for s in doc["scenarios"]}})
    return out


def _allocation_rows(doc: dict, lang: str) -> list[list[str]]:
    return [[row["label"], format_money(row["requested"], lang)]
            + [format_money(row["allocated"][s["id"]], lang) for s in doc["scenarios"]]
            for row in allocation_table(doc)]


def _sources(doc: dict, lang: str, t) -> list[dict]:
    facts = []
    if doc["national"].get("goal_source"):
        facts.append(doc["national"]["goal_source"])
    for s in doc["scenarios"]:
        facts += s.get("source") or []
    out, seen = [], set()
    for f in facts:
        src = f["source"]
        key = (src.get("url"), src.get("quote"))
        if key in seen:
            continue
        seen.add(key)
        out.append({"label": f["label"] if lang == "nl" else f["label_en"],
                    "title": src.get("title"), "publisher": src.get("publisher"),
                    "year": src.get("year"), "url": src.get("url"),
                    "quote": src.get("quote"),
                    # the source's own words keep their language (marked on a page)
                    "title_lang": guess_language(src.get("title") or "", lang),
                    "publisher_lang": guess_language(src.get("publisher") or "", lang),
                    "quote_lang": guess_language(src.get("quote") or "", lang)})
    return out


def _why_not(p: dict) -> list[dict]:
    """The errors that keep a plan from funding: the checker's, or the forecast's."""
    forecast = p.get("forecast_error")
    if p["error_findings"] or not forecast:
        return p["error_findings"]
    return [{"code": "forecast", "message": forecast["error"], "where": forecast["field"]}]


def report_content(doc: dict, lang: str = "nl") -> dict:
    """What every format shows, in `lang`, numbers formatted."""
    def t(key: str, **values) -> str:
        return text(key, lang, **values)

    level_rows, level_total = _level_rows(doc, lang)
    n = doc["national"]
    return {
        "intro": t("compare_report.intro", draws=format_number(n["draws"], lang),
                   seed=n["seed"]),
        "plans_header": [t(f"compare_report.col_{k}") for k in (
            "plan", "title", "verdict", "requested", "cofinancing", "workers", "rijk",
            "societal", "shares", "evidence", "stability")],
        "plans": _plan_rows(doc, lang, t),
        # a plan's title is in the plan's language, whatever the report's; plans answer
        # a Dutch call, so a title without a sign either way ("Noordelijk Chiptalent") is Dutch
        "plans_title_lang": [guess_language(p.get("title") or "", "nl")
                             for p in doc["plans"]],
        "levels_header": [t("compare_report.col_plan"), "mbo", "hbo", "wo"],
        "levels": level_rows,
        "levels_total": [t("compare_report.total")] + level_total,
        "errors": [{"plan": plan_label(p), "items": _why_not(p),
                    "reason": p.get("not_fundable_reason")}
                   for p in doc["plans"] if not p.get("fundable", p["coherent"])],
        "unreadable": doc["unreadable"],
        "national": _national_rows(doc, lang, t),
        "scenarios_header": [t(f"compare_report.col_{k}") for k in (
            "scenario", "spent", "score", "workers", "goal_share", "rijk", "status")],
        "scenarios": _scenario_rows(doc, lang, t),
        "allocation_header": ([t("compare_report.col_plan"), t("compare_report.col_requested")]
                              + [t(SCENARIO_KEYS.get(s["id"], s["id"]))
                                 for s in doc["scenarios"]]),
        "allocation": _allocation_rows(doc, lang),
        "sources": _sources(doc, lang, t),
    }


def render(doc: dict, fmt: str, lang: str = "nl") -> str:
    """The comparison as `text`, `markdown` or `html` (Dutch by default, or `en`)."""
    lang = lang if lang in LANGUAGES else "nl"
    return render_report("compare", fmt, lang, report_content(doc, lang))
