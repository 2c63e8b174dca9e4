"""The evidence gap map: blocks by target groups, counts, shading, links to the search."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit


def test_gap_map_has_a_row_per_block_and_a_column_per_group(client, kb):
    doc = client.get("/gap-map.json").get_json()
    assert [r["building_block"]["id"] for r in doc["rows"]] == list(kb.building_blocks)
    groups = list(kb.vocabulary("target_group"))
    assert [g["id"] for g in doc["target_groups"]] == groups
    for row in doc["rows"]:
        assert [c["target_group"] for c in row["cells"]] == groups


def test_cell_counts_follow_the_knowledge_base(client, kb):
    doc = client.get("/gap-map.json").get_json()
    for row in doc["rows"]:
        block = row["building_block"]["id"]
        for cell in row["cells"]:
            tg = cell["target_group"]
            interventions = {i.id for i in kb.interventions.values()
                             if i.building_block == block and tg in i.target_groups}
            sources = {s.id for s in kb.evidence.values() if s.status != "retired"
                       and block in s.building_blocks and tg in s.target_groups}
            assert set(cell["intervention_ids"]) == interventions
            assert cell["interventions"] == len(interventions)
            assert set(cell["evidence_ids"]) == sources
            assert cell["evidence"] == len(sources)


def test_cells_link_to_the_matching_search_with_the_same_counts(client):
    doc = client.get("/gap-map.json").get_json()
    checked = 0
    for row in doc["rows"]:
        for cell in row["cells"]:
            if not (cell["interventions"] or cell["evidence"]):
                continue
            query = parse_qs(urlsplit(cell["search"]).query)
            assert urlsplit(cell["search"]).path == "/search"
            assert query == {"building_block": [row["building_block"]["id"]],
                             "target_group": [cell["target_group"]]}
            found = client.get(cell["search"] + "&format=json").get_json()
            assert found["total"] == cell["interventions"] + cell["evidence"]
            kinds = client.get(cell["search"] + "&kind=intervention&format=json").get_json()
            assert kinds["total"] == cell["interventions"]
            checked += 1
    assert checked > 5


def test_shading_by_the_strongest_reviewed_source_and_gaps(client, kb):
    """Issue 19.7: the shade is the strength rank of the strongest reviewed source of
    the cell (0 without one), not the number of sources."""
    doc = client.get("/gap-map.json").get_json()
    ranks = {c.id: c.rank for c in kb.vocabulary("evidence_strength").values()}
    assert [s["rank"] for s in doc["scale"]] == sorted(ranks.values())
    cells = [c for r in doc["rows"] for c in r["cells"]]
    for cell in cells:
        reviewed = [kb.evidence[e] for e in cell["evidence_ids"]
                    if kb.evidence[e].status == "reviewed"]
        strongest = max((ranks[s.strength] for s in reviewed), default=0)
        assert cell["shade"] == strongest
        assert (cell["strength"] is None) == (strongest == 0)
        assert cell["gap"] == (cell["interventions"] > 0 and cell["evidence"] == 0)
    # a cell with many weak sources is lighter than one with a single strong one
    many_weak = [c for c in cells if c["evidence"] >= 3 and c["shade"] <= 1]
    few_strong = [c for c in cells if c["evidence"] <= 2 and c["shade"] >= 4]
    assert many_weak and few_strong
    assert {c["shade"] for c in cells} >= {0, 1, 4}


def test_a_sentence_per_kind_of_empty_cell(client):
    doc = client.get("/gap-map.json").get_json()
    cells = [c for r in doc["rows"] for c in r["cells"]]
    expected = {"gap": sum(1 for c in cells if c["interventions"] and not c["evidence"]),
                "orphan": sum(1 for c in cells if c["evidence"] and not c["interventions"]),
                "empty": sum(1 for c in cells if not c["evidence"] and not c["interventions"])}
    assert doc["empty_counts"] == expected
    page = client.get("/gap-map").get_data(as_text=True)
    for kind, n in expected.items():
        item = re.search(rf'<li class="empty-kind-{kind}">(.*?)</li>', page, re.S).group(1)
        assert re.search(rf"\b{n} (cel|cellen) (heeft|hebben)", item)
    english = client.get("/gap-map?lang=en").get_data(as_text=True)
    assert "neither interventions nor evidence" in english
    assert 'class="scroll-cue"' in page and 'aria-describedby="gapmap-scroll-cue"' in page


def test_gap_map_page_is_a_table_with_headers_and_labelled_links(client, kb):
    response = client.get("/gap-map")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<caption" in page
    assert page.count('<th scope="col">') == len(kb.vocabulary("target_group"))
    assert page.count('<th scope="row">') == len(kb.building_blocks)
    links = re.findall(r'<td class="(shade-\d)( gap)?(?: empty-\w+)?"><a href="([^"]+)">'
                       r'(?:(\d+) / (\d+)|<span aria-hidden="true">—</span>)'
                       r'<span class="visually-hidden">: ([^<]+)</span></a></td>', page)
    assert len(links) == len(kb.building_blocks) * len(kb.vocabulary("target_group"))
    first = links[0]
    assert html.unescape(first[2]).startswith("/search?building_block=1A&target_group=")
    # a screen reader hears which cell it is and what the numbers mean
    assert first[5].startswith("1A × ") and "interventies" in first[5]
