"""The plans of a comparison: each read, checked and ready for the forecast, or reported
with the error that kept it out (a missing file, unreadable YAML, a wrong field type).

One unreadable plan never stops the others: `read_entries` returns every source as an
`Entry`, readable or not; the caller decides what to do when none could be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chiptalent.errors import InputError
from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.plan import Plan, read_plan


@dataclass
class Entry:
    """One plan of the comparison; `error` set when it could not be read."""

    source: str                                  # the file name, or the upload's name
    plan: Plan | None = None
    check: dict | None = None                    # `chiptalent check`'s result
    error: str | None = None
    field: str | None = None
    key: str = ""                                # unique id within the comparison

    @property
    def readable(self) -> bool:
        return self.plan is not None

    @property
    def errors(self) -> list[dict]:
        return [f for f in (self.check or {}).get("findings", []) if f["severity"] == "error"]

    @property
    def warnings(self) -> int:
        return sum(1 for f in (self.check or {}).get("findings", [])
                   if f["severity"] == "warning")


@dataclass
class Source:
    """A plan to compare: a path, or an already parsed document with a name."""

    name: str
    path: Path | None = None
    document: object = None
    error: InputError | None = None              # raised while parsing an upload
    extra: dict = field(default_factory=dict)


def _document(source: Source):
    from chiptalent.kb.yamlio import read_document

    if source.error is not None:
        raise source.error
    if source.path is None:
        return source.document
    if not source.path.exists():
        raise InputError("no such file", file=str(source.path))
    try:
        return read_document(source.path)
    except RecursionError:
        raise InputError("document nested too deeply", file=str(source.path)) from None
    except ValueError as exc:
        raise InputError(f"unreadable value: {str(exc).split(';')[0]}",
                         file=str(source.path)) from None
    except OSError as exc:          # a folder, no permission, ...
        raise InputError(f"cannot read the file: {exc.strerror or exc}",
                         file=str(source.path)) from None


def read_entry(source: Source, kb: KnowledgeBase) -> Entry:
    """Read, parse and check one plan; an InputError becomes the entry's error."""
    from chiptalent.rules.checker import check_plan

    entry = Entry(source=source.name)
    try:
        document = _document(source)
        entry.plan = read_plan(document)
        entry.check = check_plan(document, kb=kb)
    except InputError as exc:
        entry.plan, entry.check = None, None
        entry.error, entry.field = exc.message, exc.field
    return entry


def read_entries(sources: list[Source], kb: KnowledgeBase) -> list[Entry]:
    """Every source as an entry, with a key unique in the comparison (the region, or
    the region and a number when two plans share one; the file name without a region)."""
    entries = [read_entry(s, kb) for s in sources]
    taken: dict[str, int] = {}
    for e in entries:
        base = (e.plan.region if e.plan is not None and e.plan.region
                else Path(e.source).stem or "plan")
        taken[base] = taken.get(base, 0) + 1
        e.key = base if taken[base] == 1 else f"{base}-{taken[base]}"
    return entries
