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
# How an intervention turns participants into extra workers (spec/forecast.md).
MECHANISMS = ("places", "intake", "completion", "retraining", "recruitment", "retention",
              "enabling")
# The roles of each mechanism's formula that an intervention may give its own parameter
# for, and the unit such a parameter must have.
MECHANISM_ROLES = {
    "places": ("deadweight",),
    "intake": ("uplift", "lag", "deadweight"),
    "completion": ("dropout_reduction", "deadweight"),
    "retraining": ("completion", "duration", "placement", "deadweight"),
    "recruitment": ("completion", "duration", "placement", "stay_rate"),
    "retention": ("stay_uplift", "deadweight"),
    "enabling": (),
}
ROLE_UNITS = {"lag": "years", "duration": "years"}     # every other role is a share
PARAMETER_UNITS = ("share", "years", "euro", "euro-per-year", "count", "people")
PARAMETER_SCOPES = ("level", "route", "region", "target_group", "mechanism", "intervention")
SET_BY_ROLES = ("kb-editors", "region", "reviewer")


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
    note_en: str | None = None         # the same in English

    def as_dict(self) -> dict:
        return {k: v for k, v in (("dimension", self.dimension),
                                  ("magnitude", self.magnitude),
                                  ("horizon", self.horizon),
                                  ("note", self.note),
                                  ("note_en", self.note_en)) if v is not None}


@dataclass(slots=True)
class Dependency:
    """What an intervention needs: another intervention or a precondition."""

    id: str
    strength: str = "advisory"        # condition | strong | advisory
    reason: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "strength": self.strength, "reason": self.reason}


@dataclass(slots=True)
class AnyDependency:
    """A requirement met by any one of several interventions (`requires_any`), e.g.
    business involvement in "deze centra": mbo centres or hogescholen's centres of
    expertise."""

    ids: list[str]
    strength: str = "advisory"        # condition | strong | advisory
    reason: str | None = None

    def as_dict(self) -> dict:
        return {"ids": list(self.ids), "strength": self.strength, "reason": self.reason}


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
class Mechanism:
    """How an intervention works in the forecast, with its own parameters where it has them.

    `parameters` maps a role of the mechanism's formula (uplift, lag, deadweight, ...) to
    the id of the parameter that replaces the mechanism's default for that role.
    """

    type: str
    parameters: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"type": self.type, "parameters": dict(self.parameters)}


@dataclass(slots=True)
class Parameter:
    """A number the forecast uses, with its range and its provenance.

    Exactly one of `source` (title, publisher, year, url, quote) and `assumption` (with
    `set_by`, the role that set it) says where the value comes from.
    """

    id: str
    label: str
    label_en: str
    unit: str
    low: float
    central: float
    high: float
    scope: dict[str, str] = field(default_factory=dict)
    source: dict | None = None
    assumption: str | None = None
    set_by: str | None = None
    note: str | None = None
    measures_after_years: float | None = None
    source_file: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "label_en": self.label_en,
                "unit": self.unit, "scope": dict(self.scope), "low": self.low,
                "central": self.central, "high": self.high,
                "source": dict(self.source) if self.source else None,
                "assumption": self.assumption, "set_by": self.set_by, "note": self.note,
                "measures_after_years": self.measures_after_years}


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
    requires_any: list[AnyDependency] = field(default_factory=list)   # one of each group
    preconditions: list[Dependency] = field(default_factory=list)
    provides: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    business_responsibility: bool = False
    business_reason: str | None = None
    # the call's sentence a business-responsibility flag rests on, verbatim, and where
    business_seed_section: str | None = None
    business_seed_quote: str | None = None
    researched_measures: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)    # filled from evidence links
    seed_section: str | None = None
    seed_quote: str | None = None
    source_file: str | None = None
    mechanism: Mechanism | None = None

    @property
    def requires_any_ids(self) -> list[list[str]]:
        return [list(group.ids) for group in self.requires_any]

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
    doubt: str | None = None           # why the figure is doubtful (shown wherever used)
    note_en: str | None = None         # the same in English
    doubt_en: str | None = None

    def as_dict(self) -> dict:
        doc = {"value": self.value, "basis": self.basis}
        for key in ("note", "note_en", "doubt", "doubt_en"):
            if getattr(self, key):
                doc[key] = getattr(self, key)
        return doc


@dataclass(slots=True)
class ContextFact:
    """A region's context signal with the public sources it rests on."""

    signal: str
    value: str | None                  # low | medium | high | None (unknown)
    summary: str = ""
    sources: list[dict] = field(default_factory=list)
    # How good the source is for what the signal means (vocabulary signal_quality:
    # direct | proxy | wider-area | artefact) and why; the recommender weighs it.
    quality: str | None = None
    quality_reason: str | None = None
    # the English beside the Dutch (required by the schema wherever the Dutch is given)
    summary_en: str = ""
    quality_reason_en: str | None = None


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
class RequestedProgramme:
    """A programme the industry asks for: Bijlage 3, "Gevraagd talent naar opleidingen".

    The call ranks them per level (1 = named first); Bijlage 2's lists, by contrast, are
    unranked and stay in `national["demand"]["programmes"]`. `label` is our Dutch name,
    `label_en` the call's own (English) wording.
    """

    id: str
    level: str                         # mbo | hbo | wo (the call's "WO/PhD")
    rank: int
    label: str
    label_en: str
    seed_section: str | None = None
    seed_quote: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "level": self.level, "rank": self.rank, "label": self.label,
                "label_en": self.label_en, "seed_section": self.seed_section,
                "seed_quote": self.seed_quote}


@dataclass(slots=True)
class SourcedFact:
    """A figure about the call's implementation with the source that states it
    (national.yaml `facts`): the cabinet's goal, the July 2024 reservations, ..."""

    id: str
    kind: str                      # goal | requested-total | reservation-2024 | first-tranche-2025-26
    value: float
    unit: str                      # euro | people
    label: str
    label_en: str
    source: dict
    region: str | None = None


# weakref_slot: results kept per knowledge base (kb/memo.py) must not keep old ones alive
@dataclass(slots=True, weakref_slot=True)
class KnowledgeBase:
    """Everything the loader read, indexed by id."""

    building_blocks: dict[str, BuildingBlock]
    vocabularies: dict[str, dict[str, Concept]]   # scheme -> id -> concept
    interventions: dict[str, Intervention]
    evidence: dict[str, EvidenceSource]
    regions: dict[str, Region]
    national: dict
    fingerprint: str = ""
    # Bijlage 3's ranked lists, level -> programmes in the call's order.
    requested_programmes: dict[str, list[RequestedProgramme]] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    facts: dict[str, SourcedFact] = field(default_factory=dict)

    def facts_of(self, kind: str) -> list[SourcedFact]:
        """The sourced facts of one kind, in file order."""
        return [f for f in self.facts.values() if f.kind == kind]

    def vocabulary(self, scheme: str) -> dict[str, Concept]:
        return self.vocabularies.get(scheme, {})

    def requested_programme(self, name: str) -> RequestedProgramme | None:
        """A ranked programme of Bijlage 3 by id, Dutch or English name (case-insensitive).

        A name shared by several levels ("Electrical engineering", hbo and wo) gives the
        first level's entry; callers that care about the level read the lists themselves.
        """
        wanted = " ".join(str(name).split()).casefold()
        for programmes in self.requested_programmes.values():
            for p in programmes:
                if wanted in (p.id, " ".join(p.label.split()).casefold(),
                              " ".join(p.label_en.split()).casefold()):
                    return p
        return None

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
