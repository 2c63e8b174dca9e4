"""The figures of plan.md, checked against values computed by hand for the four sound
examples (the arithmetic is written out beside each number)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from chiptalent.kb import load
from chiptalent.rules.checker import check_plan
from chiptalent.rules.figures import compute
from chiptalent.rules.plan import read_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"

TOTALS_KEYS = {"requested", "cofinancing_total", "cofinancing_by_type", "cofinancing_share",
               "top_up_total", "top_up_by_level", "cost_incl_rijksbijdrage",
               "cost_excl_rijksbijdrage", "contribution_by_level", "demand_by_level",
               "cost_per_extra_graduate"}


@pytest.fixture(scope="module")
def kb():
    return load()


def _totals(name: str, kb) -> dict:
    doc = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return check_plan(doc, kb=kb)["totals"]


def _kind(total, cash=None, in_kind=0, counted=None, not_counted=0):
    return {"total": total, "cash": total - in_kind if cash is None else cash,
            "in_kind": in_kind, "counted": total if counted is None else counted,
            "not_counted": not_counted}


def test_twente(kb):
    t = _totals("twente", kb)
    assert TOTALS_KEYS <= set(t)
    # p × q + cost per participant × participants + fixed cost, solution by solution
    assert t["requested"] == ((500 * 6000 + 7_000_000) + (640 * 6500 + 10_000_000)
                              + (500 * 8000 + 6_000_000) + (300 + 300) * 15_000
                              + (4000 * 7500 + 2000 * 10_000 + 500 * 15_000)
                              + (1500 * 2000 + 1000 * 1500) + 5_000_000)
    assert t["requested"] == 110_160_000
    assert t["cofinancing_total"] == 25_000_000 + 8_000_000 + 15_000_000 + 8_000_000
    assert t["cofinancing_total"] == 56_000_000
    assert t["cofinancing_by_type"]["business"] == _kind(33_000_000, in_kind=8_000_000)
    assert t["cofinancing_by_type"]["regional-government"] == _kind(23_000_000)
    assert t["cofinancing_by_type"]["institution"] == _kind(0)
    assert t["cofinancing_by_form"] == {"cash": 48_000_000, "in_kind": 8_000_000}
    assert t["cofinancing_share_exact"] == "700/2077"          # 56m / (110.16m + 56m)
    assert t["cofinancing_share"] == pytest.approx(56_000_000 / 166_160_000)
    assert t["cofinancing_minimum"] == 55_080_000              # c >= R/2
    assert t["top_up_by_level"] == {"mbo": 500 * 6000,         # 3,000,000
                                    "hbo": 640 * 6500,         # 4,160,000
                                    "wo": 500 * 8000}          # 4,000,000
    assert t["top_up_total"] == 11_160_000 == t["cost_excl_rijksbijdrage"]
    assert t["students_by_level"] == {"mbo": 500, "hbo": 640, "wo": 500}
    assert t["rijksbijdrage_by_level"] == {"mbo": 500 * 30_000, "hbo": 640 * 36_000,
                                           "wo": 500 * 22_000}
    assert t["cost_incl_rijksbijdrage"] == 15_000_000 + 23_040_000 + 11_000_000 + 11_160_000
    assert t["cost_incl_rijksbijdrage"] == 60_200_000
    # the claims are the forecast's P50 per level (written into the plan)
    assert t["contribution_by_level"] == {"mbo": 75 + 1274 + 17, "hbo": 28 + 58 + 637 + 28,
                                          "wo": 59 + 73 + 159}
    assert t["contribution_total"] == 1366 + 751 + 291 == 2408
    assert t["demand_by_level"] == {"mbo": 1474, "hbo": 889, "wo": 1448}
    assert t["demand_total"] == 3812                           # the seed's total
    assert t["cost_per_extra_graduate"] == {"rijk": 45747.51,     # 110,160,000 / 2408
                                            "total": 69003.32}    # 166,160,000 / 2408
    t1 = t["cost_per_extra_graduate_by_solution"][0]
    # 10,000,000 / 75; with cofinancing shared pro rata: 10,000,000 × 166.16/110.16 / 75
    assert (t1["solution"], t1["rijk"], t1["total"]) == ("t1-bbl-procestechniek", 133333.33,
                                                        201113.53)
    assert t["business_measures_contribution_by_level"] == {"mbo": 60, "hbo": 40, "wo": 120}


def test_brainport(kb):
    t = _totals("brainport", kb)
    assert t["requested"] == ((1500 * 6000 + 18_000_000)
                              + (12_000 * 7500 + 5000 * 10_000 + 2000 * 15_000)
                              + (6000 * 2000 + 4000 * 1500)
                              + (2000 * 6500 + 1500 * 8000 + 33_500_000)
                              + (600 * 8000 + 7_200_000) + 9_000_000)
    assert t["requested"] == 294_500_000
    assert t["cofinancing_total"] == 60_000_000 + 25_000_000 + 40_000_000 + 25_000_000
    assert t["cofinancing_by_type"]["business"] == _kind(85_000_000, in_kind=25_000_000)
    assert t["cofinancing_by_type"]["regional-government"] == _kind(65_000_000)
    assert t["cofinancing_share_exact"] == "300/889"           # 150m / 444.5m
    assert t["cofinancing_minimum"] == 147_250_000
    assert t["top_up_by_level"] == {"mbo": 1500 * 6000,                  # 9,000,000
                                    "hbo": 2000 * 6500,                  # 13,000,000
                                    "wo": 1500 * 8000 + 600 * 8000}      # 16,800,000
    assert t["top_up_total"] == 38_800_000
    assert t["cost_incl_rijksbijdrage"] == (1500 * 30_000 + 2000 * 36_000 + 2100 * 22_000
                                            + 38_800_000) == 202_000_000
    assert t["contribution_by_level"] == {"mbo": 195 + 3820 + 69, "hbo": 1592 + 112 + 67,
                                          "wo": 637 + 213 + 63}
    assert t["demand_by_level"] == {"mbo": 10040, "hbo": 6055, "wo": 9864}
    assert t["cost_per_extra_graduate"] == {"rijk": 43513.59,     # 294.5m / 6768
                                            "total": 65676.71}    # 444.5m / 6768


def test_delft(kb):
    t = _totals("delft", kb)
    assert t["requested"] == ((400 * 5000 + 4_000_000) + (300 * 6500 + 300 * 8000 + 12_000_000)
                              + (500 * 9000 + 300 * 12_500 + 200 * 17_500)
                              + (800 * 2000 + 600 * 1500) + 400 * 1000 + 2_000_000)
    assert t["requested"] == 39_000_000
    assert t["cofinancing_total"] == 9_000_000 + 3_000_000 + 5_000_000 + 2_500_000
    assert t["cofinancing_by_form"] == {"cash": 16_500_000, "in_kind": 3_000_000}
    assert t["cofinancing_share_exact"] == "1/3"               # 19.5m / 58.5m: just enough
    assert t["cofinancing_minimum"] == 19_500_000
    assert t["top_up_by_level"] == {"mbo": 400 * 5000, "hbo": 300 * 6500, "wo": 300 * 8000}
    assert t["top_up_total"] == 6_350_000
    assert t["cost_incl_rijksbijdrage"] == (400 * 30_000 + 300 * 36_000 + 300 * 22_000
                                            + 6_350_000) == 35_750_000
    assert t["contribution_by_level"] == {"mbo": 28 + 159 + 9, "hbo": 13 + 96 + 17,
                                          "wo": 56 + 64 + 23}
    assert t["demand_by_level"] == {"mbo": 511, "hbo": 308, "wo": 502}
    assert t["cost_per_extra_graduate"] == {"rijk": 83870.97,     # 39m / 465
                                            "total": 125806.45}   # 58.5m / 465


def test_groningen(kb):
    t = _totals("groningen", kb)
    assert t["requested"] == ((300 * 5000 + 150 * 6500 + 100 * 8000 + 6_000_000)
                              + (2500 * 2000 + 2000 * 1500)
                              + (900 * 7500 + 600 * 10_000 + 100 * 15_000)
                              + 400 * 1000 + 2_000_000)
    assert t["requested"] == 33_925_000
    assert t["cofinancing_total"] == 8_000_000 + 2_000_000 + 5_000_000 + 2_000_000
    assert t["cofinancing_share_exact"] == "680/2037"          # 17m / 50.925m
    assert t["cofinancing_minimum"] == 16_962_500
    assert t["top_up_by_level"] == {"mbo": 300 * 5000, "hbo": 150 * 6500, "wo": 100 * 8000}
    assert t["top_up_total"] == 3_275_000
    assert t["cost_incl_rijksbijdrage"] == (300 * 30_000 + 150 * 20_000 + 100 * 22_000
                                            + 3_275_000) == 17_475_000
    assert t["contribution_by_level"] == {"mbo": 20 + 29 + 286, "hbo": 8 + 56 + 191,
                                          "wo": 19 + 32 + 23}
    assert t["demand_by_level"] == {"mbo": 63, "hbo": 38, "wo": 62}
    assert t["demand_total"] == 162
    assert t["cost_per_extra_graduate"] == {"rijk": 51091.87,     # 33,925,000 / 664
                                            "total": 76694.28}    # 50,925,000 / 664


def test_reported_but_not_counted_cofinancing(kb):
    t = _totals("flawed-cofinancing-not-counted", kb)
    assert t["cofinancing_total"] == 4_300_000
    assert t["cofinancing_by_type"]["institution"] == _kind(300_000, in_kind=300_000,
                                                            counted=0, not_counted=300_000)
    assert t["cofinancing_reported_not_counted"] == 300_000


def test_figures_are_exact_before_they_are_reported(kb):
    fig = compute(read_plan({"solutions": [{"funding_requested": 2, "contribution": {"wo": 3}}],
                             "budget": {"cofinancing": [
                                 {"type": "business", "amount": 1, "additional": True}]}}), kb)
    assert fig.share == Fraction(1, 3)
    assert fig.cost_rijk == Fraction(2, 3) and fig.cost_total == Fraction(1)
    assert fig.totals()["cost_per_extra_graduate"] == {"rijk": 0.67, "total": 1.0}


def test_an_empty_plan_has_zero_figures_and_no_ratios(kb):
    t = check_plan({}, kb=kb)["totals"]
    assert t["requested"] == 0 and t["cofinancing_share"] == 0.0
    assert t["cost_per_extra_graduate"] == {"rijk": None, "total": None}
    assert t["top_up_by_level"] == {} and t["demand_by_level"] == {}
