"""A portfolio's interventions grouped into the solutions of a draft plan, with p × q.

Interventions that the forecast treats alike go into one solution: the same mechanism
with the same parameters and the same route (spec/forecast.md reads a solution's
participants by its mechanism and the parameters of its first intervention of that
mechanism, and a bbl intervention puts its mbo students on the bbl route), so the
solution forecasts exactly what its interventions do apart. Per mechanism:

- `places`: the participants are extra `students` with a `top_up_per_student` (p) and
  `non_eer_students` of 0 (no top-up for them, spec/plan.md);
- `intake`, `completion`, `retraining`, `recruitment`, `retention`: `participants` with a
  `cost_per_participant`, spread evenly over the intake years 2025-2030 as the optimiser
  valued them (`participants_by_year`);
- `enabling`: a `fixed_cost` per intervention.

`funding_requested` is exactly what p × q explains: top-up × students + cost per
participant × participants + fixed cost. Business responsibilities never get a euro:
they go to `business_measures` (the companies' own part, spec/plan.md).
"""

from __future__ import annotations

from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.draft import texts
from chiptalent.rules.draft.portfolio import Quantity
from chiptalent.rules.plan import FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR

LEVELS = ("mbo", "hbo", "wo")
ORDER = ("places", "intake", "completion", "retraining", "recruitment", "retention",
         "enabling")
INTERNATIONAL_GROUPS = {"international-students", "foreign-talent", "international-workers"}


def spread(total: int) -> dict[int, int]:
    """A whole count spread evenly over the intake years (largest remainder first)."""
    years = list(range(FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR + 1))
    base, left = divmod(total, len(years))
    return {year: base + (1 if i < left else 0) for i, year in enumerate(years)}


def _key(kb: KnowledgeBase, q: Quantity) -> tuple:
    item = kb.interventions[q.id]
    mechanism = item.mechanism
    return (ORDER.index(mechanism.type), tuple(sorted(mechanism.parameters.items())),
            item.routes == ["bbl"])


def _levels(*mappings) -> list[str]:
    present = {lv for m in mappings for lv in m}
    return [lv for lv in LEVELS if lv in present]


def _sum(into: dict, more: dict) -> None:
    for lv, n in more.items():
        into[lv] = into.get(lv, 0) + n


def solution(kb: KnowledgeBase, members: list[Quantity], index: int, title: str,
             lang: str) -> dict:
    """One solution of the draft from interventions that share a mechanism."""
    mechanism = members[0].mechanism
    items = [kb.interventions[q.id] for q in members]
    groups: list[str] = []
    for item in items:
        groups += [g for g in item.target_groups if g not in groups]
    counts: dict[str, int] = {}
    price: dict[str, int] = {}
    for q in members:
        _sum(counts, q.participants)
        price.update(q.cost_per_participant)
    fixed = sum(q.fixed_cost for q in members)
    levels = _levels(counts) or _levels(*[[lv for lv in i.levels if lv in LEVELS]
                                          for i in items])
    doc: dict = {"id": f"s{index}", "title": title,
                 "interventions": [q.id for q in members], "mechanism": mechanism,
                 "levels": levels, "target_groups": groups}
    doc["contribution"] = {}
    doc["kpis"] = texts.kpis(mechanism, levels, lang)
    funding = fixed + sum(price[lv] * n for lv, n in counts.items())
    doc["funding_requested"] = funding
    if mechanism == "places":
        doc["students"] = {lv: counts[lv] for lv in levels}
        doc["top_up_per_student"] = {lv: price[lv] for lv in levels}
        doc["non_eer_students"] = {lv: 0 for lv in levels}
    elif counts:
        doc["participants"] = {lv: counts[lv] for lv in levels}
        by_level = {lv: spread(counts[lv]) for lv in levels}
        doc["participants_by_year"] = {
            year: {lv: by_level[lv][year] for lv in levels if by_level[lv][year]}
            for year in range(FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR + 1)
            if any(by_level[lv][year] for lv in levels)}
        doc["cost_per_participant"] = {lv: price[lv] for lv in levels}
    if fixed:
        doc["fixed_cost"] = fixed
    doc["business_responsibility"] = False
    doc["international_intake"] = mechanism == "recruitment" or bool(
        INTERNATIONAL_GROUPS & set(groups)) and mechanism in ("places", "intake")
    return doc


def solutions(kb: KnowledgeBase, items: list[Quantity], lang: str) -> list[dict]:
    """The funded solutions, in the order of the mechanisms (people first, enabling last)."""
    grouped: dict[tuple, list[Quantity]] = {}
    for q in items:
        if q.business or q.mechanism is None:
            continue
        grouped.setdefault(_key(kb, q), []).append(q)
    keys = sorted(grouped)
    seen: dict[str, int] = {}
    for key in keys:
        seen[ORDER[key[0]]] = seen.get(ORDER[key[0]], 0) + 1
    out = []
    for n, key in enumerate(keys, start=1):
        members = grouped[key]
        mechanism = ORDER[key[0]]
        title = texts.solution_title(mechanism, lang)
        if seen[mechanism] > 1:         # two kinds of one mechanism: say which is which
            title += " — " + kb.interventions[members[0].id].label
        out.append(solution(kb, members, n, title, lang))
    return out
