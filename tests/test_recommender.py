"""The recommender: every rule fires and does not fire, arrangements are coherent,
bad profiles are refused with the field named."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiptalent.cli import main
from chiptalent.errors import InputError
from chiptalent.rules.arrangements import differs_enough
from chiptalent.rules.recommender import recommend

NEUTRAL = {
    "housing_pressure": "low", "teacher_shortage": "low", "international_students": "low",
    "international_stayrate": "high", "women_share_tech": "high", "tech_dropout": "low",
    "vmbo_mbo_flow": "high", "mbo_hbo_flow": "high", "unused_labour_potential": "low",
    "youth_decline": "low", "learning_places": "medium", "programme_capacity": "high",
}


def profile(context=None, demand=None, **extra):
    doc = {"name": "Testregio", "context": {**NEUTRAL, **(context or {})},
           "demand": {"mbo": 100, "hbo": 100, "wo": 100, **(demand or {})}}
    doc.update(extra)
    return doc


def fired(doc, kb, rules):
    return {step["rule"] for step in recommend(doc, kb=kb, rules=rules)["trace"]}


# rule id -> (a profile on which it fires, one on which it does not)
CASES = {
    "vraag-mbo": (profile(), profile(demand={"mbo": 0})),
    "vraag-hbo": (profile(), profile(demand={"hbo": 0})),
    "vraag-wo": (profile(), profile(demand={"wo": 0})),
    "vraag-mbo-groot": (profile(demand={"mbo": 1000}), profile(demand={"mbo": 999})),
    "vraag-hoger-onderwijs-groot": (profile(demand={"hbo": 1200}), profile()),
    "vraag-klein-samenwerken": (profile(), profile(demand={"mbo": 500})),
    "vraag-groot-versneld-llo": (profile(demand={"mbo": 9800}), profile(demand={"mbo": 9799})),
    "studie-naar-werk-basis": (profile(), profile(demand={"mbo": 0, "hbo": 0, "wo": 0})),
    "onbenut-potentieel-activeren": (profile({"unused_labour_potential": "medium"}), profile()),
    "onbenut-potentieel-nieuwkomers-vsv": (profile({"unused_labour_potential": "high"}),
                                           profile({"unused_labour_potential": "medium"})),
    "llo-zijinstroom": (profile({"youth_decline": "high"}), profile()),
    "llo-werkend-leren": (profile({"youth_decline": "high"}),
                          profile({"youth_decline": "high", "learning_places": "low"})),
    "krimp-jongeren-vasthouden": (profile({"youth_decline": "medium"}), profile()),
    "vrouwen-ondervertegenwoordigd": (profile({"women_share_tech": "medium"}), profile()),
    "vrouwen-ouders-betrekken": (profile({"women_share_tech": "low", "youth_decline": "medium"}),
                                 profile({"women_share_tech": "low"})),
    "uitval-hoog": (profile({"tech_dropout": "medium"}), profile()),
    "doorstroom-vmbo-mbo-zwak": (profile({"vmbo_mbo_flow": "low"}), profile()),
    "doorstroom-mbo-hbo-zwak": (profile({"mbo_hbo_flow": "medium"}), profile()),
    "bestaand-techkwadraat": (profile(existing_programmes=["techkwadraat"]), profile()),
    "bestaand-llo-katalysator": (profile(existing_programmes=["llo-katalysator"]), profile()),
    "internationaal-veel-studenten": (profile({"international_students": "medium"}), profile()),
    "blijfkans-laag": (profile({"international_stayrate": "medium"}), profile()),
    "huisvesting-krap": (profile({"housing_pressure": "medium"}), profile()),
    "huisvesting-krap-internationale-werving": (
        profile({"housing_pressure": "high", "international_students": "high"}),
        profile({"housing_pressure": "high"})),
    "internationale-werving-mogelijk": (profile(), profile({"international_stayrate": "low"})),
    "docententekort": (profile({"teacher_shortage": "medium"}), profile()),
    "capaciteit-krap": (profile({"programme_capacity": "low"}), profile()),
    "capaciteit-vraagt-docenten": (
        profile({"programme_capacity": "low", "teacher_shortage": "high"}),
        profile({"programme_capacity": "low"})),
    "leerplaatsen-schaars": (profile({"learning_places": "low"}), profile()),
    "leerplaatsen-ruim": (profile(), profile({"learning_places": "low"})),
    "data-en-netwerk-bij-onbekend": (
        profile({k: v for k, v in NEUTRAL.items() if k != "tech_dropout"}), profile()),
    # the four parts of every plan: quiet only where there is no demand (no plan)
    "aanpak-onderdeel-niveaus": (profile(), profile(demand={"mbo": 0, "hbo": 0, "wo": 0})),
    "aanpak-onderdeel-internationaal": (profile(),
                                        profile(demand={"mbo": 0, "hbo": 0, "wo": 0})),
    "aanpak-onderdeel-ondervertegenwoordigd": (profile(),
                                               profile(demand={"mbo": 0, "hbo": 0, "wo": 0})),
    "aanpak-onderdeel-llo": (profile(), profile(demand={"mbo": 0, "hbo": 0, "wo": 0})),
}


def test_every_recommend_rule_has_a_case(rules):
    ids = {r.id for r in rules.recommend} - {"scope-bedrijfsleven-buiten-plan"}
    assert ids == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_and_does_not_fire(rule_id, kb, rules):
    fires, quiet = CASES[rule_id]
    if rule_id == "data-en-netwerk-bij-onbekend":
        fires = dict(fires)
        fires["context"] = {k: v for k, v in fires["context"].items() if k != "tech_dropout"}
    assert rule_id in fired(fires, kb, rules)
    assert rule_id not in fired(quiet, kb, rules)


def test_scope_rule_fires_on_knowledge_base_fact(kb, rules):
    import copy
    assert "scope-bedrijfsleven-buiten-plan" in fired(profile(), kb, rules)
    no_business = copy.deepcopy(kb)
    for item in no_business.interventions.values():
        item.business_responsibility = False
    assert "scope-bedrijfsleven-buiten-plan" not in fired(profile(), no_business, rules)
    result = recommend(profile(), kb=kb, rules=rules)
    chosen = {i["id"] for a in result["arrangements"] for i in a["interventions"]}
    assert not chosen & {i.id for i in kb.interventions.values() if i.business_responsibility}


def test_chain_rule_fires_only_on_asserted_fact(kb, rules):
    result = recommend(profile({"programme_capacity": "low", "teacher_shortage": "high"}),
                       kb=kb, rules=rules)
    order = [step["rule"] for step in result["trace"]]
    assert order.index("capaciteit-krap") < order.index("capaciteit-vraagt-docenten")
    step = next(s for s in result["trace"] if s["rule"] == "capaciteit-vraagt-docenten")
    assert "need.capacity=true" in step["facts"]


def test_why_not_names_the_failed_condition(kb, rules):
    result = recommend(profile(), kb=kb, rules=rules, explain="1c-numerus-fixus-verruimen")
    explanation = result["explain"]
    assert explanation["recommended"] is False
    capacity = next(w for w in explanation["why_not"] if w["rule"] == "capaciteit-krap")
    assert capacity["failed"] == ["context.programme_capacity is low (is high)"]


def test_why_not_names_the_excluding_profile_field(kb, rules):
    doc = profile({"tech_dropout": "high"}, exclude_interventions=["3-uitval-verminderen"])
    explanation = recommend(doc, kb=kb, rules=rules, explain="3-uitval-verminderen")["explain"]
    assert explanation["why_not"][0]["rule"] == "profile.exclude_interventions"


def test_region_defaults_are_filled_and_reported(kb, rules):
    result = recommend(region="twente", kb=kb, rules=rules)
    filled = result["profile"]["filled_in"]
    assert result["profile"]["demand"] == {"mbo": 1474, "hbo": 889, "wo": 1448}
    assert filled["demand.mbo"] == "Bijlage 2 (derived pro rata)"
    assert any(k.startswith("context.") for k in filled)
    assert all(u.startswith(("context.", "demand.")) for u in result["profile"]["unknown"])


def test_profile_overrides_region_default(kb, rules):
    result = recommend({"region": "twente", "context": {"housing_pressure": "low"},
                        "demand": {"mbo": 10}}, kb=kb, rules=rules)
    assert result["profile"]["context"]["housing_pressure"] == "low"
    assert result["profile"]["demand"]["mbo"] == 10
    assert "demand.mbo" not in result["profile"]["filled_in"]


def _top_ids(kb, rules, region):
    result = recommend(region=region, kb=kb, rules=rules)
    return frozenset(i["id"] for i in result["arrangements"][0]["interventions"])


def test_four_regions_get_different_top_arrangements(kb, rules):
    tops = {r: _top_ids(kb, rules, r) for r in ("brainport", "twente", "delft", "groningen")}
    assert len(set(tops.values())) == 4


def test_focus_levels_are_honoured(kb, rules):
    result = recommend(profile(focus_levels=["mbo"]), kb=kb, rules=rules)
    for arrangement in result["arrangements"]:
        for item in arrangement["interventions"]:
            if item["building_block"] != "5" and not any(
                    b["rule"].startswith("builtin.") for b in item["because"]):
                assert "mbo" in item["levels"], item["id"]


signal_values = st.sampled_from(["low", "medium", "high", None])


@st.composite
def profiles(draw):
    from chiptalent.kb import load
    kb = load()
    context = {s: draw(signal_values) for s in NEUTRAL}
    context = {k: v for k, v in context.items() if v is not None}
    doc = {"name": "Willekeurig", "context": context,
           "demand": {lv: draw(st.integers(0, 30000)) for lv in ("mbo", "hbo", "wo")},
           "exclude_interventions": draw(st.lists(st.sampled_from(sorted(kb.interventions)),
                                                  max_size=8, unique=True)),
           "focus_levels": draw(st.lists(st.sampled_from(["mbo", "hbo", "wo"]), max_size=2,
                                         unique=True))}
    if draw(st.booleans()):
        doc["region"] = draw(st.sampled_from(["brainport", "twente", "delft", "groningen",
                                              "overig"]))
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=profiles())
def test_properties_of_every_recommendation(doc):
    from chiptalent.kb import load
    from chiptalent.rules import load_rules
    kb, rules = load(), load_rules()
    first = recommend(doc, kb=kb, rules=rules)
    second = recommend(doc, kb=kb, rules=rules)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    excluded = set(doc["exclude_interventions"])
    sets = []
    for arrangement in first["arrangements"]:
        ids = {i["id"] for i in arrangement["interventions"]}
        sets.append(ids)
        assert not ids & excluded
        missing = {p["id"] for p in arrangement["preconditions"] if p["kind"] == "intervention"}
        for item in arrangement["interventions"]:
            assert item["because"], item["id"]
            assert all(b["rule"] for b in item["because"])
            for dep in item["requires"]:
                assert dep in ids or dep in missing, (item["id"], dep)
        has_block5 = any(i["building_block"] == "5" for i in arrangement["interventions"])
        assert has_block5 or any(p["kind"] == "building_block" and p["id"] == "5"
                                 for p in arrangement["preconditions"])
    for i, a in enumerate(sets):
        for b in sets[i + 1:]:
            assert differs_enough(a, b)


@pytest.mark.parametrize("doc, field", [
    ({"region": "twente", "context": {"zonneschijn": "high"}}, "context.zonneschijn"),
    ({"region": "twente", "context": {"housing_pressure": "extreme"}}, "context.housing_pressure"),
    ({"region": "twente", "demand": {"mbo": -5}}, "demand.mbo"),
    ({"region": "atlantis"}, "region"),
    (["twente"], "(document)"),
    ({"region": "twente", "focus_levels": ["kleuterschool"]}, "focus_levels[0]"),
    ({"region": "twente", "exclude_interventions": ["9-niets"]}, "exclude_interventions[0]"),
    ({"context": {}}, "region"),
])
def test_bad_profile_names_the_field(doc, field, kb, rules):
    with pytest.raises(InputError) as info:
        recommend(doc, kb=kb, rules=rules)
    assert info.value.field == field


@pytest.mark.parametrize("text, expect", [
    ("region: twente\ncontext:\n  housing_pressure: extreme\n", "context.housing_pressure"),
    ("- twente\n", "(document)"),
    ("!!python/object/apply:os.system ['touch /tmp/chiptalent-pwned']\n", "!!python"),
    ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\nregion: twente\n", "aliases"),
])
def test_cli_refuses_bad_profiles_with_exit_2(tmp_path, text, expect):
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["recommend", str(path), "--json"])
    assert result.exit_code == 2
    assert expect in result.output
    assert "Traceback" not in result.output


def test_cli_recommend_json_document(tmp_path):
    result = CliRunner().invoke(main, ["recommend", "--region", "delft", "--json", "--top", "2"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) >= {"profile", "arrangements", "considered_not_recommended", "trace"}
    assert 1 <= len(doc["arrangements"]) <= 2
    text = CliRunner().invoke(main, ["recommend", "--region", "delft"])
    assert text.exit_code == 0 and "Arrangement A" in text.output
