"""Rendered pages kept for anonymous visitors: the search page and the region's journey.

Rendering the advice page takes some 20 ms and the search page a few, most of a
request's time, and what they show is a function of the address, the language and
the knowledge base's version (and for search the index's): the same for every
visitor who is not logged in. So an anonymous GET of those pages is answered from a
bounded LRU (PAGE_CACHE_SIZE, default 128 pages) keyed on exactly that.

What differs between visitors is kept out of the stored page and put back per
response: the session's CSRF token (the paste form carries it) is stored as a
placeholder and replaced by the visitor's own; cookies and the security headers are
made per response by the app's other hooks, which run for a kept page as for a fresh
one. A logged-in adviser, a session with a message waiting (flash), a POST, or any
status but 200 is never served from or stored in the cache.
"""

from __future__ import annotations

import secrets

from flask import current_app, g, request, session

from chiptalent.webapp.lru import app_cache

# Endpoints whose GET pages are the same for every anonymous visitor.
CACHED_ENDPOINTS = frozenset({"search.page", "recommend.page"})
PLACEHOLDER = f"csrf-{secrets.token_hex(16)}-placeholder"
# Headers a hook adds per response: never stored with the page.
PER_RESPONSE = frozenset({"set-cookie", "content-length", "vary"})


def _cache():
    return app_cache(current_app, "chiptalent.pages",
                     int(current_app.config.get("PAGE_CACHE_SIZE", 128)))


def _key():
    from chiptalent.webapp import data
    from chiptalent.webapp.i18n import lang

    if request.method != "GET" or request.endpoint not in CACHED_ENDPOINTS:
        return None
    if session.get("user") or session.get("_flashes"):
        return None
    kb = data.get_kb()
    version = kb.fingerprint
    if request.endpoint == "search.page":
        from chiptalent.kb.search import index_version
        version = (version, index_version(kb, current_app.config.get("DATA_DIR")))
    return (request.endpoint, request.path, tuple(request.args.items(multi=True)),
            lang(), version)


def before():
    key = _key()
    if key is None:
        return None
    kept = _cache().peek(key)
    if kept is None:
        g.page_cache_key = key
        return None
    body, status, headers, has_token = kept
    if has_token:
        from chiptalent.webapp import csrf
        body = body.replace(PLACEHOLDER, csrf.token())
    return current_app.response_class(body, status=status, headers=headers)


def after(response):
    key = g.pop("page_cache_key", None)
    if key is None or response.status_code != 200 or response.mimetype != "text/html" \
            or response.direct_passthrough or response.is_streamed:
        return response
    body = response.get_data(as_text=True)
    token = session.get("csrf")
    has_token = isinstance(token, str) and bool(token) and token in body
    if has_token:
        body = body.replace(token, PLACEHOLDER)
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in PER_RESPONSE]
    _cache().put(key, (body, response.status_code, headers, has_token))
    return response


def register(app) -> None:
    """Call last in create_app: its lookup runs after the language and CSRF hooks,
    and its store first among the after-request hooks (before headers are added)."""
    app.before_request(before)
    app.after_request(after)
