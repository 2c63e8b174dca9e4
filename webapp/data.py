"""The knowledge base as the web app sees it: loading, lookups and JSON documents.

Pages and their JSON twins show the same facts, so each thing the app shows is first
made into a plain dict here (ids plus Dutch and English labels, language-neutral);
templates render the dict, `.json` routes return it. Relations the KB stores on one
side only (what requires an intervention, who provides a precondition) are derived here.
"""

from __future__ import annotations

from flask import current_app

from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.webapp.errors import UnknownId


def get_kb() -> KnowledgeBase:
    """The app's knowledge base: the curation store's when the app curates a copy (it
    is replaced after every write, so pages show a change at once), else the loader's
    (memoised per directory)."""
    store = current_app.extensions.get("chiptalent.store")
    if store is not None:
        return store.kb
    from chiptalent import kb as kb_package
    return kb_package.load(current_app.config.get("KB_DIR"),
                           current_app.config.get("DATA_DIR"))


def get_rules():
    """The rule set, loaded once per app (the rules do not change while it runs)."""
    rules = current_app.extensions.get("chiptalent.rules")
    if rules is None:
        from chiptalent.rules import load_rules
        rules = load_rules()
        current_app.extensions["chiptalent.rules"] = rules
    return rules


# --- small helpers ------------------------------------------------------------------

def concept_doc(kb: KnowledgeBase, scheme: str, cid: str) -> dict:
    concept = kb.vocabulary(scheme).get(cid)
    if concept is None:
        return {"id": cid, "label": cid, "label_en": cid}
    return {"id": cid, "label": concept.label, "label_en": concept.label_en}


def concepts(kb: KnowledgeBase, scheme: str, ids) -> list[dict]:
    return [concept_doc(kb, scheme, cid) for cid in ids]


def effect_doc(kb: KnowledgeBase, effect) -> dict:
    doc = effect.as_dict()
    if effect.dimension:
        doc["dimension_label"] = concept_doc(kb, "effect_dimension", effect.dimension)
    if effect.magnitude:
        doc["magnitude_label"] = concept_doc(kb, "magnitude", effect.magnitude)
    if effect.horizon:
        doc["horizon_label"] = concept_doc(kb, "horizon", effect.horizon)
    return doc


def block_ref(kb: KnowledgeBase, block_id: str) -> dict:
    block = kb.building_blocks.get(block_id)
    if block is None:
        return {"id": block_id, "label": block_id, "label_en": block_id}
    return {"id": block.id, "label": block.label, "label_en": block.label_en}


def intervention_ref(kb: KnowledgeBase, iid: str) -> dict:
    item = kb.interventions.get(iid)
    if item is None:
        return {"id": iid, "label": iid, "label_en": iid, "known": False}
    return {"id": iid, "label": item.label, "label_en": item.label_en,
            "building_block": item.building_block, "known": True}


def evidence_ref(kb: KnowledgeBase, eid: str) -> dict:
    source = kb.evidence.get(eid)
    if source is None:
        return {"id": eid, "title": eid, "known": False}
    return {"id": eid, "title": source.title, "title_en": source.title_en,
            "publisher": source.publisher, "year": source.year, "url": source.url,
            "strength": concept_doc(kb, "evidence_strength", source.strength),
            "known": True}


_reverse_cache: dict[int, tuple[KnowledgeBase, dict]] = {}


def _reverse_requires(kb: KnowledgeBase) -> dict[str, list]:
    # The KB is immutable while the app runs; keep the reverse index per KB object
    # (holding the object itself, so its id cannot be reused by another).
    cached = _reverse_cache.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    reverse: dict[str, list] = {}
    for item in kb.interventions.values():
        for dep in item.requires:
            reverse.setdefault(dep.id, []).append((item.id, dep))
    if len(_reverse_cache) > 8:
        _reverse_cache.clear()
    _reverse_cache[id(kb)] = (kb, reverse)
    return reverse


def required_by(kb: KnowledgeBase, iid: str):
    """(intervention id, Dependency) pairs of the interventions that require `iid`."""
    return _reverse_requires(kb).get(iid, [])


def needing(kb: KnowledgeBase, precondition: str) -> list[str]:
    """Ids of the interventions that need a precondition."""
    return sorted(i.id for i in kb.interventions.values()
                  if precondition in i.precondition_ids)


# --- documents ----------------------------------------------------------------------

def block_doc(kb: KnowledgeBase, block_id: str, *, with_interventions=True) -> dict:
    block = kb.building_blocks.get(block_id)
    if block is None:
        raise UnknownId(f"no building block has the id {block_id!r}")
    doc = {"id": block.id, "label": block.label, "label_en": block.label_en,
           "heading": block.heading, "theme": block.theme,
           "definition": block.definition, "definition_en": block.definition_en,
           "effects": [effect_doc(kb, e) for e in block.effects],
           "effects_text": block.effects_text,
           "seed_section": block.seed_section, "seed_quote": block.seed_quote}
    if with_interventions:
        doc["interventions"] = [intervention_ref(kb, i.id)
                                for i in kb.interventions.values()
                                if i.building_block == block.id]
    return doc


def blocks_doc(kb: KnowledgeBase) -> dict:
    return {"building_blocks": [block_doc(kb, b) for b in kb.building_blocks]}


def get_intervention(kb: KnowledgeBase, iid: str):
    item = kb.interventions.get(iid)
    if item is None:
        raise UnknownId(f"no intervention has the id {iid!r}")
    return item


def intervention_doc(kb: KnowledgeBase, iid: str) -> dict:
    """One intervention with every link the page shows (the export's fields and more)."""
    item = get_intervention(kb, iid)
    own_effects = bool(item.effects)
    return {
        "kind": "intervention",
        "id": item.id, "label": item.label, "label_en": item.label_en,
        "alt_labels": item.alt_labels,
        "description": item.description, "description_en": item.description_en,
        "building_block": item.building_block,
        "building_block_label": block_ref(kb, item.building_block),
        "target_groups": item.target_groups,
        "target_group_labels": concepts(kb, "target_group", item.target_groups),
        "levels": item.levels, "level_labels": concepts(kb, "level", item.levels),
        "routes": item.routes, "route_labels": concepts(kb, "route", item.routes),
        "goals": item.goals, "goal_labels": concepts(kb, "goal", item.goals),
        "effects": [effect_doc(kb, e) for e in kb.effects_of(item)],
        "effects_source": "intervention" if own_effects else "building_block",
        "requires": [dict(dep.as_dict(), **{"intervention": intervention_ref(kb, dep.id)})
                     for dep in item.requires],
        "preconditions": [dict(dep.as_dict(),
                               **{"precondition": concept_doc(kb, "precondition", dep.id),
                                  "provided_by": [intervention_ref(kb, p)
                                                  for p in kb.providers_of(dep.id)
                                                  if p != item.id]})
                          for dep in item.preconditions],
        "required_by": [dict(dep.as_dict(), **{"id": other,
                                                "intervention": intervention_ref(kb, other)})
                        for other, dep in required_by(kb, item.id)],
        "provides": [{"id": p, "precondition": concept_doc(kb, "precondition", p),
                      "needed_by": [intervention_ref(kb, n) for n in needing(kb, p)
                                    if n != item.id]}
                     for p in item.provides],
        "programmes": item.programmes,
        "programme_labels": concepts(kb, "programme", item.programmes),
        "business_responsibility": item.business_responsibility,
        "business_reason": item.business_reason,
        "researched_measures": item.researched_measures,
        "evidence": [evidence_ref(kb, e) for e in item.evidence],
        "seed_section": item.seed_section, "seed_quote": item.seed_quote,
    }


def interventions_doc(kb: KnowledgeBase) -> dict:
    groups = []
    for block_id in kb.building_blocks:
        items = [intervention_ref(kb, i.id) for i in kb.interventions.values()
                 if i.building_block == block_id]
        groups.append({"building_block": block_ref(kb, block_id), "interventions": items})
    return {"total": len(kb.interventions), "by_building_block": groups}


def evidence_doc(kb: KnowledgeBase, eid: str) -> dict:
    source = kb.evidence.get(eid)
    if source is None:
        raise UnknownId(f"no evidence source has the id {eid!r}")
    return {
        "kind": "evidence",
        "id": source.id, "title": source.title, "title_en": source.title_en,
        "publisher": source.publisher, "url": source.url, "year": source.year,
        "language": source.language,
        "type": source.type, "type_label": concept_doc(kb, "evidence_type", source.type),
        "summary": source.summary, "summary_en": source.summary_en,
        "strength": source.strength,
        "strength_label": concept_doc(kb, "evidence_strength", source.strength),
        "strength_reason": source.strength_reason,
        "interventions": [intervention_ref(kb, i) for i in source.interventions],
        "building_blocks": [block_ref(kb, b) for b in source.building_blocks],
        "target_groups": concepts(kb, "target_group", source.target_groups),
        "levels": concepts(kb, "level", source.levels),
        "in_seed": source.in_seed, "seed_section": source.seed_section,
        "seed_quote": source.seed_quote, "status": source.status,
    }


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
    region = kb.regions.get(rid)
    if region is None:
        raise UnknownId(f"no region has the id {rid!r}")
    context = []
    for signal, fact in region.context.items():
        context.append({"signal": signal, "signal_label": concept_doc(kb, "signal", signal),
                        "value": fact.value, "summary": fact.summary,
                        "sources": fact.sources})
    return {
        "kind": "region",
        "id": region.id, "label": region.label, "label_en": region.label_en,
        "demand_total": region.demand_total.as_dict(),
        "demand": {level: region.demand[level].as_dict()
                   for level in DEMAND_LEVELS if level in region.demand},
        "fte": region.fte.as_dict(),
        "demand_share": region.demand_share, "fte_share": region.fte_share,
        "context": context,
        "seed_section": region.seed_section, "seed_quote": region.seed_quote,
    }


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
        },
        "regions": [region_doc(kb, rid) for rid in region_ids(kb)],
    }
