"""The funding rules of spec/forecast.md (`compare`) and the three scenarios.

Every scenario funds solutions wholly or in part (a share of at least the knowledge
base's `partial_funding.min_share`), funds a plan's enabling solutions whole once any of
its other solutions is funded, funds only plans without errors, and keeps each region's
Rijk money at most twice the cofinancing counted for the funded part (cofinancing pro
rata to the funded share, so a plan that meets the third whole meets it in every part).
All are scored alike: Σ share × the solution's P50 extra workers by 2030.

- `optimal`: the shares that maximise the score within the budget, a mixed-integer
  programme solved with the optimiser's HiGHS helper (silent, exact); among allocations
  with the same score, the one that funds most of what the plans asked.
- `demand-share` and `reservations-2024`: an amount per region (the budget × the
  region's share of Bijlage 2's demand; the provisional amounts of July 2024), which
  funds the plan's solutions best-first by Rijk € per extra worker, the last in part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from chiptalent.rules.compare.workers import SolutionWorkers

# Solver tolerance when reading shares back (not a modelling choice).
SHARE_TOLERANCE = 1e-5
MILLION = 1_000_000          # the programme counts money in €m, for a well-scaled matrix


@dataclass
class FundablePlan:
    key: str
    region: str | None
    requested: int
    cofinancing: int
    solutions: list[SolutionWorkers]
    fundable: bool                                 # no errors, forecast, a third met
    reason: str | None = None                      # why not fundable


@dataclass
class Funded:
    plan: str
    solution: str
    share: float
    amount: int
    cofinancing: int
    extra_workers_p50: float
    requested: int = 0


@dataclass
class Allocation:
    id: str
    budget: int
    amounts: dict[str, int] = field(default_factory=dict)     # per plan: what it may use
    funded: list[Funded] = field(default_factory=list)
    status: str = "optimal"

    @property
    def spent(self) -> int:
        return sum(f.amount for f in self.funded)

    @property
    def score(self) -> float:
        return sum(f.share * f.extra_workers_p50 for f in self.funded)

    def by_plan(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.funded:
            out[f.plan] = out.get(f.plan, 0) + f.amount
        return out


def _funded(plan: FundablePlan, s: SolutionWorkers, share: float) -> Funded:
    amount = math.floor(share * s.requested)
    # Pro rata, rounded up in whole euros (exact integers): the funded part's share of
    # the cofinancing, so a plan that meets the third whole meets it in every part.
    cof = -(-plan.cofinancing * amount // plan.requested) if plan.requested else 0
    return Funded(plan=plan.key, solution=s.id, share=share, amount=amount,
                  cofinancing=cof, extra_workers_p50=s.p50, requested=s.requested)


def _paid(plan: FundablePlan) -> list[SolutionWorkers]:
    return [s for s in plan.solutions if not s.enabling]


def _enablers(plan: FundablePlan) -> list[SolutionWorkers]:
    return [s for s in plan.solutions if s.enabling]


def _per_worker(s: SolutionWorkers) -> float:
    return s.requested / s.p50 if s.p50 > 0 else math.inf


def best_first(plan: FundablePlan, amount: int, min_share: float) -> list[Funded]:
    """The plan's solutions best-first by Rijk € per extra worker within `amount`: the
    enabling ones whole first (they come with any other), the last one in part when
    that part is at least the minimum share."""
    if not plan.fundable or amount <= 0:
        return []
    enabling_cost = sum(s.requested for s in _enablers(plan))
    left = amount - enabling_cost
    chosen: list[Funded] = []
    for s in sorted(_paid(plan), key=lambda s: (_per_worker(s), s.id)):
        if s.requested <= left:
            chosen.append(_funded(plan, s, 1.0))
            left -= s.requested
            continue
        share = left / s.requested if s.requested and left > 0 else 0.0
        if share >= min_share:
            share = math.floor(share * 1e6) / 1e6          # never above what is left
            chosen.append(_funded(plan, s, share))
        break
    if not chosen:
        return []
    return [_funded(plan, s, 1.0) for s in _enablers(plan)] + chosen


def by_amounts(scenario: str, plans: list[FundablePlan], amounts: dict[str, int],
               budget: int, min_share: float) -> Allocation:
    allocation = Allocation(id=scenario, budget=budget, amounts=dict(amounts),
                            status="allocated")
    for plan in plans:
        allocation.funded += best_first(plan, amounts.get(plan.key, 0), min_share)
    return allocation


def optimal(plans: list[FundablePlan], budget: int, min_share: float) -> Allocation:
    """The MIP: continuous share x and binary z per solution, x ≥ m·z, x ≤ z; enabling
    solutions x = z, funded exactly when some other solution of their plan is; Σ x·R ≤
    budget; maximise Σ x·P50, then the money funded."""
    from chiptalent.rules.optimise.model import Programme
    from chiptalent.rules.optimise.solve import solve_columns

    p = Programme()
    share_col: dict[tuple[str, str], int] = {}
    chosen_col: dict[tuple[str, str], int] = {}
    money: dict[int, float] = {}
    units = [(plan, s) for plan in plans if plan.fundable for s in plan.solutions]
    for plan, s in units:
        key = (plan.key, s.id)
        x = p.column(0.0, 1.0, False, cost=max(s.p50, 0.0))
        z = p.column(0.0, 1.0, True)
        share_col[key], chosen_col[key] = x, z
        money[x] = s.requested / MILLION
        if s.enabling:
            p.row(0.0, 0.0, {x: 1.0, z: -1.0})                     # whole or not at all
        else:
            p.row(-math.inf, 0.0, {x: 1.0, z: -1.0})               # x ≤ z
            p.row(0.0, math.inf, {x: 1.0, z: -min_share})          # x ≥ m·z
    for plan in plans:
        if not plan.fundable:
            continue
        paid = [chosen_col[(plan.key, s.id)] for s in _paid(plan)]
        for e in _enablers(plan):
            ze = chosen_col[(plan.key, e.id)]
            for zs in paid:
                p.row(0.0, math.inf, {ze: 1.0, zs: -1.0})          # z_e ≥ z_s
            if paid:
                p.row(-math.inf, 0.0, {ze: 1.0, **{zs: -1.0 for zs in paid}})
    if money:
        p.row(-math.inf, budget / MILLION, dict(money))
    status, values = solve_columns(p, then_maximise=money) if units else ("optimal", [])
    allocation = Allocation(id="optimal", budget=budget, status=status)
    if values is None:
        return allocation
    for plan, s in units:
        x = values[share_col[(plan.key, s.id)]]
        share = _clean_share(x, s.enabling, min_share)
        if share > 0:
            allocation.funded.append(_funded(plan, s, share))
    allocation.amounts = allocation.by_plan()
    _fit_budget(allocation, budget)
    return allocation


def _clean_share(x: float, enabling: bool, min_share: float) -> float:
    """A solver's share as the rules have it: 0, 1, or within [min, 1) to 6 decimals,
    rounded down so the money never exceeds the budget."""
    if x <= SHARE_TOLERANCE:
        return 0.0
    if enabling or x >= 1 - SHARE_TOLERANCE:
        return 1.0
    if x < min_share:
        return min_share
    return max(min_share, math.floor(x * 1e6) / 1e6)


def _fit_budget(allocation: Allocation, budget: int) -> None:
    """Rounding to whole euros may not push the spending over the budget."""
    over = allocation.spent - budget
    if over <= 0:
        return
    partial = sorted((f for f in allocation.funded if f.share < 1), key=lambda f: -f.amount)
    for f in partial:
        f.amount -= over
        f.share = math.floor(f.amount / f.requested * 1e6) / 1e6
        return
