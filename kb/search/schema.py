"""The index schema: which fields a document has and how each is analyzed.

One document per evidence source and one per intervention (`kind`). Text fields come
in a Dutch and an English variant (each with its own analyzer); the title weighs most,
then the alternative labels, then the body. Facet fields hold ids exactly as the
vocabularies spell them, unscored: they serve filters and facet counts. `concepts`
holds the lexicon keys a document names or is tagged with (see expand.py). `words`
holds unstemmed words for spelling suggestions. Everything a hit shows is kept in
the one stored field `doc`, so a hit needs a single stored-field read.
"""

from __future__ import annotations

from whoosh import fields, formats

from chiptalent.kb.search import analyzers

# Bump whenever the schema or what goes into a field changes: the index folder is
# named with it, so an older index is rebuilt rather than misread.
SCHEMA_VERSION = 1

# Text fields searched by a query, with their weights (BM25F field boosts).
TEXT_FIELDS = {
    "title": 3.0,        # Dutch title / intervention label
    "title_en": 2.5,     # English title
    "labels": 2.0,       # alternative labels and the publisher's name
    "body": 1.0,         # Dutch summary / description
    "body_en": 0.8,      # English summary / description
}

# search() keyword -> index field. Multi-valued facets are comma-separated keywords.
FACETS = {
    "building_block": "building_block",
    "target_group": "target_group",
    "level": "level",
    "publisher": "publisher",
    "language": "language",
    "strength": "strength",
}

# Filters that are not counted as facets.
FILTERS = dict(FACETS, kind="kind", type="type", intervention="interventions")


def _facet() -> fields.KEYWORD:
    # Unscored and case-preserving: "1B" stays "1B"; commas separate values so a
    # publisher's name with spaces stays one value.
    return fields.KEYWORD(stored=False, lowercase=False, commas=True, scorable=False)


def _single() -> fields.ID:
    # One value, kept whole and exact (a publisher's name may hold commas).
    return fields.ID(stored=False)


def make_schema() -> fields.Schema:
    nl, en = analyzers.dutch(), analyzers.english()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=False),
        title=fields.TEXT(analyzer=nl, field_boost=TEXT_FIELDS["title"]),
        title_en=fields.TEXT(analyzer=en, field_boost=TEXT_FIELDS["title_en"]),
        labels=fields.TEXT(analyzer=nl, field_boost=TEXT_FIELDS["labels"]),
        body=fields.TEXT(analyzer=nl, field_boost=TEXT_FIELDS["body"]),
        body_en=fields.TEXT(analyzer=en, field_boost=TEXT_FIELDS["body_en"]),
        # Concept keys: scored (a concept named twice weighs more), exact case.
        concepts=fields.KEYWORD(lowercase=False, scorable=True),
        # Spelling: presence only, no frequencies or positions to store.
        words=fields.FieldType(formats.Existence(), analyzers.words(), scorable=False),
        building_block=_facet(),
        target_group=_facet(),
        level=_facet(),
        publisher=_single(),
        language=_single(),
        strength=_single(),
        type=_single(),
        interventions=_facet(),
        doc=fields.STORED(),
    )
