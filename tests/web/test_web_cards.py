"""Intervention cards and the register (issue 19.1): one card per intervention with
its evidence strength on the scale's steps (with the scale's and the crosswalk's words),
its impact (the call's words and the forecast per €1m), its cost per participant, groups
and levels; the register sorted and filtered by query parameters (no JavaScript)."""

from __future__ import annotations

import html
import re

import pytest

from chiptalent.rules.intervention_yield import intervention_yield
from chiptalent.webapp import cards


def card_ids(page: str) -> list[str]:
    return re.findall(r'<article class="card" id="card-([^"]+)"', page)


def test_card_strength_is_the_strongest_reviewed_source(kb):
    scale = cards.strength_scale(kb)
    assert [s["rank"] for s in scale] == sorted(s["rank"] for s in scale)
    for iid, item in kb.interventions.items():
        card = cards.intervention_card(kb, iid)
        ranks = [kb.vocabulary("evidence_strength")[kb.evidence[e].strength].rank
                 for e in set(item.evidence) | {s.id for s in kb.evidence.values()
                                                if iid in s.interventions}
                 if e in kb.evidence and kb.evidence[e].status == "reviewed"]
        assert card["strength"]["rank"] == max(ranks, default=0), iid
        assert card["strength"]["sources"] == len(ranks)
        assert card["strength"]["of"] == len(scale)


def test_a_draft_source_does_not_count(kb, monkeypatch):
    iid = next(i for i, item in kb.interventions.items() if item.evidence)
    before = cards.evidence_strength(kb, iid)
    for eid in kb.interventions[iid].evidence:
        monkeypatch.setattr(kb.evidence[eid], "status", "draft")
    for source in kb.evidence.values():
        if iid in source.interventions:
            monkeypatch.setattr(source, "status", "draft")
    after = cards.evidence_strength(kb, iid)
    assert before["sources"] > 0 and after == {**after, "rank": 0, "sources": 0, "id": None}


def test_card_impact_and_cost_come_from_the_yield_function(kb):
    for iid in ("3-bbl-partnerschappen", "4-stayrate-traject"):
        card = cards.intervention_card(kb, iid)
        y = intervention_yield(kb, iid)
        assert [(r["level"], r["p10"], r["p90"]) for r in card["impact"]["per_million"]] == [
            (r["level"], r["per_million"]["p10"], r["per_million"]["p90"]) for r in y["levels"]]
        costs = [r["cost_per_participant"] for r in y["levels"]]
        assert (card["cost"]["low"], card["cost"]["high"]) == (min(costs), max(costs))


def test_register_shows_a_card_per_intervention_with_its_parts(client, kb):
    page = client.get("/interventions").get_data(as_text=True)
    assert sorted(card_ids(page)) == sorted(kb.interventions)
    card = re.search(r'<article class="card" id="card-3-bbl-partnerschappen".*?</article>',
                     page, re.S).group(0)
    doc = cards.intervention_card(kb, "3-bbl-partnerschappen")
    assert card.count('class="strength-step on"') == doc["strength"]["rank"]
    assert card.count('class="strength-step') == doc["strength"]["of"]
    assert html.escape(doc["strength"]["label"]) in card
    assert doc["strength"]["crosswalk"]["nji_movisie"] in html.unescape(card)
    assert "Per € 1 mln extra werkenden in 2030" in html.unescape(card)
    assert re.search(r'data-level="mbo">mbo [\d,.]+–[\d,.]+<', card)
    assert "Kosten per deelnemer" in card and "Doelgroepen" in card and "Niveaus" in card


@pytest.mark.parametrize("sort, key", [
    ("strength", lambda c: -c["strength"]["rank"]),
    ("impact", lambda c: -c["impact"]["best_p50"]),
    ("cost", lambda c: (c["cost"]["low"] is None, c["cost"]["low"] or 0)),
])
def test_register_sorts(client, kb, sort, key):
    page = client.get(f"/interventions?sort={sort}").get_data(as_text=True)
    order = card_ids(page)
    assert len(order) == len(kb.interventions)
    docs = {iid: cards.intervention_card(kb, iid) for iid in order}
    keys = [key(docs[iid]) for iid in order]
    assert keys == sorted(keys)
    assert len(set(keys)) > 1           # the sort has something to order


def test_register_filters(client, kb):
    everything = {iid: cards.intervention_card(kb, iid) for iid in kb.interventions}
    page = client.get("/interventions?strength=indicative&sort=impact").get_data(as_text=True)
    wanted = {i for i, c in everything.items() if c["strength"]["rank"] >= 4}
    assert set(card_ids(page)) == wanted and 0 < len(wanted) < len(everything)
    page = client.get("/interventions?cost=1500").get_data(as_text=True)
    wanted = {i for i, c in everything.items()
              if c["cost"]["low"] is not None and c["cost"]["low"] <= 1500}
    assert set(card_ids(page)) == wanted and 0 < len(wanted) < len(everything)
    page = client.get("/interventions?impact=20&level=wo").get_data(as_text=True)
    wanted = {i for i, c in everything.items() if c["impact"]["best_p50"] >= 20
              and "wo" in [lv["id"] for lv in c["levels"]]}
    assert set(card_ids(page)) == wanted
    assert f"{len(wanted)} van {len(everything)} interventies getoond" in page
    page = client.get("/interventions?target_group=parents&block=1A").get_data(as_text=True)
    assert set(card_ids(page)) == {i for i, item in kb.interventions.items()
                                   if "parents" in item.target_groups
                                   and item.building_block == "1A"}


def test_register_json_twin_carries_the_cards(client):
    doc = client.get("/interventions.json?sort=cost&cost=2000").get_json()
    assert doc["register"]["query"]["sort"] == "cost"
    assert all(c["cost"]["low"] <= 2000 for c in doc["register"]["cards"])
    assert doc["total"] == doc["register"]["total"]


@pytest.mark.parametrize("query, field", [("impact=veel", "impact"), ("cost=-3", "cost"),
                                          ("sort=random", "sort"), ("strength=great", "strength"),
                                          ("level=doctorate", "level")])
def test_register_bad_parameters_are_named(client, query, field):
    response = client.get(f"/interventions?{query}")
    assert response.status_code == 400
    assert f"<code>{field}</code>" in response.get_data(as_text=True)


def test_register_in_english(client):
    page = client.get("/interventions?lang=en&sort=strength").get_data(as_text=True)
    assert "Strength of evidence" in page and "Cost per participant" in page
    assert "Per €1m extra workers by 2030" in html.unescape(page)
    # the crosswalk's words are Dutch: marked
    assert re.search(r'NJi/Movisie: <span lang="nl">', page)


def test_intervention_page_opens_with_a_summary_and_its_conditions(client, kb):
    iid = next(i for i, item in kb.interventions.items()
               if item.requires and item.preconditions)
    item = kb.interventions[iid]
    page = client.get(f"/interventions/{iid}").get_data(as_text=True)
    summary = page.split('<section class="summary"')[1].split("</section>")[0]
    assert 'class="card-facts"' in summary
    call = kb.building_blocks[item.building_block].effects_text
    assert f'<q class="call-text" lang="nl">{html.escape(call)}</q>' in summary
    conditions = page.split('<section class="conditions"')[1].split("</section>")[0]
    for dep in item.requires:
        assert html.escape(kb.interventions[dep.id].label) in conditions
    assert conditions.count("Randvoorwaarde:") == len(item.preconditions)
    # the summary comes before the details
    assert page.index('class="summary"') < page.index('id="yield-title"') < page.index('id="requires"')
    business = next(i for i, it in kb.interventions.items() if it.business_responsibility)
    page = client.get(f"/interventions/{business}").get_data(as_text=True)
    assert '<li class="business">' in page.split('<section class="conditions"')[1]
