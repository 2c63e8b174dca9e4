"""Error handling: a page or a JSON error for every failure, never a traceback.

A request that asked for JSON (the `/api/` paths, a `.json` twin, `?format=json`)
gets `{"error": ..., "field": ...}` with the status; anyone else gets a small page in
their language. Unexpected exceptions are logged on the server and answered with a
plain 500 that reveals nothing about the code.
"""

from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, NotFound

from chiptalent.errors import InputError
from chiptalent.i18n import format_number


class UnknownId(NotFound):
    """A 404 that names the field whose value matched nothing."""

    def __init__(self, message: str, field: str = "id"):
        super().__init__(message)
        self.field = field


def wants_json() -> bool:
    return (request.path.startswith("/api/") or request.path.endswith(".json")
            or request.args.get("format") == "json")


def error_response(status: int, message: str, field: str | None = None, extra=None):
    if wants_json():
        doc = {"error": message, "field": field}
        if extra:
            doc.update(extra)
        response = jsonify(doc)
        response.status_code = status
        return response
    return render_template("error.html", status=status, message=message,
                           field=field), status


def _limit_text(app) -> str:
    from chiptalent.webapp.i18n import lang
    limit = app.config.get("MAX_CONTENT_LENGTH") or 0
    return f"{format_number(limit, lang())} bytes"


def register(app) -> None:

    @app.errorhandler(InputError)
    def _input_error(exc: InputError):
        doc = exc.as_json()
        return error_response(400, doc["error"], doc.get("field"),
                              {"line": doc["line"]} if "line" in doc else None)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        from chiptalent.webapp.i18n import t
        if status == 413:
            message = t("error.413.text", limit=_limit_text(app))
            return error_response(413, message, "body")
        if status == 404:
            field = getattr(exc, "field", None)
            # Our own 404s carry a message naming the id; route misses get a plain one.
            message = exc.description if field else t("error.404.text")
            return error_response(404, message, field)
        if status == 405:
            return error_response(405, t("error.405.text"), None)
        if status == 415:
            return error_response(415, exc.description, "Content-Type")
        if status == 400:
            return error_response(400, exc.description or t("error.400"), None)
        return error_response(status, exc.description or str(status), None)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # Log the traceback for the operator; tell the client nothing about the code.
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        from chiptalent.webapp.i18n import t
        return error_response(500, t("error.500.text"), None)
