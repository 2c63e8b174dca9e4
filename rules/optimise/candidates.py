"""Which interventions the optimiser may fund, and what each needs and covers.

The candidates are the interventions the recommender finds fitting for the profile
(`rules.recommender.fitting`) and what they require: transitively their `requires`,
the members of their `requires_any` groups, the interventions that provide their
preconditions, and every intervention of building block 5 (one is always needed).
Interventions the profile excludes or a rule rules out are never candidates; a
business responsibility is a candidate only where another candidate requires it, and
then at no public cost and without workers (the companies' part). A candidate's
`covers` names the parts of Bijlage 1 §2 it serves (approach_parts.py).
"""

from __future__ import annotations

from chiptalent.kb.model import Intervention, KnowledgeBase
from chiptalent.rules.approach_parts import PARTS
from chiptalent.rules.optimise.problem import ENABLING_BLOCK, Candidate

# approach_parts' requirements by the names spec/forecast.md gives them in `covers`.
COVER_REQUIREMENTS = {
    "mbo": PARTS["mbo-hbo-wo"].requirements[0],
    "hbo": PARTS["mbo-hbo-wo"].requirements[1],
    "wo": PARTS["mbo-hbo-wo"].requirements[2],
    "international": PARTS["international"].requirements[0],
    "under-represented": PARTS["under-represented"].requirements[0],
    "llo": PARTS["llo"].requirements[0],
}


def _ids(entries) -> list[str]:
    return [e if isinstance(e, str) else getattr(e, "id", None) or e["id"] for e in entries]


def requires_any(item: Intervention) -> list[list[str]]:
    """The item's `requires_any` groups as id lists (none when the model has no such
    field yet). A group is a list of ids or dependencies, or an object holding them."""
    groups = getattr(item, "requires_any", None) or []
    out = []
    for group in groups:
        members = group
        for name in ("ids", "any", "options", "interventions"):
            if not isinstance(group, (list, tuple)) and hasattr(group, name):
                members = getattr(group, name)
                break
            if isinstance(group, dict) and name in group:
                members = group[name]
                break
        out.append(_ids(members))
    return out


def covers(item: Intervention) -> list[str]:
    return [name for name, requirement in COVER_REQUIREMENTS.items()
            if requirement.met_by(item)]


def candidate_ids(kb: KnowledgeBase, fitting: list[str], out: set[str]) -> list[str]:
    """The fitting interventions plus, transitively, what they need (never those in `out`)."""
    chosen: list[str] = []
    queue = list(fitting) + sorted(i.id for i in kb.interventions.values()
                                   if i.building_block == ENABLING_BLOCK)
    while queue:
        iid = queue.pop(0)
        if iid in chosen or iid in out or iid not in kb.interventions:
            continue
        item = kb.interventions[iid]
        if item.business_responsibility and iid not in fitting and not any(
                iid in kb.interventions[c].requires_ids for c in chosen):
            continue
        chosen.append(iid)
        queue.extend(item.requires_ids)
        for group in requires_any(item):
            queue.extend(group)
        for precondition in item.precondition_ids:
            queue.extend(kb.providers_of(precondition))
    # business responsibilities only where a fundable candidate requires them
    return [i for i in chosen if not kb.interventions[i].business_responsibility
            or any(i in kb.interventions[c].requires_ids for c in chosen
                   if not kb.interventions[c].business_responsibility)]


def skeleton(kb: KnowledgeBase, item: Intervention) -> Candidate:
    """The candidate without its money and workers (tranches.py adds those)."""
    business = item.business_responsibility
    return Candidate(
        id=item.id, label=item.label, building_block=item.building_block,
        requires=list(item.requires_ids), requires_any=requires_any(item),
        preconditions=list(item.precondition_ids), provides=list(item.provides),
        levels=[lv for lv in ("mbo", "hbo", "wo") if lv in item.levels],
        covers=[] if business else covers(item),
        mechanism=item.mechanism.type if item.mechanism else None,
        business_responsibility=business)
