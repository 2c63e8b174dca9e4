"""Knowledge-base objects -> index documents (dicts of field values).

An evidence source and an intervention each become one document. Besides its text,
a document carries its facets (ids, exactly as the vocabularies spell them), the
concept keys it names or is tagged with (for ontology-aware queries), and a stored
`doc` with everything a hit displays. Retired evidence is not indexed.
"""

from __future__ import annotations

from chiptalent.kb.search.expand import Lexicon, concept_key, lexicon_for


def _join(values) -> str:
    return ",".join(str(v) for v in values if v not in (None, ""))


def _text(*parts) -> str:
    return "\n".join(p for p in parts if p)


def _concepts(lexicon: Lexicon, text: str, tagged: list[str]) -> str:
    """Space-separated concept keys: each concept the text names or the tags give, once."""
    keys = sorted(lexicon.keys_in(text))
    for key in tagged:
        if key not in keys:
            keys.append(key)
    return " ".join(keys)


def _tags(**groups) -> list[str]:
    return [concept_key(kind, str(ident)) for kind, idents in groups.items()
            for ident in idents or []]


def evidence_document(source, lexicon: Lexicon, kb=None) -> dict:
    """The index document of one evidence source."""
    title_en = source.title_en or (source.title if source.language == "en" else "")
    alt = " \n".join(source.alt_labels)
    all_text = _text(source.title, title_en, alt, source.summary, source.summary_en)
    goals: list[str] = []
    if kb is not None:      # a source informs its interventions' goals as well
        for iid in source.interventions:
            item = kb.interventions.get(iid)
            if item is not None:
                goals.extend(g for g in item.goals if g not in goals)
    tags = _tags(building_block=source.building_blocks, target_group=source.target_groups,
                 level=source.levels, intervention=source.interventions, goal=goals)
    stored = {
        "kind": "evidence", "id": source.id, "title": source.title,
        "title_en": source.title_en, "url": source.url, "publisher": source.publisher,
        "year": source.year, "language": source.language, "type": source.type,
        "strength": source.strength, "in_seed": source.in_seed, "status": source.status,
        "summary": source.summary, "summary_en": source.summary_en,
        "building_blocks": list(source.building_blocks),
        "target_groups": list(source.target_groups), "levels": list(source.levels),
        "interventions": list(source.interventions),
    }
    return {
        "id": source.id, "kind": "evidence",
        "title": source.title, "title_en": title_en,
        "labels": _text(alt, source.publisher),
        "body": source.summary, "body_en": source.summary_en,
        "concepts": _concepts(lexicon, all_text, tags),
        "words": _text(all_text, source.publisher),
        "building_block": _join(source.building_blocks),
        "target_group": _join(source.target_groups), "level": _join(source.levels),
        "publisher": source.publisher or "", "language": source.language or "",
        "strength": source.strength or "", "type": source.type or "",
        "interventions": _join(source.interventions),
        "doc": stored,
    }


def intervention_document(item, lexicon: Lexicon) -> dict:
    """The index document of one intervention."""
    alt = " \n".join(item.alt_labels)
    all_text = _text(item.label, item.label_en, alt, item.description, item.description_en)
    tags = _tags(intervention=[item.id], building_block=[item.building_block],
                 target_group=item.target_groups, level=item.levels, goal=item.goals,
                 programme=item.programmes,
                 precondition=[d.id for d in item.preconditions] + list(item.provides))
    stored = {
        "kind": "intervention", "id": item.id, "title": item.label,
        "title_en": item.label_en, "url": None, "publisher": None,
        "summary": item.description, "summary_en": item.description_en,
        "building_blocks": [item.building_block],
        "target_groups": list(item.target_groups), "levels": list(item.levels),
        "goals": list(item.goals),
        # For an intervention, `interventions` lists the interventions it requires.
        "interventions": [d.id for d in item.requires],
        "evidence": list(item.evidence),
    }
    return {
        "id": item.id, "kind": "intervention",
        "title": item.label, "title_en": item.label_en,
        "labels": alt, "body": item.description, "body_en": item.description_en,
        "concepts": _concepts(lexicon, all_text, tags),
        "words": all_text,
        "building_block": item.building_block,
        "target_group": _join(item.target_groups), "level": _join(item.levels),
        "interventions": _join(d.id for d in item.requires),
        "doc": stored,
    }


def count_documents(kb) -> int:
    return (sum(1 for s in kb.evidence.values() if s.status != "retired")
            + len(kb.interventions))


def documents(kb):
    """Every index document of a knowledge base (a generator)."""
    lexicon = lexicon_for(kb)
    for item in kb.interventions.values():
        yield intervention_document(item, lexicon)
    for source in kb.evidence.values():
        if source.status != "retired":
            yield evidence_document(source, lexicon, kb)
