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
from chiptalent.rules.optimise.problem import ENABLING_BLOCK, Problem, Reason, english


def explain(problem: Problem) -> Reason:
    """Why nothing is feasible, in Dutch (the string) and English (`.en`)."""
    why = problem.choosable()
    block5 = [c for c in problem.candidates if c.building_block == ENABLING_BLOCK]
    if not block5:
        return Reason("bouwsteen 5 (netwerkvorming en inzicht) is verplicht, maar geen van "
                      "zijn interventies is een kandidaat (uitgesloten in het profiel of "
                      "door een regel)",
                      "building block 5 (networks and insight) is required, but none of its "
                      "interventions is a candidate (excluded in the profile or by a rule)")
    if all(why[c.id] is not None for c in block5):
        return Reason("bouwsteen 5 (netwerkvorming en inzicht) is verplicht, maar geen van "
                      "zijn interventies kan gekozen worden: " + "; ".join(
                          f"{c.id} {why[c.id]}" for c in block5),
                      "building block 5 (networks and insight) is required, but none of its "
                      "interventions can be chosen: " + "; ".join(
                          f"{c.id} {english(why[c.id])}" for c in block5))
    cheapest = cheapest_cost(problem)
    if cheapest is None:
        return Reason("geen portefeuille voldoet aan de voorwaarden, ook niet met onbeperkt "
                      "budget", "no portfolio meets the constraints, not even with an "
                      "unlimited budget")
    limits = {lang: [word.format(format_money(problem.budget, lang))]
              for lang, word in (("nl", "het budget is {}"), ("en", "the budget is {}"))}
    if problem.cofinancing is not None:
        limits["nl"].append("tweemaal de cofinanciering is "
                            f"{format_money(2 * problem.cofinancing, 'nl')}")
        limits["en"].append("twice the cofinancing is "
                            f"{format_money(2 * problem.cofinancing, 'en')}")
    return Reason("de goedkoopste portefeuille die aan alle voorwaarden voldoet (bouwsteen 5 "
                  "en de te dekken delen van Bijlage 1 §2, met wat zij vereisen) kost "
                  f"{format_money(cheapest, 'nl')} aan Rijksgeld; " + " en ".join(limits["nl"]),
                  "the cheapest portfolio meeting every constraint (building block 5 and the "
                  "parts of Bijlage 1 §2 to cover, with what they require) costs "
                  f"{format_money(cheapest, 'en')} of Rijk money; "
                  + " and ".join(limits["en"]))


def cheapest_cost(problem: Problem) -> float | None:
    """The least Rijk money of any portfolio meeting every constraint but the money."""
    from chiptalent.rules.optimise.model import build
    from chiptalent.rules.optimise.solve import cheapest

    free = replace(problem, budget=math.inf, cofinancing=None)
    return cheapest(build(free))
