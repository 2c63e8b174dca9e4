"""`kb export`: Turtle, JSON-LD and plain JSON carry the same knowledge base.

Counts of interventions, evidence sources and regions must agree between the objects,
the Turtle re-parsed by rdflib, the JSON-LD re-parsed, a SPARQL COUNT and the JSON.
"""

from __future__ import annotations

import copy
import datetime
import json
import subprocess
import sys

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from chiptalent.errors import InputError
from chiptalent.kb.model import EvidenceSource
from chiptalent.kb.rdf import export, node_iri, to_graph
from chiptalent.ontology import ONTOLOGY_NS
from tests.helpers.rdf import parse_jsonld

CT = Namespace(ONTOLOGY_NS)
KINDS = {"interventions": CT.Intervention, "evidence": CT.EvidenceSource,
         "regions": CT.Region}


@pytest.fixture(scope="module")
def rich_kb(kb):
    """The real knowledge base plus one evidence source, so no count is trivially zero."""
    extended = copy.deepcopy(kb)
    first = next(iter(extended.interventions))
    extended.evidence["export-test-bron"] = EvidenceSource(
        id="export-test-bron", title="Exporttest", publisher="Test", language="en",
        title_en="Export test", summary="Samenvatting.", strength="descriptive",
        strength_reason="Beschrijvend.", interventions=[first])
    extended.interventions[first].evidence.append("export-test-bron")
    first_region = next(iter(extended.regions.values()))
    for fact in first_region.context.values():
        for source in fact.sources:
            source["date"] = datetime.date(2024, 5, 1)    # as yaml.safe_load gives dates
    return extended


def _expected(kb) -> dict[str, int]:
    return {"interventions": len(kb.interventions), "evidence": len(kb.evidence),
            "regions": len(kb.regions)}


def _typed(graph: Graph) -> dict[str, int]:
    return {key: len(set(graph.subjects(RDF.type, cls))) for key, cls in KINDS.items()}


def _sparql(graph: Graph) -> dict[str, int]:
    counts = {}
    for key, cls in KINDS.items():
        row = next(iter(graph.query(
            f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{cls}> }}")))
        counts[key] = int(row[0])
    return counts


def test_counts_agree_across_objects_turtle_jsonld_sparql_and_json(rich_kb):
    expected = _expected(rich_kb)
    assert min(expected.values()) >= 1, expected

    turtle = Graph().parse(data=export(rich_kb, "ttl"), format="turtle")
    jsonld = parse_jsonld(export(rich_kb, "jsonld"))   # without rdflib's own warning
    document = json.loads(export(rich_kb, "json"))

    assert _typed(turtle) == expected
    assert _typed(jsonld) == expected
    assert _sparql(turtle) == expected
    assert _sparql(jsonld) == expected
    assert {key: len(document[key]) for key in expected} == expected
    # Same triples either way: the JSON-LD loses nothing the Turtle has.
    assert len(turtle) == len(jsonld) == len(to_graph(rich_kb))


def test_real_kb_counts_agree(kb):
    graph = Graph().parse(data=export(kb, "ttl"), format="turtle")
    assert _sparql(graph) == _expected(kb)


def test_exports_include_the_ontology(kb):
    graph = Graph().parse(data=export(kb, "ttl"), format="turtle")
    assert (URIRef("https://w3id.org/chiptalent/ontology"), RDF.type,
            URIRef("http://www.w3.org/2002/07/owl#Ontology")) in graph
    assert len(to_graph(kb, include_ontology=False)) < len(graph)


def test_region_figures_survive_the_round_trip(kb):
    graph = Graph().parse(data=export(kb, "ttl"), format="turtle")
    for region in kb.regions.values():
        node = URIRef(node_iri("region", region.id))
        assert int(graph.value(node, CT.demandTotal)) == region.demand_total.value
        assert int(graph.value(node, CT.fte)) == region.fte.value


def test_json_document_has_the_fields_of_cli_md(rich_kb):
    document = json.loads(export(rich_kb, "json", rules=[{"id": "r1", "when": "x"}]))
    assert set(document) >= {"interventions", "evidence", "regions", "rules",
                             "building_blocks"}
    assert document["rules"] == [{"id": "r1", "when": "x"}]
    assert len(document["building_blocks"]) == len(rich_kb.building_blocks)
    fields = {"id", "label", "label_en", "alt_labels", "building_block", "target_groups",
              "levels", "goals", "effects", "requires", "requires_detail", "preconditions",
              "preconditions_detail", "programmes", "evidence", "business_responsibility",
              "provides", "seed_section", "seed_quote"}
    for item in document["interventions"]:
        assert fields <= set(item), item["id"]
        source = rich_kb.interventions[item["id"]]
        assert item["requires"] == [d.id for d in source.requires]
        assert [d["id"] for d in item["requires_detail"]] == item["requires"]
        assert all(d["strength"] in ("condition", "strong", "advisory")
                   for d in item["requires_detail"] + item["preconditions_detail"])
        assert item["effects"], f"{item['id']} has no effects, not even inherited ones"
    first = next(iter(rich_kb.interventions))
    assert "export-test-bron" in next(i for i in document["interventions"]
                                      if i["id"] == first)["evidence"]
    for region in document["regions"]:
        original = rich_kb.regions[region["id"]]
        assert region["demand"]["total"] == {"value": original.demand_total.value,
                                             "basis": original.demand_total.basis,
                                             **({"note": original.demand_total.note}
                                                if original.demand_total.note else {}),
                                             **({"note_en": original.demand_total.note_en}
                                                if original.demand_total.note_en else {}),
                                             **({"doubt": original.demand_total.doubt}
                                                if original.demand_total.doubt else {}),
                                             **({"doubt_en": original.demand_total.doubt_en}
                                                if original.demand_total.doubt_en else {})}
        for level in ("mbo", "hbo", "wo"):
            assert region["demand"][level]["basis"] == "derived"
        assert set(region["demand_share"]) == {"stated", "computed"}
        assert set(region["fte_share"]) == {"stated", "computed"}
        assert region["fte"]["value"] == original.fte.value
        for fact in region["context"].values():
            assert {"value", "summary", "sources"} <= set(fact)
    dated = [s["date"] for r in document["regions"] for f in r["context"].values()
             for s in f["sources"] if "date" in s]
    assert "2024-05-01" in dated


def test_unknown_format_is_an_input_error(kb):
    with pytest.raises(InputError, match="allowed: ttl, jsonld, json"):
        export(kb, "xml")


def test_modules_do_not_import_rdflib_at_import_time():
    code = ("import sys, chiptalent.kb.rdf, chiptalent.kb.shacl, "
            "chiptalent.ontology.reasoner, chiptalent.ontology; "
            "heavy = [m for m in ('rdflib', 'pyshacl', 'owlready2') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
