"""The recommend and check pages: plain forms that work without JavaScript."""

from __future__ import annotations

import html
import json
import re

from tests.helpers.forms import form_post

from chiptalent.rules import load_rules
from chiptalent.rules.recommender import recommend


def test_recommend_form_lists_the_regions(client, kb):
    page = client.get("/recommend").get_data(as_text=True)
    # The profile lives in the URL: the form is a GET form; a pasted profile is posted.
    assert '<form id="profile-form" class="stacked profile-form" action="/recommend" ' \
           'method="get"' in page
    assert '<form class="paste-form" action="/recommend" method="post">' in page
    for rid in kb.regions:
        assert f'<option value="{rid}"' in page
    assert 'class="arrangement"' not in page


def test_recommend_for_a_region_by_link(client, kb):
    response = client.get("/recommend?region=twente")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    expected = recommend(region="twente", kb=kb, rules=load_rules())
    assert page.count('<article class="arrangement"') == len(expected["arrangements"])
    for item in expected["arrangements"][0]["interventions"]:
        assert f'href="/interventions/{item["id"]}"' in page
    assert '<option value="twente" selected>' in page
    # the result is bookmarkable and has a JSON twin
    twin = client.get("/recommend?region=twente&format=json").get_json()
    assert twin == json.loads(json.dumps(expected))


def test_recommend_from_a_pasted_profile(client):
    profile = "region: groningen\ncontext:\n  housing_pressure: high\n"
    response = form_post(client, "/recommend", {"profile": profile, "top": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('<article class="arrangement"') == 1
    assert html.escape(profile.splitlines()[0]) in page      # the form keeps the input


def test_recommend_bad_profile_is_a_400_page_naming_the_field(client):
    response = form_post(client, "/recommend", {"profile": "region: twente\ncontext:\n"
                                                          "  housing_pressure: extreme\n"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<code>context.housing_pressure</code>" in page
    assert "extreme" in page
    bad_top = client.get("/recommend?region=twente&top=99")
    assert bad_top.status_code == 400 and "<code>top</code>" in bad_top.get_data(as_text=True)
    bad_region = client.get("/recommend?region=atlantis&format=json")
    assert bad_region.status_code == 400 and bad_region.get_json()["field"] == "region"


def test_check_form(client):
    page = client.get("/check").get_data(as_text=True)
    assert '<textarea id="plan" name="plan"' in page


def test_check_a_pasted_plan(client, kb):
    iid = next(iter(kb.interventions))
    plan = (f"region: twente\ntitle: Test\nsolutions:\n  - id: s1\n    title: A\n"
            f"    interventions: [{iid}]\n    contribution: {{mbo: 10}}\n")
    response = form_post(client, "/check", {"plan": plan})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "niet samenhangend" in page
    codes = re.findall(r'<code class="finding-code">([a-z.-]+)</code>', page)
    assert "consortium.missing-party" in codes
    english = form_post(client, "/check?lang=en", {"plan": plan}).get_data(as_text=True)
    assert "The consortium has no university" in english


def test_check_unreadable_plan_is_a_400_page(client):
    response = form_post(client, "/check", {"plan": "solutions: [\n"})
    assert response.status_code == 400
    assert "not valid YAML" in response.get_data(as_text=True)
    empty = form_post(client, "/check", {"plan": "   "})
    assert empty.status_code == 400 and "<code>plan</code>" in empty.get_data(as_text=True)
