"""The knowledge base as RDF (for export, SHACL and reasoning) and as one plain JSON document.

`to_graph(kb)` writes the objects of `model.py` as individuals of the ontology
(`ontology/chiptalent.ttl`): every concept of every controlled vocabulary, the building
blocks with their expected effects, the interventions, the evidence sources, the regions
with their figures and context facts, and the value-chain segments of Bijlage 3. The
ontology holds only classes, properties, axioms and the concept schemes; the individuals
come from here, so the YAML stays the single source of truth.

`export(kb, fmt)` serialises: `ttl` and `jsonld` (the graph, ontology included) or `json`
(the plain document of `chiptalent kb export --format json`, spec/cli.md).

rdflib is imported inside the functions only: the command line's fast path imports this
module's callers without paying for rdflib.
"""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from chiptalent.errors import InputError
from chiptalent.kb.model import (BuildingBlock, Concept, Effect, EvidenceSource,
                                 Intervention, KnowledgeBase, Mechanism, Parameter, Region)
from chiptalent.kb.present import (block_document, evidence_document, intervention_document,
                                   region_document, reverse_requires)
from chiptalent.ontology import DATA_NS, ONTOLOGY_NS, ONTOLOGY_PATH

FORMATS = ("ttl", "jsonld", "json")

PREFIXES = {
    "ct": ONTOLOGY_NS,
    "ctd": DATA_NS,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# Schemes whose concepts are entities of their own (with figures, effects, ...): the
# entity writes the concept, and a same-id vocabulary entry only fills nothing twice.
_ENTITY_SCHEMES = ("building_block", "region", "value_chain_segment")


def node_iri(kind: str, item_id: str, *more: str) -> str:
    """The IRI of a knowledge-base item: `ctd:<kind>/<id>[/<more>...]`.

    Vocabulary concepts use their scheme as kind (ctd:party_type/regional-government),
    so equal ids of different schemes never clash.
    """
    parts = [kind, str(item_id), *map(str, more)]
    return DATA_NS + "/".join(quote(p, safe="-_.~") for p in parts)


@lru_cache(maxsize=1)
def ontology_graph():
    """The parsed ontology (cached; callers copy its triples, never mutate it)."""
    from rdflib import Graph
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@lru_cache(maxsize=1)
def scheme_classes() -> dict[str, str]:
    """scheme id -> IRI of the class its concepts belong to, as the ontology declares."""
    from rdflib import URIRef
    graph = ontology_graph()
    member_class = URIRef(ONTOLOGY_NS + "memberClass")
    return {str(s)[len(DATA_NS):]: str(o) for s, o in graph.subject_objects(member_class)
            if str(s).startswith(DATA_NS)}


class GraphWriter:
    """Writes one knowledge base into one rdflib graph (one method per kind of entry)."""

    def __init__(self, graph, kb: KnowledgeBase):
        from rdflib import Literal, Namespace, URIRef
        from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD
        self.g, self.kb = graph, kb
        self.Literal, self.URIRef = Literal, URIRef
        self.CT = Namespace(ONTOLOGY_NS)
        self.RDF, self.OWL, self.SKOS, self.DCT, self.XSD = RDF, OWL, SKOS, DCTERMS, XSD
        self.classes = scheme_classes()
        self.members: dict[str, list] = {}      # scheme -> concept nodes, for AllDifferent

    # -- small helpers ------------------------------------------------------------------
    def node(self, kind: str, item_id: str, *more: str):
        return self.URIRef(node_iri(kind, item_id, *more))

    def add(self, s, p, o):
        self.g.add((s, p, o))

    def text(self, s, p, value, lang: str | None = None):
        """A literal when there is text (empty and None say nothing)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        self.add(s, p, self.Literal(str(value).strip(), lang=lang))

    def links(self, s, p, scheme: str, ids):
        for item_id in ids or []:
            if item_id is not None and str(item_id) != "":
                self.add(s, p, self.node(scheme, item_id))

    @staticmethod
    def decimal(value) -> Decimal:
        # repr() keeps a float's shortest exact digits; xsd:decimal, never xsd:double,
        # because the ontology's ranges say decimal and OWL keeps the two apart.
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)

    # -- concepts -------------------------------------------------------------------------
    def concept(self, scheme: str, item_id: str, label: str, label_en: str, *,
                alt_labels=(), definition=None, definition_en=None, seed_section=None,
                seed_quote=None, rank=None):
        """A SKOS concept in its scheme, typed with the scheme's class."""
        s, SKOS, CT = self.node(scheme, item_id), self.SKOS, self.CT
        scheme_node = self.URIRef(DATA_NS + scheme)
        self.add(s, self.RDF.type, SKOS.Concept)
        if scheme in self.classes:
            self.add(s, self.RDF.type, self.URIRef(self.classes[scheme]))
        else:   # a vocabulary newer than the ontology: still a concept in its own scheme
            self.add(scheme_node, self.RDF.type, SKOS.ConceptScheme)
            self.add(scheme_node, SKOS.prefLabel, self.Literal(scheme, lang="en"))
        self.add(s, SKOS.inScheme, scheme_node)
        self.add(s, SKOS.topConceptOf, scheme_node)
        self.add(scheme_node, SKOS.hasTopConcept, s)
        self.add(s, SKOS.notation, self.Literal(str(item_id)))
        self.add(s, self.DCT.identifier, self.Literal(str(item_id)))
        self.text(s, SKOS.prefLabel, label, "nl")
        self.text(s, SKOS.prefLabel, label_en, "en")
        for alt in alt_labels or []:
            self.text(s, SKOS.altLabel, alt)
        self.text(s, SKOS.definition, definition, "nl")
        self.text(s, SKOS.definition, definition_en, "en")
        self.text(s, CT.seedSection, seed_section)
        self.text(s, CT.seedQuote, seed_quote)
        if rank is not None:
            self.add(s, CT.rank, self.Literal(int(rank)))
        self.members.setdefault(scheme, []).append(s)
        return s

    def vocabularies(self):
        entity_ids = {"building_block": set(self.kb.building_blocks),
                      "region": set(self.kb.regions),
                      "value_chain_segment": set(self._segments_by_id())}
        for scheme, concepts in sorted(self.kb.vocabularies.items()):
            for c in concepts.values():
                if scheme in _ENTITY_SCHEMES and c.id in entity_ids[scheme]:
                    continue
                self._vocabulary_concept(c)
        self.scale("evidence_strength", self.CT.directlyStrongerThan)
        self.scale("magnitude", self.CT.directlyLargerThan)

    def _vocabulary_concept(self, c: Concept):
        self.concept(c.scheme, c.id, c.label, c.label_en, alt_labels=c.alt_labels,
                     definition=c.definition, definition_en=c.definition_en,
                     seed_section=c.seed_section, seed_quote=c.seed_quote, rank=c.rank)

    def scale(self, scheme: str, step):
        """The order of a ranked vocabulary: each step up is `step` the one below it."""
        ranked = sorted((c for c in self.kb.vocabulary(scheme).values() if c.rank is not None),
                        key=lambda c: c.rank)
        for lower, higher in zip(ranked, ranked[1:]):
            if higher.rank > lower.rank:
                self.add(self.node(scheme, higher.id), step, self.node(scheme, lower.id))

    def all_different(self):
        """Concepts of one scheme are distinct individuals (OWL has no unique names)."""
        from rdflib import BNode
        from rdflib.collection import Collection
        for scheme, nodes in sorted(self.members.items()):
            unique = list(dict.fromkeys(nodes))
            if len(unique) < 2:
                continue
            head, group = BNode(), BNode()
            Collection(self.g, head, unique)
            self.add(group, self.RDF.type, self.OWL.AllDifferent)
            self.add(group, self.OWL.distinctMembers, head)

    # -- building blocks and effects --------------------------------------------------------
    def effect(self, owner_kind: str, owner_id: str, n: int, e: Effect):
        s, CT = self.node("effect", owner_kind, owner_id, str(n)), self.CT
        self.add(s, self.RDF.type, CT.ExpectedEffect)
        if e.dimension:
            self.add(s, CT.effectDimension, self.node("effect_dimension", e.dimension))
        if e.magnitude:
            self.add(s, CT.effectMagnitude, self.node("magnitude", e.magnitude))
        if e.horizon:
            self.add(s, CT.effectHorizon, self.node("horizon", e.horizon))
        self.text(s, self.SKOS.note, e.note, "nl")
        self.text(s, self.SKOS.note, e.note_en, "en")
        return s

    def building_block(self, b: BuildingBlock):
        s, CT = self.concept("building_block", b.id, b.label, b.label_en,
                             alt_labels=b.alt_labels, definition=b.definition,
                             definition_en=b.definition_en, seed_section=b.seed_section,
                             seed_quote=b.seed_quote), self.CT
        self.text(s, CT.heading, b.heading)
        self.text(s, CT.theme, b.theme)
        self.text(s, CT.effectsText, b.effects_text)
        for n, e in enumerate(b.effects, 1):
            self.add(s, CT.hasExpectedEffect, self.effect("building_block", b.id, n, e))

    # -- interventions ----------------------------------------------------------------------
    def intervention(self, i: Intervention):
        s, CT, SKOS, DCT = self.node("intervention", i.id), self.CT, self.SKOS, self.DCT
        self.add(s, self.RDF.type, CT.Intervention)
        self.add(s, DCT.identifier, self.Literal(i.id))
        self.text(s, SKOS.prefLabel, i.label, "nl")
        self.text(s, SKOS.prefLabel, i.label_en, "en")
        for alt in i.alt_labels:
            self.text(s, SKOS.altLabel, alt)
        self.text(s, DCT.description, i.description, "nl")
        self.text(s, DCT.description, i.description_en, "en")
        if i.building_block:
            self.add(s, CT.belongsToBlock, self.node("building_block", i.building_block))
        self.links(s, CT.targets, "target_group", i.target_groups)
        self.links(s, CT.atLevel, "level", i.levels)
        self.links(s, CT.viaRoute, "route", i.routes)
        self.links(s, CT.servesGoal, "goal", i.goals)
        self.links(s, CT.connectsTo, "programme", i.programmes)
        self.links(s, CT.provides, "precondition", i.provides)
        self.links(s, CT.requires, "intervention", i.requires_ids)
        self.links(s, CT.needs, "precondition", i.precondition_ids)
        for kind, deps in (("intervention", i.requires), ("precondition", i.preconditions)):
            for dep in deps:
                d = self.node("dependency", i.id, kind, dep.id)
                self.add(s, CT.qualifiedDependency, d)
                self.add(d, self.RDF.type, CT.Dependency)
                self.add(d, CT.dependencyTarget, self.node(kind, dep.id))
                self.text(d, CT.dependencyStrength, dep.strength)
                self.text(d, CT.reason, dep.reason)
        for n, group in enumerate(i.requires_any, 1):
            # at least one of several (`requires_any`): a group node with its members
            d = self.node("dependency", i.id, "any", str(n))
            self.add(s, CT.requiresAnyOf, d)
            self.add(d, self.RDF.type, CT.DependencyGroup)
            self.links(d, CT.anyOf, "intervention", group.ids)
            self.text(d, CT.groupStrength, group.strength)
            self.text(d, CT.reason, group.reason)
        if i.effects:
            for n, e in enumerate(i.effects, 1):
                self.add(s, CT.hasExpectedEffect, self.effect("intervention", i.id, n, e))
        elif i.building_block in self.kb.building_blocks:
            # An intervention inherits its block's effects: link the block's own nodes.
            for n in range(1, len(self.kb.building_blocks[i.building_block].effects) + 1):
                self.add(s, CT.hasExpectedEffect,
                         self.node("effect", "building_block", i.building_block, str(n)))
        self.add(s, CT.businessResponsibility, self.Literal(bool(i.business_responsibility)))
        self.text(s, CT.businessReason, i.business_reason)
        self.text(s, CT.businessSeedQuote, i.business_seed_quote)
        for measure in i.researched_measures:
            self.text(s, CT.researchedMeasure, measure)
        self.links(s, CT.isSupportedBy, "evidence", i.evidence)
        self.text(s, CT.seedSection, i.seed_section)
        self.text(s, CT.seedQuote, i.seed_quote)
        if i.mechanism:
            self.add(s, CT.hasMechanism, self.mechanism(i.id, i.mechanism))

    # -- the forecast: mechanisms and parameters --------------------------------------------
    def mechanism(self, owner: str, m: Mechanism):
        """The intervention's mechanism: an individual of its class, with its own parameters."""
        node, CT = self.node("mechanism", owner), self.CT
        self.add(node, self.RDF.type, CT[m.type.capitalize() + "Mechanism"])
        for role, pid in sorted(m.parameters.items()):
            binding = self.node("mechanism", owner, role)
            self.add(node, CT.hasParameterBinding, binding)
            self.add(binding, self.RDF.type, CT.ParameterBinding)
            self.add(binding, CT.parameterRole, self.Literal(role))
            self.add(binding, CT.boundParameter, self.node("parameter", pid))
        return node

    def parameter(self, p: Parameter):
        s, CT, DCT = self.node("parameter", p.id), self.CT, self.DCT
        self.add(s, self.RDF.type, CT.Parameter)
        self.add(s, DCT.identifier, self.Literal(p.id))
        self.text(s, self.SKOS.prefLabel, p.label, "nl")
        self.text(s, self.SKOS.prefLabel, p.label_en, "en")
        self.add(s, CT.unit, self.Literal(p.unit))
        for prop, value in ((CT.low, p.low), (CT.central, p.central), (CT.high, p.high)):
            self.add(s, prop, self.Literal(self.decimal(value)))
        self.text(s, CT.assumption, p.assumption)
        self.text(s, CT.setBy, p.set_by)
        self.text(s, self.SKOS.note, p.note)
        if p.measures_after_years is not None:
            self.add(s, CT.measuresAfterYears,
                     self.Literal(self.decimal(p.measures_after_years)))
        for key, value in sorted(p.scope.items()):
            if key == "mechanism":
                self.add(s, CT.scopeMechanism, self.Literal(value))
            else:       # a level, route, region, target group or intervention: its node
                self.add(s, CT.appliesTo, self.node(key, value))
        if p.source:
            source = self.node("parameter", p.id, "source")
            self.add(s, CT.hasSource, source)
            self.add(source, self.RDF.type, CT.ParameterSource)
            self.text(source, DCT.title, p.source.get("title"))
            self.text(source, DCT.publisher, p.source.get("publisher"))
            if p.source.get("year") is not None:
                self.add(source, CT.sourceYear, self.Literal(int(p.source["year"])))
            if p.source.get("url"):
                self.add(source, CT.sourceUrl,
                         self.Literal(p.source["url"], datatype=self.XSD.anyURI))
            self.text(source, CT.quote, p.source.get("quote"))
            for key in ("table", "page"):
                self.text(source, CT.sourceTable, p.source.get(key))

    # -- evidence ------------------------------------------------------------------------------
    def evidence(self, e: EvidenceSource):
        s, CT, SKOS, DCT = self.node("evidence", e.id), self.CT, self.SKOS, self.DCT
        lang = e.language if e.language in ("nl", "en") else None
        self.add(s, self.RDF.type, CT.EvidenceSource)
        self.add(s, DCT.identifier, self.Literal(e.id))
        self.text(s, DCT.title, e.title, lang)
        if e.title_en and lang != "en":
            self.text(s, DCT.title, e.title_en, "en")
        self.text(s, DCT.publisher, e.publisher)
        if e.url:
            self.add(s, CT.url, self.Literal(e.url, datatype=self.XSD.anyURI))
        if e.year is not None:
            self.add(s, CT.year, self.Literal(int(e.year)))
        self.text(s, DCT.language, e.language)
        if e.type:
            self.add(s, CT.hasEvidenceType, self.node("evidence_type", e.type))
        self.text(s, DCT.description, e.summary, "nl")
        self.text(s, DCT.description, e.summary_en, "en")
        for alt in e.alt_labels:
            self.text(s, SKOS.altLabel, alt)
        if e.strength:
            self.add(s, CT.hasStrength, self.node("evidence_strength", e.strength))
        self.text(s, CT.strengthReason, e.strength_reason)
        if e.status != "retired":      # the loader links retired sources to nothing either
            self.links(s, CT.informs, "intervention", e.interventions)
        self.links(s, CT.aboutBlock, "building_block", e.building_blocks)
        self.links(s, CT.targets, "target_group", e.target_groups)
        self.links(s, CT.atLevel, "level", e.levels)
        self.add(s, CT.inSeed, self.Literal(bool(e.in_seed)))
        self.text(s, CT.seedSection, e.seed_section)
        self.text(s, CT.seedQuote, e.seed_quote)
        self.text(s, CT.status, e.status)

    # -- regions -------------------------------------------------------------------------------
    def region(self, r: Region):
        s, CT = self.concept("region", r.id, r.label, r.label_en,
                             seed_section=r.seed_section, seed_quote=r.seed_quote), self.CT
        Literal = self.Literal
        if r.demand_total and r.demand_total.value is not None:
            self.add(s, CT.demandTotal, Literal(int(r.demand_total.value)))
            self.text(s, CT.demandTotalBasis, r.demand_total.basis)
            self.text(s, CT.demandDoubt, r.demand_total.doubt, "nl")
        if r.fte and r.fte.value is not None:
            self.add(s, CT.fte, Literal(int(r.fte.value)))
        for prop, share in ((CT.demandShareStated, r.demand_share.get("stated")),
                            (CT.demandShareComputed, r.demand_share.get("computed")),
                            (CT.fteShareStated, r.fte_share.get("stated")),
                            (CT.fteShareComputed, r.fte_share.get("computed"))):
            if share is not None:
                self.add(s, prop, Literal(self.decimal(share)))
        for level, figure in r.demand.items():
            d = self.node("region", r.id, "demand", level)
            self.add(s, CT.hasDemandFigure, d)
            self.add(d, self.RDF.type, CT.DemandFigure)
            self.add(d, CT.atLevel, self.node("level", level))
            if figure.value is not None:
                self.add(d, CT.value, Literal(int(figure.value)))
            self.text(d, CT.basis, figure.basis)
            self.text(d, self.SKOS.note, figure.note, "nl")
        for signal, fact in r.context.items():
            f = self.node("region", r.id, "context", signal)
            self.add(s, CT.hasContextFact, f)
            self.add(f, self.RDF.type, CT.ContextFact)
            self.add(f, CT.aboutSignal, self.node("signal", signal))
            self.text(f, CT.signalValue, fact.value)
            if fact.quality:
                self.add(f, CT.sourceQuality, self.node("signal_quality", fact.quality))
            self.text(f, CT.qualityReason, fact.quality_reason, "nl")
            self.text(f, self.DCT.description, fact.summary, "nl")
            self.text(f, CT.qualityReason, fact.quality_reason_en, "en")
            self.text(f, self.DCT.description, fact.summary_en, "en")
            for n, source in enumerate(fact.sources, 1):
                c = self.node("region", r.id, "context", signal, "source", str(n))
                self.add(f, CT.citation, c)
                self.add(c, self.RDF.type, CT.Citation)
                self.text(c, self.DCT.title, source.get("title"))
                self.text(c, self.DCT.publisher, source.get("publisher"))
                if source.get("url"):
                    self.add(c, CT.url, Literal(source["url"], datatype=self.XSD.anyURI))
                if source.get("date") is not None:
                    self.text(c, self.DCT.date, _plain(source["date"]))
                if source.get("verified") is not None:
                    self.add(c, CT.verified, Literal(bool(source["verified"])))

    # -- sourced facts (the call's implementation: goal, reservations, tranches) -------
    def sourced_fact(self, f):
        s, CT, DCT = self.node("fact", f.id), self.CT, self.DCT
        self.add(s, self.RDF.type, CT.SourcedFact)
        self.add(s, DCT.identifier, self.Literal(f.id))
        self.text(s, self.SKOS.prefLabel, f.label, "nl")
        self.text(s, self.SKOS.prefLabel, f.label_en, "en")
        self.add(s, CT.factKind, self.Literal(f.kind))
        self.add(s, CT.factValue, self.Literal(self.decimal(f.value)))
        self.add(s, CT.factUnit, self.Literal(f.unit))
        if f.region:
            self.add(s, CT.factRegion, self.node("region", f.region))
        source = self.node("fact", f.id, "source")
        self.add(s, CT.factSource, source)
        self.add(source, self.RDF.type, CT.ParameterSource)
        self.text(source, DCT.title, f.source.get("title"))
        self.text(source, DCT.publisher, f.source.get("publisher"))
        if f.source.get("year") is not None:
            self.add(source, CT.sourceYear, self.Literal(int(f.source["year"])))
        if f.source.get("url"):
            self.add(source, CT.sourceUrl,
                     self.Literal(f.source["url"], datatype=self.XSD.anyURI))
        self.text(source, CT.quote, f.source.get("quote"))

    # -- value chain (Bijlage 3) -----------------------------------------------------------
    def _segments_by_id(self) -> dict[str, dict]:
        chain = (self.kb.national or {}).get("value_chain") or {}
        return {str(seg["id"]): seg for seg in chain.get("segments") or []
                if isinstance(seg, dict) and seg.get("id")}

    def value_chain(self):
        chain = (self.kb.national or {}).get("value_chain") or {}
        for seg_id, seg in self._segments_by_id().items():
            # Bijlage 3 names the segments in English inside the Dutch call: one name for both.
            s = self.concept("value_chain_segment", seg_id, seg.get("label"), seg.get("label"),
                             seed_section=chain.get("seed_section"),
                             seed_quote=chain.get("seed_quote"))
            for prop, key in ((self.CT.organisations, "organisations"),
                              (self.CT.fte, "fte"), (self.CT.revenueEur, "revenue_eur")):
                if seg.get(key) is not None:
                    self.add(s, prop, self.Literal(int(seg[key])))
            for company in seg.get("top5") or []:
                self.text(s, self.CT.topCompany, company)

    # -- requested programmes (Bijlage 3, ranked per level) -------------------------------
    def requested_programmes(self):
        for level, programmes in sorted(self.kb.requested_programmes.items()):
            for p in programmes:
                s = self.concept("requested_programme", p.id, p.label, p.label_en,
                                 seed_section=p.seed_section, seed_quote=p.seed_quote)
                self.add(s, self.CT.requestedAtLevel, self.node("level", level))
                self.add(s, self.CT.demandRank, self.Literal(int(p.rank)))

    def write(self):
        self.vocabularies()
        for p in self.kb.parameters.values():
            self.parameter(p)
        for b in self.kb.building_blocks.values():
            self.building_block(b)
        for i in self.kb.interventions.values():
            self.intervention(i)
        for e in self.kb.evidence.values():
            self.evidence(e)
        for r in self.kb.regions.values():
            self.region(r)
        self.value_chain()
        self.requested_programmes()
        for f in self.kb.facts.values():
            self.sourced_fact(f)
        self.all_different()


def new_graph():
    """An empty rdflib graph with the project's prefixes bound."""
    from rdflib import Graph
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def to_graph(kb: KnowledgeBase, include_ontology: bool = True):
    """The knowledge base as an rdflib Graph, with the ontology's triples unless told not."""
    graph = new_graph()
    if include_ontology:
        graph += ontology_graph()
    GraphWriter(graph, kb).write()
    return graph


# ---------------------------------------------------------------------------------------
# The plain JSON document of `kb export --format json`
# ---------------------------------------------------------------------------------------

def _plain(value):
    """JSON-safe: dates as ISO text, tuples and sets as lists."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


def concept_doc(c: Concept) -> dict:
    doc = {"id": c.id, "label": c.label, "label_en": c.label_en,
           "alt_labels": list(c.alt_labels), "definition": c.definition,
           "definition_en": c.definition_en, "seed_section": c.seed_section,
           "seed_quote": c.seed_quote}
    if c.rank is not None:
        doc["rank"] = c.rank
    doc.update(c.extra)
    return doc


def to_document(kb: KnowledgeBase, rules: list[dict] | None = None) -> dict:
    """The whole knowledge base as one plain JSON-ready document (spec/cli.md).

    `rules` come from the caller: kb must not import the rules package.
    """
    reverse = reverse_requires(kb)
    return _plain({
        # The items in the shape every other JSON view uses (kb/present.py), without
        # `refs`: the export holds every item they would name.
        "interventions": [intervention_document(kb, iid, refs=False, reverse=reverse)
                          for iid in kb.interventions],
        "evidence": [evidence_document(kb, sid, refs=False) for sid in kb.evidence],
        "regions": [region_document(kb, rid, refs=False) for rid in kb.regions],
        "rules": list(rules or []),
        "building_blocks": [block_document(kb, bid, refs=False)
                            for bid in kb.building_blocks],
        "vocabularies": {scheme: [concept_doc(c) for c in concepts.values()]
                         for scheme, concepts in sorted(kb.vocabularies.items())},
        "national": kb.national,
        "parameters": [p.as_dict() for p in kb.parameters.values()],
    })


def jsonld_context() -> dict:
    """The JSON-LD context: the project's prefixes, so the document stays readable."""
    return dict(PREFIXES)


def export(kb: KnowledgeBase, fmt: str, rules: list[dict] | None = None) -> str:
    """The knowledge base serialised as `ttl`, `jsonld` (ontology included) or `json`.

    `rules` (plain dicts, from the caller) go into the JSON document only; the RDF
    formats carry the ontology and the knowledge base.
    """
    if fmt == "json":
        return json.dumps(to_document(kb, rules), ensure_ascii=False, indent=2)
    if fmt == "ttl":
        return to_graph(kb).serialize(format="turtle")
    if fmt == "jsonld":
        return to_graph(kb).serialize(format="json-ld", context=jsonld_context(), indent=2)
    raise InputError(f"unknown export format {fmt!r}; allowed: {', '.join(FORMATS)}",
                     field="format")
