"""What one intervention yields per €1 million, by the forecast engine (issue 15.4).

For every level an intervention serves (mbo, hbo, wo), one tranche of the knowledge
base's size (`tranche_size.<mechanism>`) starts in 2025 at the knowledge base's cost
per participant (`cost_per_participant.<mechanism>.<level>`, its central value or the
user's override); the engine forecasts that tranche as a one-solution plan, and its
extra workers by 2030 (P10 / P50 / P90, over the draws) scaled to €1 million are the
figure shown. `places` tranches are students (entrants); the other mechanisms'
tranches are participants. `enabling` interventions yield nothing directly: they have
a fixed cost (`fixed_cost.enabling`) and work through the interventions they enable.

Overrides (the `--set ID=VALUE` of the command line, `?set=ID=VALUE` on the pages) act
as in `chiptalent forecast`: on the parameter's range, marked as overridden. Results
are kept per (intervention, overrides, knowledge base) in a bounded cache, since the
pages that show them must stay fast; the same inputs give the same numbers (seeded).
"""

from __future__ import annotations

from chiptalent.errors import InputError
from chiptalent.kb.memo import KBMemo
from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.forecast.draws import Range
from chiptalent.rules.forecast.engine import forecast
from chiptalent.rules.plan import FIRST_INTAKE_YEAR, read_plan

YIELD_DRAWS = 2_000             # as the checker: enough for stable P10 / P90
YIELD_SEED = 1
MILLION = 1_000_000
WORK_LEVELS = ("mbo", "hbo", "wo")
CACHE_SIZE = 512


def _central(kb: KnowledgeBase, overrides: dict[str, Range], pid: str) -> float | None:
    if pid in overrides:
        return overrides[pid].central
    p = kb.parameters.get(pid)
    return p.central if p is not None else None


def _levels(intervention) -> list[str]:
    own = [level for level in intervention.levels if level in WORK_LEVELS]
    return own or list(WORK_LEVELS)       # po/vo interventions lead into all three


def single_intervention_solution(sid: str, iid: str, mechanism: str, level: str, size: int,
                                 cost: float) -> dict:
    """A plan's solution of one intervention at one level: `size` entrants (places) or
    participants starting in the first intake year, at `cost` each."""
    solution = {"id": sid, "interventions": [iid], "levels": [level],
                "funding_requested": round(size * cost)}
    if mechanism == "places":
        solution["students"] = {level: size}
        solution["intake_by_year"] = {FIRST_INTAKE_YEAR: {level: size}}
    else:
        solution["mechanism"] = mechanism
        solution["participants"] = {level: size}
        solution["start_year"] = FIRST_INTAKE_YEAR
    return solution


def _tranche_plan(iid: str, mechanism: str, level: str, size: int, cost: float) -> dict:
    return {"title": f"Eén tranche van {iid}",
            "solutions": [single_intervention_solution(iid, iid, mechanism, level, size, cost)]}


def _parameter_entry(kb: KnowledgeBase, pid: str, overrides: dict[str, Range]) -> dict:
    p = kb.parameters[pid]
    r = overrides.get(pid, Range(p.low, p.central, p.high))
    return {"id": pid, "label": p.label, "label_en": p.label_en, "unit": p.unit,
            "low": r.low, "central": r.central, "high": r.high,
            "source": dict(p.source) if p.source else None, "assumption": p.assumption,
            "overridden": pid in overrides}


def compute_yield(kb: KnowledgeBase, iid: str, overrides: dict[str, Range] | None = None,
                  draws: int = YIELD_DRAWS) -> dict:
    """Per level: cost per participant and extra workers by 2030 per €1m, with the
    parameters behind them. InputError for an unknown parameter in `overrides`."""
    overrides = dict(overrides or {})
    intervention = kb.interventions[iid]
    mechanism = intervention.mechanism.type if intervention.mechanism else "enabling"
    doc = {"intervention": iid, "mechanism": mechanism, "draws": draws, "seed": YIELD_SEED,
           "overridden": sorted(overrides), "levels": [], "parameters": []}
    if mechanism == "enabling":
        doc["fixed_cost"] = _central(kb, overrides, "fixed_cost.enabling")
        if "fixed_cost.enabling" in kb.parameters:
            doc["parameters"] = [_parameter_entry(kb, "fixed_cost.enabling", overrides)]
        return doc
    size = _central(kb, overrides, f"tranche_size.{mechanism}")
    size = max(1, round(size)) if size else 1
    used: dict[str, dict] = {}
    for level in _levels(intervention):
        cost_id = f"cost_per_participant.{mechanism}.{level}"
        cost = _central(kb, overrides, cost_id)
        if not cost:
            continue
        plan = read_plan(_tranche_plan(iid, mechanism, level, size, cost))
        result = forecast(plan, kb, draws=draws, seed=YIELD_SEED, horizon=2030,
                          settings=overrides)
        workers = result["total"]["extra_workers"]["by_2030"]
        per_million = MILLION / (size * cost)
        doc["levels"].append({
            "level": level, "tranche": size, "cost_per_participant": cost,
            "tranche_cost": round(size * cost),
            "per_million": {q: round(v * per_million, 1) for q, v in workers.items()},
            "participants_per_million": round(per_million * size, 1)})
        for p in result["solutions"][0]["parameters"]:
            used.setdefault(p["id"], p)
        for pid in (cost_id, f"tranche_size.{mechanism}"):
            if pid in kb.parameters:
                used.setdefault(pid, None)
    doc["parameters"] = [_parameter_entry(kb, pid, overrides) for pid in sorted(used)]
    return doc


# The last CACHE_SIZE results, per (knowledge base, intervention, overrides, draws).
_CACHE = KBMemo(CACHE_SIZE)


def intervention_yield(kb: KnowledgeBase, iid: str,
                       overrides: dict[str, Range] | None = None,
                       draws: int = YIELD_DRAWS) -> dict:
    """`compute_yield`, kept per (knowledge base, intervention, overrides)."""
    if iid not in kb.interventions:
        raise InputError(f"no intervention has the id {iid!r}", field="intervention")
    overrides = dict(overrides or {})
    return _CACHE.get(kb, (iid, tuple(sorted(overrides.items())), draws),
                      lambda: compute_yield(kb, iid, overrides, draws))
