"""`chiptalent plan draft`: from an arrangement to a draft plan (spec/forecast.md,
`plan draft`; the plan format is spec/plan.md).

Modules, each with one job: `portfolio` (which arrangement, and how many participants,
students and euros of each intervention: the budget-optimal portfolio, or a fitting
arrangement sized within the budget), `solutions` (the interventions grouped into
solutions with p × q that explains every euro), `texts` (the draft's words and its
placeholders, from the string registry), `engine` (the plan document: consortium,
budget, conditions and programmes around the solutions, contributions at the
forecast's P50).
"""

from __future__ import annotations


def draft_plan(*args, **kwargs):
    from chiptalent.rules.draft.engine import draft_plan as run
    return run(*args, **kwargs)


__all__ = ["draft_plan"]
