"""How robust the optimum is: the share of N parameter draws in which each candidate
is in the optimal portfolio (`robust.core_index`, spec/forecast.md).

Each draw takes one value of every parameter (one uniform per parameter, as the
forecast draws them, so a draw's costs, reach and effects belong together), builds the
same programme from that draw's tranches and solves it (to within DRAW_GAP of the
draw's optimum). A candidate chosen in (nearly)
every draw is a robust pick; one chosen in few rests on the central values only.
"""

from __future__ import annotations

from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.optimise.model import build
from chiptalent.rules.optimise.problem import Problem
from chiptalent.rules.optimise.solve import solve
from chiptalent.rules.optimise.tranches import SEED, Prices, Valuation

# A candidate in at least this share of the draws is marked robust in the reports: a
# reading aid (four in five draws), not a parameter of the problem.
ROBUST_SHARE = 0.8
# Each draw's programme is solved to within this share of its optimum: proving the last
# tenth of a percent can take thousands of branch-and-bound nodes (measured: 0.1 s against
# 18 s on one Twente draw), while the draws themselves differ by tens of percent.
DRAW_GAP = 1e-3


def core_index(kb: KnowledgeBase, ids: list[str], problem: Problem, share: float,
               horizon: int, draws: int, seed: int = SEED) -> dict:
    from chiptalent.rules.optimise.engine import build_candidates, reach_of

    valuation = Valuation(kb, horizon, draws=draws, seed=seed)
    counts = {c.id: 0 for c in problem.candidates}
    infeasible = 0
    for j in range(draws):
        prices = Prices(kb, share, valuation.sampler, j)
        candidates = build_candidates(
            kb, ids, prices, lambda item, participants, j=j: valuation.draw(item,
                                                                              participants, j))
        drawn = Problem(candidates, problem.budget, problem.cofinancing, problem.cap,
                        problem.conditions_met,
                        reach_of(candidates, prices))
        outcome = solve(build(drawn), thrift=False, gap=DRAW_GAP)
        if outcome.selection is None:
            infeasible += 1
            continue
        for cid in outcome.selection.chosen():
            counts[cid] = counts.get(cid, 0) + 1
    return {"draws": draws, "seed": seed, "infeasible_draws": infeasible,
            "robust_share": ROBUST_SHARE, "gap_per_draw": DRAW_GAP,
            "core_index": {cid: round(n / draws, 3) for cid, n in counts.items()}}
