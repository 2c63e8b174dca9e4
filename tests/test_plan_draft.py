"""`plan draft` (issue 18): a draft for each of the four regions with its July 2024
reservation as budget reads as a plan, stays within the budget, explains every euro by
p × q, claims no more than the forecast's P50 and raises none of the checker's codes the
draft must never contradict; its only errors are its placeholders, and with those
filled in the checker calls it coherent."""

from __future__ import annotations

import math
import re

import pytest

from chiptalent.rules.check_forecast import PLACEHOLDER
from chiptalent.rules.checker import check_plan
from chiptalent.rules.draft import draft_plan
from chiptalent.rules.draft.portfolio import reservation
from chiptalent.rules.forecast.engine import forecast
from chiptalent.rules.plan import read_plan

REGIONS = ("brainport", "twente", "delft", "groningen")
# The codes a draft must never raise (issue 18, point 3).
NEVER = {"budget.pxq-missing", "budget.requested-unexplained",
         "contribution.above-projection", "contribution.timing",
         "coherence.dependency-unmet", "scope.business-responsibility", "topup.non-eer",
         "llo.katalysator-conditions"}
WHOLE_PLACEHOLDER = re.compile(r"<\s*in te vullen\b[^>]*>")

# Plausible values a region would write, by the field that holds the placeholder.
FILLED = {
    "consortium": "Universiteit Twente",
    "party": "Provincie Overijssel",
    "note": "Toegezegd bij brief van 1 maart 2025; aanvullend op bestaande afspraken.",
    "conditions": "De regio bouwt 400 extra studentenkamers; bedrijven leveren begeleiders.",
}
DEFAULT_FILL = ("De partners hebben dit samen uitgewerkt en leggen het vast in het "
                "convenant van de regio.")


def fill(value, where: str = ""):
    """The draft with each placeholder replaced by a plausible value for its field."""
    if isinstance(value, dict):
        return {k: fill(v, f"{where}.{k}" if where else k) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, where) for v in value]
    if isinstance(value, str) and PLACEHOLDER.search(value):
        key = next((k for k in FILLED if k in where), None)
        return WHOLE_PLACEHOLDER.sub(FILLED[key] if key else DEFAULT_FILL, value)
    return value


@pytest.fixture(scope="module")
def drafts(kb):
    return {region: draft_plan(region=region, kb=kb) for region in REGIONS}


@pytest.fixture(scope="module")
def checked(drafts, kb):
    return {region: check_plan(d["plan"], kb=kb) for region, d in drafts.items()}


@pytest.mark.parametrize("region", REGIONS)
def test_the_reservation_is_the_default_budget(drafts, kb, region):
    about = drafts[region]["about"]
    fact = reservation(kb, region)
    assert fact is not None
    assert about["budget"] == fact.value
    assert about["budget_source"]["fact"] == fact.id
    assert about["arrangement"]["kind"] == "budget-optimal"


@pytest.mark.parametrize("region", REGIONS)
def test_the_draft_parses_and_stays_within_the_budget(drafts, region):
    plan = read_plan(drafts[region]["plan"])
    requested = sum(s.funding_requested for s in plan.solutions)
    assert 0 < requested <= drafts[region]["about"]["budget"]
    assert requested == drafts[region]["about"]["requested"]
    assert plan.region == region
    # cofinancing at least one third of the whole, from business and regional government
    counted = sum(c.amount for c in plan.budget.cofinancing if c.additional)
    assert 3 * counted >= requested + counted
    assert {c.type for c in plan.budget.cofinancing} == {"business", "regional-government"}


@pytest.mark.parametrize("region", REGIONS)
def test_every_euro_is_explained_by_p_times_q(drafts, region):
    for s in read_plan(drafts[region]["plan"]).solutions:
        explained = (sum(s.top_up_per_student.get(lv, 0) * n for lv, n in s.students.items())
                     + sum(s.cost_per_participant.get(lv, 0) * n
                           for lv, n in s.participants.items()) + s.fixed_cost)
        assert s.funding_requested == explained, s.name
        assert not s.business_responsibility or s.funding_requested == 0


@pytest.mark.parametrize("region", REGIONS)
def test_contributions_are_the_forecasts_p50_rounded_down(drafts, kb, region):
    plan = read_plan(drafts[region]["plan"])
    document = forecast(plan, kb, draws=2_000, seed=1, horizon=2030)
    for s, doc in zip(plan.solutions, document["solutions"]):
        by_level = doc["extra_workers"]["by_level_2030"]
        expected = {lv: math.floor(q["p50"]) for lv, q in by_level.items()
                    if math.floor(q["p50"]) > 0}
        assert s.contribution == expected, s.name
    assert any(s.contribution for s in plan.solutions)


@pytest.mark.parametrize("region", REGIONS)
def test_the_draft_raises_none_of_the_codes_it_must_not(checked, region):
    codes = {f["code"] for f in checked[region]["findings"]}
    assert not codes & NEVER, codes & NEVER
    errors = {f["code"] for f in checked[region]["findings"] if f["severity"] == "error"}
    assert errors == {"plan.placeholder"}
    assert checked[region]["coherent"] is False


@pytest.mark.parametrize("region", REGIONS)
def test_filled_in_the_checker_calls_it_coherent(drafts, kb, region):
    filled = fill(drafts[region]["plan"])
    assert not PLACEHOLDER.search(repr(filled))
    result = check_plan(filled, kb=kb)
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert result["coherent"], errors
    assert not {f["code"] for f in result["findings"]} & NEVER


def test_the_placeholders_are_what_only_the_region_knows(drafts):
    plan = drafts["twente"]["plan"]
    assert all(PLACEHOLDER.search(p["name"]) for p in plan["consortium"])
    assert all(PLACEHOLDER.search(c["party"]) for c in plan["budget"]["cofinancing"])
    assert PLACEHOLDER.search(plan["bottlenecks"])
    assert plan["conditions"] and all(PLACEHOLDER.search(t)
                                      for t in plan["conditions"].values())
    assert "housing" in plan["conditions"]
    # what the knowledge base knows is filled in
    for s in plan["solutions"]:
        assert s["kpis"] and not any(PLACEHOLDER.search(k) for k in s["kpis"])
        assert not PLACEHOLDER.search(s["title"])


def test_programmes_include_the_llo_katalysator_for_llo(drafts):
    plan = drafts["twente"]["plan"]
    llo = {"adult-learners", "jobseekers", "benefit-recipients"}
    if any(llo & set(s["target_groups"]) for s in plan["solutions"]):
        assert "llo-katalysator" in plan["existing_programmes"]


@pytest.mark.parametrize("region, arrangement", [
    ("twente", "ARRANGEMENT-A"), ("twente", "arrangement-b"), ("groningen", "arrangement-a"),
    ("brainport", "arrangement-c")])
def test_a_fitting_arrangement_is_sized_within_the_budget(kb, region, arrangement):
    result = draft_plan(region=region, kb=kb, budget=20_000_000, arrangement=arrangement)
    assert result["about"]["arrangement"]["id"] == arrangement.lower()
    assert result["about"]["arrangement"]["kind"] == "fit"
    assert 0 < result["about"]["requested"] <= 20_000_000
    findings = check_plan(result["plan"], kb=kb)["findings"]
    assert not {f["code"] for f in findings} & NEVER
    assert {f["code"] for f in findings if f["severity"] == "error"} == {"plan.placeholder"}
    # what brings nobody to work by 2030 is left out, and the draft says which
    ids = {i for s in result["plan"]["solutions"] for i in s["interventions"]}
    assert not ids & set(result["about"]["left_out"])


def test_the_header_names_what_was_left_out(kb):
    from chiptalent.rules.draft.output import draft_yaml

    result = draft_plan(region="twente", kb=kb, arrangement="arrangement-a")
    assert result["about"]["left_out"]                  # orientation for pupils: after 2030
    header = draft_yaml(result).split("\nregion:", 1)[0]
    assert all(iid in header for iid in result["about"]["left_out"])


def test_cofinancing_limits_the_rijk(kb):
    result = draft_plan(region="delft", kb=kb, budget=43_000_000, cofinancing=5_000_000)
    assert result["about"]["requested"] <= 10_000_000
    assert result["about"]["cofinancing"] == 5_000_000


def test_an_unknown_arrangement_names_the_option(kb):
    from chiptalent.errors import InputError

    with pytest.raises(InputError) as caught:
        draft_plan(region="twente", kb=kb, arrangement="arrangement-z")
    assert caught.value.field == "--arrangement"
    assert "budget-optimal" in caught.value.message


def test_a_negative_budget_names_the_option(kb):
    from chiptalent.errors import InputError

    with pytest.raises(InputError) as caught:
        draft_plan(region="twente", kb=kb, budget=-1)
    assert caught.value.field == "--budget"


@pytest.mark.parametrize("region, arrangement", [("groningen", "arrangement-b"),
                                                 ("delft", "arrangement-b")])
def test_a_fitting_arrangement_shares_the_regions_reach(kb, region, arrangement):
    from chiptalent.rules.optimise.engine import demand_share
    from chiptalent.rules.optimise.tranches import Prices, region_reach
    from chiptalent.rules.recommender import fitting

    result = draft_plan(region=region, kb=kb, arrangement=arrangement)
    prices = Prices(kb, demand_share(kb, fitting(region=region, kb=kb).parsed))
    used: dict = {}
    for s in result["plan"]["solutions"]:
        for level, n in (s.get("participants") or s.get("students") or {}).items():
            key = (s["mechanism"], level)
            used[key] = used.get(key, 0) + n
    for (mechanism, level), n in used.items():
        assert n <= region_reach(prices, [mechanism])[mechanism][level], (mechanism, level)
    assert result["about"]["no_reach"]          # these arrangements ask more than that
    findings = check_plan(result["plan"], kb=kb)["findings"]
    assert not {f["code"] for f in findings} & NEVER
