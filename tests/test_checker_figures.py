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
    assert t["requested"] == 2_000_000 + 1_500_000 + 3_000_000 + 1_000_000 + 500_000
    assert t["requested"] == 8_000_000
    assert t["cofinancing_total"] == 1_500_000 + 1_000_000 + 1_200_000 + 600_000 == 4_300_000
    assert t["cofinancing_by_type"]["business"] == _kind(2_500_000, in_kind=1_000_000)
    assert t["cofinancing_by_type"]["regional-government"] == _kind(1_800_000)
    assert t["cofinancing_by_type"]["institution"] == _kind(0)
    assert t["cofinancing_by_form"] == {"cash": 3_300_000, "in_kind": 1_000_000}
    assert t["cofinancing_share_exact"] == "43/123"            # 4.3m / (8m + 4.3m)
    assert t["cofinancing_share"] == pytest.approx(4_300_000 / 12_300_000)
    assert t["cofinancing_minimum"] == 4_000_000               # c >= R/2
    assert t["top_up_by_level"] == {"mbo": 200 * 7500 + 100 * 7500,      # 2,250,000
                                    "hbo": 60 * 6000 + 150 * 6000,       # 1,260,000
                                    "wo": 200 * 6500 + 50 * 6500}        # 1,625,000
    assert t["top_up_total"] == 5_135_000 == t["cost_excl_rijksbijdrage"]
    assert t["students_by_level"] == {"mbo": 300, "hbo": 210, "wo": 250}
    assert t["rijksbijdrage_by_level"] == {"mbo": 300 * 9000, "hbo": 210 * 7500,
                                           "wo": 250 * 8500}
    assert t["cost_incl_rijksbijdrage"] == 2_700_000 + 1_575_000 + 2_125_000 + 5_135_000
    assert t["cost_incl_rijksbijdrage"] == 11_535_000
    assert t["contribution_by_level"] == {"mbo": 200 + 100 + 40, "hbo": 60 + 150 + 30,
                                          "wo": 200 + 30 + 80}
    assert t["contribution_total"] == 890
    assert t["demand_by_level"] == {"mbo": 1474, "hbo": 889, "wo": 1448}
    assert t["demand_total"] == 3812                           # the seed's total
    assert t["cost_per_extra_graduate"] == {"rijk": 8988.76,      # 8,000,000 / 890
                                            "total": 13820.22}    # 12,300,000 / 890
    t1 = t["cost_per_extra_graduate_by_solution"][0]
    # 2,000,000 / 200; with cofinancing shared pro rata: 2,000,000 × 12.3/8 / 200
    assert (t1["solution"], t1["rijk"], t1["total"]) == ("t1-bbl-procestechniek", 10000.0,
                                                        15375.0)
    assert t["business_measures_contribution_by_level"] == {"mbo": 60, "hbo": 40, "wo": 120}


def test_brainport(kb):
    t = _totals("brainport", kb)
    assert t["requested"] == 10_000_000 + 8_000_000 + 4_000_000 + 15_000_000 + 3_000_000
    assert t["cofinancing_total"] == 8_000_000 + 4_000_000 + 6_000_000 + 3_000_000
    assert t["cofinancing_by_type"]["business"] == _kind(12_000_000, in_kind=4_000_000)
    assert t["cofinancing_by_type"]["regional-government"] == _kind(9_000_000)
    assert t["cofinancing_share_exact"] == "21/61"             # 21m / 61m
    assert t["cofinancing_minimum"] == 20_000_000
    assert t["top_up_by_level"] == {"mbo": 1200 * 7500 + 600 * 7500,     # 13,500,000
                                    "hbo": 400 * 6000 + 1000 * 6000,     # 8,400,000
                                    "wo": 1200 * 6500 + 300 * 6500}      # 9,750,000
    assert t["top_up_total"] == 31_650_000
    assert t["cost_incl_rijksbijdrage"] == 1800 * 9000 + 1400 * 7500 + 1500 * 8500 + 31_650_000
    assert t["cost_incl_rijksbijdrage"] == 71_100_000
    assert t["contribution_by_level"] == {"mbo": 2000, "hbo": 1600, "wo": 1800}
    assert t["demand_by_level"] == {"mbo": 10040, "hbo": 6055, "wo": 9864}
    assert t["cost_per_extra_graduate"] == {"rijk": 7407.41,      # 40m / 5400
                                            "total": 11296.30}    # 61m / 5400


def test_delft(kb):
    t = _totals("delft", kb)
    assert t["requested"] == 800_000 + 600_000 + 1_200_000 + 400_000 == 3_000_000
    assert t["cofinancing_total"] == 1_000_000 + 200_000 + 400_000 == 1_600_000
    assert t["cofinancing_by_form"] == {"cash": 1_400_000, "in_kind": 200_000}
    assert t["cofinancing_share_exact"] == "8/23"              # 1.6m / 4.6m
    assert t["cofinancing_minimum"] == 1_500_000
    assert t["top_up_by_level"] == {"mbo": 80 * 7000,                    # 560,000
                                    "hbo": 40 * 5500 + 50 * 5500,        # 495,000
                                    "wo": 20 * 6000 + 100 * 6000}        # 720,000
    assert t["top_up_total"] == 1_775_000
    assert t["cost_incl_rijksbijdrage"] == 80 * 9000 + 90 * 7500 + 120 * 8500 + 1_775_000
    assert t["cost_incl_rijksbijdrage"] == 4_190_000
    assert t["contribution_by_level"] == {"mbo": 100, "hbo": 110, "wo": 180}
    assert t["demand_by_level"] == {"mbo": 511, "hbo": 308, "wo": 502}
    assert t["cost_per_extra_graduate"] == {"rijk": 7692.31,      # 3m / 390
                                            "total": 11794.87}    # 4.6m / 390


def test_groningen(kb):
    t = _totals("groningen", kb)
    assert t["requested"] == 300_000 + 350_000 + 150_000 == 800_000
    assert t["cofinancing_total"] == 250_000 + 200_000 == 450_000
    assert t["cofinancing_share_exact"] == "9/25" and t["cofinancing_share"] == 0.36
    assert t["cofinancing_minimum"] == 400_000
    assert t["top_up_by_level"] == {"mbo": 30 * 7000, "hbo": 20 * 5500, "wo": 20 * 6000}
    assert t["top_up_total"] == 440_000
    assert t["cost_incl_rijksbijdrage"] == 30 * 9000 + 20 * 7500 + 20 * 8500 + 440_000
    assert t["cost_incl_rijksbijdrage"] == 1_030_000
    assert t["contribution_by_level"] == {"mbo": 45, "hbo": 30, "wo": 35}
    assert t["demand_by_level"] == {"mbo": 63, "hbo": 38, "wo": 62}
    assert t["demand_total"] == 162
    assert t["cost_per_extra_graduate"] == {"rijk": 7272.73,      # 800,000 / 110
                                            "total": 11363.64}    # 1,250,000 / 110


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
