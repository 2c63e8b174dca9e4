"""Running the recommender and the plan checker for the web: shared by pages and API.

Profiles and plans come from strangers, so they are read with `load_document` (safe
YAML or JSON, no aliases, size-limited) and any InputError becomes a 400 that names the
field. The pages that use them are recommend_page.py (the region's journey) and
review_page.py (the reviewer's journey); the API is api.py.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app

from chiptalent.errors import InputError
from chiptalent.kb.yamlio import load_document
from chiptalent.rules.checker import check_plan
from chiptalent.rules.recommender import recommend
from chiptalent.webapp import data
from chiptalent.webapp.lru import app_cache

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


def run_recommend(profile: dict | None, *, region=None, top=3, explain=None, budget=None,
                  cofinancing=None, robust=0) -> dict:
    if profile is None and region is None:
        raise InputError("send a profile (JSON or YAML) in the body, or name a region "
                         "with ?region=", field="profile")
    if explain is not None and len(explain) > 100:
        raise InputError("explain must be an intervention id", field="explain")
    kb = data.get_kb()
    # A recommendation is a function of the profile, the options and the knowledge
    # base's version (the rules do not change while the app runs): keep the last
    # RECOMMEND_CACHE_SIZE (default 512) in a bounded LRU shared by the threads. The
    # document is shared between requests: callers treat it as read-only.
    key = (kb.fingerprint, _canonical(profile), region, top, explain, budget, cofinancing,
           robust)
    cache = app_cache(current_app, "chiptalent.recommend",
                      int(current_app.config.get("RECOMMEND_CACHE_SIZE", 512)))
    return cache.get(key, lambda: recommend(
        profile, region=region, kb=kb, rules=data.get_rules(), top=top, explain=explain,
        budget=budget, cofinancing=cofinancing, robust=robust))


def json_response(document: dict):
    """`jsonify(document)`, its bytes made once per kept recommendation: a recommend
    document is ~100 kB of JSON, and serialising it again on every request cost more
    than finding it in the cache."""
    from flask import jsonify

    bodies = app_cache(current_app, "chiptalent.recommend_json",
                       int(current_app.config.get("RECOMMEND_CACHE_SIZE", 512)))
    # Keyed on the object itself (its id, checked with `is`): the entry holds it, so
    # the id cannot be reused while the entry lives.
    held = bodies.peek(id(document))
    if held is not None and held[0] is document:
        return current_app.response_class(held[1], mimetype=held[2])
    response = jsonify(document)
    bodies.put(id(document), (document, response.get_data(), response.mimetype))
    return response


def _canonical(document) -> str | None:
    """One text per profile, whatever its key order (the cache key)."""
    if document is None:
        return None
    return json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)


def run_check(plan: dict) -> dict:
    return check_plan(plan, kb=data.get_kb(), rules=data.get_rules())
