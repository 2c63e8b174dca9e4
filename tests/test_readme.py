"""Every command in the README works as printed.

The README's shell blocks are read as a newcomer would copy them: each `chiptalent`
(or `.venv/bin/chiptalent`) line runs through the command line in order, `export` lines
set the environment of the lines after them, and `~` is a temporary home. Only commands
that do not end (`serve`) or that have their own test (the HermiT run) are not run here;
any other kind of line must be one this test knows, so a new command cannot slip past.
The example report's lines must be what the command prints.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiptalent.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```bash\n(.*?)^```", README, flags=re.S | re.M)
CHIPTALENT = ("chiptalent", ".venv/bin/chiptalent")
# Lines that are not chiptalent commands, and why they are not run here.
OTHER_COMMANDS = {
    "bin/setup": "set-up itself (the CI script runs it from scratch)",
    "source": "activating the venv: these tests already run in it",
    "curl": "the JSON API: tests/web/test_web_api.py and tests/web/test_openapi.py",
    ".venv/bin/python": "benchmarks: scripts under bench/, run by hand",
}
NOT_RUN = {
    ("serve",): "serves until stopped: tests/web/test_web_server.py starts the server",
    ("kb", "validate", "--reason"): "HermiT on the JVM: tests/test_ontology.py",
}
PASSWORD = "een-lang-readme-wachtwoord"


def _lines(block: str) -> list[list[str]]:
    """The block's commands as argument lists: continuations joined, comments dropped."""
    return [shlex.split(line, comments=True)
            for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def _not_run(args: list[str]) -> bool:
    return any(tuple(args[:len(prefix)]) == prefix for prefix in NOT_RUN)


def test_the_readme_has_its_commands():
    assert len(BLOCKS) >= 3
    first = _lines(BLOCKS[0])
    # The opening two lines: set up and serve; set up with the tests and run them.
    assert first[0][:1] == ["bin/setup"] and first[0][-2:] == [".venv/bin/chiptalent", "serve"]
    assert first[1][:2] == ["bin/setup", "--test"]
    assert first[1][-3:] == [".venv/bin/python", "-m", "pytest"]


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_every_command_of_a_block_works_as_printed(block, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the README's paths are relative to the clone
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "CHIPTALENT_DATA_DIR": str(tmp_path / "data"),
           "CHIPTALENT_KB": None, "CHIPTALENT_USER": None}
    runner = CliRunner()
    for words in _lines(block):
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value.replace("~", str(home), 1) if value.startswith("~") else value
            continue
        if words[0] not in CHIPTALENT:
            assert words[0] in OTHER_COMMANDS, f"a README line this test does not know: {words}"
            continue
        args = [word.replace("~", str(home), 1) if word.startswith("~") else word
                for word in words[1:]]
        if _not_run(args):
            continue
        result = runner.invoke(main, args, env=env, input=f"{PASSWORD}\n{PASSWORD}\n")
        assert result.exit_code == 0, f"chiptalent {' '.join(args)}:\n{result.output}"


def test_the_example_report_is_what_check_prints(monkeypatch):
    monkeypatch.chdir(ROOT)
    command = re.search(r"`chiptalent (check [^`]+)`\n\(exit status (\d)", README)
    assert command, "the example report names its command and exit status"
    args = shlex.split(command.group(1))
    excerpt = README.split("```markdown\n", 1)[1].split("```", 1)[0]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == int(command.group(2))
    missing = [line for line in excerpt.splitlines() if line.strip() and line not in result.output]
    assert missing == []


def _layout_rows() -> list[tuple[str, str]]:
    section = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", section, flags=re.M)
    return [(first, second) for first, second in rows if not first.startswith(("folder", "---"))]


def _ignored(name: str) -> bool:
    patterns = [line.strip().rstrip("/") for line in
                (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    return name == ".git" or any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def test_the_layout_table_matches_the_tree():
    rows = _layout_rows()
    named = [path for first, _ in rows for path in re.findall(r"`([^`]+/)`", first)]
    assert named, "the layout table names folders"
    assert [path for path in named if not (ROOT / path).is_dir()] == []
    top = {path.name + "/" for path in ROOT.iterdir()
           if path.is_dir() and not _ignored(path.name)}
    named_top = {path.split("/", 1)[0] + "/" for path in named}
    assert top - named_top == set(), "folders the layout table does not name"
    # Sub-folders named in the descriptions exist too.
    inner = [path for _, second in rows for path in re.findall(r"`([\w./-]+/)`", second)]
    assert [path for path in inner if not (ROOT / path).is_dir()] == []


def test_every_link_works_in_a_clone():
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [t for t in targets if not re.match(r"^[a-z]+://", t)]
    assert local, "the README links files of the repository"
    assert [t for t in local if not (ROOT / t).exists()] == []
    assert "../shared" not in README


def _printed_examples() -> list[tuple[list[str], str]]:
    """Each ```text block with the one-command ```bash block right before it."""
    fences = list(re.finditer(r"^```(\w*)\n(.*?)^```", README, flags=re.S | re.M))
    examples = []
    for before, block in zip(fences, fences[1:]):
        if block.group(1) == "text":
            assert before.group(1) == "bash", "an example output follows its command"
            commands = [w for w in _lines(before.group(2)) if w[0] in CHIPTALENT]
            assert len(commands) == 1, "an example output follows exactly one command"
            examples.append((commands[0][1:], block.group(2)))
    return examples


@pytest.mark.parametrize("args, printed", _printed_examples(),
                         ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_every_example_output_is_what_its_command_prints(args, printed, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    missing = [line for line in printed.splitlines()
               if line.strip() and line not in result.output]
    assert missing == [], "update the README's example from the command's output"
