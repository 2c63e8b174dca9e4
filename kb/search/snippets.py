"""Highlighted snippets, safe to put in a web page.

A snippet is a window of about 240 characters of a hit's summary — the window that
holds the most matches — with the query's words and the labels expansion added
wrapped in `<b class="match">`. Everything else is HTML-escaped, so a source text
or a query full of markup can never inject any. The Dutch summary is tried first
with Dutch terms, then the English one with English terms; without any match the
snippet is the summary's opening, escaped. Matching uses the index's own analysis
(analyzers.term_spans), so "meiden" lights up for the query "meisjes" exactly when
the index found it through the same stems.
"""

from __future__ import annotations

import html
from functools import lru_cache

from chiptalent.kb.search import analyzers

OPEN, CLOSE = '<b class="match">', "</b>"
WIDTH = 240                    # characters of text in a snippet
LEAD = 50                      # context shown before the first match of the window
ELLIPSIS = "…"


def terms_for(texts: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Dutch and English index terms of the query words and expansion labels."""
    nl: set[str] = set()
    en: set[str] = set()
    for text in texts:
        text_nl, text_en = _terms_of(text)
        nl.update(text_nl)
        en.update(text_en)
    return frozenset(nl), frozenset(en)


@lru_cache(maxsize=4096)
def _terms_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A text's Dutch and English terms (the expansion's labels come back every search)."""
    return tuple(analyzers.dutch_terms(text)), tuple(analyzers.english_terms(text))


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def opening(text: str, limit: int = WIDTH) -> str:
    """The first `limit` characters of a text, cut at a word, escaped."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " " + ELLIPSIS
    return _escape(text)


def _window(spans: list[tuple[int, int]]) -> int:
    """Index of the span that starts the window holding the most spans."""
    best, best_count, j = 0, 0, 0
    for i, (start, _) in enumerate(spans):
        if j < i:
            j = i
        while j + 1 < len(spans) and spans[j + 1][1] <= start + WIDTH - LEAD:
            j += 1
        if j - i + 1 > best_count:
            best, best_count = i, j - i + 1
    return best


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """The best window of `text` with `spans` marked; all text escaped."""
    first = spans[_window(spans)][0]
    start = max(0, first - LEAD)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + WIDTH)
    if end < len(text):
        space = text.rfind(" ", max(first, start), end)
        end = space if space > first else end
    out = [ELLIPSIS + " "] if start else []
    pos = start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out.append(_escape(text[pos:s]))
        out.append(OPEN + _escape(text[s:e]) + CLOSE)
        pos = e
    out.append(_escape(text[pos:end]))
    if end < len(text):
        out.append(" " + ELLIPSIS)
    return "".join(out)


# A summary's terms are the same whatever the query: analysed once (stemming a hit's
# summary was a sixth of a search), kept for the summaries asked for most recently.
@lru_cache(maxsize=4096)
def _term_spans(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(analyzers.term_spans(text, lang))


def snippet(stored: dict, nl_terms: frozenset, en_terms: frozenset) -> str:
    for text, terms, lang in ((stored.get("summary"), nl_terms, "nl"),
                              (stored.get("summary_en"), en_terms, "en")):
        if text and terms:
            spans = [(s, e) for s, e, term in _term_spans(text, lang) if term in terms]
            if spans:
                return highlight(text, spans)
    return opening(stored.get("summary") or stored.get("summary_en") or "")
