"""Exact match sets as integer bitsets: totals, filters and facet counts, cheaply.

Scoring every matching document only to count them is what makes faceted search
slow in pure Python. Here the set of documents a query matches is computed without
scoring: each term's postings become a Python int used as a bitset (cached per
reader), and the query tree is evaluated with `|`, `&` and `~`, which run in C. The
total is a `bit_count()`, a facet count one `&` and one `bit_count()` per value.
Query types that are not plain boolean combinations of terms (phrases) fall back to
whoosh's own `docs_for_query`. A `DocSets` belongs to one searcher (one reader
generation) and is dropped with it.
"""

from __future__ import annotations

from collections import OrderedDict

from whoosh import query
from whoosh.idsets import DocIdSet

_BIT = tuple(1 << i for i in range(8))
TERM_CACHE_SIZE = 4096


class BitsDocSet(DocIdSet):
    """A read-only whoosh DocIdSet over an int bitset (for `filter=`)."""

    def __init__(self, bits: int, size: int):
        self._bytes = bits.to_bytes((size + 7) // 8 or 1, "little")
        self._bits = bits

    def __contains__(self, docnum: int) -> bool:
        return bool(self._bytes[docnum >> 3] & _BIT[docnum & 7])

    def __len__(self) -> int:
        return self._bits.bit_count()

    def __iter__(self):
        data = self._bytes
        for byte_index, byte in enumerate(data):
            if byte:
                base = byte_index << 3
                for bit in range(8):
                    if byte & _BIT[bit]:
                        yield base + bit


class DocSets:
    """Bitsets of one searcher: live documents, terms, facet values, queries."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self._nbytes = (self.size + 7) // 8 or 1
        self._terms: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._facets: dict[str, dict[str, int]] = {}
        self.live = self._from_ids(searcher.reader().all_doc_ids())

    def _from_ids(self, ids) -> int:
        data = bytearray(self._nbytes)
        for docnum in ids:
            data[docnum >> 3] |= _BIT[docnum & 7]
        return int.from_bytes(data, "little")

    def _postings_ids(self, fieldname: str, text: str):
        for sub, offset in self.searcher.leaf_searchers():
            reader = sub.reader()
            try:
                matcher = reader.postings(fieldname, text)
            except Exception:      # TermNotFound, or a field this segment lacks
                continue
            if offset:
                yield from (offset + i for i in matcher.all_ids())
            else:
                yield from matcher.all_ids()

    def term(self, fieldname: str, text) -> int:
        key = (fieldname, text)
        bits = self._terms.get(key)
        if bits is None:
            bits = self._from_ids(self._postings_ids(fieldname, text))
            self._terms[key] = bits
            if len(self._terms) > TERM_CACHE_SIZE:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(key)
        return bits

    def of(self, q) -> int:
        """The documents `q` matches, as a bitset (deleted documents excluded)."""
        # Exact types: subclasses (Ordered, FuzzyTerm, ...) mean more than their base.
        kind = type(q)
        if kind is query.Term:
            return self.term(q.fieldname, q.text)
        if kind in (query.Or, query.DisjunctionMax):
            bits = 0
            for child in q.children():
                bits |= self.of(child)
            return bits
        if kind is query.And:
            bits = self.live
            for child in q.children():
                bits &= self.of(child)
                if not bits:
                    break
            return bits
        if kind is query.AndNot:
            return self.of(q.a) & ~self.of(q.b)
        if kind is query.Require:
            return self.of(q.a) & self.of(q.b)
        if kind is query.AndMaybe:
            return self.of(q.a)
        if kind is query.Not:
            return self.live & ~self.of(q.query)
        if kind is query.Every:
            return self.live
        if q is query.NullQuery or kind is type(query.NullQuery):
            return 0
        return self._from_ids(self.searcher.docs_for_query(q))

    def facet(self, fieldname: str) -> dict[str, int]:
        """value -> bitset of the documents with that value, for one facet field."""
        table = self._facets.get(fieldname)
        if table is None:
            values = sorted(set(self.searcher.reader().field_terms(fieldname)))
            table = {value: self._from_ids(self._postings_ids(fieldname, value))
                     for value in values}
            self._facets[fieldname] = table
        return table

    def counts(self, matched: int, fieldname: str) -> dict[str, int]:
        """Facet value -> number of matched documents, most frequent first."""
        counts = []
        for value, bits in self.facet(fieldname).items():
            n = (matched & bits).bit_count()
            if n:
                counts.append((value, n))
        counts.sort(key=lambda item: (-item[1], item[0]))
        return dict(counts)

    def docset(self, bits: int) -> BitsDocSet:
        return BitsDocSet(bits & self.live, self.size)
