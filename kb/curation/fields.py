"""The fields of an evidence source: their order in the file, clean-up of input, ids.

One evidence file is one source (kb/README.md, "Evidence sources"). Files written by
the curation core always list their keys in the README's order, as block-style YAML,
so that a change shows up as a small, readable diff. Input from forms, the command
line and imports is cleaned here once (spaces trimmed, lists split and de-duplicated,
years made numbers, building-block ids upper-cased) before it is validated.

Stored text holds characters, not instructions: control characters (NUL, ESC, DEL, the
C1 range), bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
U+061C) and lone surrogates are refused, naming the field and the character
(`unsafe_character`). Shown raw they would drive a terminal (ESC sequences), reorder
what a reader sees (U+202E "Trojan Source"), or break every UTF-8 page and file.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from chiptalent.errors import InputError

# The order of kb/README.md; `version` (the optimistic-locking counter) comes last.
KEY_ORDER = ("id", "title", "title_en", "publisher", "url", "year", "language", "type",
             "summary", "summary_en", "alt_labels", "strength", "strength_reason",
             "interventions", "building_blocks", "target_groups", "levels", "in_seed",
             "seed_section", "seed_quote", "status", "version")
LINK_FIELDS = ("interventions", "building_blocks", "target_groups", "levels")
LIST_FIELDS = ("alt_labels",) + LINK_FIELDS
REQUIRED_TEXT = ("title", "publisher", "summary", "type", "strength", "strength_reason",
                 "language", "status")
# Fields an edit may set; `id` never changes (ids are never renamed) and `version`
# belongs to the store.
EDITABLE = tuple(k for k in KEY_ORDER if k not in ("id", "version"))
STATUSES = ("draft", "reviewed", "retired")
LANGUAGES = ("nl", "en")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 64
YAML_WIDTH = 88
FOLD_AT = 80           # longer texts are written as folded blocks


# Bidirectional formatting characters: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")


# Unicode gives control characters no name; these are the ones people know.
CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x1B: "ESC", 0x7F: "DEL",
                 0x9B: "CSI"}


def unsafe_character(text: str) -> str | None:
    """A description of the first character stored text may not hold, or None."""
    for position, char in enumerate(text, 1):
        category = unicodedata.category(char)
        if category == "Cc" or category == "Cs" or char in BIDI_CONTROLS:
            kind = {"Cc": "a control character", "Cs": "a lone surrogate"}.get(
                category, "a bidirectional control character")
            name = unicodedata.name(char, "") or CONTROL_NAMES.get(ord(char), "")
            label = f"U+{ord(char):04X}" + (f" {name}" if name else "")
            return f"{kind} ({label}) at position {position}"
    return None


def refuse_unsafe(field: str, text: str) -> str:
    """`text`, or an InputError naming the field and the character."""
    found = unsafe_character(text)
    if found is not None:
        raise InputError(f"{field} holds {found}; allowed: printable text (control and "
                         "bidirectional control characters are refused)", field=field)
    return text


def split_list(value) -> list[str]:
    """A list from a list, or from text separated by `;` (the import's list separator)."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, (list, tuple, set)):
        items = list(value)
    else:
        items = [value]
    out: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        if text and text not in out:
            out.append(text)
    return out


def _year(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(f"{value!r} is not a year; allowed: a whole number from 1900 "
                         "to 2100, or empty", field="year")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    raise InputError(f"{text!r} is not a year; allowed: a whole number from 1900 to 2100, "
                     "or empty", field="year")


def _bool(value, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "ja", "1"):
        return True
    if text in ("false", "no", "nee", "0", ""):
        return False
    raise InputError(f"{value!r} is not true or false", field=field)


def clean_value(field: str, value):
    """One field's value as it is stored; raises InputError naming the field."""
    if field not in KEY_ORDER:
        raise InputError(f"unknown field {field!r}; allowed: {', '.join(EDITABLE)}",
                         field=field)
    if field in LIST_FIELDS:
        items = [refuse_unsafe(field, item) for item in split_list(value)]
        if field == "building_blocks":
            items = list(dict.fromkeys(item.upper() for item in items))
        elif field != "alt_labels":
            items = list(dict.fromkeys(item.lower() for item in items))
        return items
    if field == "year":
        return _year(value)
    if field == "in_seed":
        return _bool(value, field)
    if field == "version":
        return value
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    # Long texts keep their words but not stray line breaks and double spaces.
    text = refuse_unsafe(field, " ".join(value.split()))
    if field in ("language", "status", "type", "strength", "id"):
        text = text.lower()
    return text or None


def clean_fields(fields: dict) -> dict:
    """Every given field cleaned; unknown fields refused with the list of allowed ones."""
    return {field: clean_value(field, value) for field, value in fields.items()}


def ordered(doc: dict) -> dict:
    """The document with its keys in the README's order (unknown keys after, sorted)."""
    out = {key: doc[key] for key in KEY_ORDER if key in doc}
    for key in sorted(k for k in doc if k not in out):
        out[key] = doc[key]
    return out


def plain(value):
    """Loaded YAML (LineDicts) as plain dicts and lists, for dumping and comparing."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """The safe dumper, writing long prose as folded blocks (`>-`) like the README."""


def _represent_str(dumper, value: str):
    if len(value) > FOLD_AT and "\n" not in value and value == value.strip() \
            and "  " not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def _dump(data, dumper) -> str:
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                     width=YAML_WIDTH, default_flow_style=False)


def header_of(text: str) -> str:
    """The comment lines a hand-written file starts with (kept when it is rewritten)."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line if line.endswith("\n") else line + "\n")
    return "".join(lines)


def dump(doc: dict, header: str = "") -> str:
    """The YAML text of one evidence file: stable key order, block style, UTF-8.

    Long texts are folded blocks; should PyYAML's folding ever not read back as the
    same text, the plain `yaml.safe_dump` form is written instead.
    """
    data = plain(ordered(doc))
    text = _dump(data, _Dumper)
    if yaml.safe_load(text) != data:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=YAML_WIDTH,
                              default_flow_style=False)
    return header + text


def diff_fields(old: dict, new: dict) -> dict[str, dict]:
    """{field: {"old": ..., "new": ...}} for every field whose value changed."""
    changes = {}
    for key in ordered({**old, **new}):
        if key == "version":
            continue
        before, after = old.get(key), new.get(key)
        if before != after:
            changes[key] = {"old": before, "new": after}
    return changes


# --- ids ------------------------------------------------------------------------------

def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def slug(publisher: str | None, title: str | None, *, max_length: int = 60) -> str:
    """A readable id from publisher and title: `nuffic-stayrate-en-arbeidsmarktpositie`."""
    words = _ascii_words(publisher or "") + _ascii_words(title or "")
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_length:
            break
        out = candidate
    return out or (words[0][:max_length] if words else "bron")


def unique_id(base: str, taken) -> str:
    """`base`, else `base-2`, `base-3`, ...: the first id for which `taken(id)` is false."""
    if not taken(base):
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[:MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if not taken(candidate):
            return candidate
        n += 1


def check_id(source_id: str) -> str:
    """A valid source id (lower-case kebab) or InputError."""
    if not isinstance(source_id, str) or not ID_PATTERN.match(source_id) \
            or len(source_id) > MAX_ID_LENGTH:
        raise InputError(f"{source_id!r} is not a valid id; allowed: lower-case words of "
                         f"a-z and 0-9 joined by '-', at most {MAX_ID_LENGTH} characters",
                         field="id")
    return source_id
