"""The national view (issue 17): the regional plans side by side and against the call.

| route | gives |
|---|---|
| `GET /national[?budget=EUR]` | the four sound example plans compared: the table, the money asked and allocated per region per scenario (an SVG chart with its data table), the extra workers against the cabinet's goal, downloads |
| `POST /national` (`plans`: files, `examples`, `budget`) | the same with uploaded plans, beside the examples or instead of them |
| `GET /national/report.<ext>` (md, html, json) | the examples' comparison as a download |
| `POST /national/report.<ext>` (the page's hidden fields) | the comparison of the page as a download |

The comparison is `chiptalent compare` (rules/compare/), its report the same templates
(rules/templates/compare/). An uploaded plan that cannot be read is listed with its
error and the others are compared; a page without any readable plan says so. The
example plans are read from `NATIONAL_PLANS_DIR` (default: examples/plans of the source
tree); the comparison of the examples alone is kept per knowledge base and budget, as it
takes a second or two.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from chiptalent.errors import InputError
from chiptalent.i18n import format_money, format_number
from chiptalent.rules.compare.report import allocation_table, plan_label, render, report_content
from chiptalent.webapp import advise, data
from chiptalent.webapp.charts import Bar, bar_chart
from chiptalent.webapp.i18n import lang, t

bp = Blueprint("national", __name__,
               template_folder=str(resources.files("chiptalent.rules") / "templates"))

EXAMPLE_PLANS = ("brainport", "twente", "delft", "groningen")
DEFAULT_PLANS_DIR = Path(__file__).resolve().parent.parent / "examples" / "plans"
MAX_UPLOADS = 8
MILLION = 1_000_000
REPORT_TYPES = {"md": ("markdown", "text/markdown; charset=utf-8"),
                "html": ("html", "text/html; charset=utf-8"),
                "json": (None, "application/json; charset=utf-8")}
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")
_cache: dict[tuple, dict] = {}


class FieldError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _plans_dir() -> Path:
    return Path(current_app.config.get("NATIONAL_PLANS_DIR") or DEFAULT_PLANS_DIR)


def _budget(value) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).replace(".", "").replace(" ", "").replace("€", "")
    if not text.isdigit() or len(text) > 13:
        raise FieldError("budget", t("national.budget.invalid"))
    return int(text)


def _example_sources():
    from chiptalent.rules.compare.inputs import Source

    folder = _plans_dir()
    return [Source(name=f"{name}.yaml", path=folder / f"{name}.yaml") for name in EXAMPLE_PLANS]


def _uploaded_sources():
    """Uploaded files, then plans the page sent back in hidden fields (downloads)."""
    from chiptalent.rules.compare.inputs import Source

    sources = []
    for upload in request.files.getlist("plans"):
        if not upload or not upload.filename:
            continue
        name = Path(upload.filename).name[:120]
        raw = upload.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            sources.append(Source(name=name, error=InputError("not UTF-8 text", field="file")))
            continue
        sources.append(_source_from_text(name, text))
    for name, text in zip(request.form.getlist("plan_name"), request.form.getlist("plan_text")):
        sources.append(_source_from_text(Path(name).name[:120] or "plan", text))
    if len(sources) > MAX_UPLOADS:
        raise FieldError("plans", t("national.too_many", n=MAX_UPLOADS))
    return sources


def _source_from_text(name: str, text: str):
    from chiptalent.rules.compare.inputs import Source

    try:
        document = advise.read_mapping(text, "plan")
    except InputError as exc:
        return Source(name=name, error=exc, extra={"text": text})
    except RecursionError:
        return Source(name=name, error=InputError("document nested too deeply", field="plan"),
                      extra={"text": text})
    return Source(name=name, document=document, extra={"text": text})


def _compare(sources, budget: int | None, cache: bool) -> dict:
    from chiptalent.rules.compare.engine import compare

    kb = data.get_kb()
    key = (kb.fingerprint, budget, str(_plans_dir()))
    if cache and key in _cache:
        return _cache[key]
    result = compare(sources, kb, budget=budget)
    if cache:
        _cache.clear()                      # one entry: the examples at one budget
        _cache[key] = result
    return result


def _money_chart(result: dict):
    """Asked and allocated per region and scenario, in € million (the data table of the
    page, 'Gevraagd en toegekend per regio en scenario', holds the same figures)."""
    scenarios = [(s["id"], t(f"national.scenario.{s['id']}")) for s in result["scenarios"]]
    bars = []
    for row in allocation_table(result):
        # The plan's short key (`brainport`, `twente-2`) keeps the labels within the
        # chart's label column; the data table has the regions' full names.
        short = row["plan"][:1].upper() + row["plan"][1:30]
        bars.append(Bar(f"{short}: {t('national.asked')}",
                        round(row["requested"] / MILLION, 1), highlight=True))
        for sid, label in scenarios:
            bars.append(Bar(f"{short}: {label}", round(row["allocated"][sid] / MILLION, 1)))
    return bar_chart(bars, chart_id="chart-national-money", title=t("national.chart.money"),
                     description=t("national.chart.money.desc"), lang=lang())


def _workers_chart(result: dict):
    n = result["national"]
    bars = [Bar(t("national.goal"), n.get("goal"), highlight=True),
            Bar(t("national.demand"), n.get("demand"), highlight=True),
            Bar(t("national.all_plans"), n["extra_workers_2030"]["p50"])]
    for s in result["scenarios"]:
        bars.append(Bar(t(f"national.scenario.{s['id']}"), s["extra_workers_2030"]["p50"]))
    return bar_chart(bars, chart_id="chart-national-workers",
                     title=t("national.chart.workers"),
                     description=t("national.chart.workers.desc"), lang=lang())


def _hidden_plans(sources) -> list[dict]:
    return [{"name": s.name, "text": s.extra["text"]} for s in sources if "text" in s.extra]


def _render(result=None, errors=None, sources=(), budget=None, examples=True, status=200):
    context = {"result": result, "errors": errors or {}, "budget": budget,
               "budget_text": "" if budget is None else str(budget),
               "examples": examples, "hidden_plans": _hidden_plans(sources),
               "max_uploads": MAX_UPLOADS}
    if result is not None and result["plans"]:
        context["report"] = report_content(result, lang())
        context["money_chart"] = _money_chart(result)
        context["workers_chart"] = _workers_chart(result)
        context["workers_rows"] = [
            (t("national.goal"), format_number(result["national"].get("goal"), lang())),
            (t("national.demand"), format_number(result["national"].get("demand"), lang())),
            (t("national.all_plans"),
             format_number(result["national"]["extra_workers_2030"]["p50"], lang(), 0))] + [
            (t(f"national.scenario.{s['id']}"),
             format_number(s["extra_workers_2030"]["p50"], lang(), 0))
            for s in result["scenarios"]]
        context["labels"] = {p["id"]: plan_label(p) for p in result["plans"]}
        context["budget_shown"] = format_money(result["national"]["budget"], lang())
    return render_template("national.html", **context), status


def _error(exc: FieldError) -> dict:
    return {exc.field: {"error": exc.message, "label": t(f"national.{exc.field}")}}


def _inputs(method: str):
    """(sources, budget, examples, cache) from the query or the form."""
    if method == "GET":
        return _example_sources(), _budget(request.args.get("budget")), True, True
    budget = _budget(request.form.get("budget"))
    examples = request.form.get("examples") == "1"
    uploaded = _uploaded_sources()
    sources = (_example_sources() if examples else []) + uploaded
    if not sources:
        raise FieldError("plans", t("national.nothing"))
    return sources, budget, examples, not uploaded


@bp.route("/national", methods=["GET", "POST"])
def page():
    examples = request.method == "GET" or request.form.get("examples") == "1"
    try:
        sources, budget, examples, cache = _inputs(request.method)
    except FieldError as exc:
        return _render(errors=_error(exc), examples=examples, status=400)
    result = _compare(sources, budget, cache)
    return _render(result, sources=sources, budget=budget, examples=examples,
                   status=200 if result["plans"] else 400)


@bp.route("/national/report.<ext>", methods=["GET", "POST"])
def report(ext):
    if ext not in REPORT_TYPES:
        raise InputError(f"unknown report format {ext[:10]!r}; use md, html or json",
                         field="format")
    try:
        sources, budget, _, cache = _inputs(request.method)
    except FieldError as exc:
        return _render(errors=_error(exc), status=400)
    result = _compare(sources, budget, cache)
    fmt, mimetype = REPORT_TYPES[ext]
    body = (json.dumps(result, ensure_ascii=False, indent=2) + "\n" if fmt is None
            else render(result, fmt, lang()))
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="landelijk-beeld.{ext}"'
    if ext == "html":
        response.headers["Content-Security-Policy"] = REPORT_CSP
    return response
