"""search(): the query, its expansion, filters, facets, hits and snippets.

The index is opened once per thread and kept; each search first checks (a
directory listing and a stat) whether the index changed — a commit by the curation
writer, a rebuild — and reopens only then, so a new searcher sees an edit at once
and an unchanged index costs nothing to reuse. Scoring is whoosh's BM25F over the
top `page * limit` documents with block-quality skipping; the total and the facet
counts come from bitsets (docsets.py) without scoring anything.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass, field

from whoosh import query as wq

from chiptalent.kb.search import snippets, spelling
from chiptalent.kb.search.docsets import DocSets
from chiptalent.kb.search.expand import Expansion, lexicon_for
from chiptalent.kb.search.lifecycle import open_index
from chiptalent.kb.search.location import STAMP, index_path
from chiptalent.kb.search.query import clean, parse, plain_query, positive_text
from chiptalent.kb.search.schema import FACETS, FILTERS

log = logging.getLogger(__name__)

MAX_LIMIT = 100
MAX_DEPTH = 1000              # page * limit: deeper paging is not a search use
CONCEPT_BOOST = 1.5           # a concept named by any label, or tagged
CORRECTION_BOOST = 0.8        # words we corrected weigh a little less than typed ones


@dataclass
class _Handle:
    """One thread's open index: searcher, bitsets and the stamp it was opened with."""

    ix: object
    searcher: object
    docsets: DocSets
    stamp_id: tuple = ()
    extra: dict = field(default_factory=dict)


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
                   stamp_id=_stamp_id(path))


def handle(kb, data_dir=None) -> _Handle:
    """This thread's open index for `kb`, reopened if it changed on disk."""
    path = str(index_path(kb, data_dir))
    handles = _handles()
    h = handles.get(path)
    if h is not None:
        if _stamp_id(path) != h.stamp_id:          # rebuilt (or removed) meanwhile
            _close(h)
            h = None
        elif not h.searcher.up_to_date():          # a writer committed
            h.searcher = h.searcher.refresh()
            h.docsets = DocSets(h.searcher)
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
    from chiptalent.kb.search.analyzers import plain_words

    def repl(match):
        word = match.group(0)
        folded = plain_words(word)
        return corrections.get(folded[0], word) if folded else word
    return _WORD.sub(repl, text)


def _filter_query(filters: dict) -> list:
    """Term queries for the given filters (a value, or a list meaning any of them)."""
    parts = []
    for name, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        fieldname = FILTERS[name]
        values = [value] if isinstance(value, (str, int)) else list(value)
        terms = [wq.Term(fieldname, str(v)) for v in values if str(v)]
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
    try:
        return _search(kb, query, limit, page, filters, data_dir)
    except Exception as exc:
        # A segment that reads as garbage only shows when searched: rebuild, retry.
        from whoosh.index import IndexError as WhooshIndexError
        if not isinstance(exc, (OSError, EOFError, ValueError, KeyError, IndexError,
                                WhooshIndexError, LookupError, TypeError)):
            raise
        log.warning("search failed on the index (%s); rebuilding it", exc)
        _drop(kb, data_dir)
        from chiptalent.kb.search.builder import build_index
        build_index(kb, data_dir)
        return _search(kb, query, limit, page, filters, data_dir)


def _search(kb, raw_query, limit, page, filters, data_dir) -> dict:
    limit = max(1, min(int(limit or 10), MAX_LIMIT))
    page = max(1, int(page or 1))
    depth = min(page * limit, MAX_DEPTH)
    text = clean(raw_query)
    h = handle(kb, data_dir)
    searcher, sets = h.searcher, h.docsets

    lexicon = lexicon_for(kb)
    wanted = positive_text(text)
    corrections = spelling.corrections(searcher, lexicon.words, wanted) if wanted else {}
    suggestion = _apply(text, corrections) if corrections else None
    expansion: Expansion = lexicon.expand(_apply(wanted, corrections))

    if not _WORD.search(text):
        user_q = wq.Every()                       # empty query: browse everything
    else:
        user_q = parse(text)
    parts = [user_q]
    if corrections:
        parts.append(plain_query(" ".join(corrections.values()), boost=CORRECTION_BOOST))
    if expansion.keys:
        parts.append(wq.Or([wq.Term("concepts", key, boost=CONCEPT_BOOST)
                            for key in expansion.keys]))
    parts = [p for p in parts if not _is_null(p)]
    q = parts[0] if len(parts) == 1 else wq.Or(parts) if parts else None

    filter_parts = _filter_query(filters)
    allowed = sets.live
    for part in filter_parts:
        allowed &= sets.of(part)
    matched = sets.of(q) & allowed if q is not None else 0
    total = matched.bit_count()

    hits = []
    if total and (page - 1) * limit < depth:
        flt = None if not filter_parts else sets.docset(allowed)
        results = searcher.search(q, limit=depth, filter=flt)
        nl_terms, en_terms = snippets.terms_for([wanted, *corrections.values(),
                                                 *expansion.labels])
        for rank, hit in enumerate(results):
            if rank < (page - 1) * limit:
                continue
            stored = hit["doc"]
            hits.append(_hit(stored, hit.score, nl_terms, en_terms))

    return {
        "query": raw_query if isinstance(raw_query, str) else str(raw_query or ""),
        "expanded": expansion.labels,
        "suggestion": suggestion,
        "total": total,
        "facets": {name: sets.counts(matched, fieldname)
                   for name, fieldname in FACETS.items()},
        "hits": hits,
        # Extensions (the contract allows added keys):
        "concepts": [{"scheme": c.kind, "id": c.id, "label": c.label}
                     for c in expansion.concepts],
        "page": page,
        "limit": limit,
    }


def _is_null(q) -> bool:
    return isinstance(q, type(wq.NullQuery))


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
    }
    for key in ("year", "language", "type", "strength", "in_seed", "goals", "evidence"):
        if key in stored:
            hit[key] = stored[key]
    return hit
