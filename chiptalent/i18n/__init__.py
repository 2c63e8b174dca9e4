"""The one registry of UI strings (Dutch and English) and the one number formatter.

Why here: data flows one way, ontology and kb -> rules -> webapp and the command line.
The rules' reports (rules/check_report.py, rules/recommend_report.py) and the web pages
say the same words and print the same numbers, so strings and formats must sit below
both; `chiptalent.i18n` imports nothing of the project, and every layer may import it.
What the knowledge base itself says (labels, definitions) is not here: it comes with
the data as `label`/`label_en`.

The strings are two catalogues shipped as package data, `nl.yaml` and `en.yaml` (one
flat mapping key -> text each, with `{name}` placeholders for `str.format`). They are
read once, on the first lookup (`catalogue()`), never by an import side effect.

A missing key is a bug. In strict mode (the test suite turns it on with
`set_strict(True)`, or CHIPTALENT_STRICT_I18N=1) `text()` raises MissingText. In
production it falls back visibly: the other language's text, else the key in
brackets (`[nav.search]`), and a warning in the log, so a reader sees that something
is missing and the page still renders.

A count that changes the words takes an ICU-style plural in its text:
`{n, plural, one {# fout} other {# fouten}}` — the branch is chosen by CLDR's plural
rules of the language (babel), `#` is the count in the language's number format, and
`=0 {...}` picks an exact value first. The rest of the text is `str.format` as usual.

Numbers, money and shares are formatted by babel (CLDR data) in `numbers.py`:
`format_number`, `format_money`, `format_percent`, re-exported here.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from importlib import resources

import yaml

from chiptalent.i18n.numbers import format_money, format_number, format_percent

LANGUAGES = ("nl", "en")
DEFAULT = "nl"

log = logging.getLogger(__name__)
_strict = os.environ.get("CHIPTALENT_STRICT_I18N") == "1"


class MissingText(KeyError):
    """A UI string key that one of the catalogues lacks (raised in strict mode)."""


def set_strict(strict: bool) -> None:
    """Make a missing key an error (tests) or a visible fallback (production)."""
    global _strict
    _strict = strict


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The strings of one language, read from its YAML file once."""
    if lang not in LANGUAGES:
        raise ValueError(f"no catalogue for language {lang!r}; allowed: {', '.join(LANGUAGES)}")
    source = resources.files(__package__).joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    strings = yaml.safe_load(source) or {}
    if not isinstance(strings, dict) or not all(isinstance(v, str) for v in strings.values()):
        raise ValueError(f"{lang}.yaml must map each key to one text")
    return strings


# `{name, plural, one {…} other {…}}`; the branches hold no braces of their own.
_PLURAL = re.compile(r"\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*"
                     r"\{[^{}]*\})+)\s*\}")
_BRANCH = re.compile(r"(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}")


# Typed and kept: a page asks for the same few counts' forms over and over, and babel
# parses the locale each time.
@lru_cache(maxsize=4096, typed=True)
def plural_category(count, lang: str) -> str:
    """CLDR's plural category (`one`, `other`, ...) of `count` in `lang`."""
    from babel import Locale

    from chiptalent.i18n.numbers import LOCALES
    return Locale.parse(LOCALES.get(lang, LOCALES[DEFAULT])).plural_form(abs(count))


def _plurals(found: str, lang: str, values: dict) -> str:
    """The text with each ICU plural replaced by the branch its count asks for."""
    def branch(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(name)
        count = values[name]
        if not isinstance(count, (int, float)):
            count = int(count)          # a count given as text ("3") still chooses
        branches = dict(_BRANCH.findall(match.group(2)))
        chosen = branches.get(f"={count}") if isinstance(count, int) else None
        if chosen is None:
            chosen = branches.get(plural_category(count, lang), branches.get("other", ""))
        return chosen.replace("#", format_number(count, lang))
    return _PLURAL.sub(branch, found)


def has_text(key: str) -> bool:
    return key in catalogue(DEFAULT)


def text(key: str, lang: str = DEFAULT, **values) -> str:
    """The UI string `key` in `lang`, its `{placeholders}` filled from `values`."""
    lang = lang if lang in LANGUAGES else DEFAULT
    found = catalogue(lang).get(key)
    if found is None:
        if _strict:
            raise MissingText(f"UI string {key!r} is missing from {lang}.yaml")
        log.warning("UI string %r is missing from %s.yaml", key, lang)
        other = next((catalogue(o).get(key) for o in LANGUAGES if o != lang), None)
        found = other if other is not None else f"[{key}]"
    if values and "plural," in found:
        found = _plurals(found, lang, values)
    return found.format(**values) if values else found


__all__ = ["LANGUAGES", "DEFAULT", "MissingText", "set_strict", "catalogue", "has_text",
           "text", "plural_category", "format_number", "format_money", "format_percent"]
