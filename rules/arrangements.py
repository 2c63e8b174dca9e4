"""From scored interventions to a few coherent arrangements ("gerichte arrangementen").

Each arrangement is built greedily: first an intervention for every part of the
approach the call asks of every plan (Bijlage 1, 2. Aanpak: mbo/hbo/wo, international
talent, under-represented groups, lifelong learning — see approach_parts.py), then one
for every other need the rules asserted (goals, levels, target groups), then the
best-scoring rest up to a core size. Then it is closed under `requires` (a dependency joins, or is listed as a
precondition when the profile excluded it) and given the enabling building block 5.
Later arrangements are anchored on another building block and penalise
interventions already used, and an arrangement is kept only when it differs enough
from every earlier one: for every pair A, B, |A △ B| ≥ ⅓ |A ∪ B|.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.approach_parts import PARTS

CORE_SIZE = 7
REUSE_PENALTY = 0.35      # an intervention already in an earlier arrangement counts less
ANCHOR_BONUS = 2.0


@dataclass
class Needs:
    goals: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)      # ids of approach_parts.PARTS

    def pairs(self):
        return ([("goals", g) for g in self.goals] + [("levels", lv) for lv in self.levels]
                + [("target_groups", t) for t in self.target_groups])


@dataclass
class Draft:
    members: list[str]                      # in the order they joined
    reasons: dict[str, dict]                # builtin reasons (closure, block 5)
    anchor: str | None
    missing: list[dict]                     # excluded dependencies and block 5


def differs_enough(a: set[str], b: set[str]) -> bool:
    """|A △ B| ≥ ⅓ |A ∪ B|, in integers."""
    return 3 * len(a ^ b) >= len(a | b)


def _covers(kb: KnowledgeBase, iid: str, kind: str, value: str) -> bool:
    return value in getattr(kb.interventions[iid], kind)


def close_requires(kb: KnowledgeBase, members: list[str], excluded: set[str],
                   reasons: dict, missing: list[dict], rank: dict | None = None) -> None:
    """Add every (transitive) `requires` of the members, or note it as missing; for a
    `requires_any` group none of whose interventions is a member, add the best-ranked
    one the profile allows (ties: the group's order)."""
    rank = rank or {}
    queue = list(members)
    while queue:
        iid = queue.pop(0)
        for group in kb.interventions[iid].requires_any:
            if any(g in members for g in group.ids):
                continue
            options = [g for g in group.ids if g in kb.interventions and g not in excluded]
            labels = " of ".join(kb.interventions[g].label for g in group.ids
                                 if g in kb.interventions)
            if not options:
                missing.append({"kind": "intervention", "id": group.ids[0],
                                "any_of": list(group.ids), "strength": group.strength,
                                "needed_by": [iid],
                                "because": f"{kb.interventions[iid].label} vraagt om één van: "
                                           f"{labels}, maar het profiel sluit ze alle uit: "
                                           "regel dit op een andere manier."})
                continue
            choice = min(options, key=lambda g: (rank.get(g, len(rank)), group.ids.index(g)))
            members.append(choice)
            reasons[choice] = {"rule": "builtin.requires-closure", "facts": [],
                               "text": f"Nodig voor {kb.interventions[iid].label} "
                                       f"({group.strength}; één van: {labels}): "
                                       f"{group.reason or ''}".strip()}
            queue.append(choice)
        for dep in kb.interventions[iid].requires:
            if dep.id in members or dep.id not in kb.interventions:
                continue
            if dep.id in excluded:
                if not any(m["id"] == dep.id for m in missing):
                    missing.append({"kind": "intervention", "id": dep.id,
                                    "strength": dep.strength, "needed_by": [iid],
                                    "because": f"{kb.interventions[iid].label} vraagt om "
                                               f"{kb.interventions[dep.id].label}, maar het "
                                               "profiel sluit die uit: regel dit op een "
                                               "andere manier."})
                else:
                    next(m for m in missing if m["id"] == dep.id)["needed_by"].append(iid)
                continue
            members.append(dep.id)
            reasons[dep.id] = {"rule": "builtin.requires-closure", "facts": [],
                               "text": f"Nodig voor {kb.interventions[iid].label} "
                                       f"({dep.strength}): {dep.reason or ''}".strip()}
            queue.append(dep.id)


def _add_block5(kb: KnowledgeBase, members: list[str], ranked: list[str],
                excluded: set[str], used: dict[str, int], reasons: dict,
                missing: list[dict]) -> None:
    if any(kb.interventions[m].building_block == "5" for m in members):
        return
    block5 = [i for i in kb.interventions.values() if i.building_block == "5"]
    options = [i.id for i in block5 if i.id not in excluded]
    if not options:
        missing.append({"kind": "building_block", "id": "5",
                        "because": "Bouwsteen 5 (netwerkvorming en inzicht) is "
                                   "randvoorwaardelijk, maar het profiel sluit al zijn "
                                   "interventies uit: zorg op een andere manier voor "
                                   "accountmanagement en data."})
        return
    order = {iid: n for n, iid in enumerate(ranked)}
    # Prefer what the rules support, then what earlier arrangements used least.
    choice = min(options, key=lambda i: (used.get(i, 0), order.get(i, len(order)), i))
    members.append(choice)
    reasons.setdefault(choice, {"rule": "builtin.enabling-block-5", "facts": [],
                                "text": "Bouwsteen 5 is randvoorwaardelijk voor elk "
                                        "arrangement: netwerkvorming en inzicht."})


def build_arrangements(kb: KnowledgeBase, scores: dict[str, float], needs: Needs,
                       excluded: set[str], top: int) -> list[Draft]:
    """Up to `top` drafts that differ enough pairwise (fewer when that is impossible)."""
    ranked = sorted(scores, key=lambda i: (-scores[i], i))
    if not ranked:
        return []
    block_weight: dict[str, float] = {}
    for iid in ranked:
        block = kb.interventions[iid].building_block
        if block != "5":
            block_weight[block] = block_weight.get(block, 0) + max(scores[iid], 0)
    anchors: list[str | None] = [None] + sorted(block_weight,
                                                key=lambda b: (-block_weight[b], b))
    drafts: list[Draft] = []
    used: dict[str, int] = {}
    for anchor in anchors:
        if len(drafts) >= top:
            break
        if anchor is not None and drafts and drafts[0].anchor is None and \
                _dominant_block(kb, drafts[0].members) == anchor and len(anchors) > top:
            continue    # the first arrangement already centres on this block
        draft = _draft(kb, ranked, scores, needs, excluded, used, anchor)
        if draft is None:
            continue
        members = set(draft.members)
        if all(differs_enough(members, set(d.members)) for d in drafts):
            drafts.append(draft)
            for iid in draft.members:
                used[iid] = used.get(iid, 0) + 1
    return drafts


def _dominant_block(kb: KnowledgeBase, members: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for iid in members:
        block = kb.interventions[iid].building_block
        if block != "5":
            counts[block] = counts.get(block, 0) + 1
    return min(counts, key=lambda b: (-counts[b], b)) if counts else None


def _draft(kb, ranked, scores, needs, excluded, used, anchor) -> Draft | None:
    def adjusted(iid: str) -> float:
        value = scores[iid] * (REUSE_PENALTY ** used.get(iid, 0))
        if anchor is not None and kb.interventions[iid].building_block == anchor:
            value += ANCHOR_BONUS
        return value

    order = sorted(ranked, key=lambda i: (-adjusted(i), i))
    if anchor is not None and not any(kb.interventions[i].building_block == anchor
                                      for i in order[:CORE_SIZE]):
        return None
    members: list[str] = []
    for part in needs.parts:
        for requirement in PARTS[part].requirements:
            if any(requirement.met_by(kb.interventions[m]) for m in members):
                continue
            best = next((i for i in order if requirement.met_by(kb.interventions[i])), None)
            if best is not None:
                members.append(best)
    for kind, value in needs.pairs():
        if any(_covers(kb, m, kind, value) for m in members):
            continue
        best = next((i for i in order if _covers(kb, i, kind, value) and i not in members),
                    None)
        if best is not None:
            members.append(best)
    for iid in order:
        if len(members) >= CORE_SIZE:
            break
        if iid not in members:
            members.append(iid)
    reasons: dict[str, dict] = {}
    missing: list[dict] = []
    rank = {iid: n for n, iid in enumerate(order)}
    close_requires(kb, members, excluded, reasons, missing, rank)
    _add_block5(kb, members, ranked, excluded, used, reasons, missing)
    close_requires(kb, members, excluded, reasons, missing, rank)
    return Draft(members, reasons, anchor, missing)
