"""The command line's help helps: every option described, exit statuses and region ids
listed, region ids in any case, the global options after the subcommand too, and
`serve --help` true about which knowledge base it serves."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from chiptalent.cli import main

ROOT = Path(__file__).resolve().parent.parent
TWENTE_PLAN = ROOT / "examples" / "plans" / "twente.yaml"


def _commands(command: click.Command, path=()):
    """Every command of the tree with the words that call it."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, path + (name,))


ALL_COMMANDS = list(_commands(main))
COMMAND_IDS = [" ".join(path) or "chiptalent" for path, _ in ALL_COMMANDS]


def _help(args) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path, command", ALL_COMMANDS, ids=COMMAND_IDS)
def test_every_option_is_described(path, command):
    undescribed = [param.opts[0] for param in command.params
                   if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert undescribed == []


@pytest.mark.parametrize("path, command", ALL_COMMANDS, ids=COMMAND_IDS)
def test_every_help_names_the_exit_statuses(path, command):
    text = " ".join(_help(path).split())
    assert "Exit status: 0 success; 1 a negative result" in text
    assert "2 bad input or usage" in text


@pytest.mark.parametrize("path, command", ALL_COMMANDS, ids=COMMAND_IDS)
def test_every_command_takes_the_global_options(path, command):
    text = _help(path)
    assert "--kb DIRECTORY" in text and "--data-dir DIRECTORY" in text


def test_json_option_says_it_prints_json():
    with_json = [(path, command) for path, command in ALL_COMMANDS
                 if any("--json" in getattr(p, "opts", ()) for p in command.params)]
    assert len(with_json) >= 8  # kb validate/show, recommend, check, search, evidence ...
    for path, command in with_json:
        option = next(p for p in command.params if "--json" in getattr(p, "opts", ()))
        assert "JSON" in (option.help or ""), path


def test_recommend_help_lists_the_regions_of_the_knowledge_base(kb):
    text = " ".join(_help(["recommend"]).split())
    assert kb.regions, "the bundled knowledge base has regions"
    for region_id in kb.regions:
        assert region_id in text
    assert "(any case)" in text


def test_recommend_help_lists_the_regions_of_another_knowledge_base(kb_copy):
    region = yaml.safe_load((kb_copy / "regions" / "twente.yaml").read_text("utf-8"))
    region["id"] = "achterhoek"
    (kb_copy / "regions" / "twente.yaml").write_text(yaml.safe_dump(region), "utf-8")
    text = " ".join(_help(["--kb", str(kb_copy), "recommend"]).split())
    assert "achterhoek" in text and "twente" not in text


@pytest.mark.parametrize("spelling", ["Twente", "TWENTE", " twente "])
def test_region_id_in_any_case(spelling):
    runner = CliRunner()
    expected = runner.invoke(main, ["recommend", "--region", "twente", "--json"])
    result = runner.invoke(main, ["recommend", "--region", spelling, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(expected.output)


def test_unknown_region_is_bad_input_naming_the_allowed_ids():
    result = CliRunner().invoke(main, ["recommend", "--region", "Atlantis"])
    assert result.exit_code == 2
    assert "atlantis" in result.output.lower() and "twente" in result.output


def test_kb_after_the_subcommand_is_used():
    missing = ROOT / "tests" / "no-such-kb"
    result = CliRunner().invoke(main, ["check", str(TWENTE_PLAN), "--kb", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output
    result = CliRunner().invoke(main, ["kb", "validate", "--kb", str(missing)])
    assert result.exit_code == 2 and str(missing) in result.output


def test_kb_after_the_subcommand_overrides_the_one_before(kb_copy):
    missing = ROOT / "tests" / "no-such-kb"
    result = CliRunner().invoke(main, ["--kb", str(missing), "check", str(TWENTE_PLAN),
                                       "--kb", str(kb_copy), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["coherent"] is True


def test_data_dir_after_the_subcommand_is_used(tmp_path):
    runner = CliRunner()
    first, second = tmp_path / "one", tmp_path / "two"
    added = runner.invoke(main, ["users", "add", "anna", "--password-stdin",
                                 "--data-dir", str(first)], input="geheim-wachtwoord\n")
    assert added.exit_code == 0, added.output

    def names(data_dir):
        result = runner.invoke(main, ["users", "list", "--json", "--data-dir", str(data_dir)])
        assert result.exit_code == 0, result.output
        return [user["name"] for user in json.loads(result.output)]

    assert names(first) == ["anna"]
    assert names(second) == []


def test_serve_help_names_the_knowledge_base_it_serves():
    text = " ".join(_help(["serve"]).split())
    assert "--kb or $CHIPTALENT_KB, else the bundled one" in text
    assert "/api/openapi.json" in text
    assert "0.0.0.0" in text  # --host says how to listen beyond this machine


def test_export_format_choices_are_in_the_help():
    text = _help(["kb", "export"])
    assert "[ttl|jsonld|json]" in text and "Turtle" in text
