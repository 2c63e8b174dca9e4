"""`compare` (spec/forecast.md): the national view of several plans and the three
scenarios, checked as properties on the four sound examples and on random problems."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml

from chiptalent.kb import load
from chiptalent.rules.compare import funding
from chiptalent.rules.compare.engine import compare
from chiptalent.rules.compare.inputs import Source
from chiptalent.rules.compare.workers import SolutionWorkers, plan_workers
from chiptalent.rules.forecast import summary
from chiptalent.rules.forecast.draws import MonteCarlo
from chiptalent.rules.plan import read_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"
SOUND = ("brainport", "twente", "delft", "groningen")
DRAWS = 400


@pytest.fixture(scope="module")
def kb():
    return load()


def _sources(*names: str) -> list[Source]:
    return [Source(name=n, path=EXAMPLES / f"{n}.yaml") for n in names]


@pytest.fixture(scope="module")
def national(kb):
    return compare(_sources(*SOUND), kb, draws=DRAWS)


@pytest.fixture(scope="module")
def by_budget(kb):
    return {b: compare(_sources(*SOUND), kb, draws=DRAWS, budget=b)
            for b in (0, 5_000_000, 60_000_000, 200_000_000)}


def _all(national, by_budget):
    return [national, *by_budget.values()]


def _doc(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


# --- the plans and the national totals ---------------------------------------------------

def test_each_sound_plan_is_compared_coherent_and_asks_at_most_the_call(national):
    assert [p["id"] for p in national["plans"]] == list(SOUND)
    assert national["unreadable"] == []
    for p in national["plans"]:
        assert p["coherent"] and p["errors"] == 0 and p["warnings"] == 0
        assert 0 < p["requested"] <= 450_000_000
        assert 3 * p["cofinancing"] >= p["requested"] + p["cofinancing"]
        q = p["extra_workers_2030"]
        assert 0 < q["p10"] <= q["p50"] <= q["p90"]
        assert set(q["by_level"]) == {"mbo", "hbo", "wo"}
        assert p["rijk_per_extra_worker_2030"]["p50"] == round(p["requested"] / q["p50"])
        assert p["societal_per_extra_worker_2030"]["p50"] == round(
            (p["requested"] + p["cofinancing"]) / q["p50"])
        assert 0 <= p["evidence"]["share"] <= 1
        assert p["stability"]["spread"] > 0 and 0 <= p["stability"]["same_rank_share"] <= 1
    # Together more than the call's budget, as the real plans (€1.6bn) were.
    assert national["national"]["requested"] > 450_000_000


def test_money_totals_are_the_sums_of_the_plans(national):
    plans, n = national["plans"], national["national"]
    assert n["requested"] == sum(p["requested"] for p in plans)
    assert n["cofinancing"] == sum(p["cofinancing"] for p in plans)
    assert sum(p["requested_share"] for p in plans) == pytest.approx(1, abs=1e-3)
    for p in plans:
        assert p["requested_share"] == round(p["requested"] / n["requested"], 4)


def test_the_facts_come_from_the_knowledge_base(national, kb):
    n = national["national"]
    assert n["goal"] == 33_000 and n["goal_source"]["source"]["url"].startswith("https://")
    assert n["demand"] == 38_115 and n["budget"] == 450_000_000
    assert n["cofinancing_target"] == 225_000_000
    reservations = next(s for s in national["scenarios"] if s["id"] == "reservations-2024")
    assert reservations["reserved_total"] == 419_000_000
    assert reservations["per_region"] == {"brainport": 275_000_000, "twente": 72_000_000,
                                          "delft": 43_000_000, "groningen": 29_000_000}
    assert all(f["source"]["quote"] for f in reservations["source"])


def test_worker_totals_are_quantiles_of_summed_draws(national, kb):
    sampler = MonteCarlo(DRAWS, 1)
    draws = np.zeros(DRAWS)
    by_plan = {}
    for name in SOUND:
        solutions = plan_workers(read_plan(_doc(name)), kb, sampler)
        by_plan[name] = sum(s.total for s in solutions)
        draws = draws + by_plan[name]
    total = national["national"]["extra_workers_2030"]
    assert {k: total[k] for k in ("p10", "p50", "p90")} == summary.workers(draws)
    for p in national["plans"]:
        assert {k: p["extra_workers_2030"][k] for k in ("p10", "p50", "p90")} == \
            summary.workers(by_plan[p["id"]])
    # ... which is not the sum of the plans' quantiles.
    summed_p10 = sum(p["extra_workers_2030"]["p10"] for p in national["plans"])
    assert total["p10"] != pytest.approx(summed_p10, abs=0.05)
    gap = national["national"]["gap_2030"]
    assert gap["p50"] == pytest.approx(33_000 - total["p50"], abs=0.05)


def test_plans_share_their_parameter_draws(kb):
    # The same plan twice: with shared draws the total is exactly twice the plan.
    doc = compare(_sources("delft", "delft"), kb, draws=DRAWS)
    one = doc["plans"][0]["extra_workers_2030"]
    total = doc["national"]["extra_workers_2030"]
    for q in ("p10", "p50", "p90"):
        assert total[q] == pytest.approx(2 * one[q], abs=0.11)
    assert [p["id"] for p in doc["plans"]] == ["delft", "delft-2"]


# --- the funding rules in every scenario -------------------------------------------------

def _solutions(doc) -> dict:
    return {(p["id"], s["id"]): s for p in doc["plans"] for s in p["solutions"]}


def test_no_scenario_spends_more_than_its_budget(national, by_budget):
    for doc in _all(national, by_budget):
        budget = doc["national"]["budget"]
        for s in doc["scenarios"]:
            assert s["spent"] == sum(f["amount"] for f in s["funded"])
            assert s["spent"] == sum(s["allocation"].values())
            assert s["spent"] <= budget, (budget, s["id"])
            assert s["unspent"] == budget - s["spent"]


def test_every_funded_share_is_in_0_1_and_at_least_the_minimum(national, by_budget):
    for doc in _all(national, by_budget):
        minimum = doc["national"]["min_share"]
        requested = _solutions(doc)
        for s in doc["scenarios"]:
            for f in s["funded"]:
                assert 0 < f["share"] <= 1
                assert f["share"] >= minimum - 1e-9, (s["id"], f)
                asked = requested[(f["plan"], f["solution"])]["requested"]
                assert f["amount"] <= asked
                assert f["amount"] == pytest.approx(f["share"] * asked, abs=asked * 1e-5 + 1)


def test_cofinancing_holds_per_region_in_every_funded_part(national, by_budget):
    for doc in _all(national, by_budget):
        for s in doc["scenarios"]:
            for f in s["funded"]:
                assert f["amount"] <= 2 * f["cofinancing"], (s["id"], f)
            for plan, amount in s["allocation"].items():
                assert amount <= 2 * s["cofinancing"][plan]


def test_optimal_is_at_least_as_good_as_the_other_scenarios(national, by_budget):
    for doc in _all(national, by_budget):
        optimal, *others = doc["scenarios"]
        assert optimal["id"] == "optimal" and optimal["status"] == "optimal"
        for other in others:
            assert optimal["score"] >= other["score"] - 1e-6, (doc["national"]["budget"],
                                                               other["id"])
        # each solution's P50 is shown to one decimal
        assert optimal["score"] == pytest.approx(
            sum(f["share"] * f["extra_workers_p50"] for f in optimal["funded"]),
            abs=0.05 * (len(optimal["funded"]) + 1))


def test_the_scenarios_funding_rules(national):
    demand_share = next(s for s in national["scenarios"] if s["id"] == "demand-share")
    for plan, offered in demand_share["offered"].items():
        assert demand_share["allocation"].get(plan, 0) <= offered
    brainport = next(p for p in national["plans"] if p["id"] == "brainport")
    assert demand_share["offered"]["brainport"] == int(450_000_000 * brainport["demand"]
                                                       / 38_115)


def test_coherent_plans_asking_less_than_the_budget_are_funded_whole(kb, national):
    budget = national["national"]["requested"] + 1
    doc = compare(_sources(*SOUND), kb, draws=DRAWS, budget=budget)
    optimal = doc["scenarios"][0]
    asked = _solutions(doc)
    assert {(f["plan"], f["solution"]) for f in optimal["funded"]} == set(asked)
    assert all(f["share"] == 1.0 for f in optimal["funded"])
    assert optimal["spent"] == national["national"]["requested"]


def test_a_zero_budget_funds_nothing(by_budget):
    for s in by_budget[0]["scenarios"]:
        assert s["funded"] == [] and s["spent"] == 0


def test_enabling_solutions_are_funded_whole_with_the_others(kb):
    doc = _doc("delft")
    doc["solutions"].append({
        "id": "d9-regie", "title": "Regie", "interventions": ["5-accountmanagement"],
        "mechanism": "enabling", "levels": ["mbo"], "target_groups": ["students"],
        "kpis": ["aantal bedrijven met een accountmanager"],
        "funding_requested": 1_000_000, "fixed_cost": 1_000_000})
    doc["budget"]["cofinancing"][0]["amount"] += 500_000
    for budget in (3_000_000, 20_000_000, 450_000_000):
        result = compare([Source(name="delft-regie", document=doc)], kb, draws=DRAWS,
                         budget=budget)
        [plan] = result["plans"]
        assert plan["coherent"], plan["error_findings"]
        for s in result["scenarios"]:
            funded = {f["solution"]: f["share"] for f in s["funded"]}
            if funded:
                assert funded.get("d9-regie") == 1.0, (budget, s["id"], funded)


def test_plans_with_errors_are_shown_with_their_errors_and_never_funded(kb):
    doc = compare(_sources("twente", "flawed-cofinancing-below-third"), kb, draws=DRAWS,
                  budget=10**10)
    flawed = doc["plans"][1]
    assert flawed["coherent"] is False and flawed["fundable"] is False
    assert "cofinancing.below-third" in {f["code"] for f in flawed["error_findings"]}
    for s in doc["scenarios"]:
        assert flawed["id"] not in s["allocation"]
        assert all(f["plan"] != flawed["id"] for f in s["funded"])


# --- unreadable plans ------------------------------------------------------------------------

def test_a_missing_or_unreadable_plan_is_reported_and_the_others_compared(kb, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("region: [twente\n", encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("region: delft\nsolutions:\n  - funding_requested: veel\n",
                     encoding="utf-8")
    sources = [*_sources("twente"), Source(name="missing.yaml", path=tmp_path / "missing.yaml"),
               Source(name=str(broken), path=broken), Source(name=str(wrong), path=wrong),
               *_sources("groningen")]
    doc = compare(sources, kb, draws=DRAWS)
    assert [p["id"] for p in doc["plans"]] == ["twente", "groningen"]
    unreadable = {u["file"]: u for u in doc["unreadable"]}
    assert set(unreadable) == {"missing.yaml", str(broken), str(wrong)}
    assert unreadable["missing.yaml"]["error"] == "no such file"
    assert unreadable[str(wrong)]["field"] == "solutions[0].funding_requested"
    assert doc["national"]["requested"] == sum(p["requested"] for p in doc["plans"])


# --- the optimiser against the best-first splits on random problems ---------------------

def _random_plan(rng: random.Random, key: str, size: int) -> funding.FundablePlan:
    solutions = []
    for k in range(rng.randint(1, 4)):
        enabling = k > 0 and rng.random() < 0.25
        workers = np.zeros(size) if enabling else np.full(size, rng.uniform(0, 500))
        solutions.append(SolutionWorkers(
            id=f"{key}-s{k}", title="", requested=rng.randint(1, 50) * 1_000_000,
            enabling=enabling, interventions=[], total=workers))
    requested = sum(s.requested for s in solutions)
    return funding.FundablePlan(key=key, region=key, requested=requested,
                                cofinancing=(requested + 1) // 2, solutions=solutions,
                                fundable=rng.random() < 0.9)


@pytest.mark.parametrize("seed", range(25))
def test_the_mip_beats_any_best_first_split_and_keeps_the_rules(seed):
    rng = random.Random(seed)
    plans = [_random_plan(rng, f"r{k}", 3) for k in range(rng.randint(1, 4))]
    budget = rng.randint(0, 150) * 1_000_000
    min_share = rng.choice([0.1, 0.25, 0.5])
    best = funding.optimal(plans, budget, min_share)
    assert best.status == "optimal"
    for _ in range(5):
        weights = [rng.random() for _ in plans]
        amounts = {p.key: int(budget * w / sum(weights)) for p, w in zip(plans, weights)}
        other = funding.by_amounts("split", plans, amounts, budget, min_share)
        assert other.spent <= budget
        assert best.score >= other.score - 1e-6
    assert best.spent <= budget
    by_plan = {p.key: p for p in plans}
    for f in best.funded:
        plan = by_plan[f.plan]
        assert plan.fundable and 0 < f.share <= 1 and f.share >= min_share - 1e-9
        assert f.amount <= 2 * f.cofinancing
    for plan in plans:
        funded = {f.solution for f in best.funded if f.plan == plan.key}
        paid = {s.id for s in plan.solutions if not s.enabling}
        if funded & paid:
            assert {s.id for s in plan.solutions if s.enabling} <= funded
    if sum(p.requested for p in plans if p.fundable) <= budget:
        assert {(f.plan, f.solution) for f in best.funded} == {
            (p.key, s.id) for p in plans if p.fundable for s in p.solutions}


def test_a_plan_the_forecast_cannot_read_is_shown_with_the_reason_and_not_funded(kb):
    from chiptalent.rules.compare.report import render

    doc = _doc("delft")
    doc["assumptions"] = {"bestaat.niet": 0.5}
    result = compare([Source(name="delft", document=doc), *_sources("groningen")], kb,
                     draws=DRAWS)
    delft = result["plans"][0]
    assert delft["forecast_error"]["field"] == "assumptions.bestaat.niet"
    assert delft["extra_workers_2030"] is None and delft["fundable"] is False
    assert delft["not_fundable_reason"] == "forecast"
    assert all(f["plan"] != "delft" for s in result["scenarios"] for f in s["funded"])
    assert "'bestaat.niet' is not a parameter" in render(result, "text")
