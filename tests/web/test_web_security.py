"""Security headers, no inline script or style, error pages without tracebacks, the
body limit for pages, and escaping of everything a visitor can put in a URL."""

from __future__ import annotations

import re

import pytest
from tests.helpers.forms import form_post

from chiptalent.webapp import create_app
from chiptalent.webapp.security import CSP

PAGES = ["/", "/search?q=omscholing", "/building-blocks", "/building-blocks/2",
         "/interventions", "/target-groups", "/target-groups/adult-learners", "/regions",
         "/regions/brainport", "/gap-map", "/recommend", "/recommend?region=twente",
         "/check", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES + ["/api/search?q=x", "/gap-map.json",
                                          "/static/style.css", "/api/interventions/x"])
def test_security_headers_everywhere(client, path):
    response = client.get(path)
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Cookie" in headers.get("Vary", "")


def test_csp_allows_only_own_scripts_and_styles():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in CSP


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(client, path):
    page = client.get(path).get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert re.search(r'\bsrc="/static/[\w.]+\.js"', tag), tag
    assert not re.search(r"<script\b[^>]*>[^<]+</script>", page)
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)          # no inline event handlers


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_landmarked_and_labelled(client, path):
    page = client.get(path).get_data(as_text=True)
    assert re.search(r'<html lang="(nl|en)">', page)
    assert "<main id=\"main\"" in page and "<header" in page and "<footer" in page
    assert len(re.findall(r"<h1[ >]", page)) == 1
    assert '<a class="skip" href="#main">' in page
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page):
        assert f'<label for="{field_id}">' in page


def _app_with_failing_routes():
    app = create_app({"TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail /etc/passwd")

    @app.route("/api/boom")
    def api_boom():
        raise KeyError("secret detail")

    return app


def test_500_page_reveals_nothing(caplog):
    client = _app_with_failing_routes().test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret" not in body and "Traceback" not in body and "RuntimeError" not in body
    assert "500" in body and '<html lang="nl">' in body
    assert "secret detail" in caplog.text          # but the operator's log has it
    api = client.get("/api/boom")
    assert api.status_code == 500
    doc = api.get_json()
    assert set(doc) == {"error", "field"} and "secret" not in doc["error"]


def test_405_page(client):
    response = client.post("/regions")
    assert response.status_code == 405
    assert response.content_type.startswith("text/html")
    assert "405" in response.get_data(as_text=True)


def test_413_for_a_page_is_a_page(client):
    response = client.post("/check", data={"plan": "x" * 1_100_000})
    assert response.status_code == 413
    assert response.content_type.startswith("text/html")
    assert "413" in response.get_data(as_text=True)


def test_404_reflects_no_markup(client):
    response = client.get("/interventions/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 404
    assert "<script>alert" not in response.get_data(as_text=True)
    twin = client.get("/interventions/%3Cscript%3E.json")
    assert twin.status_code == 404 and twin.get_json()["field"] == "id"


def test_form_input_is_escaped_when_shown_again(client):
    attack = "region: <script>alert(1)</script>\n"
    # the form carries the session's CSRF token (webapp/csrf.py); send it as the form does
    response = form_post(client, "/recommend", {"profile": attack})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'role="alert"' in page


def test_only_web_addresses_become_links(app):
    template = app.jinja_env.from_string(
        "{% if url is http_url %}<a href=\"{{ url }}\">x</a>{% else %}{{ url }}{% endif %}")
    assert template.render(url="https://example.org/a?b=1&c=2") == \
        '<a href="https://example.org/a?b=1&amp;c=2">x</a>'
    assert template.render(url="javascript:alert(1)") == "javascript:alert(1)"
    assert template.render(url=None) == "None"


def test_lang_cookie_is_not_set_from_hostile_values(client):
    response = client.get("/?lang=%3Cscript%3E")
    assert "Set-Cookie" not in response.headers
    client.set_cookie("lang", "<script>")
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)
