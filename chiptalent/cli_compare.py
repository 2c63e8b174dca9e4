"""`chiptalent compare PLAN... [--budget EUR] [--json] [--format text|markdown|html]`:
the national view of spec/forecast.md — several regional plans side by side, against
the call, and the three ways of splitting the Rijk's budget over them.

A plan that cannot be read (a missing file, broken YAML, a wrong field type) is reported
with its error and the others are compared all the same; the exit status is 2 only when
no plan could be read. numpy, the forecast and the solver load only when the command
runs, so the rest of the command line starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chiptalent.cli_common import (handle_errors, json_option, output_language, print_json,
                                   report_format_option)


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--budget", type=click.IntRange(min=0), metavar="EUR",
              help="Rijk money to split, in whole euros (default: the call's €450m).")
@click.option("--draws", default=2_000, show_default=True, type=int,
              help="Monte Carlo draws, shared by all plans.")
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed.")
@json_option
@report_format_option
@click.pass_context
@handle_errors
def compare(ctx, plans, budget, draws, seed, as_json, fmt):
    """Compare regional PLANS with each other and with the call.

    Per plan the verdict and errors, the money asked, the cofinancing share, the extra
    workers by 2030 (P10/P50/P90) and € per extra worker; nationally the totals against
    the cabinet's goal and Bijlage 2's demand; and the scenarios optimal, demand-share
    and reservations-2024 (docs/spec/forecast.md). Exit 2 only when no plan could be
    read."""
    from chiptalent.kb import load
    from chiptalent.rules.compare.engine import compare as run_compare
    from chiptalent.rules.compare.inputs import Source

    kb = load(ctx.obj.get("kb_dir"), ctx.obj.get("data_dir"))
    sources = [Source(name=p, path=Path(p)) for p in plans]
    result = run_compare(sources, kb, budget=budget, draws=draws, seed=seed)
    if as_json:
        print_json(result)
    else:
        from chiptalent.rules.compare.report import render
        click.echo(render(result, fmt, output_language(ctx)), nl=False)
    if not result["plans"]:
        for item in result["unreadable"]:
            click.echo(f"chiptalent: {item['file']}: {item['error']}", err=True)
        sys.exit(2)
