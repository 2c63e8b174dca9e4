"""Spelling: "did you mean", and the correction a search quietly adds.

A query word that no document contains (in the unstemmed `words` field) and is long
enough to be a typo is corrected to the closest word the index does contain — edit
distance 1, or 2 for words of six letters or more — preferring the word most
documents use. The knowledge base's own concept labels count as known words too, so
"meisjse" becomes "meisjes" even when no summary spells it that way: the label then
drives the concept expansion.

whoosh's fast `terms_within` exists only on a single segment, so each segment is
asked in turn (a multi-process build leaves one segment per process).
"""

from __future__ import annotations

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.spelling import ListCorrector

from chiptalent.kb.search.analyzers import plain_words

MIN_LENGTH = 4                 # shorter words are abbreviations more often than typos
MAX_CORRECTIONS = 4            # per query
FIELD = "words"
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe"}


def _known(searcher, word: str) -> int:
    return searcher.reader().doc_frequency(FIELD, word)


def _candidates(searcher, lexicon_words: list[str], word: str, maxdist: int) -> set[str]:
    found: set[str] = set()
    for sub, _offset in searcher.leaf_searchers():
        found.update(sub.reader().terms_within(FIELD, word, maxdist))
    if lexicon_words:
        dfa = levenshtein_automaton(word, maxdist, 0).to_dfa()
        found.update(find_all_matches(dfa, ListCorrector.Skipper(lexicon_words)))
    found.discard(word)
    return found


def correct(searcher, lexicon_words: list[str], word: str) -> str | None:
    """The best known word within edit distance 1 (2 for long words), or None."""
    for maxdist in ((1, 2) if len(word) >= 6 else (1,)):
        candidates = _candidates(searcher, lexicon_words, word, maxdist)
        if candidates:
            # Most documents first; a label-only word (0 documents) after those;
            # ties alphabetically, so the answer is stable.
            return max(sorted(candidates), key=lambda w: _known(searcher, w))
    return None


def corrections(searcher, lexicon_words: list[str], text: str) -> dict[str, str]:
    """Unknown words of `text` -> their corrections."""
    known_labels = set(lexicon_words)
    out: dict[str, str] = {}
    for word in plain_words(text):
        if len(out) >= MAX_CORRECTIONS:
            break
        if (len(word) < MIN_LENGTH or not word.isalpha() or word in out
                or word in _OPERATORS or word in known_labels):
            continue
        if _known(searcher, word) == 0:
            fixed = correct(searcher, lexicon_words, word)
            if fixed:
                out[word] = fixed
    return out
