"""The region's journey (/recommend) with the Flask test client: the profile form with
each region default and its source, the advice (why, preconditions, effects in the
seed's words, chart, side by side, gap map per arrangement, why not), the profile in
the URL, the exports, and field-level errors."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qsl, urlsplit

from tests.helpers.forms import form_post

from chiptalent.kb.yamlio import load_document
from chiptalent.rules.recommender import recommend

NOT_RECOMMENDED = "1c-buitenlandse-bachelors-werven"    # Twente's stay rate is low


def arranged(page: str) -> list[list[str]]:
    """The intervention ids of each arrangement article, in order."""
    articles = re.findall(r'<article class="arrangement".*?</article>', page, re.S)
    return [re.findall(r'<li><a href="/interventions/([^"]+)">', a) for a in articles]


def expected_ids(doc: dict) -> list[list[str]]:
    return [[i["id"] for i in a["interventions"]] for a in doc["arrangements"]]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


# --- the form ----------------------------------------------------------------------

def test_picking_a_region_prefills_every_signal_with_its_source(client, kb, rules):
    page = get(client, "/recommend?region=twente")
    doc = recommend(region="twente", kb=kb, rules=rules)
    twente = kb.regions["twente"]
    for sid, concept in kb.vocabulary("signal").items():
        # every signal: a labelled select, its definition, and the default with its source
        assert f'<label for="{sid}">{html.escape(concept.label)}</label>' in page
        assert f'<select id="{sid}" name="{sid}" aria-describedby="{sid}-def {sid}-default">' \
            in page
        definition = " ".join(concept.definition.split())
        assert f'<p class="hint" id="{sid}-def">{html.escape(definition, quote=True)}</p>' in page
        block = re.search(rf'<p class="hint default" id="{sid}-default">(.*?)</p>', page, re.S)[1]
        fact = twente.context.get(sid)
        if f"context.{sid}" in doc["profile"]["filled_in"]:
            word = {"low": "laag", "medium": "middel", "high": "hoog"}[fact.value]
            assert f"Standaard voor Twente: {word}" in block
            assert "state-default" in block
            for source in fact.sources:
                if source.get("url", "").startswith("http"):
                    assert f'href="{html.escape(source["url"])}"' in block
        else:
            assert f"context.{sid}" in doc["profile"]["unknown"]
            assert "onbekend (de kennisbank heeft geen bron)" in block
            assert "state-unknown" in block
        # nothing chosen yet: the empty option (the region's default) is selected
        assert not re.search(rf'<select id="{sid}".*?selected.*?</select>', page, re.S)
    for level in ("mbo", "hbo", "wo"):
        value = twente.demand[level].value
        hint = re.search(rf'id="demand_{level}-default">(.*?)</p>', page, re.S)[1]
        assert f"{value:,}".replace(",", ".") in hint and "Bijlage 2" in hint
    assert '<option value="twente" selected>' in page


def test_the_form_offers_programmes_focus_levels_and_every_intervention(client, kb):
    page = get(client, "/recommend?region=delft")
    for pid in kb.vocabulary("programme"):
        assert f'<input type="checkbox" id="programme-{pid}" name="existing_programmes" ' \
               f'value="{pid}">' in page
    for level in kb.vocabulary("level"):
        assert f'id="focus-{level}" name="focus_levels"' in page
    for iid in kb.interventions:
        assert f'<input type="checkbox" id="exclude-{iid}" name="exclude" value="{iid}">' in page
        assert f'<label for="exclude-{iid}">' in page


# --- the advice --------------------------------------------------------------------

def test_raising_a_signal_changes_the_arrangements(client, kb, rules):
    base = get(client, "/recommend?region=twente")
    raised = get(client, "/recommend?region=twente&housing_pressure=high")
    assert arranged(base) == expected_ids(recommend(region="twente", kb=kb, rules=rules))
    expected = recommend({"region": "twente", "context": {"housing_pressure": "high"}},
                         kb=kb, rules=rules)
    assert arranged(raised) == expected_ids(expected)
    assert arranged(raised) != arranged(base)
    select = re.search(r'<select id="housing_pressure".*?</select>', raised, re.S)[0]
    assert '<option value="high" selected>' in select
    hint = re.search(r'id="housing_pressure-default">(.*?)</p>', raised, re.S)[1]
    assert "state-yours" in hint and "Standaard voor Twente: middel" in hint


def test_each_arrangement_says_why_what_it_needs_and_what_to_expect(client, kb, rules):
    page = get(client, "/recommend?region=twente")
    doc = recommend(region="twente", kb=kb, rules=rules)
    articles = re.findall(r'<article class="arrangement".*?</article>', page, re.S)
    assert len(articles) == len(doc["arrangements"]) == 3
    for article, a in zip(articles, doc["arrangements"]):
        for item in a["interventions"]:
            for because in item["because"]:
                assert f"<code>{because['rule']}</code>" in article
                for fact in because["facts"]:
                    assert f"<code>{html.escape(fact)}</code>" in article
            # "why?" and "exclude" per intervention, each keeping the profile
            assert f'href="/recommend?region=twente&amp;explain={item["id"]}#why"' in article
            assert f'href="/recommend?region=twente&amp;exclude={item["id"]}"' in article
        for pre in a["preconditions"]:
            label = kb.vocabulary("precondition")[pre["id"]].label if pre["kind"] == \
                "precondition" else kb.interventions[pre["id"]].label
            assert f"<strong>{html.escape(label)}</strong>" in article
        for block, text in a["effects_text_by_block"].items():
            assert f'<blockquote lang="nl"><p>{html.escape(text)}</p></blockquote>' in article
            assert f'<span class="block-id">{block}</span>' in article


def test_chart_of_demand_beside_the_levels_served(client, kb, rules):
    page = get(client, "/recommend?region=twente")
    doc = recommend(region="twente", kb=kb, rules=rules)
    svg = re.search(r'<svg class="chart served-chart" id="chart-served" role="img".*?</svg>',
                    page, re.S)[0]
    assert 'aria-describedby="chart-served-desc"' in svg and "<title" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)[1]
    table = re.search(r'<table class="figures served">.*?</table>', page, re.S)[0]
    for level in ("mbo", "hbo", "wo"):
        demand = doc["profile"]["demand"][level]
        assert f"vraag {demand:,}".replace(",", ".") in desc
        counts = [sum(1 for i in a["interventions"] if level in i["levels"])
                  for a in doc["arrangements"]]
        label = kb.vocabulary("level")[level].label
        row = re.search(rf"<tr><th scope=\"row\">{label}</th>(.*?)</tr>", table, re.S)[1]
        assert re.findall(r'<td class="num">(\d+)</td>', row) == [str(c) for c in counts]
        for letter, count in zip("ABC", counts):
            assert f"Arrangement {letter} met {count} interventies" in desc
    # one square per arrangement and level; hatched demand bars (derived pro rata)
    assert svg.count('class="served"') + svg.count('class="not-served"') == 3 * 3
    assert "url(#chart-served-hatch)" in svg


def test_the_chart_marks_a_level_not_served_without_colour_alone():
    from chiptalent.webapp.served_chart import LevelRow, served_chart
    svg = str(served_chart([LevelRow("mbo", 100, counts=[2, 0])], ["A", "B"],
                           chart_id="c", title="t <x>", description="d & e",
                           demand_word="Vraag"))
    assert 'class="not-served"' in svg and ">–</text>" in svg and ">2</text>" in svg
    assert "t &lt;x&gt;" in svg and "d &amp; e" in svg


def test_arrangements_side_by_side(client, kb, rules):
    page = get(client, "/recommend?region=twente")
    doc = recommend(region="twente", kb=kb, rules=rules)
    table = re.search(r'<table class="figures wide compare">.*?</table>', page, re.S)[0]
    heads = re.findall(r'<th scope="col"><a href="#(arrangement-[a-z])">', table)
    assert heads == [a["id"] for a in doc["arrangements"]]
    rows = re.findall(r"<tr data-row=\"[^\"]+\"><th scope=\"row\">(.*?)</tr>", table, re.S)
    by_block = {}
    for row in rows:
        block = re.search(r'<span class="block-id">([^<]+)</span>', row)
        if block:
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            assert len(cells) == len(doc["arrangements"])
            by_block[block[1]] = [re.findall(r'/interventions/([^"]+)"', c) for c in cells]
    for n, a in enumerate(doc["arrangements"]):
        for item in a["interventions"]:
            if item["building_block"] in by_block:
                assert item["id"] in by_block[item["building_block"]][n]
            else:   # a block the same in every arrangement is left out of the table (19.3)
                assert all(item["id"] in [i["id"] for i in other["interventions"]]
                           for other in doc["arrangements"])
    # the rule's score is not shown: the figures say what an arrangement is worth (19.3)
    assert f"<td>{doc['arrangements'][0]['score']}</td>" not in table


def test_gap_map_of_each_arrangement(app, kb, rules):
    from chiptalent.webapp import gapmap
    from chiptalent.webapp.advice_view import arrangement_gap_map
    doc = recommend(region="twente", kb=kb, rules=rules)
    with app.test_request_context("/recommend?region=twente"):
        whole = {(r["building_block"]["id"], c["target_group"]): c
                 for r in gapmap.cached_gap_map(kb)["rows"] for c in r["cells"]}
        for a in doc["arrangements"]:
            members = [i["id"] for i in a["interventions"]]
            needed = a["needs"]["target_groups"]
            g = arrangement_gap_map(kb, members, needed, "x", "gap-x")
            assert [r["building_block"]["id"] for r in g["rows"]] == \
                [b for b in kb.building_blocks if any(i["building_block"] == b
                                                       for i in a["interventions"])]
            groups = [tg["id"] for tg in g["target_groups"]]
            assert set(needed) <= set(groups)
            for row in g["rows"]:
                block = row["building_block"]["id"]
                for cell in row["cells"]:
                    ids = [m for m in members if kb.interventions[m].building_block == block
                           and cell["target_group"] in kb.interventions[m].target_groups]
                    assert cell["intervention_ids"] == ids
                    # evidence: the very cell of /gap-map
                    assert cell["evidence"] == whole[(block, cell["target_group"])]["evidence"]
                    assert cell["gap"] == (bool(ids) and cell["evidence"] == 0)
    page = get(app.test_client(), "/recommend?region=twente")
    for a in doc["arrangements"]:
        assert f'<caption id="gap-{a["id"]}-caption">' in page


def test_exclude_an_intervention_and_see_it_gone(client, kb, rules):
    base = get(client, "/recommend?region=twente")
    victim = arranged(base)[0][0]
    page = get(client, f"/recommend?region=twente&exclude={victim}")
    assert all(victim not in ids for ids in arranged(page))
    assert f'<input type="checkbox" id="exclude-{victim}" name="exclude" value="{victim}" ' \
           f'checked>' in page
    considered = re.search(r'<details class="considered".*?</details>', page, re.S)[0]
    assert f'href="/interventions/{victim}"' in considered
    assert "uitgesloten in het profiel" in considered
    # ... and it can be allowed again with one link
    assert 'href="/recommend?region=twente"' in considered
    expected = recommend({"region": "twente", "exclude_interventions": [victim]},
                         kb=kb, rules=rules)
    assert arranged(page) == expected_ids(expected)


def test_why_not_any_intervention(client, kb, rules):
    page = get(client, f"/recommend?region=twente&explain={NOT_RECOMMENDED}")
    explain = re.search(r'<section id="why".*?</section>', page, re.S)[0]
    doc = recommend(region="twente", kb=kb, rules=rules, explain=NOT_RECOMMENDED)
    assert html.escape(kb.interventions[NOT_RECOMMENDED].label) in explain
    assert "Niet aanbevolen." in explain
    for why in doc["explain"]["why_not"]:
        assert f"<code>{why['rule']}</code>" in explain
        for failed in why["failed"]:
            assert f"<code>{html.escape(failed)}</code>" in explain
    # the field to ask about any id keeps the profile in hidden fields
    form = re.search(r'<form class="explain-form".*?</form>', page, re.S)[0]
    assert '<input type="hidden" name="region" value="twente">' in form
    assert f'<input id="explain" name="explain" type="text" list="intervention-ids"' in form
    assert form.count("<option value=") == len(kb.interventions)
    # a recommended one says where it is
    first = doc["arrangements"][0]["interventions"][0]["id"]
    page = get(client, f"/recommend?region=twente&explain={first}")
    assert "Aanbevolen in Arrangement A" in page
    # every considered intervention has its own "why not?" link
    considered = re.search(r'<details class="considered".*?</details>', page, re.S)[0]
    for item in doc["considered_not_recommended"]:
        assert f'explain={item["id"]}#why"' in considered


def test_english_advice(client, kb, rules):
    page = get(client, "/recommend?region=twente&lang=en")
    assert "Advice for Twente" in page and "Arrangements side by side" in page
    assert "Default for Twente: medium" in page
    # a rule's reason in English where the rule file gives it, marked as English
    doc = recommend(region="twente", kb=kb, rules=rules)
    by_id = {rule.id: rule.rationale for rule in rules.recommend}
    because = next(b for a in doc["arrangements"] for i in a["interventions"]
                   for b in i["because"] if b["rule"] in by_id)
    english = by_id[because["rule"]]["en"]
    assert f'<span lang="en">{html.escape(english)}</span>' in page
    assert f'<span lang="nl">{html.escape(because["text"])}</span>' not in page


# --- the profile in the URL ----------------------------------------------------------

def test_a_submitted_form_becomes_a_clean_shareable_url(client):
    response = client.get("/recommend?region=twente&name=&demand_mbo=&housing_pressure=high"
                          "&teacher_shortage=&top=3")
    assert response.status_code == 303
    assert response.headers["Location"] == "/recommend?region=twente&housing_pressure=high"
    # the order and repeated values are normalised too; the language choice is kept
    response = client.get("/recommend?focus_levels=mbo&region=twente&focus_levels=mbo&lang=en")
    assert response.headers["Location"] == "/recommend?region=twente&focus_levels=mbo&lang=en"
    # a bad query only loses its empty fields, so the wrong value stays to be corrected
    response = client.get("/recommend?region=twente&name=&top=99")
    assert response.headers["Location"] == "/recommend?region=twente&top=99"
    assert client.get("/recommend?region=twente&top=99").status_code == 400
    page = get(client, "/recommend?region=twente&housing_pressure=high"
                       "&existing_programmes=llo-katalysator&focus_levels=mbo")
    share = re.search(r'<a href="([^"]+)" class="share">', page)[1]
    assert dict(parse_qsl(urlsplit(html.unescape(share)).query)) == {
        "region": "twente", "housing_pressure": "high", "focus_levels": "mbo",
        "existing_programmes": "llo-katalysator"}


def test_partial_returns_only_the_form_and_the_advice(client):
    response = client.get("/recommend?region=twente&housing_pressure=high&partial=1")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith('<div id="recommend-app"') and "<html" not in body
    assert 'data-status="Advies bijgewerkt: 3 arrangementen."' in body
    assert body.count('<article class="arrangement"') == 3
    assert response.headers["Cache-Control"] == "no-store"
    bad = client.get("/recommend?region=twente&housing_pressure=extreme&partial=1")
    assert bad.status_code == 400 and 'id="housing_pressure-error"' in bad.get_data(as_text=True)


def test_the_page_loads_its_script_and_no_inline_code(client):
    page = get(client, f"/recommend?region=twente&explain={NOT_RECOMMENDED}")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page):
        assert f'<label for="{field_id}">' in page
    assert not re.search(r"\sstyle=|\son[a-z]+=|<style", page)
    assert re.findall(r"<script\b[^>]*>", page) == [
        '<script src="/static/app.js" defer>', '<script src="/static/recommend.js" defer>']
    script = client.get("/static/recommend.js")
    assert script.status_code == 200 and b"partial" in script.data


# --- exports -------------------------------------------------------------------------

QUERY = ("region=twente&housing_pressure=high&women_share_tech=unknown&focus_levels=mbo"
         "&focus_levels=hbo&exclude=1c-intensieve-korte-trajecten")
PROFILE = {"region": "twente", "context": {"housing_pressure": "high", "women_share_tech": None},
           "focus_levels": ["mbo", "hbo"],
           "exclude_interventions": ["1c-intensieve-korte-trajecten"]}


def test_profile_downloads_as_yaml_that_gives_the_same_advice(client, kb, rules):
    response = client.get(f"/recommend/profile.yaml?{QUERY}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="twente-profiel.yaml"'
    assert response.mimetype == "application/yaml"
    text = response.get_data(as_text=True)
    profile = load_document(text, "profile")
    assert profile["region"] == "twente"
    assert profile["context"]["housing_pressure"] == "high"
    assert profile["context"]["women_share_tech"] is None
    assert profile["focus_levels"] == ["mbo", "hbo"]
    assert profile["exclude_interventions"] == ["1c-intensieve-korte-trajecten"]
    assert profile["demand"] == {"mbo": 1474, "hbo": 889, "wo": 1448}
    # defaults say where they come from
    assert "mbo: 1474  # standaard: Bijlage 2 (derived pro rata)" in text
    assert re.search(r"teacher_shortage: low  # standaard: region facts: ", text)
    assert "housing_pressure: high\n" in text
    # the file, read back, gives the advice of the page (even without the region's defaults)
    on_page = client.get(f"/recommend.json?{QUERY}").get_json()
    again = recommend(profile, kb=kb, rules=rules)
    assert expected_ids(again) == expected_ids(on_page)


def test_a_free_name_cannot_break_the_yaml(client):
    response = client.get("/recommend/profile.yaml?name=a%3A%20b%0Aregion%3A%20x%20%23c"
                          "&unused_labour_potential=high")
    assert response.status_code == 200
    profile = load_document(response.get_data(as_text=True), "profile")
    assert profile["name"] == "a: b region: x #c"
    assert "region" not in profile
    assert profile["context"]["unused_labour_potential"] == "high"


def test_json_export_is_the_recommend_document(client, kb, rules):
    response = client.get(f"/recommend.json?{QUERY}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == json.loads(json.dumps(recommend(PROFILE, kb=kb, rules=rules)))
    twin = client.get(f"/recommend?{QUERY}&format=json").get_json()
    assert twin == response.get_json()
    page = get(client, f"/recommend?{QUERY}")
    assert f'href="/recommend.json?{html.escape(QUERY)}"' in page


def test_markdown_export(client, kb, rules):
    response = client.get(f"/recommend/report.md?{QUERY}&explain={NOT_RECOMMENDED}")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="twente-advies.md"'
    text = response.get_data(as_text=True)
    doc = recommend(PROFILE, kb=kb, rules=rules, explain=NOT_RECOMMENDED)
    assert text.startswith("# Advies voor Twente\n")
    assert "| Druk op huisvesting | hoog | door u ingesteld |" in text
    assert "| Aandeel vrouwen in techniekopleidingen | onbekend | onbekend |" in text
    for n, a in enumerate(doc["arrangements"]):
        assert f"\n## Arrangement {'ABC'[n]}: " in text
        for item in a["interventions"]:
            assert f"`{item['id']}`" in text
        for text_nl in a["effects_text_by_block"].values():
            assert text_nl in text.replace("\\", "")           # md() escapes with \\
    assert f"## Waarom (niet)? " in text and f"`{NOT_RECOMMENDED}`" in text
    assert "## Arrangementen naast elkaar" in text
    assert "## Overwogen, niet aanbevolen" in text
    assert "`1c-intensieve-korte-trajecten`: uitgesloten in het profiel" in text
    # a visitor's name cannot put markup into the report
    hostile = client.get("/recommend/report.md?name=%3Cscript%3Ex%5Bl%5D(javascript:1)")
    assert hostile.status_code == 200
    head = hostile.get_data(as_text=True).splitlines()[0]
    assert head == "# Advies voor &lt;script&gt;x\\[l\\](javascript:1)"


def test_print_page(client, kb, rules):
    page = get(client, f"/recommend/print?{QUERY}")
    doc = recommend(PROFILE, kb=kb, rules=rules)
    assert "<h1>Advies voor Twente (afdrukversie)</h1>" in page
    assert "<form" not in page                       # nothing here changes the advice
    assert 'class="inplace"' not in page
    assert page.count('<article class="arrangement"') == len(doc["arrangements"])
    assert '<details class="considered" open>' in page
    assert 'href="/static/journeys.css"' in page
    css = client.get("/static/journeys.css").get_data(as_text=True)
    assert "@media print" in css and ".advice-side" in css
    assert f'href="/recommend?{html.escape(QUERY)}">Terug naar het advies' in page


# --- errors --------------------------------------------------------------------------

def test_bad_values_are_shown_beside_their_fields(client):
    response = client.get("/recommend?region=atlantis&housing_pressure=extreme"
                          "&demand_mbo=-3&exclude=nope&focus_levels=msc&top=99")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Traceback" not in page
    for field in ("region", "housing_pressure", "demand_mbo", "top"):
        tag = re.search(rf'<(?:select|input) id="{field}"[^>]*>', page)[0]
        assert 'aria-invalid="true"' in tag and f"{field}-error" in tag
        assert f'<p class="field-error" id="{field}-error">' in page
        assert f'<a href="#{field}">' in page                    # the summary links to it
    assert "onbekende regio &#39;atlantis&#39;" in page
    assert "&#39;extreme&#39; is geen stand" in page
    for group, field in (("exclude-group", "exclude"), ("focus_levels-group", "focus_levels")):
        assert f'<a href="#{group}">' in page
        assert f'<p class="field-error" id="{field}-error">' in page
    assert "nope" in page and "msc" in page
    assert 'class="arrangement"' not in page
    # the values stay in the form to be corrected
    assert 'id="demand_mbo" name="demand_mbo" type="number" min="0" step="1" ' \
           'inputmode="numeric" value="-3"' in page


def test_a_profile_without_region_or_name(client):
    response = client.get("/recommend?housing_pressure=high")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<p class="field-error" id="region-error">' in page and "`name`" in page
    named = get(client, "/recommend?name=Achterhoek&unused_labour_potential=high")
    assert "Advies voor Achterhoek" in named and 'class="arrangement"' in named


def test_an_unknown_explain_id_keeps_the_advice(client):
    response = client.get("/recommend?region=twente&explain=no-such-thing")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<article class="arrangement"' in page
    assert '<p class="field-error" id="explain-error">' in page
    assert "no-such-thing" in page


def test_a_pasted_bad_profile_shows_its_error_at_the_paste_field(client):
    response = form_post(client, "/recommend", data={"profile": "region: twente\ncontext:\n"
                                                          "  tech_dropout: extreme\n"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    tag = re.search(r'<textarea id="profile"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in tag and "profile-error" in tag
    error = re.search(r'<p class="field-error" id="profile-error">(.*?)</p>', page, re.S)[1]
    assert "extreme" in error and "<code>context.tech_dropout</code>" in error
    assert '<details class="paste" open>' in page
    unreadable = form_post(client, "/recommend", data={"profile": "region: [twente\n"})
    assert unreadable.status_code == 400
    assert "not valid YAML" in unreadable.get_data(as_text=True)


def test_a_pasted_profile_fills_the_form(client):
    text = ("region: delft\ncontext:\n  teacher_shortage: high\nfocus_levels: [wo]\n"
            "exclude_interventions: [4-one-stop-shop]\n")
    response = form_post(client, "/recommend", data={"profile": text})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<option value="delft" selected>' in page
    assert re.search(r'<select id="teacher_shortage".*?<option value="high" selected>', page,
                     re.S)
    assert 'id="focus-wo" name="focus_levels" value="wo" checked' in page
    share = re.search(r'<a href="([^"]+)" class="share">', page)[1]
    assert html.unescape(share) == ("/recommend?region=delft&teacher_shortage=high"
                                    "&focus_levels=wo&exclude=4-one-stop-shop")


def test_downloads_of_a_bad_profile_are_400(client):
    for path in ("/recommend/profile.yaml", "/recommend/report.md", "/recommend/print",
                 "/recommend.json"):
        response = client.get(f"{path}?region=twente&housing_pressure=extreme")
        assert response.status_code == 400, path
        assert "Traceback" not in response.get_data(as_text=True)
        nothing = client.get(path)
        assert nothing.status_code == 400, path
    assert client.get("/recommend.json?region=twente&top=0").get_json()["field"] == "top"
    assert client.get("/recommend.json?region=twente&demand_wo=x").get_json()["field"] == \
        "demand.wo"
