"""The national view (spec/forecast.md, `compare`): several regional plans side by side
and against the call, and three ways of splitting the Rijk's budget over them.

Modules, each with one job: `inputs` (plan files or documents to checked, forecastable
entries, an unreadable one reported with its error), `workers` (every solution's extra
workers by 2030 per draw, all plans under one sampler so their draws are shared),
`funding` (the funding rules and the three scenarios: optimal via a MIP with the
optimiser's solver, demand-share and reservations-2024, best-first), `engine` (the JSON
document), `report` (text, Markdown and HTML through the report templates).
numpy and highspy load only when a comparison runs.
"""

from __future__ import annotations


def compare(*args, **kwargs):
    from chiptalent.rules.compare.engine import compare as run
    return run(*args, **kwargs)


__all__ = ["compare"]
