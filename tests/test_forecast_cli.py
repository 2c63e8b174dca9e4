"""`chiptalent forecast`: the JSON of spec/forecast.md, reproducible, and bad input named."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers.cli import chiptalent

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("forecast-data")


def test_same_seed_gives_byte_identical_json(data_dir):
    plan = str(EXAMPLES / "twente.yaml")
    first = chiptalent("forecast", plan, "--json", "--draws", "2000", "--seed", "7",
                       data_dir=data_dir)
    second = chiptalent("forecast", plan, "--json", "--draws", "2000", "--seed", "7",
                        data_dir=data_dir)
    other = chiptalent("forecast", plan, "--json", "--draws", "2000", "--seed", "8",
                       data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout != other.stdout


def test_json_has_the_contracts_fields(data_dir):
    result = chiptalent("forecast", str(EXAMPLES / "brainport.yaml"), "--json",
                        "--draws", "500", "--horizon", "2032", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["draws"] == 500 and doc["seed"] == 1
    assert doc["years"] == list(range(2025, 2033))
    assert doc["plan"]["region"] == "brainport"
    for s in doc["solutions"]:
        extra = s["extra_workers"]
        assert set(extra) == {"by_year", "by_2030", "by_level_2030", "by_horizon"}
        assert list(extra["by_year"]) == [str(y) for y in range(2025, 2033)]
        assert extra["by_2030"] == extra["by_year"]["2030"]
        assert extra["by_horizon"] == extra["by_year"]["2032"]
        assert extra["by_2030"]["p10"] <= extra["by_2030"]["p50"] <= extra["by_2030"]["p90"]
        assert s["claim"] in {"within", "above-p90", "below-p10", "none"}
        for p in s["parameters"]:
            assert set(p) >= {"id", "low", "central", "high", "source", "assumption",
                              "overridden"}
            assert (p["source"] is None) != (p["assumption"] is None)
    assert set(doc["total"]) == {"extra_workers", "rijk_per_extra_worker_2030",
                                 "societal_per_extra_worker_2030"}
    assert set(doc["demand"]) == {"mbo", "hbo", "wo"}
    assert set(doc["structural_from_2031"]) == {"students_enrolled", "eur_per_year"}
    swings = [abs(e["high"] - e["low"]) for e in doc["sensitivity"]]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    # The total's quantiles come from the summed draws: never above the summed P90s.
    p90s = sum(s["extra_workers"]["by_2030"]["p90"] for s in doc["solutions"])
    assert doc["total"]["extra_workers"]["by_2030"]["p90"] <= p90s + 0.1


def test_set_overrides_and_marks_the_parameter(data_dir):
    result = chiptalent("forecast", str(EXAMPLES / "twente.yaml"), "--json", "--draws",
                        "200", "--set", "sector_entry.mbo=0", "--set",
                        "sector_entry.hbo=0", "--set", "sector_entry.wo=0",
                        "--set", "sector_entry.mbo.bbl=0", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    # Graduates of study places enter the sector at those rates; retraining, recruitment
    # and coaching have their own placement parameters and still count.
    places = [s for s in doc["solutions"] if s["mechanism"] == "places"]
    assert places
    for s in places:
        assert s["extra_workers"]["by_horizon"] == {"p10": 0, "p50": 0, "p90": 0}
    assert doc["total"]["extra_workers"]["by_horizon"]["p50"] > 0
    marked = {p["id"] for s in doc["solutions"] for p in s["parameters"] if p["overridden"]}
    assert "sector_entry.mbo" in marked


def test_text_report_is_dutch_and_names_what_matters(data_dir):
    result = chiptalent("forecast", str(EXAMPLES / "brainport.yaml"), "--draws", "300",
                        data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Extra werkenden eind 2030" in text
    assert "Claim: 195" in text                 # b1's claim: the forecast's P50
    assert "Rijk per extra werkende" in text and "Maatschappelijk per extra werkende" in text
    assert "Aannames die het meest uitmaken" in text


def test_text_report_in_english_on_request(data_dir):
    result = chiptalent("forecast", str(EXAMPLES / "brainport.yaml"), "--draws", "300",
                        "--lang", "en", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Extra workers by the end of 2030" in text and "Claim: 195" in text
    assert "Government money per extra worker" in text
    assert "Assumptions that matter most" in text
    assert "Extra werkenden" not in text and "trekkingen" not in text


def _plan_file(tmp_path, **solution) -> str:
    doc = yaml.safe_load((EXAMPLES / "twente.yaml").read_text(encoding="utf-8"))
    doc["solutions"][0].pop("intake_by_year", None)      # students spread evenly unless set
    doc["solutions"][0].update(solution)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("args, field", [
    (["--draws", "0"], "--draws"),
    (["--seed", "-1"], "--seed"),
    (["--horizon", "2029"], "--horizon"),
    (["--set", "bestaat.niet=0.5"], "--set bestaat.niet"),
    (["--set", "completion.hbo"], "--set"),
    (["--set", "completion.hbo=veel"], "--set"),
])
def test_bad_options_exit_2_naming_the_option(args, field, data_dir):
    result = chiptalent("forecast", str(EXAMPLES / "twente.yaml"), *args,
                       data_dir=data_dir)
    assert result.returncode == 2
    assert f"chiptalent: {field}: " in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("solution, field", [
    ({"assumptions": {"completion.mbo": 1.2}}, "solutions[0].assumptions.completion.mbo"),
    ({"assumptions": {"completion.mbo": {"low": 0.5, "central": 0.7, "high": 1.1}}},
     "solutions[0].assumptions.completion.mbo"),
    ({"assumptions": {"bestaat.niet": 0.5}}, "solutions[0].assumptions.bestaat.niet"),
    ({"assumptions": {"completion.mbo": {"low": 0.7, "central": 0.5, "high": 0.8}}},
     "solutions[0].assumptions.completion.mbo"),
    ({"intake_by_year": {2025: {"mbo": 50}, 2026: {"mbo": 50}}},
     "solutions[0].intake_by_year"),
    ({"intake_by_year": {2031: {"mbo": 200}}}, "solutions[0].intake_by_year.2031"),
    ({"mechanism": "teleportation"}, "solutions[0].mechanism"),
    ({"entry": "phd"}, "solutions[0].entry"),
    ({"start_year": 2040}, "solutions[0].start_year"),
    ({"participants": {"mbo": 10}, "participants_by_year": {2025: {"mbo": 5}}},
     "solutions[0].participants_by_year"),
])
def test_bad_plan_fields_exit_2_naming_the_field(solution, field, tmp_path, data_dir):
    result = chiptalent("forecast", _plan_file(tmp_path, **solution), data_dir=data_dir)
    assert result.returncode == 2, result.stdout
    assert f"chiptalent: {field}: " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_intake_by_year_that_adds_up_is_used(tmp_path, data_dir):
    # twente's first solution has 500 mbo students: all of them in 2030 → none by 2030.
    path = _plan_file(tmp_path, intake_by_year={2030: {"mbo": 500}})
    result = chiptalent("forecast", path, "--json", "--draws", "200", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)["solutions"][0]
    assert first["extra_workers"]["by_2030"]["p90"] == 0
    assert first["extra_workers"]["by_horizon"]["p50"] > 0


def test_the_command_line_starts_without_numpy():
    code = ("import sys, chiptalent.cli, chiptalent.rules.plan, chiptalent.kb.loader; "
            "print('numpy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "False", result.stderr
