"""The search page: results, facets with counts, snippets, "did you mean", pagination,
links to interventions, and parameter checking (Flask's test client)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from chiptalent.kb.search import search as core_search
from chiptalent.webapp.search import clean_snippet


def hit_links(page: str) -> list[str]:
    return re.findall(r'<li class="hit hit-\w+">\s*<h3><a href="([^"]+)"', page)


def test_empty_search_page_shows_only_the_form(client):
    response = client.get("/search")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<form class="search-form" role="search"' in page
    assert '<label for="q">' in page
    assert 'class="hits"' not in page


def test_results_match_the_core_search(client, kb, data_dir):
    expected = core_search(kb, "omscholing", data_dir=data_dir)
    response = client.get("/search?q=omscholing")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"{expected['total']} resultaten voor “omscholing”" in html.unescape(page)
    links = hit_links(page)
    assert len(links) == min(10, expected["total"])
    for link, hit in zip(links, expected["hits"]):
        kind = "evidence" if hit["kind"] == "evidence" else "interventions"
        assert link == f"/{kind}/{hit['id']}"


def test_snippets_are_highlighted(client):
    page = client.get("/search?q=omscholing").get_data(as_text=True)
    assert '<b class="match">' in page


def test_facets_show_counts_and_filter(client, kb, data_dir):
    result = core_search(kb, "onderwijs", data_dir=data_dir)
    page = client.get("/search?q=onderwijs").get_data(as_text=True)
    shown: dict[str, dict[str, int]] = {}
    for href, count in re.findall(r'<li><a href="([^"]+)"[^>]*>[^<]+</a> '
                                  r'<span class="count">(\d+)</span>', page):
        query = parse_qs(urlsplit(html.unescape(href)).query)
        assert query.pop("q") == ["onderwijs"]
        ((facet, (value,)),) = query.items()
        shown.setdefault(facet, {})[value] = int(count)
    assert shown == {f: c for f, c in result["facets"].items() if c}
    block, count = next(iter(result["facets"]["building_block"].items()))
    filtered = client.get(f"/search?q=onderwijs&building_block={block}&format=json").get_json()
    assert filtered["total"] == count
    assert all(block in hit["building_blocks"] for hit in filtered["hits"])
    # the active filter is shown and can be removed
    page = client.get(f"/search?q=onderwijs&building_block={block}").get_data(as_text=True)
    assert 'class="active-filters"' in page
    assert 'aria-current="true"' in page
    assert 'href="/search?q=onderwijs"' in page


def test_clear_all_filters_keeps_the_query_and_drops_every_filter(client, kb):
    """The "remove all filters" link went to the address of a Python method (the view's
    `clear` key lost to the dict's own `clear` in the template)."""
    block = next(iter(kb.building_blocks))
    page = client.get(f"/search?q=onderwijs&building_block={block}&level=mbo&page=2"
                      ).get_data(as_text=True)
    clear = re.search(r'<li><a href="([^"]*)">Alle filters weghalen</a></li>', page)
    assert clear, "no clear-all link"
    assert html.unescape(clear[1]) == "/search?q=onderwijs"


def test_filters_without_a_query_browse_everything(client, kb):
    response = client.get("/search?target_group=girls-women&format=json")
    doc = response.get_json()
    expected = sum(1 for i in kb.interventions.values() if "girls-women" in i.target_groups) \
        + sum(1 for s in kb.evidence.values()
              if "girls-women" in s.target_groups and s.status != "retired")
    assert doc["total"] == expected
    page = client.get("/search?target_group=girls-women").get_data(as_text=True)
    assert len(hit_links(page)) == min(10, expected)


def test_did_you_mean(client):
    page = client.get("/search?q=omscholng").get_data(as_text=True)
    assert "Bedoelde u" in page
    assert 'href="/search?q=omscholing"' in page


def test_pagination(client, kb, data_dir):
    total = core_search(kb, "", data_dir=data_dir)["total"]
    assert total > 10
    first = client.get("/search?kind=intervention&limit=5").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'aria-current="page" class="current">1<' in first
    second = client.get("/search?kind=intervention&limit=5&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second
    assert set(hit_links(first)).isdisjoint(hit_links(second))
    assert '<ol class="hits" start="6">' in second


def test_evidence_hits_link_the_interventions_they_inform(client, kb):
    informing = [s for s in kb.evidence.values() if s.interventions and s.status != "retired"]
    assert informing, "no evidence source informs an intervention yet"
    source = informing[0]
    page = client.get(f"/search?q={source.title}&kind=evidence&limit=50").get_data(as_text=True)
    item = page.split(f'href="/evidence/{source.id}"', 1)[1].split("</li>", 1)[0]
    for iid in source.interventions:
        assert f'href="/interventions/{iid}"' in item


def test_english_results_use_english_labels(client):
    page = client.get("/search?q=retraining&lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "results for “retraining”" in html.unescape(page)


@pytest.mark.parametrize("query, field", [
    ("page=0", "page"), ("page=abc", "page"), ("limit=500", "limit"), ("limit=-1", "limit"),
    ("building_block=9Z", "building_block"), ("target_group=martians", "target_group"),
    ("level=kindergarten", "level"), ("language=fr", "language"), ("kind=rule", "kind"),
    ("strength=%3Cscript%3E", "strength"), ("q=" + "a" * 201, "q"), ("q=a%00b", "q"),
])
def test_bad_parameters_are_400_pages_naming_the_field(client, query, field):
    response = client.get(f"/search?{query}")
    assert response.status_code == 400
    assert response.content_type.startswith("text/html")
    assert f"<code>{field}</code>" in response.get_data(as_text=True)
    twin = client.get(f"/search?{query}&format=json")
    assert twin.status_code == 400
    assert twin.get_json()["field"] == field


def test_hostile_query_is_escaped(client):
    attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    response = client.get("/search", query_string={"q": attack})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # and in the hidden inputs of an active filter, too
    response = client.get("/search", query_string={"q": attack, "publisher": attack})
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_snippet_cleaner_keeps_only_match_marks():
    dirty = ('a <b class="match">b</b> &amp; <script>alert(1)</script>'
             '<img src=x onerror=alert(1)> <b onclick="x()">c</b> <i>d')
    clean = str(clean_snippet(dirty))
    # tags other than the match mark are dropped; their text stays, escaped
    assert clean == 'a <b class="match">b</b> &amp; alert(1) <b class="match">c</b> d'
    assert str(clean_snippet('<b class="match">open')) == '<b class="match">open</b>'
    assert str(clean_snippet(None)) == ""


def test_result_cache_is_lru_and_can_be_off():
    from chiptalent.webapp.search import ResultCache
    calls = []
    cache = ResultCache(2)
    for key in ("a", "b", "a", "c", "b"):
        cache.get(key, lambda k=key: calls.append(k) or k.upper())
    # "a" stayed (used again), "b" was evicted by "c" and computed again
    assert calls == ["a", "b", "c", "b"]
    assert cache.get("c", lambda: "new") == "C"
    off = ResultCache(0)
    off.get("x", lambda: calls.append("x"))
    off.get("x", lambda: calls.append("x"))
    assert calls[-2:] == ["x", "x"]


def test_cached_results_follow_a_curation_write(kb, tmp_path):
    """A source edited through the curation writer shows at once, cache or not."""
    import dataclasses

    from chiptalent.kb.search import update_source
    from chiptalent.webapp import create_app
    from chiptalent.webapp.search import index_version

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path)})
    client = app.test_client()
    source = next(iter(kb.evidence.values()))
    before = client.get("/api/search?q=zeldzaamwoordxyz").get_json()
    assert before["total"] == 0
    version = index_version(kb, str(tmp_path))
    edited = dataclasses.replace(source, title=source.title + " zeldzaamwoordxyz")
    update_source(kb, edited, data_dir=str(tmp_path))
    assert index_version(kb, str(tmp_path)) != version
    after = client.get("/api/search?q=zeldzaamwoordxyz").get_json()
    assert [h["id"] for h in after["hits"]] == [source.id]
    cache = app.extensions["chiptalent.search_cache"]
    assert cache.misses == 2 and cache.hits == 0
    client.get("/api/search?q=zeldzaamwoordxyz")
    assert cache.hits == 1


def test_long_facet_lists_fold_away(client, kb, data_dir):
    result = core_search(kb, "", kind="evidence", data_dir=data_dir)
    publishers = result["facets"]["publisher"]
    assert len(publishers) > 6
    page = client.get("/search?kind=evidence").get_data(as_text=True)
    block = page.split('id="facet-publisher"', 1)[1].split("</details>", 1)[0]
    visible, folded = block.split('<details class="more">', 1)
    assert visible.count("<li>") == 6
    assert folded.count("<li>") == len(publishers) - 6
    assert f"Meer ({len(publishers) - 6})" in folded
