"""Put a search together: the user's query, its corrections, its expansion, its NOTs.

The expansion and the corrections are alternatives to the words they come from.
For a plain query (words, OR-ed) that is the same as OR-ing them to the whole
query. When the user joined parts with AND, each part gets the alternatives of its
own words: "werkenden AND statistiek" finds statistics about workers, or about
career switchers (a label of the same concept), never career switchers alone.
Exclusions (NOT) apply to everything, expansion included.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from chiptalent.kb.search.analyzers import dutch_terms
from chiptalent.kb.search.query import parse, plain_query, split_negations

CONCEPT_BOOST = 1.5           # a concept named by any label, or tagged
CORRECTION_BOOST = 0.8        # words we corrected weigh a little less than typed ones
_DUTCH_FIELDS = ("title", "labels", "body")


@dataclass
class Assembled:
    query: object | None           # the whoosh query, None when nothing can match
    browse: bool                   # an empty query: everything, unranked


def _is_null(q) -> bool:
    return q is None or isinstance(q, type(wq.NullQuery))


def _dutch_terms_of(q) -> list[str]:
    """The Dutch-field terms of a query part, in order, each once."""
    seen: list[str] = []
    for leaf in q.leaves():
        if getattr(leaf, "fieldname", None) in _DUTCH_FIELDS:
            texts = getattr(leaf, "words", None) or [getattr(leaf, "text", None)]
            for text in texts:
                if isinstance(text, str) and text not in seen:
                    seen.append(text)
    return seen


def _alternatives(part, lexicon, corrections: dict[str, str]) -> list:
    """The concept terms and corrected words that are alternatives to `part`."""
    terms = _dutch_terms_of(part)
    # The typos of this part, and its terms as they read once corrected (so that
    # "meisjse" names the concept "meisjes" names).
    fixed: list[str] = []
    fixes: dict[str, list[str]] = {}
    for typo, good in corrections.items():
        typo_terms = dutch_terms(typo)
        if typo_terms and typo_terms[0] in terms:
            fixed.append(good)
            fixes[typo_terms[0]] = dutch_terms(good)
    corrected = [t for term in terms for t in fixes.get(term, [term])]
    out = []
    keys = sorted(lexicon.keys_in_terms(corrected)) if corrected else []
    if keys:
        out.append(wq.Or([wq.Term("concepts", key, boost=CONCEPT_BOOST) for key in keys]))
    if fixed:
        q = plain_query(" ".join(fixed), boost=CORRECTION_BOOST)
        if not _is_null(q):
            out.append(q)
    return out


def _with_alternatives(part, lexicon, corrections):
    extra = _alternatives(part, lexicon, corrections)
    return wq.Or([part, *extra]) if extra else part


def assemble(text: str, lexicon, corrections: dict[str, str]) -> Assembled:
    """The whoosh query for a cleaned query string."""
    if not any(ch.isalnum() for ch in text):
        return Assembled(wq.Every(), browse=True)
    sought, negated = split_negations(parse(text))
    if _is_null(sought):
        if not negated:
            return Assembled(None, browse=False)        # only stop words
        sought = wq.Every()                             # only exclusions: the rest
    elif type(sought) is wq.And:
        sought = wq.And([_with_alternatives(part, lexicon, corrections)
                         for part in sought.children()])
    else:
        sought = _with_alternatives(sought, lexicon, corrections)
    if negated:
        sought = wq.AndNot(sought, negated[0] if len(negated) == 1 else wq.Or(negated))
    return Assembled(sought, browse=False)
