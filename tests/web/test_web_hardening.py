"""Regression tests of the hardening issue (20): each reproduces an attack or a fault a
security tester found, and fails without its fix.

HEAD treated as a write, sessions that never expired, lone surrogates answered with a
500, missing cache and transport headers, a JSON API that took any content type.
"""

from __future__ import annotations

import time

import yaml
from form_support import csrf_token
from test_web_curation_support import PASSWORD, curated, edit_form, login  # noqa: F401

SOURCE = "katapult"


# --- 1. HEAD is GET: it never runs a write branch -------------------------------------

def test_head_with_credentials_does_not_log_in(curated):
    client = curated.app.test_client()
    response = client.open("/login", method="HEAD",
                           data={"name": "anna", "password": PASSWORD})
    assert response.status_code == 200 and response.get_data() == b""
    # Not logged in: the curation start still sends the visitor to the login form.
    assert client.get("/curation/").status_code == 303


def test_head_does_not_edit_or_create_evidence(curated):
    before = curated.source_file(SOURCE).read_bytes()
    sources = sorted(p.name for p in (curated.kb_dir / "evidence").glob("*.yaml"))
    client = curated.client("anna")
    data = edit_form(client, SOURCE)
    data.update(title="Via HEAD bewerkt", reason="HEAD-aanval")
    response = client.open(f"/curation/evidence/{SOURCE}", method="HEAD", data=data)
    assert response.status_code == 200
    new = edit_form(client, "katapult")
    new.update(title="Nieuw via HEAD", publisher="Aanvaller", reason="HEAD-aanval")
    new.pop("version", None)
    assert client.open("/curation/new", method="HEAD", data=new).status_code == 200
    assert curated.source_file(SOURCE).read_bytes() == before
    assert sorted(p.name for p in (curated.kb_dir / "evidence").glob("*.yaml")) == sources
    assert curated.store.history(SOURCE) == []


def test_head_answers_like_get_without_a_body(client):
    get = client.get("/check")
    head = client.head("/check")
    assert head.status_code == get.status_code == 200
    assert head.get_data() == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["Content-Security-Policy"] == get.headers["Content-Security-Policy"]


def test_every_method_but_get_head_options_needs_the_token(curated):
    """A method a list of unsafe ones forgot (here PROPFIND) is not let through."""
    from chiptalent.webapp import create_app

    app = create_app({"TESTING": True})
    ran = []
    app.add_url_rule("/dav", "dav", lambda: ran.append(1) or "ran",
                     methods=["GET", "PROPFIND"])
    client = app.test_client()
    assert client.open("/dav", method="PROPFIND").status_code == 400
    assert ran == []
    assert client.open("/dav", method="OPTIONS").status_code == 200
    assert client.get("/dav").status_code == 200 and ran == [1]
