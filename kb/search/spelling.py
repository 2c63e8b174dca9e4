"""Spelling: "did you mean", and the correction a search quietly adds.

The index's own words — every unstemmed, accent-folded word of the indexed titles,
labels and summaries, with the number of documents using it — are kept in a word
list beside the index (`words.txt`), written by the build and kept current by the
single writer. A query word that is not in that list nor among the knowledge base's
concept labels, and is long enough to be a typo, is corrected to the closest known
word: edit distance 1, or 2 for words of six letters or more, preferring the word
most documents use. The labels count as known words so that "meisjse" becomes
"meisjes" even when no summary spells it that way; the label then drives the
concept expansion.

(A `words` field inside the index would do the same, but whoosh writes each
posting of an unscored field at several times the cost of a scored one; the word
list costs a set per document.)
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.spelling import ListCorrector

from chiptalent.kb.search.analyzers import surface_words

WORDS_FILE = "words.txt"
MIN_LENGTH = 4                 # shorter words are abbreviations more often than typos
MAX_LENGTH = 30                # longer "words" are not typos of anything
MAX_CORRECTIONS = 4            # per query
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe"}


class WordList:
    """Known words with their document frequencies."""

    def __init__(self, df: Counter | None = None):
        self.df: Counter = df if df is not None else Counter()
        self._sorted: list[str] | None = None

    def add(self, words: set[str]) -> None:
        self.df.update(words)
        self._sorted = None

    def remove(self, words: set[str]) -> None:
        for word in words:
            n = self.df.get(word, 0) - 1
            if n > 0:
                self.df[word] = n
            else:
                self.df.pop(word, None)
        self._sorted = None

    @property
    def sorted(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.df)
        return self._sorted

    def save(self, folder: Path) -> None:
        tmp = Path(folder) / (WORDS_FILE + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.writelines(f"{w}\t{n}\n" for w, n in sorted(self.df.items()))
        os.replace(tmp, Path(folder) / WORDS_FILE)

    @classmethod
    def load(cls, folder: Path) -> "WordList":
        df: Counter = Counter()
        try:
            with open(Path(folder) / WORDS_FILE, encoding="utf-8") as handle:
                for line in handle:
                    word, _, n = line.rstrip("\n").partition("\t")
                    if word and n.isdigit():
                        df[word] = int(n)
        except OSError:
            pass                       # no list: no suggestions, searching still works
        return cls(df)


def _candidates(known: WordList, label_words: list[str], word: str, maxdist: int) -> set[str]:
    dfa = levenshtein_automaton(word, maxdist, 0).to_dfa()
    found: set[str] = set()
    for wordlist in (known.sorted, label_words):
        if wordlist:
            found.update(find_all_matches(dfa, ListCorrector.Skipper(wordlist)))
    found.discard(word)
    return found


def correct(known: WordList, label_words: list[str], word: str) -> str | None:
    """The best known word within edit distance 1 (2 for long words), or None."""
    for maxdist in ((1, 2) if len(word) >= 6 else (1,)):
        candidates = _candidates(known, label_words, word, maxdist)
        if candidates:
            # Most documents first (a label-only word counts 0); ties alphabetically.
            return max(sorted(candidates), key=lambda w: known.df.get(w, 0))
    return None


def corrections(known: WordList, label_words: list[str], text: str) -> dict[str, str]:
    """Unknown words of `text` -> their corrections."""
    labels = set(label_words)
    out: dict[str, str] = {}
    for word in surface_words(text):
        if len(out) >= MAX_CORRECTIONS:
            break
        if (not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isalpha()
                or word in out or word in _OPERATORS or word in labels
                or word in known.df):
            continue
        fixed = correct(known, label_words, word)
        if fixed:
            out[word] = fixed
    return out
