"""The command line's text output reads as plain language, in Dutch by default and in
English with `--lang en` (before or after the subcommand): no field path
(`context.youth_decline=high`), no rule id (those of rules/ and the built-in ones), and
in English none of the Dutch words the reports used to carry (issue 19.2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiptalent.cli import main
from chiptalent.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"
FIELD_PATH = re.compile(r"\b[a-z_]+\.[a-z_]+=")
BUILTIN_RULES = ("builtin.requires-closure", "builtin.enabling-block-5",
                 "builtin.precondition-provider", "builtin.budget-optimal")
# The other language's frame words, which a report in this language must not use
# (quotes of the call and source titles may still be in either language).
NOT_IN = {"en": re.compile(r"^\s*(waarom|lees|Oplossing|Aannames|Beschrijving|Oordeel|"
                           r"Totaal|Randvoorwaarden|Bouwsteen)\b|\btrekkingen\b|\bresultaten voor\b",
                           re.M),
          "nl": re.compile(r"^\s*(why|read|Solution|Assumptions|Description|Verdict|Total|"
                           r"Preconditions|Building block)\b|\bdraws\b|\bresults for\b", re.M)}

COMMANDS = {
    "recommend": ["recommend", "--region", "twente", "--explain",
                  "1c-buitenlandse-bachelors-werven"],
    "check": ["check", str(PLANS / "flawed-consortium-missing-party.yaml")],
    "forecast": ["forecast", str(PLANS / "twente.yaml"), "--draws", "300"],
    "search": ["search", "instroom", "--limit", "5"],
    "kb show intervention": ["kb", "show", "1b-baangarantie"],
    "kb show region": ["kb", "show", "twente"],
}


@pytest.fixture(scope="module")
def rule_ids() -> set[str]:
    return {rule["id"] for rule in load_rules().as_dicts()} | set(BUILTIN_RULES)


def run(args: list[str]) -> str:
    # The data directory is the session's private one (tests/conftest.py).
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    return result.output


def assert_plain(text: str, rule_ids: set[str], lang: str) -> None:
    assert not FIELD_PATH.findall(text), FIELD_PATH.findall(text)[:5]
    named = [rid for rid in rule_ids
             if re.search(rf"(?<![\w.-]){re.escape(rid)}(?![\w-])", text)]
    assert named == [], named
    assert not NOT_IN[lang].findall(text), NOT_IN[lang].findall(text)[:5]


@pytest.mark.parametrize("name", COMMANDS)
def test_text_output_is_plain_in_dutch_by_default(name, rule_ids):
    text = run(COMMANDS[name])
    assert text.strip()
    assert_plain(text, rule_ids, "nl")


@pytest.mark.parametrize("name", COMMANDS)
def test_text_output_is_plain_and_english_on_request(name, rule_ids):
    before = run(["--lang", "en", *COMMANDS[name]])
    after = run([*COMMANDS[name], "--lang", "EN"])      # any case, after too
    assert_plain(before, rule_ids, "en")
    assert before == after            # the same words wherever --lang stands
    assert before != run(COMMANDS[name])


def test_the_help_lists_the_languages():
    text = CliRunner().invoke(main, ["--help"]).output
    assert "--lang [nl|en]" in text
    assert "--lang [nl|en]" in CliRunner().invoke(main, ["check", "--help"]).output


def test_an_unknown_language_is_refused_naming_the_option():
    result = CliRunner().invoke(main, ["--lang", "de", "search", "x"])
    assert result.exit_code == 2 and "--lang" in result.output and "nl" in result.output


def test_counts_are_singular_and_plural():
    dutch = run(COMMANDS["check"])
    english = run(["--lang", "en", *COMMANDS["check"]])
    assert re.search(r"\(1 fout, \d+ waarschuwing(en)?, \d+ advie(s|zen)\)", dutch), dutch[:400]
    assert re.search(r"\(1 error, \d+ warnings?, \d+ information items?\)", english)
