"""The budget-optimal portfolio (spec/forecast.md, `optimise`): which interventions, at
what scale, give the most extra workers for the money — solved exactly.

Modules, each with one job: `problem` (the problem as plain data, and its constraints
in words), `candidates` (which interventions, what they need and cover), `tranches`
(sizes, prices, reach and worth from the knowledge base's parameters and the forecast),
`model` (the mixed-integer programme), `solve` (HiGHS, silent), `greedy` (the greedy
portfolio beside it), `diagnose` (why nothing is feasible), `robust` (the core index
over parameter draws), `engine` (the JSON document), `report` (Dutch text),
`arrangement` (the portfolio as `recommend --budget`'s budget-optimal arrangement).
"""

from __future__ import annotations


def optimise(*args, **kwargs):
    from chiptalent.rules.optimise.engine import optimise as run
    return run(*args, **kwargs)


__all__ = ["optimise"]
