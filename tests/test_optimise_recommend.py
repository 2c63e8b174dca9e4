"""`recommend --budget EUR [--cofinancing EUR]`: the budget-optimal portfolio first, as
an arrangement of kind budget-optimal with the same `because` for every intervention
plus its quantities; the other arrangements of kind fit."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chiptalent.cli import main
from chiptalent.rules.optimise.engine import optimise
from chiptalent.rules.recommender import recommend


@pytest.fixture(scope="module")
def with_budget(kb, rules):
    return recommend(region="twente", kb=kb, rules=rules, budget=72_000_000,
                     cofinancing=36_000_000)


def test_without_budget_every_arrangement_is_a_fit(kb, rules):
    doc = recommend(region="twente", kb=kb, rules=rules)
    assert doc["arrangements"] and {a["kind"] for a in doc["arrangements"]} == {"fit"}
    assert "budget_optimal" not in doc


def test_budget_optimal_first_with_quantities(kb, rules, with_budget):
    first, *others = with_budget["arrangements"]
    assert first["kind"] == "budget-optimal" and first["id"] == "budget-optimal"
    assert others and {a["kind"] for a in others} == {"fit"}
    plain = optimise(region="twente", kb=kb, rules=rules, budget=72_000_000,
                     cofinancing=36_000_000)
    assert [i["id"] for i in first["interventions"]] == [p["id"] for p in plain["portfolio"]]
    assert first["optimisation"]["objective"] == plain["objective"]
    by_id = {p["id"]: p for p in plain["portfolio"]}
    for item in first["interventions"]:
        assert item["because"], item["id"]
        assert item["quantities"]["cost"] == by_id[item["id"]]["cost"]
        assert item["quantities"]["participants"] == by_id[item["id"]]["participants"]


def test_same_because_as_in_the_fit_arrangements(with_budget):
    first, *others = with_budget["arrangements"]
    seen = {}
    for a in others:
        for item in a["interventions"]:
            rules_only = [b for b in item["because"] if not b["rule"].startswith("builtin.")]
            seen.setdefault(item["id"], rules_only)
    for item in first["interventions"]:
        if item["id"] in seen:
            mine = [b for b in item["because"] if not b["rule"].startswith("builtin.")]
            assert mine == seen[item["id"]], item["id"]


def test_infeasible_budget_is_reported_not_arranged(kb, rules):
    doc = recommend(region="twente", kb=kb, rules=rules, budget=1_000)
    assert doc["budget_optimal"]["status"] == "infeasible"
    assert "budget" in doc["budget_optimal"]["reason"]
    assert all(a["kind"] == "fit" for a in doc["arrangements"])


def test_command_line_budget_and_cofinancing():
    result = CliRunner().invoke(main, ["recommend", "--region", "twente", "--budget",
                                       "20000000", "--cofinancing", "10000000", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["arrangements"][0]["kind"] == "budget-optimal"
    assert doc["arrangements"][0]["optimisation"]["cost"]["rijk"] <= 20_000_000
    alone = CliRunner().invoke(main, ["recommend", "--region", "twente", "--cofinancing",
                                      "10"])
    assert alone.exit_code == 2 and "--cofinancing" in alone.output
