"""The parameters table in kb/README.md matches the YAML, and every parameter carries its
provenance (exactly one of source and assumption) and an ordered range."""

from __future__ import annotations

import yaml

from chiptalent.kb import parameters_table as table


def test_readme_table_equals_what_the_script_prints_for_the_current_yaml():
    assert table.readme_block(table.README) == table.render_block(table.load_entries()), (
        "kb/README.md's parameters table is stale: run "
        "python -m chiptalent.kb.parameters_table --write kb/README.md")


def test_every_parameter_has_exactly_one_of_source_and_assumption_and_an_ordered_range():
    entries = table.load_entries()
    assert len(entries) >= 89
    for e in entries:
        assert ("source" in e) != ("assumption" in e), e["id"]
        assert e["low"] <= e["central"] <= e["high"], e["id"]
        if "assumption" in e:
            assert e.get("set_by") in ("kb-editors", "region", "reviewer"), e["id"]
        else:
            for key in ("title", "publisher", "year", "quote"):
                assert e["source"].get(key), (e["id"], key)


def test_the_table_has_one_row_per_parameter_with_its_values_and_provenance():
    entries = table.load_entries()
    rendered = table.render_table(entries)
    rows = [line for line in rendered.splitlines() if line.startswith("| `")]
    assert len(rows) == len(entries)
    row = next(r for r in rows if r.startswith("| `completion.hbo` |"))
    assert "| share | 0.48 | 0.576 | 0.65 |" in row
    assert "Source: [Studiesucces van studenten met een tussenjaar in het hbo" in row


def test_cells_escape_pipes_and_line_breaks_and_whole_numbers_drop_the_decimal():
    entries = [{"id": "x.y", "label": "a | b", "unit": "euro", "low": 1000.0,
                "central": 2000, "high": 3000.5,
                "assumption": "first line\nsecond | line", "set_by": "reviewer"}]
    row = table.render_table(entries).splitlines()[-1]
    assert row == ("| `x.y` | a \\| b | euro | 1000 | 2000 | 3000.5 | "
                   "Assumption (reviewer): first line second \\| line |")


def _write(tmp_path, entries):
    directory = tmp_path / "parameters"
    directory.mkdir()
    (directory / "a.yaml").write_text(yaml.safe_dump(entries), encoding="utf-8")
    return directory


ENTRY = {"id": "completion.mbo", "label": "L", "label_en": "L", "unit": "share",
         "low": 0.5, "central": 0.6, "high": 0.7, "assumption": "why", "set_by": "kb-editors"}


def test_check_fails_on_a_stale_readme_and_write_repairs_it(tmp_path, capsys):
    directory = _write(tmp_path, [ENTRY])
    readme = tmp_path / "README.md"
    readme.write_text(f"# kb\n\nintro\n\n{table.START}\nold\n{table.END}\n\ntail\n",
                      encoding="utf-8")
    assert table.main(["--dir", str(directory), "--check", str(readme)]) == 1
    assert "--write" in capsys.readouterr().err
    assert table.main(["--dir", str(directory), "--write", str(readme)]) == 0
    assert table.main(["--dir", str(directory), "--check", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# kb\n\nintro\n\n") and text.endswith("\n\ntail\n")
    assert "1 parameters: 0 rest on a source, 1 on a stated assumption." in text


def test_unreadable_input_exits_2_naming_the_file(tmp_path, capsys):
    directory = tmp_path / "parameters"
    directory.mkdir()
    (directory / "broken.yaml").write_text("- id: x\n  label: [unclosed\n", encoding="utf-8")
    assert table.main(["--dir", str(directory)]) == 2
    assert "broken.yaml" in capsys.readouterr().err

    (directory / "broken.yaml").write_text("- id: x\n  label: L\n", encoding="utf-8")
    assert table.main(["--dir", str(directory)]) == 2
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "lacks unit, low, central, high" in err


def test_a_readme_without_markers_is_reported(tmp_path, capsys):
    directory = _write(tmp_path, [ENTRY])
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n", encoding="utf-8")
    assert table.main(["--dir", str(directory), "--check", str(readme)]) == 2
    assert "markers" in capsys.readouterr().err
