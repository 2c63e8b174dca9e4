"""`chiptalent plan draft (PROFILE | --region ID) [--budget EUR] [--cofinancing EUR]
[--arrangement ID] [--json]`: a draft plan from an arrangement of the advice
(spec/forecast.md, `plan draft`; the plan format is spec/plan.md).

The draft's solutions, p × q and contributions agree with the checker and the forecast;
what only the region knows is a placeholder `<in te vullen: ...>` that `chiptalent
check` reports as `plan.placeholder` until it is filled in. The recommender, the solver
and the forecast load only when the command runs, so the rest of the command line
starts fast.
"""

from __future__ import annotations

import click

from chiptalent.cli_common import (handle_errors, json_option, output_language, print_json,
                                   region_option)
from chiptalent.errors import InputError


@click.group()
def plan():
    """Write a regional plan: a draft from the advice to fill in and check."""


@plan.command("draft")
@click.argument("profile", required=False, type=click.Path(dir_okay=False))
@region_option("Draft for the region's defaults instead of a PROFILE file, or fill the "
               "file's gaps with them.")
@click.option("--budget", type=int, metavar="EUR",
              help="Rijk money available, in whole euros (e.g. 72000000); the draft is the "
                   "budget-optimal arrangement for it. Default: the region's provisional "
                   "reservation of July 2024 from the knowledge base; without one, the "
                   "best fitting arrangement, one tranche of each intervention.")
@click.option("--cofinancing", type=int, metavar="EUR",
              help="Cofinancing available, in whole euros; the Rijk then funds at most "
                   "twice this, and the draft commits this much. Default: the least that "
                   "makes one third of the whole.")
@click.option("--arrangement", metavar="ID",
              help="Draft this arrangement of the advice instead (budget-optimal, "
                   "arrangement-a, arrangement-b, ...; any case); a fitting arrangement "
                   "is sized within the budget.")
@json_option
@click.pass_context
@handle_errors
def draft(ctx, profile, region, budget, cofinancing, arrangement, as_json):
    """A draft plan for a region, ready to fill in and check.

    Prints a plan in the format of docs/spec/plan.md (YAML, or JSON with --json) made
    from an arrangement of `chiptalent recommend`: its interventions grouped into
    solutions with students or participants, the top-up or cost per participant or
    fixed cost, funding requested equal to what p × q explains, contributions at the
    forecast's P50 by 2030 (rounded down), KPIs, the preconditions as `conditions` and
    the programmes to link to. Fill in every `<in te vullen: ...>`, then run
    `chiptalent check`. Exit 0 with a draft, 2 on bad input (the option is named)."""
    from chiptalent.kb import load
    from chiptalent.kb.yamlio import read_document
    from chiptalent.rules.draft import draft_plan

    if profile is None and region is None:
        raise InputError("give a PROFILE file or --region ID", field="PROFILE")
    document = read_document(profile) if profile else None
    kb = load(ctx.obj.get("kb_dir"), ctx.obj.get("data_dir"))
    lang = output_language(ctx)         # the draft's words and hints: --lang, Dutch first
    result = draft_plan(document, region=region, kb=kb, budget=budget,
                        cofinancing=cofinancing, arrangement=arrangement, lang=lang)
    if as_json:
        print_json(result["plan"])
    else:
        from chiptalent.rules.draft.output import draft_yaml
        click.echo(draft_yaml(result, lang), nl=False)
