"""What the plan editor shows beside each section of Bijlage 1: that section's findings
from the checker, and for the approach (section 2) and the budget (section 7) the
forecast and the figures, all from one `check` of the plan as typed.

`section_panels(result, plan, kb, lang)` gives per section id a panel: the findings (in
the page's language, most severe first), and where it belongs the forecast of extra
workers by 2030 per solution and in total (P10, P50, P90, and whether the claim lies
within them) or the money (asked, cofinancing counted and its share, Rijk € per extra
worker). Section "0" holds findings about fields outside Bijlage 1's sections.
"""

from __future__ import annotations

import re

from chiptalent.i18n import format_money, format_number, format_percent
from chiptalent.webapp.i18n import t

# Bijlage 1's sections in the editor's order; the number is what a finding's
# `section` starts with.
SECTIONS = ("1", "2", "3", "4", "5", "6", "7")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _section_id(finding: dict) -> str:
    match = re.match(r"\s*(\d+)", finding.get("section") or "")
    return match.group(1) if match and match.group(1) in SECTIONS else "0"


def _quantiles(q: dict | None, lang: str) -> dict:
    q = q or {}
    return {k: format_number(q.get(k, 0), lang, 0) for k in ("p10", "p50", "p90")}


def _forecast(result: dict, plan: dict, lang: str) -> dict | None:
    forecast = (result.get("totals") or {}).get("forecast") or {}
    if "solutions" not in forecast:
        return {"unavailable": forecast.get("error") or t("plan_editor.forecast.none")}
    rows = []
    titles = {s.get("id"): s.get("title") for s in plan.get("solutions") or []
              if isinstance(s, dict)}
    for s in forecast["solutions"]:
        rows.append({"id": s["id"], "title": titles.get(s["id"]) or s["id"],
                     "workers": _quantiles(s["extra_workers_2030"], lang),
                     "claimed": format_number(sum((s.get("claimed") or {}).values()), lang, 0),
                     "claim": s.get("claim") or "none"})
    return {"rows": rows, "total": _quantiles(forecast.get("extra_workers_2030"), lang),
            "per_worker": format_money((forecast.get("rijk_per_extra_worker_2030") or {})
                                       .get("p50"), lang, 0)}


def _money(result: dict, lang: str) -> dict:
    totals = result.get("totals") or {}
    return {"requested": format_money(totals.get("requested"), lang, 0),
            "cofinancing": format_money(totals.get("cofinancing_total"), lang, 0),
            "minimum": format_money(totals.get("cofinancing_minimum"), lang, 0),
            "share": format_percent(totals.get("cofinancing_share") or 0, lang, 1)}


def section_panels(result: dict, plan: dict, kb, lang: str) -> dict[str, dict]:
    panels = {sid: {"id": sid, "findings": [], "forecast": None, "money": None}
              for sid in ("0",) + SECTIONS}
    for finding in sorted(result.get("findings") or [],
                          key=lambda f: SEVERITY_ORDER.get(f["severity"], 3)):
        panels[_section_id(finding)]["findings"].append({
            "severity": finding["severity"], "code": finding["code"],
            "where": finding.get("where") or "",
            "message": finding.get("message_en") if lang == "en" and
            finding.get("message_en") else finding["message"]})
    panels["2"]["forecast"] = _forecast(result, plan, lang)
    panels["7"]["money"] = _money(result, lang)
    panels["7"]["per_worker"] = (panels["2"]["forecast"] or {}).get("per_worker")
    counts = result.get("counts") or {}
    panels["0"]["verdict"] = {"coherent": result.get("coherent"),
                              "error": counts.get("error", 0),
                              "warning": counts.get("warning", 0),
                              "info": counts.get("info", 0)}
    return panels
