"""Posting as the pages' forms do: with the session's CSRF token (webapp/csrf.py)."""

from __future__ import annotations

import html
import re

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
