"""The one JSON shape of each knowledge-base item, and its plain-text view.

Every place that turns an intervention, evidence source, region or building block into
JSON calls this module: `kb show --json`, `kb export --format json` (kb/rdf.py), the
JSON API (`/api/interventions/<id>`) and the pages with their JSON twins
(`/interventions/<id>.json`). So a script sees the same document wherever it asks.

The shape: links are lists of ids (`requires`, `target_groups`, `evidence`, ...); what
belongs to a link itself sits beside it in `<field>_detail` (a dependency's strength and
reason); and `refs` names every linked thing once, by kind and id
(`refs["intervention"][id]`, `refs["target_group"][id]`, ...), so a reader can show
labels without another request. The export leaves `refs` out: it holds every item.

Ids are unique across interventions, evidence sources, regions, building blocks and
rules, so one lookup finds any of them. Rules are passed in as plain dicts because
kb must not import the rules package.
"""

from __future__ import annotations

from chiptalent.kb.model import DEMAND_LEVELS, Dependency, KnowledgeBase

# Vocabularies whose concepts an item names; each becomes a `refs` kind of its own.
INTERVENTION_SCHEMES = {"target_groups": "target_group", "levels": "level",
                        "routes": "route", "goals": "goal", "programmes": "programme"}
EFFECT_SCHEMES = {"dimension": "effect_dimension", "magnitude": "magnitude",
                  "horizon": "horizon"}


# --- references: the name of a linked thing ---------------------------------------

def concept_ref(kb: KnowledgeBase, scheme: str, cid: str) -> dict:
    concept = kb.vocabulary(scheme).get(cid)
    if concept is None:
        return {"id": cid, "label": cid, "label_en": cid}
    return {"id": cid, "label": concept.label, "label_en": concept.label_en}


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
            "strength": concept_ref(kb, "evidence_strength", source.strength),
            "known": True}


def evidence_brief(kb: KnowledgeBase, eid: str) -> dict:
    """An evidence source as every report names it: by title and strength, never a bare id."""
    source = kb.evidence.get(eid)
    if source is None:
        return {"id": eid, "title": eid, "title_en": None, "year": None, "strength": None,
                "strength_rank": 0, "strength_label": None, "strength_label_en": None}
    strength = kb.vocabulary("evidence_strength").get(source.strength)
    return {"id": eid, "title": source.title, "title_en": source.title_en,
            "year": source.year, "strength": source.strength,
            "strength_rank": (strength.rank or 0) if strength else 0,
            "strength_label": strength.label if strength else source.strength,
            "strength_label_en": strength.label_en if strength else source.strength}


def evidence_briefs(kb: KnowledgeBase, ids) -> list[dict]:
    """`evidence_brief` of each id, strongest first (the order a reader should open them)."""
    briefs = [evidence_brief(kb, eid) for eid in ids]
    return sorted(briefs, key=lambda b: -b["strength_rank"])


def evidence_text(brief: dict) -> str:
    """One source in plain text: 'Title (2021; Beschrijvend)'."""
    about = [str(brief["year"])] if brief.get("year") else []
    if brief.get("strength_label"):
        about.append(brief["strength_label"])
    return brief["title"] + (f" ({'; '.join(about)})" if about else "")


def requested_programmes_ref(kb: KnowledgeBase) -> dict:
    """Bijlage 3's ranked programme lists (national, per level), as pages and `kb show`
    show them; Bijlage 2's unranked lists ride along for comparison."""
    raw = (kb.national or {}).get("requested_programmes") or {}
    levels = raw.get("levels") or {}
    return {"label": raw.get("label"), "label_en": raw.get("label_en"),
            "note": raw.get("note"), "note_en": raw.get("note_en"),
            "seed_section": raw.get("seed_section"),
            "seed_quote": raw.get("seed_quote"),
            "levels": [{"level": level,
                        "heading": (levels.get(level) or {}).get("heading"),
                        "heading_en": (levels.get(level) or {}).get("heading_en"),
                        "programmes": [p.as_dict() for p in programmes]}
                       for level, programmes in kb.requested_programmes.items()],
            "unranked_bijlage2": dict(((kb.national or {}).get("demand") or {})
                                      .get("programmes") or {})}


def requested_programmes_lines(ref: dict) -> list[str]:
    """The ranked lists as plain text, one line a level:
    'mbo: 1. Elektrotechnicus (Electrical engineer); 2. ...'."""
    return [f"{entry['level']}: " + "; ".join(f"{p['rank']}. {p['label']} ({p['label_en']})"
                                               for p in entry["programmes"])
            for entry in ref.get("levels") or []]


class Refs:
    """Collects the `refs` of one document: each linked id named once, per kind."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.table: dict[str, dict[str, dict]] = {}

    def add(self, kind: str, ids) -> None:
        named = self.table.setdefault(kind, {})
        for item_id in ids:
            if item_id and item_id not in named:
                named[item_id] = self._name(kind, item_id)

    def add_effects(self, effects) -> None:
        for effect in effects:
            for field, scheme in EFFECT_SCHEMES.items():
                self.add(scheme, [getattr(effect, field)])

    def _name(self, kind: str, item_id: str) -> dict:
        if kind == "intervention":
            return intervention_ref(self.kb, item_id)
        if kind == "evidence":
            return evidence_ref(self.kb, item_id)
        if kind == "building_block":
            return block_ref(self.kb, item_id)
        return concept_ref(self.kb, kind, item_id)


# --- documents ---------------------------------------------------------------------

def reverse_requires(kb: KnowledgeBase) -> dict[str, list]:
    """id -> [(id of an intervention that requires it, Dependency)], in KB order."""
    reverse: dict[str, list] = {}
    for item in kb.interventions.values():
        for dep in item.requires:
            reverse.setdefault(dep.id, []).append((item.id, dep))
        for group in item.requires_any:      # required as one of several
            for gid in group.ids:
                reverse.setdefault(gid, []).append(
                    (item.id, Dependency(gid, group.strength, group.reason)))
    return reverse


def intervention_document(kb: KnowledgeBase, iid: str, *, refs: bool = True,
                          reverse: dict | None = None) -> dict:
    """One intervention (KeyError for an unknown id). `reverse` is `reverse_requires`
    when the caller makes many documents (the export), so it is built once."""
    i = kb.interventions[iid]
    reverse = reverse_requires(kb) if reverse is None else reverse
    required_by = reverse.get(iid, [])
    effects = (kb.effects_of(i) if i.effects or i.building_block in kb.building_blocks
               else [])
    doc = {
        "kind": "intervention", "id": i.id, "label": i.label, "label_en": i.label_en,
        "alt_labels": list(i.alt_labels), "building_block": i.building_block,
        "description": i.description, "description_en": i.description_en,
        "target_groups": list(i.target_groups), "levels": list(i.levels),
        "routes": list(i.routes), "goals": list(i.goals),
        "effects": [e.as_dict() for e in effects],
        "effects_source": "intervention" if i.effects else "building_block",
        "requires": i.requires_ids, "requires_detail": [d.as_dict() for d in i.requires],
        "requires_any": i.requires_any_ids,
        "requires_any_detail": [g.as_dict() for g in i.requires_any],
        "required_by": [other for other, _ in required_by],
        "required_by_detail": [dict(dep.as_dict(), id=other) for other, dep in required_by],
        "preconditions": i.precondition_ids,
        "preconditions_detail": [
            dict(d.as_dict(), provided_by=[p for p in kb.providers_of(d.id) if p != iid])
            for d in i.preconditions],
        "provides": list(i.provides),
        "provides_detail": [
            {"id": p, "needed_by": sorted(o.id for o in kb.interventions.values()
                                          if p in o.precondition_ids and o.id != iid)}
            for p in i.provides],
        "programmes": list(i.programmes), "evidence": list(i.evidence),
        "business_responsibility": i.business_responsibility,
        "business_reason": i.business_reason,
        "business_seed_section": i.business_seed_section,
        "business_seed_quote": i.business_seed_quote,
        "researched_measures": list(i.researched_measures),
        "seed_section": i.seed_section, "seed_quote": i.seed_quote,
        "mechanism": i.mechanism.as_dict() if i.mechanism else None,
    }
    if refs:
        named = Refs(kb)
        named.add("building_block", [i.building_block])
        for field, scheme in INTERVENTION_SCHEMES.items():
            named.add(scheme, doc[field])
        named.add_effects(effects)
        named.add("intervention", doc["requires"] + doc["required_by"]
                  + [iid for group in doc["requires_any"] for iid in group])
        for detail in doc["preconditions_detail"]:
            named.add("intervention", detail["provided_by"])
        for detail in doc["provides_detail"]:
            named.add("intervention", detail["needed_by"])
        named.add("precondition", doc["preconditions"] + doc["provides"])
        named.add("evidence", doc["evidence"])
        doc["refs"] = named.table
    return doc


def evidence_document(kb: KnowledgeBase, sid: str, *, refs: bool = True) -> dict:
    s = kb.evidence[sid]
    doc = {"kind": "evidence", "id": s.id, "title": s.title, "title_en": s.title_en,
           "publisher": s.publisher, "url": s.url, "year": s.year, "language": s.language,
           "type": s.type, "summary": s.summary, "summary_en": s.summary_en,
           "alt_labels": list(s.alt_labels), "strength": s.strength,
           "strength_reason": s.strength_reason, "interventions": list(s.interventions),
           "building_blocks": list(s.building_blocks),
           "target_groups": list(s.target_groups), "levels": list(s.levels),
           "in_seed": s.in_seed, "seed_section": s.seed_section,
           "seed_quote": s.seed_quote, "status": s.status}
    if refs:
        named = Refs(kb)
        named.add("evidence_type", [s.type])
        named.add("evidence_strength", [s.strength])
        named.add("intervention", s.interventions)
        named.add("building_block", s.building_blocks)
        named.add("target_group", s.target_groups)
        named.add("level", s.levels)
        doc["refs"] = named.table
    return doc


def region_document(kb: KnowledgeBase, rid: str, *, refs: bool = True) -> dict:
    r = kb.regions[rid]
    doc = {"kind": "region", "id": r.id, "label": r.label, "label_en": r.label_en,
           "demand": {"total": r.demand_total.as_dict(),
                      **{lv: r.demand[lv].as_dict() for lv in DEMAND_LEVELS
                         if lv in r.demand}},
           "fte": r.fte.as_dict(), "demand_share": dict(r.demand_share),
           "fte_share": dict(r.fte_share),
           "context": {s: {"value": f.value, "quality": f.quality,
                           "quality_reason": f.quality_reason,
                           "quality_reason_en": f.quality_reason_en, "summary": f.summary,
                           "summary_en": f.summary_en,
                           "sources": [dict(source) for source in f.sources]}
                       for s, f in r.context.items()},
           "seed_section": r.seed_section, "seed_quote": r.seed_quote,
           # Bijlage 3 ranks the programmes the industry asks for nationally, per level.
           "requested_programmes": requested_programmes_ref(kb)}
    if refs:
        named = Refs(kb)
        named.add("signal", list(r.context))
        named.add("signal_quality", [f.quality for f in r.context.values() if f.quality]
                  + (["doubtful"] if r.demand_total.doubt else []))
        doc["refs"] = named.table
    return doc


def block_document(kb: KnowledgeBase, bid: str, *, refs: bool = True) -> dict:
    b = kb.building_blocks[bid]
    members = [i.id for i in kb.interventions.values() if i.building_block == bid]
    doc = {"kind": "building_block", "id": b.id, "label": b.label, "label_en": b.label_en,
           "heading": b.heading, "theme": b.theme, "alt_labels": list(b.alt_labels),
           "definition": b.definition, "definition_en": b.definition_en,
           "effects": [e.as_dict() for e in b.effects], "effects_text": b.effects_text,
           "interventions": members,
           "seed_section": b.seed_section, "seed_quote": b.seed_quote}
    if refs:
        named = Refs(kb)
        named.add_effects(b.effects)
        named.add("intervention", members)
        doc["refs"] = named.table
    return doc


def describe_item(kb: KnowledgeBase, item_id: str, rules: list[dict] = ()) -> dict | None:
    """The document of any item by id, or None when no item has that id."""
    if item_id == "requested-programmes":
        return {"kind": "requested_programmes", "id": item_id,
                **requested_programmes_ref(kb)}
    for programmes in kb.requested_programmes.values():
        for p in programmes:
            if p.id == item_id:
                return {"kind": "requested_programme", **p.as_dict()}
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


def format_item(doc: dict, lang: str = "nl") -> str:
    """A readable plain-text view of a `describe_item` document (kb/item_text.py)."""
    from chiptalent.kb.item_text import format_item as plain_text
    return plain_text(doc, lang)
