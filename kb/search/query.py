"""From a user's query string to a whoosh query, safely.

Any string is accepted. Control characters are dropped, the string is cut to a sane
length, and it is parsed with whoosh's query language restricted to what a search
box needs: words, "phrases", (groups) and AND / OR / NOT (a phrase is exact in
titles and labels; summaries keep no word positions, so there it means all its
words — see schema.UNPOSITIONED). Field syntax, wildcards, ranges and `*` are
switched off, so `title:x`, `a*` or `[a TO z]` are plain words
and nobody can make the index enumerate its whole vocabulary. When whoosh reports a
syntax error anywhere in the tree, the query falls back to its plain words.

Words are OR-ed over the text fields: a search box user types a few words and
expects the documents with most of them first, which BM25F's sum of per-word scores
gives. (whoosh's "coordination" bonus, OrGroup.factory, is not used: it counts a
word found in two fields as two matched terms and zeroes single-term scores.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh import qparser, query

from chiptalent.kb.search.analyzers import raw_words
from chiptalent.kb.search.schema import TEXT_FIELDS, UNPOSITIONED, make_schema

MAX_QUERY_CHARS = 1000        # a search box query, not a document
MAX_WORDS = 32                # every word becomes ~5 term look-ups
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACE = re.compile(r"\s+")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def clean(text) -> str:
    """The query with control characters removed, white space collapsed, length capped."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = _CONTROL.sub(" ", text[:MAX_QUERY_CHARS * 2])
    words = _SPACE.sub(" ", text).strip().split(" ")
    return " ".join(words[:MAX_WORDS])[:MAX_QUERY_CHARS].strip()


@lru_cache(maxsize=1)
def _parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), make_schema(),
                                      group=qparser.OrGroup)
    for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin,
                   qparser.EveryPlugin, qparser.SingleQuotePlugin, qparser.BoostPlugin):
        parser.remove_plugin_class(plugin)
    return parser


# A token the query language gives no meaning beyond a word: no quote, no parenthesis.
_PLAIN_TOKEN = re.compile(r'[^\s"()]+')


@lru_cache(maxsize=4096)
def _word_query(word: str):
    """One word, parsed: its terms over the text fields. Kept per word because the
    query parser costs a third of a millisecond a query; a new query is mostly words
    seen before. Never changed by its users (whoosh's query methods return copies)."""
    return _parser().parse(word)


def _words_query(words: list[str]):
    """What the parser makes of plain words joined by spaces, built from each word's
    own parse (an OR of ORs, flattened by normalize: the same tree, tested)."""
    parts = [_word_query(word) for word in words]
    if any(_has_error(part) for part in parts):
        return None
    if len(parts) == 1:
        return parts[0]
    return query.Or(parts).normalize()


def _plain_words(text: str) -> list[str] | None:
    """The words of a query that is only words (no operator, phrase or group)."""
    words = text.split()
    if words and all(_PLAIN_TOKEN.fullmatch(w) and w not in _OPERATORS for w in words):
        return words
    return None


def _has_error(q) -> bool:
    if getattr(q, "error", None):
        return True
    return any(_has_error(child) for child in q.children())


def plain_query(text: str, boost: float = 1.0):
    """The words of `text`, OR-ed over the text fields; no operators, no phrases."""
    words = [w for w in raw_words(text) if w.upper() not in _OPERATORS]
    if not words:
        return query.NullQuery
    q = _words_query(words)
    if q is None:
        q = _parser().parse(" ".join(words))
    if boost != 1.0:
        q = q.with_boost(boost) if hasattr(q, "with_boost") else q
    return q


def _relax_phrase(q):
    """A phrase in a field without positions: all its words in that field."""
    if type(q) is query.Phrase and q.fieldname in UNPOSITIONED:
        return query.And([query.Term(q.fieldname, word) for word in q.words], boost=q.boost)
    return q


def parse(text: str):
    """The user's query as a whoosh query; plain words when the syntax is broken."""
    if not text:
        return query.NullQuery
    words = _plain_words(text)
    try:
        q = _words_query(words) if words else None
        if q is None:
            words = None
            q = _parser().parse(text)
    except Exception:           # the parser should not raise, but never let it
        return plain_query(text)
    if _has_error(q):
        return plain_query(text)
    return q if words else q.accept(_relax_phrase)


def split_negations(q):
    """(what is sought, [what is excluded]) of a parsed query's top level.

    With OR between words, whoosh reads "techniek NOT meiden" as "techniek OR (NOT
    meiden)" — nearly everything. A search box means "techniek, but not meiden",
    and the exclusion must also hold for what the expansion adds, so the NOT-ed
    parts are taken out here and applied to the whole query at the end.
    """
    kind = type(q)
    if kind is query.AndNot:
        return q.a, [q.b]
    if kind is query.Not:
        return None, [q.query]
    if kind in (query.Or, query.And):
        children = q.children()
        negated = [c.query for c in children if type(c) is query.Not]
        if negated:
            kept = [c for c in children if type(c) is not query.Not]
            sought = None if not kept else kept[0] if len(kept) == 1 else kind(kept)
            return sought, negated
    return q, []


def positive_text(text: str) -> str:
    """The query without its NOT-ed words and operators (what the user looks for)."""
    out, skip, depth = [], False, 0
    for token in re.findall(r'\(|\)|"[^"]*"?|[^\s()"]+', text):
        if token in ("NOT", "ANDNOT"):
            skip = True
            continue
        if skip:
            if token == "(":
                depth += 1
            elif token == ")":
                depth -= 1
            if depth <= 0:
                skip = False
            continue
        if token in ("(", ")") or token in _OPERATORS:
            continue
        out.append(token.strip('"'))
    return " ".join(w for w in out if w)
