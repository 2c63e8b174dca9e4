"""Ranking in two phases: a coarse pass over bitsets, then BM25F on a short list.

Scoring every matching document in pure Python is what made whoosh searches slow
(a common word matches most of a 20,000-source corpus). So:

1. Coarse: the query is split into clauses — each word in each field, each phrase,
   each concept of the expansion, each correction. Each clause's documents are a
   bitset (docsets.py); its weight is whoosh's idf times its boost times its
   field's weight put through BM25's saturation, as whoosh's BM25F does, rounded
   to a small integer, and where the term occurs at least twice or four times
   (bitsets made from whoosh's term frequencies) the next steps of that curve are
   added. The weighted sum per document is computed for all documents at once
   with bit-sliced addition (a ripple-carry adder whose bits are whole bitsets),
   and a binary search finds the threshold above which at least `pool` documents
   lie. That is a few hundred big-integer operations, in C.
2. Exact: those candidates — and only those — are scored by whoosh's BM25F (field
   boosts, term frequencies, length normalisation) by skipping its postings to each
   candidate in turn, and sorted.

Up to EXACT_ALL matches (the real knowledge base) every match is scored exactly,
so the ranking is whoosh's own. Beyond, the result equals whoosh's own top hits
whenever they are in the pool: what the coarse pass cannot see is document length
and word positions. The benchmark reports how often the top 10 agree (98.7% at
20,000 synthetic sources); a test checks a 600-document corpus.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from chiptalent.kb.search.schema import TEXT_FIELDS

POOL_MIN = 32                 # candidates scored exactly, at least
POOL_FACTOR = 3               # ... and this many per requested hit
EXACT_ALL = 256               # up to this many matches, all are scored exactly
WEIGHT_SCALE = 8              # idf * boost * scale, rounded: the coarse weights
MAX_WEIGHT = 255
_NONZERO = re.compile(rb"[^\x00]")
_BITS_OF = tuple(tuple(b for b in range(8) if byte >> b & 1) for byte in range(256))


def bit_ids(bits: int, size: int, limit: int | None = None) -> list[int]:
    """The document numbers in a bitset, ascending (the first `limit` of them)."""
    if not bits:
        return []
    data = bits.to_bytes((size + 7) // 8 or 1, "little")
    out: list[int] = []
    for match in _NONZERO.finditer(data):
        byte, base = match.group()[0], match.start() << 3
        for bit in _BITS_OF[byte]:
            out.append(base + bit)
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


def clauses(q, boost: float = 1.0) -> list[tuple[object, float]]:
    """(query, boost) for each alternative of an OR: each word in each field, each
    phrase, each concept, each correction; anything else is one clause. An
    exclusion (a AND NOT b) ranks as `a`: the matched set already lacks b."""
    if type(q) is wq.AndNot:
        return clauses(q.a, boost)
    if type(q) is not wq.Or:
        return [(q, boost * float(getattr(q, "boost", 1.0) or 1.0))]
    out = []
    for child in q.children():
        out.extend(clauses(child, boost * float(q.boost or 1.0)))
    return out


def _saturated(weight: float) -> float:
    """BM25's term-frequency curve (k1 = 1.2, average length). whoosh's BM25F puts a
    field's weight into the term frequency, so it saturates too: a title match
    (weight 3) counts 1.57 times a body match, not 3 times."""
    return weight * 2.2 / (weight + 1.2)


def _add(planes: list[int], bits: int, weight: int) -> None:
    """planes += weight for every document in bits (bit-sliced ripple-carry add)."""
    carry = 0
    j = 0
    while (weight >> j) or carry:
        add = bits if (weight >> j) & 1 else 0
        if j == len(planes):
            planes.append(0)
        plane = planes[j]
        planes[j] = plane ^ add ^ carry
        carry = (plane & add) | (carry & (plane ^ add))
        j += 1


def _at_least(planes: list[int], threshold: int, universe: int) -> int:
    """Documents whose sum is >= threshold (bit-sliced comparison)."""
    if threshold >> len(planes):
        return 0
    greater, equal = 0, universe
    for j in range(len(planes) - 1, -1, -1):
        if (threshold >> j) & 1:
            equal &= planes[j]
        else:
            greater |= equal & planes[j]
            equal &= ~planes[j]
    return greater | equal


def candidates(sets, parts: list, matched: int, pool: int) -> list[int]:
    """About `pool` matched documents with the highest coarse scores, ascending."""
    total = matched.bit_count()
    if total <= max(pool, EXACT_ALL):
        return bit_ids(matched, sets.size)
    n = max(1, sets.size)
    planes: list[int] = []
    top = 0
    for part, factor in parts:
        if type(part) is wq.Term:
            bits, many, most = sets.term_levels(part.fieldname, part.text)
        else:
            bits, many, most = sets.of(part, matched), 0, 0
        # whoosh's idf (over the whole index, as its BM25F computes it).
        df = bits.bit_count()
        bits, many, most = bits & matched, many & matched, most & matched
        if not bits:
            continue
        idf = math.log(n / (df + 1)) + 1
        field = TEXT_FIELDS.get(getattr(part, "fieldname", None), 1.0)
        one, two, four = (_saturated(field * tf) for tf in (1, 2, 4))
        # Present once, twice, four times: the steps of the BM25 curve.
        for level, share in ((bits, one), (many, two - one), (most, four - two)):
            if level:
                step = max(1, min(MAX_WEIGHT, round(idf * factor * share * WEIGHT_SCALE)))
                _add(planes, level, step)
                top += step
    if not planes:
        return bit_ids(matched, sets.size, pool)
    # The highest threshold that still leaves at least `pool` documents.
    low, high = 1, top
    while low < high:
        mid = (low + high + 1) // 2
        if _at_least(planes, mid, matched).bit_count() >= pool:
            low = mid
        else:
            high = mid - 1
    chosen = _at_least(planes, low, matched)
    if chosen.bit_count() > pool * 2:
        # Many ties at the threshold: everything above it, then ties by docnum.
        above = _at_least(planes, low + 1, matched)
        ties = bit_ids(chosen & ~above, sets.size, max(0, pool - above.bit_count()))
        return sorted(bit_ids(above, sets.size) + ties)
    return bit_ids(chosen, sets.size)


def _disjunction_leaves(q, boost: float, out: list) -> list | None:
    """(Term, boost) for every leaf of a pure OR of terms; None for anything else."""
    kind = type(q)
    if kind is wq.Term:
        out.append((q, boost * q.boost))
        return out
    if kind is wq.Or and not getattr(q, "scale", None):
        for child in q.children():
            if _disjunction_leaves(child, boost * q.boost, out) is None:
                return None
        return out
    return None


def _split(searcher, docnums: list[int]):
    """(sub-searcher, offset, local docnums) for each segment holding candidates."""
    docnums = sorted(docnums)
    i = 0
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        local = []
        while i < len(docnums) and docnums[i] < end:
            local.append(docnums[i] - offset)
            i += 1
        if local:
            yield sub, offset, local


# Term scores kept per searcher, at most this many (a few MB); then they start anew.
TERM_SCORES_MAX = 200_000


def _term_scores(searcher, sets, leaves, docnums) -> list[tuple[float, int]]:
    """Sum of each term's BM25F score, term by term: what whoosh's union computes,
    without walking its matcher tree once per candidate. Each term visits only the
    candidates its bitset says it occurs in, so every skip lands on a posting.

    A term's score in a document depends on the index alone (its statistics, the
    document's length), not on the query: the scores are kept with the searcher's
    bitsets, so the postings are read only for documents not scored before."""
    totals: dict[int, float] = {}
    weighting = searcher.weighting
    wanted = 0
    for doc in docnums:
        wanted |= 1 << doc
    kept_all = sets.term_scores
    if sum(len(v) for v in kept_all.values()) > TERM_SCORES_MAX:
        kept_all.clear()
    for sub, offset, local in _split(searcher, docnums):
        for term, boost in leaves:
            present = sets.term(term.fieldname, term.text) & wanted
            if not present:
                continue
            kept = kept_all.setdefault((term.fieldname, term.text), {})
            here = [doc for doc in local if (present >> (doc + offset)) & 1]
            missing = [doc for doc in here if doc + offset not in kept]
            if missing:
                try:
                    matcher = sub.postings(term.fieldname, term.text, weighting=weighting)
                except TermNotFound:      # not in this segment (damage raises on)
                    continue
                matcher = _unwrap(matcher)
                for doc in missing:
                    kept[doc + offset] = matcher.score() if _skip(matcher, doc) else None
            for doc in here:
                score = kept[doc + offset]
                if score is None:
                    continue
                key = doc + offset
                totals[key] = totals.get(key, 0.0) + score * boost
    return [(score, doc) for doc, score in totals.items()]


def _unwrap(matcher):
    """The postings matcher itself, without whoosh's deletion filter (the candidates
    are live documents already)."""
    if type(matcher) is FilterMatcher and getattr(matcher, "_exclude", False):
        return matcher.child
    return matcher


def _skip(matcher, doc: int) -> bool:
    """Move a postings matcher to `doc`; True when it is there.

    whoosh's `skip_to` finds the block, then steps through it one posting at a
    time; the W3 leaf matcher keeps the block's ids as a sorted tuple, so a binary
    search does the second half (other matchers use `skip_to` as it is)."""
    if not matcher.is_active():
        return False
    if matcher.id() >= doc:
        return matcher.id() == doc
    if not hasattr(matcher, "_skip_to_block") or not hasattr(matcher, "_ids"):
        matcher.skip_to(doc)
        return matcher.is_active() and matcher.id() == doc
    if doc > matcher.block_max_id():
        matcher._skip_to_block(lambda: doc > matcher.block_max_id())
        if not matcher.is_active():
            return False
    if matcher._ids is None:
        matcher._read_ids()
    i = bisect_left(matcher._ids, doc, matcher._i)
    if i >= matcher._blocklength:
        matcher.skip_to(doc)             # not expected: the block's max id is >= doc
        return matcher.is_active() and matcher.id() == doc
    matcher._i = i
    return matcher._ids[i] == doc


def _matcher_scores(searcher, q, docnums) -> list[tuple[float, int]]:
    """whoosh's own matcher, skipped to each candidate (phrases, AND, NOT, ...)."""
    scored = []
    context = searcher.context(needs_current=True)
    for sub, offset, local in _split(searcher, docnums):
        matcher = q.matcher(sub, context)
        for doc in local:
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
                if not matcher.is_active():
                    break
            if matcher.id() == doc:
                scored.append((matcher.score(), doc + offset))
    return scored


def exact_scores(searcher, sets, q, docnums: list[int]) -> list[tuple[float, int]]:
    """whoosh's BM25F scores of the given documents for the query q."""
    if type(q) is wq.AndNot:
        q = q.a                 # the candidates lack b already; a AND NOT b scores as a
    leaves = _disjunction_leaves(q, 1.0, [])
    if leaves is not None:
        return _term_scores(searcher, sets, leaves, docnums)
    return _matcher_scores(searcher, q, docnums)


def rank(searcher, sets, q, parts: list, matched: int, depth: int) -> list[tuple[float, int]]:
    """The top `depth` (score, docnum) pairs of the matched documents."""
    pool = max(POOL_MIN, POOL_FACTOR * depth)
    docs = candidates(sets, parts, matched, pool)
    scored = exact_scores(searcher, sets, q, docs)
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored[:depth]


# --- stubs rank lower (issue 19.9) ---------------------------------------------------

STUB_WEIGHT = 0.5      # a stub ranks as if it matched half as well
STUB_SUMMARY = 40      # fewer characters of summary (both languages) make a stub


def is_stub(stored: dict) -> bool:
    """An evidence source with (next to) no summary: a title and a link, not yet
    something a reader can judge from the result list."""
    if stored.get("kind") != "evidence":
        return False
    text = f"{stored.get('summary') or ''}{stored.get('summary_en') or ''}".strip()
    return len(text) < STUB_SUMMARY


def demote_stubs(top: list[tuple[float, int]], stored_of) -> list[tuple[float, int]]:
    """`top` re-ordered with each stub's score times STUB_WEIGHT (`stored_of(docnum)`
    gives a document's stored fields)."""
    weighed = [(score * STUB_WEIGHT if is_stub(stored_of(docnum)) else score, docnum)
               for score, docnum in top]
    weighed.sort(key=lambda item: (-item[0], item[1]))
    return weighed
