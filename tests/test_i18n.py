"""The one string registry and the one number formatter (chiptalent.i18n).

Every key the code and the templates ask for is in both catalogues; no key sits in a
catalogue unused; a missing key is an error under the tests and a visible fallback in
production; numbers, money and shares read the same everywhere (babel).
"""

from __future__ import annotations

import ast
import logging
import re
from fractions import Fraction
from pathlib import Path

import pytest

from chiptalent import i18n
from chiptalent.i18n import format_money, format_number, format_percent

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("chiptalent", "kb", "rules", "webapp")
# The functions that take a UI string key as their first argument.
LOOKUPS = {"t", "text", "has_text"}
TEMPLATE_CALL = re.compile(r"""\bt\(\s*(['"])([^'"]+)\1\s*(~|\)|,)""")
TEMPLATE_STRING = re.compile(r"""(['"])([\w.]+)\1""")


def python_files():
    for folder in CODE_DIRS:
        yield from (p for p in (ROOT / folder).rglob("*.py") if "data" not in p.parts)


def template_files():
    for folder in ("webapp", "rules"):
        for path in (ROOT / folder).rglob("templates/**/*"):
            if path.is_file():
                yield path


def _lookup_keys(node) -> tuple[str | None, str | None]:
    """(literal key, dynamic prefix) of a call's first argument."""
    arg = node.args[0] if node.args else None
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value, None
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        return None, arg.values[0].value
    if isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
        return None, arg.left.value
    return None, None


def uses() -> tuple[set[str], set[str], set[str]]:
    """Keys asked for literally, prefixes of keys built at run time, and every string
    literal of the code (a key may be chosen from a table and looked up later)."""
    literal, prefixes, strings = set(), set(), set()
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in LOOKUPS:
                    key, prefix = _lookup_keys(node)
                    if key:
                        literal.add(key)
                    if prefix:
                        prefixes.add(prefix)
    for path in template_files():
        source = path.read_text(encoding="utf-8")
        for _, key, after in TEMPLATE_CALL.findall(source):
            (prefixes if after == "~" else literal).add(key)
        strings.update(quoted for _, quoted in TEMPLATE_STRING.findall(source))
    return literal, prefixes, strings


def test_both_languages_have_the_same_keys():
    assert set(i18n.catalogue("nl")) == set(i18n.catalogue("en"))
    for lang in i18n.LANGUAGES:
        assert all(value.strip() for value in i18n.catalogue(lang).values()), lang


def test_placeholders_agree_between_languages():
    field = re.compile(r"{(\w+)}")
    for key, dutch in i18n.catalogue("nl").items():
        english = i18n.catalogue("en")[key]
        assert set(field.findall(dutch)) == set(field.findall(english)), key


def test_every_key_used_exists():
    literal, prefixes, _ = uses()
    assert len(literal) > 300, "the scan found too few keys: is it still looking?"
    known = set(i18n.catalogue("nl"))
    assert sorted(literal - known) == []
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in known), f"no key starts with {prefix!r}"


def test_no_key_is_unused():
    literal, prefixes, strings = uses()
    unused = [key for key in i18n.catalogue("nl")
              if key not in literal and key not in strings
              and not any(key.startswith(prefix) for prefix in prefixes)]
    assert unused == []


def test_missing_key_is_an_error_under_tests():
    with pytest.raises(i18n.MissingText, match="no.such.key"):
        i18n.text("no.such.key", "en")


def test_missing_key_falls_back_visibly_in_production(caplog):
    i18n.set_strict(False)
    try:
        with caplog.at_level(logging.WARNING, logger="chiptalent.i18n"):
            assert i18n.text("no.such.key", "nl") == "[no.such.key]"
        assert "no.such.key" in caplog.text
    finally:
        i18n.set_strict(True)


def test_placeholders_are_filled():
    assert i18n.text("check_report.counts", "en", error=1, warning=0, info=2) == \
        "1 error, 0 warnings, 2 information items"


@pytest.mark.parametrize("lang, one, many", [("nl", "1 fout", "1.234 fouten"),
                                             ("en", "1 error", "1,234 errors")])
def test_plurals_follow_the_language(lang, one, many):
    """ICU-style plurals in the registry: CLDR's category picks the words, `#` is the
    count in the language's number format."""
    assert i18n.text("check_report.counts", lang, error=1, warning=0, info=0) \
        .startswith(one + ", ")
    assert i18n.text("check_report.counts", lang, error=1234, warning=0, info=0) \
        .startswith(many + ", ")
    assert i18n.text("check_report.counts", "nl", error=0, warning=1, info=1) == \
        "0 fouten, 1 waarschuwing, 1 advies"


@pytest.mark.parametrize("lang, number, money, share", [
    ("nl", "1.234.567,9", "€ 1.234.567", "33,3%"),
    ("en", "1,234,567.9", "€1,234,567", "33.3%"),
])
def test_numbers_money_and_shares(lang, number, money, share):
    assert format_number(1234567.9, lang, 1) == number
    assert format_money(1234567, lang) == money
    assert format_percent(Fraction(1, 3), lang, 1) == share


def test_number_defaults():
    assert format_number(38115, "nl") == "38.115"
    assert format_number(Fraction(7, 2), "nl") == "3,50"
    assert format_money(2.5, "nl", 2) == "€ 2,50"
    assert format_money(-5, "nl") == "€ -5"
    for missing in (format_number(None), format_money(None), format_percent(None)):
        assert missing == "–"


def test_no_formatter_of_its_own():
    """Numbers go through chiptalent.i18n.numbers only: no `:,` format spec that swaps
    separators by hand anywhere in the code."""
    by_hand = re.compile(r"""replace\(\s*["'],["']""")
    offenders = [str(p.relative_to(ROOT)) for p in python_files()
                 if by_hand.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_each_key_stands_once_in_its_catalogue(lang):
    # yaml.safe_load keeps the last of two equal keys silently; the project's loader refuses.
    from chiptalent.kb.yamlio import load_yaml_text

    text = (Path(i18n.__file__).parent / f"{lang}.yaml").read_text(encoding="utf-8")
    assert load_yaml_text(text, f"{lang}.yaml") == i18n.catalogue(lang)
