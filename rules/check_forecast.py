"""The facts with which the checker weighs a plan's numbers (spec/forecast.md, "Checker
codes added"): the forecast against the claims, the money against p × q, the call's
budgets and the knowledge base's funding rates and benchmark.

`weigh(plan, document, figures, kb)` returns the plan-level facts, the per-item
collections (`claims`, `solution_budgets`, `regular_levels`, `placeholders`) and the
`forecast` part of the check's totals. The thresholds stay in the rules
(rules/check/8-getallen.yaml) and the knowledge base: this module states amounts,
counts and the forecast's quantiles, and the bounds the knowledge base gives.

`check` uses the forecast with at least 2,000 draws (the spec), seeded, so the same plan
gives the same findings; a plan the forecast cannot read (a level or an override it does
not know) is checked without the forecast, and the totals say why.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction

from chiptalent.errors import InputError
from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.rules.figures import Figures
from chiptalent.rules.forecast.cohort import LEVEL_ORDER, track
from chiptalent.rules.forecast.engine import forecast
from chiptalent.rules.plan import LAST_INTAKE_YEAR, Plan

CHECK_DRAWS = 2_000        # spec/forecast.md: "check uses the forecast with at least 2,000"
CHECK_SEED = 1
BENCHMARK = "benchmark.rijk_per_extra_worker"
# A draft's placeholder (spec/forecast.md, `plan draft`): "<in te vullen: ...>".
PLACEHOLDER = re.compile(r"<\s*in te vullen\b", re.I)


# --- placeholders ---------------------------------------------------------------------

def placeholders(document, where: str = "") -> list[dict]:
    """Every string in the document that still holds a draft's placeholder."""
    if not where and not PLACEHOLDER.search(json.dumps(document, ensure_ascii=False,
                                                       default=str)):
        return []               # one search of the whole text; walk only when needed
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            path = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and PLACEHOLDER.search(key):
                found.append({"where": path, "text": key[:120]})
            found += placeholders(value, path)
    elif isinstance(document, list):
        for i, value in enumerate(document):
            found += placeholders(value, f"{where}[{i}]")
    elif isinstance(document, str) and PLACEHOLDER.search(document):
        found.append({"where": where or "plan", "text": document[:120]})
    return found


# --- money ------------------------------------------------------------------------------

def solution_budgets(plan: Plan) -> list[dict]:
    """Per solution: the Rijk funding requested against what p × q explains."""
    items = []
    for s in plan.solutions:
        top_ups = sum(s.top_up_per_student.get(level, 0) * n
                      for level, n in s.students.items())
        per_participant = sum(s.cost_per_participant.get(level, 0) * n
                              for level, n in s.participants.items())
        explained = top_ups + per_participant + s.fixed_cost
        if not s.funding_requested and not explained:
            continue
        gap = abs(s.funding_requested - explained)
        items.append({
            "index": s.index, "solution": s.name,
            "funding_requested": s.funding_requested, "explained": explained,
            "explained_top_up": top_ups, "explained_participants": per_participant,
            "fixed_cost": s.fixed_cost, "unexplained": gap,
            "percent": (Fraction(100 * gap, s.funding_requested)
                        if s.funding_requested else None)})
    return items


def _parameter(kb: KnowledgeBase, pid: str):
    return kb.parameters.get(pid)


def regular_bounds(kb: KnowledgeBase, level: str) -> tuple[int, int] | None:
    """One year of the lowest rate, and the highest rate times the longest duration."""
    rate = _parameter(kb, f"funding.regular.{level}")
    if rate is None or level not in LEVEL_ORDER:
        return None
    routes = [None] + [r for r in ("bbl", "master") if _parameter(
        kb, f"duration.{level}.{r}") is not None]
    durations = [_parameter(kb, track(level, r)["duration"]) for r in routes]
    longest = max((d.high for d in durations if d is not None), default=None)
    if longest is None:
        return None
    return round(rate.low), round(rate.high * longest)


def regular_levels(plan: Plan, kb: KnowledgeBase) -> list[dict]:
    items = []
    for level, cost in plan.budget.cost_per_student.items():
        bounds = regular_bounds(kb, level)
        if cost.regular is None or bounds is None:
            continue
        items.append({"level": level, "regular": cost.regular,
                      "regular_min": bounds[0], "regular_max": bounds[1]})
    return items


# --- the forecast -----------------------------------------------------------------------

def national_demand(kb: KnowledgeBase) -> dict[str, int]:
    by_level = (kb.national.get("demand") or {}).get("by_level") or {}
    return {level: by_level[level]["value"] for level in DEMAND_LEVELS if level in by_level}


def _structural_share(plan: Plan, kb: KnowledgeBase) -> int | None:
    """The region's demand share of the €80m a year from 2031."""
    funding = kb.national.get("funding") or {}
    per_year = funding.get("structural_from_2031_eur_per_year")
    region = kb.regions.get(plan.region) if plan.region else None
    national = (kb.national.get("demand") or {}).get("total")
    if not per_year or region is None or not national:
        return None
    regional = sum(region.demand_by_level().values())
    return int(Fraction(per_year * regional, national))


def claim_items(plan: Plan, document: dict) -> list[dict]:
    items = []
    for s, doc in zip(plan.solutions, document["solutions"]):
        by_level = doc["extra_workers"]["by_level_2030"]
        reach = doc["reachable_by_2030"]
        for level, claimed in s.contribution.items():
            if claimed <= 0:
                continue
            q = by_level.get(level, {"p10": 0, "p50": 0, "p90": 0})
            items.append({
                "index": s.index, "solution": s.name, "level": level, "claimed": claimed,
                "p10": q["p10"], "p50": q["p50"], "p90": q["p90"],
                # People at this level at some time, but none by 2030 even at the
                # shortest durations: the claim is a matter of timing.
                "has_people": level in reach,
                "reaches_work_2030": reach.get(level, False)})
    return items


def _solution_summary(doc: dict) -> dict:
    extra = doc["extra_workers"]
    return {"id": doc["id"], "mechanism": doc["mechanism"], "claimed": doc["claimed"],
            "claim": doc["claim"], "extra_workers_2030": extra["by_2030"],
            "by_level_2030": extra["by_level_2030"],
            "rijk_per_extra_worker_2030": doc["rijk_per_extra_worker_2030"]}


def forecast_totals(doc: dict, national: dict, benchmark, share) -> dict:
    """The forecast part of `check --json`'s totals (and of the check page)."""
    total = doc["total"]
    return {
        "draws": doc["draws"], "seed": doc["seed"],
        "extra_workers_2030": total["extra_workers"]["by_2030"],
        "extra_workers_by_level_2030": total["extra_workers"]["by_level_2030"],
        "extra_workers_by_year": total["extra_workers"]["by_year"],
        "rijk_per_extra_worker_2030": total["rijk_per_extra_worker_2030"],
        "societal_per_extra_worker_2030": total["societal_per_extra_worker_2030"],
        "structural_from_2031": doc["structural_from_2031"],
        "structural_share_eur_per_year": share,
        "benchmark_rijk_per_extra_worker": (
            {"low": benchmark.low, "central": benchmark.central, "high": benchmark.high}
            if benchmark else None),
        "demand": {"region": doc["demand"], "national": national},
        "sensitivity": doc["sensitivity"],
        "sensitivity_central": doc["sensitivity_central"],
        "solutions": [_solution_summary(s) for s in doc["solutions"]],
    }


def weigh(plan: Plan, document: dict, fig: Figures, kb: KnowledgeBase,
          draws: int = CHECK_DRAWS) -> tuple[dict, dict, dict]:
    """(plan facts, collections, the totals' `forecast`) for the number-weighing rules."""
    funding = kb.national.get("funding") or {}
    benchmark = _parameter(kb, BENCHMARK)
    national = national_demand(kb)
    share = _structural_share(plan, kb)
    facts = {"national.budget": funding.get("rijk_to_2030_eur"),
             "national.structural_per_year": funding.get("structural_from_2031_eur_per_year"),
             "benchmark.rijk_per_worker_high": round(benchmark.high) if benchmark else None,
             "region.structural_share": share}
    collections = {"solution_budgets": solution_budgets(plan),
                   "regular_levels": regular_levels(plan, kb),
                   "placeholders": placeholders(document),
                   "claims": []}
    try:
        doc = forecast(plan, kb, draws=max(draws, CHECK_DRAWS), seed=CHECK_SEED,
                       horizon=LAST_INTAKE_YEAR, brief=True)
    except InputError as exc:
        facts["forecast.available"] = False
        return facts, collections, {"error": exc.message, "field": exc.field}
    total = doc["total"]
    workers = total["extra_workers"]["by_2030"]
    per_worker = total["rijk_per_extra_worker_2030"]
    facts.update({
        "forecast.available": True,
        "forecast.workers_p10": workers["p10"], "forecast.workers_p50": workers["p50"],
        "forecast.workers_p90": workers["p90"],
        "forecast.rijk_per_worker_p50": per_worker["p50"],
        "forecast.structural_p50": doc["structural_from_2031"]["eur_per_year"]["p50"],
    })
    collections["claims"] = claim_items(plan, doc)
    return facts, collections, forecast_totals(doc, national, benchmark, share)
