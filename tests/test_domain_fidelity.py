"""Right about the domain (issue 13, points 1-5): what an expert reader of the call found
wrong, each with a test that fails on the old knowledge, rules or code."""

from __future__ import annotations

import re

from click.testing import CliRunner

from chiptalent.cli import main
from chiptalent.kb.loader import BUNDLED_KB, read_raw

REGIONS = ("brainport", "twente", "delft", "groningen")


# --- 5. Sources intact and checked ------------------------------------------------------

def test_bundled_region_sources_have_only_known_keys_and_whole_publishers():
    raw = read_raw(BUNDLED_KB)
    for name, doc in raw.items():
        if not name.startswith("regions/"):
            continue
        for signal, fact in (doc.get("context") or {}).items():
            for source in fact.get("sources") or []:
                assert set(source) <= {"title", "publisher", "url", "date", "verified"}, \
                    (name, signal, dict(source))
                # a cut publisher is left with an unclosed parenthesis
                assert source["publisher"].count("(") == source["publisher"].count(")"), \
                    (name, signal, source["publisher"])


def test_kb_validate_rejects_a_source_cut_at_a_comma_naming_file_and_line(kb_copy):
    path = kb_copy / "regions" / "twente.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  housing_pressure:\n    value: medium\n"
    assert anchor in text
    lines_before = text[:text.index(anchor)].count("\n")
    broken = ('      - {title: "Een artikel", publisher: Punt (Avans, HOP), '
              'url: "https://example.org/a", date: "2024-07", verified: true}\n')
    sources_at = text.index("    sources:\n", text.index(anchor)) + len("    sources:\n")
    line = text[:sources_at].count("\n") + 1
    path.write_text(text[:sources_at] + broken + text[sources_at:], encoding="utf-8")
    assert line > lines_before
    result = CliRunner().invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert result.exit_code != 0, result.output
    assert f"regions/twente.yaml:{line}" in result.output, result.output
    assert "'HOP)'" in result.output and "quote" in result.output
    assert "Traceback" not in result.output


def test_kb_validate_rejects_an_empty_key_in_a_source(kb_copy):
    path = kb_copy / "regions" / "delft.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"      - \{title: ", text)
    path.write_text(text[:first.end()] + '"Titel", "": x, publisher: P}\n      - {title: '
                    + text[first.end():], encoding="utf-8")
    result = CliRunner().invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert result.exit_code != 0, result.output
    line = text[:first.start()].count("\n") + 1
    assert f"regions/delft.yaml:{line}" in result.output, result.output


# --- 3. Effects are the interventions' own -----------------------------------------------

def test_effects_by_block_claim_only_what_the_members_have(kb, rules):
    from chiptalent.rules.recommender import recommend

    for region in REGIONS:
        for arrangement in recommend(region=region, kb=kb, rules=rules)["arrangements"]:
            members = [kb.interventions[i["id"]] for i in arrangement["interventions"]]
            for block, effects in arrangement["effects_by_block"].items():
                own = [e.as_dict() for m in members if m.building_block == block
                       for e in kb.effects_of(m)]
                for effect in effects:
                    assert effect in own, (region, arrangement["id"], block, effect)


def test_an_enabling_item_does_not_make_its_block_large(kb, rules):
    from chiptalent.rules.recommender import block_effects, block_effects_text

    item = kb.interventions["1c-numerus-fixus-verruimen"]
    assert [e.magnitude for e in item.effects] == ["enabling"]
    effects = block_effects(kb, [item.id], "1C")
    assert {e["magnitude"] for e in effects} == {"enabling"}
    text = block_effects_text(kb, [item.id], "1C")
    enabling = kb.vocabulary("magnitude")["enabling"].label.lower()
    assert text != kb.building_blocks["1C"].effects_text and enabling in text


# --- 1. Every plan covers the four parts of Bijlage 1, 2. Aanpak ---------------------------

def _as_plan(region: str, arrangement: dict) -> dict:
    """An arrangement in the checker's terms: one solution per intervention, with the
    intervention's own levels (the checker reads levels from the solutions)."""
    return {"region": region, "title": arrangement["title"],
            "solutions": [{"id": f"s{n}", "title": item["label"],
                           "interventions": [item["id"]],
                           "levels": [lv for lv in item["levels"] if lv in ("mbo", "hbo", "wo")]}
                          for n, item in enumerate(arrangement["interventions"], start=1)]}


def test_every_regions_top_arrangement_passes_the_checkers_coverage_rules(kb, rules):
    from chiptalent.rules.checker import check_plan
    from chiptalent.rules.recommender import recommend

    for region in REGIONS:
        top = recommend(region=region, kb=kb, rules=rules)["arrangements"][0]
        findings = check_plan(_as_plan(region, top), kb=kb, rules=rules)["findings"]
        coverage = [f["message"] for f in findings if f["code"].startswith("coverage.")]
        assert coverage == [], (region, coverage)
        assert set(top["parts_covered"]) == {"mbo-hbo-wo", "international",
                                             "under-represented", "llo"}, region
        assert any(i["building_block"] == "1B" for i in top["interventions"]), region


def test_llo_is_covered_even_where_untapped_potential_is_low(kb, rules):
    from chiptalent.rules.recommender import recommend

    doc = {"name": "Laag potentieel", "demand": {"mbo": 500, "hbo": 500, "wo": 500},
           "context": {"unused_labour_potential": "low", "youth_decline": "low",
                       "women_share_tech": "high", "international_students": "low"}}
    for arrangement in recommend(doc, kb=kb, rules=rules)["arrangements"]:
        assert "llo" in arrangement["parts_covered"], arrangement["id"]
        assert "under-represented" in arrangement["parts_covered"], arrangement["id"]


def test_a_part_that_cannot_be_covered_is_named_with_its_reason(kb, rules):
    from chiptalent.rules.recommender import recommend

    block_1b = sorted(i.id for i in kb.interventions.values() if i.building_block == "1B")
    result = recommend({"region": "brainport", "exclude_interventions": block_1b},
                       kb=kb, rules=rules)
    for arrangement in result["arrangements"]:
        gaps = [g for g in arrangement["parts_uncovered"] if g["part"] == "llo"]
        assert gaps and "exclude_interventions" in gaps[0]["reason"], arrangement["id"]
        assert "llo" not in arrangement["parts_covered"]
        # and in plain words, in both languages, without field or rule ids
        assert gaps[0]["text"] == "het profiel sluit alle interventies voor bouwsteen 1B uit"
        assert gaps[0]["text_en"] == \
            "the profile excludes every intervention for building block 1B"


def test_a_part_left_open_is_said_in_the_reports_language(kb, tmp_path):
    """The report says why a part is left open in its language (it was Dutch, with a
    field name)."""
    import yaml

    from tests.helpers.cli import chiptalent

    block_1b = sorted(i.id for i in kb.interventions.values() if i.building_block == "1B")
    profile = tmp_path / "profile.yaml"
    profile.write_text(yaml.safe_dump({"region": "brainport",
                                       "exclude_interventions": block_1b}))
    done = chiptalent("recommend", str(profile), "--lang", "en", data_dir=tmp_path / "d")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Lifelong learning (building block 1B) — the profile excludes every " \
        "intervention for building block 1B" in text
    assert "exclude_interventions" not in text


# --- 2. Weak signals are marked as weak ----------------------------------------------------

def test_every_known_context_fact_says_how_good_its_source_is(kb):
    qualities = kb.vocabulary("signal_quality")
    assert {"direct", "proxy", "wider-area", "artefact"} <= set(qualities)
    for region in kb.regions.values():
        for signal, fact in region.context.items():
            if fact.value is None:
                continue
            assert fact.quality in qualities, (region.id, signal)
            assert fact.quality_reason, (region.id, signal)
    # the cases the expert named
    assert kb.regions["delft"].context["unused_labour_potential"].quality == "artefact"
    assert kb.regions["brainport"].context["unused_labour_potential"].quality == "wider-area"
    for region in REGIONS:     # a primary-school shortage stands in for technical teachers
        assert kb.regions[region].context["teacher_shortage"].quality == "proxy", region


def test_kb_validate_rejects_a_known_signal_without_its_quality(kb_copy):
    path = kb_copy / "regions" / "twente.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  housing_pressure:\n    value: medium\n    quality: direct\n")
    end = text.index("    summary:", start)
    path.write_text(text[:start] + "  housing_pressure:\n    value: medium\n" + text[end:],
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert result.exit_code != 0, result.output
    assert "regions/twente.yaml:" in result.output and "quality" in result.output


def _because(result, iid, rule):
    for arrangement in result["arrangements"]:
        for item in arrangement["interventions"]:
            if item["id"] == iid:
                return next(b for b in item["because"] if b["rule"] == rule)
    return next(b for b in result["explain"]["because"] if b["rule"] == rule)


def test_a_weak_signal_counts_less_and_says_so(kb, rules):
    from chiptalent.rules.recommender import recommend

    # Twente's unused potential is a provincial figure (wider area): half weight
    weak = recommend(region="twente", kb=kb, rules=rules, explain="1c-ontwikkelpaden-jobcarving")
    because = _because(weak, "1c-ontwikkelpaden-jobcarving", "onbenut-potentieel-activeren")
    assert because["signal_weight"] == 0.5
    assert [c["fact"] for c in because["caveats"]] == ["context.unused_labour_potential"]
    assert because["caveats"][0]["quality"] == "wider-area"
    # restating the region's fact keeps its source's weakness ...
    same = recommend({"region": "twente", "context": {"unused_labour_potential": "medium"}},
                     kb=kb, rules=rules, explain="1c-ontwikkelpaden-jobcarving")
    assert _because(same, "1c-ontwikkelpaden-jobcarving",
                    "onbenut-potentieel-activeren")["signal_weight"] == 0.5
    # ... a value of the region's own (here: high) counts in full
    own = recommend({"region": "twente", "context": {"unused_labour_potential": "high"}},
                    kb=kb, rules=rules, explain="1c-ontwikkelpaden-jobcarving")
    because = _because(own, "1c-ontwikkelpaden-jobcarving", "onbenut-potentieel-activeren")
    assert "caveats" not in because
    weak_score = next(i["score"] for a in weak["arrangements"] for i in a["interventions"]
                      if i["id"] == "1c-ontwikkelpaden-jobcarving")
    own_score = next(i["score"] for a in own["arrangements"] for i in a["interventions"]
                     if i["id"] == "1c-ontwikkelpaden-jobcarving")
    assert weak_score < own_score


def test_no_arrangement_rests_on_one_artefactual_signal_alone(kb, rules):
    from chiptalent.rules.recommender import recommend

    result = recommend(region="delft", kb=kb, rules=rules)
    for arrangement in result["arrangements"]:
        for item in arrangement["interventions"]:
            counting = [b for b in item["because"] if b["rule"].startswith("builtin.")
                        or b.get("signal_weight", 1) > 0]
            assert counting, (arrangement["id"], item["id"])
        # the needs only the artefact asserted are no needs
        assert not {"newcomers", "early-school-leavers", "benefit-recipients"} & \
            set(arrangement["needs"]["target_groups"]), arrangement["needs"]
    # what rests on the artefact alone is said to, where it is not recommended
    why = {c["id"]: c["why"] for c in result["considered_not_recommended"]}
    assert "artefact" in why["1c-doorstroompunten-vsv"]


def test_groningens_demand_equal_to_its_fte_is_doubtful_where_shown_and_used(kb, rules):
    from chiptalent.rules.recommender import recommend

    for region in kb.regions.values():
        if region.demand_total.value == region.fte.value:
            assert region.demand_total.doubt, region.id
            assert all(f.doubt for f in region.demand.values()), region.id
    result = recommend(region="groningen", kb=kb, rules=rules)
    assert result["profile"]["quality"]["demand.total"]["quality"] == "doubtful"
    top = result["arrangements"][0]
    assert top["demand_doubt"] and "162" in top["demand_doubt"]
    used = [b for item in top["interventions"] for b in item["because"]
            if any(f.startswith("demand.") for f in b["facts"])]
    assert used and all(any(c["quality"] == "doubtful" for c in b.get("caveats", []))
                        for b in used)
    from chiptalent.rules.recommend_report import render_text
    assert "let op, vraagcijfer" in render_text(result)
    assert recommend(region="twente", kb=kb, rules=rules)["arrangements"][0]["demand_doubt"] \
        is None


def test_the_region_page_shows_signal_quality_and_the_doubt(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(tmp_path))
    from chiptalent.webapp import create_app

    client = create_app().test_client()
    page = client.get("/regions/groningen").get_data(as_text=True)
    assert 'class="doubt"' in page and "precies het" in page
    page = client.get("/regions/delft").get_data(as_text=True)
    assert "quality-artefact" in page and "studentenstad" in page


# --- 4. Dependencies as the call states them ----------------------------------------------

INTAKE_RAISING = {"1c-buitenlands-talent-aantrekken", "1c-buitenlandse-bachelors-werven",
                  "1c-numerus-fixus-verruimen", "1c-talentbeurzen"}


def _plan(*solutions, conditions=None):
    return {"region": "twente", "title": "Test",
            "solutions": [{"id": f"s{n}", "title": f"oplossing {n}", "interventions": ids,
                           "levels": ["mbo", "hbo", "wo"]}
                          for n, ids in enumerate(solutions, start=1)],
            "conditions": conditions or {}}


def _unmet(kb, rules, plan):
    from chiptalent.rules.checker import check_plan
    return [f for f in check_plan(plan, kb=kb, rules=rules)["findings"]
            if f["code"] == "coherence.dependency-unmet"]


def test_housing_is_a_precondition_only_where_intake_rises(kb, rules):
    housing = {i.id for i in kb.interventions.values() if "housing" in i.precondition_ids}
    assert housing == INTAKE_RAISING
    staying = ["4-taalprogrammas", "4-netwerk-studenten", "4-one-stop-shop",
               "4-partner-mogelijkheden"]
    findings = _unmet(kb, rules, _plan(staying))
    assert not [f for f in findings if "housing" in f["message"]], findings


def test_business_in_the_centres_is_met_by_a_centre_of_expertise(kb, rules):
    item = kb.interventions["2-bedrijfsleven-in-centra"]
    assert item.requires_any_ids == [["2-centra-voor-vakmanschap", "2-centres-of-expertise"]]
    def about_it(plan):
        return [f for f in _unmet(kb, rules, plan)
                if f["message"].startswith("2-bedrijfsleven-in-centra ")]

    assert not about_it(_plan(["2-bedrijfsleven-in-centra", "2-centres-of-expertise"]))
    assert not about_it(_plan(["2-bedrijfsleven-in-centra", "2-centra-voor-vakmanschap"]))
    alone = about_it(_plan(["2-bedrijfsleven-in-centra"]))
    assert len(alone) == 1 and alone[0]["severity"] == "error"
    assert "2-centres-of-expertise" in alone[0]["message"]


def test_the_recommenders_closure_honours_requires_any(kb):
    from chiptalent.rules.arrangements import close_requires

    members, reasons, missing = ["2-bedrijfsleven-in-centra"], {}, []
    close_requires(kb, members, {"2-centra-voor-vakmanschap"}, reasons, missing)
    assert "2-centres-of-expertise" in members and not missing
    assert reasons["2-centres-of-expertise"]["rule"] == "builtin.requires-closure"
    members, missing = ["2-bedrijfsleven-in-centra"], []
    close_requires(kb, members, {"2-centra-voor-vakmanschap", "2-centres-of-expertise"}, {}, missing)
    assert missing and missing[0]["any_of"] == ["2-centra-voor-vakmanschap",
                                                "2-centres-of-expertise"]


def test_requires_any_is_in_the_rdf_export(kb):
    from rdflib import Namespace, URIRef

    from chiptalent.kb.rdf import ONTOLOGY_NS, node_iri, to_graph

    CT = Namespace(ONTOLOGY_NS)
    graph = to_graph(kb)
    groups = list(graph.objects(URIRef(node_iri("intervention", "2-bedrijfsleven-in-centra")),
                                CT.requiresAnyOf))
    assert len(groups) == 1
    assert {str(o) for o in graph.objects(groups[0], CT.anyOf)} == {
        node_iri("intervention", "2-centra-voor-vakmanschap"),
        node_iri("intervention", "2-centres-of-expertise")}


def test_every_business_flag_carries_the_calls_sentence(kb):
    from chiptalent.kb.validate import normalise, seed_text

    flagged = [i for i in kb.interventions.values() if i.business_responsibility]
    assert flagged
    for item in flagged:
        assert item.business_seed_quote and normalise(item.business_seed_quote) in seed_text()
        assert "bedrijfsleven" in item.business_seed_quote
    # why the salary path is the companies' part and the bbl wage is not
    assert kb.interventions["1b-groeipad-salaris"].business_responsibility
    assert not kb.interventions["1b-bbl-loon"].business_responsibility
    assert "1b-bbl-loon" in kb.interventions["1b-groeipad-salaris"].business_reason
    assert "1b-groeipad-salaris" in kb.interventions["1b-bbl-loon"].business_reason
    assert "bbl-studenten" in kb.interventions["1b-bbl-loon"].business_seed_quote


def test_kb_validate_wants_the_quote_of_a_business_flag_verbatim(kb_copy):
    path = kb_copy / "interventions" / "4.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: 4-goed-werkgeverschap\n")
    quote = text.index("    business_seed_quote:", start)
    end = text.index("    researched_measures:", quote)
    path.write_text(text[:quote] + "    business_seed_quote: Bedrijven betalen dit zelf, "
                    "zegt de uitvraag ergens.\n" + text[end:], encoding="utf-8")
    result = CliRunner().invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert result.exit_code != 0
    assert "interventions/4.yaml:" in result.output and "business_seed_quote" in result.output
    path.write_text(text[:quote] + text[end:], encoding="utf-8")
    result = CliRunner().invoke(main, ["--kb", str(kb_copy), "kb", "validate", "--no-shacl"])
    assert result.exit_code != 0 and "no business_seed_quote" in result.output


def test_recruiting_foreign_talent_is_shown_as_the_companies_part_beside_the_trajectories(
        kb, rules):
    from chiptalent.rules.recommender import recommend

    doc = {"name": "Open regio", "demand": {"mbo": 800, "hbo": 600, "wo": 600},
           "context": {"housing_pressure": "low", "international_students": "low",
                       "international_stayrate": "high"}}
    result = recommend(doc, kb=kb, rules=rules)
    with_trajectories = [a for a in result["arrangements"]
                         if any(i["id"] == "1c-korte-trajecten-buitenlands-talent"
                                for i in a["interventions"])]
    assert with_trajectories
    for arrangement in with_trajectories:
        assert "1c-buitenlands-talent-aantrekken" not in {i["id"] for i in
                                                          arrangement["interventions"]}
        measure = next(m for m in arrangement["business_measures"]
                       if m["id"] == "1c-buitenlands-talent-aantrekken")
        assert measure["with"] == ["1c-korte-trajecten-buitenlands-talent"]
        assert "bedrijfsleven" in measure["seed_quote"]
    why = {c["id"]: c["why"] for c in result["considered_not_recommended"]}
    assert "bedrijfsmaatregel" in why["1c-buitenlands-talent-aantrekken"]


def test_every_arrangement_is_closed_under_requires_any(kb, rules):
    from chiptalent.rules.recommender import recommend

    profiles = [{"region": r} for r in REGIONS] + [
        {"region": "brainport", "exclude_interventions": ["2-centra-voor-vakmanschap"]}]
    for doc in profiles:
        for arrangement in recommend(doc, kb=kb, rules=rules)["arrangements"]:
            ids = {i["id"] for i in arrangement["interventions"]}
            missing = {p["id"] for p in arrangement["preconditions"] if p.get("any_of")}
            for item in arrangement["interventions"]:
                for group in item["requires_any"]:
                    assert set(group) & ids or group[0] in missing, (doc, item["id"], group)


def test_a_weak_firing_never_weakens_a_fact_asserted_at_full_weight(kb, rules):
    from chiptalent.rules.recommender import recommend

    # aanpak-onderdeel-llo asserts the LLO goal in full; llo-zijinstroom asserts it again
    # on Delft's artefact: the goal stays a need
    top = recommend(region="delft", kb=kb, rules=rules)["arrangements"][0]
    assert "lifelong-learning" in top["needs"]["goals"]


def test_the_intervention_page_shows_requires_any_and_the_business_sentence(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(tmp_path))
    from chiptalent.webapp import create_app

    client = create_app().test_client()
    page = client.get("/interventions/2-bedrijfsleven-in-centra").get_data(as_text=True)
    assert 'href="/interventions/2-centres-of-expertise"' in page
    page = client.get("/interventions/1b-groeipad-salaris").get_data(as_text=True)
    assert "talentretentie (binnen bedrijven)" in page


def test_the_advice_page_shows_the_companies_part_beside_the_trajectories(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(tmp_path))
    from chiptalent.webapp import create_app

    client = create_app().test_client()
    page = client.get("/recommend?name=Open&demand_mbo=800&demand_hbo=600&demand_wo=600"
                      "&housing_pressure=low&international_students=low"
                      "&international_stayrate=high").get_data(as_text=True)
    assert 'class="business-measures"' in page
    start = page.index('class="business-measures"')
    block = page[start:page.index("</ul>", start)]
    assert "1c-buitenlands-talent-aantrekken" in block
    assert 'href="/interventions/1c-korte-trajecten-buitenlands-talent"' in block


def test_a_precondition_flagged_on_a_weak_signal_says_so(kb, rules):
    from chiptalent.rules.recommender import recommend

    top = recommend(region="delft", kb=kb, rules=rules)["arrangements"][0]
    staff = next(p for p in top["preconditions"] if p["id"] == "teaching-staff")
    assert [c["fact"] for c in staff["caveats"]] == ["context.teacher_shortage"]
    assert "context.teacher_shortage" in staff["because"]
