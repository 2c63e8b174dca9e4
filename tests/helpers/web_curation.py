"""Helpers of the web curation tests: an app over a seeded copy of the knowledge base
with an adviser and a reviewer (the `curated` fixture of tests/web/conftest.py), logging
in, and the edit form of a source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.helpers.forms import csrf_token, form_data

PASSWORD = "correct horse battery staple"


@dataclass
class Curated:
    app: object
    kb_dir: Path
    data_dir: Path

    @property
    def store(self):
        return self.app.extensions["chiptalent.store"]

    def source_file(self, source_id: str) -> Path:
        return self.kb_dir / "evidence" / f"{source_id}.yaml"

    def client(self, user: str | None = None):
        client = self.app.test_client()
        if user:
            response = login(client, user)
            assert response.status_code == 303, response.get_data(as_text=True)
        return client


def make_curated(tmp_path: Path, monkeypatch, **config) -> Curated:
    """A seeded KB copy in tmp_path, CHIPTALENT_KB / CHIPTALENT_DATA_DIR pointing at it,
    accounts anna (adviser) and rita (reviewer), and an app reading the environment."""
    from chiptalent.accounts import add_user
    from chiptalent.kb.curation import seed_kb_copy
    from chiptalent.webapp import create_app

    data_dir = tmp_path / "data"
    kb_dir = seed_kb_copy(tmp_path / "kb")
    monkeypatch.setenv("CHIPTALENT_KB", str(kb_dir))
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CHIPTALENT_ALLOW_BUNDLED_EDITS", raising=False)
    monkeypatch.delenv("CHIPTALENT_CHANGELOG", raising=False)
    monkeypatch.delenv("CHIPTALENT_SECRET_KEY", raising=False)
    monkeypatch.delenv("CHIPTALENT_HTTPS", raising=False)
    add_user("anna", PASSWORD, "adviser", data_dir=data_dir)
    add_user("rita", PASSWORD, "reviewer", data_dir=data_dir)
    app = create_app({"TESTING": True, **config})
    return Curated(app, kb_dir, data_dir)


def token_of(html: str) -> str:
    return csrf_token(html)


def login(client, name: str, password: str = PASSWORD, **extra):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": token_of(page), **extra})


def edit_form(client, source_id: str) -> dict:
    response = client.get(f"/curation/evidence/{source_id}")
    assert response.status_code == 200
    return form_data(response.get_data(as_text=True), "source-form")


# One reference in RIS, the format a reference manager exports: an import that needs
# defaults (no strength, no links) for the preview to offer.
RIS = """TY  - RPRT
TI  - Doorstroom van mbo naar hbo in de techniek
PB  - Testplanbureau
PY  - 2021
LA  - dut
KW  - mbo
UR  - https://example.org/doorstroom
AB  - Een beschrijving van de doorstroom.
ER  - 
"""
