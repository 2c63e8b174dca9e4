"""Security headers on every response, and the request body limit.

The pages carry no inline script or style, so the Content-Security-Policy can allow
only this site's own files: an injected `<script>` or `style=` would not run even if
escaping ever failed. Framing is refused (clickjacking); MIME sniffing is off.

A page for a logged-in adviser (or a login or curation page) is `Cache-Control:
no-store`: neither the browser's history nor a shared cache keeps a copy of what only
that session may see. Served over https (`request.is_secure`, or HTTPS configured for
a TLS proxy in front), responses carry HSTS, so the browser never tries plain http.

HEAD is GET without the body (RFC 9110), so a HEAD request reaches every view as GET:
a view that branches on "GET or else the form was posted" can never run its write
branch on a HEAD. Werkzeug still drops the body, because the WSGI environ keeps
saying HEAD.
"""

from __future__ import annotations

# 1 MB: a plan with 200 solutions is about 100 kB (kb/yamlio.py); more is not a plan.
MAX_CONTENT_LENGTH = 1_000_000

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


# One year, the usual; subdomains too (the site has no reason to serve any over http).
HSTS = "max-age=31536000; includeSubDomains"
# Blueprints whose pages are for one session only (forms with its CSRF token, edits).
PRIVATE_BLUEPRINTS = frozenset({"auth", "curation", "curation_import"})
SESSION_USER = "user"           # auth.py keeps the logged-in account's name under it


def private() -> bool:
    """Whether this response is for the session alone (never to be kept by a cache)."""
    from flask import request, session
    if request.endpoint == "static":
        return False            # the same files for everyone
    return request.blueprint in PRIVATE_BLUEPRINTS or bool(session.get(SESSION_USER))


def head_as_get() -> None:
    """Let the view see a HEAD as the GET it is (before any other hook runs)."""
    from flask import request
    if request.method == "HEAD":
        request.method = "GET"


def register(app) -> None:
    # First of the app's before_request hooks: CSRF and the access guards see GET too.
    app.before_request_funcs.setdefault(None, []).insert(0, head_as_get)
    # Flask's default is None (no limit), so setdefault would not do.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = MAX_CONTENT_LENGTH

    @app.after_request
    def _security_headers(response):
        from flask import request
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if private():
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure or app.config.get("HTTPS"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        # The language cookie changes the page, so caches must keep languages apart.
        response.vary.add("Cookie")
        return response
