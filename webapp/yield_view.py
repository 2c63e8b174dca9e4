"""An intervention's yield on the pages (issue 15.4): its mechanism in plain words,
"per €1 mln: P10–P90 extra workers by 2030" and the cost per participant per level,
with the parameters behind them one click away, and the user's own assumptions.

Assumptions come in the URL as `?set=ID=VALUE` (repeatable; VALUE a number or
`low,central,high`, as the command line's `--set`), or from the page's form as
`set.ID=VALUE` (one field a parameter; empty fields are ignored). `settings()` reads
both; `set_query()` writes them back as `set=ID=VALUE` for the links of an arrangement
page, so an assumption carries from page to page. The numbers come from
rules/intervention_yield.py (the forecast engine, cached per intervention, overrides
and knowledge base).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from chiptalent.cli_forecast import parse_setting
from chiptalent.errors import InputError
from chiptalent.rules.forecast.draws import Range
from chiptalent.rules.forecast.engine import command_line_overrides
from chiptalent.rules.intervention_yield import intervention_yield

FORM_PREFIX = "set."
MAX_SETTINGS = 50


def _text(value: float) -> str:
    return f"{value:g}"


def setting_text(r: Range) -> str:
    """A range as the URL writes it: one number when low = central = high."""
    if r.low == r.central == r.high:
        return _text(r.central)
    return ",".join(_text(v) for v in (r.low, r.central, r.high))


def settings(kb) -> dict[str, Range]:
    """The assumptions of this request, checked against the knowledge base (400 with
    the field named when an id is unknown or a value is not a number)."""
    texts = list(request.args.getlist("set"))
    for key, value in request.args.items(multi=True):
        if key.startswith(FORM_PREFIX) and value.strip():
            texts.append(f"{key[len(FORM_PREFIX):]}={value.strip()}")
    if len(texts) > MAX_SETTINGS:
        raise InputError(f"at most {MAX_SETTINGS} assumptions at a time", field="set")
    out: dict[str, Range] = {}
    for text in texts:
        try:
            pid, r = parse_setting(text)
        except InputError as exc:
            raise InputError(exc.message, field="set") from None
        out[pid] = r
    try:
        return command_line_overrides(kb, out)
    except InputError as exc:
        raise InputError(exc.message, field="set") from None


def set_query(overrides: dict[str, Range]) -> str:
    """`set=ID=VALUE&...` for links that carry the assumptions ('' when there are none)."""
    return urlencode([("set", f"{pid}={setting_text(r)}")
                      for pid, r in sorted(overrides.items())])


def form_redirect(overrides: dict[str, Range]) -> str | None:
    """Where the page's form (set.ID fields, most of them empty) should land: the same
    page with the assumptions as `set=ID=VALUE` only; None when the URL is already so."""
    if not any(key.startswith(FORM_PREFIX) for key in request.args):
        return None
    keep = [(k, v) for k, v in request.args.items(multi=True)
            if k != "set" and not k.startswith(FORM_PREFIX)]
    query = urlencode(keep + [("set", f"{pid}={setting_text(r)}")
                              for pid, r in sorted(overrides.items())])
    return request.path + (f"?{query}" if query else "")


def yield_doc(kb, iid: str, overrides: dict[str, Range]) -> dict:
    doc = dict(intervention_yield(kb, iid, overrides))
    doc["settings"] = {pid: setting_text(r) for pid, r in sorted(overrides.items())}
    return doc
