"""The talent-pipeline forecast (spec/forecast.md): extra workers for the microchip
industry per solution, level and year, with their uncertainty.

Modules, each with one job: `draws` (parameter values per draw), `cohort` (entrants to
graduates to workers), `mechanisms` (a solution's cohorts by mechanism), `inputs` (the
plan as the forecast reads it, overrides), `summary` (quantiles, claims, tornado),
`structural` (the cost from 2031), `engine` (the JSON document), `report` (Dutch text).
numpy is imported by these modules only, so the rest of chiptalent starts without it.
"""

from __future__ import annotations


def forecast(*args, **kwargs):
    from chiptalent.rules.forecast.engine import forecast as run
    return run(*args, **kwargs)


__all__ = ["forecast"]
