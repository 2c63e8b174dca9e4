"""A region's profile (spec/profile.md): checked, completed from the region's defaults,
and turned into the facts the recommender's rules reason over.

Every bad value raises InputError naming the field and what is allowed. A known
`region` fills what the profile leaves out: demand per level from Bijlage 2 (derived
pro rata), the industry's FTE from Bijlage 3 and context signals from the region facts
in the knowledge base. The result records what was filled in and from where, and
which signals stay unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiptalent.errors import InputError
from chiptalent.i18n import format_number
from chiptalent.kb.model import DEMAND_LEVELS, LEVELS, SIGNAL_VALUES, KnowledgeBase

# The largest demand figure a profile may give, per level: far above any region's
# (the nation needs ~38.000 by 2030, Bijlage 2); more is a typing error, and huge
# numbers would only overflow the charts. One limit for the command line, the API and
# the web form (webapp/profile_query.py reads it from here).
MAX_DEMAND = 10_000_000

ALLOWED_KEYS = ("region", "name", "demand", "context", "existing_programmes",
                "focus_levels", "exclude_interventions", "conditions_met")


@dataclass
class Profile:
    region: str | None
    name: str
    demand: dict[str, int] = field(default_factory=dict)
    context: dict[str, str | None] = field(default_factory=dict)
    existing_programmes: list[str] = field(default_factory=list)
    focus_levels: list[str] = field(default_factory=list)
    exclude_interventions: list[str] = field(default_factory=list)
    # preconditions (vocabulary `precondition`) the region has already secured: the
    # optimiser then needs no intervention that provides them (spec/forecast.md)
    conditions_met: list[str] = field(default_factory=list)
    filled_in: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # fact name -> how good the filled-in value is (vocabulary signal_quality): for the
    # region's context facts and for a demand figure the knowledge base marks doubtful.
    quality: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"region": self.region, "name": self.name, "demand": self.demand,
                "context": self.context, "existing_programmes": self.existing_programmes,
                "focus_levels": self.focus_levels,
                "exclude_interventions": self.exclude_interventions,
                "conditions_met": self.conditions_met,
                "filled_in": self.filled_in, "unknown": self.unknown, "notes": self.notes,
                "quality": self.quality}


def _id_list(doc: dict, key: str, allowed, what: str) -> list[str]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"a list of {what} ids", field=key)
    for i, item in enumerate(value):
        if item not in allowed:
            raise InputError(f"unknown {what} {item!r}; allowed: {', '.join(sorted(allowed))}",
                             field=f"{key}[{i}]")
    return list(dict.fromkeys(value))


def parse_profile(doc, kb: KnowledgeBase) -> Profile:
    """Check a profile document (already parsed YAML/JSON) and make a Profile."""
    if not isinstance(doc, dict):
        raise InputError("a profile is one mapping (region, name, demand, context, ...), "
                         f"not {type(doc).__name__}", field="(document)")
    for key in doc:
        if key not in ALLOWED_KEYS:
            raise InputError(f"unknown field; allowed: {', '.join(ALLOWED_KEYS)}",
                             field=str(key))
    region = doc.get("region")
    if region is not None and (not isinstance(region, str) or region not in kb.regions):
        raise InputError(f"unknown region {region!r}; allowed: {', '.join(kb.regions)}",
                         field="region")
    name = doc.get("name")
    if region is None and not name:
        raise InputError("give a `region` (one of " + ", ".join(kb.regions)
                         + ") or a `name`", field="region")
    if name is not None and not isinstance(name, str):
        raise InputError("free text", field="name")

    demand_doc = doc.get("demand") or {}
    if not isinstance(demand_doc, dict):
        raise InputError("a mapping of level to a number of workers", field="demand")
    demand = {}
    for level, value in demand_doc.items():
        if level not in LEVELS:
            raise InputError(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}",
                             field=f"demand.{level}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError(f"a whole number of workers, 0 or more; got {value!r}",
                             field=f"demand.{level}")
        if value > MAX_DEMAND:
            raise InputError(f"at most {format_number(MAX_DEMAND)} workers per level; "
                             f"got {format_number(value)}", field=f"demand.{level}")
        demand[level] = value

    signals = kb.vocabulary("signal")
    context_doc = doc.get("context") or {}
    if not isinstance(context_doc, dict):
        raise InputError("a mapping of signal to low, medium or high", field="context")
    context = {}
    for signal, value in context_doc.items():
        if signal not in signals:
            raise InputError(f"unknown signal {signal!r}; allowed: {', '.join(signals)}",
                             field=f"context.{signal}")
        if value is not None and value not in SIGNAL_VALUES:
            raise InputError(f"{value!r} is not a signal level; allowed: low, medium, high "
                             "(or leave it out: unknown)", field=f"context.{signal}")
        context[signal] = value

    return Profile(
        region=region, name=name or kb.regions[region].label, demand=demand, context=context,
        existing_programmes=_id_list(doc, "existing_programmes", kb.vocabulary("programme"),
                                     "programme"),
        focus_levels=_id_list(doc, "focus_levels", LEVELS, "level"),
        exclude_interventions=_id_list(doc, "exclude_interventions", kb.interventions,
                                       "intervention"),
        conditions_met=_id_list(doc, "conditions_met", kb.vocabulary("precondition"),
                                "precondition"))


def complete(profile: Profile, kb: KnowledgeBase) -> Profile:
    """Fill what the profile leaves out from its region's defaults; note what stays unknown."""
    region = kb.regions.get(profile.region) if profile.region else None
    if region is not None:
        for level, figure in region.demand.items():
            if level not in profile.demand:
                profile.demand[level] = figure.value
                profile.filled_in[f"demand.{level}"] = "Bijlage 2 (derived pro rata)"
                if figure.doubt:
                    profile.quality[f"demand.{level}"] = quality_note(kb, "doubtful",
                                                                      figure.doubt,
                                                                      figure.doubt_en)
        if region.demand_total.doubt and all(f"demand.{lv}" in profile.filled_in
                                             for lv in DEMAND_LEVELS):
            profile.quality["demand.total"] = quality_note(kb, "doubtful",
                                                           region.demand_total.doubt,
                                                           region.demand_total.doubt_en)
        for signal, fact in region.context.items():
            if signal in profile.context:
                # A value that restates the region's fact rests on the same source (a
                # downloaded profile writes the defaults out); a different value is the
                # region's own knowledge and counts in full.
                if profile.context[signal] == fact.value and fact.quality:
                    profile.quality[f"context.{signal}"] = quality_note(
                        kb, fact.quality, fact.quality_reason, fact.quality_reason_en)
                continue
            if fact.value is not None:
                profile.context[signal] = fact.value
                if fact.quality:
                    profile.quality[f"context.{signal}"] = quality_note(
                        kb, fact.quality, fact.quality_reason, fact.quality_reason_en)
                cited = "; ".join(f"{s.get('publisher')}, {s.get('title')}"
                                  + (f" ({s.get('date')})" if s.get("date") else "")
                                  for s in fact.sources) or "region facts"
                profile.filled_in[f"context.{signal}"] = f"region facts: {cited}"
    for signal in kb.vocabulary("signal"):
        if profile.context.get(signal) is None:
            profile.context.pop(signal, None)
            profile.unknown.append(f"context.{signal}")
    for level in DEMAND_LEVELS:
        if level not in profile.demand:
            profile.unknown.append(f"demand.{level}")
    profile.context = {s: profile.context[s] for s in kb.vocabulary("signal")
                       if s in profile.context}
    return profile


def quality_note(kb: KnowledgeBase, quality: str, reason: str | None,
                 reason_en: str | None = None) -> dict:
    """What the recommender shows and weighs for a value of this quality. An unknown
    quality (a KB without the vocabulary) counts in full: only `kb validate` objects."""
    concept = kb.vocabulary("signal_quality").get(quality)
    weight = concept.extra.get("weight", 1) if concept is not None else 1
    return {"quality": quality, "label": concept.label if concept else quality,
            "label_en": concept.label_en if concept else quality,
            "weight": weight, "reason": reason or "", "reason_en": reason_en or reason or ""}


def profile_facts(profile: Profile, kb: KnowledgeBase) -> dict:
    """The facts of the profile (and of its region in the KB) that rules may read."""
    facts: dict = {"region": profile.region}
    for signal, value in profile.context.items():
        facts[f"context.{signal}"] = value
    for level, value in profile.demand.items():
        facts[f"demand.{level}"] = value
    region = kb.regions.get(profile.region) if profile.region else None
    all_filled = all(f"demand.{lv}" in profile.filled_in for lv in DEMAND_LEVELS)
    # The seed's regional total stands; its rounded per-level split may miss it by one.
    facts["demand.total"] = (region.demand_total.value if region is not None and all_filled
                             else sum(profile.demand.get(lv, 0) for lv in DEMAND_LEVELS))
    facts["focus_levels"] = list(profile.focus_levels)
    facts["existing_programmes"] = list(profile.existing_programmes)
    facts["exclude_interventions"] = list(profile.exclude_interventions)
    # Knowledge-base facts rules may reason on.
    facts["kb.business_responsibility"] = sorted(
        i.id for i in kb.interventions.values() if i.business_responsibility)
    if region is not None:
        facts["region.fte"] = region.fte.value
        facts["region.demand_total"] = region.demand_total.value
    return facts


def fact_names(kb: KnowledgeBase) -> set[str]:
    """Every fact name a profile can supply (for `kb validate` of the rules)."""
    names = {"region", "demand.total", "focus_levels", "existing_programmes",
             "exclude_interventions", "region.fte", "region.demand_total",
             "kb.business_responsibility"}
    names |= {f"context.{s}" for s in kb.vocabulary("signal")}
    names |= {f"demand.{level}" for level in LEVELS}
    return names


def fact_domains(kb: KnowledgeBase) -> dict[str, tuple]:
    """The values a profile fact can take, where the set is closed."""
    domains = {f"context.{s}": SIGNAL_VALUES for s in kb.vocabulary("signal")}
    domains["region"] = tuple(kb.regions)
    domains["focus_levels"] = LEVELS
    domains["existing_programmes"] = tuple(kb.vocabulary("programme"))
    domains["exclude_interventions"] = tuple(kb.interventions)
    return domains
