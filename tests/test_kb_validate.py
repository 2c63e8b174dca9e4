"""`kb validate` passes on the bundled knowledge base and names each break precisely."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from chiptalent.cli import main
from chiptalent.kb.validate import validate
from chiptalent.rules.validation import rule_checks


def _problems(path):
    return validate(path, extra=rule_checks())


def test_bundled_knowledge_base_is_valid(kb_copy):
    problems = _problems(kb_copy)
    assert problems == [], "\n".join(p.describe() for p in problems)


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _first_intervention(kb_copy):
    path = kb_copy / "interventions" / "2.yaml"
    text = path.read_text(encoding="utf-8")
    first_id = re.search(r"- id: (\S+)", text).group(1)
    return path, text, first_id


def test_unknown_building_block_is_named(kb_copy):
    path, text, first_id = _first_intervention(kb_copy)
    _edit(path, 'building_block: "2"', 'building_block: "9"')
    problems = _problems(kb_copy)
    assert any(p.field == "building_block" and "unknown building block '9'" in p.message
               and p.file == "interventions/2.yaml" and p.entry == first_id and p.line
               for p in problems), [p.describe() for p in problems]


def test_dangling_requires_is_named(kb_copy):
    path, text, first_id = _first_intervention(kb_copy)
    _edit(path, "    requires:", "    requires:\n      - id: 2-bestaat-niet\n        strength: advisory")
    _edit(path, "    requires:\n      - id: 2-bestaat-niet\n        strength: advisory []",
          "    requires:\n      - id: 2-bestaat-niet\n        strength: advisory") \
        if "advisory []" in path.read_text() else None
    problems = _problems(kb_copy)
    assert any(p.field == "requires" and "2-bestaat-niet" in p.message and "dangling" in p.message
               for p in problems), [p.describe() for p in problems]


def test_cycle_in_requires_is_named(kb_copy, kb):
    # 2-practoraten-lectoraten requires 2-centra-voor-vakmanschap; close the loop.
    assert "2-centra-voor-vakmanschap" in kb.interventions["2-practoraten-lectoraten"].requires_ids
    path = kb_copy / "interventions" / "2.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: 2-centra-voor-vakmanschap")
    block = text[start:]
    match = re.search(r"\n    requires:(.*?)\n    preconditions:", block, re.S)
    replacement = "\n    requires:\n      - {id: 2-practoraten-lectoraten, strength: advisory}\n    preconditions:"
    block = block[:match.start()] + replacement + block[match.end():]
    path.write_text(text[:start] + block, encoding="utf-8")
    problems = _problems(kb_copy)
    assert any("cycle in requires" in p.message and "2-centra-voor-vakmanschap" in p.message
               and "2-practoraten-lectoraten" in p.message for p in problems), \
        [p.describe() for p in problems]


def test_missing_dutch_label_is_named(kb_copy):
    path, text, first_id = _first_intervention(kb_copy)
    label_line = re.search(r"\n    label: .*", text).group(0)
    _edit(path, label_line, "")
    problems = _problems(kb_copy)
    assert any(p.field == "label" and "required" in p.message and p.entry == first_id
               for p in problems), [p.describe() for p in problems]


def test_region_text_without_its_english_is_named(kb_copy):
    path = kb_copy / "regions" / "twente.yaml"
    text = path.read_text(encoding="utf-8")
    reason_en = re.search(r"\n    quality_reason_en: >-\n(      .*\n)+", text).group(0)
    _edit(path, reason_en, "\n")
    _edit(path, "\nunknown_note_en: >-\n", "\nunknown_note_english_missing: >-\n")
    problems = _problems(kb_copy)
    described = [p.describe() for p in problems]
    assert any(p.field == "context.housing_pressure.quality_reason_en"
               and "required" in p.message and "quality_reason" in p.message
               for p in problems), described
    assert any(p.field == "unknown_note_en" for p in problems), described


def test_yaml_syntax_error_names_its_line(kb_copy):
    path = kb_copy / "interventions" / "3.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "    label: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = _problems(kb_copy)
    assert len(problems) == 1
    assert problems[0].file == "interventions/3.yaml"
    assert problems[0].line in (6, 7) and "not valid YAML" in problems[0].message


def test_python_tag_is_refused(kb_copy):
    path = kb_copy / "regions" / "twente.yaml"
    path.write_text("!!python/object/apply:os.system ['touch /tmp/chiptalent-pwned']\n",
                    encoding="utf-8")
    problems = _problems(kb_copy)
    assert any(p.file == "regions/twente.yaml" and "!!python" in p.message for p in problems)


def test_seed_quote_must_be_verbatim(kb_copy):
    path, text, first_id = _first_intervention(kb_copy)
    quote = re.search(r"\n    seed_quote: (.*)", text)
    _edit(path, quote.group(0), "\n    seed_quote: Dit staat nergens in de uitvraag van het ministerie.")
    problems = _problems(kb_copy)
    assert any(p.field == "seed_quote" and p.entry == first_id for p in problems)


def test_rule_with_unknown_fact_and_intervention(kb_copy, tmp_path):
    import shutil
    from chiptalent.rules.ruleset import RULES_DIR
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR / "recommend", rules_dir / "recommend")
    shutil.copytree(RULES_DIR / "check", rules_dir / "check")
    (rules_dir / "recommend" / "99-broken.yaml").write_text("""
rules:
  - id: kapotte-regel
    when: {fact: context.zonneschijn, at_least: medium}
    then:
      - recommend: {intervention: 9-bestaat-niet}
    rationale: {nl: test, en: test}
    seed_section: test
  - id: nooit-waar
    when: {fact: context.housing_pressure, is: very-high}
    then:
      - flag: {precondition: housing}
    rationale: {nl: test, en: test}
    seed_section: test
""", encoding="utf-8")
    problems = validate(kb_copy, extra=rule_checks(rules_dir))
    text = "\n".join(p.describe() for p in problems)
    assert "unknown fact 'context.zonneschijn'" in text
    assert "unknown intervention '9-bestaat-niet'" in text
    assert "'very-high' never occurs" in text


def test_cli_validate_exit_codes(kb_copy):
    runner = CliRunner()
    ok = runner.invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert ok.exit_code == 0, ok.output
    _edit(kb_copy / "interventions" / "2.yaml", 'building_block: "2"', 'building_block: "9"')
    bad = runner.invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl", "--json"])
    assert bad.exit_code == 1
    import json
    doc = json.loads(bad.output)
    assert doc["valid"] is False and doc["problems"][0]["field"] == "building_block"


def test_cli_validate_speaks_the_chosen_language(kb_copy):
    runner = CliRunner()
    ok = runner.invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert ok.output.strip().endswith(": geldig"), ok.output
    ok_en = runner.invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl",
                                 "--lang", "en"])
    assert ok_en.output.strip().endswith(": valid"), ok_en.output
    _edit(kb_copy / "interventions" / "2.yaml", 'building_block: "2"', 'building_block: "9"')
    bad = runner.invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert bad.exit_code == 1 and re.search(r"^1 probleem$", bad.output, re.M), bad.output
    bad_en = runner.invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl",
                                  "--lang", "en"])
    assert re.search(r"^1 problem$", bad_en.output, re.M), bad_en.output


def test_check_rule_without_code_is_named(kb_copy, tmp_path):
    import shutil
    from chiptalent.rules.ruleset import RULES_DIR
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR / "recommend", rules_dir / "recommend")
    shutil.copytree(RULES_DIR / "check", rules_dir / "check")
    (rules_dir / "check" / "9-broken.yaml").write_text("""
rules:
  - id: zonder-code
    severity: error
    message: {nl: test, en: test}
    when: {fact: plan.region, known: false}
    then:
      - finding: {}
    rationale: {nl: test, en: test}
    seed_section: test
""", encoding="utf-8")
    problems = validate(kb_copy, extra=rule_checks(rules_dir))
    assert any(p.entry == "zonder-code" and "needs a `code`" in p.message for p in problems), \
        [p.describe() for p in problems]
