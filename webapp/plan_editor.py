"""The plan editor: from an arrangement of the advice to a plan the region fills in,
with the checker's findings and the forecast beside each section of Bijlage 1.

| route | gives |
|---|---|
| `GET /plan/draft?<the advice's query>&arrangement=ID` | the editor filled from the draft (`chiptalent plan draft`) of that arrangement |
| `POST /plan/edit` (the editor's fields) | the editor again with the findings and forecast of what was typed; `action=download` gives the plan as YAML, `action=check` the check page for it |
| `POST /plan/edit.json` (the same fields) | what static/plan-editor.js swaps in: each section's findings and forecast, the plan's YAML, the error naming a field |
| `POST /plan/upload` (`file`) | the editor filled from an uploaded plan, to go on where one left off |

Every form carries the CSRF token (webapp/csrf.py; the script sends it back). A value
the plan reader cannot take (text where an amount belongs, a negative count) is shown
again beside its input with the reader's message naming the field, status 400; the
rest of the plan is kept as typed.
"""

from __future__ import annotations

import copy
import re

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from chiptalent.errors import InputError
from chiptalent.i18n import format_money
from chiptalent.kb.model import MECHANISMS
from chiptalent.rules.draft.output import plan_yaml
from chiptalent.webapp import advise, data
from chiptalent.webapp.i18n import lang, pick, t
from chiptalent.webapp.lru import app_cache
from chiptalent.webapp.plan_form import (EXTRA, field_for, form_path, form_to_plan,
                                         values_of)
from chiptalent.webapp.plan_sections import SECTIONS, section_panels
from chiptalent.webapp.profile_query import form_field, read_query

bp = Blueprint("plan_editor", __name__)

DRAFT_CACHE_SIZE = 16           # drafts kept per app (each a few hundred kB at most)


def _condition_ids(kb) -> list[str]:
    return list(kb.vocabulary("precondition"))


def _check(plan: dict) -> tuple[dict | None, dict | None]:
    """(the check result, None) or (None, the reader's error)."""
    try:
        return advise.run_check(plan), None
    except InputError as exc:
        return None, {"error": exc.message, "field": exc.field or "", "line": exc.line}
    except RecursionError:
        return None, {"error": "document nested too deeply", "field": "", "line": None}


def _errors(error: dict | None, values: dict) -> dict:
    """The reader's error under the input it names (or the page's summary)."""
    if not error:
        return {}
    key = field_for(error.get("input") or error.get("field"), values) or "plan"
    return {key: dict(error, label=error.get("field") or t("plan_editor.plan"))}


def _options(kb, scheme: str) -> list[tuple[str, str]]:
    return [(cid, f"{pick(concept)} ({cid})") for cid, concept in kb.vocabulary(scheme).items()]


# The lists of the form whose rows are shown: the plan's, plus an empty one to add to
# when the form is fresh from a plan.
ROW_LISTS = ("consortium", "solutions", "business_measures", "budget.cofinancing")


def _rows(values: dict, fresh: bool) -> dict[str, list[int]]:
    """The row numbers each list shows: those the values have (never a range up to the
    largest number sent: `solutions[99999999]` is one row), and a new one when fresh."""
    rows = {}
    for prefix in ROW_LISTS:
        pattern = re.compile(re.escape(prefix) + r"\[(\d+)\]")
        found = sorted({int(m.group(1)) for m in map(pattern.match, values) if m})
        rows[prefix] = found + ([found[-1] + 1 if found else 0] if fresh else [])
    return rows


def _about(about: dict | None) -> dict | None:
    """The draft's origin as the page says it: arrangement, budget and its source."""
    if not about:
        return None
    shown = dict(about)
    shown["budget_text"] = format_money(about.get("budget"), lang(), 0)
    source = about.get("budget_source")
    if source:
        shown["budget_label"] = source["label"] if lang() == "nl" else source["label_en"]
    return shown


def _page(plan: dict, *, values: dict | None = None, result=None, error=None,
          about: dict | None = None, status: int = 200, upload_error=None):
    kb = data.get_kb()
    ids = _condition_ids(kb)
    from_form = values is not None
    if values is None:
        values = values_of(plan, ids)
    errors = _errors(error, values)
    if upload_error:
        errors["file"] = dict(upload_error, label=t("plan_editor.upload.file"))
    conditions = plan.get("conditions") if isinstance(plan.get("conditions"), dict) else {}
    context = {
        "plan": plan, "values": values, "errors": errors, "about": _about(about),
        "result": result, "sections": SECTIONS, "extra_name": EXTRA,
        "panels": section_panels(result, plan, kb, lang()) if result else {},
        "rows": _rows(values, fresh=not from_form),
        "regions_options": [(rid, pick(kb.regions[rid])) for rid in data.region_ids(kb)],
        "party_options": _options(kb, "party_type"),
        "cofinancing_options": _options(kb, "cofinancing_type"),
        "mechanism_options": [(m, m) for m in MECHANISMS],
        "condition_names": ids + [c for c in conditions if c not in ids],
        "programmes": kb.vocabulary("programme"),
        "preconditions": kb.vocabulary("precondition"),
    }
    return Response(render_template("plan_editor.html", **context), status=status,
                    mimetype="text/html")


# --- the draft ---------------------------------------------------------------------------

@bp.route("/plan/draft")
def draft():
    from chiptalent.rules.draft import draft_plan

    kb = data.get_kb()
    q = read_query(request.args, kb)
    arrangement = (request.args.get("arrangement") or "").strip() or None
    problem = None
    if q.errors:
        key, e = next(iter(q.errors.items()))
        problem = {"error": e["error"], "field": e.get("field") or key}
    elif q.empty:
        problem = {"error": t("plan_editor.no_region"), "field": "region"}
    if problem is None:
        def make():
            made = draft_plan(q.profile(), kb=kb, budget=q.euros("budget"),
                              cofinancing=q.euros("cofinancing"), arrangement=arrangement,
                              lang=lang(), top=q.top_number)
            return made, _check(made["plan"])
        # A draft is a function of the query, the language and the knowledge base's
        # version, and takes seconds (the advice, the optimiser, the forecast): kept.
        key = (tuple(q.pairs(explain=False)), arrangement, lang(), kb.fingerprint)
        try:
            kept = app_cache(current_app, "chiptalent.plan_drafts", DRAFT_CACHE_SIZE).get(
                key, make)
        except InputError as exc:
            problem = {"error": exc.message, "field": form_field(exc.field) or exc.field}
    if problem is not None:
        return Response(render_template("plan_editor_start.html", problem=problem,
                                        regions=[(rid, kb.regions[rid])
                                                 for rid in data.region_ids(kb)]),
                        status=400, mimetype="text/html")
    result, (checked, error) = copy.deepcopy(kept)     # the page must not change what is kept
    return _page(result["plan"], result=checked, error=error, about=result["about"])


# --- editing -----------------------------------------------------------------------------

def _from_form() -> tuple[dict, dict | None, dict | None]:
    """(the plan the form holds, its check result, the reader's error); the error's
    `input` is the form's input it belongs to."""
    kb = data.get_kb()
    rows: dict = {}
    try:
        plan = form_to_plan(request.form, _condition_ids(kb), rows)
    except InputError as exc:
        return {}, None, {"error": exc.message, "field": exc.field or "", "line": None,
                          "input": exc.field}
    result, error = _check(plan)
    if error:
        error["input"] = form_path(error.get("field"), rows)
    return plan, result, error


def _download(plan: dict) -> Response:
    region = "".join(c for c in str(plan.get("region") or "plan").lower()
                     if c.isalnum() or c == "-")[:40] or "plan"
    response = Response(plan_yaml(plan), content_type="application/yaml; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="plan-{region}.yaml"'
    return response


@bp.route("/plan/edit", methods=["POST"])
def edit():
    plan, result, error = _from_form()
    action = request.form.get("action", "update")
    if error is None and action == "download":
        return _download(plan)
    if error is None and action == "check":
        from chiptalent.webapp.review_page import show_plan_text
        return show_plan_text(plan_yaml(plan))
    values = dict(request.form.items()) if error else None
    return _page(plan, values=values, result=result, error=error,
                 status=400 if error else 200)


@bp.route("/plan/edit.json", methods=["POST"])
def edit_json():
    kb = data.get_kb()
    plan, result, error = _from_form()
    names = set(request.form.keys())
    if error:
        field = field_for(error.get("input") or error.get("field"), names)
        return jsonify({"ok": False, "error": dict(error, input=field), "panels": {},
                        "yaml": None}), 400
    panels = section_panels(result, plan, kb, lang())
    html = {sid: render_template("plan_editor_panel.html", panel=panel)
            for sid, panel in panels.items()}
    return jsonify({"ok": True, "error": None, "coherent": result["coherent"],
                    "counts": result["counts"], "panels": html, "yaml": plan_yaml(plan),
                    "status": t("plan_editor.status", error=result["counts"]["error"],
                                warning=result["counts"]["warning"],
                                info=result["counts"]["info"])})


@bp.route("/plan/upload", methods=["POST"])
def upload():
    upload_file = request.files.get("file")
    problem = None
    plan: dict = {}
    if upload_file is None or not upload_file.filename:
        problem = {"error": t("review.empty"), "field": "file"}
    else:
        raw = upload_file.read()
        try:
            plan = advise.read_mapping(raw, "file")
            if not isinstance(plan, dict):
                raise InputError(t("plan_editor.upload.mapping"), field="file")
        except InputError as exc:
            problem = {"error": exc.message, "field": exc.field or "file", "line": exc.line}
            plan = {}
    if problem:
        return _page({}, upload_error=problem, status=400)
    result, error = _check(plan)
    return _page(plan, result=result, error=error, status=400 if error else 200)

