"""A solution's cohorts by mechanism, and how its interventions combine (spec/forecast.md).

A solution's `students` and `non_eer_entrants` are entrants (`places`); its
`participants` work by the solution's `mechanism` or, when absent, by the first of its
interventions' mechanisms in the order retraining, recruitment, intake, completion,
retention; its completion and retention interventions also lower its own cohorts'
dropout and raise their stay rate; enabling interventions add nothing directly.

Formulas per participant (c completion, d duration, p progression, e sector entry,
σ stay rate, dw the mechanism's deadweight):
- places: E × (1 − dw) entrants, then the cohort model (`cohort.py`);
- intake: R × uplift × (1 − dw) entrants, starting in the September after the lag
  (rounded up to whole years: entrants start in September), then as places;
- completion: N × (1 − c) × dropout reduction × (1 − dw) graduates half a duration on;
- retraining: P × (1 − dw) × completion × placement workers after the trajectory;
- recruitment: P × completion × placement × σ workers after the trajectory;
- retention: G × stay-rate uplift × (1 − dw) workers from the year they are reached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chiptalent.rules.forecast.cohort import (NEXT_LEVEL, SEPTEMBER, Block, Boosts,
                                              Tally, run, to_work, track)

if TYPE_CHECKING:
    from chiptalent.rules.forecast.inputs import SolutionInput

PARTICIPANT_ORDER = ("retraining", "recruitment", "intake", "completion", "retention")

# The parameter each role of a mechanism's formula reads unless the intervention names
# its own (`mechanism: {type: ..., parameters: {role: id}}`); `{level}` is filled in.
DEFAULT_PARAMETERS = {
    "places": {"deadweight": "deadweight.places"},
    "intake": {"uplift": "uplift.intake", "lag": "lag.intake",
               "deadweight": "deadweight.intake"},
    "completion": {"dropout_reduction": "dropout_reduction.completion",
                   "deadweight": "deadweight.completion"},
    "retraining": {"completion": "completion.retraining", "duration": "duration.retraining",
                   "placement": "placement.retraining", "deadweight": "deadweight.retraining"},
    "recruitment": {"completion": "completion.recruitment",
                    "duration": "duration.recruitment",
                    "placement": "placement.recruitment",
                    "stay_rate": "stay_rate.non_eer.{level}"},
    "retention": {"stay_uplift": "stay_uplift.retention",
                  "deadweight": "deadweight.retention"},
    "enabling": {},
}


def parameter_ids(solution: SolutionInput, mechanism: str) -> dict[str, str]:
    """The mechanism's defaults, with those of the solution's first intervention of it."""
    ids = dict(DEFAULT_PARAMETERS[mechanism])
    for own in solution.mechanisms:
        if own.type == mechanism:
            ids.update(own.parameters)
            break
    return ids


def participant_mechanism(solution: SolutionInput) -> str | None:
    """How the solution's participants work (None: it has no such mechanism)."""
    if solution.mechanism:
        return solution.mechanism
    types = {m.type for m in solution.mechanisms}
    return next((m for m in PARTICIPANT_ORDER if m in types), None)


def boosts(solution: SolutionInput, values) -> Boosts:
    """The solution's completion and retention interventions acting on its own cohorts."""
    types = {m.type for m in solution.mechanisms}
    out = Boosts()
    if "completion" in types:
        ids = parameter_ids(solution, "completion")
        out.dropout_cut = values(ids["dropout_reduction"]) * (1 - values(ids["deadweight"]))
    if "retention" in types and solution.has_internationals:
        ids = parameter_ids(solution, "retention")
        out.stay_gain = values(ids["stay_uplift"]) * (1 - values(ids["deadweight"]))
    return out


def _start(years: np.ndarray) -> np.ndarray:
    return (years + SEPTEMBER)[:, None]


def place_blocks(solution: SolutionInput, values) -> dict[str, list[Block]]:
    """Entrants from students and non-EER entrants, net of the places deadweight."""
    blocks: dict[str, list[Block]] = {}
    if not solution.entrants:
        return blocks
    kept = 1 - values(parameter_ids(solution, "places")["deadweight"])
    for level, (kinds, counts) in solution.entrants.items():
        blocks.setdefault(level, []).append(Block(
            kinds=kinds, entrants=counts[:, :, None] * kept, start=_start(solution.years),
            route=solution.route(level)))
    return blocks


def participant_work(solution: SolutionInput, mechanism: str, values, tally: Tally,
                     blocks: dict[str, list[Block]]) -> None:
    """Participants by their mechanism: workers into the tally, or entrants into blocks."""
    ids = parameter_ids(solution, mechanism)
    years = solution.years
    for level, counts in solution.participants.items():       # counts per intake year
        counts = counts[:, None]                                # (years, 1)
        if mechanism == "places":
            kept = 1 - values(ids["deadweight"])
            blocks.setdefault(level, []).append(Block(
                kinds=("domestic",), entrants=(counts * kept)[None], start=_start(years),
                route=solution.route(level)))
        elif mechanism == "intake":
            entrants = counts * values(ids["uplift"]) * (1 - values(ids["deadweight"]))
            start = _start(years) + np.ceil(values(ids["lag"]))
            blocks.setdefault(level, []).append(Block(
                kinds=("domestic",), entrants=entrants[None], start=start,
                route=solution.route(level)))
        elif mechanism == "completion":
            route = solution.route(level)
            programme = track(level, route)
            c = values(programme["completion"])
            graduates = counts * (1 - c) * values(ids["dropout_reduction"]) \
                * (1 - values(ids["deadweight"]))
            moment = _start(years) + values(programme["duration"]) / 2
            onward = to_work(level, route, ("domestic",), graduates[None], moment, values,
                             tally, None)
            if onward is not None:
                blocks.setdefault(NEXT_LEVEL[level], []).append(onward)
        elif mechanism == "retraining":
            workers = counts * (1 - values(ids["deadweight"])) * values(ids["completion"]) \
                * values(ids["placement"])
            tally.add(level, workers, np.floor(_start(years) + values(ids["duration"])))
        elif mechanism == "recruitment":
            sigma = values(ids["stay_rate"].format(level=level))
            workers = counts * values(ids["completion"]) * values(ids["placement"]) * sigma
            tally.add(level, workers, np.floor(_start(years) + values(ids["duration"])))
        elif mechanism == "retention":
            workers = counts * values(ids["stay_uplift"]) * (1 - values(ids["deadweight"]))
            tally.add(level, workers, years[:, None])
        # enabling: participants add nothing directly


def signature(solution: SolutionInput) -> tuple:
    """Everything `solution_tally` reads of a solution: two solutions with the same
    signature have the same tally under the same sampler, so a forecast computes it
    once (plans repeat a solution's shape with other money, titles or KPIs)."""
    mechanism = participant_mechanism(solution) if solution.participants else None
    types = {m.type for m in solution.mechanisms}
    roles = tuple((t, tuple(sorted(parameter_ids(solution, t).items())))
                  for t in sorted(types | {"places"} | ({mechanism} if mechanism else set())))
    return (tuple((level, kinds, counts.tobytes())
                  for level, (kinds, counts) in sorted(solution.entrants.items())),
            tuple((level, counts.tobytes())
                  for level, counts in sorted(solution.participants.items())),
            solution.route("mbo"), solution.route("wo"), mechanism, roles,
            tuple(sorted(solution.overrides.items())), solution.years.tobytes())


def solution_tally(solution: SolutionInput, values, years: list[int]) -> Tally:
    """The extra workers of one solution per level and year, one row per draw."""
    tally = Tally(years, values.size)
    boost = boosts(solution, values)
    blocks = place_blocks(solution, values)
    if solution.participants:
        mechanism = participant_mechanism(solution)
        participant_work(solution, mechanism, values, tally, blocks)
    run(blocks, values, tally, boost)
    return tally
