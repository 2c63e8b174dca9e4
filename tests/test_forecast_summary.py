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
            assert total_by_2030(plan, kb, draws=draws, seed=7, horizon=horizon,
                                 settings=settings) == \
                whole["total"]["extra_workers"]["by_2030"]
