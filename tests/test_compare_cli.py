"""`chiptalent compare PLAN...`: one JSON document, three report formats, unreadable
plans reported while the others are compared, exit 2 only when none could be read."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.cli import chiptalent

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"
SOUND = [str(EXAMPLES / f"{n}.yaml") for n in ("brainport", "twente", "delft", "groningen")]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("compare-data")


def test_json_is_one_document_with_the_contracts_fields(data_dir):
    result = chiptalent("compare", *SOUND, "--json", "--draws", "300", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)                   # the solver printed nothing
    assert set(doc) == {"plans", "unreadable", "national", "scenarios"}
    for p in doc["plans"]:
        assert {"region", "title", "coherent", "errors", "requested", "cofinancing_share",
                "extra_workers_2030", "rijk_per_extra_worker_2030", "demand_share",
                "requested_share"} <= set(p)
        assert {"p10", "p50", "p90", "by_level"} <= set(p["extra_workers_2030"])
    assert {"budget", "requested", "cofinancing", "cofinancing_target", "goal", "demand",
            "extra_workers_2030", "gap_2030"} <= set(doc["national"])
    assert [s["id"] for s in doc["scenarios"]] == ["optimal", "demand-share",
                                                   "reservations-2024"]
    for s in doc["scenarios"]:
        assert {"allocation", "funded", "extra_workers_2030"} <= set(s)
    assert "source" in doc["scenarios"][2]


def test_the_same_seed_gives_the_same_document(data_dir):
    args = ("compare", SOUND[2], SOUND[3], "--json", "--draws", "200", "--seed", "5")
    first, second = (chiptalent(*args, data_dir=data_dir) for _ in range(2))
    assert first.returncode == 0 and first.stdout == second.stdout


def test_a_missing_file_is_reported_and_the_others_compared(data_dir, tmp_path):
    missing = str(tmp_path / "weg.yaml")
    result = chiptalent("compare", SOUND[1], missing, "--draws", "200", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Niet te lezen" in result.stdout and "weg.yaml: no such file" in result.stdout
    assert "Twente" in result.stdout and "Traceback" not in result.stderr


def test_no_readable_plan_exits_2_naming_each_file(data_dir, tmp_path):
    broken = tmp_path / "kapot.yaml"
    broken.write_text("region: [twente\n", encoding="utf-8")
    result = chiptalent("compare", str(broken), str(tmp_path / "weg.yaml"), "--json",
                        data_dir=data_dir)
    assert result.returncode == 2
    doc = json.loads(result.stdout)
    assert doc["plans"] == [] and len(doc["unreadable"]) == 2
    assert "kapot.yaml" in result.stderr and "weg.yaml: no such file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--budget", "-5"], ["--draws", "0"], ["--format", "pdf"]])
def test_bad_options_exit_2(args, data_dir):
    result = chiptalent("compare", SOUND[3], *args, data_dir=data_dir)
    assert result.returncode == 2 and "Traceback" not in result.stderr


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_text_markdown_and_html_reports(data_dir):
    common = ("compare", SOUND[0], SOUND[3], "--draws", "200", "--budget", "100000000")
    text = chiptalent(*common, data_dir=data_dir)
    assert text.returncode == 0, text.stderr
    assert "Landelijk beeld" in text.stdout and "Reserveringen juli 2024" in text.stdout
    assert "33.000" in text.stdout and "€ 100.000.000" in text.stdout
    md = chiptalent(*common, "--format", "markdown", data_dir=data_dir)
    assert md.stdout.startswith("# Landelijk beeld")
    assert "| Brainport Eindhoven |" in md.stdout
    html = chiptalent(*common, "--format", "html", data_dir=data_dir)
    parser = _Tags()
    parser.feed(html.stdout)
    assert "script" not in parser.tags and parser.tags.count("table") >= 4
    assert "default-src 'none'" in html.stdout


def test_plan_text_cannot_become_markup_in_the_reports():
    import yaml

    from chiptalent.kb import load
    from chiptalent.rules.compare.engine import compare
    from chiptalent.rules.compare.inputs import Source
    from chiptalent.rules.compare.report import render

    evil = '<script>alert(1)</script> | *b* [l](javascript:x)'
    doc = yaml.safe_load(Path(SOUND[3]).read_text(encoding="utf-8"))
    doc["title"] = evil
    result = compare([Source(name=evil, document=doc)], load(), draws=100)
    html = render(result, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = render(result, "markdown")
    assert "<script>" not in md and "[l](javascript" not in md     # escaped: \\[l\\]
    row = next(line for line in md.splitlines() if "alert" in line)
    assert row.count(" | ") == 10                     # the plans table keeps its 11 cells


def test_the_report_in_english_on_request(data_dir):
    result = chiptalent("compare", SOUND[2], "--draws", "100", "--lang", "en",
                        data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("National view") and "Reservations July 2024" in result.stdout
    assert "Landelijk" not in result.stdout
