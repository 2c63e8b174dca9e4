"""The OpenAPI 3.1 description of the JSON API (/api/openapi.json) is true of the API.

Every operation and every status the document names is called with a real request, and
the real response's body is validated against the schema the document gives for that
status and content type (OpenAPI 3.1 schemas are JSON Schema 2020-12). Every `/api/`
route of the app must be documented, and every documented response must have a request
here, so the document and the API cannot drift apart unnoticed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import referencing
import yaml
from referencing.jsonschema import DRAFT202012

import chiptalent
from chiptalent.webapp.openapi import openapi_document

ROOT = Path(__file__).resolve().parents[2]
PLAN_YAML = (ROOT / "examples" / "plans" / "twente.yaml").read_bytes()
PLAN_JSON = json.dumps(yaml.safe_load(PLAN_YAML))
PROFILE_JSON = json.dumps({"region": "twente", "context": {"housing_pressure": "high"},
                           "focus_levels": ["mbo", "hbo"]})
TOO_LARGE = b"#" * (1_000_000 + 1)
DOCUMENT_URI = "urn:chiptalent:openapi"

# (method, documented path, status) -> the requests that must get that status.
# A request: (path with query, body or None, content type or None).
CASES = {
    ("get", "/api/", 200): [("/api/", None, None)],
    ("get", "/api/openapi.json", 200): [("/api/openapi.json", None, None)],
    ("get", "/api/search", 200): [
        ("/api/search?q=meiden+in+de+techniek", None, None),
        ("/api/search?q=zij-instromers&level=mbo&limit=3&page=1", None, None),
        ("/api/search", None, None),
        ("/api/search?q=stayrate&kind=evidence&language=en", None, None),
    ],
    ("get", "/api/search", 400): [("/api/search?limit=abc", None, None),
                                  ("/api/search?building_block=9Z", None, None)],
    ("get", "/api/interventions", 200): [("/api/interventions", None, None)],
    ("get", "/api/interventions/{id}", 200): [
        ("/api/interventions/1b-studiekosten-omscholing", None, None),
        ("/api/interventions/2-centra-voor-vakmanschap", None, None)],
    ("get", "/api/interventions/{id}", 404): [("/api/interventions/bestaat-niet", None, None)],
    ("get", "/api/evidence/{id}", 200): [("/api/evidence/nuffic-verhogen-blijfkans", None, None)],
    ("get", "/api/evidence/{id}", 404): [("/api/evidence/bestaat-niet", None, None)],
    ("get", "/api/regions/{id}", 200): [("/api/regions/twente", None, None),
                                        ("/api/regions/overig", None, None)],
    ("get", "/api/regions/{id}", 404): [("/api/regions/atlantis", None, None)],
    ("get", "/api/gap-map", 200): [("/api/gap-map", None, None)],
    ("get", "/api/export", 200): [("/api/export", None, None),
                                  ("/api/export?format=json", None, None),
                                  ("/api/export?format=ttl", None, None),
                                  ("/api/export?format=jsonld", None, None)],
    ("get", "/api/export", 400): [("/api/export?format=xml", None, None)],
    ("post", "/api/recommend", 200): [
        ("/api/recommend?region=twente", None, None),
        ("/api/recommend?region=delft&top=1&explain=1c-numerus-fixus-verruimen", None, None),
        ("/api/recommend", PROFILE_JSON, "application/json"),
        ("/api/recommend?region=brainport", b"focus_levels: [wo]\n", "application/yaml"),
    ],
    ("post", "/api/recommend", 400): [
        ("/api/recommend", None, None),
        ("/api/recommend?region=atlantis", None, None),
        ("/api/recommend?region=twente&top=99", None, None),
        ("/api/recommend", b"region: [", "application/yaml"),
    ],
    ("post", "/api/recommend", 413): [("/api/recommend", TOO_LARGE, "application/yaml")],
    ("post", "/api/recommend", 415): [
        ("/api/recommend", b"region=twente", "application/x-www-form-urlencoded")],
    ("post", "/api/check", 200): [
        ("/api/check", PLAN_YAML, "application/yaml"),
        ("/api/check", PLAN_JSON, "application/json"),
        ("/api/check", PLAN_YAML, "text/yaml"),
        ("/api/check", (ROOT / "examples" / "plans" /
                        "flawed-cofinancing-below-third.yaml").read_bytes(), "application/yaml"),
    ],
    ("post", "/api/check", 400): [("/api/check", None, None),
                                  ("/api/check", b"- a\n- b\n", "application/yaml")],
    ("post", "/api/check", 413): [("/api/check", TOO_LARGE, "application/yaml")],
    ("post", "/api/check", 415): [("/api/check", PLAN_YAML, "text/plain")],
}


@pytest.fixture(scope="module")
def document():
    return openapi_document()


def _registry(document) -> referencing.Registry:
    resource = referencing.Resource.from_contents(document, default_specification=DRAFT202012)
    return referencing.Registry().with_resource(DOCUMENT_URI, resource)


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _validator(document, *parts: str) -> jsonschema.Draft202012Validator:
    """A validator for the schema at document/parts, its $refs resolved in the document."""
    schema = {"$ref": f"{DOCUMENT_URI}#/{_pointer(*parts)}"}
    return jsonschema.Draft202012Validator(schema, registry=_registry(document))


def _response(document, method: str, path: str, status: int) -> tuple[tuple, dict]:
    """The documented response, following a `$ref` to components/responses."""
    parts = ("paths", path, method, "responses", str(status))
    response = document["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[1]
        parts = ("components", "responses", name)
        response = document["components"]["responses"][name]
    return parts, response


def _documented(document) -> set[tuple[str, str, int]]:
    return {(method, path, int(status))
            for path, item in document["paths"].items()
            for method, operation in item.items()
            for status in operation["responses"]}


def test_served_as_openapi_3_1_with_the_package_version(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    served = response.get_json()
    assert served["openapi"].startswith("3.1.")
    assert served["info"]["version"] == chiptalent.__version__
    assert served == openapi_document()


def test_every_schema_is_json_schema_2020_12(document):
    for name, schema in document["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status in operation["responses"]:
                _parts, response = _response(document, method, path, int(status))
                for media in response.get("content", {}).values():
                    jsonschema.Draft202012Validator.check_schema(media["schema"])


def test_every_reference_resolves(document):
    resolver = _registry(document).resolver(base_uri=DOCUMENT_URI)
    refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(document))
    assert refs
    for ref in set(refs):
        resolver.lookup(ref)   # raises on a dangling reference


def test_every_api_route_is_documented(app, document):
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?[^>]+>", "{id}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method.lower(), path))
    documented = {(method, path) for method, path, _status in _documented(document)}
    assert routes == documented


def test_every_documented_response_has_a_request_here(document):
    assert set(CASES) == _documented(document)


@pytest.mark.parametrize("case", sorted(CASES), ids=lambda c: f"{c[0].upper()} {c[1]} {c[2]}")
def test_real_responses_match_the_documented_schema(client, document, case):
    method, path, status = case
    parts, response_doc = _response(document, method, path, status)
    for url, body, content_type in CASES[case]:
        kwargs = {} if body is None else {"data": body, "content_type": content_type}
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
        content = response_doc.get("content", {})
        assert response.mimetype in content, (url, response.mimetype, sorted(content))
        if response.mimetype.endswith("json"):
            body_doc = json.loads(response.get_data(as_text=True))
        else:
            body_doc = response.get_data(as_text=True)
        validator = _validator(document, *parts, "content", response.mimetype, "schema")
        errors = sorted(validator.iter_errors(body_doc), key=lambda e: list(e.absolute_path))
        assert not errors, f"{url}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5])


def test_the_schemas_can_fail(client, document):
    """A response that breaks its schema is caught: the checks above are not vacuous."""
    parts, _ = _response(document, "get", "/api/interventions/{id}", 200)
    validator = _validator(document, *parts, "content", "application/json", "schema")
    good = client.get("/api/interventions/1b-studiekosten-omscholing").get_json()
    assert validator.is_valid(good)
    for broken in ({**good, "requires": [{"id": "x"}]}, {**good, "kind": "evidence"},
                   {k: v for k, v in good.items() if k != "seed_quote"}):
        assert not validator.is_valid(broken)
