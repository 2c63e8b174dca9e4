"""The knowledge base as the web app sees it: loading, lookups and the documents of
the pages.

An item's page and its JSON twin show the document of kb/present.py, the very one
`kb show --json` and the JSON API return (ids for links, `refs` naming them). This
module adds only what the app shows beyond single items: the lists and overviews
(building blocks, interventions by block, target groups, regions with national figures),
made of the same references.
"""

from __future__ import annotations

from flask import current_app, g

from chiptalent.kb import present
from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.kb.present import block_ref, evidence_ref, intervention_ref
from chiptalent.webapp.errors import UnknownId


def get_kb() -> KnowledgeBase:
    """The app's knowledge base: the curation store's when the app curates a copy (it
    is replaced after every write, so pages show a change at once), else the loader's
    (memoised per directory).

    Both reload when the knowledge base changed on disk, e.g. by an edit on the
    command line while the app runs (kb/cache.py `kb_version`); that look at the files
    is made once per request, the request's later calls reuse it.
    """
    if g.get("chiptalent_kb_checked", False):
        store = current_app.extensions.get("chiptalent.store")
        # A write made during this request replaces the store's knowledge base.
        return store.current_kb(check=False) if store is not None else g.chiptalent_kb
    g.chiptalent_kb_checked = True
    store = current_app.extensions.get("chiptalent.store")
    if store is not None:
        return store.current_kb(check=True)
    from chiptalent import kb as kb_package
    g.chiptalent_kb = kb_package.load(current_app.config.get("KB_DIR"),
                                      current_app.config.get("DATA_DIR"), check=True)
    return g.chiptalent_kb


def get_rules():
    """The rule set, loaded once per app (the rules do not change while it runs)."""
    rules = current_app.extensions.get("chiptalent.rules")
    if rules is None:
        from chiptalent.rules import load_rules
        rules = load_rules()
        current_app.extensions["chiptalent.rules"] = rules
    return rules


# --- documents ----------------------------------------------------------------------

def block_doc(kb: KnowledgeBase, block_id: str) -> dict:
    if block_id not in kb.building_blocks:
        raise UnknownId(f"no building block has the id {block_id!r}")
    return present.block_document(kb, block_id)


def blocks_doc(kb: KnowledgeBase) -> dict:
    return {"building_blocks": [block_doc(kb, b) for b in kb.building_blocks]}


def get_intervention(kb: KnowledgeBase, iid: str):
    item = kb.interventions.get(iid)
    if item is None:
        raise UnknownId(f"no intervention has the id {iid!r}")
    return item


def intervention_doc(kb: KnowledgeBase, iid: str) -> dict:
    get_intervention(kb, iid)
    return present.intervention_document(kb, iid)


def interventions_doc(kb: KnowledgeBase) -> dict:
    groups = []
    for block_id in kb.building_blocks:
        items = [intervention_ref(kb, i.id) for i in kb.interventions.values()
                 if i.building_block == block_id]
        groups.append({"building_block": block_ref(kb, block_id), "interventions": items})
    return {"total": len(kb.interventions), "by_building_block": groups}


def evidence_doc(kb: KnowledgeBase, eid: str) -> dict:
    if eid not in kb.evidence:
        raise UnknownId(f"no evidence source has the id {eid!r}")
    return present.evidence_document(kb, eid)


def target_groups_doc(kb: KnowledgeBase) -> dict:
    groups = []
    for cid, concept in kb.vocabulary("target_group").items():
        count = sum(1 for i in kb.interventions.values() if cid in i.target_groups)
        groups.append({"id": cid, "label": concept.label, "label_en": concept.label_en,
                       "definition": concept.definition,
                       "definition_en": concept.definition_en, "interventions": count})
    return {"target_groups": groups}


def target_group_doc(kb: KnowledgeBase, tg: str) -> dict:
    concept = kb.vocabulary("target_group").get(tg)
    if concept is None:
        raise UnknownId(f"no target group has the id {tg!r}")
    items = [i for i in kb.interventions.values() if tg in i.target_groups]
    by_block = []
    for block_id in kb.building_blocks:
        in_block = [intervention_ref(kb, i.id) for i in items if i.building_block == block_id]
        if in_block:
            by_block.append({"building_block": block_ref(kb, block_id),
                             "interventions": in_block})
    sources = [evidence_ref(kb, e.id) for e in kb.evidence.values()
               if tg in e.target_groups and e.status != "retired"]
    return {"id": tg, "label": concept.label, "label_en": concept.label_en,
            "alt_labels": concept.alt_labels,
            "definition": concept.definition, "definition_en": concept.definition_en,
            "interventions": [i.id for i in items], "by_building_block": by_block,
            "evidence": sources}


def region_doc(kb: KnowledgeBase, rid: str) -> dict:
    if rid not in kb.regions:
        raise UnknownId(f"no region has the id {rid!r}")
    return present.region_document(kb, rid)


# The order of Bijlage 2 and 3 (and of spec/vocabulary.md); unknown ids come last.
REGION_ORDER = ("brainport", "twente", "delft", "groningen", "overig")


def region_ids(kb: KnowledgeBase) -> list[str]:
    rank = {rid: n for n, rid in enumerate(REGION_ORDER)}
    return sorted(kb.regions, key=lambda rid: (rank.get(rid, len(rank)), rid))


def regions_doc(kb: KnowledgeBase) -> dict:
    national = kb.national or {}
    demand = national.get("demand", {})
    value_chain = national.get("value_chain") or {}
    return {
        "national": {
            "demand_total": demand.get("total"),
            "demand_by_level": {level: (demand.get("by_level", {}).get(level) or {}).get("value")
                                for level in DEMAND_LEVELS},
            "fte_total": (national.get("fte") or {}).get("total"),
            "value_chain": [{"id": seg.get("id"), "label": seg.get("label"),
                             "organisations": seg.get("organisations"),
                             "fte": seg.get("fte")}
                            for seg in value_chain.get("segments") or []],
            "value_chain_note": value_chain.get("note"),
            # Bijlage 3 ranks the programmes asked for per level (kb/present.py).
            "requested_programmes": present.requested_programmes_ref(kb),
        },
        "regions": [region_doc(kb, rid) for rid in region_ids(kb)],
    }
