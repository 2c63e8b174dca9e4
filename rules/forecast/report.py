"""The forecast as a readable text report (`chiptalent forecast PLAN`), Dutch or English.

Per solution: the extra workers by the end of 2030 with their range, the claim against
it, Rijk and societal euros per extra worker, and the three assumptions that move the
solution's result most; then the plan's total, the structural cost from 2031 and the
parameters that swing the total most.

This module only works out the content, every figure through the project's one
formatter and every word from the string registry (chiptalent.i18n, keys
`forecast_report.*`); the template rules/templates/forecast/report.txt lays it out.
"""

from __future__ import annotations

from chiptalent.i18n import LANGUAGES, format_money, format_number, text
from chiptalent.rules.templating import render

SHOWN_ASSUMPTIONS = 3
SHOWN_SENSITIVITY = 5


def render_text(doc: dict, labels: dict[str, str] | None = None, lang: str = "nl",
                region_label: str | None = None) -> str:
    """The report in `lang`; `labels` maps parameter ids to their labels in that
    language, `region_label` names the plan's region."""
    lang = lang if lang in LANGUAGES else "nl"
    return render("forecast/report.txt", lang=lang,
                  report=report_content(doc, labels or {}, lang, region_label))


def report_content(doc: dict, labels: dict[str, str], lang: str,
                   region_label: str | None = None) -> dict:
    """What the report says, every number formatted for `lang`."""
    def number(value) -> str:
        return format_number(value, lang, 0)

    def workers(q: dict) -> str:
        return text("forecast_report.range", lang, p50=number(q["p50"]),
                    p10=number(q["p10"]), p90=number(q["p90"]))

    def euros(q: dict) -> str:
        if q["p50"] is None:
            return text("forecast_report.euros.none", lang)
        # P90 of € goes with P10 of workers, which can be none: then no upper end.
        high = (text("forecast_report.euros.unbounded", lang) if q["p90"] is None
                else format_money(q["p90"], lang))
        return text("forecast_report.range", lang, p50=format_money(q["p50"], lang),
                    p10=format_money(q["p10"], lang), p90=high)

    def per_level(counts: dict) -> str:
        return ", ".join(f"{level} {number(n)}" for level, n in counts.items())

    def swings(entries: list[dict], shown: int) -> list[dict]:
        return [{"label": labels.get(e["parameter"], e["parameter"]),
                 "parameter": e["parameter"], "low": number(e["low"]),
                 "high": number(e["high"])}
                for e in entries if e["swing"] > 0][:shown]

    plan = doc["plan"]
    solutions = []
    for s in doc["solutions"]:
        extra = s["extra_workers"]
        claimed = sum(s["claimed"].values())
        solutions.append({
            "id": s["id"],
            "mechanism": text(f"forecast_report.mechanism.{s['mechanism']}", lang),
            "workers": workers(extra["by_2030"]),
            "levels": per_level({lvl: q["p50"] for lvl, q in extra["by_level_2030"].items()}),
            "claimed": number(claimed) if claimed else None,
            "claim": text(f"forecast_report.claim.{s['claim']}", lang),
            "rijk": euros(s["rijk_per_extra_worker_2030"]),
            "societal": euros(s["societal_per_extra_worker_2030"]),
            "moving": swings(s.get("sensitivity", []), SHOWN_ASSUMPTIONS),
            "overridden": [p["id"] for p in s["parameters"] if p["overridden"]],
        })
    total = doc["total"]
    structural = doc["structural_from_2031"]
    eur_year = structural["eur_per_year"]
    return {
        "title": plan.get("title") or text("forecast_report.untitled", lang),
        "region": region_label or plan.get("region") or "?",
        "draws": number(doc["draws"]), "seed": doc["seed"],
        "solutions": solutions,
        "total_2030": workers(total["extra_workers"]["by_2030"]),
        "horizon": doc["years"][-1],
        "total_horizon": workers(total["extra_workers"]["by_horizon"]),
        "rijk": euros(total["rijk_per_extra_worker_2030"]),
        "societal": euros(total["societal_per_extra_worker_2030"]),
        "demand": per_level(doc.get("demand") or {}),
        "structural": {
            "enrolled": per_level(structural["students_enrolled"]),
            "range": text("forecast_report.range", lang, p50=format_money(eur_year["p50"], lang),
                          p10=format_money(eur_year["p10"], lang),
                          p90=format_money(eur_year["p90"], lang)),
        } if structural["students_enrolled"] else None,
        "sensitivity": swings(doc["sensitivity"], SHOWN_SENSITIVITY),
    }
