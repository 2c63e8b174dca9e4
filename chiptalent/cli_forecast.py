"""`chiptalent forecast PLAN`: extra workers per solution, level and year (spec/forecast.md).

Options follow spec/cli.md: `--json`, `--draws N`, `--seed S`, `--horizon YEAR` and
`--set ID=VALUE` (repeatable; VALUE is a number or `low,central,high`). numpy and the
engine load only when the command runs, so the rest of the command line starts fast.
"""

from __future__ import annotations

import click

from chiptalent.cli_common import handle_errors, output_language, print_json
from chiptalent.errors import InputError


def parse_setting(text: str):
    """`ID=VALUE` or `ID=LOW,CENTRAL,HIGH` as (id, Range); InputError names `--set`."""
    from chiptalent.rules.forecast.draws import Range

    pid, sep, value = text.partition("=")
    pid = pid.strip()
    if not sep or not pid:
        raise InputError(f"write ID=VALUE or ID=LOW,CENTRAL,HIGH, got {text!r}",
                         field="--set")
    try:
        numbers = [float(part) for part in value.split(",")]
    except ValueError:
        raise InputError(f"{pid}: a number or low,central,high, got {value!r}",
                         field="--set") from None
    if len(numbers) == 1:
        numbers *= 3
    if len(numbers) != 3 or any(n != n or n in (float("inf"), float("-inf"))
                                for n in numbers):
        raise InputError(f"{pid}: a number or low,central,high, got {value!r}",
                         field="--set")
    return pid, Range(*numbers)


@click.command()
@click.argument("plan", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document.")
@click.option("--draws", default=10_000, show_default=True, type=int,
              help="Monte Carlo draws.")
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed.")
@click.option("--horizon", default=2035, show_default=True, type=int,
              help="Last year forecast (2030 is always reported).")
@click.option("--set", "settings", multiple=True, metavar="ID=VALUE",
              help="Override a parameter: a value or low,central,high (repeatable).")
@click.pass_context
@handle_errors
def forecast(ctx, plan, as_json, draws, seed, horizon, settings):
    """Extra workers per solution, level and year with P10/P50/P90 (spec/forecast.md)."""
    from chiptalent.kb import load
    from chiptalent.kb.yamlio import read_document
    from chiptalent.rules.forecast.engine import forecast as run_forecast
    from chiptalent.rules.plan import read_plan

    overrides = dict(parse_setting(text) for text in settings)
    kb = load(ctx.obj.get("kb_dir"), ctx.obj.get("data_dir"))
    document = run_forecast(read_plan(read_document(plan)), kb, draws=draws, seed=seed,
                            horizon=horizon, settings=overrides)
    if as_json:
        print_json(document)
    else:
        from chiptalent.rules.forecast.report import render_text
        lang = output_language(ctx)
        labels = {pid: (p.label_en if lang == "en" and p.label_en else p.label)
                  for pid, p in kb.parameters.items()}
        region = kb.regions.get(document["plan"].get("region") or "")
        region_label = ((region.label_en if lang == "en" and region.label_en else region.label)
                        if region else None)
        click.echo(render_text(document, labels, lang, region_label), nl=False)
