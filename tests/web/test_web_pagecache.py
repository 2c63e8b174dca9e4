"""Rendered pages kept for anonymous visitors (webapp/pagecache.py, issue 20.13): the
same page for the same address, language and knowledge-base version, with each
visitor's own CSRF token; never for a logged-in adviser; a new version after an edit."""

from __future__ import annotations

import re

import pytest

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE = "/recommend?region=twente&demand_mbo=321"


@pytest.fixture
def own_app(tmp_path, monkeypatch):
    """An app over a seeded copy of the KB (so an edit can be made), and its store."""
    from chiptalent.kb.curation import seed_kb_copy
    from chiptalent.webapp import create_app

    kb_dir = seed_kb_copy(tmp_path / "kb")
    data_dir = tmp_path / "data"
    monkeypatch.setenv("CHIPTALENT_KB", str(kb_dir))
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CHIPTALENT_CHANGELOG", raising=False)
    return create_app({"TESTING": True, "KB_DIR": str(kb_dir), "DATA_DIR": str(data_dir)})


def _render_count(app, monkeypatch):
    from chiptalent.webapp import recommend_page
    calls = []
    real = recommend_page.render_template

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)
    monkeypatch.setattr(recommend_page, "render_template", counting)
    return calls


def test_a_page_is_rendered_once_and_each_visitor_gets_their_own_token(own_app,
                                                                       monkeypatch):
    renders = _render_count(own_app, monkeypatch)
    first, second = own_app.test_client(), own_app.test_client()
    one = first.get(PAGE)
    two = second.get(PAGE)
    assert one.status_code == two.status_code == 200
    assert len(renders) == 1                                   # the second was kept
    page_one, page_two = one.get_data(as_text=True), two.get_data(as_text=True)
    token_one, token_two = TOKEN.search(page_one)[1], TOKEN.search(page_two)[1]
    assert token_one != token_two
    assert page_one.replace(token_one, "") == page_two.replace(token_two, "")
    # Headers are made per response, for a kept page too.
    assert two.headers["Content-Security-Policy"] == one.headers["Content-Security-Policy"]
    assert "Set-Cookie" in two.headers
    # Another language is another page.
    second.get(PAGE + "&lang=en")
    assert len(renders) == 2
    # The kept page's form works for its visitor: the paste form posts with the token.
    posted = second.post("/recommend", data={"csrf_token": token_two,
                                             "profile": "region: twente\n"})
    assert posted.status_code == 200


def test_an_edit_makes_a_new_page(own_app):
    store = own_app.extensions["chiptalent.store"]
    client = own_app.test_client()
    source = sorted(store.ids())[0]
    url = f"/search?q={store.get(source).doc['title'].split()[0]}"
    assert client.get(url).status_code == 200
    store.edit(source, {"title": "Kwartelkoning bijzondere titel"},
               base_version=store.get(source).version, user="anna", reason="proef")
    page = client.get("/search?q=kwartelkoning").get_data(as_text=True)
    assert "Kwartelkoning bijzondere titel" in page
    again = client.get("/search?q=kwartelkoning").get_data(as_text=True)
    assert again == page


def test_logged_in_advisers_are_never_served_a_kept_page(own_app, monkeypatch):
    renders = _render_count(own_app, monkeypatch)
    from chiptalent.accounts import add_user

    add_user("anna", "correct horse battery staple", "adviser",
             data_dir=own_app.config["DATA_DIR"])
    client = own_app.test_client()
    client.get(PAGE)
    token = TOKEN.search(client.get("/login").get_data(as_text=True))[1]
    assert client.post("/login", data={"name": "anna", "csrf_token": token,
                                       "password": "correct horse battery staple"}
                       ).status_code == 303
    for _ in range(2):
        page = client.get(PAGE)
        assert "anna" in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "no-store"
    assert len(renders) == 3
