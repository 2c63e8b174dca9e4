"""The evidence form: its fields, reading a posted form, and errors per field.

One form adds or edits a source: its bibliographic fields, its summary, its evidence
strength with the reason for it, its status (draft or reviewed) and its links to
interventions, building blocks, target groups and levels, plus the reason for the
change (the change log's "why"). An edit carries the version it was based on.

Errors come back per field, in the order of the form: the web layer checks what it
can say in the visitor's language (a required field left empty, no reason), and the
store's checks (kb.curation.checks: schema, references, SHACL) say the rest; all of
them at once, so an adviser fixes a form in one go.
"""

from __future__ import annotations

from chiptalent.errors import InputError
from chiptalent.kb.curation.fields import REQUIRED_TEXT, clean_value, split_list
from chiptalent.kb.curation.store import ValidationFailed
from chiptalent.webapp.i18n import pick, t

TEXT_FIELDS = ("title", "title_en", "publisher", "url", "year", "summary", "summary_en",
               "strength_reason", "alt_labels")
CHOICE_FIELDS = ("language", "type", "strength", "status")
LINK_FIELDS = ("interventions", "building_blocks", "target_groups", "levels")
FORM_FIELDS = TEXT_FIELDS + CHOICE_FIELDS + LINK_FIELDS
# Form order, for the error summary; `id` only on the add form, `reason` on both; then
# the fields of the import form.
ORDER = ("id", "title", "title_en", "publisher", "url", "year", "language", "type",
         "summary", "summary_en", "alt_labels", "strength", "strength_reason", "status",
         "interventions", "building_blocks", "target_groups", "levels", "reason",
         "file", "format", "default_type", "default_strength", "default_strength_reason",
         "default_language")
REQUIRED = ("title", "publisher", "summary", "type", "strength", "strength_reason",
            "language", "status")
MAX_TEXT = 20_000
OTHER = "_form"           # errors that belong to no field of the form

# What a new source starts from (as store.add does).
NEW_DOC = {"title": None, "title_en": None, "publisher": None, "url": None, "year": None,
           "language": "nl", "type": None, "summary": None, "summary_en": None,
           "strength": None, "strength_reason": None, "interventions": [],
           "building_blocks": [], "target_groups": [], "levels": [], "in_seed": False,
           "status": "draft"}


class FieldErrors(dict):
    """field -> [{"text", "lang"}]; `add` keeps one message per text and field."""

    def add(self, key: str | None, text: str, lang: str | None = None) -> None:
        key = key if key in ORDER else OTHER
        items = self.setdefault(key, [])
        if all(item["text"] != text for item in items):
            items.append({"text": text, "lang": lang})

    def ordered(self) -> list[tuple[str, list]]:
        keys = [k for k in ORDER if k in self] + ([OTHER] if OTHER in self else [])
        return [(k, self[k]) for k in keys]


def field_key(name: str | None) -> str | None:
    """`interventions[2]` or `summary.nl` -> the form field it belongs to."""
    if not name:
        return None
    return str(name).split(".")[0].split("[")[0].strip() or None


def add_exception(errors: FieldErrors, exc: InputError) -> None:
    """The store's messages (in English) on the fields they name."""
    if isinstance(exc, ValidationFailed) and exc.problems:
        for problem in exc.problems:
            errors.add(field_key(problem.field), problem.message, "en")
    else:
        errors.add(field_key(exc.field), exc.message, "en")


# --- values ---------------------------------------------------------------------------

def values_of(doc: dict) -> dict:
    """A stored source as the form shows it (text inputs, selected options)."""
    values = {}
    for key in TEXT_FIELDS + CHOICE_FIELDS:
        value = doc.get(key)
        if key == "alt_labels":
            value = "; ".join(split_list(value))
        values[key] = "" if value is None else str(value)
    for key in LINK_FIELDS:
        values[key] = [str(v) for v in split_list(doc.get(key))]
    return values


def read_form(form) -> dict:
    """The form's fields as posted (only the known ones, each text cut at MAX_TEXT)."""
    values = {}
    for key in TEXT_FIELDS + CHOICE_FIELDS:
        values[key] = (form.get(key) or "")[:MAX_TEXT]
    for key in LINK_FIELDS:
        values[key] = [v[:200] for v in form.getlist(key) if v][:1000]
    return values


def changes_of(values: dict, errors: FieldErrors) -> dict:
    """The store's fields from the form's values; unreadable ones go to `errors`."""
    out = {}
    for key in FORM_FIELDS:
        raw = values.get(key)
        if key == "alt_labels":
            raw = split_list(raw)
        try:
            out[key] = clean_value(key, raw)
        except InputError as exc:
            if key == "year":
                errors.add("year", t("form.year_invalid"))
            else:
                errors.add(key, exc.message, "en")
    return out


def check_required(values: dict, reason: str, errors: FieldErrors) -> None:
    for key in REQUIRED:
        if not " ".join(str(values.get(key) or "").split()):
            errors.add(key, t("form.required"))
    if not " ".join(reason.split()):
        errors.add("reason", t("form.reason_required"))


# Stand-ins for required fields already reported empty, so that checking the rest of a
# form with errors does not stop at "required" (the schema is checked before references).
STAND_INS = {"title": "-", "publisher": "-", "summary": "-", "strength_reason": "-",
             "type": "report", "strength": "descriptive", "language": "nl",
             "status": "draft"}


def candidate(base: dict, changes: dict, source_id: str, version: int,
              reported=()) -> dict:
    """The document a change would write, for checking the rest of a form that has
    errors: fields in `reported` get a harmless stand-in (their error is known)."""
    doc = {**base, **changes}
    for key in REQUIRED_TEXT:
        if doc.get(key) is None:
            if key in reported and key in STAND_INS:
                doc[key] = STAND_INS[key]
            else:
                doc.pop(key, None)
    return {**doc, "id": source_id, "version": version}


def more_problems(store, doc: dict, errors: FieldErrors, base: dict | None = None,
                  passes: int = 3) -> None:
    """The store's own checks of a document, for the fields not yet in `errors`.

    The schema is checked before the references, so a field the schema refuses hides
    the others' problems: each pass sets the fields found wrong back to the stored (or
    a stand-in) value and checks again, so the form shows every field's error at once.
    """
    base = base or {}
    for _ in range(passes):
        try:
            results = store.validate([doc])
        except Exception:       # checking is a courtesy here; the write checks again
            return
        found = False
        for problem in results[0]:
            key = field_key(problem.field)
            if key and key not in errors and key in doc:
                found = True
                doc[key] = base.get(key, STAND_INS.get(key))
                if doc[key] is None:
                    doc.pop(key)
            if key not in errors:
                errors.add(key, problem.message, "en")
        if not found:
            return


def unsaved(values: dict, current: dict) -> list[dict]:
    """The fields where what the adviser sent differs from what is stored now."""
    rows = []
    for key in FORM_FIELDS:
        try:
            mine = clean_value(key, split_list(values.get(key)) if key == "alt_labels"
                               else values.get(key))
        except InputError:
            mine = values.get(key)
        theirs = current.get(key)
        if key in LINK_FIELDS + ("alt_labels",):
            theirs = split_list(theirs)
            if sorted(mine or []) == sorted(theirs):    # checkboxes come in form order
                continue
        if (mine or None) != (theirs or None):
            rows.append({"field": key, "label": t("field." + key), "mine": shown(mine),
                         "current": shown(theirs)})
    return rows


def shown(value) -> str:
    """A stored value as text on a page: lists joined, nothing as a dash."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


# --- options ----------------------------------------------------------------------------

def options(kb) -> dict:
    """The choices the form offers, from the knowledge base's vocabularies."""
    def concepts(scheme):
        return [{"id": cid, "label": pick(c), "hint": pick(c, "definition")}
                for cid, c in kb.vocabulary(scheme).items()]
    by_block = []
    for block in kb.building_blocks.values():
        items = [{"id": i.id, "label": pick(i)} for i in kb.interventions.values()
                 if i.building_block == block.id]
        by_block.append({"id": block.id, "label": pick(block), "interventions": items})
    return {
        "languages": [{"id": "nl", "label": t("language.nl")},
                      {"id": "en", "label": t("language.en")}],
        "types": concepts("evidence_type"),
        "strengths": concepts("evidence_strength"),
        "target_groups": concepts("target_group"),
        "levels": concepts("level"),
        "blocks": [{"id": b.id, "label": pick(b)} for b in kb.building_blocks.values()],
        "interventions": by_block,
    }
