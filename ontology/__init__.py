"""The chiptalent ontology: OWL 2 classes and axioms, SHACL shapes, and the reasoner check.

- `chiptalent.ttl` — the OWL 2 DL ontology (classes, properties, axioms and one SKOS
  concept scheme per controlled vocabulary; the concepts themselves are generated
  from the knowledge base by `chiptalent.kb.rdf`);
- `shapes.ttl` — SHACL shapes saying what a complete knowledge-base entry is
  (`chiptalent.kb.shacl` runs them);
- `reasoner.py` — `check_consistency()`: HermiT, through owlready2, on the JVM.

Importing this package is cheap: it loads neither rdflib nor owlready2.
"""

from __future__ import annotations

from pathlib import Path

ONTOLOGY_PATH = Path(__file__).resolve().parent / "chiptalent.ttl"
SHAPES_PATH = Path(__file__).resolve().parent / "shapes.ttl"

# The ontology's terms, the knowledge base's data, and the shapes.
ONTOLOGY_NS = "https://w3id.org/chiptalent/ontology#"
DATA_NS = "https://w3id.org/chiptalent/kb/"
SHAPES_NS = "https://w3id.org/chiptalent/shapes#"
ONTOLOGY_IRI = "https://w3id.org/chiptalent/ontology"

__all__ = ["ONTOLOGY_PATH", "SHAPES_PATH", "ONTOLOGY_NS", "DATA_NS", "SHAPES_NS",
           "ONTOLOGY_IRI"]
