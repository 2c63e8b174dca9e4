"""Less friction for curators (issue 19.10): after logging in, back to the page one was
on (a same-site path only: open redirects refused); a failed import preview offers the
defaults for what its rows lack; field names and values by their labels, not codes;
the history as "+ added / − removed" in Amsterdam time."""

from __future__ import annotations

import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from chiptalent.webapp.auth import safe_next
from tests.helpers.forms import form_data
from tests.helpers.web_curation import PASSWORD, RIS, token_of

SOURCE = "katapult"


def login_link(page: str) -> str:
    return html.unescape(re.search(r'<a class="account-link" href="([^"]+)"', page).group(1))


def test_the_login_link_leads_back_to_the_page(curated):
    client = curated.client()
    page = client.get(f"/evidence/{SOURCE}?lang=nl").get_data(as_text=True)
    link = login_link(page)
    assert parse_qs(urlsplit(link).query)["next"] == [f"/evidence/{SOURCE}?lang=nl"]
    form = client.get(link).get_data(as_text=True)
    fields = form_data(form, "login-form") if 'class="login-form' in form else {}
    response = client.post("/login", data={"name": "anna", "password": PASSWORD,
                                           "csrf_token": token_of(form),
                                           "next": fields.get("next", f"/evidence/{SOURCE}?lang=nl")})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/evidence/{SOURCE}?lang=nl"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
    "http:/evil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1".replace("%0d%0a", "\r\n"),
    " //evil.example", "\t/evil", "evil.example", "///evil.example", "/" + "a" * 3000,
])
def test_login_never_sends_elsewhere(curated, target):
    assert safe_next(target) is None
    client = curated.client()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"name": "anna", "password": PASSWORD,
                                           "csrf_token": token_of(page), "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == "/curation/" or location.endswith("/curation/")
    assert "evil" not in location


def test_safe_next_keeps_same_site_paths():
    assert safe_next("/evidence/katapult?lang=en#history") == "/evidence/katapult?lang=en#history"
    assert safe_next("/search?q=a%2F%2Fb") == "/search?q=a%2F%2Fb"


def _upload(client, text: str, name: str = "bronnen.ris"):
    token = form_data(client.get("/curation/import/").get_data(as_text=True),
                      "import-form")["csrf_token"]
    return client.post("/curation/import/", data={
        "csrf_token": token, "format": "", "file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data")


def test_a_failed_preview_offers_the_missing_defaults(curated):
    client = curated.client("anna")
    page = _upload(client, RIS).get_data(as_text=True)
    assert "0 nieuw, 0 gewijzigd, 0 ongewijzigd, 1 met fouten." in page
    # field names as labels, not codes
    assert "<code>strength</code>" not in page and '<strong class="field-name">Sterkte</strong>' in page
    offer = form_data(page, "defaults-form")
    assert set(k for k in offer if k.startswith("default_")) == {"default_strength",
                                                                  "default_strength_reason"}
    assert 'id="confirm-title"' not in page
    offer.update(default_strength="descriptive",
                 default_strength_reason="Beschrijvende cijfers, geen effectmeting.")
    again = client.post("/curation/import/defaults", data=offer)
    assert again.status_code == 200
    page = again.get_data(as_text=True)
    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 met fouten." in page
    assert 'id="defaults-form"' not in page and 'id="confirm-title"' in page
    # the old upload token is spent; the new one confirms
    spent = client.post("/curation/import/defaults", data=offer)
    assert spent.status_code == 400, spent.get_data(as_text=True)[-3000:]
    confirm = form_data(page, "confirm-form")
    confirm["reason"] = "Doorstroomstudie toegevoegd"
    assert client.post("/curation/import/confirm", data=confirm).status_code == 200
    drafts = client.get("/curation/?status=draft").get_data(as_text=True)
    assert "Doorstroom van mbo naar hbo in de techniek" in drafts


def test_a_bad_default_is_named_and_the_upload_kept(curated):
    client = curated.client("anna")
    offer = form_data(_upload(client, RIS).get_data(as_text=True), "defaults-form")
    offer.update(default_strength="overweldigend", default_strength_reason="x")
    response = client.post("/curation/import/defaults", data=offer)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="d-strength"' in page and "kies een van: Beschrijvend" in html.unescape(page)
    assert 'aria-invalid="true"' in page.split('id="d-strength"')[1][:200]
    assert form_data(page, "defaults-form")["upload"] == offer["upload"]


def test_history_shows_added_and_removed_labels_in_amsterdam_time(curated):
    store = curated.store
    before = store.kb.evidence[SOURCE]
    groups = list(before.target_groups)
    added = next(g for g in store.kb.vocabulary("target_group") if g not in groups)
    removed = groups[0]
    store.edit(SOURCE, {"target_groups": [g for g in groups if g != removed] + [added],
                        "language": "en" if before.language == "nl" else "nl"},
               base_version=store.get(SOURCE).version,
               user="anna", reason="Doelgroepen herzien")
    page = curated.client().get(f"/evidence/{SOURCE}").get_data(as_text=True)
    history = page.split('id="history-title"')[1]
    label = {g: c.label for g, c in store.kb.vocabulary("target_group").items()}
    assert re.search(rf'<span class="added"><span aria-hidden="true">\+</span>'
                     rf'<span class="visually-hidden">toegevoegd</span> {re.escape(html.escape(label[added]))}</span>',
                     history)
    assert f"<del>{html.escape(label[removed])}</del>" in history
    assert "Engels" in history or "Nederlands" in history      # language by its name
    assert f">{added}<" not in history
    entry = store.history(SOURCE)[0]
    from chiptalent.webapp.curation_labels import AMSTERDAM
    import datetime as dt
    local = dt.datetime.fromisoformat(entry["at"]).astimezone(AMSTERDAM)
    assert f"{local:%H:%M}" in history and "tijd in Amsterdam" in history


@pytest.mark.parametrize("at, lang, shown", [
    ("2026-11-28T09:14:03+00:00", "nl", "28 nov 2026 10:14"),        # CET, UTC+1
    ("2026-07-01T09:00:00+00:00", "nl", "1 jul 2026 11:00"),         # CEST, UTC+2
    ("2026-03-29T00:30:00+00:00", "en", "29 Mar 2026 01:30"),        # before the switch
    ("2026-03-29T01:30:00+00:00", "en", "29 Mar 2026 03:30"),        # after it
    ("not a time", "nl", "not a time"),
])
def test_amsterdam_time(app, at, lang, shown):
    from chiptalent.webapp.curation_labels import amsterdam_time
    with app.test_request_context(f"/?lang={lang}"):
        from flask import g
        g.lang = lang
        assert amsterdam_time(at) == shown


def test_change_parts_of_lists_and_values(app, kb):
    from chiptalent.webapp.curation_labels import change_parts
    with app.test_request_context("/"):
        from flask import g
        g.lang = "nl"
        parts = change_parts(kb, "levels", ["mbo", "hbo"], ["hbo", "wo"])
        assert parts == {"added": [kb.vocabulary("level")["wo"].label],
                         "removed": [kb.vocabulary("level")["mbo"].label]}
        assert change_parts(kb, "year", 2020, 2021) == {"added": ["2021"], "removed": ["2020"]}
        assert change_parts(kb, "url", None, "https://x") == {"added": ["https://x"], "removed": []}
