"""Highlighted snippets, safe to put in a web page.

A snippet is a fragment or two of a hit's summary with the query's words — and the
labels expansion added — wrapped in `<b class="match">`. Everything else is
HTML-escaped, so a source text or a query full of markup can never inject any.
The Dutch summary is tried first with Dutch terms, then the English one with English
terms; without any match the snippet is the summary's opening, escaped.
"""

from __future__ import annotations

import html

from whoosh import highlight

from chiptalent.kb.search import analyzers

OPEN, CLOSE = '<b class="match">', "</b>"
PLAIN_CHARS = 200


class _SafeHtml(highlight.Formatter):
    """whoosh's formatter contract, with every piece of text escaped."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=True)

    def format_token(self, text, token, replace=False):
        return OPEN + html.escape(highlight.get_text(text, token, replace), quote=True) + CLOSE


_FORMATTER = _SafeHtml()
_FRAGMENTER = highlight.ContextFragmenter(maxchars=220, surround=60)


def terms_for(texts: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Dutch and English index terms of the query words and expansion labels."""
    nl: set[str] = set()
    en: set[str] = set()
    for text in texts:
        nl.update(analyzers.dutch_terms(text))
        en.update(analyzers.english_terms(text))
    return frozenset(nl), frozenset(en)


def opening(text: str, limit: int = PLAIN_CHARS) -> str:
    """The first `limit` characters of a text, cut at a word, escaped."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=True)


def snippet(stored: dict, nl_terms: frozenset, en_terms: frozenset) -> str:
    for text, terms, analyzer in ((stored.get("summary"), nl_terms, analyzers.dutch()),
                                  (stored.get("summary_en"), en_terms, analyzers.english())):
        if text and terms:
            found = highlight.highlight(text, terms, analyzer, _FRAGMENTER, _FORMATTER,
                                        top=2)
            if found:
                return found
    return opening(stored.get("summary") or stored.get("summary_en") or "")
