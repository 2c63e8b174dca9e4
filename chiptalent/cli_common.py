"""What every command of the `chiptalent` command line shares: JSON output, turning our
errors into one readable line and an exit status (never a traceback), the global options
(`--kb`, `--data-dir`, `--lang`) accepted before or after any subcommand, the exit-status help and
the `--region` option that lists the regions and accepts their ids in any case."""

from __future__ import annotations

import functools
import json
import sys

import click

from chiptalent.errors import ChiptalentError, ConflictError, InputError

EXIT_STATUS_HELP = ("Exit status: 0 success; 1 a negative result (an incoherent plan, a "
                    "failed validation, a conflict); 2 bad input or usage.")
JSON_HELP = "Print exactly one JSON document (docs/spec/cli.md) instead of text."
KB_HELP = ("Knowledge-base directory (default: $CHIPTALENT_KB, else the bundled "
           "read-only one).")
LANG_HELP = ("Language of the text output: nl (Dutch, the default) or en (English); "
             "also $CHIPTALENT_LANG. JSON output is the same in both.")
LANGUAGE_CHOICE = click.Choice(["nl", "en"], case_sensitive=False)
DATA_DIR_HELP = ("Where the search index, caches, accounts and the web app's secret "
                 "live (default: $CHIPTALENT_DATA_DIR, else the user's data directory).")


def print_json(document) -> None:
    """Exactly one JSON document on standard output."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = 2):
    click.echo(f"chiptalent: {message}", err=True)
    sys.exit(code)


def handle_errors(func):
    """A conflict exits 1 (reload and try again); every other error of ours exits 2."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ConflictError as exc:
            fail(f"conflict: {exc.message}", 1)
        except InputError as exc:
            fail(exc.describe())
        except ChiptalentError as exc:
            fail(str(exc))
    return wrapper


def json_option(func):
    """`--json` as every reporting command takes it (spec/cli.md)."""
    return click.option("--json", "as_json", is_flag=True, help=JSON_HELP)(func)


def report_format_option(func):
    """`--format text|markdown|html` of the commands that print a report."""
    return click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html"]),
                        default="text", show_default=True,
                        help="The report's format (ignored with --json).")(func)


# --- global options -------------------------------------------------------------------

def _remember_global(ctx: click.Context, param: click.Parameter, value):
    """A global option given after a subcommand overrides the one given before it."""
    if value is not None:
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj[param.name] = value.lower() if param.name == "lang" else value


def output_language(ctx: click.Context) -> str:
    """The language of a command's text output (`--lang`, before or after the
    subcommand), Dutch unless asked otherwise."""
    root = ctx.find_root()
    chosen = root.obj.get("lang") if isinstance(root.obj, dict) else None
    return (chosen or "nl").lower()


def _global_options() -> list[click.Option]:
    # No envvar here: the main group reads the environment once; a subcommand's copy
    # only counts when it is typed.
    return [click.Option(["--kb", "kb_dir"], type=click.Path(file_okay=False),
                         expose_value=False, callback=_remember_global, help=KB_HELP),
            click.Option(["--data-dir", "data_dir"], type=click.Path(file_okay=False),
                         expose_value=False, callback=_remember_global,
                         help=DATA_DIR_HELP),
            click.Option(["--lang", "lang"], type=LANGUAGE_CHOICE, expose_value=False,
                         callback=_remember_global, help=LANG_HELP)]


def add_global_options(command: click.Command) -> click.Command:
    """Give a command (and every command under it) `--kb`, `--data-dir`, `--lang` and the
    exit-status help, so `chiptalent check PLAN --kb DIR` works like
    `chiptalent --kb DIR check PLAN`."""
    taken = {name for param in command.params for name in getattr(param, "opts", ())}
    for option in _global_options():
        if not taken.intersection(option.opts):
            command.params.append(option)
    if command.epilog is None:
        command.epilog = EXIT_STATUS_HELP
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_global_options(sub)
    return command


class CommandGroup(click.Group):
    """A group whose commands, added now or later (`main.add_command(...)`), all accept
    the global options; its sub-groups are command groups too."""

    group_class = type

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(add_global_options(cmd), name)


# --- regions --------------------------------------------------------------------------

def region_ids(kb_dir=None) -> list[str]:
    """The ids of the regions in a knowledge base, read from their files alone (the help
    must not wait for the whole knowledge base to load)."""
    import yaml

    from chiptalent import paths

    ids = []
    for path in sorted((paths.kb_dir(kb_dir) / "regions").glob("*.yaml")):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # `kb validate` reports the file; the help just leaves it out
        if isinstance(document, dict) and isinstance(document.get("id"), str):
            ids.append(document["id"])
    return ids


class RegionOption(click.Option):
    """`--region ID`: its help lists the regions of the knowledge base in use; the id is
    accepted in any case (ids are lower case by the schema)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("metavar", "ID")
        kwargs.setdefault("callback", lambda ctx, param, value:
                          value.strip().lower() if isinstance(value, str) else value)
        super().__init__(*args, **kwargs)

    def get_help_record(self, ctx: click.Context):
        record = super().get_help_record(ctx)
        if record is None:
            return None
        root = ctx.find_root()
        kb_dir = root.obj.get("kb_dir") if isinstance(root.obj, dict) else None
        ids = region_ids(kb_dir)
        listed = f" Regions: {', '.join(ids)} (any case)." if ids else ""
        return record[0], record[1] + listed


def region_option(help_text: str):
    """`--region ID` with the regions listed in its help."""
    return click.option("--region", cls=RegionOption, help=help_text)
