"""One helper for every page with a JSON twin (datasette style).

`/interventions/<id>` renders a page; `/interventions/<id>.json` and
`/interventions/<id>?format=json` return the very document the page was rendered
from, so a script sees exactly what a reader sees.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import current_app, jsonify, render_template, request, url_for


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


def refs(doc: dict, kind: str, ids) -> list[dict]:
    """The names (`refs`, kb/present.py) of the linked ids of one kind, in their order:
    what a page shows for `doc.target_groups`, `doc.requires`, ..."""
    named = (doc.get("refs") or {}).get(kind) or {}
    return [named.get(item_id) or {"id": item_id, "label": item_id, "label_en": item_id}
            for item_id in ids or ()]


def ref(doc: dict, kind: str, item_id: str) -> dict:
    """The name of one linked id (see `refs`)."""
    return refs(doc, kind, [item_id])[0]


def link(endpoint: str, **values) -> str:
    """`url_for` for the hot paths: the URL pattern of an endpoint is built once.

    A search page has some fifty links; werkzeug's URL building costs tens of
    microseconds each, which under load is a good part of the page. Path values are
    percent-encoded like werkzeug does; None values are left out.
    """
    values = {k: v for k, v in values.items() if v is not None}
    patterns = current_app.extensions.setdefault("chiptalent.links", {})
    key = (endpoint, tuple(sorted(values)))
    pattern = patterns.get(key)
    if pattern is None:
        pattern = url_for(endpoint, **{k: f"\x00{k}\x00" for k in values})
        pattern = pattern.replace("%00", "\x00")
        patterns[key] = pattern
    for name, value in values.items():
        pattern = pattern.replace(f"\x00{name}\x00", quote(str(value), safe=""))
    return pattern


def link_with_query(endpoint: str, params: dict) -> str:
    """The endpoint's URL (no path values) with a query string."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return link(endpoint) + (f"?{query}" if query else "")
