"""The reviewer's journey: upload or paste a plan, read the check, take the report.

| route | gives |
|---|---|
| `GET /check` | the form: a file (multipart) or pasted YAML/JSON, and the blank template |
| `POST /check` (`file` or `plan`) | the verdict, the findings grouped by the sections of Bijlage 1 with the call's own words, and the figures |
| `POST /check/report.md`, `POST /check/report.html` (same fields) | the report of `check_report.render` as a download |
| `POST /check/report.pdf` (same fields) | the same report as a PDF, rendered here with its fonts embedded (rules/check_pdf.py) |
| `GET /check/template.yaml` | a blank plan in the structure of spec/plan.md, commented |

A plan that cannot be read is shown again with the error beside the field it came
from (`file` or `plan`) and the place in the plan the error names
(`solutions[0].funding_requested`, or a line); a body over MAX_CONTENT_LENGTH is a
413 before any of this runs.
"""

from __future__ import annotations

import re
from importlib import resources

from flask import (Blueprint, Response, current_app, render_template, request,
                   send_from_directory)

from chiptalent.errors import InputError
from chiptalent.i18n import format_number
from chiptalent.rules.check_pdf import render_pdf
from chiptalent.rules.check_report import render, report_content
from chiptalent.webapp import advise, data
from chiptalent.webapp.forecast_charts import forecast_view
from chiptalent.webapp.i18n import lang, t

# The report's templates (rules/templates/) are found beside the app's own.
bp = Blueprint("review", __name__,
               template_folder=str(resources.files("chiptalent.rules") / "templates"))

TEMPLATE_FILE = "plan-template.yaml"
REPORT_TYPES = {"md": ("markdown", "text/markdown; charset=utf-8"),
                "html": ("html", "text/html; charset=utf-8"),
                "pdf": ("pdf", "application/pdf")}
# The HTML report carries its own small stylesheet inline and no script at all.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")


class PlanInputError(Exception):
    """An unreadable plan, with the form field (`file` or `plan`) it came in."""

    def __init__(self, key: str, error: InputError):
        super().__init__(error.message)
        self.key = key
        self.error = error


def read_plan_input() -> tuple[str, str]:
    """The plan's text and the field it came in: an uploaded file before pasted text."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        raw = upload.read()
        if not raw.strip():
            raise PlanInputError("file", InputError(t("review.empty"), field="file"))
        try:
            return raw.decode("utf-8"), "file"
        except UnicodeDecodeError:
            raise PlanInputError("file", InputError("not UTF-8 text", field="file")) from None
    text = request.form.get("plan", "")
    if not text.strip():
        raise PlanInputError("plan", InputError(t("review.empty"), field="plan"))
    return text, "plan"


def check_text(text: str, key: str) -> dict:
    try:
        return advise.run_check(advise.read_mapping(text, "plan"))
    except InputError as exc:
        raise PlanInputError(key, exc) from None
    except RecursionError:
        raise PlanInputError(key, InputError("document nested too deeply", field=key)) from None


def _error_doc(exc: PlanInputError) -> dict:
    doc = {"error": exc.error.message, "field": exc.error.field or exc.key,
           "label": t("review.file") if exc.key == "file" else t("review.paste")}
    if exc.error.line:
        doc["line"] = exc.error.line
    return doc


def _limit() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return f"{format_number(limit, lang())} bytes"


def _render(result=None, error: PlanInputError | None = None, plan_text: str = ""):
    errors = {error.key: _error_doc(error)} if error else {}
    context = {"result": result, "errors": errors, "plan_text": plan_text,
               "limit": _limit(), "kb": data.get_kb()}
    if result is not None:
        # The report's own content: the page includes the report's findings and
        # figures fragments (rules/templates/check/), so it shows what the downloads do.
        context["report"] = report_content(result, lang())
        # The forecast's charts and tables (webapp/forecast_charts.py).
        context["forecast"] = forecast_view((result.get("totals") or {}).get("forecast"),
                                            context["kb"], lang())
    return render_template("check.html", **context), 400 if error else 200


@bp.route("/check", methods=["GET", "POST"])
def page():
    if request.method == "GET":
        return _render()
    plan_text = ""
    try:
        plan_text, key = read_plan_input()
        return _render(check_text(plan_text, key), plan_text=plan_text)
    except PlanInputError as exc:
        return _render(error=exc, plan_text=plan_text)


def show_plan_text(plan_text: str):
    """The check page for a plan sent from elsewhere (the plan editor's "check")."""
    try:
        return _render(check_text(plan_text, "plan"), plan_text=plan_text)
    except PlanInputError as exc:
        return _render(error=exc, plan_text=plan_text)


def _filename(result: dict, ext: str) -> str:
    region = (result.get("plan") or {}).get("region") or ""
    stem = re.sub(r"[^a-z0-9-]", "", str(region).lower())[:40] or "plan"
    return f"plantoets-{stem}.{ext}"


@bp.route("/check/report.<ext>", methods=["POST"])
def report(ext):
    if ext not in REPORT_TYPES:
        raise InputError(f"unknown report format {ext[:10]!r}; use md, html or pdf",
                         field="format")
    plan_text = ""
    try:
        plan_text, key = read_plan_input()
        result = check_text(plan_text, key)
    except PlanInputError as exc:
        return _render(error=exc, plan_text=plan_text)
    fmt, mimetype = REPORT_TYPES[ext]
    if fmt == "pdf":
        body = render_pdf(report_content(result, lang()), lang())
    else:
        body = render(result, fmt, lang())
    # content_type, not mimetype: werkzeug adds a second "; charset=" to a mimetype.
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(result, ext)}"'
    if ext == "html":
        response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


@bp.route("/check/template.yaml")
def template():
    return send_from_directory(current_app.static_folder, TEMPLATE_FILE, as_attachment=True,
                               download_name=TEMPLATE_FILE,
                               mimetype="application/yaml; charset=utf-8")
