"""Find an intervention by what a person types: its id or its name (issue 19.8).

"Why (not)?" on the advice page and `chiptalent recommend --explain` take an
intervention. People know interventions by name, not by id, so `resolve_intervention`
accepts the id (any case), the Dutch or English label, or an alternative label, with
case, accents' neighbours (spacing, punctuation) and surrounding space ignored; a text
that is part of exactly one label also names it. Anything else is an InputError that
names the field and suggests the closest interventions (label and id), so a typo is one
click or one command away from its answer.
"""

from __future__ import annotations

import difflib
import re

from chiptalent.errors import InputError
from chiptalent.kb.model import KnowledgeBase

MAX_SUGGESTIONS = 3
MIN_PART = 4          # a shorter fragment names too many interventions to be meant


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", str(text or "")).strip().casefold()


def _names(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Every normalised name (id, labels, alternative labels) -> the ids it names."""
    names: dict[str, set[str]] = {}
    for iid, item in kb.interventions.items():
        for name in (iid, item.label, item.label_en, *item.alt_labels):
            if name:
                names.setdefault(_norm(name), set()).add(iid)
    return names


def suggestions(kb: KnowledgeBase, text: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The ids of the interventions whose id or label is closest to `text`."""
    wanted = _norm(text)
    if not wanted:
        return []
    names = _names(kb)
    close = difflib.get_close_matches(wanted, list(names), n=limit * 3, cutoff=0.5)
    out: list[str] = []
    for name in close:
        for iid in sorted(names[name]):
            if iid not in out:
                out.append(iid)
    return out[:limit]


def lookup(kb: KnowledgeBase, text: str) -> tuple[str | None, list[str], bool]:
    """(the id `text` names or None, the ids to suggest, whether it named several)."""
    raw = str(text or "").strip()
    if raw in kb.interventions:
        return raw, [], False
    wanted = _norm(raw)
    if not wanted:
        return None, [], False
    found = _names(kb).get(wanted)
    if found and len(found) == 1:
        return next(iter(found)), [], False
    if not found and len(wanted) >= MIN_PART:
        found = {iid for iid, item in kb.interventions.items()
                 if any(wanted in _norm(name) for name in (item.label, item.label_en) if name)}
        if len(found) == 1:
            return next(iter(found)), [], False
    if found:
        return None, sorted(found)[:MAX_SUGGESTIONS], True
    return None, suggestions(kb, raw), False


def resolve_intervention(kb: KnowledgeBase, text: str, field: str = "explain") -> str:
    """The id of the intervention `text` names; InputError (on `field`) with the
    closest suggestions when it names none or several."""
    iid, options, several = lookup(kb, text)
    if iid is not None:
        return iid
    raw = str(text or "").strip()
    if not raw:
        raise InputError("name an intervention by its id or its name", field=field)
    described = "; ".join(f"{kb.interventions[i].label} ({i})" for i in options)
    what = "names several interventions" if several else "is no intervention's id or name"
    raise InputError(f"{raw[:80]!r} {what}" + (f"; did you mean: {described}?" if described
                                                else ""), field=field)
