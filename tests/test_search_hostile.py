"""Any query string is safe: broken syntax, field syntax, wildcards, huge and binary
input, markup. Each returns the contract document normally, quickly, and with
snippets that carry no markup but our own highlights."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers.search_kb import make_kb

from chiptalent.kb.search import search
from chiptalent.kb.search.searcher import close_all

HOSTILE = [
    '"meiden', 'meiden"', '"""', "(meiden", "meiden)", "((((", "))))", "(()", "[", "]",
    "{", "}", "meiden AND (", "AND", "OR", "NOT", "AND OR NOT", "NOT NOT NOT meiden",
    "meiden OR OR", "title:meiden", "id:vhto-meiden", "*:*", "kind:evidence",
    "doc:x", "concepts:target_group:girls-women", "a*", "*", "?", "mei*", "[a TO z]",
    "{a TO z}", "meiden^1000", "meiden~2", "meiden~", "\\", "\\\\\\", "'", "'meiden'",
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "&amp; &lt;",
    "'; DROP TABLE sources; --", "\x00", "meiden\x00techniek", "\x1b[31mrood\x1b[0m",
    "\u202emeiden", "\ufeffmeiden", "😀 meiden 🚀", "ﬁ ligature", "ᴍᴇɪᴅᴇɴ",
    "a" * 10_000, "meiden " * 2_000, ("x" * 50 + " ") * 200, "de het een van",
    "   ", "\t\n\r", "-", "+meiden -techniek", "meiden && techniek || stayrate",
    "𝔪𝔢𝔦𝔡𝔢𝔫", "مرحبا", "日本語のクエリ",
]


@pytest.fixture(scope="module")
def small():
    return make_kb()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("search-hostile")
    yield str(path)
    close_all()


def _check(result, query):
    assert set(result) >= {"query", "expanded", "suggestion", "total", "facets", "hits"}
    assert isinstance(result["total"], int) and result["total"] >= 0
    assert len(result["hits"]) <= result["total"]
    for hit in result["hits"]:
        stripped = hit["snippet"].replace('<b class="match">', "").replace("</b>", "")
        assert "<" not in stripped and ">" not in stripped
    assert result["query"] == query


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_returns_normally(small, data_dir, query):
    result = search(small, query, data_dir=data_dir)
    _check(result, query)


def test_syntax_errors_fall_back_to_plain_words(small, data_dir):
    # Unbalanced brackets and a dangling operator: the words still count.
    for query in ("meiden AND (", '"meiden kiezen', "meiden)) OR ((techniek"):
        assert "vhto-meiden" in [h["id"] for h in search(small, query, data_dir=data_dir)["hits"]]


def test_a_parser_error_becomes_plain_words(monkeypatch):
    from whoosh.query import error_query

    from chiptalent.kb.search import query as query_module

    parser = query_module._parser()

    def broken(text, *args, **kwargs):
        return error_query("syntax error")
    monkeypatch.setattr(parser, "parse", broken)
    query_module._word_query.cache_clear()      # words parsed before the break
    monkeypatch.setattr(query_module, "plain_query", lambda text, boost=1.0: ("plain", text))
    assert query_module.parse("meiden AND (") == ("plain", "meiden AND (")

    def raising(text, *args, **kwargs):
        raise RuntimeError("parser bug")
    monkeypatch.setattr(parser, "parse", raising)
    assert query_module.parse("x") == ("plain", "x")


def test_field_syntax_is_plain_text(small, data_dir):
    # "id:..." must not address the id field (or any field): it is two words.
    result = search(small, "id:nuffic-stayrate", data_dir=data_dir)
    assert [h["id"] for h in result["hits"]][0] == "nuffic-stayrate"   # via its words
    assert search(small, "kind:evidence", data_dir=data_dir)["total"] == 0


def test_wildcards_do_not_enumerate_the_vocabulary(small, data_dir):
    assert search(small, "*", data_dir=data_dir)["total"] == \
        search(small, "", data_dir=data_dir)["total"]          # no words: browse
    assert search(small, "m*", data_dir=data_dir)["total"] == 0


def test_only_stop_words_find_nothing(small, data_dir):
    result = search(small, "de het een van", data_dir=data_dir)
    assert result["total"] == 0 and result["hits"] == []


def test_markup_in_the_query_never_reaches_snippets_unescaped(small, data_dir):
    result = search(small, "<b>werkenden</b> <script>", data_dir=data_dir)
    assert result["hits"]
    for hit in result["hits"]:
        assert "<script>" not in hit["snippet"]
        assert "<b>" not in hit["snippet"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_any_text_is_safe(small, data_dir, query):
    _check(search(small, query, data_dir=data_dir), query)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "meiden",
                                       "techniek", "stayrate", ":", "*", "^", "~", "[",
                                       "]", "TO", "-", "+", "werkenden", "de"]),
                      max_size=25).map(" ".join))
def test_any_mix_of_syntax_is_safe(small, data_dir, query):
    _check(search(small, query, data_dir=data_dir), query)


def test_plain_words_are_parsed_as_the_parser_would(monkeypatch):
    """A query of plain words is built from each word's own parse (kept per word, the
    parser costs a third of a millisecond); the tree must be the parser's own."""
    import random

    from chiptalent.kb.search import query as query_module

    words = ["omscholing", "zij-instromers", "vrouwen", "techniek", "de", "het", "en",
             "and", "or", "not", "stayrate", "women", "STEM", "career", "switchers",
             "loopbaanoriëntatie", "mbo-hbo", "docent's", "e-learning", "3D", "x",
             "ingenieurs", "microchip", "semiconductor", "C++", "a.b", "50%", "über",
             "hbo", "wo", "bbl", "leven", "lang", "ontwikkelen", "werkzoekenden"]
    rng = random.Random(7)
    queries = [" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(300)]
    queries += ["vrouwen vrouwen", "de het en", "  techniek   stage  "]
    parser = query_module._parser()
    for text in queries:
        assert query_module.parse(text) == parser.parse(text), text
    # Syntax still goes to the parser.
    for text in ('"vrouwen techniek"', "vrouwen AND techniek", "(vrouwen OR x)",
                 "techniek NOT vrouwen"):
        assert query_module._plain_words(text) is None, text
