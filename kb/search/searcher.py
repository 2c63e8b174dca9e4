"""search(): the query, its expansion, filters, facets, hits and snippets.

The index is opened once per thread and kept; each search first checks (a
directory listing and a stat) whether the index changed — a commit by the curation
writer, a rebuild — and reopens only then, so a new searcher sees an edit at once
and an unchanged index costs nothing to reuse. The total and the facet counts come
from bitsets (docsets.py) without scoring anything; ranking scores a short list of
candidates with whoosh's BM25F (ranking.py).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from dataclasses import dataclass

from whoosh import query as wq

from chiptalent.kb.search import manifest, ranking, snippets, spelling
from chiptalent.kb.search.analyzers import fold
from chiptalent.kb.search.assemble import assemble
from chiptalent.kb.search.builder import build_index
from chiptalent.kb.search.docsets import DocSets
from chiptalent.kb.search.expand import Expansion, lexicon_for
from chiptalent.kb.search.lifecycle import open_index
from chiptalent.kb.search.location import STAMP, index_path
from chiptalent.kb.search.query import clean, positive_text
from chiptalent.kb.search.schema import FACET_FIELD, FACETS, FILTERS, facet_term
from chiptalent.kb.search.spelling import WordList

log = logging.getLogger(__name__)

MAX_LIMIT = 100
MAX_DEPTH = 1000              # page * limit: deeper paging is not a search use


@dataclass
class _Handle:
    """One thread's open index: searcher, bitsets and the stamp it was opened with."""

    ix: object
    searcher: object
    docsets: DocSets
    words: WordList
    stamp_id: tuple = ()


_local = threading.local()


def _stamp_id(path) -> tuple:
    try:
        st = os.stat(os.path.join(path, STAMP))
        return (st.st_ino, st.st_mtime_ns)
    except OSError:
        return ()


def _handles() -> dict:
    handles = getattr(_local, "handles", None)
    if handles is None:
        handles = _local.handles = {}
    return handles


def _open_handle(kb, data_dir, path) -> _Handle:
    ix = open_index(kb, data_dir=data_dir)
    searcher = ix.searcher()
    return _Handle(ix=ix, searcher=searcher, docsets=DocSets(searcher),
                   words=WordList.load(path), stamp_id=_stamp_id(path))


def handle(kb, data_dir=None) -> _Handle:
    """This thread's open index for `kb`, reopened if it changed on disk."""
    path = str(index_path(kb, data_dir))
    handles = _handles()
    h = handles.get(path)
    if h is not None:
        if _stamp_id(path) != h.stamp_id or manifest.verify(path):
            # Rebuilt or removed meanwhile, or a file differs from its checksum:
            # open_index (below) verifies again and rebuilds a damaged index.
            _close(h)
            h = None
        elif not h.searcher.up_to_date():          # a writer committed
            # A new searcher, not `refresh()`: whoosh's refresh reuses the reader
            # of every segment it already had, keyed by segment id, so deletions
            # committed since (a replaced or removed source) stay invisible.
            old = h.searcher
            h.searcher = h.ix.searcher()
            h.docsets = DocSets(h.searcher)
            h.words = WordList.load(path)
            old.close()
    if h is None:
        h = handles[path] = _open_handle(kb, data_dir, path)
    return h


def _close(h: _Handle) -> None:
    try:
        h.searcher.close()
    except Exception:
        pass


def close_all() -> None:
    """Close this thread's open indexes (tests, and before deleting a data dir)."""
    handles = _handles()
    for h in handles.values():
        _close(h)
    handles.clear()


def _drop(kb, data_dir) -> None:
    path = str(index_path(kb, data_dir))
    h = _handles().pop(path, None)
    if h is not None:
        _close(h)


# --- query preparation -------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def _apply(text: str, corrections: dict[str, str]) -> str:
    if not corrections:
        return text

    def repl(match):
        word = match.group(0)
        return corrections.get(fold(word), word)
    return _WORD.sub(repl, text)


def _filter_query(filters: dict) -> list:
    """Term queries for the given filters (a value, or a list meaning any of them)."""
    parts = []
    for name, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        values = [value] if isinstance(value, (str, int)) else list(value)
        terms = [wq.Term(FACET_FIELD, facet_term(FILTERS[name], v)) for v in values
                 if str(v)]
        if terms:
            parts.append(terms[0] if len(terms) == 1 else wq.Or(terms))
    return parts


# --- the search --------------------------------------------------------------

def search(kb, query, *, limit=10, page=1, building_block=None, target_group=None,
           level=None, strength=None, publisher=None, language=None, kind=None,
           type=None, intervention=None, data_dir=None) -> dict:
    """Ranked evidence sources and interventions: the `search --json` document."""
    filters = dict(building_block=building_block, target_group=target_group, level=level,
                   strength=strength, publisher=publisher, language=language, kind=kind,
                   type=type, intervention=intervention)
    # Bad arguments raise here, before anything could mistake them for corruption.
    limit = max(1, min(int(limit or 10), MAX_LIMIT))
    page = max(1, int(page or 1))
    try:
        return _search(kb, query, limit, page, filters, data_dir)
    except Exception as exc:
        # A segment that reads as garbage shows only when searched (whoosh has no
        # checksums; it raises whatever its decoding meets): rebuild, retry once.
        # Only for errors raised inside whoosh (not a bug of ours), and not more
        # than once a minute per index, so no query can make us rebuild in a loop.
        path = str(index_path(kb, data_dir))
        now = time.monotonic()
        if not _raised_in_whoosh(exc) or now - _rebuilt.get(path, -REBUILD_EVERY) < REBUILD_EVERY:
            raise
        _rebuilt[path] = now
        log.warning("search failed on the index (%s); rebuilding it", exc)
        _drop(kb, data_dir)
        build_index(kb, data_dir)
        return _search(kb, query, limit, page, filters, data_dir)


REBUILD_EVERY = 60.0
_rebuilt: dict[str, float] = {}


def _raised_in_whoosh(exc: BaseException) -> bool:
    """Whether the innermost Python frame of the error is whoosh's (reading files)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    parts = last.tb_frame.f_code.co_filename.replace("\\", "/").split("/")
    return "whoosh" in parts


def _search(kb, raw_query, limit, page, filters, data_dir) -> dict:
    depth = min(page * limit, MAX_DEPTH)
    text = clean(raw_query)
    h = handle(kb, data_dir)
    searcher, sets = h.searcher, h.docsets

    lexicon = lexicon_for(kb)
    wanted = positive_text(text)
    corrections = spelling.corrections(h.words, lexicon.words, wanted) if wanted else {}
    suggestion = _apply(text, corrections) if corrections else None
    expansion: Expansion = lexicon.expand(_apply(wanted, corrections))

    q = assemble(text, lexicon, corrections).query
    allowed = sets.live
    for part in _filter_query(filters):
        allowed &= sets.of(part)
    notes: dict = {}
    matched = sets.of(q, allowed, notes) & allowed if q is not None else 0
    total = matched.bit_count()

    hits = []
    if total and (page - 1) * limit < depth:
        # twice as deep as shown, so that a stub can move below the page (issue 19.9)
        top = ranking.rank(searcher, sets, q, ranking.clauses(q), matched,
                           min(2 * depth, MAX_DEPTH))
        top = ranking.demote_stubs(top, lambda d: _stored(searcher, sets, d))[:depth]
        nl_terms, en_terms = snippets.terms_for([wanted, *corrections.values(),
                                                 *expansion.labels])
        for score, docnum in top[(page - 1) * limit:]:
            stored = _stored(searcher, sets, docnum)
            hits.append(_hit(stored, score, nl_terms, en_terms))

    return {
        "query": raw_query if isinstance(raw_query, str) else str(raw_query or ""),
        "expanded": expansion.labels,
        "suggestion": suggestion,
        "total": total,
        "facets": {name: sets.counts(matched, name) for name in FACETS},
        "hits": hits,
        # Extensions (the contract allows added keys):
        "concepts": [{"scheme": c.kind, "id": c.id, "label": c.label}
                     for c in expansion.concepts],
        "page": page,
        "limit": limit,
        "total_exact": not notes.get("approximate", False),
    }


STORED_KEPT = 4096            # stored documents kept per searcher, at most


def _stored(searcher, sets, docnum: int) -> dict:
    """The stored document of `docnum`, unpickled once per searcher (each search read
    some twenty: its hits, and the candidates checked for stubs). Read-only."""
    doc = sets.stored.get(docnum)
    if doc is None:
        if len(sets.stored) >= STORED_KEPT:
            sets.stored.clear()
        doc = sets.stored[docnum] = searcher.stored_fields(docnum)["doc"]
    return doc


def _hit(stored: dict, score: float, nl_terms, en_terms) -> dict:
    hit = {
        "kind": stored["kind"], "id": stored["id"], "title": stored["title"],
        "url": stored.get("url"), "publisher": stored.get("publisher"),
        "score": round(float(score), 4),
        "snippet": snippets.snippet(stored, nl_terms, en_terms),
        "building_blocks": stored.get("building_blocks", []),
        "target_groups": stored.get("target_groups", []),
        "levels": stored.get("levels", []),
        "interventions": stored.get("interventions", []),
        "title_en": stored.get("title_en"),
        "stub": ranking.is_stub(stored),
    }
    for key in ("status", "year", "language", "type", "strength", "in_seed", "goals", "evidence"):
        if key in stored:
            hit[key] = stored[key]
    return hit
