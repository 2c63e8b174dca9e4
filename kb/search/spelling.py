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

The candidates within the edit distance are found by symmetric deletion: every known
word is filed under each string its deleting up to two letters leaves (built once per
word list); a query word's own deletions then name every word within distance two,
and an exact Levenshtein check keeps those within the distance asked. A whoosh
Levenshtein automaton walked over the sorted list found the same words at some 20 ms
a word (pure Python, per request); this takes well under a millisecond.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from itertools import combinations
from pathlib import Path

from chiptalent.kb.search.analyzers import surface_words
from chiptalent.kb.search.expand import lexicon_for
from chiptalent.kb.search.location import index_path

WORDS_FILE = "words.txt"
MIN_LENGTH = 4                 # shorter words are abbreviations more often than typos
MAX_LENGTH = 30                # longer "words" are not typos of anything
MAX_CORRECTIONS = 4            # per query
MAX_DISTANCE = 2               # the most edits a correction may be away
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe"}


class WordList:
    """Known words with their document frequencies."""

    def __init__(self, df: Counter | None = None):
        self.df: Counter = df if df is not None else Counter()
        self._sorted: list[str] | None = None
        self._deletions: DeletionIndex | None = None

    def add(self, words: set[str]) -> None:
        self.df.update(words)
        self._sorted = None
        self._deletions = None

    def remove(self, words: set[str]) -> None:
        for word in words:
            n = self.df.get(word, 0) - 1
            if n > 0:
                self.df[word] = n
            else:
                self.df.pop(word, None)
        self._sorted = None
        self._deletions = None

    @property
    def sorted(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.df)
        return self._sorted

    @property
    def deletions(self) -> "DeletionIndex":
        index = self._deletions
        if index is None:
            # Each thread opens its own copy of the list: the same words share one
            # index (some 25 MB, half a second to build) in the process.
            index = self._deletions = _shared_index(tuple(self.sorted))
        return index

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


def _deletions(word: str, most: int) -> set[str]:
    """`word` and every string left by deleting up to `most` of its letters."""
    found = {word}
    for n in range(1, min(most, len(word)) + 1):
        for gone in combinations(range(len(word)), n):
            found.add("".join(c for i, c in enumerate(word) if i not in gone))
    return found


def _within(a: str, b: str, most: int) -> bool:
    """Whether the Levenshtein distance of a and b (insert, delete, substitute) <= most."""
    if abs(len(a) - len(b)) > most:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > most:
            return False
        previous = current
    return previous[-1] <= most


class DeletionIndex:
    """Words filed under what deleting up to MAX_DISTANCE letters leaves of them."""

    def __init__(self, words):
        self.by_deletion: dict[str, list[str]] = {}
        for word in words:
            for key in _deletions(word, MAX_DISTANCE):
                self.by_deletion.setdefault(key, []).append(word)

    def within(self, word: str, maxdist: int) -> set[str]:
        """The indexed words within Levenshtein distance `maxdist` (<= MAX_DISTANCE)."""
        near: set[str] = set()
        for key in _deletions(word, maxdist):
            near.update(self.by_deletion.get(key, ()))
        return {w for w in near if _within(word, w, maxdist)}


# Indexes by their words: word lists (one per index version and thread) and label
# lists (one per knowledge base version); a few versions at most are alive at once.
_indexes: dict[tuple[str, ...], DeletionIndex] = {}
_indexes_lock = threading.Lock()


def _shared_index(words: tuple[str, ...]) -> DeletionIndex:
    index = _indexes.get(words)
    if index is None:
        with _indexes_lock:
            index = _indexes.get(words)
            if index is None:
                if len(_indexes) >= 4:                # old versions' lists
                    _indexes.clear()
                index = _indexes[words] = DeletionIndex(words)
    return index


def _label_index(label_words: list[str]) -> DeletionIndex:
    return _shared_index(tuple(label_words))


def prepare_spelling(kb, data_dir=None) -> None:
    """Build the index's and the labels' deletion indexes now (a server before its
    first visitor), not on the first misspelt query (half a second)."""
    WordList.load(index_path(kb, data_dir)).deletions
    _label_index(lexicon_for(kb).words)


def _candidates(known: WordList, label_words: list[str], word: str, maxdist: int) -> set[str]:
    found = known.deletions.within(word, maxdist)
    if label_words:
        found |= _label_index(label_words).within(word, maxdist)
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
