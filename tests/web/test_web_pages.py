"""The server-rendered pages: building blocks, interventions, evidence, target groups,
regions, their JSON twins and the Dutch/English switch (Flask's test client)."""

from __future__ import annotations

import html
import re

import pytest


def text_of(response) -> str:
    """The page's visible text, roughly: tags dropped, entities decoded."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</?(strong|em|b|a|span|code)\b[^>]*>", "", body)   # inline: no gap
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_home_counts_and_links(client, kb):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert f"{len(kb.interventions)} interventies" in text_of(response)
    for block_id in kb.building_blocks:
        assert f'href="/building-blocks/{block_id}"' in page
    for path in ("/search", "/building-blocks", "/interventions", "/target-groups",
                 "/regions", "/gap-map", "/recommend", "/check"):
        assert f'href="{path}"' in page


def test_building_blocks_show_their_expected_effects(client, kb):
    response = client.get("/building-blocks")
    assert response.status_code == 200
    text = text_of(response)
    for block in kb.building_blocks.values():
        assert block.label in text
    # Block 1B: a considerable effect on student numbers (Bijlage 4).
    page_1b = text_of(client.get("/building-blocks/1B"))
    assert "Aantal studenten: aanzienlijk" in page_1b
    # Block 2: considerable on quality, limited directly on numbers, long term attractiveness.
    page_2 = text_of(client.get("/building-blocks/2"))
    assert "Kwaliteit: aanzienlijk" in page_2
    assert "Aantal studenten: beperkt (direct)" in page_2
    assert "Aantrekkelijkheid" in page_2


def test_block_page_lists_its_interventions_and_seed_quote(client, kb):
    for block in kb.building_blocks.values():
        response = client.get(f"/building-blocks/{block.id}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        for item in kb.interventions.values():
            if item.building_block == block.id:
                assert f'href="/interventions/{item.id}"' in page
        assert " ".join(block.seed_quote.split()) in text_of(response)


def test_every_intervention_page_renders_its_facts(client, kb):
    assert kb.interventions
    for item in kb.interventions.values():
        response = client.get(f"/interventions/{item.id}")
        assert response.status_code == 200, item.id
        text = text_of(response)
        assert item.label in text
        assert item.description.split()[0] in text
        assert " ".join(item.seed_quote.split()) in text
        assert item.seed_section in text
        page = response.get_data(as_text=True)
        assert f'href="/building-blocks/{item.building_block}"' in page
        for tg in item.target_groups:
            assert f'href="/target-groups/{tg}"' in page


def test_intervention_requires_and_required_by_link_both_ways(client, kb):
    pairs = [(i, dep) for i in kb.interventions.values() for dep in i.requires]
    assert pairs, "the knowledge base has no `requires` links to show"
    for item, dep in pairs:
        page = client.get(f"/interventions/{item.id}").get_data(as_text=True)
        assert f'href="/interventions/{dep.id}"' in page
        other = client.get(f"/interventions/{dep.id}").get_data(as_text=True)
        section = other.split('id="required-by"', 1)[1]
        assert f'href="/interventions/{item.id}"' in section


def test_intervention_shows_what_it_enables(client, kb):
    providers = [i for i in kb.interventions.values() if i.provides]
    assert providers
    for item in providers:
        doc = client.get(f"/interventions/{item.id}.json").get_json()
        assert doc["provides"] == item.provides
        assert [p["id"] for p in doc["provides_detail"]] == item.provides
        for entry in doc["provides_detail"]:
            needers = set(entry["needed_by"])
            expected = {i.id for i in kb.interventions.values()
                        if entry["id"] in i.precondition_ids and i.id != item.id}
            assert needers == expected
        text = text_of(client.get(f"/interventions/{item.id}"))
        assert "Wat het mogelijk maakt" in text


def test_intervention_effects_inherited_or_own(client, kb):
    for item in kb.interventions.values():
        doc = client.get(f"/interventions/{item.id}.json").get_json()
        expected = kb.effects_of(item)
        assert [e.get("dimension") for e in doc["effects"]] == [e.dimension for e in expected]
        assert [e.get("magnitude") for e in doc["effects"]] == [e.magnitude for e in expected]
        assert doc["effects_source"] == ("intervention" if item.effects else "building_block")


def test_effect_notes_are_in_the_pages_language(client, kb):
    """Every note on an expected effect has its English beside the Dutch; an English
    page shows the English (it showed the Dutch, marked as Dutch, everywhere)."""
    import html

    owners = [*kb.building_blocks.values(), *kb.interventions.values()]
    noted = [(o, e) for o in owners for e in o.effects if e.note]
    assert noted and all(e.note_en for _, e in noted), \
        [getattr(o, "id", "?") for o, e in noted if not e.note_en]
    for owner, effect in noted:
        kind = "building-blocks" if owner.id in kb.building_blocks else "interventions"
        english = html.unescape(client.get(f"/{kind}/{owner.id}?lang=en")
                                .get_data(as_text=True))
        dutch = html.unescape(client.get(f"/{kind}/{owner.id}?lang=nl")
                              .get_data(as_text=True))
        assert effect.note_en in english and effect.note not in english, owner.id
        assert f'<span lang="nl">{effect.note}</span>' in dutch, owner.id


def test_intervention_links_its_evidence(client, kb):
    linked = [i for i in kb.interventions.values() if i.evidence]
    assert linked, "no intervention has evidence yet"
    for item in linked:
        page = client.get(f"/interventions/{item.id}").get_data(as_text=True)
        for eid in item.evidence:
            assert f'href="/evidence/{eid}"' in page


def test_evidence_pages(client, kb):
    assert kb.evidence
    for source in kb.evidence.values():
        response = client.get(f"/evidence/{source.id}")
        assert response.status_code == 200
        text = text_of(response)
        assert source.title in text
        assert source.publisher in text
        page = response.get_data(as_text=True)
        for iid in source.interventions:
            if iid in kb.interventions:
                assert f'href="/interventions/{iid}"' in page
        if source.url:
            assert f'href="{html.escape(source.url)}"' in page


def test_target_groups_list_their_interventions(client, kb):
    listing = client.get("/target-groups")
    assert listing.status_code == 200
    groups = kb.vocabulary("target_group")
    assert len(groups) >= 19
    for tg in groups:
        response = client.get(f"/target-groups/{tg}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        for item in kb.interventions.values():
            assert (f'href="/interventions/{item.id}"' in page) == (tg in item.target_groups)


def test_regions_page_charts_are_accessible(client, kb):
    response = client.get("/regions")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page, flags=re.S)
    assert len(svgs) >= 3
    for svg in svgs:
        assert 'role="img"' in svg
        assert "aria-label=" in svg
        assert "<title" in svg and "<desc" in svg
    # each chart has a table with the same figures beside it
    assert page.count('<table class="figures">') == len(svgs)
    text = text_of(response)
    assert "38.115" in text and "50.932" in text
    # Brainport's demand is the remainder (derived), and marked so.
    assert "25.959 (afgeleid)" in text


def test_region_page_marks_derived_demand_per_level(client):
    response = client.get("/regions/twente")
    assert response.status_code == 200
    text = text_of(response)
    for figure in ("1.474", "889", "1.448", "3.812", "4.993"):
        assert figure in text
    assert "1.474 (afgeleid)" in text       # in the SVG
    page = response.get_data(as_text=True)
    assert 'id="chart-twente-demand"' in page and 'id="chart-twente-fte"' in page
    # Twente's bar is highlighted in the FTE-per-region chart and its table
    assert 'class="bar highlight"' in page
    assert '<tr class="highlight"><th scope="row">Twente</th>' in page
    assert 'href="/recommend?region=twente"' in page


def test_region_page_in_english(client):
    text = text_of(client.get("/regions/twente?lang=en"))
    assert "1,474 (derived)" in text
    assert "Talent demand to 2030" in text


def _region_texts_unmarked_dutch(page: str) -> list[str]:
    """The region-text cells of a page (the context summaries and their quality reasons)
    that read as Dutch without saying so."""
    from chiptalent.i18n.language_guess import guess_language
    cells = re.findall(r'<td data-label="[^"]*"( lang="nl")?>(?!<ul)(.*?)</td>', page, re.S)
    return [text for marked, text in cells if not marked
            and guess_language(html.unescape(re.sub(r"<[^>]+>", " ", text)), "en") == "nl"]


def test_region_page_in_english_has_no_dutch_region_text(client, kb):
    region = kb.regions["twente"]
    page = client.get("/regions/twente?lang=en").get_data(as_text=True)
    text = text_of(client.get("/regions/twente?lang=en"))
    for fact in region.context.values():
        for dutch, english in ((fact.summary, fact.summary_en),
                               (fact.quality_reason, fact.quality_reason_en)):
            if dutch:
                assert " ".join(english.split()) in text
                assert " ".join(dutch.split()) not in text
    assert _region_texts_unmarked_dutch(page) == []
    assert "acute shortage" in page
    # and the Dutch page keeps the Dutch
    dutch_text = text_of(client.get("/regions/twente?lang=nl"))
    assert " ".join(region.context["housing_pressure"].summary.split()) in dutch_text


def test_english_advice_marks_dutch_source_titles(client):
    from chiptalent.i18n.language_guess import guess_language
    page = client.get("/recommend?region=delft&lang=en").get_data(as_text=True)
    links = re.findall(r'<a href="https?://[^"]*"([^>]*)>([^<]+)</a>', page)
    assert links
    unmarked = [title for attrs, title in links if "lang=" not in attrs
                and guess_language(html.unescape(title), "en") == "nl"]
    assert unmarked == []


def test_region_context_signals_and_sources(client, kb):
    region = kb.regions["twente"]
    page = client.get("/regions/twente").get_data(as_text=True)
    for signal, fact in region.context.items():
        label = kb.vocabulary("signal")[signal].label
        assert html.escape(label) in page
        for source in fact.sources:
            if source.get("url"):
                assert html.escape(source["url"]) in page


@pytest.mark.parametrize("path", [
    "/building-blocks", "/building-blocks/1B", "/interventions", "/target-groups",
    "/target-groups/girls-women", "/regions", "/regions/twente", "/gap-map"])
def test_json_twins_match(client, path):
    twin = client.get(path + ".json")
    assert twin.status_code == 200
    assert twin.content_type == "application/json"
    same = client.get(path + "?format=json")
    assert same.get_json() == twin.get_json()
    page = client.get(path).get_data(as_text=True)
    assert 'rel="alternate" type="application/json"' in page


def test_intervention_json_twin(client, kb):
    iid = next(iter(kb.interventions))
    doc = client.get(f"/interventions/{iid}.json").get_json()
    item = kb.interventions[iid]
    for key in ("id", "label", "label_en", "building_block", "target_groups", "levels",
                "goals", "seed_section", "seed_quote", "business_responsibility"):
        assert doc[key] == getattr(item, key)
    assert client.get(f"/interventions/{iid}?format=json").get_json() == doc


def test_region_json_marks_basis(client):
    doc = client.get("/regions/twente.json").get_json()
    levels = {lvl: f for lvl, f in doc["demand"].items() if lvl != "total"}
    assert doc["demand"]["total"] == {"value": 3812, "basis": "source"}
    assert {lvl: f["value"] for lvl, f in levels.items()} == \
        {"mbo": 1474, "hbo": 889, "wo": 1448}
    assert all(f["basis"] == "derived" for f in levels.values())
    assert doc["fte"]["value"] == 4993


@pytest.mark.parametrize("path", ["/interventions/no-such-thing", "/evidence/nope",
                                  "/regions/atlantis", "/building-blocks/9",
                                  "/target-groups/martians", "/no/such/page"])
def test_unknown_pages_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    assert "404" in text_of(response)


@pytest.mark.parametrize("path, wrong", [("/interventions/no-such-thing.json", "no-such-thing"),
                                         ("/regions/atlantis.json", "atlantis"),
                                         ("/evidence/nope?format=json", "nope")])
def test_unknown_twins_are_404_json(client, path, wrong):
    response = client.get(path)
    assert response.status_code == 404
    doc = response.get_json()
    assert doc["field"] == "id"
    assert wrong in doc["error"]


def test_language_switch_sets_a_cookie_and_sticks(client, kb):
    response = client.get("/building-blocks?lang=en")
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page
    assert kb.building_blocks["1B"].label_en in text_of(response)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # the cookie keeps English on the next page, without ?lang
    later = client.get("/interventions")
    assert '<html lang="en">' in later.get_data(as_text=True)
    assert "Interventions" in text_of(later)
    # and the switch goes back to Dutch
    back = client.get("/interventions?lang=nl")
    assert '<html lang="nl">' in back.get_data(as_text=True)
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_unknown_language_falls_back_to_dutch(client):
    response = client.get("/?lang=xx")
    assert '<html lang="nl">' in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_language_switch_link_keeps_the_query(client):
    page = client.get("/search?q=vrouwen&level=mbo").get_data(as_text=True)
    link = re.search(r'<a class="lang-switch" href="([^"]+)"', page).group(1)
    link = html.unescape(link)
    assert "q=vrouwen" in link and "level=mbo" in link and "lang=en" in link


def test_labels_come_from_the_knowledge_base_in_both_languages(client, kb):
    item = next(i for i in kb.interventions.values() if i.target_groups)
    tg = kb.vocabulary("target_group")[item.target_groups[0]]
    nl_page = text_of(client.get(f"/interventions/{item.id}?lang=nl"))
    en_page = text_of(client.get(f"/interventions/{item.id}?lang=en"))
    assert item.label in nl_page and tg.label in nl_page
    assert item.label_en in en_page and tg.label_en in en_page


def test_a_part_left_open_is_said_in_the_pages_language(client, kb):
    """The advice page says why a part of the approach is left open in its language,
    with the part's name (it was Dutch, with a field name, on every page)."""
    block_1b = sorted(i.id for i in kb.interventions.values() if i.building_block == "1B")
    query = "region=brainport&" + "&".join(f"exclude={i}" for i in block_1b)

    def page(lang):
        return client.get(f"/recommend?{query}&lang={lang}",
                          follow_redirects=True).get_data(as_text=True)
    english, dutch = page("en"), page("nl")
    assert "Lifelong learning (building block 1B): the profile excludes every " \
        "intervention for building block 1B" in english
    assert "Leven Lang Ontwikkelen (bouwsteen 1B): het profiel sluit alle interventies " \
        "voor bouwsteen 1B uit" in dutch
    assert "exclude_interventions" not in english + dutch
