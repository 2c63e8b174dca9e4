"""The text analyzers of the search index: Dutch, English and plain words.

Dutch text (titles, summaries, descriptions, alternative labels) goes through
whoosh's Dutch chain — lower-casing, the Dutch stop words and the Dutch Snowball
stemmer, as `LanguageAnalyzer('nl')` builds it — so "vrouwen" and "vrouw" meet.
English text goes through the English chain. `surface_words` keeps words unstemmed
(lower case, accents folded): they are what "did you mean" offers.

The analyzers are module-level singletons, each with a stem cache shared by the
index and the queries. `FusedLanguageAnalyzer` is `LanguageAnalyzer(lang)` — its
very stop list and stemmer, taken from the chain whoosh builds — run as one
generator instead of a chain of four: it yields the same tokens (a test holds them
equal, positions and offsets included) at a fraction of the cost, which matters
because analysis is a quarter of the time of building an index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Analyzer, LanguageAnalyzer, StemFilter, StopFilter, Token
from whoosh.lang import stemmer_for_language

# Letters and digits, with inner dots kept ("o.a." stays one token); hyphens split,
# so "zij-instromers" and "LLO-doelgroep" give their parts.
WORD_PATTERN = r"\w+(\.?\w+)*"
_WORD_RE = re.compile(WORD_PATTERN)
_STEMS_MAX = 500_000            # bounded: a hostile corpus cannot grow the caches forever


class FusedLanguageAnalyzer(Analyzer):
    """whoosh's LanguageAnalyzer(lang) — tokenizer, lower case, stop words, stemmer —
    in a single generator with a plain dict as stem cache."""

    def __init__(self, lang: str, expression: str = WORD_PATTERN):
        self.lang = lang
        self.expression = expression
        self._setup()

    def _setup(self) -> None:
        chain = LanguageAnalyzer(self.lang, expression=self.expression)
        stop = next(f for f in chain.items if isinstance(f, StopFilter))
        stem = next(f for f in chain.items if isinstance(f, StemFilter))
        self._regex = re.compile(self.expression)
        self._stops, self._min, self._max = stop.stops, stop.min, stop.max
        self._stemfn, self._ignore = stemmer_for_language(self.lang), stem.ignore
        self._stems: dict[str, str] = {}

    # Pickled into the index's schema: only the recipe, never the cache.
    def __getstate__(self):
        return {"lang": self.lang, "expression": self.expression}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._setup()

    def __eq__(self, other):
        return (type(other) is type(self) and other.lang == self.lang
                and other.expression == self.expression)

    def __hash__(self):
        return hash((type(self).__name__, self.lang, self.expression))

    def __repr__(self):
        return f"{type(self).__name__}({self.lang!r})"

    def stem(self, word: str) -> str:
        term = self._stems.get(word)
        if term is None:
            term = word if word in self._ignore else self._stemfn(word)
            if len(self._stems) < _STEMS_MAX:
                self._stems[word] = term
        return term

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            matches = ((m.group(0), m.start(), m.end()) for m in self._regex.finditer(value))
        else:
            matches = iter([(value, 0, len(value))])
            keeporiginal = True           # whoosh's tokenizer keeps it in this mode
        stops, minsize, maxsize = self._stops, self._min, self._max
        pos = None                      # StopFilter's renumbering of kept tokens
        for index, (text, start, end) in enumerate(matches):
            word = text.lower()
            token.boost = 1.0
            if keeporiginal:
                token.original = text
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            if len(word) >= minsize and (maxsize is None or len(word) <= maxsize) \
                    and word not in stops:
                if positions:
                    pos = start_pos + index if pos is None else pos + 1
                    token.pos = pos
                token.stopped = False
                token.text = self.stem(word)
                yield token
            elif not removestops:
                if positions:
                    token.pos = start_pos + index
                token.stopped = True
                token.text = word
                yield token


@lru_cache(maxsize=None)
def dutch():
    """Dutch: lower case, Dutch stop words, Dutch Snowball stem (it folds ë, ï)."""
    return FusedLanguageAnalyzer("nl")


@lru_cache(maxsize=None)
def english():
    """English: lower case, English stop words, Porter2 stem."""
    return FusedLanguageAnalyzer("en")




def term_spans(text: str, lang: str = "nl"):
    """(start, end, term) for each index term of a text, stop words dropped:
    the terms the index holds for it, with their place in the text."""
    analyzer = dutch() if lang == "nl" else english()
    stops, minsize, maxsize, stem = (analyzer._stops, analyzer._min, analyzer._max,
                                     analyzer.stem)
    for match in _WORD_RE.finditer(text):
        word = match.group(0).lower()
        if len(word) < minsize or (maxsize and len(word) > maxsize) or word in stops:
            continue
        yield match.start(), match.end(), stem(word)


def dutch_terms(text: str) -> list[str]:
    """The Dutch index terms of a text, in order (stop words dropped)."""
    return [term for _, _, term in term_spans(text, "nl")]


def english_terms(text: str) -> list[str]:
    """The English index terms of a text, in order (stop words dropped)."""
    return [term for _, _, term in term_spans(text, "en")]


_FOLDED: dict[str, str] = {}


def fold(word: str) -> str:
    """Lower case without accents ("Oriëntatie" -> "orientatie")."""
    folded = _FOLDED.get(word)
    if folded is None:
        folded = "".join(ch for ch in unicodedata.normalize("NFKD", word.lower())
                         if not unicodedata.combining(ch))
        if len(_FOLDED) < _STEMS_MAX:
            _FOLDED[word] = folded
    return folded


def terms_and_words(text: str, lang: str = "nl") -> tuple[list[str], set[str]]:
    """One pass over a text: its index terms (as `term_spans`) and its spelling words
    (as `surface_words`, letters only)."""
    analyzer = dutch() if lang == "nl" else english()
    stops, minsize, maxsize, stem = (analyzer._stops, analyzer._min, analyzer._max,
                                     analyzer.stem)
    terms: list[str] = []
    words: set[str] = set()
    for match in _WORD_RE.finditer(text):
        word = match.group(0).lower()
        folded = fold(word)
        if folded.isalpha():
            words.add(folded)
        if len(word) < minsize or (maxsize and len(word) > maxsize) or word in stops:
            continue
        terms.append(stem(word))
    return terms, words


def surface_words(text: str) -> list[str]:
    """Unstemmed, folded words of a text (for the spelling word list)."""
    return [fold(m.group(0)) for m in _WORD_RE.finditer(text)]


def raw_words(text: str) -> list[str]:
    """The words of a text as written (for rebuilding a query from plain words)."""
    return [m.group(0) for m in _WORD_RE.finditer(text)]
