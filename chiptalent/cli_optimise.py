"""`chiptalent optimise (PROFILE | --region ID) --budget EUR ...`: the budget-optimal
portfolio of spec/forecast.md, as JSON or as a text report in Dutch or English (`--lang`).

The solver and numpy load only when the command runs, so the rest of the command line
starts fast. HiGHS writes nothing on standard output (rules/optimise/solve.py), so
`--json` prints exactly one JSON document.
"""

from __future__ import annotations

import sys

import click

from chiptalent.cli_common import (handle_errors, json_option, output_language, print_json,
                                   region_option)
from chiptalent.errors import InputError


@click.command()
@click.argument("profile", required=False, type=click.Path(dir_okay=False))
@region_option("Use the region's defaults instead of a PROFILE file, or fill the "
               "file's gaps with them.")
@click.option("--budget", required=True, type=int, metavar="EUR",
              help="Rijk money available, in whole euros (e.g. 72000000).")
@click.option("--cofinancing", type=int, metavar="EUR",
              help="Cofinancing available, in whole euros; the Rijk then funds at most "
                   "twice this (cofinancing one third of the whole). Left out: no limit, "
                   "the cofinancing needed is reported.")
@click.option("--horizon", default=2030, show_default=True, type=int, metavar="YEAR",
              help="Count extra workers up to the end of this year (2030 to 2060).")
@click.option("--cap", type=click.Choice(["national", "regional"], case_sensitive=False),
              default="national", show_default=True,
              help="Count per level at most Bijlage 2's national demand, or the "
                   "region's own demand.")
@click.option("--robust", default=0, show_default=True, type=int, metavar="N",
              help="Also re-solve on N parameter draws and report, per candidate, the "
                   "share of draws in which it is in the optimum (0 to 1000).")
@json_option
@click.pass_context
@handle_errors
def optimise(ctx, profile, region, budget, cofinancing, horizon, cap, robust, as_json):
    """The portfolio that gives the most extra workers for a budget.

    Candidates are the interventions `recommend` finds fitting for the region (a PROFILE
    file, docs/spec/profile.md, or --region) and what they require; each is bought in
    tranches priced and valued from the knowledge base's parameters and the forecast
    (interventions of one mechanism share the people the region can find per level),
    and the best choice is solved exactly (docs/spec/forecast.md). Exit 0 with a
    portfolio, 1 when no portfolio meets the constraints (the reason is named), 2 on
    bad input."""
    from chiptalent.kb import load
    from chiptalent.kb.yamlio import read_document
    from chiptalent.rules.optimise.engine import optimise as run_optimise

    if profile is None and region is None:
        raise InputError("give a PROFILE file or --region ID", field="PROFILE")
    document = read_document(profile) if profile else None
    kb = load(ctx.obj.get("kb_dir"), ctx.obj.get("data_dir"))
    result = run_optimise(document, region=region, kb=kb, budget=budget,
                          cofinancing=cofinancing, horizon=horizon, cap=cap.lower(),
                          robust=robust)
    if as_json:
        print_json(result)
    else:
        from chiptalent.rules.optimise.report import render_text
        lang = output_language(ctx)
        labels = {i.id: i.label_en for i in kb.interventions.values()
                  if lang == "en" and i.label_en}
        click.echo(render_text(result, lang, labels), nl=False)
    sys.exit(0 if result["status"] == "optimal" else 1)
