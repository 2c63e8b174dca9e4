"""Knowledge-base objects -> index documents (dicts of field values).

An evidence source and an intervention each become one document. Besides its text,
a document carries its facets (ids, exactly as the vocabularies spell them), the
concept keys it names or is tagged with (for ontology-aware queries), and a stored
`doc` with everything a hit displays. Retired evidence is not indexed.

Text fields are handed to whoosh already analyzed — a list of terms, which whoosh
indexes as given (positions in order) — because the same Dutch analysis also feeds
the concept scan and the spelling word list: one pass over each text instead of
three. The analysis is the fields' own analyzer's (analyzers.py), so the terms are
exactly those whoosh would have made, and queries are analyzed the same way.
`_words` (ignored by whoosh, like every key starting with "_") carries the
document's spelling words to the builder.
"""

from __future__ import annotations

from chiptalent.kb.search.analyzers import english_terms, terms_and_words
from chiptalent.kb.search.expand import Lexicon, concept_key, lexicon_for
from chiptalent.kb.search.schema import facet_term


def _facets(**groups) -> list[str]:
    """The `facets` field: one `name=value` term per value (empty values left out)."""
    return [facet_term(name, value) for name, values in groups.items()
            for value in values if value not in (None, "")]


def _tags(**groups) -> list[str]:
    return [concept_key(kind, str(ident)) for kind, idents in groups.items()
            for ident in idents or []]


class _Text:
    """The analysis of one document's texts, gathered field by field."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.words: set[str] = set()
        self.concepts: set[str] = set()

    def dutch(self, *texts: str) -> list[str]:
        """Dutch terms of the texts (one field); scans each text for concepts."""
        out: list[str] = []
        for text in texts:
            if text:
                terms, words = terms_and_words(text, "nl")
                self.words |= words
                # Per text, so a label never matches across two texts' boundary.
                self.concepts |= self.lexicon.keys_in_terms(terms)
                out.extend(terms)
        return out

    def english(self, *texts: str) -> list[str]:
        """English terms of the texts (one field); concepts and words as for Dutch
        (the lexicon's English labels are matched on Dutch-analyzed text too)."""
        out: list[str] = []
        for text in texts:
            if text:
                self.dutch(text)
                out.extend(english_terms(text))
        return out

    def concept_field(self, tags: list[str]) -> str:
        return " ".join(sorted(self.concepts | set(tags)))


def document_words(stored: dict) -> set[str]:
    """The spelling words of a document, from its stored `doc`: the same texts and
    the same analysis as when it was indexed, so an update can take them back."""
    words: set[str] = set()
    for key in ("title", "title_en", "publisher", "summary", "summary_en"):
        if stored.get(key):
            words |= terms_and_words(stored[key])[1]
    for label in stored.get("alt_labels") or []:
        words |= terms_and_words(label)[1]
    return words


def evidence_document(source, lexicon: Lexicon, kb=None) -> dict:
    """The index document of one evidence source."""
    title_en = source.title_en or (source.title if source.language == "en" else "")
    text = _Text(lexicon)
    title = text.dutch(source.title)
    labels = text.dutch(*source.alt_labels, source.publisher)
    body = text.dutch(source.summary)
    title_en_terms = text.english(title_en)
    body_en = text.english(source.summary_en)
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
        "alt_labels": list(source.alt_labels),
        "year": source.year, "language": source.language, "type": source.type,
        "strength": source.strength, "in_seed": source.in_seed, "status": source.status,
        "summary": source.summary, "summary_en": source.summary_en,
        "building_blocks": list(source.building_blocks),
        "target_groups": list(source.target_groups), "levels": list(source.levels),
        "interventions": list(source.interventions),
    }
    return {
        "id": source.id,
        "title": title, "title_en": title_en_terms, "labels": labels,
        "body": body, "body_en": body_en,
        "concepts": text.concept_field(tags),
        "facets": _facets(kind=["evidence"], building_block=source.building_blocks,
                          target_group=source.target_groups, level=source.levels,
                          publisher=[source.publisher], language=[source.language],
                          strength=[source.strength], type=[source.type],
                          intervention=source.interventions),
        "doc": stored,
        "_words": text.words,
    }


def intervention_document(item, lexicon: Lexicon) -> dict:
    """The index document of one intervention."""
    text = _Text(lexicon)
    title = text.dutch(item.label)
    labels = text.dutch(*item.alt_labels)
    body = text.dutch(item.description)
    title_en = text.english(item.label_en)
    body_en = text.english(item.description_en)
    tags = _tags(intervention=[item.id], building_block=[item.building_block],
                 target_group=item.target_groups, level=item.levels, goal=item.goals,
                 programme=item.programmes,
                 precondition=[d.id for d in item.preconditions] + list(item.provides))
    stored = {
        "kind": "intervention", "id": item.id, "title": item.label,
        "title_en": item.label_en, "url": None, "publisher": None,
        "alt_labels": list(item.alt_labels),
        "summary": item.description, "summary_en": item.description_en,
        "building_blocks": [item.building_block],
        "target_groups": list(item.target_groups), "levels": list(item.levels),
        "goals": list(item.goals),
        # For an intervention, `interventions` lists the interventions it requires.
        "interventions": [d.id for d in item.requires],
        "evidence": list(item.evidence),
    }
    return {
        "id": item.id,
        "title": title, "title_en": title_en, "labels": labels,
        "body": body, "body_en": body_en,
        "concepts": text.concept_field(tags),
        "facets": _facets(kind=["intervention"], building_block=[item.building_block],
                          target_group=item.target_groups, level=item.levels,
                          intervention=[d.id for d in item.requires]),
        "doc": stored,
        "_words": text.words,
    }


def count_documents(kb) -> int:
    return (sum(1 for s in kb.evidence.values() if s.status != "retired")
            + len(kb.interventions))


def documents(kb, part: int = 0, parts: int = 1):
    """Every index document of a knowledge base (a generator).

    With `parts` > 1, only the `part`-th of `parts` consecutive shares: what one
    build process indexes. Shares are consecutive so that document numbers — and
    the order of equal-scored hits — are the same however many processes built it.
    """
    lexicon = lexicon_for(kb)
    total = count_documents(kb)
    start, end = total * part // parts, total * (part + 1) // parts
    n = -1
    for item in kb.interventions.values():
        n += 1
        if start <= n < end:
            yield intervention_document(item, lexicon)
    for source in kb.evidence.values():
        if source.status == "retired":
            continue
        n += 1
        if n >= end:
            return
        if start <= n:
            yield evidence_document(source, lexicon, kb)
