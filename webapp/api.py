"""The JSON API: the command line's documents over HTTP (spec/cli.md).

Status 200 whatever the verdict; 400 `{"error", "field"}` for unreadable input; 404
JSON for an unknown id; 413 over the body limit. GET endpoints only read; the two POST
endpoints take a profile or a plan as the request body (JSON, or YAML).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import UnsupportedMediaType

from chiptalent.errors import InputError
from chiptalent.webapp import advise, data, gapmap
from chiptalent.webapp.lru import app_cache
from chiptalent.webapp.openapi import openapi_document
from chiptalent.webapp.search import read_params, run_search

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/")
def index():
    return jsonify({"endpoints": [
        {"method": "GET", "path": url_for(".openapi"), "about": "this API as OpenAPI 3.1"},
        {"method": "GET", "path": url_for(".search"), "params": "q, building_block, "
         "target_group, level, strength, publisher, language, kind, limit, page"},
        {"method": "GET", "path": "/api/interventions/<id>"},
        {"method": "GET", "path": url_for(".interventions")},
        {"method": "GET", "path": "/api/evidence/<id>"},
        {"method": "GET", "path": "/api/regions/<id>"},
        {"method": "GET", "path": url_for(".gap_map")},
        {"method": "POST", "path": url_for(".recommend"),
         "body": "a profile (spec/profile.md) as JSON or YAML; or ?region=<id>",
         "params": "region, top, explain"},
        {"method": "POST", "path": url_for(".check"),
         "body": "a plan (spec/plan.md) as JSON or YAML"},
        {"method": "GET", "path": url_for(".export"), "params": "format=json|ttl|jsonld"},
    ]})


@bp.route("/openapi.json")
def openapi():
    """This API described once, as OpenAPI 3.1 (webapp/openapi.yaml)."""
    return jsonify(openapi_document())


@bp.route("/search")
def search():
    kb = data.get_kb()
    return jsonify(run_search(read_params(request.args, kb), kb))


@bp.route("/interventions")
def interventions():
    return jsonify(data.interventions_doc(data.get_kb()))


@bp.route("/interventions/<iid>")
def intervention(iid):
    # `kb show --json`'s document, the one the page's twin shows (kb/present.py).
    return jsonify(data.intervention_doc(data.get_kb(), iid))


@bp.route("/evidence/<eid>")
def evidence(eid):
    return jsonify(data.evidence_doc(data.get_kb(), eid))


@bp.route("/regions/<rid>")
def region(rid):
    return jsonify(data.region_doc(data.get_kb(), rid))


@bp.route("/gap-map")
def gap_map():
    return jsonify(gapmap.cached_gap_map(data.get_kb()))


EXPORT_TYPES = {"json": "application/json", "ttl": "text/turtle",
                "jsonld": "application/ld+json"}


@bp.route("/export")
def export():
    """`chiptalent kb export`: the whole knowledge base (RDF formats with the ontology)."""
    fmt = request.args.get("format", "json")
    if fmt not in EXPORT_TYPES:
        raise InputError(f"unknown export format {fmt[:20]!r}; allowed: "
                         f"{', '.join(EXPORT_TYPES)}", field="format")
    kb = data.get_kb()
    # Serialising the graph takes about half a second, so each format is kept per
    # knowledge-base version; an export is ~4 MB and every edit makes a new version,
    # so only the last few are kept (EXPORT_CACHE_SIZE, default: the three formats).
    cache = app_cache(current_app, "chiptalent.export",
                      int(current_app.config.get("EXPORT_CACHE_SIZE", len(EXPORT_TYPES))))

    def make():
        from chiptalent.kb.rdf import export as kb_export
        return kb_export(kb, fmt, rules=data.get_rules().as_dicts())
    return Response(cache.get((kb.fingerprint, fmt), make), mimetype=EXPORT_TYPES[fmt])


# What the two POST endpoints read: a JSON or YAML document, said so in Content-Type.
BODY_TYPES = ("application/json", "application/yaml", "application/x-yaml", "text/yaml",
              "text/x-yaml")


def _body() -> bytes:
    # Reading the body enforces MAX_CONTENT_LENGTH (413) even without Content-Length.
    raw = request.get_data(cache=False)
    if raw.strip() and request.mimetype not in BODY_TYPES:
        # A form post (urlencoded, multipart, text/plain) is not a document: refuse it
        # instead of guessing what was meant.
        raise UnsupportedMediaType(
            f"Content-Type {request.mimetype or '(none)'!s:.60} is not read here; send "
            f"the document as {' or '.join(BODY_TYPES[:2])} (also: "
            f"{', '.join(BODY_TYPES[2:])})")
    return raw


@bp.route("/recommend", methods=["POST"])
def recommend():
    kb = data.get_kb()
    raw = _body()
    region = advise.read_region(kb, request.args.get("region"))
    profile = advise.read_mapping(raw, "profile") if raw.strip() else None
    top = advise.read_top(request.args.get("top"))
    explain = request.args.get("explain") or None
    return advise.json_response(advise.run_recommend(profile, region=region, top=top,
                                                     explain=explain))


@bp.route("/check", methods=["POST"])
def check():
    raw = _body()
    if not raw.strip():
        raise InputError("send a plan (JSON or YAML) in the request body", field="plan")
    return jsonify(advise.run_check(advise.read_mapping(raw, "plan")))
