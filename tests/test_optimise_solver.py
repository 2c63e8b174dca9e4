"""The optimiser's programme on small hand-built problems: HiGHS finds the optimum that
brute force over every selection finds, every constraint holds, more money never gives
fewer workers, and the optimum is at least the greedy portfolio (strictly better on an
instance built for it). Every drawn problem has a reach per mechanism and level that
the candidates of that mechanism share, as the engine builds it."""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiptalent.rules.optimise.greedy import greedy
from chiptalent.rules.optimise.model import build
from chiptalent.rules.optimise.problem import (Candidate, Problem, Selection, Tranche,
                                               objective, violations)
from chiptalent.rules.optimise.solve import solve

QUICK = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


def brute_force(problem: Problem) -> float | None:
    """The best objective over every selection (None: none is feasible)."""
    ranges = [range(2) if c.once else range(len(c.tranches) + 1) for c in problem.candidates]
    best = None
    for counts in itertools.product(*ranges):
        selection = Selection({c.id: n for c, n in zip(problem.candidates, counts)})
        if violations(problem, selection):
            continue
        value = objective(problem, selection)
        best = value if best is None else max(best, value)
    return best


def decreasing_tranches(draw, levels):
    """Up to three tranches, each costing and worth no more than the one before."""
    count = draw(st.integers(0, 3))
    tranches, cost, worth = [], draw(st.integers(1, 9)), {
        lv: draw(st.integers(0, 9)) for lv in levels}
    people = draw(st.integers(1, 5))
    for _ in range(count):
        tranches.append(Tranche(cost=float(cost), by_level={lv: float(v) for lv, v in
                                                           worth.items() if v},
                                participants={lv: float(people) for lv in levels}))
        cost = draw(st.integers(1, cost))
        worth = {lv: draw(st.integers(0, v)) for lv, v in worth.items()}
        people = draw(st.integers(1, people))
    return tranches


@st.composite
def problems(draw) -> Problem:
    n = draw(st.integers(2, 5))
    ids = [f"c{k}" for k in range(n)]
    candidates = []
    for k, cid in enumerate(ids):
        block = draw(st.sampled_from(["1A", "1B", "2", "5"]))
        levels = draw(st.lists(st.sampled_from(["mbo", "hbo", "wo"]), min_size=1,
                               max_size=2, unique=True))
        others = ids[:k] + ids[k + 1:]
        tranches = [] if block == "5" else decreasing_tranches(draw, levels)
        candidates.append(Candidate(
            id=cid, building_block=block, tranches=tranches,
            fixed_cost=float(draw(st.integers(0, 4))) if not tranches else 0.0,
            requires=draw(st.lists(st.sampled_from(others), max_size=1)),
            requires_any=draw(st.lists(st.lists(st.sampled_from(others), min_size=1,
                                                max_size=2, unique=True), max_size=1)),
            preconditions=draw(st.lists(st.sampled_from(["p", "q"]), max_size=1)),
            provides=draw(st.lists(st.sampled_from(["p", "q"]), max_size=1)),
            levels=levels, mechanism=draw(st.sampled_from(["retraining", "retention"])),
            covers=draw(st.lists(st.sampled_from(["mbo", "hbo", "llo"]), max_size=2,
                                 unique=True))))
    cofinancing = draw(st.one_of(st.none(), st.integers(0, 15).map(float)))
    return Problem(candidates, budget=float(draw(st.integers(0, 30))),
                   cofinancing=cofinancing,
                   cap={lv: float(draw(st.integers(1, 30))) for lv in ("mbo", "hbo", "wo")},
                   conditions_met=draw(st.lists(st.sampled_from(["p", "q"]), max_size=1)),
                   # The region's reach, shared by the candidates of one mechanism
                   # (as the engine always builds it): two to five candidates drawn from
                   # two mechanisms, so most problems have candidates competing for it.
                   reach=draw(st.fixed_dictionaries({
                       m: st.fixed_dictionaries(
                           {lv: st.integers(0, 12).map(float) for lv in ("mbo", "hbo", "wo")})
                       for m in ("retraining", "retention")})))


@QUICK
@given(problems())
def test_optimum_equals_brute_force_and_keeps_every_constraint(problem):
    expected = brute_force(problem)
    outcome = solve(build(problem))
    if expected is None:
        assert outcome.selection is None and outcome.status == "infeasible"
        return
    assert outcome.selection is not None, outcome.status
    assert violations(problem, outcome.selection) == []
    assert abs(objective(problem, outcome.selection) - expected) < 1e-6


@QUICK
@given(problems(), st.integers(1, 10))
def test_more_budget_never_gives_fewer_workers(problem, extra):
    richer = replace(problem, budget=problem.budget + extra)
    before, after = solve(build(problem)), solve(build(richer))
    if before.selection is None:
        return
    assert after.selection is not None
    assert objective(richer, after.selection) >= objective(problem, before.selection) - 1e-6


@QUICK
@given(problems())
def test_greedy_is_feasible_and_never_beats_the_optimum(problem):
    g = greedy(problem)
    if g is None:
        return
    assert violations(problem, g) == []
    outcome = solve(build(problem))
    assert outcome.selection is not None
    assert objective(problem, outcome.selection) >= objective(problem, g) - 1e-6


def test_optimum_strictly_better_than_greedy_on_a_knapsack_trap():
    # Greedy takes the best ratio (7 workers for 6) and then cannot afford the rest;
    # the optimum takes the two 5.5-for-5 tranches: 11 workers for 10.
    problem = Problem([
        Candidate("enable", "5", fixed_cost=0.0),
        Candidate("a", "1B", tranches=[Tranche(6.0, {"mbo": 7.0})], levels=["mbo"]),
        Candidate("b", "1B", tranches=[Tranche(5.0, {"mbo": 5.5})], levels=["mbo"]),
        Candidate("c", "2", tranches=[Tranche(5.0, {"hbo": 5.5})], levels=["hbo"]),
    ], budget=10.0, cap={"mbo": 100.0, "hbo": 100.0})
    g = greedy(problem)
    best = solve(build(problem))
    assert g is not None and objective(problem, g) == 7.0
    assert objective(problem, best.selection) == 11.0
    assert best.selection.taken == {"enable": 1, "a": 0, "b": 1, "c": 1}


def test_the_cap_stops_counting_and_the_money_goes_elsewhere():
    problem = Problem([
        Candidate("enable", "5", fixed_cost=1.0),
        Candidate("cheap-mbo", "1B", tranches=[Tranche(1.0, {"mbo": 10.0})] * 3),
        Candidate("dear-hbo", "2", tranches=[Tranche(4.0, {"hbo": 6.0})] * 2),
    ], budget=12.0, cap={"mbo": 15.0, "hbo": 100.0})
    outcome = solve(build(problem))
    assert outcome.selection.taken == {"enable": 1, "cheap-mbo": 2, "dear-hbo": 2}
    assert objective(problem, outcome.selection) == 27.0


def test_cofinancing_limits_the_rijk_to_twice_it():
    problem = Problem([
        Candidate("enable", "5", fixed_cost=0.0),
        Candidate("x", "1B", tranches=[Tranche(2.0, {"mbo": 1.0})] * 5),
    ], budget=10.0, cofinancing=3.0, cap={"mbo": 100.0})
    outcome = solve(build(problem))
    assert outcome.selection.taken["x"] == 3          # 6 ≤ 2 × 3, 8 would not be


def test_closure_and_preconditions_pull_in_what_is_needed():
    problem = Problem([
        Candidate("enable", "5", fixed_cost=1.0),
        Candidate("main", "1B", tranches=[Tranche(1.0, {"mbo": 10.0})], requires=["dep"],
                  preconditions=["staff"]),
        Candidate("dep", "2", fixed_cost=1.0),
        Candidate("provider", "2", fixed_cost=2.0, provides=["staff"]),
    ], budget=5.0, cap={"mbo": 100.0})
    outcome = solve(build(problem))
    assert outcome.selection.taken == {"enable": 1, "main": 1, "dep": 1, "provider": 1}
    met = replace(problem, conditions_met=["staff"])
    assert solve(build(met)).selection.taken["provider"] == 0


def test_the_reach_is_shared_so_two_interventions_cannot_train_the_same_people():
    twins = [Candidate(name, "1B", mechanism="retraining", tranches=[
        Tranche(1.0, {"mbo": 3.0}, {"mbo": 10.0})] * 3) for name in ("a", "b")]
    problem = Problem([Candidate("enable", "5"), *twins], budget=100.0,
                      cap={"mbo": 100.0}, reach={"retraining": {"mbo": 40.0}})
    outcome = solve(build(problem))
    assert outcome.selection.taken["a"] + outcome.selection.taken["b"] == 4
    assert objective(problem, outcome.selection) == 12.0
    unlimited = replace(problem, reach={})         # what counting them twice would give
    assert objective(unlimited, solve(build(unlimited)).selection) == 18.0
    g = greedy(problem)
    assert g is not None and g.taken["a"] + g.taken["b"] == 4
    assert violations(problem, Selection({"enable": 1, "a": 3, "b": 3})) == [
        "60 retraining participants at mbo, reach 40"]
