"""`optimise(...)`: the JSON document of `chiptalent optimise` (spec/forecast.md).

From a profile to the budget-optimal portfolio: the recommender's fitting interventions
and what they need become candidates (candidates.py), priced and valued in tranches
(tranches.py), solved exactly as a mixed-integer programme (model.py, solve.py), set
beside the greedy portfolio (greedy.py), re-solved with €1m more (the marginal value),
and with `robust` N times on parameter draws (robust.py). When no portfolio meets the
constraints the document says why in the problem's own terms (diagnose.py).

The region's reach is shared. The contract gives each candidate tranches "as many as
the region's reach allows"; the reach (`reach.<mechanism>.<level>`) counts the people
the region can find for a mechanism at a level, and those are the same people whichever
intervention trains them: an adult in om- en bijscholing is one participant, whether
the programme is called skills-based lateral entry or a retraining trajectory. So the
faithful reading is that the candidates of one mechanism and level together take at
most that reach, not each the whole of it (which counted Twente's 600 reachable mbo
retrainees eight times over). Each candidate may still take the whole reach on its own;
the programme's reach rows (model.py) keep their sum within it, and greedy does too.
"""

from __future__ import annotations

from dataclasses import replace

from chiptalent.errors import InputError
from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.rules.optimise import diagnose
from chiptalent.rules.optimise.candidates import candidate_ids, skeleton
from chiptalent.rules.optimise.greedy import greedy
from chiptalent.rules.optimise.model import build
from chiptalent.rules.optimise.problem import (Candidate, Problem, Reason, Selection,
                                               cost_of, english, objective,
                                               participants_used,
                                               workers_by_level)
from chiptalent.rules.optimise.solve import solve
from chiptalent.rules.optimise.tranches import (Prices, Valuation, demand_levels,
                                                region_reach, tranches)
from chiptalent.rules.plan import LAST_INTAKE_YEAR, MAX_AMOUNT

DEFAULT_HORIZON = LAST_INTAKE_YEAR          # the call counts workers by the end of 2030
LAST_HORIZON = 2060
CAPS = ("national", "regional")
BUDGET_STEP = 1_000_000                     # "what the next €1m buys": the question asked
MAX_ROBUST = 1000


def check_options(budget, cofinancing, horizon, cap, robust) -> None:
    for name, value in (("--budget", budget), ("--cofinancing", cofinancing)):
        if value is None and name == "--cofinancing":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or \
                not 0 <= value <= MAX_AMOUNT:
            raise InputError(f"a whole number of euros from 0 to {MAX_AMOUNT:,}, got "
                             f"{value!r}", field=name)
    if isinstance(horizon, bool) or not isinstance(horizon, int) or \
            not LAST_INTAKE_YEAR <= horizon <= LAST_HORIZON:
        raise InputError(f"a year from {LAST_INTAKE_YEAR} to {LAST_HORIZON}, got {horizon!r}",
                         field="--horizon")
    if cap not in CAPS:
        raise InputError(f"{cap!r}: allowed {', '.join(CAPS)}", field="--cap")
    if isinstance(robust, bool) or not isinstance(robust, int) or \
            not 0 <= robust <= MAX_ROBUST:
        raise InputError(f"a number of draws from 0 to {MAX_ROBUST}, got {robust!r}",
                         field="--robust")


def national_demand(kb: KnowledgeBase) -> dict[str, int]:
    by_level = (kb.national.get("demand") or {}).get("by_level") or {}
    return {lv: by_level[lv]["value"] for lv in DEMAND_LEVELS if lv in by_level}


def demand_share(kb: KnowledgeBase, parsed) -> float:
    """The region's share of Bijlage 2's demand (the reach parameters are national)."""
    region = kb.regions.get(parsed.region) if parsed.region else None
    if region is not None:
        return float(region.demand_share["computed"])
    national = sum(national_demand(kb).values())
    own = sum(parsed.demand.get(lv, 0) for lv in DEMAND_LEVELS)
    if not own:
        raise InputError("a profile without a region needs its demand per level: the "
                         "reach of each intervention is scaled by the region's share of "
                         "the national demand", field="demand")
    return own / national


def cap_for(kb: KnowledgeBase, parsed, cap: str) -> dict[str, int]:
    if cap == "national":
        return national_demand(kb)
    return {lv: parsed.demand[lv] for lv in DEMAND_LEVELS if lv in parsed.demand}


def build_candidates(kb: KnowledgeBase, ids: list[str], prices: Prices, worth
                     ) -> list[Candidate]:
    out = []
    for iid in ids:
        item = kb.interventions[iid]
        c = skeleton(kb, item)
        if item.business_responsibility:
            pass                                    # the companies' part: no public money
        elif item.mechanism is None:
            c.unavailable = Reason("heeft geen mechanisme in de kennisbank",
                                   "has no mechanism in the knowledge base")
        elif item.mechanism.type == "enabling":
            c.fixed_cost = prices("fixed_cost.enabling")
        elif not demand_levels(item):
            c.unavailable = Reason("werkt niet op mbo, hbo of wo: de prognose telt er geen "
                                   "deelnemers van", "does not work at mbo, hbo or wo: the "
                                   "forecast counts none of its participants")
        else:
            c.tranches = tranches(item, prices, worth)
            if not c.tranches:
                c.unavailable = Reason("het bereik in de regio is kleiner dan één deelnemer",
                                       "the reach in the region is less than one participant")
        out.append(c)
    return out


def reach_of(candidates: list[Candidate], prices: Prices) -> dict[str, dict[str, float]]:
    """The reach of every mechanism some candidate buys in tranches, shared by the
    candidates of that mechanism (see the module docstring)."""
    return region_reach(prices, [c.mechanism for c in candidates if c.tranches])


def _portfolio(problem: Problem, selection: Selection) -> list[dict]:
    out = []
    for c in problem.candidates:
        n = selection.taken.get(c.id, 0)
        if n <= 0:
            continue
        taken = c.tranches[:n]
        participants: dict[str, float] = {}
        by_level: dict[str, float] = {}
        for t in taken:
            for lv, v in t.participants.items():
                participants[lv] = participants.get(lv, 0) + v
            for lv, v in t.by_level.items():
                by_level[lv] = by_level.get(lv, 0.0) + v
        cost = c.fixed_cost if c.once else sum(t.cost for t in taken)
        out.append({"id": c.id, "label": c.label, "building_block": c.building_block,
                    "mechanism": c.mechanism, "tranches": 0 if c.once else n,
                    "of_tranches": len(c.tranches),
                    "participants": {lv: round(v) for lv, v in participants.items()},
                    "cost": round(cost), "extra_workers": round(sum(by_level.values()), 1),
                    "by_level": {lv: round(v, 1) for lv, v in by_level.items()},
                    "business_responsibility": c.business_responsibility})
    return out


def candidate_doc(c: Candidate, why_not: str | None) -> dict:
    return {"id": c.id, "label": c.label, "building_block": c.building_block,
            "mechanism": c.mechanism, "requires": c.requires,
            "requires_any": c.requires_any, "preconditions": c.preconditions,
            "provides": c.provides, "levels": c.levels, "covers": c.covers,
            "business_responsibility": c.business_responsibility,
            "fixed_cost": round(c.fixed_cost), "choosable": why_not is None,
            "why_not_choosable": why_not,
            "tranches": [{"cost": t.cost, "extra_workers": round(t.extra_workers, 6),
                          "by_level": t.by_level, "participants": t.participants}
                         for t in c.tranches]}


def _limited_by(problem: Problem, selection: Selection, step_gain: float) -> list[str]:
    """What keeps the portfolio from more workers: money, the shared reach, the cap."""
    reasons = []
    capped = workers_by_level(problem, selection)
    raw = workers_by_level(problem, selection, capped=False)
    if any(raw[lv] > capped[lv] for lv in raw):
        reasons.append("cap")
    if step_gain > 0:
        if problem.cofinancing is not None and 2 * problem.cofinancing < problem.budget:
            reasons.append("cofinancing")
        else:
            reasons.append("budget")
    elif "cap" not in reasons:
        reasons.append("reach")
    return reasons


def _reach_doc(pools: dict, problem: Problem, selection: Selection | None) -> dict:
    """The region's reach per mechanism and level (shared by that mechanism's
    candidates) and what the portfolio uses of it."""
    used: dict[str, dict[str, float]] = {}
    if selection is not None:
        for (m, lv), n in participants_used(problem, selection).items():
            used.setdefault(m, {})[lv] = round(n)
    return {"shared": True, "by_mechanism": pools, "used": used}


def _parameters(kb: KnowledgeBase, used: set[str]) -> list[dict]:
    out = []
    for pid in sorted(used):
        p = kb.parameters[pid]
        out.append({"id": pid, "label": p.label, "unit": p.unit, "low": p.low,
                    "central": p.central, "high": p.high,
                    "source": dict(p.source) if p.source else None,
                    "assumption": p.assumption})
    return out


def solve_problem(problem: Problem) -> dict:
    """The optimum, the greedy portfolio and the marginal value of one problem."""
    outcome = solve(build(problem))
    if outcome.selection is None:
        return {"status": "infeasible", "reason": diagnose.explain(problem)}
    selection = outcome.selection
    value = objective(problem, selection)
    # The next €1m of Rijk money comes with the €0.5m of cofinancing it needs (one third
    # of the whole) when the cofinancing is a limit; else the extra Rijk money could
    # not be spent and the step would always add nothing.
    bigger = replace(problem, budget=problem.budget + BUDGET_STEP,
                     cofinancing=None if problem.cofinancing is None
                     else problem.cofinancing + BUDGET_STEP / 2)
    more = solve(build(bigger), thrift=False, start=outcome.values)
    step_gain = max(0.0, more.workers - value) if more.selection is not None else 0.0
    rijk = cost_of(problem, selection)
    greedy_selection = greedy(problem)
    greedy_value = (objective(problem, greedy_selection) if greedy_selection is not None
                    else None)
    return {"status": "optimal", "selection": selection, "value": value, "rijk": rijk,
            "step_gain": step_gain, "greedy": greedy_selection, "greedy_value": greedy_value}


def optimise(profile: dict | None = None, *, region: str | None = None, kb=None,
             rules=None, budget: int, cofinancing: int | None = None,
             horizon: int = DEFAULT_HORIZON, cap: str = "national",
             robust: int = 0) -> dict:
    """The optimise document of spec/forecast.md for a profile or a region id."""
    from chiptalent.rules.recommender import fitting

    check_options(budget, cofinancing, horizon, cap, robust)
    fit = fitting(profile, region=region, kb=kb, rules=rules)
    return optimise_fit(fit, budget=budget, cofinancing=cofinancing, horizon=horizon,
                        cap=cap, robust=robust)


def optimise_fit(fit, *, budget: int, cofinancing: int | None = None,
                 horizon: int = DEFAULT_HORIZON, cap: str = "national",
                 robust: int = 0) -> dict:
    """The optimise document for what the recommender found fitting (`fitting()`);
    the candidates of one mechanism share the region's reach per level."""
    check_options(budget, cofinancing, horizon, cap, robust)
    kb, parsed = fit.kb, fit.parsed
    share = demand_share(kb, parsed)
    fitting_ids = sorted(fit.scores, key=lambda i: (-fit.scores[i], i))
    ids = candidate_ids(kb, fitting_ids, fit.out)

    valuation = Valuation(kb, horizon)
    prices = Prices(kb, share)
    candidates = build_candidates(kb, ids, prices, valuation.p50)
    pools = reach_of(candidates, prices)
    problem = Problem(candidates, budget, cofinancing, cap_for(kb, parsed, cap),
                      list(parsed.conditions_met), pools)
    why_not = problem.choosable()
    _, uncovered = problem.parts_to_cover()
    result = solve_problem(problem)

    document = {
        "profile": parsed.as_dict(), "budget": budget,
        "cofinancing_available": cofinancing, "horizon": horizon, "cap": cap,
        "status": result["status"],
    }
    if result["status"] == "optimal":
        selection, value, rijk = result["selection"], result["value"], result["rijk"]
        counted = workers_by_level(problem, selection)
        cofinancing_needed = rijk / 2
        greedy_selection = result["greedy"]
        document.update({
            "objective": {"extra_workers": round(value, 1),
                          "by_level": {lv: round(counted.get(lv, 0.0), 1)
                                       for lv in DEMAND_LEVELS}},
            "portfolio": _portfolio(problem, selection),
            "cost": {"rijk": round(rijk), "cofinancing_needed": round(cofinancing_needed),
                     "societal": round(rijk + cofinancing_needed)},
            "rijk_per_extra_worker": round(rijk / value) if value > 0 else None,
            "societal_per_extra_worker": (round((rijk + cofinancing_needed) / value)
                                          if value > 0 else None),
            "marginal": {"budget_step": BUDGET_STEP,
                         "cofinancing_step": None if cofinancing is None
                         else BUDGET_STEP // 2,
                         "extra_workers_per_step": round(result["step_gain"], 1)},
            "limited_by": _limited_by(problem, selection, result["step_gain"]),
            "greedy": ({"extra_workers": round(result["greedy_value"], 1),
                        "cost": round(cost_of(problem, greedy_selection)),
                        "portfolio": _portfolio(problem, greedy_selection)}
                       if greedy_selection is not None else
                       {"extra_workers": None, "cost": None, "portfolio": [],
                        "note": "de gretige methode vindt geen portefeuille die aan alle "
                                "voorwaarden voldoet"}),
        })
        if greedy_selection is not None:
            document["greedy"]["optimum_better_by"] = round(value - result["greedy_value"], 1)
    else:
        document["reason"] = result["reason"]
        document["reason_en"] = english(result["reason"])
    document.update({
        "candidates": [candidate_doc(c, why_not[c.id]) for c in candidates],
        "uncovered": [{"part": part, "reason": reason, "reason_en": english(reason)}
                      for part, reason in uncovered.items()],
        "conditions_met": list(parsed.conditions_met),
        "demand": problem.cap,
        "reach": _reach_doc(pools, problem, result.get("selection")),
        "demand_share": round(share, 6),
        "valuation": {"draws": valuation.sampler.size, "seed": valuation.sampler.seed,
                      "statistic": "p50"},
        "parameters": _parameters(kb, prices.used | valuation.used),
    })
    if robust:
        from chiptalent.rules.optimise.robust import core_index
        document["robust"] = core_index(kb, ids, problem, share, horizon, robust)
    else:
        document["robust"] = {"draws": 0, "core_index": {}}
    return document
