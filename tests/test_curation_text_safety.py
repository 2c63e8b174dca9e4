"""Control and bidirectional control characters are refused in stored fields, with a
message naming the field and the character (issue 20, point 10): NUL, ESC (terminal
escape sequences), C1 controls and U+202E (text that reads differently than it is)."""

from __future__ import annotations

import pytest

from chiptalent.errors import InputError
from tests.helpers.curation import source_fields

HOSTILE = [("title", "Rapport\x00"), ("title", "Rapport \x1b[2J\x1b[31mrood"),
           ("summary", "Samenvatting met \x9b31m C1"), ("publisher", "CBS\u202eSBC"),
           ("strength_reason", "Reden \u2066verborgen\u2069"),
           ("title", "Half \udcff teken")]


@pytest.mark.parametrize("field, value", HOSTILE)
def test_the_store_refuses_control_and_bidi_characters(curated, field, value):
    store = curated.store
    before = sorted(p.name for p in store.evidence_dir.glob("*.yaml"))
    with pytest.raises(InputError) as caught:
        store.add(source_fields("c", **{field: value}), user="anna", reason="x")
    assert caught.value.field == field
    assert "U+" in caught.value.message and field in caught.value.message
    assert sorted(p.name for p in store.evidence_dir.glob("*.yaml")) == before


def test_an_edit_and_a_link_are_refused_too(curated):
    store = curated.store
    sid = store.add(source_fields("d"), user="anna", reason="x").id
    with pytest.raises(InputError) as caught:
        store.edit(sid, {"summary": "Nette tekst \u202eesrever"}, base_version=1,
                   user="anna", reason="x")
    assert caught.value.field == "summary" and "RIGHT-TO-LEFT OVERRIDE" in caught.value.message
    with pytest.raises(InputError) as caught:
        store.edit(sid, {"alt_labels": ["goed", "fout\x1b"]}, base_version=1, user="anna",
                   reason="x")
    assert caught.value.field == "alt_labels" and "ESC" in caught.value.message
    assert store.get(sid).version == 1


def test_a_batch_that_bypasses_the_cleaning_is_still_refused(curated):
    """apply_batch takes whole documents (imports): the validation checks them too."""
    from chiptalent.kb.curation.store import ValidationFailed

    store = curated.store
    sid = store.add(source_fields("b"), user="anna", reason="x").id
    base = store.get(sid)
    doc = {k: v for k, v in base.doc.items() if k != "version"}
    doc["title"] = "Ongezien\x00"
    with pytest.raises(ValidationFailed) as caught:
        store.apply_batch([(base, doc)], user="anna", reason="x")
    assert caught.value.field == "title" and "U+0000" in caught.value.message
    assert store.get(sid).raw == base.raw


def test_ordinary_text_is_kept(curated):
    store = curated.store
    change = store.add(source_fields("e", title="Vrouwen 👩🏽‍🔬 in techniek — «één» 日本"),
                       user="anna", reason="x")
    assert store.get(change.id).doc["title"] == "Vrouwen 👩🏽‍🔬 in techniek — «één» 日本"
