"""The forecast's parameters: provenance and ranges, every id the engine and the
interventions name exists, and `kb validate` names a broken parameter by file and line."""

from __future__ import annotations

import re

from chiptalent.kb.model import MECHANISM_ROLES
from chiptalent.kb.validate import validate
from chiptalent.rules.forecast.cohort import LEVEL_ORDER, track
from chiptalent.rules.forecast.mechanisms import DEFAULT_PARAMETERS


def test_every_parameter_has_one_provenance_and_an_ordered_range(kb):
    assert len(kb.parameters) >= 20
    for p in kb.parameters.values():
        assert (p.source is None) != (p.assumption is None), p.id
        if p.assumption:
            assert p.set_by in {"kb-editors", "region", "reviewer"}, p.id
        else:
            assert {"title", "publisher", "year", "quote"} <= set(p.source), p.id
        assert 0 <= p.low <= p.central <= p.high, p.id
        if p.unit == "share":
            assert p.high <= 1, p.id


def test_every_parameter_the_engine_reads_exists(kb):
    needed = set()
    for level in LEVEL_ORDER:
        for route in (None, "bbl" if level == "mbo" else None,
                      "master" if level == "wo" else None):
            needed |= set(track(level, route).values())
        needed |= {f"funding.regular.{level}", f"student_finance.{level}"}
    for ids in DEFAULT_PARAMETERS.values():
        for pid in ids.values():
            needed |= {pid.format(level=level) for level in LEVEL_ORDER}
    assert needed - set(kb.parameters) == set()


def test_every_intervention_has_a_mechanism_with_known_parameters(kb):
    for i in kb.interventions.values():
        assert i.mechanism is not None, i.id
        for role, pid in i.mechanism.parameters.items():
            assert role in MECHANISM_ROLES[i.mechanism.type], (i.id, role)
            assert pid in kb.parameters, (i.id, pid)


def _add(kb_copy, text: str) -> None:
    (kb_copy / "parameters" / "test-broken.yaml").write_text(text, encoding="utf-8")


BROKEN = """\
- id: test.share
  label: Test
  label_en: Test
  unit: share
  low: 0.5
  central: 0.4
  high: 1.2
  assumption: test
- id: test.both
  label: Test
  label_en: Test
  unit: years
  low: 1
  central: 2
  high: 3
  assumption: test
  set_by: kb-editors
  source: {title: T, publisher: P, year: 2020, quote: Q}
- id: completion.hbo
  label: Dubbel
  label_en: Double
  unit: share
  low: 0.5
  central: 0.5
  high: 0.5
  source: {title: T, publisher: P, year: 2020, quote: Q}
"""


def test_validate_names_broken_parameters_by_file_and_line(kb_copy):
    _add(kb_copy, BROKEN)
    problems = [p for p in validate(kb_copy) if p.file == "parameters/test-broken.yaml"]
    described = "\n".join(p.describe() for p in problems)
    assert re.search(r"test-broken.yaml:6: entry test.share: field central: low <= central "
                     r"<= high", described), described
    assert "test-broken.yaml:7: entry test.share: field high: a share lies between 0 and 1" \
        in described
    assert "entry test.share: field assumption: an assumption says which role set it" \
        in described
    assert re.search(r"test-broken.yaml:\d+: entry test.both: field source: a parameter has "
                     r"exactly one of source and assumption \(this one has both\)", described)
    assert re.search(r"entry completion.hbo: field id: parameter id 'completion.hbo' is also "
                     r"used in parameters/", described), described


def test_validate_names_a_mechanism_parameter_that_does_not_exist(kb_copy):
    path = kb_copy / "interventions" / "3.yaml"
    text = path.read_text(encoding="utf-8")
    old = "dropout_reduction: dropout_reduction.completion.intensieve-coaching"
    assert old in text
    path.write_text(text.replace(old, "dropout_reduction: bestaat.niet"), encoding="utf-8")
    problems = validate(kb_copy)
    assert any(p.file == "interventions/3.yaml" and p.entry == "3-uitval-verminderen"
               and p.field == "mechanism" and "'bestaat.niet'" in p.message and p.line
               for p in problems), [p.describe() for p in problems]
