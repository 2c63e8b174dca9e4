"""A plan's `study_programmes`, read against the programmes the call says are asked for.

Each solution may name the study programmes it trains for (spec/forecast.md: "from
Bijlage 2 and 3"). Bijlage 3 ranks them per level ("Gevraagd talent naar opleidingen",
`kb.requested_programmes`); Bijlage 2 lists them unranked per level
(`national.demand.programmes`). A name is known when it is a ranked programme's id, Dutch
name or the call's English wording, or one of Bijlage 2's names (case and spacing do not
matter). An unknown name is an info finding (`study-programme.unknown`), like an unknown
vocabulary term: the plan is still checked, the tool just cannot place the programme.
"""

from __future__ import annotations

import difflib

from chiptalent.kb.model import KnowledgeBase


def _norm(text: str) -> str:
    return " ".join(str(text).replace("/ ", "/").split()).casefold()


def known_names(kb: KnowledgeBase) -> dict[str, dict | None]:
    """Normalised name -> the ranked programme it names (None for a Bijlage 2 name)."""
    names: dict[str, dict | None] = {}
    unranked = ((kb.national or {}).get("demand") or {}).get("programmes") or {}
    for level_names in unranked.values():
        for name in level_names or []:
            names.setdefault(_norm(name), None)
    for programmes in kb.requested_programmes.values():
        for p in programmes:
            ranked = {"id": p.id, "level": p.level, "rank": p.rank, "label": p.label,
                      "label_en": p.label_en}
            for name in (p.id, p.label, p.label_en):
                if names.get(_norm(name)) is None:
                    names[_norm(name)] = ranked
    return names


def study_programme_items(plan, kb: KnowledgeBase) -> list[dict]:
    """One item per named programme of each solution, for the checker's rules."""
    names = known_names(kb)
    choices = sorted({p.label for ps in kb.requested_programmes.values() for p in ps}
                     | {p.label_en for ps in kb.requested_programmes.values() for p in ps})
    items = []
    for s in plan.solutions:
        for position, name in enumerate(s.study_programmes):
            key = _norm(name)
            known = key in names
            close = None if known else difflib.get_close_matches(
                str(name), choices, n=1, cutoff=0.5)
            ranked = names.get(key)
            items.append({"index": s.index, "position": position,
                          "solution": s.id or s.title or str(s.index), "value": name,
                          "where": f"solutions[{s.index}].study_programmes[{position}]",
                          "known": known, "ranked": ranked,
                          "suggestion": close[0] if close else None})
    return items
