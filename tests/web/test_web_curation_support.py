"""Helpers for the web curation tests (no tests here): an app over a seeded copy of the
knowledge base with an adviser and a reviewer, logging in, and reading a page's form the
way a browser would send it."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from form_support import csrf_token

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


@pytest.fixture
def curated(tmp_path, monkeypatch):
    from chiptalent.kb.search import close_searchers
    yield make_curated(tmp_path, monkeypatch)
    close_searchers()


def token_of(html: str) -> str:
    return csrf_token(html)


def login(client, name: str, password: str = PASSWORD, **extra):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": token_of(page), **extra})


class _Forms(HTMLParser):
    """Every <form> of a page with the fields a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.select: tuple[str, list] | None = None
        self.option: dict | None = None
        self.textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = {"attrs": a, "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form["fields"].append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "file", "button"):
                self.form["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = (a.get("name"), [])
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self.select[1].append(self.option)
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            name, options = self.select
            chosen = [o for o in options if o["selected"]] or options[:1]
            if name and chosen:
                value = chosen[0]["value"]
                self.form["fields"].append((name, value if value is not None
                                            else chosen[0]["text"].strip()))
            self.select = None
        elif tag == "option":
            self.option = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            if name and self.form is not None:
                # The HTML parser drops the newline right after <textarea>, as browsers do.
                self.form["fields"].append((name, text[1:] if text.startswith("\n")
                                            else text))
            self.textarea = None


def form_data(html: str, form_class: str) -> dict:
    """The fields of the page's form with that class, as {name: value or [values]}."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form_class in form["attrs"].get("class", "").split():
            data: dict = {}
            for name, value in form["fields"]:
                if name in data:
                    data[name] = (data[name] if isinstance(data[name], list)
                                  else [data[name]]) + [value]
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with class {form_class!r} on the page")


def edit_form(client, source_id: str) -> dict:
    response = client.get(f"/curation/evidence/{source_id}")
    assert response.status_code == 200
    return form_data(response.get_data(as_text=True), "source-form")


def kb_problems(kb_dir: Path) -> list[str]:
    """`kb validate` with SHACL and the rule checks, as text lines."""
    from chiptalent.kb.validate import validate
    from chiptalent.rules.validation import rule_checks
    return [p.describe() for p in validate(kb_dir, shacl=True, extra=rule_checks())]
