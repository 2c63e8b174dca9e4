"""Forms as a browser sends them: the session's CSRF token (webapp/csrf.py), posting
with it, and the fields of a page's form."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(page: str) -> str | None:
    """The CSRF token a page's form carries, or None when it has no form."""
    match = TOKEN.search(page)
    return html.unescape(match[1]) if match else None


def form_post(client, url, data=None, **kwargs):
    """POST like a form of this session: the token from /check goes along with the data."""
    data = dict(data or {})
    token = csrf_token(client.get("/check").get_data(as_text=True))
    if token:
        data.setdefault("csrf_token", token)
    return client.post(url, data=data, **kwargs)


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
