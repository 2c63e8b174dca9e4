"""The structural cost from 2031 (spec/forecast.md): the 2030 intake continuing.

In the steady state the extra entrants of 2030 keep coming every year. Enrolled at any
time are then the yearly extra entrants times the programme's duration (an upper bound:
dropouts leave before the end), and a year costs their regular funding plus student
finance per enrolment year, and for hbo and wo the amount per degree for those who
graduate. Non-EER students are left out: the Rijk funds neither them nor their
finance. Entrants count net of deadweight (those who would have come anyway cost
nothing extra).
"""

from __future__ import annotations

import numpy as np

from chiptalent.rules.forecast.cohort import LEVEL_ORDER, SEPTEMBER, track
from chiptalent.rules.forecast.inputs import SolutionInput
from chiptalent.rules.forecast.mechanisms import participant_mechanism, parameter_ids
from chiptalent.rules.forecast.summary import workers as quantiles
from chiptalent.rules.plan import LAST_INTAKE_YEAR


def intake_last_year(solution: SolutionInput, values) -> dict[str, np.ndarray]:
    """Extra funded entrants per level who start in 2030, one value per draw."""
    out: dict[str, np.ndarray] = {}
    last = solution.years == LAST_INTAKE_YEAR
    if solution.entrants:
        kept = 1 - values(parameter_ids(solution, "places")["deadweight"])
        for level, (kinds, counts) in solution.entrants.items():
            funded = sum(counts[i][last].sum() for i, kind in enumerate(kinds)
                         if kind != "non_eer")
            out[level] = out.get(level, 0) + funded * kept
    mechanism = participant_mechanism(solution) if solution.participants else None
    if mechanism == "intake":
        ids = parameter_ids(solution, "intake")
        lag = np.ceil(values(ids["lag"]))
        per_person = values(ids["uplift"]) * (1 - values(ids["deadweight"]))
        for level, counts in solution.participants.items():
            starts = np.floor(solution.years[:, None] + SEPTEMBER + lag[None, :])
            reached = (counts[:, None] * (starts == LAST_INTAKE_YEAR)).sum(axis=0)
            out[level] = out.get(level, 0) + reached * per_person
    elif mechanism == "places":
        kept = 1 - values(parameter_ids(solution, "places")["deadweight"])
        for level, counts in solution.participants.items():
            out[level] = out.get(level, 0) + counts[last].sum() * kept
    return out


def structural(solutions: list[SolutionInput], values_for) -> dict:
    """Students enrolled per level (P50) and € a year (P10/P50/P90) from 2031.

    `values_for(solution)` gives the parameter values the solution sees (its overrides).
    """
    enrolled: dict[str, np.ndarray] = {}
    euros = None
    for solution in solutions:
        values = values_for(solution)
        for level, intake in intake_last_year(solution, values).items():
            ids = track(level, solution.route(level))
            students = intake * values(ids["duration"])
            cost = students * (values(f"funding.regular.{level}")
                               + values(f"student_finance.{level}"))
            if values.has(f"funding.degree.{level}"):
                cost = cost + intake * values(ids["completion"]) \
                    * values(f"funding.degree.{level}")
            enrolled[level] = enrolled.get(level, 0) + students
            euros = cost if euros is None else euros + cost
    size = next(iter(enrolled.values())).shape if enrolled else (1,)
    return {"students_enrolled": {level: quantiles(np.broadcast_to(enrolled[level], size))["p50"]
                                  for level in LEVEL_ORDER if level in enrolled},
            "eur_per_year": {name: round(v) for name, v in quantiles(
                np.zeros(size) if euros is None else np.broadcast_to(euros, size)).items()}}
