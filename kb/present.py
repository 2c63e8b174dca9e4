"""One knowledge-base item as a document with its links (`kb show`), and as text.

Ids are unique across interventions, evidence sources, regions, building blocks and
rules, so one lookup finds any of them. Rules are passed in as plain dicts because
kb must not import the rules package.
"""

from __future__ import annotations

from chiptalent.kb.model import KnowledgeBase


def intervention_document(kb: KnowledgeBase, iid: str) -> dict:
    i = kb.interventions[iid]
    required_by = sorted(o.id for o in kb.interventions.values() if iid in o.requires_ids)
    return {
        "kind": "intervention", "id": i.id, "label": i.label, "label_en": i.label_en,
        "alt_labels": i.alt_labels, "building_block": i.building_block,
        "description": i.description, "description_en": i.description_en,
        "target_groups": i.target_groups, "levels": i.levels, "routes": i.routes,
        "goals": i.goals, "effects": [e.as_dict() for e in kb.effects_of(i)],
        "requires": i.requires_ids, "requires_detail": [d.as_dict() for d in i.requires],
        "required_by": required_by,
        "preconditions": i.precondition_ids,
        "preconditions_detail": [d.as_dict() for d in i.preconditions],
        "provides": i.provides, "programmes": i.programmes, "evidence": i.evidence,
        "business_responsibility": i.business_responsibility,
        "business_reason": i.business_reason,
        "researched_measures": i.researched_measures,
        "seed_section": i.seed_section, "seed_quote": i.seed_quote,
    }


def evidence_document(kb: KnowledgeBase, sid: str) -> dict:
    s = kb.evidence[sid]
    return {"kind": "evidence", "id": s.id, "title": s.title, "title_en": s.title_en,
            "publisher": s.publisher, "url": s.url, "year": s.year, "language": s.language,
            "type": s.type, "summary": s.summary, "summary_en": s.summary_en,
            "alt_labels": s.alt_labels, "strength": s.strength,
            "strength_reason": s.strength_reason, "interventions": s.interventions,
            "building_blocks": s.building_blocks, "target_groups": s.target_groups,
            "levels": s.levels, "in_seed": s.in_seed, "seed_section": s.seed_section,
            "seed_quote": s.seed_quote, "status": s.status}


def region_document(kb: KnowledgeBase, rid: str) -> dict:
    r = kb.regions[rid]
    return {"kind": "region", "id": r.id, "label": r.label, "label_en": r.label_en,
            "demand": {"total": r.demand_total.as_dict(),
                       **{lv: f.as_dict() for lv, f in r.demand.items()}},
            "fte": r.fte.as_dict(), "demand_share": r.demand_share, "fte_share": r.fte_share,
            "context": {s: {"value": f.value, "summary": f.summary, "sources": f.sources}
                        for s, f in r.context.items()},
            "seed_section": r.seed_section, "seed_quote": r.seed_quote}


def block_document(kb: KnowledgeBase, bid: str) -> dict:
    b = kb.building_blocks[bid]
    return {"kind": "building_block", "id": b.id, "label": b.label, "label_en": b.label_en,
            "heading": b.heading, "effects": [e.as_dict() for e in b.effects],
            "effects_text": b.effects_text,
            "interventions": [i.id for i in kb.interventions.values()
                              if i.building_block == bid],
            "seed_section": b.seed_section, "seed_quote": b.seed_quote}


def describe_item(kb: KnowledgeBase, item_id: str, rules: list[dict] = ()) -> dict | None:
    """The document of any item by id, or None when no item has that id."""
    kind, _ = kb.find(item_id)
    if kind == "intervention":
        return intervention_document(kb, item_id)
    if kind == "evidence":
        return evidence_document(kb, item_id)
    if kind == "region":
        return region_document(kb, item_id)
    if kind == "building_block":
        return block_document(kb, item_id)
    for rule in rules:
        if rule["id"] == item_id:
            # A rule's own kind (recommend | check) becomes `rule_kind`.
            return {**rule, "kind": "rule", "rule_kind": rule.get("kind")}
    return None


def format_item(doc: dict) -> str:
    """A readable plain-text view of a `describe_item` document."""
    title = doc.get("label") or doc.get("title") or doc["id"]
    lines = [f"{title}  [{doc['kind']} {doc['id']}]"]
    if doc.get("label_en") or doc.get("title_en"):
        lines.append(f"  ({doc.get('label_en') or doc.get('title_en')})")
    skip = {"kind", "id", "label", "label_en", "title", "title_en", "requires_detail",
            "preconditions_detail"}
    for key, value in doc.items():
        if key in skip or value in (None, [], {}, ""):
            continue
        if isinstance(value, list):
            value = ", ".join(v if isinstance(v, str) else str(v) for v in value)
        elif isinstance(value, dict):
            value = "; ".join(f"{k}: {v}" for k, v in value.items())
        lines.append(f"  {key}: {value}")
    return "\n".join(lines)
