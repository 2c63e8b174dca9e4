"""`chiptalent users` and `chiptalent evidence`: accounts and evidence curation.

A thin layer over `chiptalent.kb.curation` (the web app calls the same functions).
Register with `main.add_command(users)` and `main.add_command(evidence)`; the groups
read `--kb` and `--data-dir` from the main group when present.

Who: every change names an account with `--user` (or CHIPTALENT_USER); it must exist in
the data directory's users.json and be an adviser. No password is asked here: whoever
runs the command line can read the data directory anyway.

Exit status: 0 success; 1 a conflict (the source changed since the version you based
your edit on, or another change holds it: reload and try again); 2 bad input (the
message names the field, row or line, and what is allowed) or a role that may not edit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chiptalent.cli_common import JSON_HELP, handle_errors
from chiptalent.cli_common import print_json as _echo_json
from chiptalent.errors import InputError

# The link options: option name, the store's field, and what the id names.
LINK_OPTIONS = (("intervention", "interventions", "an intervention id"),
                ("building-block", "building_blocks", "a building block: 1A, 1B, 1C, 2-5"),
                ("target-group", "target_groups", "a target group id"),
                ("level", "levels", "an education level id, e.g. mbo"))


def _options(ctx: click.Context) -> dict:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, dict) else {}


def _data_dir(ctx):
    return _options(ctx).get("data_dir")


def _store(ctx):
    from chiptalent.kb.curation.store import EvidenceStore
    opts = _options(ctx)
    return EvidenceStore(opts.get("kb_dir"), data_dir=opts.get("data_dir"))


def _editor(ctx, name: str | None) -> str:
    """The name of the account making a change: it must exist and be allowed to edit."""
    from chiptalent.accounts import PermissionDenied, get_user

    if not name:
        raise InputError("say who makes the change: --user NAME (or CHIPTALENT_USER)",
                         field="--user")
    user = get_user(name, data_dir=_data_dir(ctx))
    if user is None:
        raise InputError(f"no account named {name!r}; create it with "
                         "`chiptalent users add NAME`", field="--user")
    if not user.can_edit:
        raise PermissionDenied(f"{user.name} is a {user.role}: only advisers change "
                               "the evidence")
    return user.name


def _assignments(pairs, option: str) -> dict:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"{pair!r} is not FIELD=VALUE", field=option)
        key, value = pair.split("=", 1)
        out[key.strip().replace("-", "_")] = value
    return out


def _report(change, as_json: bool) -> None:
    if as_json:
        _echo_json(change.as_dict())
    elif not change.written:
        click.echo(f"{change.id}: nothing changed (still version {change.version})")
    else:
        fields = ", ".join(change.fields) or "-"
        click.echo(f"{change.action} {change.id}: version {change.version} ({fields}); "
                   f"search index: {change.indexed}")


def _base_version(store, source_id, base_version):
    # Without --base-version the edit applies to whatever is current (unguarded).
    return base_version if base_version is not None else store.get(source_id).version


def _change_source(ctx, operation: str, source_id, *, base_version, user, reason,
                   **arguments):
    """One versioned store operation (edit, retire, link) on a source, made by the
    named adviser and based on `base_version` (the current one when not given)."""
    editor = _editor(ctx, user)
    store = _store(ctx)
    apply = getattr(store, operation)
    return apply(source_id, base_version=_base_version(store, source_id, base_version),
                 user=editor, reason=reason, **arguments)


def _link_options(func):
    """--intervention, --building-block, --target-group, --level (each repeatable)."""
    for option, dest, names in reversed(LINK_OPTIONS):
        func = click.option(f"--{option}", dest, multiple=True, metavar="ID",
                            help=f"Link to {names} (repeatable).")(func)
    return func


# --- users ----------------------------------------------------------------------------

@click.group()
def users():
    """Accounts: advisers edit, reviewers and regions read.

    The accounts live in the data directory (--data-dir or $CHIPTALENT_DATA_DIR);
    the web app's /login and this command line share them."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["adviser", "reviewer", "region"]),
              default="adviser", show_default=True,
              help="Advisers edit the evidence; reviewers and regions only read.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (scripts).")
@click.option("--replace", is_flag=True, help="Reset the password and role of an account.")
@click.pass_context
@handle_errors
def users_add(ctx, name, role, password_stdin, replace):
    """Create an account; the password is asked twice (never an argument)."""
    from chiptalent.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = add_user(name, password, role, data_dir=_data_dir(ctx), replace=replace)
    click.echo(f"{'updated' if replace else 'added'} {user.name} ({user.role})")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_context
@handle_errors
def users_list(ctx, as_json):
    """The accounts, with their roles (never their password hashes)."""
    from chiptalent.accounts import list_users

    accounts = list_users(data_dir=_data_dir(ctx))
    if as_json:
        _echo_json([{"name": u.name, "role": u.role, "created": u.created}
                    for u in accounts])
    else:
        for u in accounts:
            click.echo(f"{u.name}\t{u.role}\t{u.created or ''}")


@users.command("remove")
@click.argument("name")
@click.pass_context
@handle_errors
def users_remove(ctx, name):
    """Delete an account."""
    from chiptalent.accounts import remove_user

    if not remove_user(name, data_dir=_data_dir(ctx)):
        raise InputError(f"no account named {name!r}", field="NAME")
    click.echo(f"removed {name}")


# --- evidence -------------------------------------------------------------------------

@click.group()
def evidence():
    """Add, edit, link, retire and import evidence sources (advisers)."""


_user_option = click.option("--user", envvar="CHIPTALENT_USER",
                            help="The adviser making the change (or CHIPTALENT_USER).")
_reason_option = click.option("--reason", help="Why: it goes into the change log.")
_version_option = click.option("--base-version", type=int, default=None,
                               help="The version you based the change on (from "
                                    "`evidence show`); a newer one is a conflict.")
_json_option = click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
# What each field option of `evidence add` sets (kb/README.md, "Evidence sources").
FIELD_HELP = {
    "title": "The title in Dutch (or the source's own language).",
    "title-en": "The title in English.",
    "publisher": "Who published it (an organisation or the authors).",
    "url": "Where to read it (http or https).",
    "year": "The year of publication (four digits).",
    "language": "The source's language: nl or en.",
    "type": "The kind of source (vocabulary evidence_type, e.g. report).",
    "summary": "What it says, in Dutch.",
    "summary-en": "What it says, in English.",
    "strength": "How strong the evidence is (vocabulary evidence_strength, "
                "e.g. descriptive).",
    "strength-reason": "Why it has that strength.",
    "status": "draft (the default), reviewed or retired.",
}


@evidence.command("seed")
@click.argument("target", required=False, type=click.Path(file_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace an existing copy.")
@click.pass_context
@handle_errors
def evidence_seed(ctx, target, overwrite):
    """Copy the bundled knowledge base to TARGET (default <data dir>/kb) for curation."""
    from chiptalent import paths
    from chiptalent.kb.curation.kbcopy import seed_kb_copy

    path = seed_kb_copy(target or paths.data_dir(_data_dir(ctx)) / "kb",
                        overwrite=overwrite)
    click.echo(f"knowledge base copied to {path}\nuse it with: export CHIPTALENT_KB={path}")


@evidence.command("show")
@click.argument("source_id")
@_json_option
@click.pass_context
@handle_errors
def evidence_show(ctx, source_id, as_json):
    """One source as stored, with its version."""
    record = _store(ctx).get(source_id)
    if as_json:
        _echo_json({"id": record.id, "version": record.version, "doc": record.doc})
    else:
        click.echo(record.raw.decode("utf-8"), nl=False)


def _field_options(func):
    for name in reversed(("title", "title-en", "publisher", "url", "year", "language",
                          "type", "summary", "summary-en", "strength", "strength-reason",
                          "status")):
        func = click.option(f"--{name}", default=None, help=FIELD_HELP[name])(func)
    func = click.option("--alt-label", "alt_labels", multiple=True,
                        help="Another name people search by (repeatable).")(func)
    return _link_options(func)


@evidence.command("add")
@_field_options
@click.option("--id", "source_id", default=None,
              help="The id (default: from publisher and title).")
@_user_option
@_reason_option
@_json_option
@click.pass_context
@handle_errors
def evidence_add(ctx, source_id, user, reason, as_json, **fields):
    """Add a new source (a draft unless --status reviewed)."""
    values = {k: v for k, v in fields.items() if v not in (None, ())}
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
    editor = _editor(ctx, user)
    change = _store(ctx).add(values, user=editor, reason=reason, source_id=source_id)
    _report(change, as_json)


@evidence.command("edit")
@click.argument("source_id")
@click.option("--set", "assignments", multiple=True, metavar="FIELD=VALUE",
              help="Set a field (lists: items separated by ';'; empty value clears).")
@_version_option
@_user_option
@_reason_option
@_json_option
@click.pass_context
@handle_errors
def evidence_edit(ctx, source_id, assignments, base_version, user, reason, as_json):
    """Change fields of a source, e.g. --set strength=indicative --set status=reviewed."""
    changes = _assignments(assignments, "--set")
    if not changes:
        raise InputError("nothing to change: give --set FIELD=VALUE", field="--set")
    change = _change_source(ctx, "edit", source_id, changes=changes,
                            base_version=base_version, user=user, reason=reason)
    _report(change, as_json)


@evidence.command("retire")
@click.argument("source_id")
@_version_option
@_user_option
@_reason_option
@_json_option
@click.pass_context
@handle_errors
def evidence_retire(ctx, source_id, base_version, user, reason, as_json):
    """Retire a source: kept on file and in the log, it informs nothing any more."""
    change = _change_source(ctx, "retire", source_id, base_version=base_version,
                            user=user, reason=reason)
    _report(change, as_json)


@evidence.command("link")
@click.argument("source_id")
@_link_options
@click.option("--remove", is_flag=True, help="Unlink the given ids instead.")
@_version_option
@_user_option
@_reason_option
@_json_option
@click.pass_context
@handle_errors
def evidence_link(ctx, source_id, interventions, building_blocks, target_groups, levels,
                  remove, base_version, user, reason, as_json):
    """Link a source to interventions, building blocks, target groups and levels."""
    links = {k: list(v) for k, v in (("interventions", interventions),
                                     ("building_blocks", building_blocks),
                                     ("target_groups", target_groups),
                                     ("levels", levels)) if v}
    if not links:
        raise InputError("give at least one --intervention, --building-block, "
                         "--target-group or --level", field="--intervention")
    direction = {"remove": links} if remove else {"add": links}
    change = _change_source(ctx, "link", source_id, base_version=base_version,
                            user=user, reason=reason, **direction)
    _report(change, as_json)


@evidence.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["ris", "bibtex", "csv"]), default=None,
              help="Default: from the file name (.ris, .bib, .csv).")
@click.option("--default", "defaults", multiple=True, metavar="FIELD=VALUE",
              help="A value for new sources that lack it, e.g. strength=descriptive.")
@click.option("--confirm", is_flag=True, help="Write the batch (all rows or none).")
@_user_option
@_reason_option
@_json_option
@click.pass_context
@handle_errors
def evidence_import(ctx, file, fmt, defaults, confirm, user, reason, as_json):
    """Preview an import from RIS, BibTeX or CSV; write it only with --confirm.

    Exits 2 when any row has an error (each is named by row, line and field).
    """
    from chiptalent.kb.curation.importers import apply_import, preview_import

    editor = _editor(ctx, user) if confirm else None
    store = _store(ctx)
    preview = preview_import(file, fmt, store=store,
                             defaults=_assignments(defaults, "--default"))
    changes = []
    if confirm and preview.ok:
        changes = apply_import(preview, editor, reason, store=store)
    if as_json:
        _echo_json({**preview.as_dict(), "applied": confirm and preview.ok,
                    "changes": [c.as_dict() for c in changes]})
    else:
        click.echo(preview.describe(), nl=False)
        if confirm and preview.ok:
            click.echo(f"written: {len(changes)} source(s)")
        elif preview.ok:
            click.echo("nothing written; run again with --confirm to apply")
        else:
            click.echo("nothing written: fix the rows above", err=True)
    if not preview.ok:
        sys.exit(2)


@evidence.command("history")
@click.argument("source_id")
@_json_option
@click.pass_context
@handle_errors
def evidence_history(ctx, source_id, as_json):
    """The changes of one source, newest first: who, when, what, why."""
    entries = _store(ctx).history(source_id)
    if as_json:
        _echo_json(entries)
        return
    if not entries:
        click.echo(f"{source_id}: no recorded changes")
    for e in entries:
        fields = ", ".join(e.get("fields") or {}) or "-"
        click.echo(f"{e.get('at')}  {e.get('user')}  {e.get('action')}  "
                   f"v{e.get('version')}  {fields}  — {e.get('reason')}")
