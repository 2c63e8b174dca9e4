"""`chiptalent optimise` on the command line: `--json` prints exactly one JSON document
(HiGHS silenced), the text report is Dutch (English with --lang en), exit 1 names why nothing is feasible, and
bad input exits 2 naming the field."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cli import chiptalent


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("optimise-data")


def test_json_stdout_is_exactly_one_document(data_dir):
    run = chiptalent("optimise", "--region", "TWENTE", "--budget", "72000000",
                     "--cofinancing", "36000000", "--robust", "3", "--json",
                     data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    assert "HiGHS" not in run.stdout and "Running" not in run.stdout
    document = json.loads(run.stdout)          # raises on a banner or a second document
    assert document["status"] == "optimal"
    assert document["robust"]["draws"] == 3
    assert set(document["robust"]["core_index"]) == {c["id"] for c in
                                                     document["candidates"]}


def test_text_report_is_dutch(data_dir, tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text("region: twente\nconditions_met: [housing]\n", encoding="utf-8")
    run = chiptalent("optimise", str(profile), "--budget", "36000000", data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    assert "Budgetoptimale portefeuille voor Twente" in run.stdout
    assert "extra werkenden" in run.stdout and "Per extra werkende" in run.stdout
    assert "HiGHS" not in run.stdout


def test_text_report_in_english_has_no_dutch_sentence(data_dir):
    from chiptalent.i18n.language_guess import guess_language
    run = chiptalent("optimise", "--region", "twente", "--budget", "72000000", "--robust", "3",
                     "--lang", "en", data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    assert "Budget-optimal portfolio for Twente" in run.stdout
    assert "Per extra worker" in run.stdout and "What the figures rest on" in run.stdout
    assert "€72,000,000" in run.stdout
    dutch = [line for line in run.stdout.splitlines() if guess_language(line, "en") == "nl"]
    assert dutch == []
    assert "werkenden" not in run.stdout and "bouwsteen" not in run.stdout


def test_the_advice_gives_the_budget_optimal_lines_in_its_language(data_dir):
    english = chiptalent("recommend", "--region", "twente", "--budget", "72000000",
                         "--lang", "en", data_dir=data_dir)
    assert english.returncode == 0, english.stderr
    assert "Budget-optimal:" in english.stdout and "how much:" in english.stdout
    assert "hoeveel:" not in english.stdout and "werkenden" not in english.stdout
    dutch = chiptalent("recommend", "--region", "twente", "--budget", "72000000",
                       data_dir=data_dir)
    assert "Budgetoptimaal:" in dutch.stdout and "hoeveel:" in dutch.stdout


def test_infeasible_exits_1_with_the_reason(data_dir):
    run = chiptalent("optimise", "--region", "twente", "--budget", "1000", "--json",
                     data_dir=data_dir)
    assert run.returncode == 1, run.stderr
    document = json.loads(run.stdout)
    assert document["status"] == "infeasible"
    assert "budget" in document["reason"]
    assert "het budget is" in document["reason"]          # both languages in the JSON
    assert "the budget is" in document["reason_en"]
    english = chiptalent("optimise", "--region", "twente", "--budget", "1000", "--lang", "en",
                         data_dir=data_dir)
    assert english.returncode == 1
    assert "No portfolio possible: the cheapest portfolio" in english.stdout
    assert "goedkoopste" not in english.stdout


@pytest.mark.parametrize("args, field", [
    (["--region", "twente", "--budget", "-5"], "--budget"),
    (["--region", "twente", "--budget", "10", "--horizon", "2029"], "--horizon"),
    (["--budget", "10"], "PROFILE"),
])
def test_bad_input_exits_2_naming_the_field(data_dir, args, field):
    run = chiptalent("optimise", *args, data_dir=data_dir)
    assert run.returncode == 2
    assert field in run.stderr
    assert "Traceback" not in run.stderr
