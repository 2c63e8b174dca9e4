"""Reading a plan: unreadable input is an InputError naming the field (exit 2), quickly
and harmlessly; everything else is read as far as it goes and left to the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiptalent.errors import InputError
from chiptalent.rules.checker import check_plan, check_plan_file
from chiptalent.rules.plan import read_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"


def _plan(**solution) -> dict:
    return {"region": "twente", "solutions": [{"id": "s1", **solution}]}


def _error(document) -> InputError:
    with pytest.raises(InputError) as info:
        read_plan(document)
    return info.value


# --- wrong types name the field ----------------------------------------------------------

def test_text_where_an_amount_belongs_names_the_field():
    doc = {"solutions": [{}, {}, {"funding_requested": "veel"}]}
    error = _error(doc)
    assert error.field == "solutions[2].funding_requested"
    assert "an amount in euros (a whole number >= 0)" in error.message
    assert "'veel'" in error.message


@pytest.mark.parametrize("value", [-1, -2000000])
def test_a_negative_amount_is_refused(value):
    error = _error(_plan(funding_requested=value))
    assert error.field == "solutions[0].funding_requested"
    assert "negative" in error.message


def test_a_negative_count_is_refused():
    error = _error(_plan(students={"mbo": -5}))
    assert error.field == "solutions[0].students.mbo"
    assert "a number of students" in error.message


def test_a_negative_cofinancing_amount_is_refused():
    doc = {"budget": {"cofinancing": [{"party": "A", "type": "business", "amount": -3}]}}
    assert _error(doc).field == "budget.cofinancing[0].amount"


@pytest.mark.parametrize("value", [1.5, True, "1000", [1], {"a": 1}, float("nan"),
                                   float("inf")])
def test_not_a_whole_number_is_refused(value):
    assert _error(_plan(funding_requested=value)).field == "solutions[0].funding_requested"


def test_a_commitment_without_amount_is_refused():
    doc = {"budget": {"cofinancing": [{"party": "A", "type": "business"}]}}
    assert _error(doc).field == "budget.cofinancing[0].amount"


def test_an_integral_float_from_json_is_an_amount():
    plan = read_plan(_plan(funding_requested=6e6))
    assert plan.solutions[0].funding_requested == 6000000
    assert isinstance(plan.solutions[0].funding_requested, int)


def test_an_absurd_amount_is_refused():
    assert "cannot be meant" in _error(_plan(funding_requested=10**16)).message


@pytest.mark.parametrize("document, field", [
    ({"solutions": {"id": "s1"}}, "solutions"),
    ({"solutions": ["s1"]}, "solutions[0]"),
    ({"consortium": [{"name": "A", "microchip": "ja"}]}, "consortium[0].microchip"),
    ({"solutions": [{"interventions": [1, 2]}]}, "solutions[0].interventions[0]"),
    ({"solutions": [{"contribution": 400}]}, "solutions[0].contribution"),
    ({"solutions": [{"contribution": {1: 400}}]}, "solutions[0].contribution"),
    ({"budget": {"cost_per_student": {"mbo": 9000}}}, "budget.cost_per_student.mbo"),
    ({"budget": {"cost_per_student": {"mbo": {"regular": "duur"}}}},
     "budget.cost_per_student.mbo.regular"),
    ({"budget": {"cofinancing": [{"amount": 5, "additional": "yes"}]}},
     "budget.cofinancing[0].additional"),
    ({"conditions": {"housing": ["a", "b"]}}, "conditions.housing"),
    ({"conditions": "alles geregeld"}, "conditions"),
    ({"title": {"nl": "x"}}, "title"),
    ({"existing_programmes": [{"id": "x"}]}, "existing_programmes[0]"),
])
def test_wrong_types_name_their_field(document, field):
    assert _error(document).field == field


@pytest.mark.parametrize("document", [[], ["region", "twente"], "a plan", 42, None])
def test_a_document_that_is_not_a_mapping_is_refused(document):
    error = _error(document)
    assert error.field == "(document)"
    assert "a plan is one mapping" in error.message


def test_check_plan_raises_the_same_error():
    with pytest.raises(InputError) as info:
        check_plan({"solutions": [{"funding_requested": "veel"}]})
    assert info.value.field == "solutions[0].funding_requested"


# --- what is not a type error is read, for the rules to judge ------------------------------

def test_everything_else_is_read_as_far_as_it_goes():
    plan = read_plan({"region": "limburg", "title": 2030, "bottleneck": "typo",
                      "solutions": [{"interventions": "1b-studiekosten-omscholing",
                                     "levels": ["mbo", "bbl"], "kpis": ["", "  ", "k"]}],
                      "conditions": {"housing": "   ", "teaching-staff": None}})
    assert plan.region == "limburg" and plan.title == "2030"
    assert plan.solutions[0].interventions == ["1b-studiekosten-omscholing"]
    assert plan.solutions[0].kpis == ["k"]                    # blank KPIs do not count
    assert plan.conditions == {"housing": None, "teaching-staff": None}
    assert "conditions" not in plan.present                 # only empty entries
    assert "bottlenecks" not in plan.present
    assert plan.unknown_fields == [{"where": "bottleneck", "field": "bottleneck",
                                    "suggestion": "bottlenecks"}]


def test_additional_absent_is_kept_apart_from_false():
    plan = read_plan({"budget": {"cofinancing": [
        {"type": "business", "amount": 1}, {"type": "business", "amount": 1,
                                            "additional": False}]}})
    assert [c.additional for c in plan.budget.cofinancing] == [None, False]


# --- hostile files: InputError, and nothing executed or expanded ---------------------------

def _refusal(path: Path) -> InputError:
    # (No clock here: an expanded "billion laughs" would exhaust memory, not only time,
    # and speed belongs in bench/.)
    with pytest.raises(InputError) as info:
        check_plan_file(path)
    return info.value


def test_a_python_tag_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "plan.yaml"
    path.write_text(f"region: !!python/object/apply:os.system ['touch {marker}']\n")
    error = _refusal(path)
    assert "tag" in error.message
    assert not marker.exists()


def test_a_python_object_tag_is_refused(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("title: !!python/object:collections.OrderedDict {}\n")
    assert "only plain YAML" in _refusal(path).message


def test_an_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},"
                     f"*{prev},*{prev},*{prev}]")
    lines.append("solutions: *i")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert "aliases" in _refusal(path).message


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as out:
        out.write(b"title: ")
        out.seek(50 * 1024 * 1024)
        out.write(b"x\n")
    assert "too large" in _refusal(path).message


@pytest.mark.parametrize("name, text", [
    ("list.yaml", "- region: twente\n"),
    ("scalar.yaml", "just some text\n"),
    ("empty.yaml", ""),
    ("broken.json", '{"region": "twente", '),
    ("broken.yaml", "region: [twente\n"),
    ("digits.json", '{"solutions": [{"funding_requested": ' + "9" * 5000 + "}]}"),
    ("deep.json", '{"a": ' + "[" * 50000 + "]" * 50000 + "}"),
    ("deep.yaml", "a: " + "[" * 50000 + "]" * 50000 + "\n"),
])
def test_unreadable_files_are_input_errors(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    _refusal(path)


def test_bytes_that_are_not_utf8_are_refused(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"title: \xff\xfe\x00bad\n")
    assert "UTF-8" in _refusal(path).message


def test_a_text_amount_in_a_file_names_the_field(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text((EXAMPLES / "twente.yaml").read_text().replace(
        "funding_requested: 14160000", "funding_requested: veel"))
    error = _refusal(path)
    assert error.field == "solutions[1].funding_requested"
    assert "'veel'" in error.message
