"""`chiptalent check PLAN`: exit 0 coherent, 1 not coherent, 2 unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiptalent.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"


def _run(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


@pytest.mark.parametrize("name", ["brainport", "twente", "delft", "groningen"])
def test_a_sound_plan_exits_0(name):
    result = _run(EXAMPLES / f"{name}.yaml", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["coherent"] is True
    assert {"plan", "coherent", "findings", "totals"} <= set(document)


def test_an_incoherent_plan_exits_1():
    result = _run(EXAMPLES / "flawed-cofinancing-below-third.yaml", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["coherent"] is False
    assert "cofinancing.below-third" in {f["code"] for f in document["findings"]}


def test_warnings_alone_keep_the_plan_coherent():
    assert _run(EXAMPLES / "flawed-solution-kpi-missing.yaml").exit_code == 0


@pytest.mark.parametrize("fmt, marker", [("text", "Oordeel:"), ("markdown", "**Oordeel:**"),
                                         ("html", "<!DOCTYPE html>")])
def test_formats(fmt, marker):
    result = _run(EXAMPLES / "flawed-topup-non-eer.yaml", "--format", fmt)
    assert result.exit_code == 1
    assert marker in result.stdout and "topup.non-eer" in result.stdout


@pytest.mark.parametrize("text, words", [
    ("region: twente\nsolutions:\n  - funding_requested: veel\n",
     ["solutions[0].funding_requested", "'veel'"]),
    ("region: !!python/object/apply:os.system ['true']\n", ["tag"]),
    ("- just\n- a list\n", ["a plan is one mapping"]),
    ("budget:\n  cofinancing:\n    - {type: business, amount: -5}\n", ["negative"]),
])
def test_unreadable_input_exits_2_with_the_field(tmp_path, text, words):
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    result = _run(path, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    for word in words:
        assert word in result.stderr


def test_a_missing_file_exits_2(tmp_path):
    assert _run(tmp_path / "nope.yaml").exit_code == 2
