"""`compare(sources, kb, ...)`: the JSON document of `chiptalent compare` (spec/forecast.md).

Per plan: the checker's verdict and errors, the money asked and the cofinancing share,
the extra workers by 2030 (P10/P50/P90, per level) under draws shared by all plans, Rijk
and societal € per extra worker, the region's share of Bijlage 2's demand against its
share of the money asked, the share of funded interventions with evidence at least
"indicative", and how stable its € per worker is over the draws. Nationally: the totals
against the cabinet's goal, Bijlage 2's demand and the call's €450m + €225m. Then the
three scenarios of `funding`. Unreadable plans are listed in `unreadable` with their
error; the others are compared all the same.
"""

from __future__ import annotations

import numpy as np

from chiptalent.errors import InputError
from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.compare import funding
from chiptalent.rules.compare.inputs import Entry, Source, read_entries
from chiptalent.rules.compare.workers import SolutionWorkers, plan_workers
from chiptalent.rules.forecast import summary
from chiptalent.rules.forecast.cohort import LEVEL_ORDER
from chiptalent.rules.forecast.draws import MonteCarlo
from chiptalent.rules.forecast.engine import check_options

DEFAULT_DRAWS, DEFAULT_SEED = 2_000, 1
MIN_SHARE = "partial_funding.min_share"
EVIDENCE_AT_LEAST = "indicative"
SCENARIOS = ("optimal", "demand-share", "reservations-2024")


def _fact(kb: KnowledgeBase, kind: str, region: str | None = None):
    for f in kb.facts_of(kind):
        if f.region == region:
            return f
    return None


def _fact_doc(f) -> dict | None:
    if f is None:
        return None
    return {"id": f.id, "value": f.value, "unit": f.unit, "label": f.label,
            "label_en": f.label_en, "source": dict(f.source)}


def _quantiles(draws: np.ndarray) -> dict:
    return summary.workers(draws)


def _strength_rank(kb: KnowledgeBase, intervention: str) -> int:
    """The strongest evidence an intervention has (0 without any)."""
    scale = kb.vocabulary("evidence_strength")
    i = kb.interventions.get(intervention)
    if i is None:
        return 0
    ranks = [(scale[e.strength].rank or 0) for eid in i.evidence
             if (e := kb.evidence.get(eid)) is not None and e.status != "retired"
             and e.strength in scale]
    return max(ranks, default=0)


def _evidence(kb: KnowledgeBase, solutions: list[SolutionWorkers]) -> dict:
    """Of the interventions the plan asks money for, how many have evidence at least
    'indicative' (the knowledge base's strength scale)."""
    scale = kb.vocabulary("evidence_strength")
    threshold = scale[EVIDENCE_AT_LEAST].rank if EVIDENCE_AT_LEAST in scale else None
    funded = sorted({i for s in solutions if s.requested > 0 for i in s.interventions
                     if i in kb.interventions})
    strong = [i for i in funded
              if threshold is not None and _strength_rank(kb, i) >= threshold]
    return {"funded_interventions": len(funded), "at_least": EVIDENCE_AT_LEAST,
            "at_least_count": len(strong),
            "share": round(len(strong) / len(funded), 4) if funded else None}


def _sum(arrays, size: int) -> np.ndarray:
    total = np.zeros(size)
    for a in arrays:
        total = total + a
    return total


def _plan_levels(solutions: list[SolutionWorkers], size: int) -> dict:
    out = {}
    for level in LEVEL_ORDER:
        parts = [s.by_level[level] for s in solutions if level in s.by_level]
        if parts:
            out[level] = _quantiles(_sum(parts, size))
    return out


def _plan_doc(entry: Entry, kb: KnowledgeBase, solutions, size: int,
              forecast_error: dict | None, national_requested: int) -> dict:
    plan, totals = entry.plan, (entry.check or {}).get("totals") or {}
    region = kb.regions.get(plan.region) if plan.region else None
    national_demand = (kb.national.get("demand") or {}).get("total") or 0
    requested = int(totals.get("requested", 0))
    cofinancing = int(totals.get("cofinancing_total", 0))
    doc = {"id": entry.key, "file": entry.source, "region": plan.region,
           "region_label": region.label if region else None, "title": plan.title,
           "coherent": bool(entry.check["coherent"]), "errors": len(entry.errors),
           "warnings": entry.warnings,
           "error_findings": [{"code": f["code"], "message": f["message"],
                               "where": f.get("where")} for f in entry.errors],
           "requested": requested, "cofinancing": cofinancing,
           "cofinancing_share": round(float(totals.get("cofinancing_share") or 0), 4),
           "demand": region.demand_total.value if region else None,
           "demand_share": (round(region.demand_total.value / national_demand, 4)
                            if region and national_demand else 0.0),
           "requested_share": (round(requested / national_requested, 4)
                               if national_requested else 0.0),
           "forecast_error": forecast_error}
    if solutions is None:
        doc.update({"extra_workers_2030": None, "rijk_per_extra_worker_2030": None,
                    "societal_per_extra_worker_2030": None, "evidence": None,
                    "solutions": []})
        return doc
    total = _sum((s.total for s in solutions), size)
    workers = _quantiles(total)
    doc["extra_workers_2030"] = {**workers, "by_level": _plan_levels(solutions, size)}
    doc["rijk_per_extra_worker_2030"] = summary.euros_per_worker(requested, workers)
    doc["societal_per_extra_worker_2030"] = summary.euros_per_worker(
        requested + cofinancing, workers)
    doc["evidence"] = _evidence(kb, solutions)
    doc["solutions"] = [
        {"id": s.id, "title": s.title, "requested": s.requested, "enabling": s.enabling,
         "extra_workers_2030": _quantiles(s.total),
         "rijk_per_extra_worker_2030": summary.euros_per_worker(
             s.requested, _quantiles(s.total))}
        for s in solutions]
    return doc


def _stability(plans: list[dict], workers: dict[str, list[SolutionWorkers]],
               size: int) -> dict:
    """How stable each plan's Rijk € per extra worker is over the draws: its spread
    (P90 − P10) / P50, and the share of draws in which it keeps the rank among the plans
    that it has at the P50 figures (rank 1: the fewest euros per worker)."""
    by_id = {p["id"]: p for p in plans if p["id"] in workers and p["requested"] > 0}
    if not by_id:
        return {}
    keys = list(by_id)
    rows = []
    for k in keys:
        total = _sum((s.total for s in workers[k]), size)
        rows.append(np.divide(by_id[k]["requested"], total, out=np.full(size, np.inf),
                              where=total > 0))
    ranks = np.vstack(rows).argsort(axis=0).argsort(axis=0)           # (plans, draws)
    medians = {k: (by_id[k]["rijk_per_extra_worker_2030"] or {}).get("p50") for k in keys}
    order = sorted(keys, key=lambda k: (medians[k] is None, medians[k] or 0, k))
    out = {}
    for row, k in enumerate(keys):
        q = by_id[k]["rijk_per_extra_worker_2030"] or {}
        spread = (round((q["p90"] - q["p10"]) / q["p50"], 3)
                  if None not in (q.get("p10"), q.get("p90")) and q.get("p50") else None)
        rank = order.index(k)
        out[k] = {"rank_p50": rank + 1, "spread": spread,
                  "same_rank_share": round(float(np.mean(ranks[row] == rank)), 3)}
    return out


def _scenario_doc(allocation: funding.Allocation, workers: dict[str, list[SolutionWorkers]],
                  size: int, offered: dict[str, int] | None = None,
                  extra: dict | None = None) -> dict:
    by_id = {(k, s.id): s for k, sols in workers.items() for s in sols}
    total = _sum((f.share * by_id[(f.plan, f.solution)].total for f in allocation.funded),
                 size)
    quantiles = _quantiles(total)
    spent = allocation.spent
    cofinancing: dict[str, int] = {}
    for f in allocation.funded:
        cofinancing[f.plan] = cofinancing.get(f.plan, 0) + f.cofinancing
    doc = {"id": allocation.id, "status": allocation.status, "budget": allocation.budget,
           "allocation": allocation.by_plan(), "cofinancing": cofinancing,
           "funded": [{"plan": f.plan, "solution": f.solution, "share": f.share,
                       "amount": f.amount, "cofinancing": f.cofinancing,
                       "extra_workers_p50": round(f.extra_workers_p50, 1)}
                      for f in allocation.funded],
           "spent": spent, "unspent": allocation.budget - spent,
           "score": round(allocation.score, 1),
           "extra_workers_2030": quantiles,
           "rijk_per_extra_worker_2030": summary.euros_per_worker(spent, quantiles)}
    if offered is not None:
        doc["offered"] = offered
    doc.update(extra or {})
    return doc


def _offer_to_plans(plans: list[funding.FundablePlan], per_region: dict[str, int]) -> dict:
    """A region's amount goes to its first plan (a second plan of a region gets none)."""
    offered, given = {}, set()
    for p in plans:
        amount = per_region.get(p.region, 0) if p.region not in given else 0
        if p.region in per_region:
            given.add(p.region)
        offered[p.key] = int(amount)
    return offered


def compare(sources: list[Source], kb: KnowledgeBase, *, budget: int | None = None,
            draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> dict:
    """The comparison of the plans in `sources` (paths or parsed documents)."""
    check_options(draws, seed, 2030)
    call = kb.national.get("funding") or {}
    budget = int(call.get("rijk_to_2030_eur", 0)) if budget is None else int(budget)
    if budget < 0:
        raise InputError("the budget is an amount in euros >= 0", field="--budget")
    min_share = float(kb.parameters[MIN_SHARE].central)
    entries = read_entries(sources, kb)
    readable = [e for e in entries if e.readable]

    sampler = MonteCarlo(draws, seed)
    workers: dict[str, list[SolutionWorkers]] = {}
    forecast_errors: dict[str, dict] = {}
    for e in readable:
        try:
            workers[e.key] = plan_workers(e.plan, kb, sampler)
        except InputError as exc:
            forecast_errors[e.key] = {"error": exc.message, "field": exc.field}

    national_requested = sum(int(e.check["totals"].get("requested", 0)) for e in readable)
    plans = [_plan_doc(e, kb, workers.get(e.key), draws, forecast_errors.get(e.key),
                       national_requested) for e in readable]
    stability = _stability(plans, workers, draws)
    for p in plans:
        p["stability"] = stability.get(p["id"])

    fundable = []
    for p in plans:
        reason = ("errors" if not p["coherent"] else
                  "forecast" if p["id"] not in workers else
                  "cofinancing" if 3 * p["cofinancing"] < p["requested"] + p["cofinancing"]
                  else None)
        fundable.append(funding.FundablePlan(
            key=p["id"], region=p["region"], requested=p["requested"],
            cofinancing=p["cofinancing"], solutions=workers.get(p["id"], []),
            fundable=reason is None, reason=reason))
        p["fundable"], p["not_fundable_reason"] = reason is None, reason

    all_workers = _sum((s.total for sols in workers.values() for s in sols), draws)
    national_workers = _quantiles(all_workers)
    goal = _fact(kb, "goal")
    demand_total = (kb.national.get("demand") or {}).get("total")
    by_level = {}
    for level in LEVEL_ORDER:
        parts = [s.by_level[level] for sols in workers.values() for s in sols
                 if level in s.by_level]
        if parts:
            by_level[level] = _quantiles(_sum(parts, draws))
    goal_value = int(goal.value) if goal else None

    def gap(target):
        if target is None:
            return None
        return {"p10": round(target - national_workers["p90"], 1),
                "p50": round(target - national_workers["p50"], 1),
                "p90": round(target - national_workers["p10"], 1)}

    national = {
        "budget": budget, "call_budget": int(call.get("rijk_to_2030_eur", 0)),
        "requested": national_requested,
        "cofinancing": sum(p["cofinancing"] for p in plans),
        "cofinancing_target": int(call.get("cofinancing_min_eur", 0)),
        "goal": goal_value, "goal_source": _fact_doc(goal),
        "demand": demand_total,
        "requested_2024": _fact_doc(_fact(kb, "requested-total")),
        "extra_workers_2030": {**national_workers, "by_level": by_level},
        "gap_2030": gap(goal_value), "demand_gap_2030": gap(demand_total),
        "min_share": min_share, "draws": draws, "seed": seed}

    # The three scenarios.
    regions_demand = {r.id: r.demand_total.value for r in kb.regions.values()}
    demand_amounts = {rid: int(budget * v / demand_total) for rid, v in regions_demand.items()
                      if demand_total}
    reservations = {f.region: int(f.value) for f in kb.facts_of("reservation-2024")}
    reserved_total = sum(reservations.values())
    scale = min(1.0, budget / reserved_total) if reserved_total else 0.0
    reserved = {r: int(v * scale) for r, v in reservations.items()}
    offered_demand = _offer_to_plans(fundable, demand_amounts)
    offered_reserved = _offer_to_plans(fundable, reserved)
    scenarios = [
        _scenario_doc(funding.optimal(fundable, budget, min_share), workers, draws),
        _scenario_doc(funding.by_amounts("demand-share", fundable, offered_demand, budget,
                                         min_share), workers, draws, offered_demand,
                      {"per_region": demand_amounts}),
        _scenario_doc(funding.by_amounts("reservations-2024", fundable, offered_reserved,
                                         budget, min_share), workers, draws, offered_reserved,
                      {"per_region": reserved, "scaled": round(scale, 6),
                       "reserved_total": reserved_total,
                       "source": [_fact_doc(f) for f in kb.facts_of("reservation-2024")]}),
    ]
    return {"plans": plans,
            "unreadable": [{"file": e.source, "error": e.error, "field": e.field}
                           for e in entries if not e.readable],
            "national": national, "scenarios": scenarios}
