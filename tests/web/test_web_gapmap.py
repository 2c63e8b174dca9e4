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


def test_shading_and_gaps(client):
    doc = client.get("/gap-map.json").get_json()
    cells = [c for r in doc["rows"] for c in r["cells"]]
    top = max(c["evidence"] for c in cells)
    assert doc["max_evidence"] == top
    for cell in cells:
        assert 0 <= cell["shade"] <= 4
        assert (cell["shade"] == 0) == (cell["evidence"] == 0)
        if top and cell["evidence"] == top:
            assert cell["shade"] == 4
        assert cell["gap"] == (cell["interventions"] > 0 and cell["evidence"] == 0)
    # more evidence never gets a lighter shade
    ordered = sorted(cells, key=lambda c: c["evidence"])
    assert [c["shade"] for c in ordered] == sorted(c["shade"] for c in ordered)


def test_gap_map_page_is_a_table_with_headers_and_labelled_links(client, kb):
    response = client.get("/gap-map")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<caption" in page
    assert page.count('<th scope="col">') == len(kb.vocabulary("target_group"))
    assert page.count('<th scope="row">') == len(kb.building_blocks)
    links = re.findall(r'<td class="(shade-\d)( gap)?"><a href="([^"]+)">(\d+) / (\d+)'
                       r'<span class="visually-hidden">: ([^<]+)</span></a></td>', page)
    assert len(links) == len(kb.building_blocks) * len(kb.vocabulary("target_group"))
    first = links[0]
    assert html.unescape(first[2]).startswith("/search?building_block=1A&target_group=")
    # a screen reader hears which cell it is and what the numbers mean
    assert first[5].startswith("1A × ") and "interventies" in first[5]
