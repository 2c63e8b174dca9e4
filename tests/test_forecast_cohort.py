"""The cohort model against hand computation (fixed parameters, tests/helpers/forecast.py)."""

from __future__ import annotations

import pytest

from chiptalent.errors import InputError
from chiptalent.rules.forecast.engine import forecast
from chiptalent.rules.plan import read_plan
from tests.helpers.forecast import intervention, knowledge_base


def run(solution: dict, kb=None, **options) -> dict:
    plan = read_plan({"region": "twente", "solutions": [{"id": "s1", **solution}]})
    return forecast(plan, kb or knowledge_base(), draws=options.pop("draws", 50), **options)


def by_year(doc: dict, index: int = 0) -> dict[int, float]:
    """P50 per year; with fixed parameters P10 = P50 = P90, which this also checks."""
    out = {}
    for year, q in doc["solutions"][index]["extra_workers"]["by_year"].items():
        assert q["p10"] == q["p50"] == q["p90"], (year, q)
        out[int(year)] = q["p50"]
    return out


def test_hand_computed_hbo_cohort_equals_the_engine():
    # 600 hbo students from 2025: 100 a year 2025..2030. Per intake year
    # 100 × (1 − 0.1) × 0.5 × (1 − 0) × 0.25 = 11.25 workers, graduating at
    # y + 8/12 + 4, so counted from y + 4.
    doc = run({"students": {"hbo": 600}, "levels": ["hbo"]})
    per_intake = 100 * (1 - 0.1) * 0.5 * (1 - 0) * 0.25
    expected = {year: round(per_intake * max(0, min(6, year - 2028)), 1)
                for year in range(2025, 2036)}
    assert by_year(doc) == expected
    assert doc["solutions"][0]["extra_workers"]["by_2030"]["p50"] == round(2 * per_intake, 1)
    assert doc["solutions"][0]["extra_workers"]["by_level_2030"]["hbo"]["p50"] == 22.5


def test_fractional_duration_counts_in_the_calendar_year_it_ends():
    # duration 3.4: September 2025 + 3.4 years = January 2029 → counted in 2029;
    # duration 3.3 ends in November 2028 → counted in 2028.
    for duration, first in ((3.4, 2029), (3.3, 2028)):
        doc = run({"students": {"mbo": 100}, "intake_by_year": {2025: {"mbo": 100}}},
                  knowledge_base({"duration.mbo": duration}))
        years = by_year(doc)
        assert years[first - 1] == 0 and years[first] == round(100 * 0.9 * 0.6 * 0.5, 1)


def test_nobody_works_before_the_duration_has_passed():
    doc = run({"students": {"wo": 300}, "intake_by_year": {2028: {"wo": 300}}})
    years = by_year(doc)
    # wo 2028 + 8/12 + 5 = 2033.67: nobody before 2033.
    assert all(years[y] == 0 for y in range(2025, 2033))
    assert years[2033] == round(300 * 0.9 * 0.5 * 0.2, 1)
    assert doc["solutions"][0]["extra_workers"]["by_2030"] == {"p10": 0, "p50": 0, "p90": 0}


def test_zero_in_zero_out():
    doc = run({"students": {"mbo": 0}, "participants": {"hbo": 0},
               "mechanism": "retraining"})
    assert set(by_year(doc).values()) == {0}
    assert doc["total"]["extra_workers"]["by_horizon"] == {"p10": 0, "p50": 0, "p90": 0}
    assert doc["solutions"][0]["rijk_per_extra_worker_2030"]["p50"] is None


def test_doubling_the_intake_doubles_the_result():
    kb = knowledge_base({"completion.hbo": (0.4, 0.5, 0.7), "duration.hbo": (3.5, 4, 5),
                         "progression.hbo.wo": (0.1, 0.2, 0.3)})
    one = run({"students": {"hbo": 1000, "mbo": 300}}, kb, draws=400)
    two = run({"students": {"hbo": 2000, "mbo": 600}}, kb, draws=400)
    for year, q in one["total"]["extra_workers"]["by_year"].items():
        for name, value in q.items():
            doubled = two["total"]["extra_workers"]["by_year"][year][name]
            assert doubled == pytest.approx(2 * value, abs=0.11), (year, name)


def test_progression_moves_graduates_to_the_next_level_a_year_later():
    # mbo 100 in 2025: 90 × 0.6 = 54 graduates in 2028 (2025.67 + 3); 40% go on:
    # 21.6 hbo entrants in September 2029, graduating 2033.67 → counted in 2033.
    kb = knowledge_base({"progression.mbo.hbo": 0.4})
    doc = run({"students": {"mbo": 100}, "intake_by_year": {2025: {"mbo": 100}}}, kb)
    levels = doc["solutions"][0]["extra_workers"]
    years = by_year(doc)
    mbo_workers = 54 * 0.6 * 0.5
    hbo_workers = 54 * 0.4 * 0.5 * 0.25
    assert years[2028] == round(mbo_workers, 1)
    assert years[2032] == round(mbo_workers, 1)
    assert years[2033] == round(mbo_workers + hbo_workers, 1)
    assert levels["by_level_2030"]["hbo"]["p50"] == 0


def test_hbo_graduates_enter_a_wo_master():
    kb = knowledge_base({"progression.hbo.wo": 0.5})
    doc = run({"students": {"hbo": 100}, "intake_by_year": {2025: {"hbo": 100}}}, kb)
    years = by_year(doc)
    # 45 graduates 2029; 22.5 start a master September 2030, 2 years → 2032.
    hbo_workers = 45 * 0.5 * 0.25
    assert years[2031] == round(hbo_workers, 1)
    assert years[2032] == round(hbo_workers + 22.5 * 0.8 * 0.2, 1)


def test_international_and_non_eer_entrants_count_at_their_stay_rate():
    doc = run({"students": {"mbo": 100}, "international_entrants": {"mbo": 20},
               "non_eer_students": {"mbo": 40}, "non_eer_entrants": {"mbo": 60},
               "intake_by_year": {2025: {"mbo": 100}}, "start_year": 2030})
    graduates = 0.9 * 0.6 * 0.5
    # 40 domestic × 1, 20 EER × 0.5, 40 non-EER × 0.25 (2025), then 60 non-EER entrants
    # all in the start year 2030 (graduating 2033).
    assert by_year(doc)[2028] == round((40 + 20 * 0.5 + 40 * 0.25) * graduates, 1)
    assert by_year(doc)[2033] == round((40 + 10 + 10 + 60 * 0.25) * graduates, 1)


def test_bbl_route_and_master_entry_use_their_own_parameters():
    bbl = intervention("3-bbl-x", "places", routes=["bbl"])
    doc = run({"students": {"mbo": 100, "wo": 100}, "interventions": ["3-bbl-x"],
               "entry": "master", "intake_by_year": {2025: {"mbo": 100, "wo": 100}}},
              knowledge_base(interventions=[bbl]))
    years = by_year(doc)
    assert years[2026] == 0
    assert years[2027] == round(100 * 0.9 * 0.5 * 0.5 + 100 * 0.9 * 0.8 * 0.2, 1)


def test_bbl_entrants_enter_the_sector_at_the_bbl_rate_bol_entrants_at_the_level_rate():
    # bbl'ers mostly stay at their leerbedrijf: sector_entry.mbo.bbl (0.8) instead of
    # sector_entry.mbo (0.5) for the bbl route only; 100 × 0.9 × 0.5 graduates in 2027.
    bbl = intervention("3-bbl-x", "places", routes=["bbl"])
    kb = knowledge_base({"sector_entry.mbo.bbl": 0.8}, interventions=[bbl])
    plan = {"students": {"mbo": 100}, "intake_by_year": {2025: {"mbo": 100}}}
    with_bbl = run({**plan, "interventions": ["3-bbl-x"]}, kb)
    assert by_year(with_bbl)[2027] == round(100 * 0.9 * 0.5 * 0.8, 1)
    used = {p["id"] for p in with_bbl["solutions"][0]["parameters"]}
    assert "sector_entry.mbo.bbl" in used and "sector_entry.mbo" not in used
    bol = run(plan, kb)
    assert by_year(bol)[2028] == round(100 * 0.9 * 0.6 * 0.5, 1)
    # Without a route parameter in the knowledge base the level's rate applies.
    fallback = run({**plan, "interventions": ["3-bbl-x"]},
                   knowledge_base(interventions=[bbl]))
    assert by_year(fallback)[2027] == round(100 * 0.9 * 0.5 * 0.5, 1)


@pytest.mark.parametrize("mechanism, expected", [
    # 200 participants in 2026 at hbo:
    ("retraining", {2027: 200 * 0.75 * 0.8 * 0.5}),                # after 1 year
    ("recruitment", {2027: 200 * 0.9 * 0.8 * 0.25}),               # Sept + 0.5 → 2027
    ("retention", {2026: 200 * 0.2 * 0.5}),                        # from the year reached
    # 200 × 0.05 × 0.5 = 5 entrants in September 2027, graduate 2031 → × 0.5 × 0.25
    ("intake", {2030: 0, 2031: 5 * 0.5 * 0.25}),
    # 200 × (1 − 0.5) × 0.5 × 0.8 = 40 graduates at 2026.67 + 2 → 2028, × 0.25
    ("completion", {2027: 0, 2028: 40 * 0.25}),
])
def test_participant_mechanisms_follow_their_formulas(mechanism, expected):
    doc = run({"participants": {"hbo": 200}, "start_year": 2026, "mechanism": mechanism})
    years = by_year(doc)
    for year, value in expected.items():
        assert years[year] == round(value, 1), (mechanism, year, years)
    first = min(expected)
    assert years[first - 1] == 0


def test_the_first_interventions_mechanism_and_its_own_parameters_apply():
    kb = knowledge_base({"placement.retraining.garantie": 0.9},
                        interventions=[intervention("1a-x", "intake"),
                                       intervention("1b-y", "retraining",
                                                    placement="placement.retraining.garantie")])
    doc = run({"participants": {"mbo": 100}, "participants_by_year": {2025: {"mbo": 100}},
               "interventions": ["1a-x", "1b-y"]}, kb)
    assert doc["solutions"][0]["mechanism"] == "retraining"
    assert by_year(doc)[2026] == round(100 * 0.75 * 0.8 * 0.9, 1)
    ids = [p["id"] for p in doc["solutions"][0]["parameters"]]
    assert "placement.retraining.garantie" in ids and "placement.retraining" not in ids


def test_completion_and_retention_interventions_act_on_the_solutions_own_cohorts():
    kb = knowledge_base(interventions=[intervention("3-c", "completion"),
                                       intervention("4-r", "retention")])
    doc = run({"students": {"mbo": 100}, "international_entrants": {"mbo": 100},
               "intake_by_year": {2025: {"mbo": 100}}, "interventions": ["3-c", "4-r"]}, kb)
    completion = 0.6 + 0.4 * 0.5 * (1 - 0.2)
    stay = 0.5 + 0.2 * (1 - 0.5)
    assert by_year(doc)[2028] == round(100 * 0.9 * completion * 0.5 * stay, 1)


def test_overrides_replace_the_range_and_are_marked():
    doc = run({"students": {"hbo": 100}, "intake_by_year": {2025: {"hbo": 100}},
               "assumptions": {"sector_entry.hbo": 0.5}})
    assert by_year(doc)[2029] == round(100 * 0.9 * 0.5 * 0.5, 1)
    marks = {p["id"]: p["overridden"] for p in doc["solutions"][0]["parameters"]}
    assert marks["sector_entry.hbo"] is True and marks["completion.hbo"] is False


def test_sensitivity_moves_the_total_by_each_parameters_range():
    kb = knowledge_base({"sector_entry.hbo": (0.1, 0.25, 0.5)})
    doc = run({"students": {"hbo": 100}, "intake_by_year": {2025: {"hbo": 100}}}, kb,
              horizon=2030)
    top = doc["sensitivity"][0]
    assert top["parameter"] == "sector_entry.hbo"
    assert (top["low"], top["high"]) == (round(45 * 0.1, 1), round(45 * 0.5, 1))


def test_structural_cost_is_the_2030_intake_continuing():
    doc = run({"students": {"hbo": 600}})
    structural = doc["structural_from_2031"]
    # 100 a year × 0.9 (deadweight) enrolled for 4 years; funding + finance 8000 a year,
    # degree funding 3000 for the 0.5 who graduate.
    assert structural["students_enrolled"] == {"hbo": 360.0}
    assert structural["eur_per_year"]["p50"] == round(360 * 8000 + 90 * 0.5 * 3000)


def test_participants_without_a_mechanism_name_the_field():
    with pytest.raises(InputError) as info:
        run({"participants": {"mbo": 10}})
    assert info.value.field == "solutions[0].participants"


def test_more_internationals_than_students_names_the_field():
    with pytest.raises(InputError) as info:
        run({"students": {"mbo": 10}, "international_entrants": {"mbo": 11}})
    assert info.value.field == "solutions[0].international_entrants.mbo"


def test_a_regional_variant_of_sector_entry_is_used_for_that_regions_plan():
    kb = knowledge_base({"sector_entry.hbo.twente": 0.5})
    solution = {"students": {"hbo": 100}, "intake_by_year": {2025: {"hbo": 100}}}
    twente = run(solution, kb)                                   # run() plans for twente
    plan = read_plan({"region": "delft", "solutions": [{"id": "s1", **solution}]})
    delft = forecast(plan, kb, draws=20)
    assert by_year(twente)[2029] == round(45 * 0.5, 1)
    assert by_year(delft)[2029] == round(45 * 0.25, 1)
    used = {p["id"] for p in twente["solutions"][0]["parameters"]}
    assert "sector_entry.hbo.twente" in used and "sector_entry.hbo" not in used
