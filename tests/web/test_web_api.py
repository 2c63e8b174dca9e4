"""The JSON API returns the command line's documents; bad input is a 400 naming the
field, unknown ids a 404, oversized bodies a 413 — always JSON (spec/cli.md)."""

from __future__ import annotations

import json

import pytest

from chiptalent.kb.present import describe_item
from chiptalent.kb.search import search as core_search
from chiptalent.rules import load_rules
from chiptalent.rules.checker import check_plan
from chiptalent.rules.recommender import recommend

PROFILE = {
    "region": "twente",
    "context": {"housing_pressure": "high", "women_share_tech": "low",
                "unused_labour_potential": "high"},
    "focus_levels": ["mbo", "hbo"],
}


def plan(kb) -> dict:
    iid = next(iter(kb.interventions))
    return {
        "region": "twente", "title": "Talent voor Twente",
        "consortium": [{"name": "UT", "type": "university"},
                       {"name": "Saxion", "type": "university-of-applied-sciences"},
                       {"name": "ROC van Twente", "type": "mbo-institution"},
                       {"name": "Provincie Overijssel", "type": "regional-government"},
                       {"name": "Chipbedrijf", "type": "company", "microchip": True}],
        "solutions": [{"id": "s1", "title": "Extra instroom", "interventions": [iid],
                       "levels": ["mbo"], "target_groups": ["adult-learners"],
                       "contribution": {"mbo": 100}, "kpis": ["gediplomeerden"],
                       "funding_requested": 600000, "students": {"mbo": 80},
                       "top_up_per_student": {"mbo": 7500}}],
        "budget": {"cofinancing": [
            {"party": "Chipbedrijf", "type": "business", "amount": 200000, "additional": True},
            {"party": "Provincie Overijssel", "type": "regional-government",
             "amount": 150000, "additional": True}]},
    }


def assert_error(response, status: int, field: str | None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/json"
    doc = response.get_json()
    assert set(doc) >= {"error", "field"}
    assert isinstance(doc["error"], str) and doc["error"]
    assert doc["field"] == field
    assert "Traceback" not in response.get_data(as_text=True)
    return doc


def test_api_index_lists_the_endpoints(client):
    doc = client.get("/api/").get_json()
    paths = {e["path"] for e in doc["endpoints"]}
    assert {"/api/search", "/api/recommend", "/api/check",
            "/api/interventions/<id>"} <= paths


def test_search_returns_the_cli_document(client, kb, data_dir):
    response = client.get("/api/search?q=docenten&limit=5")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc == json.loads(json.dumps(core_search(kb, "docenten", limit=5,
                                                    data_dir=data_dir)))
    assert list(doc)[:6] == ["query", "expanded", "suggestion", "total", "facets", "hits"]
    assert set(doc["facets"]) >= {"building_block", "target_group", "level", "publisher",
                                  "language", "strength"}
    for hit in doc["hits"]:
        assert set(hit) >= {"kind", "id", "title", "url", "publisher", "score", "snippet",
                            "building_blocks", "target_groups", "levels", "interventions"}


def test_search_filters(client):
    doc = client.get("/api/search?q=&building_block=3&level=mbo").get_json()
    assert doc["total"] > 0
    for hit in doc["hits"]:
        assert "3" in hit["building_blocks"] and "mbo" in hit["levels"]


@pytest.mark.parametrize("query, field", [("limit=x", "limit"), ("page=-2", "page"),
                                          ("building_block=7", "building_block"),
                                          ("q=" + "x" * 300, "q")])
def test_search_bad_input(client, query, field):
    assert_error(client.get(f"/api/search?{query}"), 400, field)


def test_intervention_is_kb_show(client, kb):
    rules = load_rules().as_dicts()
    for iid in list(kb.interventions)[:10]:
        response = client.get(f"/api/interventions/{iid}")
        assert response.status_code == 200
        assert response.get_json() == json.loads(json.dumps(describe_item(kb, iid, rules)))


def test_other_items_are_kb_show(client, kb):
    rules = load_rules().as_dicts()
    doc = client.get("/api/regions/twente").get_json()
    assert doc == json.loads(json.dumps(describe_item(kb, "twente", rules), default=str))
    for eid in list(kb.evidence)[:3]:
        assert client.get(f"/api/evidence/{eid}").get_json()["id"] == eid
    assert len(client.get("/api/gap-map").get_json()["rows"]) == 7
    assert client.get("/api/interventions").get_json()["total"] == len(kb.interventions)


@pytest.mark.parametrize("path", ["/api/interventions/no-such-id", "/api/evidence/none",
                                  "/api/regions/atlantis"])
def test_unknown_ids_are_404_json(client, path):
    doc = assert_error(client.get(path), 404, "id")
    assert path.rsplit("/", 1)[1] in doc["error"]


def test_unknown_api_path_is_404_json(client):
    assert_error(client.get("/api/nothing-here"), 404, None)


def test_recommend_for_a_region(client, kb):
    response = client.post("/api/recommend?region=twente")
    assert response.status_code == 200
    doc = response.get_json()
    expected = recommend(region="twente", kb=kb, rules=load_rules())
    assert doc == json.loads(json.dumps(expected))
    assert doc["profile"]["region"] == "twente"
    assert doc["arrangements"]
    for arrangement in doc["arrangements"]:
        for item in arrangement["interventions"]:
            assert item["because"]


def test_recommend_for_a_json_profile(client, kb):
    response = client.post("/api/recommend?top=2", json=PROFILE)
    assert response.status_code == 200
    doc = response.get_json()
    assert len(doc["arrangements"]) <= 2
    assert doc == json.loads(json.dumps(recommend(PROFILE, kb=kb, rules=load_rules(), top=2)))


def test_recommend_for_a_yaml_profile(client):
    body = "region: delft\ncontext:\n  housing_pressure: high\n"
    response = client.post("/api/recommend", data=body, content_type="application/yaml")
    assert response.status_code == 200
    assert response.get_json()["profile"]["region"] == "delft"


def test_recommend_explain(client, kb):
    iid = next(iter(kb.interventions))
    response = client.post(f"/api/recommend?region=twente&explain={iid}")
    assert response.status_code == 200


@pytest.mark.parametrize("body, query, field", [
    ({"region": "twente", "context": {"housing_pressure": "extreme"}}, "",
     "context.housing_pressure"),
    ({"region": "twente", "context": {"weather": "high"}}, "", "context.weather"),
    ({"region": "twente", "demand": {"mbo": -1}}, "", "demand.mbo"),
    ({"region": "atlantis"}, "", "region"),
    (["not", "a", "mapping"], "", "profile"),
    (None, "?region=atlantis", "region"),
    (None, "?region=twente&top=0", "top"),
    (None, "?region=twente&top=many", "top"),
    (None, "", "profile"),
])
def test_recommend_bad_input(client, body, query, field):
    if body is None:
        response = client.post(f"/api/recommend{query}")
    else:
        response = client.post(f"/api/recommend{query}", json=body)
    assert_error(response, 400, field)


def test_recommend_unreadable_bodies(client):
    assert_error(client.post("/api/recommend", data="{not json",
                             content_type="application/json"), 400, None)
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    doc = assert_error(client.post("/api/recommend", data=bomb,
                                   content_type="application/yaml"), 400, None)
    assert "alias" in doc["error"].lower()
    tagged = "region: !!python/object/apply:os.system ['true']\n"
    assert_error(client.post("/api/recommend", data=tagged,
                             content_type="application/yaml"), 400, None)
    assert_error(client.post("/api/recommend", data=b"\xff\xfe\x00",
                             content_type="application/json"), 400, None)


def test_check_returns_the_cli_document(client, kb):
    document = plan(kb)
    response = client.post("/api/check", json=document)
    assert response.status_code == 200
    doc = response.get_json()
    assert doc == json.loads(json.dumps(check_plan(document, kb=kb, rules=load_rules())))
    assert set(doc) >= {"plan", "coherent", "findings", "totals"}
    assert doc["totals"]["requested"] == 600000


def test_check_incoherent_plan_is_still_200(client):
    response = client.post("/api/check", json={"region": "overig", "title": "leeg"})
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["coherent"] is False
    assert any(f["severity"] == "error" for f in doc["findings"])


@pytest.mark.parametrize("body, field", [
    ({"region": "twente", "solutions": [{"id": "s1", "funding_requested": "veel"}]},
     "solutions[0].funding_requested"),
    ({"region": "twente", "solutions": "x"}, "solutions"),
    ("just text", "plan"),
])
def test_check_bad_input(client, body, field):
    assert_error(client.post("/api/check", json=body), 400, field)


def test_check_empty_body(client):
    assert_error(client.post("/api/check"), 400, "plan")


def test_wrong_methods_are_405_json(client):
    doc = assert_error(client.get("/api/recommend"), 405, None)
    assert doc["error"]
    assert_error(client.get("/api/check"), 405, None)
    assert_error(client.post("/api/search"), 405, None)


def test_body_over_the_limit_is_413_json(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 1_000_000
    big = b'{"region": "twente", "name": "' + b"x" * limit + b'"}'
    assert_error(client.post("/api/check", data=big, content_type="application/json"),
                 413, "body")
    assert_error(client.post("/api/recommend", data=big,
                             content_type="application/json"), 413, "body")


def test_export_is_kb_export(client, kb):
    from chiptalent.kb.rdf import export
    rules = load_rules().as_dicts()
    response = client.get("/api/export")
    assert response.status_code == 200 and response.content_type == "application/json"
    assert response.get_json() == json.loads(export(kb, "json", rules=rules))
    turtle = client.get("/api/export?format=ttl")
    assert turtle.content_type.startswith("text/turtle")
    assert "@prefix" in turtle.get_data(as_text=True)
    assert client.get("/api/export?format=jsonld").content_type == "application/ld+json"
    assert_error(client.get("/api/export?format=xml"), 400, "format")


@pytest.mark.parametrize("api, page", [
    ("/api/interventions/2-centra-voor-vakmanschap", "/interventions/2-centra-voor-vakmanschap"),
    ("/api/regions/twente", "/regions/twente"),
    ("/api/evidence/nuffic-stayrate-arbeidsmarkt", "/evidence/nuffic-stayrate-arbeidsmarkt"),
])
def test_one_shape_per_item_api_and_page_twin(client, api, page):
    """The API and the page's JSON twin return one document (kb/present.py): links as
    ids, their names in `refs`. The evidence twin adds the page's change log only, the
    intervention twin what the page shows of its yield per €1m (webapp/yield_view.py)."""
    from_api = client.get(api).get_json()
    twin = client.get(page + ".json").get_json()
    twin.pop("history", None)
    twin.pop("yield", None)
    assert from_api == twin
    for field in ("requires", "required_by", "target_groups", "interventions"):
        assert all(isinstance(v, str) for v in from_api.get(field, []))
