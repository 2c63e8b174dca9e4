"""`chiptalent index` and `chiptalent search` through the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from chiptalent.cli import main


def test_index_builds_then_reports_current(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["--data-dir", str(tmp_path), "index"])
    assert first.exit_code == 0, first.output
    assert "index ready" in first.output
    second = runner.invoke(main, ["--data-dir", str(tmp_path), "index"])
    assert "index is current" in second.output
    rebuilt = runner.invoke(main, ["--data-dir", str(tmp_path), "index", "--rebuild"])
    assert rebuilt.exit_code == 0 and "index ready" in rebuilt.output


def test_search_json_document(tmp_path):
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "search", "meiden",
                                       "--json", "--limit", "5", "--target-group", "girls-women"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) >= {"query", "expanded", "suggestion", "total", "facets", "hits"}
    assert 0 < len(doc["hits"]) <= 5
    assert all("girls-women" in hit["target_groups"] for hit in doc["hits"])


def test_search_rejects_unknown_filter_value(tmp_path):
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "search", "x",
                                       "--level", "kleuterschool"])
    assert result.exit_code == 2
    assert "--level" in result.output and "kleuterschool" in result.output
