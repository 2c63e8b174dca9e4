"""The plan checker: every check of spec/plan.md at its severity, as YAML rules.

Every finding code fires on its flawed example (examples/plans/flawed-*.yaml, whose
`# expect:` line lists exactly the codes it must give) and on no sound example; the
boundaries (one third, one non-EER student, an unknown id) behave as the call says.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml

from chiptalent.kb import load
from chiptalent.rules.checker import CheckRules, check_plan, check_plan_file, load_check_rules
from chiptalent.rules.engine import Rule

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "plans"
SEED = ROOT / "kb" / "seed" / "uitvraag-versterkingsplan-microchip-talent.txt"
SOUND = ("brainport", "twente", "delft", "groningen")
FLAWED = sorted(EXAMPLES.glob("flawed-*.yaml"))

# spec/plan.md, "Findings": code -> the severities it may have.
SPEC_CODES = {
    "consortium.missing-party": {"error"},
    "region.unknown": {"error"},
    "cofinancing.below-third": {"error"},
    "cofinancing.split-missing": {"error"},
    "cofinancing.not-additional": {"error"},
    "topup.non-eer": {"error"},
    "scope.business-responsibility": {"error"},
    "solution.contribution-missing": {"error"},
    "solution.kpi-missing": {"warning"},
    "budget.pxq-missing": {"error"},
    "budget.inconsistent": {"warning"},
    "housing.not-addressed": {"error"},
    "teaching-staff.not-addressed": {"warning"},
    "llo.katalysator-conditions": {"error"},
    "coherence.dependency-unmet": {"error", "warning"},
    "intervention.unknown": {"info"},
    "solution.new-unsupported": {"warning"},
    "coverage.level-missing": {"warning"},
    "business-measures.missing": {"warning"},
    "programmes.not-linked": {"warning"},
    "structural.missing": {"error"},
    "section.missing": {"error", "warning"},
    "demand.mismatch": {"info", "warning"},
}
# Codes this checker adds (plan.md: "Add codes for new checks; keep these").
ADDED_CODES = {
    "region.overig": {"warning"},
    "cofinancing.not-counted": {"info"},
    "solution.non-eer-exceeds-students": {"warning"},
    "vocabulary.unknown": {"warning"},
    "plan.unknown-field": {"warning"},
    "study-programme.unknown": {"info"},
    # spec/forecast.md, "Checker codes added", and its enabling-only solutions
    "contribution.above-projection": {"warning"},
    "contribution.timing": {"warning"},
    "budget.exceeds-national": {"warning"},
    "budget.requested-unexplained": {"warning"},
    "budget.regular-implausible": {"warning"},
    "budget.cost-per-worker-high": {"warning"},
    "structural.beyond-80m": {"warning"},
    "plan.placeholder": {"error"},
    "solution.enabling-only": {"info"},
}
FINDING_KEYS = {"code", "severity", "message", "message_en", "where", "seed", "seed_section",
                "section", "rule"}


@pytest.fixture(scope="module")
def kb():
    return load()


# The fine-grained checks start from a small plan with round figures (tests/plans/,
# the examples as they were before they grew to the real scale of 2024, issue 17).
SMALL_PLANS = Path(__file__).resolve().parent / "plans"


def _doc(name: str) -> dict:
    small = SMALL_PLANS / f"{name}-small.yaml"
    path = small if small.exists() else EXAMPLES / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _check(doc: dict, kb) -> dict:
    return check_plan(doc, kb=kb)


def _codes(result: dict, *severities: str) -> set[str]:
    return {f["code"] for f in result["findings"]
            if not severities or f["severity"] in severities}


def _findings(result: dict, code: str) -> list[dict]:
    return [f for f in result["findings"] if f["code"] == code]


def _solution(doc: dict, sid: str) -> dict:
    return next(s for s in doc["solutions"] if s["id"] == sid)


def _expected(path: Path) -> set[str]:
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"{path.name} has no '# expect:' line"
    return set(match.group(1).split(", "))


# --- the rules ----------------------------------------------------------------------------

def test_rules_give_every_code_of_the_spec_at_its_severity():
    codes = load_check_rules().codes()
    assert codes == {**SPEC_CODES, **ADDED_CODES}


def test_every_rule_quotes_the_seed_verbatim():
    def norm(text):
        return re.sub(r"\s+", " ", text.replace("*", "")).strip()
    seed = norm(SEED.read_text(encoding="utf-8"))
    for rule in load_check_rules().rules:
        assert rule.seed_quote, rule.id
        assert norm(rule.seed_quote) in seed, rule.id
        assert len(norm(rule.seed_quote).split()) >= 5, rule.id
        assert rule.seed_section, rule.id


def test_every_rule_has_messages_in_both_languages_and_a_section():
    sections = {"1. De deelnemende partijen", "2. Aanpak", "3. Beleidsinterventies",
                "4. Publiek private samenwerking", "5. Knelpunten en uitvoerbaarheid",
                "6. Randvoorwaarden", "7. Begroting", "{section}"}
    for rule in load_check_rules().rules:
        assert rule.extra["message"]["nl"] and rule.extra["message"]["en"], rule.id
        assert rule.extra["section"] in sections, rule.id
        assert rule.rationale["nl"] and rule.rationale["en"], rule.id


def test_cofinancing_threshold_lives_in_the_rule():
    rule = next(r for r in load_check_rules().rules if r.id == "check.cofinancing.below-third")
    assert rule.when == {"fact": "totals.cofinancing_counted",
                         "lt": {"fact": "totals.rijk_plus_cofinancing", "times": "1/3"}}


# --- the examples -------------------------------------------------------------------------

@pytest.mark.parametrize("name", SOUND)
def test_sound_examples_are_coherent_without_errors_or_warnings(name, kb):
    result = check_plan_file(EXAMPLES / f"{name}.yaml", kb=kb)
    assert result["coherent"] is True
    assert _codes(result, "error", "warning") == set()
    # The only advice is how much of the region's demand the plan covers (Noord's
    # ~600 extra workers are more than the 162 Bijlage 2 gives the region).
    expected = "check.demand.mismatch.over" if name == "groningen" else "check.demand.mismatch.share"
    assert {f["rule"] for f in result["findings"]} == {expected}
    assert result["plan"]["region"] == name and result["plan"]["solutions"] >= 3


@pytest.mark.parametrize("path", FLAWED, ids=lambda p: p.stem)
def test_each_flawed_example_gives_exactly_its_codes(path, kb):
    expected = _expected(path)
    result = check_plan_file(path, kb=kb)
    got = {f["code"] for f in result["findings"]
           if f["severity"] != "info" or f["code"] in expected}
    assert got == expected
    errors = {f["code"] for f in result["findings"] if f["severity"] == "error"}
    assert result["coherent"] is (not errors)


@pytest.mark.parametrize("path", FLAWED, ids=lambda p: p.stem)
def test_the_rules_a_flaw_fires_fire_on_no_sound_example(path, kb):
    expected = _expected(path)
    flaw = [f for f in check_plan_file(path, kb=kb)["findings"] if f["code"] in expected]
    # The flaw is what it warns or errs about; advice-only flaws are their advice.
    fired = ({f["rule"] for f in flaw if f["severity"] != "info"}
             or {f["rule"] for f in flaw})
    assert fired
    for name in SOUND:
        sound_rules = {f["rule"] for f in check_plan_file(EXAMPLES / f"{name}.yaml",
                                                          kb=kb)["findings"]}
        assert not fired & sound_rules, (path.name, name)


def test_every_code_has_a_flawed_example():
    covered = set().union(*(_expected(p) for p in FLAWED))
    assert covered == set(SPEC_CODES) | set(ADDED_CODES)


def test_findings_are_complete_and_their_templates_filled(kb):
    for path in [*FLAWED, *(EXAMPLES / f"{n}.yaml" for n in SOUND)]:
        result = check_plan_file(path, kb=kb)
        json.dumps(result)                              # the --json document
        for finding in result["findings"]:
            assert set(finding) == FINDING_KEYS, path.name
            for key in ("message", "message_en", "where"):
                assert finding[key] and not re.search(r"\{[\w.\-]+\}", finding[key]), \
                    (path.name, finding)


# --- cofinancing: exactly one third passes, one euro less fails ---------------------------

def _with_cofinancing(doc: dict, business: int, regional: int) -> dict:
    doc = copy.deepcopy(doc)
    doc["budget"]["cofinancing"] = [
        {"party": "Bedrijven", "type": "business", "amount": business, "additional": True},
        {"party": "Provincie", "type": "regional-government", "amount": regional,
         "additional": True}]
    return doc


def test_cofinancing_of_exactly_one_third_passes(kb):
    # Twente asks 8,000,000 from the Rijk: 4,000,000 is exactly 1/3 of 12,000,000.
    result = _check(_with_cofinancing(_doc("twente"), 2_000_000, 2_000_000), kb)
    assert "cofinancing.below-third" not in _codes(result)
    assert result["totals"]["cofinancing_share_exact"] == "1/3"
    assert result["coherent"] is True


def test_cofinancing_one_euro_below_one_third_fails(kb):
    result = _check(_with_cofinancing(_doc("twente"), 2_000_000, 1_999_999), kb)
    [finding] = _findings(result, "cofinancing.below-third")
    assert finding["severity"] == "error" and finding["where"] == "budget.cofinancing"
    assert "€ 3.999.999" in finding["message"] and "€ 4.000.000" in finding["message"]
    assert result["coherent"] is False


@pytest.mark.parametrize("requested, cofinancing, passes", [
    (7, 4, True), (7, 3, False),            # need 3.5: 4/11 passes, 3/10 fails
    (1, 1, True), (1, 0, False),
    (0, 0, True),                           # nothing asked, nothing owed
    (999_999_999, 500_000_000, True), (999_999_999, 499_999_999, False),
])
def test_one_third_is_decided_in_exact_integers(requested, cofinancing, passes, kb):
    doc = _with_cofinancing(_doc("twente"), cofinancing, 0)
    for solution in doc["solutions"]:
        solution["funding_requested"] = 0
    doc["solutions"][0]["funding_requested"] = requested
    result = _check(doc, kb)
    assert ("cofinancing.below-third" not in _codes(result)) is passes
    assert (3 * cofinancing >= requested + cofinancing) is passes


def test_cofinancing_counts_only_business_and_regional_government_that_is_additional(kb):
    doc = _with_cofinancing(_doc("twente"), 2_000_000, 2_000_000)
    doc["budget"]["cofinancing"] += [
        {"party": "Universiteit", "type": "institution", "amount": 900_000, "additional": True},
        {"party": "Fonds", "type": "other", "amount": 800_000, "additional": True},
        {"party": "Gemeente", "type": "regional-government", "amount": 700_000,
         "additional": False},
        {"party": "Bedrijf", "type": "business", "amount": 600_000, "in_kind": True}]
    result = _check(doc, kb)
    assert result["totals"]["cofinancing_total"] == 4_000_000
    assert result["totals"]["cofinancing_reported_not_counted"] == 3_000_000
    not_additional = _findings(result, "cofinancing.not-additional")
    assert [f["where"] for f in not_additional] == ["budget.cofinancing[4].additional",
                                                     "budget.cofinancing[5].additional"]
    assert {f["where"] for f in _findings(result, "cofinancing.not-counted")} == {
        "budget.cofinancing[2].type", "budget.cofinancing[3].type"}


def test_a_finding_names_the_kind_by_its_label_in_the_reports_language(kb):
    doc = _with_cofinancing(_doc("twente"), 2_000_000, 2_000_000)
    doc["budget"]["cofinancing"].append(
        {"party": "Universiteit", "type": "institution", "amount": 900_000, "additional": True})
    [finding] = _findings(_check(doc, kb), "cofinancing.not-counted")
    label = kb.vocabulary("cofinancing_type")["institution"]
    assert label.label in finding["message"] and label.label_en in finding["message_en"]
    assert "institution" not in finding["message"]
    assert "type institution" not in finding["message_en"]


def test_split_missing_names_each_absent_kind(kb):
    doc = _doc("twente")
    doc["budget"]["cofinancing"] = []
    result = _check(doc, kb)
    messages = [f["message_en"] for f in _findings(result, "cofinancing.split-missing")]
    assert len(messages) == 2
    assert any("business" in m for m in messages)
    assert any("regional government" in m for m in messages)


# --- top-up and non-EER students -----------------------------------------------------------

def test_a_top_up_with_one_non_eer_student_fails(kb):
    doc = _doc("twente")
    _solution(doc, "t3-hbo-wo-capaciteit")["non_eer_students"]["wo"] = 1
    result = _check(doc, kb)
    [finding] = _findings(result, "topup.non-eer")
    assert finding["severity"] == "error"
    assert finding["where"] == "solutions[2].non_eer_students.wo"
    assert result["coherent"] is False


def test_non_eer_students_without_a_top_up_are_fine(kb):
    doc = _doc("twente")
    solution = _solution(doc, "t5-internationaal")
    solution["students"] = {"wo": 50}
    solution["top_up_per_student"] = {"wo": 0}
    solution["non_eer_students"] = {"wo": 30}
    doc["budget"]["cost_per_student"]["wo"]["top_up"] = 6500
    result = _check(doc, kb)
    assert "topup.non-eer" not in _codes(result)


def test_pxq_missing_per_level_per_solution_and_rationale(kb):
    doc = _doc("twente")
    del doc["budget"]["cost_per_student"]["hbo"]
    del _solution(doc, "t1-bbl-procestechniek")["top_up_per_student"]
    doc["budget"]["top_up_rationale"] = "   "
    result = _check(doc, kb)
    wheres = sorted(f["where"] for f in _findings(result, "budget.pxq-missing"))
    assert wheres == ["budget.cost_per_student.hbo", "budget.top_up_rationale",
                      "solutions[0].top_up_per_student.mbo"]


def test_budget_inconsistent_compares_each_solution_with_the_budget(kb):
    doc = _doc("twente")
    doc["budget"]["cost_per_student"]["wo"]["top_up"] = 7000
    result = _check(doc, kb)
    wheres = [f["where"] for f in _findings(result, "budget.inconsistent")]
    assert wheres == ["solutions[2].top_up_per_student.wo",
                      "solutions[4].top_up_per_student.wo"]
    assert result["coherent"] is True                      # a warning


# --- scope: business responsibility --------------------------------------------------------

def test_a_funded_solution_declared_business_responsibility_is_an_error(kb):
    doc = _doc("twente")
    _solution(doc, "t5-internationaal")["business_responsibility"] = True
    [finding] = _findings(_check(doc, kb), "scope.business-responsibility")
    assert finding["where"] == "solutions[4].funding_requested"


def test_a_funded_intervention_the_kb_marks_as_business_responsibility_is_an_error(kb):
    marked = sorted(i for i, v in kb.interventions.items() if v.business_responsibility)
    assert marked, "the knowledge base marks no intervention as business responsibility"
    doc = _doc("twente")
    _solution(doc, "t3-hbo-wo-capaciteit")["interventions"].append(marked[0])
    [finding] = _findings(_check(doc, kb), "scope.business-responsibility")
    assert finding["where"] == "solutions[2].interventions[4]"
    assert marked[0] in finding["message"]


def test_business_responsibility_without_funding_is_no_finding(kb):
    doc = _doc("twente")
    marked = next(i for i, v in kb.interventions.items() if v.business_responsibility)
    doc["solutions"].append({"id": "eigen", "interventions": [marked],
                             "business_responsibility": True, "contribution": {"wo": 5},
                             "kpis": ["k"], "funding_requested": 0})
    assert "scope.business-responsibility" not in _codes(_check(doc, kb))


# --- coherence against the knowledge base -------------------------------------------------

def test_a_condition_dependency_is_an_error_naming_the_missing_piece(kb):
    doc = _doc("twente")
    _solution(doc, "t2-omscholing")["interventions"].remove("2-omscholingstrajecten")
    del doc["conditions"]["trajectories-available"]
    result = _check(doc, kb)
    findings = _findings(result, "coherence.dependency-unmet")
    assert {f["severity"] for f in findings} == {"error"}
    assert any("2-omscholingstrajecten" in f["message"] for f in findings)
    assert any("conditions.trajectories-available" in f["message"] for f in findings)
    assert all(f["where"] == "solutions[1].interventions[0]" for f in findings)


def test_a_precondition_is_met_by_the_conditions_text_or_a_providing_intervention(kb):
    doc = _doc("twente")
    _solution(doc, "t2-omscholing")["interventions"].remove("2-omscholingstrajecten")
    # the text alone meets the precondition; the required intervention is still missing
    result = _check(doc, kb)
    [finding] = _findings(result, "coherence.dependency-unmet")
    assert "2-omscholingstrajecten" in finding["message"]
    # a providing intervention alone meets it too
    doc = _doc("twente")
    del doc["conditions"]["trajectories-available"]
    assert kb.interventions["2-omscholingstrajecten"].provides == ["trajectories-available"]
    assert "coherence.dependency-unmet" not in _codes(_check(doc, kb))


def test_a_non_condition_dependency_is_a_warning(kb):
    doc = _doc("twente")
    in_plan = {i for s in doc["solutions"] for i in s.get("interventions", [])}
    strong = next((i, d) for i, v in kb.interventions.items()
                  for d in v.requires if d.strength != "condition" and d.id not in in_plan)
    doc["solutions"].append({"id": "extra", "interventions": [strong[0]],
                             "contribution": {"mbo": 1}, "kpis": ["k"]})
    findings = [f for f in _findings(_check(doc, kb), "coherence.dependency-unmet")
                if strong[1].id in f["message"]]
    assert findings and {f["severity"] for f in findings} == {"warning"}


def test_an_unknown_intervention_id_is_info_not_an_error(kb):
    doc = _doc("twente")
    _solution(doc, "t1-bbl-procestechniek")["interventions"].append("9-niet-bestaand")
    result = _check(doc, kb)
    [finding] = _findings(result, "intervention.unknown")
    assert finding["severity"] == "info"
    assert finding["where"] == "solutions[0].interventions[3]"
    assert result["coherent"] is True
    # the unknown id adds no error or warning of its own (the small plan's numbers are
    # not weighed against its forecast here: tests/test_checker_numbers.py does that)
    assert _codes(result, "error", "warning") == _codes(_check(_doc("twente"), kb),
                                                        "error", "warning")


def test_new_interventions_need_casuistry(kb):
    doc = _doc("twente")
    _solution(doc, "t4-diversiteit")["new_interventions"] = [
        {"label": "A", "building_block": "1A", "casuistry": "Pilot in Hengelo, evaluatie 2023"},
        {"label": "B", "building_block": "1A", "casuistry": "  "}]
    [finding] = _findings(_check(doc, kb), "solution.new-unsupported")
    assert finding["where"] == "solutions[3].new_interventions[1].casuistry"


# --- LLO-katalysator -------------------------------------------------------------------------

@pytest.mark.parametrize("solution", [
    {"target_groups": ["benefit-recipients"]},
    {"target_groups": ["jobseekers"]},
    {"interventions": ["1b-evc-werkervaring"]},              # a block-1B intervention
    {"new_interventions": [{"label": "x", "building_block": "1B", "casuistry": "y"}]},
])
def test_llo_offering_needs_the_llo_katalysator(solution, kb):
    doc = {"region": "twente", "existing_programmes": ["techkwadraat"],
           "solutions": [{"id": "s", **solution}]}
    assert [f["where"] for f in _findings(_check(doc, kb), "llo.katalysator-conditions")] \
        == ["solutions[0]"]
    doc["existing_programmes"].append("llo-katalysator")
    assert "llo.katalysator-conditions" not in _codes(_check(doc, kb))


# --- region, consortium, sections, coverage, demand ----------------------------------------

@pytest.mark.parametrize("region", ["limburg", "", None, "Twente"])
def test_an_unknown_or_absent_region_is_an_error(region, kb):
    doc = _doc("twente")
    doc["region"] = region
    result = _check(doc, kb)
    assert [f["severity"] for f in _findings(result, "region.unknown")] == ["error"]
    assert result["totals"]["demand_by_level"] == {}


def test_region_overig_is_its_own_warning(kb):
    doc = _doc("twente")
    doc["region"] = "overig"
    result = _check(doc, kb)
    assert "region.unknown" not in _codes(result)
    assert [f["severity"] for f in _findings(result, "region.overig")] == ["warning"]


def test_one_finding_per_missing_party_type(kb):
    doc = _doc("twente")
    doc["consortium"] = [{"name": "Chipbedrijf", "type": "company"}]   # not microchip
    findings = _findings(_check(doc, kb), "consortium.missing-party")
    assert len(findings) == 5
    assert any("microchip" in f["message"] for f in findings)


@pytest.mark.parametrize("field, severity", [
    ("solutions", "error"), ("bottlenecks", "error"), ("budget", "error"),
    ("consortium", "warning"), ("public_private", "warning"), ("conditions", "warning")])
def test_a_missing_section_has_the_spec_severity(field, severity, kb):
    doc = _doc("twente")
    del doc[field]
    [finding] = [f for f in _findings(_check(doc, kb), "section.missing")
                 if f["where"] == field]
    assert finding["severity"] == severity


def test_coverage_gives_one_finding_per_missing_part(kb):
    doc = _doc("twente")
    doc["solutions"] = [{"id": "s", "levels": ["hbo"], "target_groups": ["students"],
                         "contribution": {"hbo": 10}, "kpis": ["k"]}]
    messages = [f["message_en"] for f in _findings(_check(doc, kb), "coverage.level-missing")]
    assert len(messages) == 5                  # mbo, wo, international, groups, LLO
    assert any("international" in m for m in messages)
    assert any("under-represented" in m for m in messages)
    assert any("lifelong learning" in m for m in messages)


def test_demand_mismatch_warns_on_no_contribution_or_more_than_the_national_demand(kb):
    # Above the region's demand is information (what the region adds to the national
    # demand); above the national demand (Bijlage 2: wo 14,483) a warning.
    doc = _doc("twente")
    for solution in doc["solutions"]:
        solution["contribution"].pop("hbo", None)
    _solution(doc, "t3-hbo-wo-capaciteit")["contribution"]["wo"] = 2000
    result = _check(doc, kb)
    by_rule = {f["where"]: f["rule"] for f in _findings(result, "demand.mismatch")}
    assert by_rule == {"solutions[*].contribution.mbo": "check.demand.mismatch.share",
                       "solutions[*].contribution.hbo": "check.demand.mismatch.none",
                       "solutions[*].contribution.wo": "check.demand.mismatch.over"}
    by_where = {f["where"]: f["severity"] for f in _findings(result, "demand.mismatch")}
    assert by_where["solutions[*].contribution.wo"] == "info"
    assert by_where["solutions[*].contribution.hbo"] == "warning"
    _solution(doc, "t3-hbo-wo-capaciteit")["contribution"]["wo"] = 14_484
    wo = [f for f in _findings(_check(doc, kb), "demand.mismatch")
          if f["where"].endswith(".wo")]
    assert [(f["rule"], f["severity"]) for f in wo] == [
        ("check.demand.mismatch.over-national", "warning")]


def test_teaching_staff_only_where_capacity_grows(kb):
    doc = _doc("twente")
    del doc["conditions"]["teaching-staff"]
    assert "teaching-staff.not-addressed" in _codes(_check(doc, kb))
    for solution in doc["solutions"]:
        for key in ("students", "top_up_per_student", "non_eer_students"):
            solution.pop(key, None)
    assert "teaching-staff.not-addressed" not in _codes(_check(doc, kb))
    # an intervention that provides teaching staff meets it as well
    doc = _doc("twente")
    del doc["conditions"]["teaching-staff"]
    _solution(doc, "t3-hbo-wo-capaciteit")["interventions"].append("2-hybride-docenten")
    assert "teaching-staff.not-addressed" not in _codes(_check(doc, kb))


def test_unknown_terms_and_fields_are_warnings_with_a_suggestion(kb):
    doc = _doc("twente")
    _solution(doc, "t4-diversiteit")["target_groups"].append("girls-woman")
    doc["bottleneck"] = doc.pop("bottlenecks")
    result = _check(doc, kb)
    [term] = _findings(result, "vocabulary.unknown")
    assert term["where"] == "solutions[3].target_groups[3]" and "girls-women" in term["message"]
    assert term["section"] == "2. Aanpak"
    [field] = _findings(result, "plan.unknown-field")
    assert field["where"] == "bottleneck" and "bottlenecks" in field["message"]
    assert "section.missing" in _codes(result)


# --- the engine: rules as data, findings as facts ------------------------------------------

def _rule(rule_id: str, when: dict, code: str, severity: str = "info", **extra) -> Rule:
    return Rule(id=rule_id, when=when, then=[{"finding": True}], kind="check",
                rationale={"nl": "r", "en": "r"}, seed_section="Financiën",
                seed_quote="Voor de cofinanciering geldt dat deze aanvullend is op bestaande "
                           "cofinanciering.",
                extra={"code": code, "severity": severity, "section": "7. Begroting",
                       "message": {"nl": "n {totals.requested}", "en": "e"}, **extra})


def test_a_rule_can_build_on_another_rules_finding(kb):
    rules = [*load_check_rules().rules,
             _rule("check.test.chained", {"fact": "finding.cofinancing.below-third"},
                   "test.chained")]
    doc = _with_cofinancing(_doc("twente"), 1, 1)
    result = check_plan(doc, kb=kb, rules=rules)
    [finding] = _findings(result, "test.chained")
    assert finding["message"] == "n 8.000.000"
    assert "test.chained" not in _codes(check_plan(_doc("twente"), kb=kb, rules=rules))


def test_per_item_rules_fill_their_where_from_the_item(kb):
    rule = _rule("check.test.each", {"fact": "item.kpi_count", "ge": 2}, "test.each",
                 for_each="solutions", where="solutions[{index}].kpis")
    result = check_plan(_doc("twente"), kb=kb, rules=CheckRules([rule]))
    assert [f["where"] for f in result["findings"]] == ["solutions[0].kpis",
                                                        "solutions[1].kpis",
                                                        "solutions[2].kpis"]


def test_a_rule_set_gives_the_same_findings_as_the_check_rules(kb):
    from chiptalent.rules import load_rules
    path = EXAMPLES / "flawed-programmes-not-linked.yaml"
    with_set = check_plan_file(path, kb=kb, rules=load_rules())
    assert with_set == check_plan_file(path, kb=kb)


def test_check_plan_without_kb_loads_the_bundled_one():
    assert check_plan(_doc("groningen"))["coherent"] is True
