"""Quantiles, claims, € per worker and the tornado of the forecast's summary."""

from __future__ import annotations

import numpy as np
import pytest

from chiptalent.rules.forecast import summary
from chiptalent.rules.forecast.draws import Range, triangular


@pytest.mark.parametrize("size", [1, 2, 9, 10_000])
def test_percentiles_equal_numpys_linear_method(size):
    draws = np.random.default_rng(size).random((4, size))
    assert np.allclose(summary.percentiles(draws),
                       np.percentile(draws, [10, 50, 90], axis=-1))


def test_claim_against_the_range():
    q = {"p10": 10.0, "p50": 20.0, "p90": 30.0}
    assert summary.claim(31, q) == "above-p90"
    assert summary.claim(30, q) == "within"
    assert summary.claim(10, q) == "within"
    assert summary.claim(9, q) == "below-p10"
    assert summary.claim(0, q) == "none"


def test_euros_per_worker_mirror_the_worker_quantiles():
    euros = summary.euros_per_worker(1_000_000, {"p10": 0.0, "p50": 50.0, "p90": 100.0})
    assert euros == {"p10": 10_000, "p50": 20_000, "p90": None}


def test_tornado_orders_by_swing():
    rows = np.array([10.0, 9.0, 11.0, 5.0, 20.0])
    entries = summary.tornado(["a", "b"], rows)
    assert [e["parameter"] for e in entries] == ["b", "a"]
    assert entries[0] == {"parameter": "b", "low": 5.0, "high": 20.0, "swing": 15.0}
    assert [e["parameter"] for e in summary.tornado(["a", "b"], rows, keep={"a"})] == ["a"]


def test_triangular_maps_uniforms_through_the_range():
    u = np.array([0.0, 0.5, 1.0])
    assert list(triangular(u, Range(2.0, 2.0, 2.0))) == [2.0, 2.0, 2.0]
    low, mode, high = triangular(np.array([0.0, 0.25, 1.0]), Range(1.0, 2.0, 5.0))
    assert (low, mode, high) == (1.0, 2.0, 5.0)       # F(central) = (2 - 1) / (5 - 1)
    draws = triangular(np.random.default_rng(1).random(200_000), Range(0.2, 0.5, 0.6))
    assert draws.mean() == pytest.approx((0.2 + 0.5 + 0.6) / 3, abs=0.002)


@pytest.mark.parametrize("name", ["brainport", "twente", "delft", "groningen"])
def test_a_plans_total_alone_equals_the_forecasts_total(name, kb):
    """`total_by_2030` (the pages that weigh arrangements) skips the sensitivity run and
    the solutions' documents; its numbers must be the forecast's own, with and without
    an assumption set."""
    from pathlib import Path

    import yaml

    from chiptalent.rules.forecast.engine import forecast, total_by_2030
    from chiptalent.rules.plan import read_plan

    path = Path(__file__).resolve().parent.parent / "examples" / "plans" / f"{name}.yaml"
    plan = read_plan(yaml.safe_load(path.read_text(encoding="utf-8")))
    for settings in ({}, {"deadweight.retraining": Range(0.2, 0.5, 0.8)}):
        for draws, horizon in ((1_000, 2030), (3_000, 2035)):
            whole = forecast(plan, kb, draws=draws, seed=7, horizon=horizon,
                             settings=settings)
            # twice: the second from the kept tallies of its solutions
            for _ in range(2):
                assert total_by_2030(plan, kb, draws=draws, seed=7, horizon=horizon,
                                     settings=settings) == \
                    whole["total"]["extra_workers"]["by_2030"]


def test_arrangements_sharing_solutions_keep_their_own_totals(kb):
    """Solutions' tallies are kept and shared between plans: each plan's total is still
    its forecast's, whichever plans came before."""
    import random

    from chiptalent.rules.forecast.engine import forecast, total_by_2030
    from chiptalent.rules.intervention_yield import (intervention_yield,
                                                     single_intervention_solution)
    from chiptalent.rules.plan import read_plan

    rng = random.Random(5)
    pool = []
    for iid in sorted(kb.interventions):
        y = intervention_yield(kb, iid)
        if y["mechanism"] != "enabling" and y["levels"]:
            row = y["levels"][0]
            pool.append(single_intervention_solution(
                f"{iid}-{row['level']}", iid, y["mechanism"], row["level"],
                rng.choice((50, 200)), row["cost_per_participant"]))
    pool = pool[:12]
    assert len(pool) >= 6
    plans = [read_plan({"title": "t", "region": region,
                        "solutions": rng.sample(pool, rng.randint(2, 6))})
             for region in ("twente", "brainport", None, "twente", "delft")]
    for plan in plans + plans:
        assert total_by_2030(plan, kb, draws=500, seed=3, horizon=2030) == \
            forecast(plan, kb, draws=500, seed=3, horizon=2030)[
                "total"]["extra_workers"]["by_2030"]


def test_kept_tallies_are_the_regions_own():
    """A region's own variant of a parameter changes a solution's tally: the same
    solution is kept apart per region."""
    from chiptalent.rules.forecast.engine import forecast, total_by_2030
    from chiptalent.rules.plan import read_plan
    from tests.helpers.forecast import knowledge_base

    kb = knowledge_base({"sector_entry.hbo.twente": (0.4, 0.5, 0.6)})
    solution = {"id": "s1", "students": {"hbo": 100}, "intake_by_year": {2025: {"hbo": 100}}}
    totals = {}
    for region in ("twente", "delft", "twente"):
        plan = read_plan({"region": region, "solutions": [solution]})
        totals[region] = total_by_2030(plan, kb, draws=200, seed=1, horizon=2035)
        assert totals[region] == forecast(plan, kb, draws=200, seed=1, horizon=2035)[
            "total"]["extra_workers"]["by_2030"]
    assert totals["twente"] != totals["delft"]
