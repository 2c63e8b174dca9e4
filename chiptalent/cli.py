"""The `chiptalent` command line (contract: spec/cli.md).

A thin layer: each command parses its options, calls one function of the core
(kb, rules, webapp) and prints text or exactly one JSON document. Heavy libraries
(rdflib, whoosh, owlready2, Flask) are imported inside the commands that need them,
so that `chiptalent recommend` starts fast. Exit status: 0 success, 1 a negative
result, 2 bad input or usage; errors are one readable line on standard error.
"""

from __future__ import annotations

import sys

import click

from chiptalent.cli_common import (DATA_DIR_HELP, EXIT_STATUS_HELP, KB_HELP, LANG_HELP,
                                   LANGUAGE_CHOICE, CommandGroup, fail, handle_errors,
                                   json_option, output_language, print_json, region_option,
                                   report_format_option)
from chiptalent.errors import InputError


def load_kb(ctx: click.Context):
    from chiptalent.kb import load
    return load(ctx.obj.get("kb_dir"), ctx.obj.get("data_dir"))


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_STATUS_HELP)
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              envvar="CHIPTALENT_KB", help=KB_HELP)
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              envvar="CHIPTALENT_DATA_DIR", help=DATA_DIR_HELP)
@click.option("--lang", type=LANGUAGE_CHOICE, default=None, envvar="CHIPTALENT_LANG",
              help=LANG_HELP)
@click.version_option(package_name="chiptalent")
@click.pass_context
def main(ctx, kb_dir, data_dir, lang):
    """chiptalent — interventions, plans and evidence for microchip talent.

    `--kb`, `--data-dir` and `--lang` may also follow the subcommand
    (`chiptalent check PLAN --kb DIR --lang en`). The contract of every command is
    docs/spec/cli.md; `chiptalent COMMAND --help` describes its options.
    """
    ctx.ensure_object(dict)
    ctx.obj.update(kb_dir=kb_dir, data_dir=data_dir, lang=lang.lower() if lang else None)


# --- kb ---------------------------------------------------------------------------

@main.group()
def kb():
    """Inspect, validate and export the knowledge base."""


@kb.command("validate")
@json_option
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL shapes (faster).")
@click.option("--reason", is_flag=True,
              help="Also run the HermiT reasoner (needs Java) for consistency.")
@click.pass_context
@handle_errors
def kb_validate(ctx, as_json, no_shacl, reason):
    """Check the knowledge base and the rules: schema, references, `requires` cycles,
    seed quotes, rule keys and the SHACL shapes; exit 1 on any problem."""
    from chiptalent import paths
    from chiptalent.kb.validate import validate
    from chiptalent.rules.validation import rule_checks

    kb_dir = paths.kb_dir(ctx.obj.get("kb_dir"))
    if not kb_dir.is_dir():
        raise InputError(f"{kb_dir}: knowledge-base directory not found", field="--kb")
    problems = validate(kb_dir, shacl=not no_shacl, extra=rule_checks())
    consistency = None
    if reason and not problems:
        from chiptalent.kb.loader import load_kb as load_uncached
        from chiptalent.ontology.reasoner import check_consistency
        consistent, detail = check_consistency(load_uncached(kb_dir))
        consistency = {"consistent": consistent, "detail": detail}
        if not consistent:
            from chiptalent.kb.schema import Problem
            problems.append(Problem("(HermiT)", f"the ontology with the knowledge base "
                                                f"is inconsistent: {detail}"))
    if as_json:
        print_json({"kb": str(kb_dir), "valid": not problems,
                    "problems": [p.as_dict() for p in problems],
                    "reasoner": consistency})
    else:
        from chiptalent.i18n import text
        lang = output_language(ctx)
        for problem in problems:
            click.echo(problem.describe())
        if not problems:
            click.echo(text("kb_validate.valid_consistent" if consistency
                            else "kb_validate.valid", lang, kb=kb_dir))
        else:
            click.echo(text("kb_validate.problems", lang, n=len(problems)), err=True)
    sys.exit(1 if problems else 0)


@kb.command("show")
@click.argument("item_id", metavar="ID")
@json_option
@click.pass_context
@handle_errors
def kb_show(ctx, item_id, as_json):
    """Show one intervention, evidence source, region, building block or rule with its
    links; exit 2 when no item has the ID."""
    from chiptalent.kb.present import describe_item
    from chiptalent.rules import load_rules

    knowledge = load_kb(ctx)
    document = describe_item(knowledge, item_id, rules=load_rules().as_dicts())
    if document is None:
        raise InputError(f"no intervention, evidence source, region or rule has the id "
                         f"{item_id!r}", field="ID")
    if as_json:
        print_json(document)
    else:
        from chiptalent.kb.present import format_item
        click.echo(format_item(document, output_language(ctx)))


@kb.command("export")
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld", "json"]),
              default="ttl", show_default=True,
              help="Turtle (RDF), JSON-LD (RDF) or plain JSON (docs/spec/cli.md).")
@click.pass_context
@handle_errors
def kb_export(ctx, fmt):
    """The whole knowledge base, ontology included, on standard output."""
    from chiptalent.kb.rdf import export
    from chiptalent.rules import load_rules

    click.echo(export(load_kb(ctx), fmt, rules=load_rules().as_dicts()))


# --- recommend, check, search, index, serve -----------------------------------------

@main.command()
@click.argument("profile", required=False, type=click.Path(dir_okay=False))
@region_option("Use the region's defaults instead of a PROFILE file, or fill the "
               "file's gaps with them.")
@json_option
@click.option("--top", default=3, show_default=True, type=click.IntRange(min=1),
              help="How many arrangements.")
@click.option("--explain", "explain_id", metavar="ID|NAME",
              help="Say why an intervention was or was not recommended: its id or its "
                   "name (Dutch or English); an unknown one gets suggestions.")
@click.option("--budget", type=int, metavar="EUR",
              help="Also give the budget-optimal arrangement for this much Rijk money, "
                   "in whole euros, first (kind budget-optimal; see `chiptalent optimise`).")
@click.option("--cofinancing", type=int, metavar="EUR",
              help="Cofinancing available with --budget, in whole euros; the Rijk then "
                   "funds at most twice this.")
@click.pass_context
@handle_errors
def recommend(ctx, profile, region, as_json, top, explain_id, budget, cofinancing):
    """Ranked arrangements of interventions for a region.

    The region is described by a PROFILE file (docs/spec/profile.md), by --region, or
    both (the file's gaps filled from the region). Exit 2 on a profile that cannot be
    read."""
    from chiptalent.kb.yamlio import read_document
    from chiptalent.rules.recommender import recommend as run_recommend

    if profile is None and region is None:
        raise InputError("give a PROFILE file or --region ID", field="PROFILE")
    document = read_document(profile) if profile else None
    if cofinancing is not None and budget is None:
        raise InputError("--cofinancing goes with --budget", field="--cofinancing")
    result = run_recommend(document, region=region, kb=load_kb(ctx), top=top,
                           explain=explain_id, budget=budget, cofinancing=cofinancing)
    if as_json:
        print_json(result)
    else:
        from chiptalent.rules.recommend_report import render_text
        click.echo(render_text(result, kb=load_kb(ctx), lang=output_language(ctx)), nl=False)


@main.command()
@click.argument("plan", type=click.Path(dir_okay=False))
@json_option
@report_format_option
@click.pass_context
@handle_errors
def check(ctx, plan, as_json, fmt):
    """Check a region's PLAN for coherence.

    Findings with stable codes and the figures, for a PLAN file (docs/spec/plan.md).
    Exit 1 when the plan is not coherent, 2 when it cannot be read."""
    from chiptalent.kb.yamlio import read_document
    from chiptalent.rules.checker import check_plan

    result = check_plan(read_document(plan), kb=load_kb(ctx))
    if as_json:
        print_json(result)
    else:
        from chiptalent.rules.check_report import render
        click.echo(render(result, fmt, output_language(ctx)), nl=False)
    sys.exit(0 if result["coherent"] else 1)


@main.command()
@click.argument("query")
@json_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100),
              help="How many hits at most.")
@click.option("--building-block", metavar="ID",
              help="Only this building block (1A, 1B, 1C, 2, 3, 4 or 5).")
@click.option("--target-group", metavar="ID",
              help="Only this target group (ids: kb/data/vocabularies/target_groups.yaml).")
@click.option("--level", metavar="ID", help="Only this education level (e.g. mbo, hbo, wo).")
@click.pass_context
@handle_errors
def search(ctx, query, as_json, limit, building_block, target_group, level):
    """Search evidence and interventions (Dutch, English).

    Ranked evidence sources and interventions for QUERY, with facets."""
    from chiptalent.kb.search import format_text, search as run_search

    knowledge = load_kb(ctx)
    _check_choice(building_block, knowledge.building_blocks, "--building-block")
    _check_choice(target_group, knowledge.vocabulary("target_group"), "--target-group")
    _check_choice(level, knowledge.vocabulary("level"), "--level")
    result = run_search(knowledge, query, limit=limit, building_block=building_block,
                        target_group=target_group, level=level,
                        data_dir=ctx.obj.get("data_dir"))
    if as_json:
        print_json(result)
    else:
        click.echo(format_text(result, output_language(ctx)))


def _check_choice(value, allowed, option):
    if value is not None and value not in allowed:
        raise InputError(f"unknown value {value!r}; allowed: {', '.join(allowed)}",
                         field=option)


@main.command()
@click.option("--rebuild", is_flag=True, help="Rebuild even when the index is current.")
@click.pass_context
@handle_errors
def index(ctx, rebuild):
    """Build or update the search index.

    The index lives in the data directory; a progress bar shows on standard error."""
    from chiptalent.kb.search import build_index, index_status, open_index

    knowledge = load_kb(ctx)
    data_dir = ctx.obj.get("data_dir")
    status = index_status(knowledge, data_dir)
    if status["current"] and not rebuild:
        click.echo(f"index is current: {status['path']} ({status['documents']} documents)",
                   err=True)
        return
    with click.progressbar(length=1, label="Indexing", file=sys.stderr) as bar:
        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)
        if rebuild:
            build_index(knowledge, data_dir, progress)
        else:
            open_index(knowledge, data_dir, progress)
    status = index_status(knowledge, data_dir)
    click.echo(f"index ready: {status['path']} ({status['documents']} documents)", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535),
              help="The TCP port to listen on.")
@click.pass_context
@handle_errors
def serve(ctx, host, port):
    """Serve the web app and its JSON API.

    The web app and its JSON API (/api/openapi.json) under a production WSGI server
    (waitress), on the knowledge base of --kb or $CHIPTALENT_KB, else the bundled
    one (read-only: to curate evidence in the browser, serve a writable copy made with
    `chiptalent evidence seed`). Builds the search index first when it is missing."""
    from chiptalent.webapp import serve as run_server

    run_server(host, port, kb_dir=ctx.obj.get("kb_dir"), data_dir=ctx.obj.get("data_dir"))


def _register_curation() -> None:
    from chiptalent.cli_curation import evidence, users
    main.add_command(users)
    main.add_command(evidence)


_register_curation()
from chiptalent.cli_forecast import forecast as forecast_command  # noqa: E402
main.add_command(forecast_command)
from chiptalent.cli_optimise import optimise as optimise_command  # noqa: E402
main.add_command(optimise_command)
from chiptalent.cli_compare import compare as compare_command  # noqa: E402
main.add_command(compare_command)
from chiptalent.cli_plan import plan as plan_command  # noqa: E402
main.add_command(plan_command)


def run():
    """Entry point that also turns unexpected errors into one line (exit 3)."""
    try:
        main(prog_name="chiptalent", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: still no traceback for the user
        fail(f"internal error: {type(exc).__name__}: {exc} (please report this)", 3)


if __name__ == "__main__":
    run()
