"""Every solution's extra workers by the end of 2030, per draw, for all plans at once.

All plans run under one `MonteCarlo` sampler (the forecast's own: one stream per
parameter id and seed), so a parameter's draw is shared by every solution of every plan
that uses it, as spec/forecast.md asks; a total over plans is then the quantiles of the
summed draws, never the sum of quantiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.forecast.cohort import LEVEL_ORDER
from chiptalent.rules.forecast.draws import MonteCarlo, Range, Values
from chiptalent.rules.forecast.inputs import solution_input
from chiptalent.rules.forecast.mechanisms import solution_tally
from chiptalent.rules.plan import FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR, Plan

YEARS = list(range(FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR + 1))   # to the end of 2030


@dataclass
class SolutionWorkers:
    """One solution: its Rijk money and its extra workers by 2030 per draw."""

    id: str
    title: str
    requested: int
    enabling: bool                                  # adds nothing directly
    interventions: list[str]
    total: np.ndarray                               # (draws,)
    by_level: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def p50(self) -> float:
        return float(np.percentile(self.total, 50))


def _enabling(s) -> bool:
    """Made of enabling interventions only: no entrants, no participants."""
    if s.entrants or s.participants:
        return False
    if s.mechanism is not None:
        return s.mechanism == "enabling"
    return all(m.type == "enabling" for m in s.mechanisms)


def plan_workers(plan: Plan, kb: KnowledgeBase, sampler: MonteCarlo) -> list[SolutionWorkers]:
    """Each solution of a plan under the shared sampler; InputError names a bad field."""
    ranges = {pid: Range(p.low, p.central, p.high) for pid, p in kb.parameters.items()}
    at_2030 = len(YEARS) - 1
    out = []
    for solution in plan.solutions:
        s = solution_input(solution, kb, plan.assumptions, {})
        tally = solution_tally(s, Values(sampler, ranges, s.overrides, plan.region), YEARS)
        by_level = {level: tally.level_at(level, at_2030)
                    for level in LEVEL_ORDER if level in tally.gains}
        out.append(SolutionWorkers(
            id=s.name, title=solution.title or s.name, requested=s.funding_requested,
            enabling=_enabling(s), interventions=list(solution.interventions),
            total=tally.total()[at_2030], by_level=by_level))
    return out
