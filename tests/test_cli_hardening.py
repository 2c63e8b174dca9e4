"""Hostile input on the command line (issue 20): devices and pipes, lone surrogates,
duplicate keys. Each is bad input: exit 2 with a line naming the path, the field or the
key and its line; never exit 3 ("internal error"), never a hang or running out of
memory. Run as a real process (`python -m chiptalent`), so the exit status and the
streams are the ones a user gets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLAN = sorted((ROOT / "examples" / "plans").glob("*.yaml"))[0]


def chiptalent(*args, tmp_path, timeout=60):
    env = dict(os.environ, CHIPTALENT_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "chiptalent", *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=tmp_path)


# --- 9. devices and pipes -------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "recommend"])
def test_a_device_is_refused_by_name(command, tmp_path):
    # /dev/zero never ends: read whole, it ran the process out of memory.
    done = chiptalent(command, "/dev/zero", tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "/dev/zero" in done.stderr and "not a regular file" in done.stderr


def test_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    # Nobody ever writes to the FIFO: reading it would wait for ever (the bounded
    # timeout turns a hang into a failure instead of a stuck test run).
    done = chiptalent("check", fifo, tmp_path=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert str(fifo) in done.stderr and "pipe" in done.stderr


def test_the_bounded_reader_stops_at_the_limit(tmp_path):
    from chiptalent.errors import InputError
    from chiptalent.kb.yamlio import read_limited_bytes

    big = tmp_path / "big.yaml"
    big.write_bytes(b"# x\n" * 1000)
    assert len(read_limited_bytes(big, 4000)) == 4000
    with pytest.raises(InputError, match="too large"):
        read_limited_bytes(big, 3999)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: open(fifo, "wb").write(b"x" * 10_000),
                              daemon=True)
    writer.start()
    with pytest.raises(InputError, match="pipe"):
        read_limited_bytes(fifo, 100)
    # Unblock the writer if it is still waiting for a reader.
    try:
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    except OSError:
        pass


# --- 6. lone surrogates -----------------------------------------------------------------

@pytest.mark.parametrize("command, text, field", [
    ("recommend", '{"name": "\\ud800", "region": "twente"}', "name"),
    ("check", '{"region": "twente", "title": "Plan \\udfff"}', "title"),
])
def test_a_lone_surrogate_in_a_file_is_exit_2_naming_the_field(command, text, field,
                                                                tmp_path):
    path = tmp_path / "input.json"
    path.write_text(text, encoding="ascii")
    done = chiptalent(command, path, tmp_path=tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert f"{field}:" in done.stderr and "surrogate" in done.stderr
    assert "internal error" not in done.stderr


# --- 11. duplicate keys ---------------------------------------------------------------

def test_a_plan_with_a_key_twice_is_refused_naming_key_and_line(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    lines = text.splitlines()
    region_line = next(n for n, line in enumerate(lines, 1) if line.startswith("region:"))
    path = tmp_path / "plan.yaml"
    path.write_text(text + "\nregion: twente\n", encoding="utf-8")
    done = chiptalent("check", path, tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    line = len(lines) + 2
    assert f"{path.name}:{line}:" in done.stderr or f":{line}:" in done.stderr, done.stderr
    assert "'region'" in done.stderr and f"first on line {region_line}" in done.stderr


def test_duplicate_keys_are_refused_in_every_kind_of_yaml(tmp_path):
    from chiptalent.errors import InputError
    from chiptalent.kb.yamlio import load_document, load_yaml_text

    with pytest.raises(InputError) as caught:
        load_yaml_text("id: a\nlabel: x\nsub:\n  b: 1\n  b: 2\n", "kb.yaml")
    assert caught.value.line == 5 and "'b'" in caught.value.message
    # JSON documents too (the JSON parser would keep the last value silently).
    with pytest.raises(InputError) as caught:
        load_document('{"region": "twente",\n "region": "delft"}', "profile.json")
    assert caught.value.line == 2 and "'region'" in caught.value.message
    # A merge key may repeat what it merges in: that is what merges are for.
    doc = load_yaml_text("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n", allow_aliases=True)
    assert doc["b"] == {"x": 2}


# --- 12. one demand limit, command line and web ------------------------------------------

def test_the_demand_limit_is_the_same_on_the_command_line_and_in_the_web_app(tmp_path):
    from chiptalent.rules.profile import MAX_DEMAND
    from chiptalent.webapp import profile_query

    assert profile_query.MAX_DEMAND == MAX_DEMAND
    path = tmp_path / "profile.json"
    path.write_text(f'{{"region": "twente", "demand": {{"mbo": {MAX_DEMAND + 1}}}}}')
    done = chiptalent("recommend", path, tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "demand.mbo" in done.stderr
    path.write_text(f'{{"region": "twente", "demand": {{"mbo": {MAX_DEMAND}}}}}')
    done = chiptalent("recommend", path, "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
