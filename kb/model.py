"""The knowledge base as plain Python objects.

The loader turns the YAML of `kb/data/` into these dataclasses; the cache pickles them;
the rules, the search index, the RDF export and the web app read them. They carry no
behaviour beyond small conveniences, so that every consumer sees the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("po", "vo", "mbo", "hbo", "wo", "phd")
DEMAND_LEVELS = ("mbo", "hbo", "wo")          # the levels Bijlage 2 gives demand for
SIGNAL_VALUES = ("low", "medium", "high")     # ordered
MAGNITUDES = ("limited", "considerable", "large")   # ordered; `enabling` stands apart
DEPENDENCY_STRENGTHS = ("condition", "strong", "advisory")
BLOCK_IDS = ("1A", "1B", "1C", "2", "3", "4", "5")


@dataclass(slots=True)
class Concept:
    """A term of a controlled vocabulary (a SKOS concept in its own scheme)."""

    id: str
    scheme: str
    label: str
    label_en: str
    alt_labels: list[str] = field(default_factory=list)
    definition: str | None = None
    definition_en: str | None = None
    seed_section: str | None = None
    seed_quote: str | None = None
    rank: int | None = None           # for ordered scales (evidence strength)
    extra: dict = field(default_factory=dict)   # scheme-specific facts (crosswalk, ...)


@dataclass(slots=True)
class Effect:
    """An expected effect: on what (dimension), how much (magnitude), when (horizon)."""

    dimension: str | None = None
    magnitude: str | None = None
    horizon: str | None = None
    note: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in (("dimension", self.dimension),
                                  ("magnitude", self.magnitude),
                                  ("horizon", self.horizon),
                                  ("note", self.note)) if v is not None}


@dataclass(slots=True)
class Dependency:
    """What an intervention needs: another intervention or a precondition."""

    id: str
    strength: str = "advisory"        # condition | strong | advisory
    reason: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "strength": self.strength, "reason": self.reason}


@dataclass(slots=True)
class BuildingBlock:
    id: str
    label: str
    label_en: str
    heading: str                       # the seed's own heading
    alt_labels: list[str] = field(default_factory=list)
    theme: str | None = None           # 1. Verhogen instroom, 2. Leren, ...
    definition: str | None = None
    definition_en: str | None = None
    effects: list[Effect] = field(default_factory=list)
    effects_text: str | None = None    # the seed's sentence on effects, own words
    seed_section: str | None = None
    seed_quote: str | None = None


@dataclass(slots=True)
class Intervention:
    id: str
    label: str
    label_en: str
    building_block: str
    description: str = ""
    description_en: str = ""
    alt_labels: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)   # own refinements only
    requires: list[Dependency] = field(default_factory=list)
    preconditions: list[Dependency] = field(default_factory=list)
    provides: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    business_responsibility: bool = False
    business_reason: str | None = None
    researched_measures: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)    # filled from evidence links
    seed_section: str | None = None
    seed_quote: str | None = None
    source_file: str | None = None

    @property
    def requires_ids(self) -> list[str]:
        return [d.id for d in self.requires]

    @property
    def precondition_ids(self) -> list[str]:
        return [d.id for d in self.preconditions]


@dataclass(slots=True)
class EvidenceSource:
    id: str
    title: str
    publisher: str
    title_en: str | None = None
    url: str | None = None
    year: int | None = None
    language: str = "nl"
    type: str = "report"
    summary: str = ""
    summary_en: str = ""
    alt_labels: list[str] = field(default_factory=list)
    strength: str = "descriptive"
    strength_reason: str | None = None
    interventions: list[str] = field(default_factory=list)
    building_blocks: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    in_seed: bool = False
    seed_section: str | None = None
    seed_quote: str | None = None
    status: str = "reviewed"           # draft | reviewed | retired
    source_file: str | None = None


@dataclass(slots=True)
class Figure:
    """A number from the seed, or derived from its numbers (and then marked so)."""

    value: int | float | None
    basis: str = "source"              # source | derived
    note: str | None = None

    def as_dict(self) -> dict:
        doc = {"value": self.value, "basis": self.basis}
        if self.note:
            doc["note"] = self.note
        return doc


@dataclass(slots=True)
class ContextFact:
    """A region's context signal with the public sources it rests on."""

    signal: str
    value: str | None                  # low | medium | high | None (unknown)
    summary: str = ""
    sources: list[dict] = field(default_factory=list)


@dataclass(slots=True)
class Region:
    id: str
    label: str
    label_en: str
    demand_total: Figure
    demand: dict[str, Figure]          # per level (derived pro rata)
    fte: Figure
    demand_share: dict                 # {"stated": 0.10, "computed": 0.1000...}
    fte_share: dict
    context: dict[str, ContextFact] = field(default_factory=dict)
    seed_section: str | None = None
    seed_quote: str | None = None

    def demand_by_level(self) -> dict[str, int]:
        return {level: fig.value for level, fig in self.demand.items()}


@dataclass(slots=True)
class KnowledgeBase:
    """Everything the loader read, indexed by id."""

    building_blocks: dict[str, BuildingBlock]
    vocabularies: dict[str, dict[str, Concept]]   # scheme -> id -> concept
    interventions: dict[str, Intervention]
    evidence: dict[str, EvidenceSource]
    regions: dict[str, Region]
    national: dict
    fingerprint: str = ""

    def vocabulary(self, scheme: str) -> dict[str, Concept]:
        return self.vocabularies.get(scheme, {})

    def effects_of(self, intervention: Intervention) -> list[Effect]:
        """An intervention's expected effects: its own refinements, else its block's."""
        if intervention.effects:
            return intervention.effects
        return self.building_blocks[intervention.building_block].effects

    def providers_of(self, precondition: str) -> list[str]:
        """Ids of the interventions that secure a precondition."""
        return sorted(i.id for i in self.interventions.values()
                      if precondition in i.provides)

    def find(self, item_id: str):
        """Any intervention, evidence source or region by id (they are unique across kinds)."""
        for kind, table in (("intervention", self.interventions),
                            ("evidence", self.evidence),
                            ("region", self.regions),
                            ("building_block", self.building_blocks)):
            if item_id in table:
                return kind, table[item_id]
        return None, None
