"""`chiptalent users` and `chiptalent evidence`: exit codes and messages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chiptalent.cli import main
from chiptalent.cli_curation import evidence, users
from tests.helpers.curation import kb_problems

PASSWORD = "a long enough password"


@pytest.fixture
def cli(curated):
    # The lead registers the groups in cli.py; registering again is harmless.
    main.add_command(users)
    main.add_command(evidence)
    try:
        runner = CliRunner(mix_stderr=False)       # click 8.1: keep stderr apart
    except TypeError:
        runner = CliRunner()                       # click 8.2+: always apart

    def run(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)
    return run


def test_users_add_and_list(cli, curated):
    result = cli("users", "add", "anna", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    result = cli("users", "add", "rob", "--role", "reviewer", "--password-stdin",
                 input=PASSWORD + "\n")
    assert result.exit_code == 0
    result = cli("users", "list", "--json")
    assert [(u["name"], u["role"]) for u in json.loads(result.stdout)] == [
        ("anna", "adviser"), ("rob", "reviewer")]
    result = cli("users", "add", "bob", "--password-stdin", input="short\n")
    assert result.exit_code == 2 and "at least 12" in result.stderr
    from chiptalent.accounts import authenticate
    assert authenticate("anna", PASSWORD, data_dir=curated.data_dir).name == "anna"


def test_evidence_add_edit_link_retire_history(cli, curated):
    cli("users", "add", "anna", "--password-stdin", input=PASSWORD + "\n")
    cli("users", "add", "rob", "--role", "reviewer", "--password-stdin",
        input=PASSWORD + "\n")
    base = ["--user", "anna"]
    result = cli("evidence", "add", "--title", "Bron uit de opdrachtregel",
                 "--publisher", "CLI", "--type", "report", "--summary", "Tekst.",
                 "--strength", "descriptive", "--strength-reason", "Reden.",
                 "--level", "mbo", "--target-group", "youth", *base,
                 "--reason", "nieuw", "--json")
    assert result.exit_code == 0, result.stderr
    sid = json.loads(result.stdout)["id"]
    assert sid == "cli-bron-uit-de-opdrachtregel"

    result = cli("evidence", "edit", sid, "--set", "year=2021", "--set",
                 "status=reviewed", "--base-version", "1", *base, "--reason", "jaar")
    assert result.exit_code == 0 and "version 2" in result.stdout
    # A stale version: a conflict, exit 1.
    result = cli("evidence", "edit", sid, "--set", "year=2022", "--base-version", "1",
                 *base, "--reason", "te laat")
    assert result.exit_code == 1 and "conflict" in result.stderr
    # Bad input: exit 2, naming the field and what is allowed.
    result = cli("evidence", "edit", sid, "--set", "levels=kleuterschool",
                 "--base-version", "2", *base, "--reason", "fout")
    assert result.exit_code == 2 and "levels" in result.stderr and "mbo" in result.stderr
    # Readers may not edit; unknown users neither.
    result = cli("evidence", "retire", sid, "--user", "rob", "--reason", "x")
    assert result.exit_code == 2 and "only advisers" in result.stderr
    result = cli("evidence", "retire", sid, "--user", "nobody", "--reason", "x")
    assert result.exit_code == 2 and "users add" in result.stderr

    iid = sorted(curated.store.kb.interventions)[0]
    result = cli("evidence", "link", sid, "--intervention", iid, *base, "--reason",
                 "koppeling")
    assert result.exit_code == 0, result.stderr
    result = cli("evidence", "retire", sid, *base, "--reason", "vervangen")
    assert result.exit_code == 0 and "retire" in result.stdout
    result = cli("evidence", "history", sid, "--json")
    entries = json.loads(result.stdout)
    assert [e["action"] for e in entries] == ["retire", "edit", "edit", "add"]
    assert kb_problems(curated.kb_dir) == []
    result = cli("evidence", "show", sid, "--json")
    assert json.loads(result.stdout)["version"] == 4


def test_evidence_import_preview_then_confirm(cli, curated, tmp_path):
    cli("users", "add", "anna", "--password-stdin", input=PASSWORD + "\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("title,publisher,type,summary,strength,strength_reason,levels\n"
                   "Goed,Uitgever,report,Tekst.,descriptive,Reden.,mbo\n"
                   "Fout,Uitgever,report,Tekst.,descriptive,Reden.,universiteit\n")
    before = sorted(p.name for p in (curated.kb_dir / "evidence").glob("*.yaml"))
    result = cli("evidence", "import", str(bad), "--confirm", "--user", "anna",
                 "--reason", "batch")
    assert result.exit_code == 2
    assert "row 2 (line 3): levels" in result.stdout
    assert sorted(p.name for p in (curated.kb_dir / "evidence").glob("*.yaml")) == before

    good = tmp_path / "good.csv"
    good.write_text(bad.read_text().replace("universiteit", "wo"))
    result = cli("evidence", "import", str(good), "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["counts"]["new"] == 2 and not document["applied"]
    assert sorted(p.name for p in (curated.kb_dir / "evidence").glob("*.yaml")) == before
    result = cli("evidence", "import", str(good), "--confirm", "--user", "anna",
                 "--reason", "batch")
    assert result.exit_code == 0 and "written: 2" in result.stdout
    after = sorted(p.name for p in (curated.kb_dir / "evidence").glob("*.yaml"))
    assert len(after) == len(before) + 2
    assert kb_problems(curated.kb_dir) == []


def test_evidence_seed(cli, tmp_path):
    target = tmp_path / "copy"
    result = cli("evidence", "seed", str(target))
    assert result.exit_code == 0 and f"CHIPTALENT_KB={target}" in result.stdout
    assert (target / "vocabularies").is_dir()
    result = cli("evidence", "seed", str(target))
    assert result.exit_code == 2 and "refusing" in result.stderr
