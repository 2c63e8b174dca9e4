"""The advice to take away: the profile as YAML and the result as Markdown.

`profile_yaml` writes the completed profile in the format of spec/profile.md — every
value the advice used, explicit, with a comment saying where a default came from —
so `chiptalent recommend profile.yaml` (or pasting it back into the form) gives the
same advice even after the region's defaults change. `markdown` renders the page's
view (advice_view.result_view) as a report, with the template advice/report.md. Text
from the knowledge base and from the visitor (a free `name`) is escaped: YAML scalars
by the YAML dumper, Markdown with the reports' escapers `md` and `md_code`
(rules/templating.py: no markup, links or raw HTML can come through).
"""

from __future__ import annotations

import json
import re

from chiptalent.kb.model import LEVELS
from chiptalent.rules.templating import render
from chiptalent.webapp.i18n import lang, source_words


_PLAIN = re.compile(r"[a-z][a-z0-9_-]*")
_UNSAFE = re.compile("[\u007f-\u009f\u2028\u2029\ufeff]")


def _scalar(value) -> str:
    """One YAML scalar on one line: ids plain, any other text double-quoted.

    A JSON string is a YAML double-quoted scalar; the characters YAML would read as a
    line break or refuse (U+2028, C1 controls) are escaped as well, so a free-text name
    can never end the line or start a key of its own.
    """
    if isinstance(value, str) and _PLAIN.fullmatch(value) and \
            value not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n"):
        return value
    if not isinstance(value, str):
        return json.dumps(value)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _comment(text: str) -> str:
    return " ".join(_UNSAFE.sub(" ", str(text)).split())


def profile_yaml(document: dict, kb) -> str:
    """The completed profile of a recommend document, as commented YAML."""
    profile = document.get("profile") or {}
    filled = profile.get("filled_in") or {}
    unknown = set(profile.get("unknown") or [])
    lines = ["# Regioprofiel voor chiptalent (spec/profile.md) / region profile.",
             "# Elke waarde staat er expliciet; '# standaard:' zegt waar een waarde uit de",
             "# kennisbank vandaan komt. Use: chiptalent recommend profile.yaml"]
    if profile.get("region"):
        lines.append(f"region: {_scalar(profile['region'])}")
    if profile.get("name"):
        lines.append(f"name: {_scalar(profile['name'])}")
    demand = profile.get("demand") or {}
    if demand:
        lines.append("demand:")
        for level in LEVELS:
            if level in demand:
                note = filled.get(f"demand.{level}")
                lines.append(f"  {level}: {int(demand[level])}"
                             + (f"  # standaard: {_comment(note)}" if note else ""))
    context = profile.get("context") or {}
    signals = list(kb.vocabulary("signal"))
    if signals:
        lines.append("context:")
        for signal in signals:
            if signal in context and context[signal] is not None:
                note = filled.get(f"context.{signal}")
                lines.append(f"  {signal}: {_scalar(context[signal])}"
                             + (f"  # standaard: {_comment(note)}" if note else ""))
            elif f"context.{signal}" in unknown:
                lines.append(f"  {signal}: null  # onbekend / unknown")
    for key in ("existing_programmes", "focus_levels", "exclude_interventions"):
        values = profile.get(key) or []
        lines.append(f"{key}: [{', '.join(_scalar(v) for v in values)}]")
    return "\n".join(lines) + "\n"


# --- Markdown ------------------------------------------------------------------------

def markdown(view: dict, form: dict, document: dict) -> str:
    """The page's view of the advice as Markdown (template advice/report.md)."""
    profile = document.get("profile") or {}
    return render("advice/report.md", package="chiptalent.webapp", lang=lang(), view=view,
                  form=form, profile=profile,
                  filled={field: source_words(where)
                          for field, where in (profile.get("filled_in") or {}).items()})
