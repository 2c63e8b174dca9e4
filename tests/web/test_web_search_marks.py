"""Search results at a glance (issue 19.9): strength and year beside an evidence hit, a
draft marked as not yet reviewed, a stub (a source with next to no summary) ranked
below a full source that matches as well, and the "also searched" list folded."""

from __future__ import annotations

import re

from chiptalent.kb.search import ranking
from tests.helpers.curation import source_fields

WORD = "kwantumfotonica"          # a word no seeded source uses


def hits(page: str) -> list[str]:
    return re.findall(r'<li class="hit hit-(\w+)">\s*<h3><a href="/evidence/([^"]+)"', page)


def test_is_stub():
    assert ranking.is_stub({"kind": "evidence", "summary": "Kort.", "summary_en": ""})
    assert not ranking.is_stub({"kind": "evidence", "summary": "x" * 60})
    assert not ranking.is_stub({"kind": "intervention", "summary": ""})


def test_draft_marked_stub_ranked_lower(curated):
    store = curated.store
    full = store.add(source_fields("vol", title="Studie naar nieuwe chipopleidingen in het mbo",
                                   summary=f"Een uitgebreide samenvatting die ook {WORD} "
                                           "noemt en wat opleidingen ermee doen, in eigen woorden.",
                                   year=2023, status="reviewed"),
                     user="anna", reason="test").id
    stub = store.add(source_fields("stomp", title=f"{WORD.capitalize()}: {WORD} in het mbo",
                                   summary="Kort.", year=2024),
                     user="anna", reason="test").id
    client = curated.client()
    page = client.get(f"/search?q={WORD}").get_data(as_text=True)
    order = [sid for _, sid in hits(page)]
    assert order == [full, stub]
    doc = client.get(f"/search?q={WORD}&format=json").get_json()
    by_id = {h["id"]: h for h in doc["hits"]}
    assert by_id[stub]["stub"] is True and by_id[full]["stub"] is False
    # the stub matches better (its title twice); only its weight puts it below
    assert by_id[stub]["score"] / ranking.STUB_WEIGHT > by_id[full]["score"] > by_id[stub]["score"]
    assert by_id[stub]["status"] == "draft" and by_id[full]["status"] == "reviewed"
    stub_hit = page.split(f'href="/evidence/{stub}"')[1].split("</li>")[0]
    full_hit = page.split(f'href="/evidence/{full}"')[1].split("</li>")[0]
    assert "Concept, nog niet beoordeeld" in stub_hit and "Concept" not in full_hit
    assert "Alleen titel, nog zonder samenvatting" in stub_hit
    assert '<span class="year">2024</span>' in stub_hit
    assert '<span class="year">2023</span>' in full_hit
    assert "Sterkte: Beschrijvend" in full_hit


def test_also_searched_is_folded(client):
    page = client.get("/search?q=zij-instromers").get_data(as_text=True)
    assert re.search(r'<details class="expanded"><summary>Ook gezocht op \(\d+\)</summary>', page)
    english = client.get("/search?q=zij-instromers&lang=en").get_data(as_text=True)
    assert "<summary>" in english and "Draft" not in english.split('class="hits"')[1]
