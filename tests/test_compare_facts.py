"""The sourced facts the comparison rests on (national.yaml `facts`): loaded, validated,
exported in RDF, each with the source that states it."""

from __future__ import annotations

import pytest

from chiptalent.kb import load
from chiptalent.kb.validate import validate


@pytest.fixture(scope="module")
def kb():
    return load()


def test_the_goal_the_reservations_and_the_first_tranche_are_sourced(kb):
    [goal] = kb.facts_of("goal")
    assert goal.value == 33_000 and goal.unit == "people"
    assert "33.000 extra technici" in goal.source["quote"]
    reservations = {f.region: f.value for f in kb.facts_of("reservation-2024")}
    assert reservations == {"brainport": 275_000_000, "twente": 72_000_000,
                            "delft": 43_000_000, "groningen": 29_000_000}
    assert sum(reservations.values()) == 419_000_000
    tranche = {f.region: f.value for f in kb.facts_of("first-tranche-2025-26")}
    assert tranche == {"brainport": 45_000_000, "twente": 20_500_000, "delft": 9_400_000,
                       "groningen": 5_900_000}
    for fact in kb.facts.values():
        source = fact.source
        assert source["title"] and source["publisher"] and source["quote"]
        assert 2024 <= source["year"] <= 2025
        assert source["url"].startswith("https://")


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_fact_for_an_unknown_region_is_named(kb_copy):
    _edit(kb_copy / "national.yaml", "    region: delft\n    value: 43000000",
          "    region: leiden\n    value: 43000000")
    messages = [p.describe() for p in validate(kb_copy)]
    assert any("reservation-2024-delft" in m and "unknown region 'leiden'" in m
               for m in messages), messages


def test_a_fact_without_a_source_or_of_an_unknown_kind_is_refused(kb_copy):
    _edit(kb_copy / "national.yaml", "    kind: goal\n", "    kind: wish\n")
    messages = [p.describe() for p in validate(kb_copy)]
    assert any("wish" in m for m in messages), messages


def test_facts_are_in_the_rdf_export(kb):
    from chiptalent.kb.rdf import ONTOLOGY_NS, to_graph
    from rdflib import Namespace, URIRef
    from rdflib.namespace import RDF

    graph = to_graph(kb, include_ontology=False)
    ct = Namespace(ONTOLOGY_NS)
    facts = set(graph.subjects(RDF.type, ct.SourcedFact))
    assert len(facts) == len(kb.facts)
    goal = next(f for f in facts if str(f).endswith("goal-extra-technicians-2030"))
    assert int(float(graph.value(goal, ct.factValue))) == 33_000
    source = graph.value(goal, ct.factSource)
    assert isinstance(source, URIRef)
    assert "33.000" in str(graph.value(source, ct.quote))
