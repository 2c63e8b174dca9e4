"""Ontology-aware query expansion: find the concepts a text mentions, by their labels.

The lexicon is built from the knowledge base alone — the SKOS labels (`label`,
`label_en`) and alternative labels of the concepts of the vocabularies listed in
SCHEMES, of the building blocks and of the interventions. There is no synonym list
in code: "vrouwen" reaches "meisjes" and "meiden" only because the knowledge base
gives the target group `girls-women` those labels.

Labels and texts are compared as sequences of Dutch index terms (stemmed, stop words
dropped), so "vrouw" matches the label "vrouwen" and "om- en bijscholing" matches
however it is hyphenated. A text is scanned leftmost-longest: "internationale
studenten" is the target group `international-students`, not also `students`.

The same lexicon annotates documents at index time (`concept_keys`), so a query that
mentions a concept finds every document that names it by any of its labels or is
tagged with it, with one term look-up per concept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiptalent.kb.search.analyzers import dutch_terms, surface_words

# Vocabularies whose concepts take part in expansion. Evidence types, strengths,
# effect dimensions and the like are facets, not things people search by name.
SCHEMES = ("target_group", "goal", "level", "programme", "precondition")

# A label longer than this (in terms) is a sentence, not a name; never matched.
MAX_LABEL_TERMS = 6


@dataclass(slots=True)
class Concept:
    """One concept of the lexicon: its key in the index and all its labels."""

    key: str                           # "target_group:girls-women", "block:1B", ...
    kind: str                          # scheme name, "building_block" or "intervention"
    id: str
    label: str
    labels: list[str] = field(default_factory=list)   # label, label_en, alt labels


@dataclass(slots=True)
class Expansion:
    """What a query mentions: the concepts and the labels the search adds for them."""

    concepts: list[Concept]
    matched: list[str]                 # the query's own words that named a concept
    labels: list[str]                  # labels added (not already in the query)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.concepts]


def concept_key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


class Lexicon:
    """Label term-sequences -> concept keys, with a leftmost-longest scanner."""

    def __init__(self, concepts: list[Concept]):
        self.concepts = {c.key: c for c in concepts}
        index: dict[tuple[str, ...], set[str]] = {}
        words: set[str] = set()
        for concept in concepts:
            for label in concept.labels:
                words.update(surface_words(label))
                terms = tuple(dutch_terms(label))
                if not terms or len(terms) > MAX_LABEL_TERMS:
                    continue
                index.setdefault(terms, set()).add(concept.key)
        self._index = {terms: frozenset(keys) for terms, keys in index.items()}
        # First term -> the lengths of the labels it starts, longest first: the scan
        # looks only at positions whose term starts some label, which most do not,
        # and there makes at most one dict look-up per label length.
        lengths: dict[str, set[int]] = {}
        for terms in index:
            lengths.setdefault(terms[0], set()).add(len(terms))
        self._lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}
        # The labels' own words, sorted: known words for spelling correction.
        self.words = sorted(w for w in words if w.isalpha())

    def __len__(self) -> int:
        return len(self.concepts)

    def scan(self, terms: list[str]) -> list[tuple[int, int, frozenset[str]]]:
        """Non-overlapping (start, end, keys) spans, leftmost-longest."""
        spans = []
        i, n = 0, len(terms)
        index, lengths = self._index, self._lengths
        while i < n:
            for length in lengths.get(terms[i], ()):
                keys = index.get(tuple(terms[i:i + length]))
                if keys:
                    spans.append((i, i + length, keys))
                    i += length
                    break
            else:
                i += 1
        return spans

    def keys_in(self, text: str) -> set[str]:
        """Every concept a text names (for annotating documents)."""
        return self.keys_in_terms(dutch_terms(text))

    def keys_in_terms(self, terms: list[str]) -> set[str]:
        """Every concept a sequence of Dutch index terms names."""
        found: set[str] = set()
        for _, _, keys in self.scan(terms):
            found |= keys
        return found

    def expand(self, text: str) -> Expansion:
        """The concepts a query names and the labels that expansion adds."""
        terms = dutch_terms(text)
        spans = self.scan(terms)
        keys: list[str] = []
        matched: list[str] = []
        for start, end, span_keys in spans:
            matched.append(" ".join(terms[start:end]))
            for key in sorted(span_keys):
                if key not in keys:
                    keys.append(key)
        concepts = [self.concepts[k] for k in keys]
        query_terms = set(terms)
        seen: set[str] = set()
        labels: list[str] = []
        for concept in concepts:
            for label in concept.labels:
                folded = label.casefold()
                if folded in seen:
                    continue
                seen.add(folded)
                label_terms = dutch_terms(label)
                # A label that only repeats the query's own words adds nothing.
                if label_terms and set(label_terms) <= query_terms:
                    continue
                labels.append(label)
        return Expansion(concepts=concepts, matched=matched, labels=labels)


def _labels(*groups) -> list[str]:
    out: list[str] = []
    for group in groups:
        for label in ([group] if isinstance(group, str) else group or []):
            label = (label or "").strip()
            if label and label not in out:
                out.append(label)
    return out


def build_lexicon(kb) -> Lexicon:
    """The lexicon of a knowledge base: vocabularies, building blocks, interventions."""
    concepts: list[Concept] = []
    for scheme in SCHEMES:
        for concept in kb.vocabularies.get(scheme, {}).values():
            concepts.append(Concept(
                key=concept_key(scheme, concept.id), kind=scheme, id=concept.id,
                label=concept.label,
                labels=_labels(concept.label, concept.label_en, concept.alt_labels)))
    for block in kb.building_blocks.values():
        concepts.append(Concept(
            key=concept_key("building_block", block.id), kind="building_block",
            id=block.id, label=block.label,
            labels=_labels(block.label, block.label_en, block.alt_labels)))
    for item in kb.interventions.values():
        concepts.append(Concept(
            key=concept_key("intervention", item.id), kind="intervention", id=item.id,
            label=item.label,
            labels=_labels(item.label, item.label_en, item.alt_labels)))
    return Lexicon(concepts)


# One lexicon per knowledge base; keyed by identity and fingerprint because
# KnowledgeBase objects (slots dataclasses) cannot be weakly referenced.
_lexicons: dict[tuple[int, str], tuple[object, Lexicon]] = {}


def lexicon_for(kb) -> Lexicon:
    key = (id(kb), kb.fingerprint)
    cached = _lexicons.get(key)
    if cached is not None and cached[0] is kb:
        return cached[1]
    lexicon = build_lexicon(kb)
    if len(_lexicons) >= 8:           # a few KBs at most (tests, a curation copy)
        _lexicons.pop(next(iter(_lexicons)))
    _lexicons[key] = (kb, lexicon)
    return lexicon
