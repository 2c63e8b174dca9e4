"""Running the recommender and the plan checker for the web: shared by pages and API.

Profiles and plans come from strangers, so they are read with `load_document` (safe
YAML or JSON, no aliases, size-limited) and any InputError becomes a 400 that names the
field. The pages `/recommend` and `/check` are plain forms that work without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from werkzeug.exceptions import ServiceUnavailable

from chiptalent.errors import InputError
from chiptalent.kb.yamlio import load_document
from chiptalent.webapp import data
from chiptalent.webapp.i18n import t
from chiptalent.webapp.render import json_wanted, twin_url

bp = Blueprint("advise", __name__)

MAX_TOP = 10


def read_mapping(raw: bytes | str, name: str):
    """An untrusted profile or plan: parsed safely; a mapping or an InputError."""
    document = load_document(raw, name)
    if not isinstance(document, dict):
        raise InputError(f"the {name} must be a mapping (a JSON object), not "
                         f"{type(document).__name__}", field=name)
    return document


def read_top(value) -> int:
    if value in (None, ""):
        return 3
    try:
        top = int(value)
    except (TypeError, ValueError):
        raise InputError(f"top must be a whole number from 1 to {MAX_TOP}", field="top") from None
    if not 1 <= top <= MAX_TOP:
        raise InputError(f"top must be from 1 to {MAX_TOP}", field="top")
    return top


def read_region(kb, value) -> str | None:
    if not value:
        return None
    if value not in kb.regions and value != "overig":
        allowed = ", ".join(sorted(kb.regions))
        raise InputError(f"unknown region {value[:60]!r}; allowed: {allowed}", field="region")
    return value


def run_recommend(profile: dict | None, *, region=None, top=3, explain=None) -> dict:
    try:
        from chiptalent.rules.recommender import recommend
    except ImportError:
        raise ServiceUnavailable(t("recommend.unavailable")) from None
    if profile is None and region is None:
        raise InputError("send a profile (JSON or YAML) in the body, or name a region "
                         "with ?region=", field="profile")
    if explain is not None and len(explain) > 100:
        raise InputError("explain must be an intervention id", field="explain")
    return recommend(profile, region=region, kb=data.get_kb(), rules=data.get_rules(),
                     top=top, explain=explain)


def run_check(plan: dict) -> dict:
    try:
        from chiptalent.rules.checker import check_plan
    except ImportError:
        raise ServiceUnavailable(t("check.unavailable")) from None
    return check_plan(plan, kb=data.get_kb(), rules=data.get_rules())


def _regions(kb):
    return [(rid, kb.regions[rid]) for rid in data.region_ids(kb)]


@bp.route("/recommend", methods=["GET", "POST"])
def recommend_page():
    kb = data.get_kb()
    form = request.form if request.method == "POST" else request.args
    values = {"region": form.get("region", ""), "profile": form.get("profile", ""),
              "top": form.get("top", "3")}
    result, error = None, None
    try:
        top = read_top(values["top"])
        region = read_region(kb, values["region"])
        profile = read_mapping(values["profile"], "profile") if values["profile"].strip() else None
        if profile is not None or region is not None:
            result = run_recommend(profile, region=None if profile else region, top=top)
    except InputError as exc:
        if json_wanted():
            raise
        error = exc.as_json()
    if json_wanted():
        if result is None:
            raise InputError("name a region with ?region=", field="region")
        return jsonify(result)
    status = 400 if error else 200
    return render_template("recommend.html", result=result, error=error, values=values,
                           regions=_regions(kb), kb=kb,
                           json_url=twin_url() if result and request.method == "GET" else None
                           ), status


@bp.route("/check", methods=["GET", "POST"])
def check_page():
    result, error = None, None
    plan_text = request.form.get("plan", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            if not plan_text.strip():
                raise InputError("paste a plan in YAML or JSON", field="plan")
            result = run_check(read_mapping(plan_text, "plan"))
        except InputError as exc:
            error = exc.as_json()
    status = 400 if error else 200
    return render_template("check.html", result=result, error=error, plan_text=plan_text,
                           kb=data.get_kb()), status
