"""An intervention's yield on its page and in an arrangement (issue 15.4): the mechanism
in plain words, per €1 mln P10–P90 extra workers by 2030 and the cost per participant,
the assumptions one click away, and a changed assumption in the URL moves the numbers."""

from __future__ import annotations

import html
import re

from chiptalent.rules.forecast.draws import Range
from chiptalent.rules.forecast.engine import forecast
from chiptalent.rules.intervention_yield import compute_yield, intervention_yield
from chiptalent.rules.plan import read_plan

BBL = "3-bbl-partnerschappen"


def per_million_cells(page: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r'<td class="per-million">(.*?)</td>', page)]


def test_per_million_is_one_tranche_scaled_to_a_million(kb):
    doc = compute_yield(kb, BBL)
    [row] = doc["levels"]
    size = kb.parameters["tranche_size.places"].central
    cost = kb.parameters["cost_per_participant.places.mbo"].central
    assert (row["tranche"], row["cost_per_participant"]) == (size, cost)
    plan = read_plan({"solutions": [{"id": "x", "interventions": [BBL], "levels": ["mbo"],
                                     "students": {"mbo": size},
                                     "intake_by_year": {2025: {"mbo": size}}}]})
    workers = forecast(plan, kb, draws=2000, seed=1, horizon=2030)["total"][
        "extra_workers"]["by_2030"]
    for q in ("p10", "p50", "p90"):
        assert row["per_million"][q] == round(workers[q] * 1_000_000 / (size * cost), 1)
    ids = {p["id"] for p in doc["parameters"]}
    assert {"sector_entry.mbo.bbl", "cost_per_participant.places.mbo",
            "tranche_size.places", "deadweight.places"} <= ids


def test_an_override_moves_the_numbers_and_is_cached_per_override(kb):
    plain = intervention_yield(kb, BBL)
    higher = intervention_yield(kb, BBL, {"sector_entry.mbo.bbl": Range(0.9, 0.9, 0.9)})
    assert higher["levels"][0]["per_million"]["p50"] > plain["levels"][0]["per_million"]["p50"]
    assert intervention_yield(kb, BBL) is plain                      # kept
    cheaper = intervention_yield(kb, BBL, {"cost_per_participant.places.mbo":
                                           Range(2500, 2500, 2500)})
    assert cheaper["levels"][0]["cost_per_participant"] == 2500
    assert cheaper["levels"][0]["per_million"]["p50"] > plain["levels"][0]["per_million"]["p50"]


def test_enabling_interventions_show_their_fixed_cost(kb):
    doc = compute_yield(kb, "5-accountmanagement")
    assert doc["mechanism"] == "enabling" and doc["levels"] == []
    assert doc["fixed_cost"] == kb.parameters["fixed_cost.enabling"].central


def test_the_page_shows_mechanism_yield_cost_and_assumptions(client):
    page = client.get(f"/interventions/{BBL}").get_data(as_text=True)
    section = re.search(r'<div class="yield" id="yield-3-bbl-partnerschappen">(.*?)</details>',
                        page, re.S).group(1)
    assert "Extra opleidingsplaatsen" in section                      # plain words
    assert re.search(r'<td class="per-million">[\d.,]+–[\d.,]+</td>', section)
    assert '<td class="cost">€ 5.000</td>' in section
    assert "<details class=\"assumptions\">" in section
    assert "<code>sector_entry.mbo.bbl</code>" in section
    assert "Kosten en baten van de beroepsbegeleidende leerweg" in section   # a source


def test_a_changed_assumption_in_the_url_changes_the_page(client):
    plain = per_million_cells(client.get(f"/interventions/{BBL}").get_data(as_text=True))
    url = f"/interventions/{BBL}?set=sector_entry.mbo.bbl=0.9"
    changed_page = client.get(url).get_data(as_text=True)
    changed = per_million_cells(changed_page)
    assert plain and changed and changed != plain
    assert 'class="overridden"' in changed_page
    assert 'name="set.sector_entry.mbo.bbl" inputmode="decimal" size="12" value="0.9"' \
        in changed_page
    # the page's own form sends set.ID=VALUE (most fields empty): it lands on the
    # set=ID=VALUE address, with the same numbers
    sent = client.get(f"/interventions/{BBL}?set.deadweight.places=&"
                      "set.sector_entry.mbo.bbl=0.9")
    assert sent.status_code == 303
    assert sent.headers["Location"] == \
        f"/interventions/{BBL}?set=sector_entry.mbo.bbl%3D0.9"
    by_form = per_million_cells(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert by_form == changed
    doc = client.get(f"/interventions/{BBL}.json?set=sector_entry.mbo.bbl=0.9").get_json()
    assert doc["yield"]["overridden"] == ["sector_entry.mbo.bbl"]
    assert doc["yield"]["settings"] == {"sector_entry.mbo.bbl": "0.9"}


def test_a_wrong_assumption_is_a_400_naming_the_field(client):
    for query in ("set=bestaat.niet=0.5", "set=sector_entry.mbo.bbl=veel",
                  "set=sector_entry.mbo.bbl=1.5"):
        response = client.get(f"/interventions/{BBL}?{query}")
        assert response.status_code == 400, query
        assert "set" in response.get_data(as_text=True)


def test_an_arrangement_shows_each_interventions_yield_and_carries_the_assumption(client):
    page = client.get("/recommend?region=twente").get_data(as_text=True)
    blocks = re.findall(r'<div class="yield" id="yield-[^"]+">', page)
    assert len(blocks) >= 5
    assert "<form method=\"get\" action=\"\" class=\"assumption-form\">" not in page
    changed = client.get("/recommend?region=twente&set=deadweight.places=0.1")
    assert changed.status_code == 200
    text = changed.get_data(as_text=True)
    links = re.findall(r'href="(/interventions/[^"]+)"', text)
    assert links and all("set=deadweight.places%3D0.1" in link for link in links
                         if "?" in link)
    assert any("?" in link for link in links)
    assert re.search(r'href="/recommend\?[^"]*set=deadweight.places%3D0.1', text)
