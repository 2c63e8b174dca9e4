"""rules/schemas/rule.schema.json: a valid JSON Schema that every rule file satisfies,
the one rules/ruleset.py validates with (so it is not a dead document), and whose
complaints name the file, the rule, the line and what is allowed."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest

from chiptalent.errors import InputError
from chiptalent.kb.yamlio import load_yaml_file
from chiptalent.rules import ruleset
from chiptalent.rules.ruleset import RULES_DIR, SCHEMA_FILE, read_rule_file

GOOD_RULE = """\
rules:
  - id: proef-regel
    when: {fact: demand.total, gt: 0}
    then:
      - recommend: {interventions: [1a-doelgroepgerichte-voorlichting], weight: 2}
    examples:
      fires: [{demand.total: 5}]
      not: [{demand.total: 0}]
    rationale: {nl: tekst, en: text}
    seed_section: Doel
"""


def _file(tmp_path, text, kind="recommend"):
    path = tmp_path / kind / "9-proef.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_schema_is_valid_and_every_rule_file_satisfies_it():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(RULES_DIR.glob("*/*.yaml"))
    assert len(files) >= 8
    for path in files:
        errors = [e.message for e in validator.iter_errors(load_yaml_file(path))]
        assert errors == [], path.name


def test_the_loader_validates_with_the_schema_file(tmp_path, monkeypatch):
    """Change the schema and the loader follows: it reads that file."""
    path = _file(tmp_path, GOOD_RULE)
    assert [r.id for r in read_rule_file(path, "recommend")] == ["proef-regel"]
    strict = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    strict["$defs"]["rule"]["required"].append("seed_quote")
    other = tmp_path / "strict.schema.json"
    other.write_text(json.dumps(strict), encoding="utf-8")
    monkeypatch.setattr(ruleset, "SCHEMA_FILE", other)
    ruleset.file_validator.cache_clear()
    try:
        with pytest.raises(InputError, match="seed_quote"):
            read_rule_file(path, "recommend")
    finally:
        monkeypatch.undo()
        ruleset.file_validator.cache_clear()


@pytest.mark.parametrize("change, words", [
    (("    seed_section: Doel\n", "    seed_section: Doel\n    colour: red\n"),
     ["proef-regel", "colour", "allowed: code, examples"]),
    (("{fact: demand.total, gt: 0}", "{fact: demand.total, bigger: 0}"),
     ["proef-regel", "when", "at most one comparison", "at_least"]),
    (("{fact: demand.total, gt: 0}", "{all: []}"),
     ["proef-regel", "non-empty list"]),
    (("{fact: demand.total, gt: 0}", "{fact: demand.total, lt: {fact: demand.mbo, times: een-derde}}"),
     ["proef-regel", "exact fraction"]),
    (("      - recommend:", "      - advise:"),
     ["proef-regel", "then", "advise", "allowed: assert", "recommend"]),
    (("{interventions: [1a-doelgroepgerichte-voorlichting], weight: 2}", "{weight: 2}"),
     ["proef-regel", "then.0.recommend", "needs one of intervention, interventions"]),
    (("      not: [{demand.total: 0}]\n", ""),
     ["proef-regel", "examples", "not"]),
    (("rationale: {nl: tekst, en: text}", "rationale: {nl: tekst}"),
     ["proef-regel", "rationale", "en"]),
])
def test_bad_rules_are_named_with_what_is_allowed(tmp_path, change, words):
    old, new = change
    assert old in GOOD_RULE
    path = _file(tmp_path, GOOD_RULE.replace(old, new))
    with pytest.raises(InputError) as info:
        read_rule_file(path, "recommend")
    text = str(info.value) + " " + (info.value.field or "")
    assert info.value.file == "rules/recommend/9-proef.yaml" and info.value.line == 2
    for word in words:
        assert word in text, (word, text)


def test_a_check_rule_with_a_code_needs_severity_message_and_a_finding(tmp_path):
    path = _file(tmp_path, """\
    rules:
      - id: check.proef
        code: proef.code
        when: {fact: plan.region, known: false}
        then: [{finding: true}]
        rationale: {nl: tekst, en: text}
        seed_section: Doel
    """, kind="check")
    with pytest.raises(InputError, match="severity|message"):
        read_rule_file(path, "check")
