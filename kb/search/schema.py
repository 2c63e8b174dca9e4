"""The index schema: which fields a document has and how each is analyzed.

One document per evidence source and one per intervention (`kind`). Text fields come
in a Dutch and an English variant (each with its own analyzer); the title weighs most,
then the alternative labels, then the body. The `facets` field holds one term per
facet value, `name=value`, the value exactly as the vocabularies spell it: filters
and facet counts use it (one field rather than nine, because whoosh's writer pays
per field and document). `concepts`
holds the lexicon keys a document names or is tagged with (see expand.py). The
words for spelling suggestions live beside the index (spelling.py). Everything a
hit shows is kept in the one stored field `doc`, so a hit needs one stored read.
"""

from __future__ import annotations

from whoosh import fields

from chiptalent.kb.search import analyzers

# Bump whenever the schema or what goes into a field changes: the index folder is
# named with it, so an older index is rebuilt rather than misread.
SCHEMA_VERSION = 4

# Text fields searched by a query, with their weights (BM25F field boosts).
TEXT_FIELDS = {
    "title": 3.0,        # Dutch title / intervention label
    "title_en": 2.5,     # English title
    "labels": 2.0,       # alternative labels and the publisher's name
    "body": 1.0,         # Dutch summary / description
    "body_en": 0.8,      # English summary / description
}

# Fields indexed without word positions. Positions make up most of a summary's
# postings; without them whoosh reads a block of postings in less than half the
# time (exact scoring reads many) and the index is a third smaller. A quoted phrase
# is exact in titles and labels, and in a summary means "all these words".
UNPOSITIONED = ("body", "body_en")

# Facets counted in every result, by their search() keyword.
FACETS = ("building_block", "target_group", "level", "publisher", "language", "strength")

# Filters: the facets and a few more (search() keyword -> facet name).
FILTERS = dict({name: name for name in FACETS}, kind="kind", type="type",
               intervention="intervention")

FACET_FIELD = "facets"


def facet_term(name: str, value) -> str:
    """The term of one facet value in the `facets` field."""
    return f"{name}={value}"


def make_schema() -> fields.Schema:
    nl, en = analyzers.dutch(), analyzers.english()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=nl, field_boost=TEXT_FIELDS["title"]),
        title_en=fields.TEXT(analyzer=en, field_boost=TEXT_FIELDS["title_en"]),
        labels=fields.TEXT(analyzer=nl, field_boost=TEXT_FIELDS["labels"]),
        # Summaries keep no positions: see UNPOSITIONED.
        body=fields.TEXT(analyzer=nl, field_boost=TEXT_FIELDS["body"], phrase=False),
        body_en=fields.TEXT(analyzer=en, field_boost=TEXT_FIELDS["body_en"], phrase=False),
        # Concept keys: scored (a concept named twice weighs more), exact case.
        concepts=fields.KEYWORD(lowercase=False, scorable=True),
        # `name=value` terms, given as a list (taken as they are, never split).
        # Never scored, yet declared scorable: whoosh's writer then skips a
        # file-system check per posting that it makes for unscored fields.
        facets=fields.KEYWORD(lowercase=False, scorable=True),
        doc=fields.STORED(),
    )
