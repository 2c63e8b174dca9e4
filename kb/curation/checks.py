"""Validate evidence documents before they are written: schema, references, SHACL.

The same checks as `kb validate`, restricted to the sources being written, so that a
change is refused before it reaches the disk and the knowledge base stays valid after
every write:
1. the JSON Schema `EVIDENCE_FILE` (shape, required fields, allowed keys);
2. references, with `validate.check_references` itself, run on a small knowledge base
   of the real vocabularies, building blocks, interventions and regions plus just these
   sources (vocabulary ids, strength and type, interventions, blocks, ids unique across
   kinds, file name = id), and `validate.check_seed_quotes`;
0. no text holds a control or bidirectional control character (fields.py), whatever
   way the document came (form, command line, import);
3. SHACL on a small graph: the evidence shapes of `ontology/shapes.ttl` (those that
   target ct:EvidenceSource, with their property shapes) against the sources
   themselves plus a typed stand-in for each concept, building block and intervention
   they point to — enough for every `sh:class` and cardinality of those shapes.
"""

from __future__ import annotations

from functools import lru_cache

from chiptalent.kb.curation.fields import unsafe_character
from chiptalent.kb.loader import build
from chiptalent.kb.model import KnowledgeBase
from chiptalent.kb.schema import Problem, check_raw
from chiptalent.kb.shacl import entry_of, shapes_graph
from chiptalent.kb.validate import EntryLines, check_references, check_seed_quotes
from chiptalent.ontology import ONTOLOGY_NS, SHAPES_NS

SH = "http://www.w3.org/ns/shacl#"

# The vocabularies an evidence source refers to.
SCHEMES = ("evidence_strength", "evidence_type", "target_group", "level")


def file_name(source_id: str) -> str:
    return f"evidence/{source_id}.yaml"


def check_sources(docs: list[dict], kb: KnowledgeBase, *,
                  shacl: bool = True) -> list[list[Problem]]:
    """The problems of each document (aligned with `docs`; empty lists mean valid).

    `kb` supplies vocabularies, building blocks, interventions and regions; its
    evidence is not consulted (a new id's clash with an existing source is the
    store's to detect, from the files themselves).
    """
    results: list[list[Problem]] = [[] for _ in docs]
    raw: dict[str, dict] = {}
    position: dict[str, int] = {}
    for n, doc in enumerate(docs):
        name = file_name(str(doc.get("id") or f"?{n}"))
        problems = unsafe_text(doc, name) or check_raw({name: doc})
        if problems:
            results[n] = problems
        else:
            raw[name] = doc
            position[str(doc["id"])] = n
    if not raw:
        return results

    built = build(raw)
    sources = built.evidence
    mini = KnowledgeBase(building_blocks=kb.building_blocks, vocabularies=kb.vocabularies,
                         interventions=kb.interventions, evidence=sources,
                         regions=kb.regions, national=kb.national)
    lines = EntryLines(raw)
    found = check_references(mini, lines) + check_seed_quotes(raw, lines)
    for problem in found:
        n = position.get(problem.entry or "")
        if n is not None and problem.file in (file_name(problem.entry), "?"):
            results[n].append(problem)

    if shacl:
        clean = [sources[sid] for sid, n in position.items() if not results[n]]
        if clean:
            for sid, problem in shacl_problems(clean, kb):
                results[position[sid]].append(problem)
    return results


def unsafe_text(doc: dict, name: str) -> list[Problem]:
    """A problem per field whose text holds a character stored text may not hold."""
    problems = []
    for field, value in doc.items():
        for text in (value if isinstance(value, list) else [value]):
            found = unsafe_character(text) if isinstance(text, str) else None
            if found is None and isinstance(field, str):
                found = unsafe_character(field)
            if found is not None:
                problems.append(Problem(name, f"holds {found}; allowed: printable text",
                                        entry=str(doc.get("id") or ""), field=str(field)))
                break
    return problems


@lru_cache(maxsize=1)
def evidence_shapes():
    """The shapes that target evidence sources, with everything they reach (property
    shapes, lists), copied out of `ontology/shapes.ttl`: validating one source against
    these instead of every shape is several times faster."""
    from rdflib import BNode, Graph, URIRef

    full = shapes_graph()
    target = URIRef(ONTOLOGY_NS + "EvidenceSource")
    todo = list(full.subjects(URIRef(SH + "targetClass"), target))
    out, seen = Graph(), set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in full.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, BNode) or (isinstance(o, URIRef)
                                        and str(o).startswith(SHAPES_NS)):
                todo.append(o)
    return out


def shacl_problems(sources, kb: KnowledgeBase) -> list[tuple[str, Problem]]:
    """(source id, problem) for each SHACL violation of the given sources."""
    import pyshacl
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from chiptalent.kb.rdf import GraphWriter, new_graph, scheme_classes

    graph = new_graph()
    writer = GraphWriter(graph, kb)
    classes = scheme_classes()
    ct = writer.CT

    def typed(kind: str, item_id: str, cls) -> None:
        graph.add((writer.node(kind, item_id), RDF.type, cls))

    ids = set()
    for source in sources:
        ids.add(source.id)
        writer.evidence(source)
        # Stand-ins for what the source points to: the type is all `sh:class` needs.
        for scheme, values in (("evidence_strength", [source.strength]),
                               ("evidence_type", [source.type]),
                               ("target_group", source.target_groups),
                               ("level", source.levels)):
            for value in values:
                if value in kb.vocabulary(scheme) and scheme in classes:
                    typed(scheme, value, URIRef(classes[scheme]))
        for block in source.building_blocks:
            if block in kb.building_blocks:
                typed("building_block", block, ct.BuildingBlock)
        for iid in source.interventions:
            if iid in kb.interventions:
                typed("intervention", iid, ct.Intervention)

    _conforms, results, _text = pyshacl.validate(
        graph, shacl_graph=evidence_shapes(), inference="none", advanced=False,
        allow_warnings=True)
    shapes = shapes_graph()
    field_of = URIRef(SHAPES_NS + "field")
    out, seen = [], set()
    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        focus = str(results.value(result, URIRef(SH + "focusNode")))
        kind, item_id = entry_of(focus)
        if kind != "evidence" or item_id not in ids:
            continue
        shape = results.value(result, URIRef(SH + "sourceShape"))
        value = results.value(result, URIRef(SH + "value"))
        field = shapes.value(shape, field_of) if shape is not None else None
        messages = [str(m) for m in results.objects(result, URIRef(SH + "resultMessage"))]
        message = "SHACL: " + (messages[0] if messages else "violates the evidence shape")
        if value is not None and str(value) != focus:
            shown = str(value) if isinstance(value, Literal) else entry_of(str(value))[1]
            message += f" (value: {shown})"
        key = (item_id, str(field), message)
        if key in seen:
            continue
        seen.add(key)
        out.append((item_id, Problem(file_name(item_id), message, entry=item_id,
                                     field=str(field) if field is not None else None)))
    return out
