"""The checker weighs numbers (spec/forecast.md, "Checker codes added"): the boundaries
of each new check, and the forecast's totals in `check --json`.

The plan under test is the sound base of the number-weighing flawed examples
(examples/plans/flawed-plan-placeholder.yaml with its one placeholder filled in).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from chiptalent.kb import load
from chiptalent.rules.check_forecast import CHECK_DRAWS, placeholders, regular_bounds
from chiptalent.rules.checker import check_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "plans"


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture(scope="module")
def base() -> dict:
    doc = yaml.safe_load((EXAMPLES / "flawed-plan-placeholder.yaml").read_text("utf-8"))
    doc["bottlenecks"] = "Krappe arbeidsmarkt voor docenten in techniek."
    return doc


def _solution(doc: dict, sid: str) -> dict:
    return next(s for s in doc["solutions"] if s["id"] == sid)


def _codes(result: dict, *severities: str) -> set[str]:
    return {f["code"] for f in result["findings"]
            if not severities or f["severity"] in severities}


def test_the_base_plan_is_sound_when_weighed(base, kb):
    result = check_plan(copy.deepcopy(base), kb=kb)
    assert result["coherent"] is True
    assert _codes(result, "error", "warning") == set()


def test_check_json_carries_the_forecasts_totals_deterministically(base, kb):
    first = check_plan(copy.deepcopy(base), kb=kb)
    again = check_plan(copy.deepcopy(base), kb=kb)
    assert json.dumps(first) == json.dumps(again)          # seeded
    forecast = first["totals"]["forecast"]
    assert forecast["draws"] >= CHECK_DRAWS == 2000
    workers = forecast["extra_workers_2030"]
    assert 0 < workers["p10"] <= workers["p50"] <= workers["p90"]
    for key in ("rijk_per_extra_worker_2030", "societal_per_extra_worker_2030"):
        q = forecast[key]
        assert q["p10"] <= q["p50"] <= q["p90"]
    # societal counts Rijk and cofinancing together: more per worker than Rijk alone
    assert forecast["societal_per_extra_worker_2030"]["p50"] > \
        forecast["rijk_per_extra_worker_2030"]["p50"]
    assert set(forecast["structural_from_2031"]) == {"students_enrolled", "eur_per_year"}
    assert forecast["demand"]["national"] == {"mbo": 14742, "hbo": 8890, "wo": 14483}
    assert [s["id"] for s in forecast["solutions"]] == [s["id"] for s in base["solutions"]]


def test_requested_unexplained_exactly_ten_percent_passes(base, kb):
    doc = copy.deepcopy(base)
    t1 = _solution(doc, "t1-bbl-procestechniek")
    t1["top_up_per_student"] = {"mbo": 6000}               # p × q = 300 × 6,000
    doc["budget"]["cost_per_student"]["mbo"]["top_up"] = 6000
    t1["funding_requested"] = 2_000_000                     # gap 200,000 = exactly 10%
    assert "budget.requested-unexplained" not in _codes(check_plan(doc, kb=kb))
    t1["funding_requested"] = 2_000_001                     # a euro more: above 10%
    [finding] = [f for f in check_plan(doc, kb=kb)["findings"]
                 if f["code"] == "budget.requested-unexplained"]
    assert finding["severity"] == "warning"
    assert finding["where"] == "solutions[0].funding_requested"
    # below p × q by more than 10% warns too
    t1["funding_requested"] = 1_600_000
    assert "budget.requested-unexplained" in _codes(check_plan(doc, kb=kb))


def test_a_claim_at_p90_passes_and_one_above_warns(base, kb):
    # With deadweight 0 and completion and placement 1, 150 mbo participants are 150
    # workers in every draw: P10 = P50 = P90 = 150.
    doc = copy.deepcopy(base)
    doc["assumptions"] = {"deadweight.retraining": 0, "completion.retraining": 1,
                          "placement.retraining": 1}
    t2 = _solution(doc, "t2-omscholing")
    t2["contribution"] = {"mbo": 150, "hbo": 50}
    result = check_plan(doc, kb=kb)
    [summary] = [s for s in result["totals"]["forecast"]["solutions"]
                 if s["id"] == "t2-omscholing"]
    assert summary["by_level_2030"]["mbo"]["p90"] == 150
    assert "contribution.above-projection" not in _codes(result)
    t2["contribution"] = {"mbo": 151, "hbo": 50}
    findings = [f for f in check_plan(doc, kb=kb)["findings"]
                if f["code"] == "contribution.above-projection"]
    assert [f["where"] for f in findings] == ["solutions[1].contribution.mbo"]


@pytest.mark.parametrize("intake_year, entry, timing", [
    (2026, "master", False),     # 2026 + 8/12 + 2.0 (the master's shortest) → 2028
    (2026, None, True),          # bachelor and master: 2026 + 8/12 + 5.0 → 2031
    (2025, None, False),         # 2025 + 8/12 + 5.0 → 2030: possible at the shortest
])
def test_a_wo_intake_of_2026_is_work_by_2030_only_with_entry_master(base, kb, intake_year,
                                                                    entry, timing):
    doc = copy.deepcopy(base)
    t3 = _solution(doc, "t3-master-elektrotechniek")
    t3.pop("entry", None)
    if entry:
        t3["entry"] = entry
    t3["intake_by_year"] = {2025: {"hbo": 60}}
    t3["intake_by_year"].setdefault(intake_year, {})["wo"] = 100
    codes = _codes(check_plan(doc, kb=kb))
    assert ("contribution.timing" in codes) is timing
    if timing:      # the timing explains the claim; it is not also "above the projection"
        assert "contribution.above-projection" not in codes


def test_exceeds_national_compares_with_the_calls_budget(base, kb):
    doc = copy.deepcopy(base)
    assert "budget.exceeds-national" not in _codes(check_plan(doc, kb=kb))
    doc["solutions"][0]["funding_requested"] = 450_000_000 - sum(
        s["funding_requested"] for s in doc["solutions"][1:])
    assert "budget.exceeds-national" not in _codes(check_plan(doc, kb=kb))   # exactly 450m
    doc["solutions"][0]["funding_requested"] += 1
    assert "budget.exceeds-national" in _codes(check_plan(doc, kb=kb))


def test_regular_funding_bounds_come_from_the_knowledge_base(base, kb):
    low, high = regular_bounds(kb, "mbo")
    rate = kb.parameters["funding.regular.mbo"]
    longest = max(kb.parameters["duration.mbo"].high, kb.parameters["duration.mbo.bbl"].high)
    assert (low, high) == (round(rate.low), round(rate.high * longest))
    doc = copy.deepcopy(base)
    for value, fires in ((low, False), (low - 1, True), (high, False), (high + 1, True)):
        doc["budget"]["cost_per_student"]["mbo"]["regular"] = value
        assert ("budget.regular-implausible" in _codes(check_plan(doc, kb=kb))) is fires


def test_cost_per_worker_uses_the_benchmark_parameter(base, kb):
    doc = copy.deepcopy(base)
    result = check_plan(doc, kb=kb)
    per_worker = result["totals"]["forecast"]["rijk_per_extra_worker_2030"]["p50"]
    high = kb.parameters["benchmark.rijk_per_extra_worker"].high
    assert per_worker <= high
    assert result["totals"]["forecast"]["benchmark_rijk_per_extra_worker"]["high"] == high
    # The same plan with the benchmark set below its cost warns: the threshold is data.
    kb2 = copy.copy(kb)
    kb2.parameters = dict(kb.parameters)
    kb2.parameters["benchmark.rijk_per_extra_worker"] = copy.copy(
        kb.parameters["benchmark.rijk_per_extra_worker"])
    kb2.parameters["benchmark.rijk_per_extra_worker"].high = per_worker - 1
    assert "budget.cost-per-worker-high" in _codes(check_plan(copy.deepcopy(base), kb=kb2))


def test_structural_cost_against_the_regions_share_of_80m(base, kb):
    doc = copy.deepcopy(base)
    result = check_plan(doc, kb=kb)
    share = result["totals"]["forecast"]["structural_share_eur_per_year"]
    twente = sum(kb.regions["twente"].demand_by_level().values())
    assert share == 80_000_000 * twente // 38115
    assert "structural.beyond-80m" not in _codes(result)


def test_placeholders_are_found_anywhere_with_their_path():
    doc = {"title": "Plan", "solutions": [{"id": "s1", "kpis": ["<in te vullen: KPI>"]}],
           "conditions": {"housing": "Tekst <In te vullen: huisvesting>"}}
    assert [p["where"] for p in placeholders(doc)] == ["solutions[0].kpis[0]",
                                                       "conditions.housing"]
    assert placeholders({"title": "in te vullen zonder haakjes"}) == []


def test_placeholder_is_an_error_naming_the_field(base, kb):
    doc = copy.deepcopy(base)
    _solution(doc, "t2-omscholing")["kpis"] = ["<in te vullen: KPI's>"]
    result = check_plan(doc, kb=kb)
    [finding] = [f for f in result["findings"] if f["code"] == "plan.placeholder"]
    assert finding["severity"] == "error" and result["coherent"] is False
    assert finding["where"] == "solutions[1].kpis[0]"
    assert finding["section"] == "2. Aanpak"


def test_an_enabling_only_solution_needs_no_contribution(base, kb):
    doc = copy.deepcopy(base)
    doc["solutions"].append({"id": "t6", "title": "Accountmanagement",
                             "interventions": ["5-accountmanagement"],
                             "kpis": ["bediende bedrijven"], "funding_requested": 250000,
                             "fixed_cost": 250000})
    codes = _codes(check_plan(doc, kb=kb))
    assert "solution.enabling-only" in codes
    assert "solution.contribution-missing" not in codes
    # with a non-enabling intervention beside it, a contribution is needed again
    doc["solutions"][-1]["interventions"].append("2-omscholingstrajecten")
    codes = _codes(check_plan(doc, kb=kb))
    assert "solution.contribution-missing" in codes
    assert "solution.enabling-only" not in codes


def test_check_cli_json_carries_the_forecast(tmp_path):
    plan = EXAMPLES / "flawed-contribution-timing.yaml"
    env_dir = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "chiptalent", "check", str(plan), "--json"],
        capture_output=True, text=True, timeout=120,
        env={"CHIPTALENT_DATA_DIR": str(env_dir), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["totals"]["forecast"]["extra_workers_2030"]["p50"] > 0
    assert {f["code"] for f in doc["findings"] if f["severity"] == "warning"} == {
        "contribution.timing"}
