"""What every command of the `chiptalent` command line shares: JSON output and turning
our errors into one readable line and an exit status (never a traceback)."""

from __future__ import annotations

import functools
import json
import sys

import click

from chiptalent.errors import ChiptalentError, ConflictError, InputError


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
