"""Cards and yield blocks are rendered once and kept (webapp/fragments.py): a kept one
must never outlive the knowledge base, the language or the assumptions it shows."""

from __future__ import annotations

import re

from chiptalent.webapp import cards


def _reviewed_source_of(kb, iid):
    return next(s for s in cards._sources(kb, iid))


def _card_of(page: str, iid: str) -> str:
    """The card body shown for `iid` on a search page or in the register."""
    found = re.search(rf'id="card-{re.escape(iid)}".*?</dl>', page, re.S)
    if found:
        return found.group(0)
    found = re.search(rf'href="/interventions/{re.escape(iid)}".*?<dl class="card-facts">'
                      r'.*?</dl>', page, re.S)
    assert found, f"no card of {iid}"
    return found.group(0)


def test_a_kept_card_follows_an_edit_of_the_knowledge_base(curated):
    kb = curated.store.current_kb()
    iid = next(i for i in kb.interventions if list(cards._sources(kb, i)))
    before = cards.evidence_strength(kb, iid)["sources"]
    client = curated.client("anna")
    assert f"{before} beoordeelde bron" in _card_of(client.get("/interventions")
                                                    .get_data(as_text=True), iid)
    source = _reviewed_source_of(kb, iid)
    record = curated.store.get(source.id)
    curated.store.retire(source.id, base_version=record.version, user="anna",
                         reason="test: de kaart moet het zien")
    after = cards.evidence_strength(curated.store.current_kb(), iid)["sources"]
    assert after == before - 1
    card = _card_of(client.get("/interventions").get_data(as_text=True), iid)
    assert f"{after} beoordeelde bron" in card and f"{before} beoordeelde bron" not in card


def test_kept_cards_and_yields_follow_the_language_and_the_assumptions(client, kb):
    def page(query):
        return client.get(f"/recommend?region=twente&{query}",
                          follow_redirects=True).get_data(as_text=True)

    captions = re.compile(r'<table class="figures yield-table"[^>]*>\s*<caption>([^<]*)<')
    nl, en = page("lang=nl"), page("lang=en")
    assert captions.findall(nl) and captions.findall(en)
    assert set(captions.findall(nl)).isdisjoint(captions.findall(en))
    terms = re.compile(r'<dt>([^<]*)</dt>\s*<dd class="card-strength"')
    assert terms.findall(nl) and set(terms.findall(nl)).isdisjoint(terms.findall(en))
    # An assumption set in the address changes the figures and marks itself.
    plain, changed = page("lang=nl"), page("lang=nl&set=deadweight.retraining=0.9")
    figures = re.compile(r'<td class="per-million">([^<]*)</td>')
    assert figures.findall(plain) and figures.findall(plain) != figures.findall(changed)
    assert 'class="overridden"' in changed and 'class="overridden"' not in plain
    # and back: the kept blocks of the plain page are shown again, not the changed ones
    assert page("lang=nl") == plain
