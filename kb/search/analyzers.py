"""The text analyzers of the search index: Dutch, English and plain words.

Dutch text (titles, summaries, descriptions, alternative labels) goes through
whoosh's Dutch chain — lower-casing, the Dutch stop words and the Dutch Snowball
stemmer, as `LanguageAnalyzer('nl')` builds it — so "vrouwen" and "vrouw" meet.
English text goes through the English chain. The plain-word analyzer keeps words
unstemmed: it feeds the spelling field, whose terms are what "did you mean" offers.

The analyzers are module-level singletons: building a stemming chain is cheap, but
each chain carries a stem cache that is worth sharing between index and queries.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import (CharsetFilter, LanguageAnalyzer, LowercaseFilter,
                             RegexTokenizer)
from whoosh.support.charset import accent_map

# Letters and digits, with inner dots kept ("o.a." stays one token); hyphens split,
# so "zij-instromers" and "LLO-doelgroep" give their parts.
WORD_PATTERN = r"\w+(\.?\w+)*"


@lru_cache(maxsize=None)
def dutch():
    """Dutch: lower case, Dutch stop words, Dutch Snowball stem (it folds ë, ï)."""
    return LanguageAnalyzer("nl", expression=WORD_PATTERN)


@lru_cache(maxsize=None)
def english():
    """English: lower case, English stop words, Porter2 stem."""
    return LanguageAnalyzer("en", expression=WORD_PATTERN)


@lru_cache(maxsize=None)
def words():
    """Unstemmed, accent-folded words, for spelling suggestions."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def dutch_terms(text: str) -> list[str]:
    """The Dutch index terms of a text, in order (stop words dropped)."""
    return [t.text for t in dutch()(text)]


def english_terms(text: str) -> list[str]:
    return [t.text for t in english()(text)]


def plain_words(text: str) -> list[str]:
    return [t.text for t in words()(text)]
