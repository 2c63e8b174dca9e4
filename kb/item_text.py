"""`chiptalent kb show ID` as plain text, in Dutch or English.

A reader's view of a `describe_item` document (kb/present.py): the item's name and
kind, then one line per field with a plain name from the string registry
(`kb_show.field.*`), linked ids replaced by the linked thing's label (the document's
`refs`), the English text where the reader asked for English and the knowledge base has
it, yes/no instead of True/False and numbers in the language's style. The JSON document
(`kb show --json`) is unchanged; this is only its text.
"""

from __future__ import annotations

from chiptalent.i18n import format_number, format_percent, has_text, text
from chiptalent.kb.present import evidence_text, requested_programmes_lines

# Fields that are the heading or another field's twin, or only bookkeeping.
SKIPPED = {"kind", "id", "label", "label_en", "title", "title_en", "refs",
           "effects_source", "rule_kind"}
# Link fields and the `refs` kind their ids are named in.
LINKS = {"target_groups": "target_group", "levels": "level", "routes": "route",
         "goals": "goal", "programmes": "programme", "requires": "intervention",
         "required_by": "intervention", "interventions": "intervention",
         "preconditions": "precondition", "provides": "precondition",
         "building_blocks": "building_block", "building_block": "building_block"}


def _label(entry, lang: str) -> str | None:
    if not isinstance(entry, dict):
        return None
    english = entry.get("label_en") or entry.get("title_en")
    return (english if lang == "en" and english else None) or entry.get("label") \
        or entry.get("title")


def _field_name(key: str, lang: str) -> str:
    known = has_text("kb_show.field." + key)
    return text("kb_show.field." + key, lang) if known else key.replace("_", " ")


def _plain(value, lang: str) -> str:
    """A field's value as words: lists joined, a measured value with its note, a
    nested mapping as 'name: value' pairs, booleans as yes/no."""
    if isinstance(value, bool):
        return text("kb_show.yes" if value else "kb_show.no", lang)
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    if isinstance(value, list):
        return "; ".join(_plain(v, lang) for v in value if v not in (None, "", [], {}))
    if isinstance(value, dict):
        if "value" in value:
            shown = _plain(value["value"], lang)
            extra = (value.get("summary_en") or value.get("note_en")) if lang == "en" else None
            extra = extra or value.get("summary") or value.get("note")
            return f"{shown} ({extra})" if extra else shown
        if "title" in value or "label" in value:
            return _label(value, lang) or ""
        return "; ".join(f"{_field_name(k, lang)}: {_plain(v, lang)}" for k, v in value.items()
                         if v not in (None, "", [], {}) and not k.endswith("_en"))
    return str(value)


def format_item(doc: dict, lang: str = "nl") -> str:
    """The plain-text view of a `describe_item` document in `lang`."""
    refs = doc.get("refs") or {}
    title = _label(doc, lang) or doc["id"]
    kind = doc.get("kind", "")
    kind_name = text("kb_show.kind." + kind, lang) if has_text("kb_show.kind." + kind) else kind
    lines = [f"{title}  [{kind_name} {doc['id']}]"]
    for key, value in doc.items():
        if key in SKIPPED or key.endswith("_detail") or value in (None, [], {}, ""):
            continue
        if key.endswith("_en"):
            continue                      # shown in place of its Dutch twin below
        english = doc.get(key + "_en")
        if lang == "en" and english:
            value = english
        if key == "requested_programmes" or (key == "levels" and kind == "requested_programmes"):
            ranked = value if key == "requested_programmes" else {"levels": value}
            lines.append(f"  {_field_name('requested_programmes', lang)}:")
            lines += [f"    {line}" for line in requested_programmes_lines(ranked)]
            continue
        if key == "evidence" and isinstance(value, list):
            # Sources are read by title and strength (from `refs`), never as bare ids.
            named = refs.get("evidence") or {}
            value = "; ".join(_evidence_line(named.get(eid) or {"title": eid}, lang)
                              for eid in value)
        elif key in LINKS and refs.get(LINKS[key]):
            named = refs[LINKS[key]]
            ids = value if isinstance(value, list) else [value]
            value = ", ".join(_label(named.get(i), lang) or str(i) for i in ids)
        elif key == "effects" and isinstance(value, list):
            value = "; ".join(_effect(e, refs, lang) for e in value)
        elif key == "mechanism" and isinstance(value, dict):
            how = str(value.get("type"))
            value = (text("kb_show.mechanism." + how, lang)
                     if has_text("kb_show.mechanism." + how) else how)
        elif key.endswith("_share") and isinstance(value, dict):
            value = format_percent(value.get("stated", value.get("computed")), lang, 1)
        elif key == "requires_any" and refs.get("intervention"):
            named = refs["intervention"]
            value = "; ".join(" / ".join(_label(named.get(i), lang) or i for i in group)
                              for group in value)
        else:
            value = _plain(value, lang)
        if value:
            lines.append(f"  {_field_name(key, lang)}: {value}")
    return "\n".join(lines)


def _effect(effect: dict, refs: dict, lang: str) -> str:
    """'Student numbers: considerable' from an effect's dimension and magnitude ids."""
    words = [_label((refs.get(scheme) or {}).get(effect.get(field)), lang) or effect.get(field)
             for field, scheme in (("dimension", "effect_dimension"),
                                   ("magnitude", "magnitude"))
             if effect.get(field)]
    note = effect.get("note_en") if lang == "en" else None
    note = note or effect.get("note")
    return ": ".join(words) + (f" ({note})" if note else "")


def _evidence_line(ref: dict, lang: str) -> str:
    strength = ref.get("strength")
    label = _label(strength, lang) if isinstance(strength, dict) else strength
    title = (ref.get("title_en") if lang == "en" else None) or ref.get("title") or ref.get("id")
    return evidence_text({"title": title, "year": ref.get("year"), "strength_label": label})
