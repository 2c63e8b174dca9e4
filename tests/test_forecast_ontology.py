"""Parameters and mechanisms in RDF: exported, consistent for HermiT, checked by SHACL."""

from __future__ import annotations

import copy
import json

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from chiptalent.kb.model import MECHANISMS, Mechanism
from chiptalent.kb.rdf import export, node_iri, to_graph
from chiptalent.kb.shacl import validate_shacl
from chiptalent.ontology import ONTOLOGY_NS
from chiptalent.ontology.reasoner import check_consistency
from tests.helpers.rdf import parse_jsonld

CT = Namespace(ONTOLOGY_NS)


def test_every_mechanism_is_a_class_of_the_ontology(kb):
    graph = to_graph(kb)
    for mechanism in MECHANISMS:
        cls = CT[mechanism.capitalize() + "Mechanism"]
        assert (cls, RDFS.subClassOf, CT.Mechanism) in graph, cls


def test_parameters_and_mechanisms_survive_ttl_and_jsonld(kb):
    for graph in (Graph().parse(data=export(kb, "ttl"), format="turtle"),
                  parse_jsonld(export(kb, "jsonld"))):     # rdflib's JSON-LD parser warns
        parameters = set(graph.subjects(RDF.type, CT.Parameter))
        assert len(parameters) == len(kb.parameters)
        for p in kb.parameters.values():
            node = URIRef(node_iri("parameter", p.id))
            assert float(graph.value(node, CT.central)) == p.central
            assert (graph.value(node, CT.hasSource) is not None) == (p.source is not None)
        for i in kb.interventions.values():
            mechanism = graph.value(URIRef(node_iri("intervention", i.id)), CT.hasMechanism)
            assert (mechanism, RDF.type, CT[i.mechanism.type.capitalize() + "Mechanism"]) \
                in graph, i.id


def test_json_export_has_parameters_and_each_interventions_mechanism(kb):
    document = json.loads(export(kb, "json"))
    assert [p["id"] for p in document["parameters"]] == list(kb.parameters)
    first = document["parameters"][0]
    assert {"id", "label", "unit", "low", "central", "high", "source", "assumption",
            "set_by"} <= set(first)
    by_id = {i["id"]: i for i in document["interventions"]}
    assert by_id["3-uitval-verminderen"]["mechanism"] == {
        "type": "completion",
        "parameters": {"dropout_reduction": "dropout_reduction.completion.intensieve-coaching"}}


@pytest.fixture
def broken_kb(kb):
    return copy.deepcopy(kb)


def test_shacl_names_parameter_and_mechanism_problems(broken_kb):
    p = next(p for p in broken_kb.parameters.values() if p.unit == "share")
    p.low, p.central, p.high = 0.5, 0.4, 1.5
    q = next(p for p in broken_kb.parameters.values() if p.unit == "years")
    q.source, q.assumption, q.set_by = None, None, None
    broken_kb.interventions["1a-lob-microchip"].mechanism = None
    broken_kb.interventions["1a-ouders-betrekken"].mechanism = Mechanism(
        "intake", {"uplift": "bestaat.niet"})
    found = {(v["id"], v["field"]) for v in validate_shacl(broken_kb)}
    assert {(p.id, "low"), (p.id, "high"), (q.id, "source"),
            ("1a-lob-microchip", "mechanism"), ("1a-ouders-betrekken", "mechanism")} <= found


@pytest.mark.reasoner
def test_hermit_catches_a_parameter_with_source_and_assumption(kb):
    graph = to_graph(kb)
    sourced = next(p for p in kb.parameters.values() if p.source)
    from rdflib import Literal
    graph.add((URIRef(node_iri("parameter", sourced.id)), CT.assumption,
               Literal("ook een aanname")))
    consistent, detail = check_consistency(graph)
    assert not consistent, detail


@pytest.mark.reasoner
def test_hermit_catches_an_intervention_with_two_mechanisms(kb):
    graph = to_graph(kb)
    node = URIRef(node_iri("intervention", "1a-lob-microchip"))
    other = URIRef(node_iri("mechanism", "extra"))
    graph.add((other, RDF.type, CT.RetentionMechanism))
    graph.add((node, CT.hasMechanism, other))
    consistent, _ = check_consistency(graph)
    assert not consistent
