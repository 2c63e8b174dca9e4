"""Evidence curation through the web: access, CSRF, sessions, editing, conflicts, history.

Every test runs on a seeded copy of the knowledge base in tmp_path (never kb/data),
with CHIPTALENT_KB and CHIPTALENT_DATA_DIR pointing at it and accounts made with the
core's add_user.
"""

from __future__ import annotations

import html
import io
import os
import re
import stat
import threading

import yaml

from tests.helpers.curation import kb_problems
from tests.helpers.forms import form_data
from tests.helpers.web_curation import PASSWORD, edit_form, login, token_of

SOURCE = "katapult"


def _doc(curated, source_id=SOURCE) -> dict:
    return yaml.safe_load(curated.source_file(source_id).read_text(encoding="utf-8"))


# --- sessions and the secret key ------------------------------------------------------------

def test_secret_key_is_made_once_in_the_data_dir_with_mode_0600(curated):
    from chiptalent.webapp import create_app

    key_file = curated.data_dir / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert curated.app.secret_key == key_file.read_text().strip()
    assert len(curated.app.secret_key) == 64
    # A second app (a restart, another process) signs with the same key.
    assert create_app({"TESTING": True}).secret_key == curated.app.secret_key


def test_secret_key_from_the_environment_wins(curated, monkeypatch):
    from chiptalent.webapp import create_app

    monkeypatch.setenv("CHIPTALENT_SECRET_KEY", "k" * 40)
    assert create_app({"TESTING": True}).secret_key == "k" * 40


def test_session_cookie_is_httponly_lax_and_secure_over_https(curated, tmp_path, monkeypatch):
    from chiptalent.webapp import create_app

    response = curated.client().get("/login")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("chiptalent_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    monkeypatch.setenv("CHIPTALENT_HTTPS", "1")
    secure = create_app({"TESTING": True}).test_client().get("/login")
    assert "; Secure" in secure.headers["Set-Cookie"]


def test_login_then_logout(curated):
    client = curated.app.test_client()
    response = login(client, "anna")
    assert response.status_code == 303 and response.headers["Location"] == "/curation/"
    page = client.get("/").get_data(as_text=True)
    assert "Ingelogd als anna" in page and 'class="logout-form"' in page
    # A copy of the cookie (another browser, or a stolen one) works while logged in ...
    copy = curated.app.test_client()
    copy.set_cookie("chiptalent_session", client.get_cookie("chiptalent_session").value)
    assert copy.get("/curation/").status_code == 200
    logout = form_data(page, "logout-form")
    assert client.post("/logout", data=logout).status_code == 303
    assert client.get("/curation/").status_code == 303          # back to the login form
    assert "Ingelogd als" not in client.get("/").get_data(as_text=True)
    # ... and stops working with the logout; a new login works again.
    assert copy.get("/curation/").status_code == 303
    ended = curated.data_dir / "sessions-ended.json"
    assert stat.S_IMODE(ended.stat().st_mode) == 0o600
    assert login(curated.app.test_client(), "anna").status_code == 303


def test_wrong_password_is_401_with_one_message_for_name_and_password(curated):
    client = curated.app.test_client()
    wrong_password = login(client, "anna", "not the password at all")
    unknown_name = login(client, "nobody", PASSWORD)
    assert wrong_password.status_code == unknown_name.status_code == 401
    message = "Deze combinatie van gebruikersnaam en wachtwoord klopt niet."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_name.get_data(as_text=True)


def test_login_goes_on_to_a_local_next_only(curated):
    client = curated.app.test_client()
    assert login(client, "anna", next="/evidence/katapult").headers["Location"] == \
        "/evidence/katapult"
    for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        client = curated.app.test_client()
        assert login(client, "anna", next=bad).headers["Location"] == "/curation/"


def test_login_rate_limit_answers_429_with_retry_after(curated):
    client = curated.app.test_client()
    for _ in range(5):
        assert login(client, "anna", "wrong password, again").status_code == 401
    blocked = login(client, "anna", "wrong password, again")
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Te veel mislukte pogingen" in blocked.get_data(as_text=True)
    # While blocked, even the right password is refused: guessing gains nothing.
    assert login(client, "anna").status_code == 429
    # Another account from the same address is not blocked.
    assert login(curated.app.test_client(), "rita").status_code == 303


# --- access -----------------------------------------------------------------------------

CURATION_POSTS = ["/curation/new", f"/curation/evidence/{SOURCE}",
                  f"/curation/evidence/{SOURCE}/retire", "/curation/import/",
                  "/curation/import/confirm"]


def test_anonymous_visitors_get_401_and_pages_send_them_to_login(curated):
    before = curated.source_file(SOURCE).read_bytes()
    client = curated.app.test_client()
    for path in ("/curation/", "/curation/new", f"/curation/evidence/{SOURCE}",
                 "/curation/import/"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/login?next=")
    token = token_of(client.get("/login").get_data(as_text=True))
    for path in CURATION_POSTS:
        for data in ({"title": "x", "reason": "x", "version": "1", "csrf_token": token},
                     {"title": "x", "reason": "x", "version": "1"}):
            response = client.post(path, data=data)
            assert response.status_code == 401, path
            assert 'class="button" href="/login?next=' in response.get_data(as_text=True)
    assert curated.source_file(SOURCE).read_bytes() == before


def test_a_reviewer_gets_403(curated):
    before = curated.source_file(SOURCE).read_bytes()
    client = curated.client("rita")
    for path in ("/curation/", "/curation/new", f"/curation/evidence/{SOURCE}",
                 "/curation/import/"):
        assert client.get(path).status_code == 403, path
    token = token_of(client.get("/").get_data(as_text=True))
    for path in CURATION_POSTS:
        response = client.post(path, data={"title": "x", "reason": "x", "version": "1",
                                           "csrf_token": token})
        assert response.status_code == 403, path
        assert "alleen adviseurs" in response.get_data(as_text=True)
    # No edit link for a reviewer on the public page.
    assert "/curation/evidence/" not in client.get(f"/evidence/{SOURCE}").get_data(
        as_text=True)
    assert curated.source_file(SOURCE).read_bytes() == before


# --- CSRF ------------------------------------------------------------------------------------

def test_a_form_without_its_csrf_token_is_refused(curated):
    before = curated.source_file(SOURCE).read_bytes()
    client = curated.client("anna")
    data = edit_form(client, SOURCE)
    data.update(title="Zonder token", reason="proef")
    for token in (None, "", "forged-" + "x" * 40):
        if token is None:
            data.pop("csrf_token", None)
        else:
            data["csrf_token"] = token
        response = client.post(f"/curation/evidence/{SOURCE}", data=data)
        assert response.status_code == 400
        assert "beveiligingskenmerk" in response.get_data(as_text=True)
    assert curated.source_file(SOURCE).read_bytes() == before
    # Login and logout are forms too.
    assert client.post("/logout", data={}).status_code == 400
    assert client.get("/curation/").status_code == 200          # still logged in
    other = curated.app.test_client()
    assert other.post("/login", data={"name": "anna", "password": PASSWORD}).status_code == 400
    # Another session's token does not fit this session.
    foreign = token_of(other.get("/login").get_data(as_text=True))
    data["csrf_token"] = foreign
    assert client.post(f"/curation/evidence/{SOURCE}", data=data).status_code == 400


def test_every_posting_page_form_carries_the_token_and_the_api_needs_none(curated):
    client = curated.client("anna")
    for path in ("/", "/curation/", "/curation/new", f"/curation/evidence/{SOURCE}",
                 "/curation/import/", "/recommend", "/check", "/login"):
        page = client.get(path).get_data(as_text=True)
        for form in re.findall(r"<form\b[^>]*>.*?</form>", page, flags=re.S):
            if re.search(r'method="post"', form, flags=re.I):
                assert 'name="csrf_token"' in form, (path, form[:200])
    # The JSON API uses no cookie or session: no token.
    response = curated.app.test_client().post("/api/check", data="{}",
                                              content_type="application/json")
    assert response.status_code in (200, 400) and response.is_json


# --- editing --------------------------------------------------------------------------------

def test_an_edit_shows_at_once_with_its_history_and_keeps_the_kb_valid(curated):
    from chiptalent.webapp.server import ensure_index

    ensure_index(curated.store.kb, curated.data_dir, io.StringIO())
    client = curated.client("anna")
    data = edit_form(client, SOURCE)
    assert data["version"] == "1"
    data.update(title="Katapult: netwerk van praktijkleren",
                type="evaluation",          # only a study may rate above descriptive
                strength="indicative",
                strength_reason="Eigen impactmeting met vergelijking over jaren.",
                reason="Titel en sterkte herzien na de impactmeting 2023")
    data["target_groups"] = ["students", "employers"]           # two unlinked
    response = client.post(f"/curation/evidence/{SOURCE}", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/evidence/{SOURCE}"

    doc = _doc(curated)
    assert doc["version"] == 2 and doc["title"] == "Katapult: netwerk van praktijkleren"
    assert doc["strength"] == "indicative" and doc["target_groups"] == ["students",
                                                                         "employers"]
    # Only what changed is logged: not the order of unchanged checkboxes.
    entry = curated.store.history(SOURCE)[0]
    assert set(entry["fields"]) == {"title", "type", "strength", "strength_reason",
                                    "target_groups"}
    assert entry["user"] == "anna" and entry["base_version"] == 1

    page = client.get(f"/evidence/{SOURCE}").get_data(as_text=True)
    assert "Opgeslagen: katapult is nu versie 2." in page
    assert "<h1" in page and "Katapult: netwerk van praktijkleren</h1>" in page
    assert "Eerste aanwijzingen" in page
    assert "Titel en sterkte herzien na de impactmeting 2023" in page  # why
    assert "<td>anna</td>" in page                                       # who
    # The history is public, and in the JSON twin.
    anonymous = curated.app.test_client()
    public = anonymous.get(f"/evidence/{SOURCE}").get_data(as_text=True)
    assert "Titel en sterkte herzien" in public and "Deze bron bewerken" not in public
    twin = anonymous.get(f"/evidence/{SOURCE}.json").get_json()
    assert twin["title"] == "Katapult: netwerk van praktijkleren"
    assert twin["history"][0]["reason"].startswith("Titel en sterkte")
    # Search and the other pages see the new state at once.
    hits = anonymous.get("/api/search?q=praktijkleren").get_json()
    assert SOURCE in [h["id"] for h in hits["hits"]]
    iid = doc["interventions"][0]
    assert "Katapult: netwerk van praktijkleren" in anonymous.get(
        f"/interventions/{iid}").get_data(as_text=True)
    assert kb_problems(curated.kb_dir) == []


def test_saving_an_unchanged_form_writes_nothing(curated):
    client = curated.client("anna")
    data = edit_form(client, SOURCE)
    data["reason"] = "alleen nagekeken"
    response = client.post(f"/curation/evidence/{SOURCE}", data=data)
    assert response.status_code == 303
    assert _doc(curated).get("version", 1) == 1 and curated.store.history(SOURCE) == []
    assert "Niets gewijzigd" in client.get(f"/evidence/{SOURCE}").get_data(as_text=True)


def test_invalid_input_is_a_400_with_a_message_on_each_field(curated):
    before = curated.source_file(SOURCE).read_bytes()
    client = curated.client("anna")
    data = edit_form(client, SOURCE)
    data.update(title="  ", year="twintig", url="javascript:alert(1)", reason="",
                interventions=["bestaat-niet"])
    response = client.post(f"/curation/evidence/{SOURCE}", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for field in ("title", "year", "url", "reason", "interventions"):
        assert f'id="f-{field}-error"' in page, field
        assert f'href="#f-{field}"' in page, field               # in the summary
    assert 'id="f-title" name="title" type="text" value="  "' in page
    assert 'aria-invalid="true"' in page
    assert "Vul dit veld in." in page and "Schrijf op waarom" in page
    assert "unknown intervention" in page
    assert 'name="version" value="1"' in page                    # still based on v1
    assert curated.source_file(SOURCE).read_bytes() == before


def test_two_edits_based_on_one_version_give_one_save_and_one_409(curated):
    first, second = curated.client("anna"), curated.client("anna")
    form_1, form_2 = edit_form(first, SOURCE), edit_form(second, SOURCE)
    form_1.update(title="Eerste wijziging", reason="eerste")
    form_2.update(title="Tweede wijziging", year="2021", reason="tweede")
    assert first.post(f"/curation/evidence/{SOURCE}", data=form_1).status_code == 303
    response = second.post(f"/curation/evidence/{SOURCE}", data=form_2)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Iemand anders heeft deze bron intussen gewijzigd" in page
    assert "u bewerkte versie 1 van katapult, maar de bron is nu versie 2" in page
    # The form shows the current values and version; the unsaved input beside them.
    again = form_data(page, "source-form")
    assert again["title"] == "Eerste wijziging" and again["version"] == "2"
    assert "<td>Tweede wijziging</td>" in page and "<td>2021</td>" in page
    assert "<td>eerste</td>" in page                      # the latest change's reason
    doc = _doc(curated)
    assert doc["title"] == "Eerste wijziging" and doc["version"] == 2 and doc["year"] is None


def test_concurrent_edits_through_the_web_one_success_one_409(curated):
    clients = [curated.client("anna"), curated.client("anna")]
    forms = [edit_form(c, SOURCE) for c in clients]
    for n, form in enumerate(forms):
        form.update(title=f"Gelijktijdig {n}", reason=f"gelijktijdig {n}")
    barrier = threading.Barrier(2)
    statuses = [None, None]

    def post(n):
        barrier.wait()
        statuses[n] = clients[n].post(f"/curation/evidence/{SOURCE}",
                                      data=forms[n]).status_code

    threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [303, 409]
    winner = statuses.index(303)
    doc = _doc(curated)
    assert doc["version"] == 2 and doc["title"] == f"Gelijktijdig {winner}"
    assert len(curated.store.history(SOURCE)) == 1


def test_add_link_grade_review_and_retire_a_source(curated):
    client = curated.client("anna")
    data = form_data(client.get("/curation/new").get_data(as_text=True), "source-form")
    assert data["status"] == "draft"
    iid = sorted(curated.store.kb.interventions)[0]
    data.update(title="Proefbron over techniekonderwijs", publisher="Testuitgever",
                type="report", summary="Een korte samenvatting in eigen woorden.",
                strength="descriptive",
                strength_reason="Beschrijvende cijfers; geen effectmeting.",
                interventions=[iid], target_groups=["youth"], levels=["mbo"],
                building_blocks=[curated.store.kb.interventions[iid].building_block],
                reason="Nieuwe bron uit de monitor")
    response = client.post("/curation/new", data=data)
    assert response.status_code == 303
    sid = response.headers["Location"].rsplit("/", 1)[1]
    assert sid == "testuitgever-proefbron-over-techniekonderwijs"
    page = client.get(f"/evidence/{sid}").get_data(as_text=True)
    assert "is toegevoegd als versie 1" in page and "Deze bron is een concept" in page
    assert sid in client.get(f"/interventions/{iid}").get_data(as_text=True)

    # Mark it reviewed, with a stronger grade.
    data = edit_form(client, sid)
    data.update(status="reviewed", strength="practice-based",
                strength_reason="Goed beschreven praktijk met bereikcijfers.",
                reason="Nagekeken")
    assert client.post(f"/curation/evidence/{sid}", data=data).status_code == 303
    assert _doc(curated, sid)["status"] == "reviewed"

    # Retiring needs a reason too.
    page = client.get(f"/curation/evidence/{sid}").get_data(as_text=True)
    retire = form_data(page, "retire-form")
    assert retire["version"] == "2"
    response = client.post(f"/curation/evidence/{sid}/retire", data=retire)
    assert response.status_code == 400 and 'id="retire-reason-error"' in \
        response.get_data(as_text=True)
    retire["reason"] = "Vervangen door een nieuwere editie"
    assert client.post(f"/curation/evidence/{sid}/retire", data=retire).status_code == 303
    page = client.get(f"/evidence/{sid}").get_data(as_text=True)
    assert "Deze bron is teruggetrokken" in page
    actions = [e["action"] for e in curated.store.history(sid)]
    assert actions == ["retire", "edit", "add"]
    assert "teruggetrokken" in page and "toegevoegd" in page
    assert sid not in client.get(f"/interventions/{iid}").get_data(as_text=True)
    assert kb_problems(curated.kb_dir) == []


def test_adding_an_existing_id_is_a_409_and_a_bad_id_a_400(curated):
    client = curated.client("anna")
    data = form_data(client.get("/curation/new").get_data(as_text=True), "source-form")
    data.update(id=SOURCE, title="Dubbel", publisher="X", type="report", summary="Y.",
                strength="descriptive", strength_reason="Z.", reason="proef")
    response = client.post("/curation/new", data=data)
    assert response.status_code == 409
    assert "Er bestaat al een bron met het id katapult" in response.get_data(as_text=True)
    data["id"] = "Geen Geldig Id!"
    response = client.post("/curation/new", data=data)
    assert response.status_code == 400 and 'id="f-id-error"' in response.get_data(
        as_text=True)


def test_unknown_source_is_a_404(curated):
    client = curated.client("anna")
    assert client.get("/curation/evidence/bestaat-niet").status_code == 404
    assert client.get("/curation/evidence/..%2F..%2Fetc").status_code == 404


def test_markup_in_fields_is_escaped_in_the_form_the_page_and_the_history(curated):
    client = curated.client("anna")
    payload = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"
    data = edit_form(client, SOURCE)
    data.update(title=payload, summary=payload, reason=payload)
    assert client.post(f"/curation/evidence/{SOURCE}", data=data).status_code == 303
    for path in (f"/evidence/{SOURCE}", f"/curation/evidence/{SOURCE}", "/curation/"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
        assert html.escape(payload, quote=False).replace('"', "&#34;") in page or \
            html.escape(payload) in page, path


# --- the bundled knowledge base ----------------------------------------------------------------

def test_the_bundled_kb_is_not_curated_and_says_how_to_seed_a_copy(tmp_path, monkeypatch):
    from chiptalent.accounts import add_user
    from chiptalent.webapp import create_app

    monkeypatch.delenv("CHIPTALENT_KB", raising=False)
    monkeypatch.delenv("CHIPTALENT_ALLOW_BUNDLED_EDITS", raising=False)
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(tmp_path))
    add_user("anna", PASSWORD, "adviser", data_dir=tmp_path)
    app = create_app({"TESTING": True})
    assert app.extensions["chiptalent.store"] is None
    client = app.test_client()
    assert login(client, "anna").status_code == 303
    for path in ("/curation/", f"/curation/evidence/{SOURCE}", "/curation/import/"):
        response = client.get(path)
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert "chiptalent evidence seed" in page and "CHIPTALENT_KB" in page
        assert "seed_kb_copy" in page
    # The public page still works, without history or edit link.
    page = client.get(f"/evidence/{SOURCE}").get_data(as_text=True)
    assert "Deze bron bewerken" not in page and 'id="history-title"' not in page
    assert client.get(f"/evidence/{SOURCE}.json").get_json()["history"] is None
    assert not os.path.exists(tmp_path / "changes.jsonl")
