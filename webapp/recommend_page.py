"""The region's journey: the profile form, the advice, and the advice to take away.

| route | gives |
|---|---|
| `GET /recommend?region=..&<signal>=..&demand_mbo=..&focus_levels=..&exclude=..&top=..&explain=..` | the form prefilled from the region's defaults, and the advice |
| `POST /recommend` (`profile`: pasted YAML/JSON, or the same fields as the query) | the same page for a pasted profile |
| `GET /recommend?...&partial=1` | only the form and the advice (what recommend.js swaps in) |
| `GET /recommend.json?...` (or `?format=json`) | the recommend document (spec/cli.md) |
| `GET /recommend/profile.yaml?...` | the completed profile, commented, as YAML |
| `GET /recommend/report.md?...` | the advice as Markdown |
| `GET /recommend/print?...` | the advice on a print-friendly page |

The profile lives in the query (profile_query.py), so every one of these is a link.
A bad value is shown next to its field with a 400, never a traceback; a form sent
with empty fields (or defaults) is redirected to the same profile's canonical query,
so the address a visitor shares holds only what they chose.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, redirect, render_template, request

from chiptalent.errors import InputError
from chiptalent.webapp import advise, data
from chiptalent.webapp.advice_export import markdown, profile_yaml
from chiptalent.webapp.advice_view import form_view, result_view
from chiptalent.webapp.i18n import t
from chiptalent.webapp.profile_query import (ProfileQuery, form_field, from_profile,
                                             read_query)
from chiptalent.webapp.render import json_wanted, link

bp = Blueprint("recommend", __name__)

# Parameter draws behind the page's robust picks: enough to tell a pick that holds in
# most draws from one that rests on central values, few enough for a page's answer
# (`chiptalent optimise --robust N` takes as many as asked).
ROBUST_DRAWS = 10


# --- running a query -------------------------------------------------------------------

def _run(q: ProfileQuery) -> dict | None:
    """The recommend document for a checked query; an InputError lands on its field."""
    profile_errors = [k for k in q.errors if k != "explain"]
    if profile_errors or q.empty:
        return None
    explain = q.explain if q.explain and "explain" not in q.errors else None
    try:
        return advise.run_recommend(q.profile(), top=q.top_number, explain=explain,
                                    budget=q.euros("budget"),
                                    cofinancing=q.euros("cofinancing"),
                                    robust=ROBUST_DRAWS if q.euros("budget") else 0)
    except InputError as exc:
        q.error(form_field(exc.field), exc.message, exc.field)
        return None


def _from_paste(text: str, kb, form) -> tuple[ProfileQuery, dict | None]:
    """A pasted profile: its errors belong to the paste field, its values to the form.

    `top` and `explain` may come beside it (as form fields), as with the query.
    """
    from chiptalent.rules.profile import parse_profile
    try:
        doc = advise.read_mapping(text, "profile")
        parse_profile(doc, kb)
    except InputError as exc:
        q = ProfileQuery()
        q.errors["profile"] = {"error": exc.message, "field": exc.field or "profile",
                               **({"line": exc.line} if exc.line else {})}
        return q, None
    q = from_profile(doc, kb)
    extra = read_query(form, kb)          # only its top and explain are used
    q.top, q.explain = extra.top, extra.explain
    q.budget, q.cofinancing = extra.budget, extra.cofinancing
    q.errors.update({k: e for k, e in extra.errors.items()
                     if k in ("top", "explain", "budget", "cofinancing")})
    return q, _run(q)


def _canonical(q: ProfileQuery) -> str | None:
    """Where to send a submitted form so that the address holds only what was chosen.

    A good query goes to its canonical form (no empty fields, no defaults, a fixed
    order); a bad one only loses its empty fields, so the wrong values stay in view.
    None when the address is already right.
    """
    given = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    if q.errors:
        wanted = [(k, v) for k, v in given if v.strip()]
    else:
        # the user's assumptions (?set=ID=VALUE, webapp/yield_view.py) stay, last
        wanted = q.pairs() + [(k, v) for k, v in given if k == "set" and v.strip()]
    if wanted == given:
        return None
    if "lang" in request.args:
        wanted.append(("lang", request.args["lang"]))
    query = urlencode(wanted)
    return request.path + (f"?{query}" if query else "")


def _field_labels(kb, form: dict) -> dict:
    labels = {"region": t("profile.region"), "name": t("profile.name"),
              "existing_programmes": t("profile.programmes"),
              "focus_levels": t("profile.focus"), "exclude": t("profile.exclude"),
              "top": t("profile.top"), "explain": t("advice.explain.label"),
              "budget": t("profile.budget"), "cofinancing": t("profile.cofinancing"),
              "profile": t("profile.paste.label")}
    labels.update({d["id"]: d["label"] for d in form["demand"]})
    labels.update({s["id"]: s["label"] for s in form["signals"]})
    return labels


ERROR_TARGETS = {"existing_programmes": "existing_programmes-group",
                 "focus_levels": "focus_levels-group", "exclude": "exclude-group"}


def _urls(q: ProfileQuery) -> dict:
    query = q.query()
    suffix = f"?{query}" if query else ""
    return {"share": link("recommend.page") + suffix,
            "profile": link("recommend.profile_download") + suffix,
            "markdown": link("recommend.markdown_download") + suffix,
            "json": link("recommend.page_json") + suffix,
            "print": link("recommend.print_page") + suffix,
            "stem": q.region or "profiel"}


def _with_explain_error(view: dict, q: ProfileQuery) -> dict:
    """The message that takes the explanation's place when its entry was unusable."""
    error = q.errors.get("explain")
    view["explain_error"] = error["error"] if error else None
    return view


def _context(q: ProfileQuery, document: dict | None, paste_text: str = "") -> dict:
    kb = data.get_kb()
    form = form_view(q, kb, document)
    labels = _field_labels(kb, form)
    errors = {key: dict(e, label=labels.get(key, key)) for key, e in q.errors.items()}
    return {"q": q, "form": form, "errors": errors, "error_targets": ERROR_TARGETS,
            "document": document, "paste_text": paste_text,
            "view": _with_explain_error(result_view(kb, q, document), q) if document else None,
            "urls": _urls(q), "regions": [(rid, kb.regions[rid]) for rid in data.region_ids(kb)],
            "kb": kb, "printing": False}


def _first_error(q: ProfileQuery) -> InputError:
    key, e = next(iter(q.errors.items()))
    return InputError(e["error"], field=e.get("field") or key)


def _require(q: ProfileQuery, document: dict | None) -> dict:
    """The document for a download or a twin, or the InputError that explains its absence.

    A bad "why (not)?" entry does not stop it: the advice does not depend on it, and
    the download or print version says in its place why it is left out."""
    if any(key != "explain" for key in q.errors):
        raise _first_error(q)
    if document is None:
        raise InputError("name a region with ?region= (or give a name and a profile)",
                         field="region")
    return document


# --- pages -----------------------------------------------------------------------------

@bp.route("/recommend", methods=["GET", "POST"])
def page():
    kb = data.get_kb()
    partial = request.args.get("partial") == "1"
    paste_text = ""
    if request.method == "POST":
        paste_text = request.form.get("profile", "")
        if paste_text.strip():
            q, document = _from_paste(paste_text, kb, request.form)
        else:
            q = read_query(request.form, kb)
            document = _run(q)
    else:
        q = read_query(request.args, kb)
        target = None if partial or json_wanted() else _canonical(q)
        if target is not None:
            return redirect(target, code=303)
        document = _run(q)
    if json_wanted():
        return jsonify(_require(q, document))
    status = 400 if q.errors else 200
    context = _context(q, document, paste_text)
    template = "recommend_app.html" if partial else "recommend.html"
    response = Response(render_template(template, **context), status=status,
                        mimetype="text/html")
    if partial:
        # The fragment is for the script only; a browser must not show it as the page.
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/recommend.json")
def page_json():
    kb = data.get_kb()
    q = read_query(request.args, kb)
    return advise.json_response(_require(q, _run(q)))


def _download(body: str, content_type: str, filename: str) -> Response:
    # content_type, not mimetype: werkzeug adds a second "; charset=" to a mimetype.
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/recommend/profile.yaml")
def profile_download():
    kb = data.get_kb()
    q = read_query(request.args, kb)
    document = _require(q, _run(q))
    return _download(profile_yaml(document, kb), "application/yaml; charset=utf-8",
                     f"{q.region or 'profiel'}-profiel.yaml")


@bp.route("/recommend/report.md")
def markdown_download():
    kb = data.get_kb()
    q = read_query(request.args, kb)
    document = _require(q, _run(q))
    context = _context(q, document)
    return _download(markdown(context["view"], context["form"], document),
                     "text/markdown; charset=utf-8", f"{q.region or 'profiel'}-advies.md")


@bp.route("/recommend/print")
def print_page():
    kb = data.get_kb()
    q = read_query(request.args, kb)
    document = _require(q, _run(q))
    context = _context(q, document)
    context["printing"] = True
    return render_template("recommend_print.html", **context)
