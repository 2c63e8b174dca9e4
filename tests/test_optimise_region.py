"""The optimiser on the real knowledge base: every constraint of spec/forecast.md holds
for random profiles and budgets, the document holds what is needed to re-solve it, and
an impossible problem is explained in its own terms (the precondition, the money)."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiptalent.errors import InputError
from chiptalent.kb.model import Dependency
from chiptalent.rules.optimise.engine import optimise
from chiptalent.rules.optimise.model import build
from chiptalent.rules.optimise.problem import (from_document, objective, selection_of,
                                               violations)
from chiptalent.rules.optimise.solve import solve

REGIONS = ["twente", "brainport", "delft", "groningen", "overig"]


@pytest.fixture(scope="module")
def twente(kb, rules):
    return optimise(region="twente", kb=kb, rules=rules, budget=72_000_000,
                    cofinancing=36_000_000)


def test_twente_portfolio_keeps_every_constraint_and_re_solves_the_same(twente):
    assert twente["status"] == "optimal"
    problem = from_document(twente)
    selection = selection_of(twente)
    assert violations(problem, selection) == []
    assert twente["cost"]["rijk"] <= 72_000_000
    assert twente["cost"]["rijk"] <= 2 * 36_000_000
    assert abs(objective(problem, selection) - twente["objective"]["extra_workers"]) < 0.1
    again = solve(build(problem))
    assert abs(again.workers - objective(problem, selection)) < 1e-4
    assert any(item["building_block"] == "5" for item in twente["portfolio"])


def test_twente_document_has_the_spec_fields(twente):
    for key in ("profile", "budget", "cofinancing_available", "horizon", "cap", "status",
                "objective", "portfolio", "cost", "rijk_per_extra_worker",
                "societal_per_extra_worker", "marginal", "greedy", "candidates",
                "conditions_met", "demand", "robust"):
        assert key in twente, key
    assert twente["cap"] == "national"
    assert twente["demand"] == {"mbo": 14742, "hbo": 8890, "wo": 14483}
    assert twente["greedy"]["extra_workers"] <= twente["objective"]["extra_workers"]
    assert twente["marginal"]["budget_step"] == 1_000_000
    for c in twente["candidates"]:
        costs = [t["cost"] for t in c["tranches"]]
        worth = [t["extra_workers"] for t in c["tranches"]]
        assert costs == sorted(costs, reverse=True), c["id"]
        assert worth == sorted(worth, reverse=True), c["id"]
        if c["business_responsibility"]:
            assert c["tranches"] == [] and c["fixed_cost"] == 0


def test_no_parameter_without_provenance(twente):
    assert twente["parameters"]
    for p in twente["parameters"]:
        assert (p["source"] is None) != (p["assumption"] is None), p["id"]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(region=st.sampled_from(REGIONS),
       budget=st.integers(500_000, 120_000_000),
       cofinancing=st.one_of(st.none(), st.integers(0, 60_000_000)),
       exclude=st.lists(st.sampled_from(["1b-skills-zijinstroom", "4-alumnibeleid",
                                         "5-data-talentstromen", "2-docentprofessionalisering",
                                         "1b-studiekosten-omscholing"]), unique=True),
       met=st.lists(st.sampled_from(["housing", "teaching-staff", "learning-places"]),
                    unique=True),
       cap=st.sampled_from(["national", "regional"]))
def test_every_constraint_holds_on_random_profiles(kb, rules, region, budget, cofinancing,
                                                   exclude, met, cap):
    profile = {"region": region, "exclude_interventions": exclude, "conditions_met": met}
    doc = optimise(profile, kb=kb, rules=rules, budget=budget, cofinancing=cofinancing,
                   cap=cap)
    ids = {c["id"] for c in doc["candidates"]}
    assert not ids & set(exclude)
    if doc["status"] != "optimal":
        assert doc["reason"] and "infeasible" not in doc["reason"]
        return
    problem = from_document(doc)
    assert violations(problem, selection_of(doc)) == []
    for item in doc["portfolio"]:
        if item["business_responsibility"]:
            assert item["cost"] == 0
        assert kb.interventions[item["id"]].business_responsibility == \
            item["business_responsibility"]
    for level, value in doc["objective"]["by_level"].items():
        assert value <= doc["demand"].get(level, float("inf")) + 1e-6
    reach = doc["reach"]
    for mechanism, levels in reach["used"].items():
        for level, n in levels.items():
            assert n <= reach["by_mechanism"][mechanism][level], (mechanism, level)


def test_more_budget_never_fewer_workers_for_a_region(kb, rules):
    values = [optimise(region="delft", kb=kb, rules=rules, budget=b)["objective"]
              ["extra_workers"] for b in (2_000_000, 4_000_000, 8_000_000)]
    assert values == sorted(values)


def test_a_precondition_nobody_provides_is_named(kb, rules):
    changed = copy.deepcopy(kb)
    for item in changed.interventions.values():
        if item.building_block == "5":
            item.preconditions = [*item.preconditions, Dependency("housing", "condition")]
    doc = optimise(region="twente", kb=changed, rules=rules, budget=72_000_000)
    assert doc["status"] == "infeasible"
    assert "housing" in doc["reason"] and "bouwsteen 5" in doc["reason"]
    assert "infeasible" not in doc["reason"].lower()
    solved = optimise({"region": "twente", "conditions_met": ["housing"]}, kb=changed,
                      rules=rules, budget=72_000_000)
    assert solved["status"] == "optimal"


def test_too_little_money_names_the_cheapest_portfolio(kb, rules):
    doc = optimise(region="twente", kb=kb, rules=rules, budget=100_000)
    assert doc["status"] == "infeasible"
    assert "goedkoopste portefeuille" in doc["reason"] and "budget" in doc["reason"]


@pytest.mark.parametrize("options, field", [
    ({"budget": -1}, "--budget"), ({"budget": 10, "cofinancing": -5}, "--cofinancing"),
    ({"budget": 10, "horizon": 2020}, "--horizon"), ({"budget": 10, "cap": "world"}, "--cap"),
    ({"budget": 10, "robust": -1}, "--robust"),
])
def test_bad_options_name_the_field(kb, rules, options, field):
    with pytest.raises(InputError) as error:
        optimise(region="twente", kb=kb, rules=rules, **options)
    assert error.value.field == field


def test_conditions_met_are_validated(kb, rules):
    with pytest.raises(InputError) as error:
        optimise({"region": "twente", "conditions_met": ["sunshine"]}, kb=kb, rules=rules,
                 budget=10)
    assert error.value.field == "conditions_met[0]"
    assert "housing" in str(error.value)


def test_the_candidates_of_one_mechanism_share_the_reach(twente):
    reach = twente["reach"]
    assert reach["shared"] is True
    problem = from_document(twente)
    assert problem.reach == reach["by_mechanism"]
    portfolio = {item["id"]: item for item in twente["portfolio"]}
    for mechanism, levels in reach["by_mechanism"].items():
        members = [c["id"] for c in twente["candidates"] if c["mechanism"] == mechanism]
        for level, limit in levels.items():
            taken = sum(portfolio[cid]["participants"].get(level, 0)
                        for cid in members if cid in portfolio)
            assert taken == reach["used"].get(mechanism, {}).get(level, 0)
            assert taken <= limit + 1, (mechanism, level, taken, limit)
    # Twente's retraining candidates are several: together they take no more people
    # than the region can find, and each could take all of them on its own.
    retraining = [c for c in twente["candidates"]
                  if c["mechanism"] == "retraining" and c["tranches"]]
    assert len(retraining) > 1
    pool = reach["by_mechanism"]["retraining"]["mbo"]
    for c in retraining:
        if "mbo" in c["levels"]:
            assert sum(t["participants"].get("mbo", 0) for t in c["tranches"]) == pool
    assert violations(problem, selection_of(twente)) == []


def test_the_same_problem_gives_the_same_document(kb, rules, twente):
    again = optimise(region="twente", kb=kb, rules=rules, budget=72_000_000,
                     cofinancing=36_000_000)
    assert again == twente
