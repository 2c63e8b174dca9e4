"""Tranches: how much of a candidate can be bought, at what cost, for how many workers.

Sizes, prices and reach are parameters of the knowledge base (kb/data/parameters):
`tranche_size.<mechanism>` participants per level per tranche at
`cost_per_participant.<mechanism>.<level>`, as many tranches as the region's reach
allows (`reach.<mechanism>.<level>`, a national figure scaled by the region's share of
Bijlage 2's demand; the candidates of one mechanism share it, engine.py says why); an
enabling candidate is bought once at `fixed_cost.enabling`.
A tranche holds the tranche size at every level of the candidate that still has reach
left, so later tranches hold fewer participants and are worth no more than earlier ones.

A tranche is worth the forecast's extra workers per level by the horizon: the forecast
engine (rules/forecast) runs one participant per level of the candidate through the
candidate's mechanism and parameters, spread evenly over the intake years to 2030 as the
forecast spreads a plan's students; the model is linear in participants, so a tranche's
draws are those per-participant draws times its participants, summed over its levels.
`Valuation.p50` gives the P50 per level (the optimum); `Valuation.draw` one draw of it
(the robustness analysis).
"""

from __future__ import annotations

import numpy as np

from chiptalent.kb.model import Intervention, KnowledgeBase
from chiptalent.rules.forecast.draws import MonteCarlo, Range, Values
from chiptalent.rules.forecast.inputs import INTAKE_YEARS, SolutionInput
from chiptalent.rules.forecast.mechanisms import solution_tally
from chiptalent.rules.optimise.problem import LEVELS, Tranche
from chiptalent.rules.plan import FIRST_INTAKE_YEAR

# How the forecast's samples are drawn for tranche values (as `chiptalent check`).
DRAWS, SEED = 2_000, 1


def ranges(kb: KnowledgeBase) -> dict[str, Range]:
    return {pid: Range(p.low, p.central, p.high) for pid, p in kb.parameters.items()}


class Prices:
    """Parameter values for sizes, costs and reach: central, or one draw of them."""

    def __init__(self, kb: KnowledgeBase, share: float, sampler: MonteCarlo | None = None,
                 draw: int | None = None):
        self.kb, self.share, self.sampler, self.draw = kb, share, sampler, draw
        self._ranges = ranges(kb)
        self.used: set[str] = set()

    def __call__(self, pid: str) -> float:
        if pid not in self._ranges:
            from chiptalent.errors import InputError
            raise InputError(f"the optimiser needs parameter {pid!r}, which is not in "
                             "kb/data/parameters", field="parameters")
        self.used.add(pid)
        r = self._ranges[pid]
        if self.sampler is None or self.draw is None:
            return float(r.central)
        return float(self.sampler.values(pid, r)[self.draw])

    def has(self, pid: str) -> bool:
        return pid in self._ranges


def demand_levels(item: Intervention) -> list[str]:
    return [lv for lv in LEVELS if lv in item.levels]


class Valuation:
    """Per-participant extra workers by the horizon, per level, for every draw."""

    def __init__(self, kb: KnowledgeBase, horizon: int, draws: int = DRAWS,
                 seed: int = SEED):
        self.kb, self.horizon = kb, horizon
        self.sampler = MonteCarlo(draws, seed)
        self.years = list(range(FIRST_INTAKE_YEAR, horizon + 1))
        self._ranges = ranges(kb)
        self._unit: dict[tuple, dict[str, np.ndarray]] = {}
        self._p50: dict[tuple, dict[str, float]] = {}
        self.used: set[str] = set()

    def unit(self, item: Intervention, level: str) -> dict[str, np.ndarray]:
        """Draws of the workers one participant at `level` brings, per level reached."""
        mechanism = item.mechanism
        key = (mechanism.type, tuple(sorted(mechanism.parameters.items())), level,
               item.routes == ["bbl"])
        if key not in self._unit:
            spread = np.where(INTAKE_YEARS >= FIRST_INTAKE_YEAR, 1.0, 0.0)
            solution = SolutionInput(
                index=0, name=item.id, funding_requested=0, claimed={}, levels=[level],
                mechanism=mechanism.type, mechanisms=[mechanism], entrants={},
                participants={level: spread / spread.sum()}, bbl=item.routes == ["bbl"])
            values = Values(self.sampler, self._ranges, {})
            tally = solution_tally(solution, values, self.years)
            self.used |= values.used
            last = len(self.years) - 1
            self._unit[key] = {lv: np.asarray(tally.level_at(lv, last), dtype=float)
                               for lv in tally.gains}
        return self._unit[key]

    def draws(self, item: Intervention, participants: dict[str, float]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for level, n in participants.items():
            for reached, per_person in self.unit(item, level).items():
                out[reached] = out.get(reached, 0) + n * per_person
        return out

    def p50(self, item: Intervention, participants: dict[str, float]) -> dict[str, float]:
        key = (item.id, tuple(sorted(participants.items())))
        if key not in self._p50:
            self._p50[key] = {lv: max(0.0, float(np.percentile(d, 50)))
                              for lv, d in self.draws(item, participants).items()}
        return self._p50[key]

    def draw(self, item: Intervention, participants: dict[str, float], j: int
             ) -> dict[str, float]:
        return {lv: max(0.0, float(d[j])) for lv, d in self.draws(item, participants).items()}


def region_reach(prices: Prices, mechanisms) -> dict[str, dict[str, float]]:
    """People the region can find per mechanism and level: the national reach times the
    region's share of the demand, whole people. Shared by every candidate of the
    mechanism (the programme's reach constraint) and the most one candidate can take."""
    return {m: {lv: int(prices(f"reach.{m}.{lv}") * prices.share) for lv in LEVELS}
            for m in sorted(set(mechanisms))}


def tranches(item: Intervention, prices: Prices, worth) -> list[Tranche]:
    """The candidate's tranches in order; `worth(item, participants)` values one."""
    mechanism = item.mechanism.type
    size = round(prices(f"tranche_size.{mechanism}"))
    levels = demand_levels(item)
    pool = region_reach(prices, [mechanism])[mechanism]
    left = {lv: pool[lv] for lv in levels}
    price = {lv: prices(f"cost_per_participant.{mechanism}.{lv}") for lv in levels}
    out: list[Tranche] = []
    while size > 0 and any(v > 0 for v in left.values()):
        participants = {lv: min(size, left[lv]) for lv in levels if left[lv] > 0}
        for lv, n in participants.items():
            left[lv] -= n
        by_level = {lv: round(v, 6) for lv, v in worth(item, participants).items() if v > 0}
        cost = sum(n * price[lv] for lv, n in participants.items())
        out.append(Tranche(cost=round(cost, 2), by_level=by_level,
                           participants=participants))
    return out
