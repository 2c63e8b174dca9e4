"""Why no portfolio meets the constraints, in the problem's own words.

The solver only says "infeasible"; a policy officer needs to know what to change. In
order: no building-block-5 intervention can be chosen (naming, for each, the
precondition nobody provides, the requirement that cannot be met, or that there are
none); otherwise money: the cheapest portfolio that meets every constraint (found
exactly, by the same programme minimising Rijk money) costs more than the budget or
than twice the cofinancing.
"""

from __future__ import annotations

import math
from dataclasses import replace

from chiptalent.i18n import format_money
from chiptalent.rules.optimise.problem import ENABLING_BLOCK, Problem


def explain(problem: Problem) -> str:
    why = problem.choosable()
    block5 = [c for c in problem.candidates if c.building_block == ENABLING_BLOCK]
    if not block5:
        return ("bouwsteen 5 (netwerkvorming en inzicht) is verplicht, maar geen van zijn "
                "interventies is een kandidaat (uitgesloten in het profiel of door een regel)")
    if all(why[c.id] is not None for c in block5):
        return ("bouwsteen 5 (netwerkvorming en inzicht) is verplicht, maar geen van zijn "
                "interventies kan gekozen worden: " + "; ".join(
                    f"{c.id} {why[c.id]}" for c in block5))
    cheapest = cheapest_cost(problem)
    if cheapest is None:
        return "geen portefeuille voldoet aan de voorwaarden, ook niet met onbeperkt budget"
    limits = [f"het budget is {format_money(problem.budget, 'nl')}"]
    if problem.cofinancing is not None:
        limits.append(f"tweemaal de cofinanciering is "
                      f"{format_money(2 * problem.cofinancing, 'nl')}")
    return ("de goedkoopste portefeuille die aan alle voorwaarden voldoet (bouwsteen 5 en "
            "de te dekken delen van Bijlage 1 §2, met wat zij vereisen) kost "
            f"{format_money(cheapest, 'nl')} aan Rijksgeld; " + " en ".join(limits))


def cheapest_cost(problem: Problem) -> float | None:
    """The least Rijk money of any portfolio meeting every constraint but the money."""
    from chiptalent.rules.optimise.model import build
    from chiptalent.rules.optimise.solve import cheapest

    free = replace(problem, budget=math.inf, cofinancing=None)
    return cheapest(build(free))
