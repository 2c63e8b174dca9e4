"""`chiptalent plan draft` on the command line: YAML by default (with a header of
comments naming the arrangement and the budget's source) that reads back as the same
plan `--json` prints, region ids in any case, a profile file, and bad input exiting 2
with the option named."""

from __future__ import annotations

import json

import pytest

from chiptalent.kb.yamlio import load_document
from tests.helpers.cli import chiptalent


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("draft-data")


def test_yaml_and_json_are_the_same_plan(data_dir, tmp_path):
    as_yaml = chiptalent("plan", "draft", "--region", "Twente", data_dir=data_dir)
    assert as_yaml.returncode == 0, as_yaml.stderr
    assert as_yaml.stdout.startswith("# ")
    assert "72.000.000" in as_yaml.stdout.split("\n", 3)[1]         # the reservation
    assert "omroepbrabant.nl" in as_yaml.stdout                      # and its source
    as_json = chiptalent("plan", "draft", "--region", "twente", "--json", data_dir=data_dir)
    assert as_json.returncode == 0, as_json.stderr
    plan = json.loads(as_json.stdout)
    read_back = load_document(as_yaml.stdout, "draft.yaml")
    # JSON keys are text; YAML keeps the intake years as numbers
    assert json.loads(json.dumps(read_back)) == plan
    path = tmp_path / "draft.yaml"
    path.write_text(as_yaml.stdout, encoding="utf-8")
    check = chiptalent("check", str(path), "--json", data_dir=data_dir)
    assert check.returncode == 1                     # its placeholders are errors
    errors = {f["code"] for f in json.loads(check.stdout)["findings"]
              if f["severity"] == "error"}
    assert errors == {"plan.placeholder"}


def test_a_profile_file_and_a_budget(data_dir):
    run = chiptalent("plan", "draft", "examples/profiles/twente.yaml", "--budget",
                     "30000000", "--json", data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    plan = json.loads(run.stdout)
    assert sum(s["funding_requested"] for s in plan["solutions"]) <= 30_000_000


@pytest.mark.parametrize("args, option", [
    (("--region", "twente", "--budget", "-5"), "--budget"),
    (("--region", "twente", "--budget", "veel"), "--budget"),
    (("--region", "twente", "--cofinancing", "-1"), "--cofinancing"),
    (("--region", "twente", "--arrangement", "arrangement-q"), "--arrangement"),
    ((), "PROFILE"),
])
def test_bad_input_exits_2_naming_the_option(data_dir, args, option):
    run = chiptalent("plan", "draft", *args, data_dir=data_dir)
    assert run.returncode == 2
    assert option in run.stderr
    assert "Traceback" not in run.stderr


def test_an_unknown_region_is_named(data_dir):
    run = chiptalent("plan", "draft", "--region", "atlantis", data_dir=data_dir)
    assert run.returncode == 2
    assert "region" in run.stderr and "Traceback" not in run.stderr


def test_help_describes_every_option(data_dir):
    run = chiptalent("plan", "draft", "--help", data_dir=data_dir)
    assert run.returncode == 0
    for option in ("--region", "--budget", "--cofinancing", "--arrangement", "--json"):
        assert option in run.stdout
    assert "Exit status" in run.stdout


def test_lang_en_writes_the_draft_in_english(data_dir):
    run = chiptalent("plan", "draft", "--region", "delft", "--lang", "en", data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# Draft plan")
    assert "<in te vullen: name of the university>" in run.stdout   # the marker stays
    assert "Talent for the chip industry" in run.stdout
