"""Pieces of pages rendered once and kept: an intervention's card facts and its yield.

An intervention's card (webapp/cards.py) and its yield block (webapp/yield_view.py) read
the same wherever the intervention is listed, on every search page that finds it and
in every arrangement that holds it: they are functions of the knowledge base, the
language and the assumptions the user set (`?set=`). Rendering them was a third of
a search page's time and most of an advice page's (some thirty cards and yield tables),
so each is rendered once and kept, for the knowledge base the app shows now: an edit
makes a new knowledge base, whose first page starts a new store (no old card is shown,
and no old knowledge base is kept alive by its cards).

The key is what the fragment shows beyond the knowledge base: for a card its impact and
cost (which the assumptions change), for a yield block the assumptions themselves
(`settings`) and the id that makes its anchors unique on the page.
"""

from __future__ import annotations

from flask import get_template_attribute
from markupsafe import Markup

from chiptalent.webapp import data
from chiptalent.webapp.i18n import lang
from chiptalent.webapp.lru import BoundedCache

# Cards and yield blocks of ~50 interventions, in two languages, under a few sets of
# assumptions and anchors (one a page: A-, B-, C-, €-): some hundreds of a few kB each.
KEPT = 2048
_held: tuple = (None, BoundedCache(0))          # (the knowledge base, its fragments)


def _kept() -> BoundedCache:
    """The fragments of the knowledge base the request shows."""
    global _held
    kb, kept = _held
    current = data.get_kb()
    if kb is not current:
        kept = BoundedCache(KEPT)
        _held = (current, kept)
    return kept


def card_facts(card: dict) -> Markup:
    """The body of an intervention's card (card_macros.html `card_facts`), rendered."""
    key = ("card", lang(), card["id"], repr(card.get("impact")), repr(card.get("cost")))
    return _kept().get(key, lambda: get_template_attribute(
        "card_macros.html", "card_facts")(card))


def yield_block(doc: dict, anchor: str, form: bool = True) -> Markup:
    """An intervention's yield (yield_macros.html `yield_block`), rendered."""
    key = ("yield", lang(), doc.get("intervention"), tuple(sorted(
        (doc.get("settings") or {}).items())), anchor, bool(form))
    return _kept().get(key, lambda: get_template_attribute(
        "yield_macros.html", "yield_block")(doc, anchor, form=form))


def register(app) -> None:
    app.jinja_env.globals.update(kept_card_facts=card_facts, kept_yield_block=yield_block)
