"""An intervention named by id or by name (issue 19.8): rules/intervention_lookup.py,
recommend's `explain` and `chiptalent recommend --explain`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chiptalent.cli import main
from chiptalent.errors import InputError
from chiptalent.rules.intervention_lookup import lookup, resolve_intervention, suggestions
from chiptalent.rules.recommender import recommend

IID = "1a-gastlessen-rolmodellen"


@pytest.mark.parametrize("text", [IID, IID.upper(), "  Gastlessen en aansprekende rolmodellen ",
                                  "guest lessons and appealing role models",
                                  "Guest lessons, and appealing role-models", "rolmodellen"])
def test_an_id_or_a_name_finds_the_intervention(kb, text):
    assert resolve_intervention(kb, text) == IID


def test_every_label_finds_its_own_intervention(kb):
    for iid, item in kb.interventions.items():
        assert resolve_intervention(kb, item.label) == iid
        assert resolve_intervention(kb, item.label_en) == iid


def test_a_typo_gets_suggestions_and_the_field(kb):
    with pytest.raises(InputError) as caught:
        resolve_intervention(kb, "gastlesen")
    assert caught.value.field == "explain"
    assert "did you mean" in caught.value.message and f"({IID})" in caught.value.message
    assert suggestions(kb, "gastlesen")[0] == IID


def test_nothing_alike_and_empty_are_errors(kb):
    assert lookup(kb, "qqqqqqqq") == (None, [], False)
    with pytest.raises(InputError, match="is no intervention"):
        resolve_intervention(kb, "qqqqqqqq")
    with pytest.raises(InputError, match="name an intervention"):
        resolve_intervention(kb, "  ")


def test_a_fragment_of_several_names_is_not_guessed(kb):
    iid, options, several = lookup(kb, "techniek")
    matching = [i for i, item in kb.interventions.items()
                if "techniek" in item.label.casefold() or "techniek" in item.label_en.casefold()]
    assert len(matching) > 1
    assert iid is None and several and set(options) <= set(matching)


def test_recommend_explains_by_name(kb, rules):
    by_id = recommend(region="twente", kb=kb, rules=rules, explain=IID)["explain"]
    by_name = recommend(region="twente", kb=kb, rules=rules,
                        explain="Guest lessons and appealing role models")["explain"]
    assert by_name == by_id


def test_cli_explain_takes_a_name_and_suggests_on_a_typo():
    runner = CliRunner()
    result = runner.invoke(main, ["recommend", "--region", "twente", "--json",
                                  "--explain", "Gastlessen en aansprekende rolmodellen"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["explain"]["id"] == IID
    result = runner.invoke(main, ["recommend", "--region", "twente", "--explain", "gastlesen"])
    assert result.exit_code == 2
    assert "explain" in result.output and IID in result.output and "Traceback" not in result.output
    helped = runner.invoke(main, ["recommend", "--help"], terminal_width=200)
    assert "ID|NAME" in helped.output
