"""The search API on a small hand-built knowledge base: the `search --json` contract,
expansion, facets and filters, snippets, spelling, paging, and the equivalences the
fast paths rest on (fused analyzer = whoosh's chain, two-phase ranking = whoosh's
own ranking, bitsets = whoosh's own matching)."""

from __future__ import annotations

import json
import random

import pytest
from tests.helpers.search_kb import make_kb

from chiptalent.kb.search import format_text, search
from chiptalent.kb.search.searcher import close_all

HIT_KEYS = {"kind", "id", "title", "url", "publisher", "score", "snippet",
            "building_blocks", "target_groups", "levels", "interventions"}
FACET_KEYS = {"building_block", "target_group", "level", "publisher", "language", "strength"}


@pytest.fixture(scope="module")
def small():
    return make_kb()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("search-api")
    yield str(path)
    close_all()


def ids(result) -> list[str]:
    return [hit["id"] for hit in result["hits"]]


def test_result_is_the_cli_contract_document(small, data_dir):
    result = search(small, "werkenden", data_dir=data_dir)
    assert set(result) >= {"query", "expanded", "suggestion", "total", "facets", "hits"}
    assert set(result["facets"]) == FACET_KEYS
    assert result["query"] == "werkenden"
    assert result["total"] == len(result["hits"]) == 3
    for hit in result["hits"]:
        assert set(hit) >= HIT_KEYS
        assert hit["kind"] in ("evidence", "intervention")
        assert isinstance(hit["score"], float)
    json.dumps(result)                                  # serialisable as it is
    scores = [hit["score"] for hit in result["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_expansion_comes_from_the_knowledge_base_and_is_shown(small, data_dir):
    # "vrouwen" is an alternative label of girls-women; the KB gives it "meiden".
    result = search(small, "vrouwen", data_dir=data_dir)
    assert "meiden" in result["expanded"] and "meisjes" in result["expanded"]
    assert {"scheme": "target_group", "id": "girls-women",
            "label": "Meisjes en vrouwen"} in result["concepts"]
    # Neither text says "vrouwen"; both are found through the concept.
    assert set(ids(result)) == {"vhto-meiden", "1c-rolmodellen-meiden"}


def test_expansion_follows_the_labels_of_a_goal(small, data_dir):
    # "LLO" names the goal lifelong-learning and block 1B; "om- en bijscholing" and
    # the tagged sources come with them.
    result = search(small, "LLO", data_dir=data_dir)
    assert "leven lang ontwikkelen" in result["expanded"]
    assert "om- en bijscholing" in result["expanded"]
    assert "oecd-adult-learning" in ids(result)          # says "om- en bijscholing"


def test_a_query_without_concepts_is_not_expanded(small, data_dir):
    result = search(small, "statistiek", data_dir=data_dir)
    assert result["expanded"] == [] and result["concepts"] == []
    assert ids(result) == ["cbs-werkenden"]


def test_facet_counts_cover_all_matches(small, data_dir):
    result = search(small, "", data_dir=data_dir)       # empty query browses all
    assert result["total"] == 6                          # 4 live sources + 2 interventions
    facets = result["facets"]
    assert facets["building_block"] == {"1B": 3, "1C": 2, "1A": 1, "4": 1}
    assert facets["language"] == {"nl": 3, "en": 1}
    assert facets["publisher"] == {"CBS": 1, "Nuffic": 1, "OECD": 1, "VHTO": 1}
    assert facets["strength"] == {"descriptive": 2, "indicative": 2}
    assert list(facets["building_block"]) == ["1B", "1C", "1A", "4"]   # most first


def test_filters_restrict_hits_total_and_facets(small, data_dir):
    result = search(small, "", building_block="1B", data_dir=data_dir)
    assert result["total"] == 3
    assert all("1B" in hit["building_blocks"] for hit in result["hits"])
    assert result["facets"]["building_block"] == {"1B": 3}
    assert ids(search(small, "", kind="intervention", data_dir=data_dir)) == \
        ["1b-studiekosten-omscholing", "1c-rolmodellen-meiden"]
    assert ids(search(small, "", publisher="OECD", data_dir=data_dir)) == ["oecd-adult-learning"]
    assert ids(search(small, "", language="en", data_dir=data_dir)) == ["oecd-adult-learning"]
    assert search(small, "", strength="indicative", level="hbo",
                  data_dir=data_dir)["total"] == 1
    assert search(small, "", target_group="girls-women", level="mbo",
                  data_dir=data_dir)["hits"][0]["id"] == "1c-rolmodellen-meiden"
    # A list means any of its values.
    assert search(small, "", publisher=["CBS", "VHTO"], data_dir=data_dir)["total"] == 2
    assert search(small, "meiden", target_group="adult-learners",
                  data_dir=data_dir)["total"] == 0


def test_retired_sources_are_not_indexed(small, data_dir):
    assert "retired-source" not in ids(search(small, "Ingetrokken", data_dir=data_dir))


def test_snippets_mark_matches_and_escape_everything_else(small, data_dir):
    hit = search(small, "werkenden", data_dir=data_dir)["hits"][0]
    assert hit["id"] == "cbs-werkenden"
    snippet = hit["snippet"]
    assert '<b class="match">werkenden</b>' in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "&amp;" in snippet
    stripped = snippet.replace('<b class="match">', "").replace("</b>", "")
    assert "<" not in stripped and ">" not in stripped


def test_snippets_mark_the_expansion_labels_too(small, data_dir):
    result = search(small, "vrouwen", data_dir=data_dir)
    vhto = next(hit for hit in result["hits"] if hit["id"] == "vhto-meiden")
    assert '<b class="match">meiden</b>' in vhto["snippet"]


def test_spelling_suggestion_and_correction(small, data_dir):
    result = search(small, "stayrat", data_dir=data_dir)
    assert result["suggestion"] == "stayrate"
    assert ids(result)[0] == "nuffic-stayrate"
    # A label word counts as known: the typo finds the concept through it.
    result = search(small, "meisjse techniek", data_dir=data_dir)
    assert result["suggestion"] == "meisjes techniek"
    assert "vhto-meiden" in ids(result)
    assert search(small, "werkenden", data_dir=data_dir)["suggestion"] is None


def test_dutch_stemming_matches_inflections(small, data_dir):
    # "werkende" and "werkenden" share the stem; "Internationaal" and
    # "internationale" too.
    assert "cbs-werkenden" in ids(search(small, "werkende", data_dir=data_dir))
    assert "nuffic-stayrate" in ids(search(small, "internationaal", data_dir=data_dir))


def test_english_text_is_searched_with_english_stems(small, data_dir):
    assert ids(search(small, "retrain", data_dir=data_dir))[0] == "1b-studiekosten-omscholing"
    assert "nuffic-stayrate" in ids(search(small, "graduating", data_dir=data_dir))


def test_phrases_and_operators(small, data_dir):
    assert ids(search(small, '"meiden kiezen"', data_dir=data_dir))[0] == "vhto-meiden"
    not_meiden = search(small, "techniek NOT meiden", data_dir=data_dir)
    assert "vhto-meiden" not in ids(not_meiden)
    assert "cbs-werkenden" in ids(not_meiden)
    both = search(small, "werkenden AND statistiek", data_dir=data_dir)
    assert ids(both) == ["cbs-werkenden"]


def test_paging(small, data_dir):
    everything = ids(search(small, "", limit=10, data_dir=data_dir))
    pages = [ids(search(small, "", limit=2, page=p, data_dir=data_dir)) for p in (1, 2, 3, 4)]
    assert pages[0] + pages[1] + pages[2] == everything
    assert pages[3] == []


def test_format_text_is_readable_and_unescaped(small, data_dir):
    found = search(small, "werkenden", data_dir=data_dir)
    text = format_text(found, "en")
    assert text.startswith('3 results for "werkenden"')
    assert "also searched: " in text
    assert "*werkenden*" in text and "<script>" in text and "&lt;" not in text
    assert "Building block: 1B (3)" in text and "score" not in text
    dutch = format_text(found)
    assert dutch.startswith('3 resultaten voor "werkenden"') and "Bouwsteen: 1B (3)" in dutch


def test_fused_analyzer_equals_whoosh_language_analyzer():
    from whoosh.analysis import LanguageAnalyzer

    from chiptalent.kb.search.analyzers import WORD_PATTERN, FusedLanguageAnalyzer

    rng = random.Random(7)
    words = ("De vrouwen en meisjes kozen voor techniek, o.a. in Oriëntatie; zij-instromers "
             "LLO-doelgroep 2024 THE women In STEM a b x is van het een de").split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
             for _ in range(200)] + ["", "x" * 300, "o.a. e.g. ë"]
    options = [{}, {"positions": True, "chars": True},
               {"positions": True, "chars": True, "removestops": False, "start_pos": 5,
                "start_char": 3},
               {"tokenize": False, "positions": True}, {"mode": "query", "keeporiginal": True}]

    def run(analyzer, text, kw):
        return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None),
                 getattr(t, "endchar", None), t.stopped, getattr(t, "original", None))
                for t in analyzer(text, **kw)]

    for lang in ("nl", "en"):
        ours = FusedLanguageAnalyzer(lang)
        theirs = LanguageAnalyzer(lang, expression=WORD_PATTERN)
        for text in texts:
            for kw in options:
                assert run(ours, text, kw) == run(theirs, text, kw), (lang, text, kw)


def test_two_phase_ranking_equals_whoosh_ranking(small, data_dir):
    """Candidates + exact scores give whoosh's own top hits and scores."""
    from chiptalent.kb.search import ranking
    from chiptalent.kb.search.query import parse
    from chiptalent.kb.search.searcher import handle

    h = handle(small, data_dir)
    for text in ("werkenden techniek", "meiden OR stayrate", '"meiden kiezen" techniek',
                 "techniek NOT meiden", "omscholing volwassenen werkgevers"):
        q = parse(text)
        matched = h.docsets.of(q)
        ours = ranking.rank(h.searcher, h.docsets, q, ranking.clauses(q), matched, 10)
        theirs = [(hit.score, hit.docnum) for hit in h.searcher.search(q, limit=10)]
        assert [d for _, d in ours] == [d for _, d in theirs], text
        assert [round(s, 6) for s, _ in ours] == [round(s, 6) for s, _ in theirs], text


def test_bitsets_match_whoosh_matching(small, data_dir):
    from chiptalent.kb.search.query import parse
    from chiptalent.kb.search.ranking import bit_ids
    from chiptalent.kb.search.searcher import handle

    h = handle(small, data_dir)
    for text in ("werkenden techniek", "meiden AND techniek", "techniek NOT meiden",
                 '"meiden kiezen"', "(meiden OR werkenden) AND NOT statistiek"):
        q = parse(text)
        assert bit_ids(h.docsets.of(q), h.docsets.size) == sorted(h.searcher.docs_for_query(q))


def test_coarse_candidates_keep_the_best_documents(tmp_path):
    """Above the exact-scoring threshold the pool is chosen by coarse scores: the
    exact top ten must survive it (a corpus of near-duplicates that differ in
    which words they have and where)."""
    import dataclasses

    from chiptalent.kb.search import ranking
    from chiptalent.kb.search.query import parse
    from chiptalent.kb.search.searcher import handle

    kb = make_kb("handmade-many")
    rng = random.Random(3)
    vocab = ["techniek", "meiden", "werkenden", "omscholing", "studenten", "onderwijs",
             "regio", "bedrijven", "stage", "docenten", "arbeidsmarkt", "chips"]
    base = kb.evidence["cbs-werkenden"]
    for n in range(600):
        words = rng.sample(vocab, 4) + [rng.choice(vocab) for _ in range(rng.randint(0, 30))]
        kb.evidence[f"syn-{n}"] = dataclasses.replace(
            base, id=f"syn-{n}", title=" ".join(rng.sample(vocab, 2)),
            summary=" ".join(words), alt_labels=[])
    h = handle(kb, str(tmp_path))
    for text in ("techniek meiden", "omscholing werkenden regio", "chips docenten stage"):
        q = parse(text)
        matched = h.docsets.of(q)
        assert matched.bit_count() > ranking.EXACT_ALL
        ours = ranking.rank(h.searcher, h.docsets, q, ranking.clauses(q), matched, 10)
        theirs = [(hit.score, hit.docnum) for hit in h.searcher.search(q, limit=10)]
        assert [round(s, 6) for s, _ in ours] == [round(s, 6) for s, _ in theirs], text
    close_all()
