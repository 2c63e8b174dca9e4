"""The app's Jinja environment (webapp/jinja.py): `a.b` on a dict without the detour
through an AttributeError, and with the same answers as Jinja's own rule."""

from __future__ import annotations

from types import SimpleNamespace

from jinja2 import Environment


def both(app, source: str, **context) -> tuple[str, str]:
    """What the app's environment and a plain Jinja one render."""
    return (app.jinja_env.from_string(source).render(**context),
            Environment().from_string(source).render(**context))


def test_the_same_answers_as_jinjas_rule(app):
    view = {"title": "Omscholing", "items": [1, 2], "get": "a key", "count": 3,
            "nested": {"label": "x"}}
    for source in ("{{ v.title }}", "{{ v.nested.label }}", "{{ v.missing is undefined }}",
                   "{{ v['items'] | length }}", "{{ v.get('title') }}",
                   "{% for k, x in v.nested.items() %}{{ k }}={{ x }}{% endfor %}",
                   "{{ v.nested.missing | default('none') }}",
                   "{{ o.label }}", "{{ o.missing is undefined }}"):
        ours, jinjas = both(app, source, v=view, o=SimpleNamespace(label="Omscholing"))
        assert ours == jinjas, source


def test_a_key_from_the_data_never_shadows_a_method(app):
    """A plan or profile may hold any key: `d.get(...)` must stay the method."""
    data = {"get": "not callable", "items": "neither"}
    ours, jinjas = both(app, "{{ d.get('get') }}|{{ d.items() | list | length }}", d=data)
    assert ours == jinjas == "not callable|2"
