"""SHACL validation of the knowledge base: what a complete entry is (`ontology/shapes.ttl`).

`validate_shacl(kb)` runs pyshacl on `to_graph(kb)` (ontology included, so `sh:class`
sees the class hierarchy) and returns one plain dict per violation: which entry (kind
and id), which YAML field, the shape's plain-English message and the offending value.
`kb validate` reports them next to the schema and reference checks.

pyshacl and rdflib are imported inside the functions only.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote

from chiptalent.kb.model import KnowledgeBase
from chiptalent.ontology import DATA_NS, ONTOLOGY_NS, SHAPES_NS, SHAPES_PATH


@lru_cache(maxsize=1)
def shapes_graph():
    """The parsed shapes (cached; pyshacl only reads them)."""
    from rdflib import Graph
    return Graph().parse(SHAPES_PATH, format="turtle")


def entry_of(iri: str) -> tuple[str | None, str]:
    """(kind, id) of the knowledge-base entry a node belongs to.

    Nested nodes report their owner: an expected effect its building block or
    intervention, a dependency its intervention, a demand figure or context fact its
    region. Concepts report their scheme as kind (`target_group`, `youth`).
    """
    if not iri.startswith(DATA_NS):
        return None, iri
    parts = [unquote(p) for p in iri[len(DATA_NS):].split("/")]
    if len(parts) == 1:
        return "scheme", parts[0]
    if parts[0] == "effect" and len(parts) >= 3:
        return parts[1], parts[2]
    if parts[0] in ("dependency", "mechanism"):
        return "intervention", parts[1]
    return parts[0], parts[1]


def _short(term) -> str:
    text = str(term)
    for prefix, ns in (("ctd:", DATA_NS), ("ct:", ONTOLOGY_NS),
                       ("skos:", "http://www.w3.org/2004/02/skos/core#"),
                       ("dcterms:", "http://purl.org/dc/terms/")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def validate_graph(data_graph) -> list[dict]:
    """SHACL violations of an rdflib graph that holds the ontology and the knowledge base."""
    import pyshacl
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    SH = Namespace("http://www.w3.org/ns/shacl#")
    field_of = URIRef(SHAPES_NS + "field")
    shapes = shapes_graph()
    # inference="none": to_graph asserts every type itself, and RDFS inference over the
    # ontology would only slow validation down.
    _conforms, results, _text = pyshacl.validate(
        data_graph, shacl_graph=shapes, inference="none", advanced=False,
        allow_warnings=True)

    seen, violations = set(), []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        field = shapes.value(shape, field_of) if shape is not None else None
        kind, item_id = entry_of(str(focus))
        if field is None:
            field = _short(path) if path is not None else None
        message = messages[0] if messages else f"violates {_short(shape)}"
        plain_value = (None if value is None else
                       str(value) if isinstance(value, Literal) else _short(value))
        key = (str(focus), str(field), message, plain_value)
        if key in seen:        # one property shape can fail several constraints at once
            continue
        seen.add(key)
        violations.append({
            "kind": kind, "id": item_id, "focus": _short(focus),
            "field": str(field) if field is not None else None,
            "path": _short(path) if path is not None else None,
            "message": message, "value": plain_value,
            "severity": _short(severity).rsplit("#", 1)[-1] if severity else "Violation",
        })
    violations.sort(key=lambda v: (str(v["kind"]), v["id"], str(v["field"]), v["message"]))
    return violations


def validate_shacl(kb: KnowledgeBase) -> list[dict]:
    """SHACL violations of a knowledge base (empty list: every entry is complete)."""
    from chiptalent.kb.rdf import to_graph
    return validate_graph(to_graph(kb, include_ontology=True))
