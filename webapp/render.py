"""One helper for every page with a JSON twin (datasette style).

`/interventions/<id>` renders a page; `/interventions/<id>.json` and
`/interventions/<id>?format=json` return the very document the page was rendered
from, so a script sees exactly what a reader sees.
"""

from __future__ import annotations

from flask import jsonify, render_template, request


def json_wanted() -> bool:
    return request.path.endswith(".json") or request.args.get("format") == "json"


def twin_url() -> str:
    """The JSON twin of the current page."""
    from chiptalent.webapp.i18n import url_with
    return url_with(format="json", lang=None)


def respond(template: str, doc: dict, **context):
    if json_wanted():
        return jsonify(doc)
    return render_template(template, doc=doc, json_url=twin_url(), **context)
