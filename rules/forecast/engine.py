"""`forecast(plan, kb, ...)`: the JSON document of `chiptalent forecast` (spec/forecast.md).

One Monte Carlo pass over every solution (all draws at once), the quantiles of each
solution and of the summed draws, the claim against the forecast, € per extra worker,
the structural cost from 2031, and a one-at-a-time sensitivity analysis run through the
same model with every parameter central but one.
"""

from __future__ import annotations

import numpy as np

from chiptalent.errors import InputError
from chiptalent.kb.memo import KBMemo
from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.rules.forecast import summary
from chiptalent.rules.forecast.cohort import LEVEL_ORDER, Tally
from chiptalent.rules.forecast.draws import MonteCarlo, Range, Scenarios, Values
from chiptalent.rules.forecast.inputs import SolutionInput, check_override, solution_input
from chiptalent.rules.forecast.mechanisms import (participant_mechanism, signature,
                                                  solution_tally)
from chiptalent.rules.forecast.structural import structural
from chiptalent.rules.plan import FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR, Plan

DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_HORIZON = 10_000, 1, 2035
MAX_DRAWS, LAST_HORIZON = 1_000_000, 2060
REPORT_YEAR = LAST_INTAKE_YEAR            # the call counts workers by the end of 2030
SENSITIVITY_SHOWN_PER_SOLUTION = 5


def check_options(draws: int, seed: int, horizon: int) -> None:
    if not 1 <= draws <= MAX_DRAWS:
        raise InputError(f"the number of draws is from 1 to {MAX_DRAWS:,}, got {draws}",
                         field="--draws")
    if seed < 0:
        raise InputError(f"the seed is a whole number >= 0, got {seed}", field="--seed")
    if not REPORT_YEAR <= horizon <= LAST_HORIZON:
        raise InputError(f"the horizon is a year from {REPORT_YEAR} to {LAST_HORIZON} "
                         f"(2030 is always reported), got {horizon}", field="--horizon")


def command_line_overrides(kb: KnowledgeBase, settings: dict[str, Range]) -> dict[str, Range]:
    for pid, r in settings.items():
        check_override(kb, pid, r, f"--set {pid}")
    return dict(settings)


def _ranges(kb: KnowledgeBase) -> dict[str, Range]:
    return {pid: Range(p.low, p.central, p.high) for pid, p in kb.parameters.items()}


def _demand(plan: Plan, kb: KnowledgeBase) -> dict[str, int]:
    region = kb.regions.get(plan.region) if plan.region else None
    if region is not None:
        return {level: v for level, v in region.demand_by_level().items()
                if level in DEMAND_LEVELS}
    by_level = (kb.national.get("demand") or {}).get("by_level") or {}
    return {level: by_level[level]["value"] for level in DEMAND_LEVELS if level in by_level}


def _counted_cofinancing(plan: Plan, kb: KnowledgeBase) -> int:
    from chiptalent.rules.figures import compute
    return compute(plan, kb).cofinancing_counted


def _run(solutions: list[SolutionInput], sampler, ranges, years,
         region: str | None) -> tuple[list, list]:
    """Each solution's tally and the parameters it used, under one sampler; solutions
    of the same signature share one computation (tallies are never changed after)."""
    tallies, used = [], []
    done: dict[tuple, tuple] = {}
    for s in solutions:
        key = signature(s)
        if key not in done:
            values = Values(sampler, ranges, s.overrides, region)
            done[key] = (solution_tally(s, values, years), values.used)
        tallies.append(done[key][0])
        used.append(done[key][1])
    return tallies, used


def _level_quantiles(tally: Tally, at: int, levels) -> dict:
    """Per level (every level the solution names, and every level it reaches)."""
    shown = set(tally.gains) | {level for level in levels if level in LEVEL_ORDER}
    return {level: summary.workers(tally.level_at(level, at)) if level in tally.gains
            else summary.workers(np.zeros(1))
            for level in LEVEL_ORDER if level in shown}


def _extra_workers(tally: Tally, years: list[int], at_report: int, levels=(),
                   brief: bool = False) -> dict:
    if brief:       # 2030 only (the checker): one sort instead of one a year
        at_2030 = summary.workers(tally.total()[at_report])
        return {"by_2030": at_2030,
                "by_level_2030": _level_quantiles(tally, at_report, levels)}
    per_year = summary.workers_per_row(tally.total())
    return {"by_year": {str(y): q for y, q in zip(years, per_year)},
            "by_2030": per_year[at_report],
            "by_level_2030": _level_quantiles(tally, at_report, levels),
            "by_horizon": per_year[-1]}


def _parameter_list(kb: KnowledgeBase, s: SolutionInput, used: set[str],
                    ranges: dict[str, Range]) -> list[dict]:
    out = []
    for pid in sorted(used):
        p = kb.parameters[pid]
        r = s.overrides.get(pid, ranges[pid])
        out.append({"id": pid, "low": r.low, "central": r.central, "high": r.high,
                    "source": dict(p.source) if p.source else None,
                    "assumption": p.assumption, "overridden": pid in s.overridden})
    return out


def _main_mechanism(s: SolutionInput) -> str:
    if s.mechanism:
        return s.mechanism
    if s.participants:
        return participant_mechanism(s)
    if s.entrants:
        return "places"
    return s.mechanisms[0].type if s.mechanisms else "enabling"


def _inputs(plan: Plan, kb: KnowledgeBase, draws: int, seed: int, horizon: int,
            settings: dict[str, Range] | None) -> tuple[list[SolutionInput], list[int]]:
    """The options checked, the plan's solutions as the model reads them (with the
    assumptions set on the command line or in the page's address), and the years."""
    check_options(draws, seed, horizon)
    command_line = command_line_overrides(kb, settings or {})
    solutions = [solution_input(s, kb, plan.assumptions, command_line)
                 for s in plan.solutions]
    return solutions, list(range(FIRST_INTAKE_YEAR, horizon + 1))


def total_by_2030(plan: Plan, kb: KnowledgeBase, *, draws: int = DEFAULT_DRAWS,
                  seed: int = DEFAULT_SEED, horizon: int = DEFAULT_HORIZON,
                  settings: dict[str, Range] | None = None) -> dict:
    """The plan's extra workers by 2030 (P10, P50, P90): `forecast()`'s
    `total.extra_workers.by_2030`, the same numbers, without what else it computes (the
    sensitivity run, each solution's document, the structural cost) — for a page that
    weighs arrangements by their totals (webapp/arrangement_compare.py)."""
    solutions, years = _inputs(plan, kb, draws, seed, horizon, settings)
    ranges, sampler = _ranges(kb), MonteCarlo(draws, seed)
    tallies = []
    for s in solutions:
        # A solution's tally depends on its signature, the draws and the knowledge base
        # alone (each parameter has its own stream of draws, whatever else the plan
        # holds): pages weigh many arrangements made of the same few dozen solutions.
        key = (signature(s), draws, seed, tuple(years), plan.region)
        tallies.append(_KEPT_TALLIES.get(kb, key, lambda s=s: solution_tally(
            s, Values(sampler, ranges, s.overrides, plan.region), years)))
    return _extra_workers(_summed(tallies, years, draws), years,
                          years.index(REPORT_YEAR))["by_2030"]


# Tallies kept for total_by_2030 (never changed after they are made): an intervention at
# a level and its tranche, for ~50 interventions; a tally is some 50-150 kB.
KEPT_TALLIES = 160
_KEPT_TALLIES = KBMemo(KEPT_TALLIES)


def _summed(tallies: list[Tally], years: list[int], draws: int) -> Tally:
    """The solutions' tallies added up, level by level."""
    total = Tally(years, draws)
    for tally in tallies:
        for level, gains in tally.gains.items():
            total.gains[level] = total.gains.get(level, 0) + gains
    return total


def forecast(plan: Plan, kb: KnowledgeBase, *, draws: int = DEFAULT_DRAWS,
             seed: int = DEFAULT_SEED, horizon: int = DEFAULT_HORIZON,
             settings: dict[str, Range] | None = None, brief: bool = False) -> dict:
    """The forecast of a plan that `read_plan` read; InputError names a bad field.

    `brief` (the checker): each solution's workers by 2030 and per level only, without
    its years, horizon, parameter list and own sensitivity; the plan's total is whole.
    """
    solutions, years = _inputs(plan, kb, draws, seed, horizon, settings)
    at_report = years.index(REPORT_YEAR)
    ranges = _ranges(kb)

    sampler = MonteCarlo(draws, seed)
    tallies, used = _run(solutions, sampler, ranges, years, plan.region)

    # One-at-a-time: every parameter any solution used, through the same model.
    varied = sorted(set().union(*used)) if used else []
    scenarios = Scenarios(varied)
    scenario_tallies, _ = _run(solutions, scenarios, ranges, years, plan.region)
    scenario_total = sum((t.total()[at_report] for t in scenario_tallies),
                         np.zeros(scenarios.size))

    requested = sum(s.funding_requested for s in solutions)
    cofinancing = _counted_cofinancing(plan, kb)
    documents = []
    summaries: dict[tuple, dict] = {}     # a shared tally is summarised once
    tornadoes: dict[tuple, list] = {}

    def _tornado(scenario: Tally, own: set[str]) -> list:
        key = (id(scenario), id(own))
        if key not in tornadoes:
            tornadoes[key] = summary.tornado(varied, scenario.total()[at_report],
                                             keep=own)[:SENSITIVITY_SHOWN_PER_SOLUTION]
        return tornadoes[key]

    for s, tally, own, scenario in zip(solutions, tallies, used, scenario_tallies):
        key = (id(tally), tuple(s.levels))
        if key not in summaries:
            summaries[key] = _extra_workers(tally, years, at_report, s.levels, brief)
        extra = summaries[key]
        claimed_total = sum(s.claimed.values())
        societal = (s.funding_requested * (requested + cofinancing) / requested
                    if requested else s.funding_requested)
        documents.append({
            "id": s.name, "mechanism": _main_mechanism(s),
            "levels": s.levels or sorted(set(s.entrants) | set(s.participants),
                                         key=LEVEL_ORDER.index),
            "extra_workers": extra,
            "claimed": s.claimed, "claim": summary.claim(claimed_total, extra["by_2030"]),
            "rijk_per_extra_worker_2030": summary.euros_per_worker(s.funding_requested,
                                                                   extra["by_2030"]),
            "societal_per_extra_worker_2030": summary.euros_per_worker(societal,
                                                                       extra["by_2030"]),
            "parameters": [] if brief else _parameter_list(kb, s, own, ranges),
            "sensitivity": [] if brief else _tornado(scenario, own),
            # per level its people reach: can any be at work by 2030 at all (every
            # duration and lag at its low)? The checker's contribution.timing.
            "reachable_by_2030": {
                level: bool(scenario.level_at(level, at_report)[scenarios.soonest] > 0)
                for level in LEVEL_ORDER if level in scenario.gains},
        })

    total_extra = _extra_workers(_summed(tallies, years, draws), years, at_report)
    return {
        "plan": {"region": plan.region, "title": plan.title},
        "draws": draws, "seed": seed, "years": years,
        "solutions": documents,
        "total": {"extra_workers": total_extra,
                  "rijk_per_extra_worker_2030": summary.euros_per_worker(
                      requested, total_extra["by_2030"]),
                  "societal_per_extra_worker_2030": summary.euros_per_worker(
                      requested + cofinancing, total_extra["by_2030"])},
        "demand": _demand(plan, kb),
        "structural_from_2031": structural(
            solutions, lambda s: Values(sampler, ranges, s.overrides, plan.region)),
        "sensitivity": summary.tornado(varied, scenario_total),
        # the total P50 by 2030 with every parameter central: the tornado's centre line
        "sensitivity_central": round(float(scenario_total[0]), 1),
    }
