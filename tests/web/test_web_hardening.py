"""Regression tests of the hardening issue (20): each reproduces an attack or a fault a
security tester found, and fails without its fix.

HEAD treated as a write, sessions that never expired, lone surrogates answered with a
500, missing cache and transport headers, a JSON API that took any content type.
"""

from __future__ import annotations

import time

from tests.helpers.web_curation import PASSWORD, edit_form

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


# --- 4. a login ends: absolutely after SESSION_HOURS, and sooner when idle ------------

class _Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


def _expires(response) -> float:
    from email.utils import parsedate_to_datetime
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("chiptalent_session=")
    stamp = cookie.split("Expires=")[1].split(";")[0]
    return parsedate_to_datetime(stamp).timestamp()


def test_a_busy_session_ends_after_session_hours_from_the_login(curated, monkeypatch):
    from chiptalent.webapp import sessions

    clock = _Clock()
    monkeypatch.setattr(sessions, "clock", clock)
    client = curated.client("anna")
    login_at = clock.now
    hours = curated.app.config["SESSION_HOURS"]
    # A request every 20 minutes keeps the session from idling out ...
    while clock.now + 20 * 60 < login_at + hours * 3600:
        clock.now += 20 * 60
        response = client.get("/curation/")
        assert response.status_code == 200, clock.now - login_at
        # ... but the cookie is never extended beyond the absolute limit.
        assert _expires(response) <= login_at + hours * 3600 + 1
    clock.now = login_at + hours * 3600 + 1
    response = client.get("/curation/")
    assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_an_idle_session_ends_sooner(curated, monkeypatch):
    from chiptalent.webapp import sessions

    clock = _Clock()
    monkeypatch.setattr(sessions, "clock", clock)
    client = curated.client("anna")
    idle = curated.app.config["SESSION_IDLE_MINUTES"] * 60
    assert idle < curated.app.config["SESSION_HOURS"] * 3600
    clock.now += idle - 120
    assert client.get("/curation/").status_code == 200        # still in time, renewed
    clock.now += idle - 120
    assert client.get("/curation/").status_code == 200        # counted from the last use
    clock.now += idle + 1
    response = client.get("/curation/")
    assert response.status_code == 303
    # The cookie was deleted, and a copy of the old one does not come back to life.
    assert client.get("/curation/").status_code == 303


# --- 7. one notion of "the knowledge base changed": an edit on the command line -------

def test_an_edit_on_the_command_line_shows_in_the_running_app(curated):
    import os
    import subprocess
    import sys

    client = curated.app.test_client()
    page = client.get(f"/evidence/{SOURCE}").get_data(as_text=True)
    assert "Titel uit de opdrachtregel" not in page
    version = curated.store.get(SOURCE).version
    env = dict(os.environ, CHIPTALENT_KB=str(curated.kb_dir),
               CHIPTALENT_DATA_DIR=str(curated.data_dir))
    done = subprocess.run(
        [sys.executable, "-m", "chiptalent", "evidence", "edit", SOURCE,
         "--set", "title=Titel uit de opdrachtregel", "--base-version", str(version),
         "--user", "anna", "--reason", "vanuit een andere terminal"],
        env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # The same running app (same store, same process) shows the new title at once:
    # the page, its twin, the API, and the history.
    page = client.get(f"/evidence/{SOURCE}").get_data(as_text=True)
    assert "Titel uit de opdrachtregel" in page
    assert client.get(f"/evidence/{SOURCE}.json").get_json()["title"] == \
        "Titel uit de opdrachtregel"
    assert client.get(f"/api/evidence/{SOURCE}").get_json()["title"] == \
        "Titel uit de opdrachtregel"
    assert "vanuit een andere terminal" in page


# --- 5. the export cache stays bounded over many edits --------------------------------

def test_the_export_cache_stays_bounded_over_many_edits(curated):
    client = curated.client("anna")
    store = curated.store
    sizes = []
    for n in range(6):
        version = store.get(SOURCE).version
        store.edit(SOURCE, {"title": f"Titel nummer {n}"}, base_version=version,
                   user="anna", reason="proef")
        response = client.get("/api/export?format=json")
        assert response.status_code == 200
        assert f"Titel nummer {n}" in response.get_data(as_text=True)
        sizes.append(len(curated.app.extensions["chiptalent.export"]))
    limit = curated.app.config.get("EXPORT_CACHE_SIZE", 3)
    assert max(sizes) <= limit, sizes


# --- 6. a lone surrogate is bad input (400 naming the field), never a 500 -------------

SURROGATE = '{"name": "\\ud800", "region": "twente"}'


def test_a_lone_surrogate_to_the_api_is_a_400_naming_the_field(client):
    for path in ("/api/recommend", "/api/check"):
        response = client.post(path, data=SURROGATE, content_type="application/json")
        assert response.status_code == 400, path
        doc = response.get_json()
        assert doc["field"] == "name" and "surrogate" in doc["error"]
    nested = '{"region": "twente", "solutions": [{"title": "x\\udc00"}]}'
    response = client.post("/api/check", data=nested, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["field"] == "solutions[0].title"


def test_a_lone_surrogate_in_the_paste_forms_and_report_downloads_is_a_400(client):
    from tests.helpers.forms import form_post

    for path, field in (("/recommend", "profile"), ("/check", "plan"),
                        ("/check/report.md", "plan"), ("/check/report.html", "plan")):
        response = form_post(client, path, {field: SURROGATE})
        assert response.status_code == 400, (path, response.status_code)
        assert "surrogate" in response.get_data(as_text=True), path


# --- 12. one charset in the report downloads -------------------------------------------

def test_report_downloads_declare_utf8_once(client):
    from tests.helpers.forms import form_post

    plan = (__import__("pathlib").Path(__file__).parents[2] / "examples" / "plans")
    text = sorted(plan.glob("*.yaml"))[0].read_text(encoding="utf-8")
    responses = [form_post(client, "/check/report.md", {"plan": text}),
                 form_post(client, "/check/report.html", {"plan": text}),
                 client.get("/recommend/report.md?region=twente"),
                 client.get("/recommend/profile.yaml?region=twente"),
                 client.get("/check/template.yaml")]
    for response in responses:
        assert response.status_code == 200
        content_type = response.headers["Content-Type"]
        assert content_type.lower().count("charset=") == 1, content_type
        assert content_type.lower().endswith("charset=utf-8"), content_type
    html = responses[1].get_data(as_text=True).lower()
    assert html.count("charset") == 1 and '<meta charset="utf-8">' in html


# --- 10. control and bidi characters are refused in stored fields ----------------------

def test_the_edit_form_refuses_an_escape_sequence_naming_the_field(curated):
    before = curated.source_file(SOURCE).read_bytes()
    client = curated.client("anna")
    data = edit_form(client, SOURCE)
    data.update(title="Titel \x1b]0;gekaapt\x07 terminal", reason="proef")
    response = client.post(f"/curation/evidence/{SOURCE}", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "U+001B ESC" in page and 'aria-invalid="true"' in page
    assert curated.source_file(SOURCE).read_bytes() == before


# --- 12. cache, transport and content-type headers ---------------------------------------

def test_authenticated_pages_are_not_stored(curated):
    anonymous = curated.app.test_client()
    assert "no-store" not in anonymous.get("/").headers.get("Cache-Control", "")
    assert anonymous.get("/login").headers["Cache-Control"] == "no-store"
    client = curated.client("anna")
    for path in ("/", "/curation/", f"/curation/evidence/{SOURCE}", f"/evidence/{SOURCE}",
                 "/search?q=stage"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_json_api_refuses_a_wrong_content_type_with_415(client):
    body = '{"region": "twente"}'
    for content_type in ("application/x-www-form-urlencoded", "text/plain",
                         "multipart/form-data; boundary=x", None):
        for path in ("/api/recommend", "/api/check"):
            headers = {"Content-Type": content_type} if content_type else {}
            response = client.post(path, data=body, headers=headers)
            assert response.status_code == 415, (path, content_type)
            doc = response.get_json()
            assert doc["field"] == "Content-Type" and "application/json" in doc["error"]
    ok = client.post("/api/recommend", data=body,
                     content_type="application/json; charset=utf-8")
    assert ok.status_code == 200
    assert client.post("/api/recommend", data="region: twente\n",
                       content_type="application/yaml").status_code == 200
    # No body at all needs no type (the region comes in the query).
    assert client.post("/api/recommend?region=twente").status_code == 200


def test_the_demand_limit_is_one_for_form_and_api(client):
    from chiptalent.rules.profile import MAX_DEMAND

    over = {"region": "twente", "demand": {"mbo": MAX_DEMAND + 1}}
    response = client.post("/api/recommend", json=over)
    assert response.status_code == 400 and response.get_json()["field"] == "demand.mbo"
    page = client.get(f"/recommend?region=twente&demand_mbo={MAX_DEMAND + 1}")
    assert page.status_code == 400
    assert client.post("/api/recommend", json={"region": "twente", "demand": {
        "mbo": MAX_DEMAND}}).status_code == 200
    assert client.get(f"/recommend?region=twente&demand_mbo={MAX_DEMAND}&partial=1")\
        .status_code == 200


# --- 13. a recommendation is kept per profile and knowledge-base version ----------------

def test_recommendations_are_cached_per_profile_and_kb_version(curated, monkeypatch):
    from chiptalent.webapp import advise

    calls = []
    real = advise.recommend

    def counting(*args, **kwargs):
        calls.append(kwargs.get("kb").fingerprint)
        return real(*args, **kwargs)
    monkeypatch.setattr(advise, "recommend", counting)
    client = curated.app.test_client()
    profile = {"region": "twente", "demand": {"mbo": 120}}
    first = client.post("/api/recommend", json=profile).get_json()
    again = client.post("/api/recommend", json=dict(reversed(list(profile.items()))))
    assert again.get_json() == first and len(calls) == 1       # same profile: kept
    client.get("/recommend.json?region=twente&demand_mbo=121")
    assert len(calls) == 2                                      # another profile
    # A write makes a new knowledge-base version: computed again, never stale.
    store = curated.store
    store.edit(SOURCE, {"title": "Nieuwe titel"}, base_version=store.get(SOURCE).version,
               user="anna", reason="proef")
    client.post("/api/recommend", json=profile)
    assert len(calls) == 3 and calls[2] != calls[0]
    cache = curated.app.extensions["chiptalent.recommend"]
    assert len(cache) <= cache.size
