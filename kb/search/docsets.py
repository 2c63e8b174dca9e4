"""Exact match sets as integer bitsets: totals, filters and facet counts, cheaply.

Scoring every matching document only to count them is what makes faceted search
slow in pure Python. Here the set of documents a query matches is computed without
scoring: each term's postings become a Python int used as a bitset (cached per
reader), and the query tree is evaluated with `|`, `&` and `~`, which run in C. The
total is a `bit_count()`, a facet count one `&` and one `bit_count()` per value.
Phrases are checked by position (or, when very common, approximated); any other
query type falls back to whoosh's own `docs_for_query`. A `DocSets` belongs to one
searcher (one reader generation) and is dropped with it; its term cache is bounded
in entries and in bytes.
"""

from __future__ import annotations

from collections import OrderedDict

from whoosh import query
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from chiptalent.kb.search.ranking import bit_ids
from chiptalent.kb.search.schema import FACET_FIELD, facet_term

_BIT = tuple(1 << i for i in range(8))
TERM_CACHE_SIZE = 4096          # terms whose bitsets are kept, at most ...
TERM_CACHE_BYTES = 32 << 20     # ... and at most this much memory for them
PHRASE_VERIFY = 300           # phrase candidates checked by position, at most


def _blocks(matcher):
    """(ids, weights) of a postings matcher, a block at a time where whoosh allows it.

    whoosh's own `all_ids()` steps posting by posting through Python calls; the
    W3 codec's leaf matcher holds each block's ids and weights (term frequency x
    field weight) as arrays, read here whole — the weights come with the ids at no
    extra cost. Deleted documents are not filtered out (the caller intersects with
    the live documents), so the deletion wrapper is looked through. Anything else
    falls back to `all_ids()`, without weights.
    """
    if type(matcher) is FilterMatcher and getattr(matcher, "_exclude", False):
        matcher = matcher.child
    if not all(hasattr(matcher, a) for a in
               ("_read_ids", "_read_weights", "_next_block", "_i", "_ids", "_weights")):
        yield list(matcher.all_ids()), None
        return
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        i = matcher._i
        yield matcher._ids[i:], matcher._weights[i:]
        matcher._next_block()


class DocSets:
    """Bitsets of one searcher: live documents, terms, facet values, queries."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self._nbytes = (self.size + 7) // 8 or 1
        # Three bitsets a term (see term_levels), the last two mostly sparse.
        self._max_terms = max(64, min(TERM_CACHE_SIZE,
                                      TERM_CACHE_BYTES // (2 * self._nbytes)))
        self._terms: OrderedDict[tuple[str, str], tuple[int, int, int]] = OrderedDict()
        self._facets: dict[str, dict[str, int]] = {}
        # (field, term) -> {docnum: BM25F score}: ranking.py's, kept with the searcher
        # whose statistics they are.
        self.term_scores: dict[tuple[str, str], dict[int, float | None]] = {}
        # docnum -> the stored document (searcher.py's, read-only), as unpickled once.
        self.stored: dict[int, dict] = {}
        self.live = self._from_ids(searcher.reader().all_doc_ids())

    def _from_ids(self, ids) -> int:
        data = bytearray(self._nbytes)
        for docnum in ids:
            data[docnum >> 3] |= _BIT[docnum & 7]
        return int.from_bytes(data, "little")

    def _postings_ids(self, fieldname: str, text: str):
        for ids, _ in self._postings(fieldname, text):
            yield from ids

    def _postings(self, fieldname: str, text: str):
        """(global ids, weights or None) per block, over all segments."""
        for sub, offset in self.searcher.leaf_searchers():
            try:
                matcher = sub.reader().postings(fieldname, text)
            except TermNotFound:   # not in this segment (a damaged file raises on)
                continue
            for ids, weights in _blocks(matcher):
                yield ((ids if not offset else [offset + i for i in ids]), weights)

    def term(self, fieldname: str, text) -> int:
        """The live documents containing a term."""
        return self.term_levels(fieldname, text)[0]

    def term_levels(self, fieldname: str, text) -> tuple[int, int, int]:
        """Documents with the term, with it at least twice, at least four times.

        The frequencies let the coarse ranking (ranking.py) tell a document that
        mentions a word once from one that is about it, as BM25 does.
        """
        key = (fieldname, text)
        levels = self._terms.get(key)
        if levels is None:
            levels = self._levels(fieldname, text)
            self._terms[key] = levels
            if len(self._terms) > self._max_terms:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(key)
        return levels

    def _levels(self, fieldname: str, text) -> tuple[int, int, int]:
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        boost = float(getattr(getattr(field, "format", None), "field_boost", 1.0) or 1.0)
        twice, four = 2 * boost - 1e-6, 4 * boost - 1e-6
        present, many, most = (bytearray(self._nbytes) for _ in range(3))
        for ids, weights in self._postings(fieldname, text):
            for docnum in ids:
                present[docnum >> 3] |= _BIT[docnum & 7]
            if weights is None:
                continue
            for docnum, weight in zip(ids, weights):
                if weight >= twice:
                    many[docnum >> 3] |= _BIT[docnum & 7]
                    if weight >= four:
                        most[docnum >> 3] |= _BIT[docnum & 7]
        live = self.live
        return (int.from_bytes(present, "little") & live,
                int.from_bytes(many, "little") & live,
                int.from_bytes(most, "little") & live)

    def of(self, q, scope: int | None = None, notes: dict | None = None) -> int:
        """The documents `q` matches, as a bitset (deleted documents excluded).

        `scope` (the filtered documents) only bounds the work for phrases; `notes`
        receives {"approximate": True} when a phrase was too common to verify.
        """
        # Exact types: subclasses (Ordered, FuzzyTerm, ...) mean more than their base.
        kind = type(q)
        if kind is query.Term:
            return self.term(q.fieldname, q.text)
        if kind in (query.Or, query.DisjunctionMax):
            bits = 0
            for child in q.children():
                bits |= self.of(child, scope, notes)
            return bits
        if kind is query.And:
            bits = self.live
            for child in q.children():
                bits &= self.of(child, scope, notes)
                if not bits:
                    break
            return bits
        if kind is query.AndNot:
            return self.of(q.a, scope, notes) & ~self.of(q.b, scope, notes)
        if kind is query.Require:
            return self.of(q.a, scope, notes) & self.of(q.b, scope, notes)
        if kind is query.AndMaybe:
            return self.of(q.a, scope, notes)
        if kind is query.Not:
            return self.live & ~self.of(q.query, scope, notes)
        if kind is query.Phrase:
            return self._phrase(q, scope, notes)
        if kind is query.Every:
            return self.live
        if q is query.NullQuery or kind is type(query.NullQuery):
            return 0
        return self._from_ids(self.searcher.docs_for_query(q))

    def _phrase(self, q, scope, notes) -> int:
        """A phrase: documents with all its words, verified by position when few.

        Position checks cost ~30 µs a document in whoosh; two common words can
        share thousands of documents. Up to PHRASE_VERIFY documents (within the
        filters) are checked exactly; beyond that the phrase counts as "all its
        words in the field" and `notes` says the total is approximate. Ranking
        still scores only true phrase matches.
        """
        bits = self.live if scope is None else scope
        for word in q.words:
            bits &= self.term(q.fieldname, word)
            if not bits:
                return 0
        if bits.bit_count() > PHRASE_VERIFY:
            if notes is not None:
                notes["approximate"] = True
            return bits
        verified = bytearray(self._nbytes)
        for docnum in self._verify(q, bit_ids(bits, self.size)):
            verified[docnum >> 3] |= _BIT[docnum & 7]
        return int.from_bytes(verified, "little")

    def _verify(self, q, docnums):
        context = self.searcher.boolean_context()
        i = 0
        for sub, offset in self.searcher.leaf_searchers():
            end = offset + sub.doc_count_all()
            matcher = None
            while i < len(docnums) and docnums[i] < end:
                doc = docnums[i] - offset
                i += 1
                if matcher is None:
                    matcher = q.matcher(sub, context)
                if not matcher.is_active():
                    continue
                if matcher.id() < doc:
                    matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    yield doc + offset

    def facet(self, name: str) -> dict[str, int]:
        """value -> bitset of the documents with that value, for one facet."""
        table = self._facets.get(name)
        if table is None:
            prefix = facet_term(name, "")
            terms = sorted(t for t in self.searcher.reader().field_terms(FACET_FIELD)
                           if t.startswith(prefix))
            table = {term[len(prefix):]: self.term(FACET_FIELD, term) for term in terms}
            # Facet values are counted in every search: kept apart from the
            # term cache, so that they never fall out of it.
            self._facets[name] = table
        return table

    def counts(self, matched: int, name: str) -> dict[str, int]:
        """Facet value -> number of matched documents, most frequent first."""
        counts = []
        for value, bits in self.facet(name).items():
            n = (matched & bits).bit_count()
            if n:
                counts.append((value, n))
        counts.sort(key=lambda item: (-item[1], item[0]))
        return dict(counts)

