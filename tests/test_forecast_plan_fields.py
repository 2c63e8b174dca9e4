"""The plan fields spec/forecast.md adds: read and type-checked by rules/plan.py, all
optional, and used by the forecast (plan-wide assumptions included)."""

from __future__ import annotations

import pytest

from chiptalent.errors import InputError
from chiptalent.rules.forecast.engine import forecast
from chiptalent.rules.plan import Assumption, read_plan
from tests.helpers.forecast import knowledge_base

FULL = {
    "id": "s1", "students": {"hbo": 100, "wo": 40}, "mechanism": "places",
    "entry": "master", "start_year": 2026,
    "intake_by_year": {"2026": {"hbo": 60, "wo": 40}, 2027: {"hbo": 40}},
    "non_eer_entrants": {"wo": 5}, "international_entrants": {"hbo": 10},
    "participants": {"mbo": 30}, "participants_by_year": {2026: {"mbo": 10}, 2028: {"mbo": 20}},
    "cost_per_participant": {"mbo": 2500}, "fixed_cost": 100_000,
    "study_programmes": ["Elektrotechniek", "Mechatronica"],
    "assumptions": {"completion.hbo": 0.6,
                    "sector_entry.wo": {"low": 0.1, "central": 0.2, "high": 0.3}},
}


def test_every_forecast_field_is_read():
    plan = read_plan({"region": "twente", "solutions": [FULL],
                      "assumptions": {"deadweight.places": 0.2}})
    s = plan.solutions[0]
    assert (s.mechanism, s.entry, s.start_year) == ("places", "master", 2026)
    assert s.intake_by_year == {2026: {"hbo": 60, "wo": 40}, 2027: {"hbo": 40}}
    assert s.non_eer_entrants == {"wo": 5} and s.international_entrants == {"hbo": 10}
    assert s.participants == {"mbo": 30}
    assert s.participants_by_year == {2026: {"mbo": 10}, 2028: {"mbo": 20}}
    assert s.cost_per_participant == {"mbo": 2500} and s.fixed_cost == 100_000
    assert s.study_programmes == ["Elektrotechniek", "Mechatronica"]
    assert s.assumptions == {"completion.hbo": Assumption(0.6, 0.6, 0.6),
                             "sector_entry.wo": Assumption(0.1, 0.2, 0.3)}
    assert plan.assumptions == {"deadweight.places": Assumption(0.2, 0.2, 0.2)}
    assert not [u for u in plan.unknown_fields if u["field"] in FULL]


def test_the_fields_are_optional_with_the_specs_defaults():
    s = read_plan({"solutions": [{"id": "s1", "students": {"mbo": 10}}]}).solutions[0]
    assert (s.mechanism, s.entry, s.start_year, s.fixed_cost) == (None, None, 2025, 0)
    assert s.intake_by_year == {} and s.participants == {} and s.assumptions == {}


def test_participants_by_year_alone_gives_the_participants():
    s = read_plan({"solutions": [{"participants_by_year": {2025: {"hbo": 3},
                                                           2026: {"hbo": 4}}}]}).solutions[0]
    assert s.participants == {"hbo": 7}


@pytest.mark.parametrize("field, value", [
    ("start_year", "soon"), ("fixed_cost", -1), ("participants", {"mbo": "veel"}),
    ("assumptions", {"completion.hbo": "hoog"}), ("assumptions", {"completion.hbo": -0.1}),
    ("intake_by_year", {2025: {"mbo": 5}}),           # students say 10
])
def test_wrong_types_name_the_field(field, value):
    with pytest.raises(InputError) as info:
        read_plan({"solutions": [{"students": {"mbo": 10}, field: value}]})
    assert info.value.field.startswith(f"solutions[0].{field}")


def test_plan_wide_assumptions_apply_to_every_solution_and_a_solutions_own_win():
    kb = knowledge_base()
    doc = {"region": "twente", "assumptions": {"sector_entry.hbo": 0.5},
           "solutions": [
               {"id": "a", "students": {"hbo": 100}, "intake_by_year": {2025: {"hbo": 100}}},
               {"id": "b", "students": {"hbo": 100}, "intake_by_year": {2025: {"hbo": 100}},
                "assumptions": {"sector_entry.hbo": 1.0}}]}
    result = forecast(read_plan(doc), kb, draws=20)
    a, b = (s["extra_workers"]["by_year"]["2029"]["p50"] for s in result["solutions"])
    assert (a, b) == (round(100 * 0.9 * 0.5 * 0.5, 1), round(100 * 0.9 * 0.5 * 1.0, 1))
