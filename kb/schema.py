"""JSON Schemas for the knowledge-base YAML files, and problems that name file and line.

The schemas check shape (required fields, types, allowed keys, id patterns); what a
value refers to (a target group, another intervention) is checked against the
vocabularies by `validate.py`, because the vocabularies are data too.
"""

from __future__ import annotations

from dataclasses import dataclass

from chiptalent.kb.model import (BLOCK_IDS, LEVELS, MECHANISM_ROLES, MECHANISMS,
                                 PARAMETER_SCOPES, PARAMETER_UNITS, ROLE_UNITS,
                                 SET_BY_ROLES, SIGNAL_VALUES)

ID = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
INTERVENTION_ID = {"type": "string", "pattern": r"^(1[abc]|[2-5])-[a-z0-9]+(-[a-z0-9]+)*$"}
TEXT = {"type": "string", "minLength": 1}
OPT_TEXT = {"type": ["string", "null"]}
ID_LIST = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
# Search words: Dutch and English may share a word ("project"); the loader drops repeats.
ALT_LABELS = {"type": "array", "items": {"type": "string"}}
BLOCK = {"type": "string"}   # which ids are allowed is checked with a friendlier message

EFFECT = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "dimension": {"enum": ["student-numbers", "quality", "diversity", "retention",
                               "attractiveness"]},
        "magnitude": {"enum": ["limited", "considerable", "large", "enabling"]},
        "horizon": {"enum": ["direct", "long-term"]},
        "note": {"type": "string"},
        "note_en": {"type": "string"},
    },
}
DEPENDENCY = {
    "oneOf": [
        {"type": "string"},
        {"type": "object", "additionalProperties": False, "required": ["id"],
         "properties": {"id": {"type": "string"},
                        "strength": {"enum": ["condition", "strong", "advisory"]},
                        "reason": OPT_TEXT}},
    ]
}

ANY_DEPENDENCY = {
    # `requires_any`: at least one of `ids` must be in the plan or arrangement
    "type": "object", "additionalProperties": False, "required": ["ids"],
    "properties": {"ids": {"type": "array", "items": {"type": "string"}, "minItems": 2,
                           "uniqueItems": True},
                   "strength": {"enum": ["condition", "strong", "advisory"]},
                   "reason": OPT_TEXT},
}

CONCEPT = {
    # Closed: a stray key is most often a value that YAML split at ", " in a flow mapping.
    "type": "object", "required": ["id", "label", "label_en"], "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9_]+(-[a-z0-9]+)*$"},
        "label": TEXT, "label_en": TEXT,
        "alt_labels": ALT_LABELS, "definition": OPT_TEXT, "definition_en": OPT_TEXT,
        "seed_section": OPT_TEXT, "seed_quote": OPT_TEXT, "rank": {"type": "integer"},
        "crosswalk": {"type": "object"},      # evidence strength: EEF, NJi/Movisie, GRADE
        "study": {"type": "boolean"},         # evidence type: can show that something works
        "weight": {"type": "number", "minimum": 0, "maximum": 1},   # signal quality
    },
}
VOCABULARY_FILE = {
    "type": "object", "required": ["scheme", "concepts"], "additionalProperties": False,
    "properties": {"scheme": TEXT, "label": TEXT, "label_en": TEXT,
                   "concepts": {"type": "array", "items": CONCEPT, "minItems": 1}},
}
BUILDING_BLOCKS_FILE = {
    "type": "object", "required": ["building_blocks"], "additionalProperties": False,
    "properties": {"building_blocks": {"type": "array", "items": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "label", "label_en", "heading", "effects", "seed_section",
                     "seed_quote"],
        "properties": {"id": {"enum": list(BLOCK_IDS)}, "label": TEXT, "label_en": TEXT,
                       "heading": TEXT, "theme": TEXT, "alt_labels": ALT_LABELS,
                       "definition": TEXT, "definition_en": TEXT,
                       "effects": {"type": "array", "items": EFFECT, "minItems": 1},
                       "effects_text": TEXT, "seed_section": TEXT, "seed_quote": TEXT}}}},
}
PARAMETER_ID = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+(-[a-z0-9_]+)*)*$"}
MECHANISM = {
    # `mechanism: intake`, or with the intervention's own parameters per role:
    # `mechanism: {type: intake, parameters: {uplift: uplift.intake.lob-leerlijn}}`.
    "oneOf": [
        {"enum": list(MECHANISMS)},
        {"type": "object", "required": ["type"], "additionalProperties": False,
         "properties": {"type": {"enum": list(MECHANISMS)},
                        "parameters": {"type": "object",
                                       "additionalProperties": PARAMETER_ID}}},
    ]
}
NUMBER = {"type": "number"}
PARAMETER_SOURCE = {
    "type": "object", "additionalProperties": False,
    "required": ["title", "publisher", "year", "quote"],
    "properties": {"title": TEXT, "publisher": TEXT,
                   "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
                   "url": {"type": "string", "pattern": r"^https?://"},
                   "table": TEXT, "page": {"type": ["string", "integer"]},
                   "accessed": {"type": "string"}, "quote": TEXT},
}
PARAMETER = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "label", "label_en", "unit", "low", "central", "high"],
    "properties": {
        "id": PARAMETER_ID, "label": TEXT, "label_en": TEXT,
        "unit": {"enum": list(PARAMETER_UNITS)},
        "scope": {"type": "object", "additionalProperties": False,
                  "properties": {key: {"type": "string"} for key in PARAMETER_SCOPES}},
        "low": NUMBER, "central": NUMBER, "high": NUMBER,
        "source": PARAMETER_SOURCE, "assumption": TEXT,
        "set_by": {"enum": list(SET_BY_ROLES)}, "note": OPT_TEXT,
        "measures_after_years": {"type": "number", "minimum": 0},
    },
}
PARAMETERS_FILE = {"type": "array", "items": PARAMETER}
INTERVENTION = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "label", "label_en", "building_block", "description",
                 "target_groups", "levels", "goals", "seed_section", "seed_quote",
                 "mechanism"],
    "properties": {
        "id": INTERVENTION_ID, "label": TEXT, "label_en": TEXT, "alt_labels": ALT_LABELS,
        "building_block": BLOCK, "description": TEXT, "description_en": OPT_TEXT,
        "target_groups": {**ID_LIST, "minItems": 1},
        "levels": {"type": "array", "items": {"enum": list(LEVELS)}, "minItems": 1,
                   "uniqueItems": True},
        "routes": {"type": "array", "items": {"enum": ["bol", "bbl", "deeltijd", "duaal"]}},
        "goals": {**ID_LIST, "minItems": 1},
        "effects": {"type": "array", "items": EFFECT},
        "requires": {"type": "array", "items": DEPENDENCY},
        "requires_any": {"type": "array", "items": ANY_DEPENDENCY},
        "preconditions": {"type": "array", "items": DEPENDENCY},
        "provides": ID_LIST, "programmes": ID_LIST,
        "business_responsibility": {"type": "boolean"},
        "business_reason": OPT_TEXT,
        "business_seed_section": OPT_TEXT,
        "business_seed_quote": {"type": ["string", "null"], "minLength": 20},
        "researched_measures": {"type": "array", "items": {"type": "string"}},
        "seed_section": TEXT, "seed_quote": {"type": "string", "minLength": 20},
        "mechanism": MECHANISM,
    },
}
INTERVENTIONS_FILE = {
    "type": "object", "required": ["interventions"], "additionalProperties": False,
    "properties": {"interventions": {"type": "array", "items": INTERVENTION}},
}
EVIDENCE_FILE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "title", "publisher", "language", "type", "summary", "strength",
                 "strength_reason", "status"],
    "properties": {
        "id": ID, "title": TEXT, "title_en": OPT_TEXT, "publisher": TEXT,
        "url": {"type": ["string", "null"], "pattern": r"^https?://"},
        "year": {"type": ["integer", "null"], "minimum": 1900, "maximum": 2100},
        "language": {"enum": ["nl", "en"]}, "type": TEXT,
        "summary": TEXT, "summary_en": OPT_TEXT, "alt_labels": ALT_LABELS,
        "strength": TEXT, "strength_reason": TEXT,
        "interventions": ID_LIST,
        "building_blocks": {"type": "array", "items": {"type": "string"}},
        "target_groups": ID_LIST, "levels": ID_LIST,
        "in_seed": {"type": "boolean"}, "seed_section": OPT_TEXT, "seed_quote": OPT_TEXT,
        "status": {"enum": ["draft", "reviewed", "retired"]},
        "version": {"type": "integer", "minimum": 1},
    },
}
SOURCE = {
    # Closed, and no key may be empty: an unquoted ", " inside a flow mapping
    # (`publisher: Punt (Avans, HOP)`) cuts the value short and adds a stray key `HOP)`
    # with no value; this shape refuses both halves of that mistake.
    "type": "object", "required": ["title", "publisher"], "additionalProperties": False,
    "propertyNames": {"minLength": 1},
    "properties": {"title": TEXT, "publisher": TEXT,
                   "url": {"type": ["string", "null"], "pattern": r"^https?://"},
                   "date": {"type": ["string", "null"], "minLength": 4},
                   "verified": {"type": "boolean"}},
}
REGION_FILE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "label", "label_en", "demand_total", "fte"],
    "properties": {
        "id": ID, "label": TEXT, "label_en": TEXT,
        "demand_total": {"type": "integer", "minimum": 0},
        "demand_total_basis": {"enum": ["source", "derived"]},
        "demand_total_note": OPT_TEXT, "demand_total_note_en": OPT_TEXT,
        "demand_total_doubt": OPT_TEXT,       # why the seed's figure is doubtful, if it is
        "demand_total_doubt_en": OPT_TEXT,
        "demand_share_stated": {"type": "number", "minimum": 0, "maximum": 1},
        "fte": {"type": "integer", "minimum": 0},
        "fte_share_stated": {"type": "number", "minimum": 0, "maximum": 1},
        "seed_section": OPT_TEXT, "seed_quote": OPT_TEXT, "unknown_note": OPT_TEXT,
        "unknown_note_en": OPT_TEXT,
        "context": {"type": "object", "additionalProperties": {
            # A known value says how good its source is for what the signal means
            # (vocabulary signal_quality: direct, proxy, wider-area, artefact) and why.
            "type": "object", "required": ["value"], "additionalProperties": False,
            "properties": {"value": {"enum": [*SIGNAL_VALUES, None]},
                           "quality": {"type": "string"}, "quality_reason": TEXT,
                           "quality_reason_en": TEXT,
                           "summary": OPT_TEXT, "summary_en": OPT_TEXT,
                           "sources": {"type": "array", "items": SOURCE}},
            # pages and reports in English show the English: it must be there
            "dependentRequired": {"summary": ["summary_en"],
                                  "quality_reason": ["quality_reason_en"]},
            "if": {"properties": {"value": {"enum": list(SIGNAL_VALUES)}}},
            "then": {"required": ["quality", "quality_reason"]}}},
    },
    "dependentRequired": {"unknown_note": ["unknown_note_en"],
                          "demand_total_note": ["demand_total_note_en"],
                          "demand_total_doubt": ["demand_total_doubt_en"]},
}
REQUESTED_PROGRAMME = {
    # Closed, like CONCEPT: a stray key is most often a value YAML split at ", ".
    "type": "object", "additionalProperties": False,
    "required": ["id", "rank", "label", "label_en", "seed_section", "seed_quote"],
    "properties": {"id": ID, "rank": {"type": "integer", "minimum": 1},
                   "label": TEXT, "label_en": TEXT, "seed_section": TEXT, "seed_quote": TEXT},
}
REQUESTED_PROGRAMMES = {
    # Bijlage 3, "Gevraagd talent naar opleidingen": one ranked list per demand level.
    "type": "object", "additionalProperties": False, "required": ["levels"],
    "properties": {
        "label": TEXT, "label_en": TEXT,
        "seed_section": OPT_TEXT, "seed_quote": OPT_TEXT, "note": OPT_TEXT, "note_en": OPT_TEXT,
        "levels": {"type": "object", "additionalProperties": False,
                   "properties": {level: {
                       "type": "object", "additionalProperties": False, "required": ["items"],
                       "properties": {"heading": OPT_TEXT, "heading_en": OPT_TEXT,
                                      "items": {"type": "array", "minItems": 1,
                                                "items": REQUESTED_PROGRAMME}}}
                       for level in ("mbo", "hbo", "wo")}},
    },
}
FACT_KINDS = ("goal", "requested-total", "reservation-2024", "first-tranche-2025-26")
# A sourced fact about the call's implementation (national.yaml `facts`): a figure with the
# source that states it, in the shape of a parameter's source.
SOURCED_FACT = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "kind", "value", "unit", "label", "label_en", "source"],
    "properties": {"id": ID, "kind": {"enum": list(FACT_KINDS)},
                   "region": {"type": "string"},
                   "value": {"type": "number", "minimum": 0},
                   "unit": {"enum": ["euro", "people"]},
                   "label": TEXT, "label_en": TEXT, "source": PARAMETER_SOURCE},
}
NATIONAL_FILE = {
    "type": "object", "required": ["demand", "fte"],
    "properties": {
        "requested_programmes": REQUESTED_PROGRAMMES,
        "facts": {"type": "array", "items": SOURCED_FACT},
        "demand": {"type": "object", "required": ["total", "by_level"], "properties": {
            "total": {"type": "integer", "minimum": 1},
            "by_level": {"type": "object", "required": ["mbo", "hbo", "wo"],
                         "additionalProperties": {"type": "object", "required": ["value"],
                                                  "properties": {"value": {"type": "integer"}}}}}},
        "fte": {"type": "object", "required": ["total"],
                "properties": {"total": {"type": "integer", "minimum": 1}}},
    },
}


def schema_for(name: str) -> dict | None:
    """The schema of a file, by its path relative to the KB directory."""
    if name.startswith("vocabularies/"):
        return VOCABULARY_FILE
    if name.startswith("interventions/"):
        return INTERVENTIONS_FILE
    if name.startswith("evidence/"):
        return EVIDENCE_FILE
    if name.startswith("regions/"):
        return REGION_FILE
    if name.startswith("parameters/"):
        return PARAMETERS_FILE
    return {"building_blocks.yaml": BUILDING_BLOCKS_FILE,
            "national.yaml": NATIONAL_FILE}.get(name)


@dataclass
class Problem:
    """One thing wrong with the knowledge base, placed as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    entry: str | None = None
    field: str | None = None

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.entry:
            parts.append(f"entry {self.entry}")
        if self.field:
            parts.append(f"field {self.field}")
        return ": ".join(parts + [self.message])

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "entry": self.entry,
                "field": self.field, "message": self.message}


def locate(doc, path) -> tuple[int | None, str | None, str]:
    """Line, entry id and field (relative to the entry) for a path into a document."""
    line = getattr(doc, "line", None)
    entry = str(doc["id"]) if isinstance(doc, dict) and "id" in doc else None
    field_parts: list[str] = []
    node = doc
    for step in path:
        if isinstance(node, dict):
            line = getattr(node, "key_lines", {}).get(step, line)
            node = node.get(step)
            field_parts.append(str(step))
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            field_parts.append(f"[{step}]")
            line = getattr(node, "line", line)
        else:
            break
        if isinstance(node, dict) and "id" in node and node is not doc:
            # Entering an entry: from here on, fields are named relative to it.
            entry, field_parts = str(node["id"]), []
    field = ".".join(field_parts).replace(".[", "[")
    return line, entry, field


def _message(error) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is required (missing)")
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties") or {}
        stray = [k for k, v in error.instance.items() if k not in allowed and v is None] \
            if isinstance(error.instance, dict) else []
        hint = (f"; a key {stray[0]!r} without a value is most often the rest of a value "
                "cut at ', ' in a {...} flow mapping: quote that value") if stray else ""
        return f"{error.message}{hint}; see kb/README.md for the allowed fields"
    if error.validator == "dependentRequired":
        # "'summary_en' is a dependency of 'summary'"
        names = error.message.split("'")
        missing, given = (names[1], names[3]) if len(names) > 3 else (error.message, "")
        return (f"{missing} is required (missing): the English beside {given}, which an "
                "English page or report shows")
    if error.validator == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in error.validator_value)
        return f"{error.instance!r} is not allowed; allowed: {allowed}"
    if error.validator == "oneOf" and error.schema is MECHANISM:
        return (f"{error.instance!r} is not a mechanism; write one of "
                f"{', '.join(MECHANISMS)}, or {{type: <one of them>, parameters: "
                "{<role>: <parameter id>}}")
    if error.validator == "pattern":
        return (f"{error.instance!r} is not a valid id or value "
                f"(must match {error.validator_value})")
    return error.message


def check_raw(raw: dict[str, object]) -> list[Problem]:
    """Schema-check every parsed file; returns problems (empty when all is well)."""
    import jsonschema

    problems: list[Problem] = []
    for name, doc in raw.items():
        schema = schema_for(name)
        if schema is None:
            problems.append(Problem(name, "unexpected file: the knowledge base has no "
                                          "such kind of file (see kb/README.md)"))
            continue
        validator = jsonschema.Draft202012Validator(schema)
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
            path = list(error.absolute_path)
            if error.validator in ("required", "dependentRequired"):
                missing = error.message.split("'")[1] if "'" in error.message else None
                line, entry, field = locate(doc, path)
                field = f"{field}.{missing}" if field and missing else (missing or field)
            else:
                line, entry, field = locate(doc, path)
            problems.append(Problem(name, _message(error), line, entry, field or None))
    if not problems:
        problems += check_parameters(raw)
    return problems


# --- parameters: what a schema cannot say ----------------------------------------------

def _parameter_entries(raw: dict[str, object]):
    for name, doc in raw.items():
        if name.startswith("parameters/") and isinstance(doc, list):
            for entry in doc:
                yield name, entry


def check_parameters(raw: dict[str, object]) -> list[Problem]:
    """Provenance, ranges and references of the forecast's parameters (spec/forecast.md).

    Each parameter has exactly one of `source` and `assumption` (an assumption with the
    role that set it), low <= central <= high, no negative value, shares within 0..1, and
    an id used once; every parameter an intervention's mechanism names exists and has
    the unit its role needs.
    """
    problems: list[Problem] = []

    def report(file, entry, field, message):
        line = entry.line_of(field) if hasattr(entry, "line_of") else None
        problems.append(Problem(file, message, line, str(entry.get("id")), field))

    seen: dict[str, str] = {}
    units: dict[str, str] = {}
    for name, p in _parameter_entries(raw):
        pid = str(p["id"])
        if pid in seen:
            report(name, p, "id", f"parameter id {pid!r} is also used in {seen[pid]}; "
                                  "ids are unique")
        seen.setdefault(pid, name)
        units[pid] = p["unit"]
        has_source, has_assumption = "source" in p, "assumption" in p
        if has_source == has_assumption:
            report(name, p, "source" if has_source else "id",
                   "a parameter has exactly one of source and assumption "
                   f"(this one has {'both' if has_source else 'neither'})")
        if has_assumption and "set_by" not in p:
            report(name, p, "assumption", "an assumption says which role set it: add "
                   f"set_by (one of {', '.join(SET_BY_ROLES)})")
        if has_source and not has_assumption and "set_by" in p:
            report(name, p, "set_by", "set_by belongs beside an assumption; a sourced "
                                      "value has no set_by")
        low, central, high = p["low"], p["central"], p["high"]
        if not low <= central <= high:
            report(name, p, "central", f"low <= central <= high is required, got "
                                       f"low {low}, central {central}, high {high}")
        if low < 0:
            report(name, p, "low", f"a parameter is never negative, got low {low}")
        if p["unit"] == "share" and high > 1:
            report(name, p, "high", f"a share lies between 0 and 1, got high {high}")

    for name, doc in raw.items():
        if not name.startswith("interventions/") or not isinstance(doc, dict):
            continue
        for i in doc.get("interventions") or []:
            mechanism = i.get("mechanism")
            if not isinstance(mechanism, dict):
                continue
            roles = MECHANISM_ROLES[mechanism["type"]]
            for role, pid in (mechanism.get("parameters") or {}).items():
                if role not in roles:
                    report(name, i, "mechanism", f"{mechanism['type']} has no parameter "
                           f"role {role!r}; allowed: {', '.join(roles) or '(none)'}")
                elif pid not in units:
                    report(name, i, "mechanism", f"parameter {pid!r} (for {role}) is not "
                           "in kb/data/parameters")
                elif units[pid] != ROLE_UNITS.get(role, "share"):
                    report(name, i, "mechanism", f"parameter {pid!r} is in "
                           f"{units[pid]}, but {role} needs {ROLE_UNITS.get(role, 'share')}")
    return problems
