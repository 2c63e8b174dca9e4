"""The region's profile in the URL: query parameters to a profile document and back.

`/recommend?region=twente&housing_pressure=high&focus_levels=mbo&exclude=1c-...` is the
whole profile (spec/profile.md), so an advice can be bookmarked, shared and downloaded
with the same query. The parameters:

    region, name                     the region (vocabulary `region`) or a free name
    demand_<level>                   extra workers to 2030 at a level (empty = default)
    <signal>                         low | medium | high | unknown (empty = default)
    existing_programmes, focus_levels, exclude      repeatable ids
    top, explain                     number of arrangements; "why (not)?" for an id
    budget, cofinancing              euros: add the budget-optimal arrangement (optimise)

Every value is checked here, and every problem is kept with the form field it belongs
to (not only the first), so the form can show each error next to its field. What this
module lets through, `parse_profile` checks again; its InputError fields
(`context.housing_pressure`, `demand.mbo`, `exclude_interventions[0]`) are mapped back
to form fields by `form_field`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from chiptalent.i18n import format_number
from chiptalent.kb.model import DEMAND_LEVELS, LEVELS, KnowledgeBase
from chiptalent.rules.intervention_lookup import lookup as lookup_intervention
from chiptalent.rules.profile import MAX_DEMAND     # one limit, command line and web
from chiptalent.webapp.i18n import lang, pick, t

SIGNAL_CHOICES = ("low", "medium", "high", "unknown")
MAX_NAME = 120
MAX_TOP = 10
DEFAULT_TOP = 3
LIST_PARAMS = ("existing_programmes", "focus_levels", "exclude")
MONEY_PARAMS = ("budget", "cofinancing")
MAX_EURO = 10**12              # far above the call's €450m


@dataclass
class ProfileQuery:
    """What the form shows, the profile it stands for, and what was wrong with it."""
    region: str = ""
    name: str = ""
    demand: dict[str, str] = field(default_factory=dict)       # level -> as typed
    context: dict[str, str] = field(default_factory=dict)      # signal -> choice
    existing_programmes: list[str] = field(default_factory=list)
    focus_levels: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    top: str = str(DEFAULT_TOP)
    explain: str = ""
    budget: str = ""                                           # euros, as typed
    cofinancing: str = ""
    errors: dict[str, dict] = field(default_factory=dict)      # form field -> error

    # --- what it means ---------------------------------------------------------------

    @property
    def empty(self) -> bool:
        """Nothing chosen yet: show the form only."""
        return not (self.region or self.name or self.demand or self.context
                    or self.existing_programmes or self.focus_levels or self.exclude)

    @property
    def top_number(self) -> int:
        try:
            return int(self.top)
        except ValueError:
            return DEFAULT_TOP

    def euros(self, key: str) -> int | None:
        """`budget` or `cofinancing` in whole euros (None: not given or not valid)."""
        digits = re.sub(r"[.\s_]", "", getattr(self, key))
        return int(digits) if digits.isdigit() and key not in self.errors else None

    def profile(self) -> dict:
        """The profile document (spec/profile.md) of what the form holds."""
        doc: dict = {}
        if self.region:
            doc["region"] = self.region
        if self.name:
            doc["name"] = self.name
        if self.demand:
            doc["demand"] = {level: int(value) for level, value in self.demand.items()}
        if self.context:
            doc["context"] = {signal: None if value == "unknown" else value
                              for signal, value in self.context.items()}
        for key, values in (("existing_programmes", self.existing_programmes),
                            ("focus_levels", self.focus_levels),
                            ("exclude_interventions", self.exclude)):
            if values:
                doc[key] = list(values)
        return doc

    # --- back to a URL -----------------------------------------------------------------

    def pairs(self, *, explain: bool = True) -> list[tuple[str, str]]:
        """The canonical query: only what differs from the defaults, in a fixed order."""
        pairs: list[tuple[str, str]] = []
        if self.region:
            pairs.append(("region", self.region))
        if self.name:
            pairs.append(("name", self.name))
        pairs += [(f"demand_{level}", self.demand[level]) for level in LEVELS
                  if level in self.demand]
        pairs += [(signal, value) for signal, value in self.context.items()]
        for key in LIST_PARAMS:
            pairs += [(key, value) for value in getattr(self, key)]
        if self.top != str(DEFAULT_TOP):
            pairs.append(("top", self.top))
        pairs += [(key, getattr(self, key)) for key in MONEY_PARAMS if getattr(self, key)]
        if explain and self.explain:
            pairs.append(("explain", self.explain))
        return pairs

    def query(self, **changes) -> str:
        """The query string, with `changes` applied (exclude_add, exclude_remove, explain)."""
        pairs = self.pairs(explain="explain" not in changes)
        if changes.get("exclude_add"):
            pairs.append(("exclude", changes["exclude_add"]))
        if changes.get("exclude_remove"):
            pairs = [p for p in pairs if p != ("exclude", changes["exclude_remove"])]
        if changes.get("explain"):
            pairs.append(("explain", changes["explain"]))
        return urlencode(pairs)

    def error(self, key: str, message: str, field_path: str | None = None) -> None:
        self.errors.setdefault(key, {"error": message, "field": field_path or key})


def _ids(args, key: str) -> list[str]:
    values = [v.strip() for v in args.getlist(key) if v and v.strip()]
    return list(dict.fromkeys(values))


def read_query(args, kb: KnowledgeBase) -> ProfileQuery:
    """The profile a query (a MultiDict) describes, with an error per bad field."""
    q = ProfileQuery()
    q.region = (args.get("region") or "").strip()
    if q.region and q.region not in kb.regions:
        q.error("region", t("err.region", value=q.region[:60], allowed=", ".join(kb.regions)))
    q.name = " ".join((args.get("name") or "").split())
    if len(q.name) > MAX_NAME:
        q.error("name", t("err.name", n=MAX_NAME))
        q.name = q.name[:MAX_NAME]
    for level in LEVELS:
        raw = (args.get(f"demand_{level}") or "").strip()
        if not raw:
            continue
        q.demand[level] = raw[:20]
        if not re.fullmatch(r"\d{1,9}", raw) or int(raw) > MAX_DEMAND:
            q.error(f"demand_{level}", t("err.demand", max=format_number(MAX_DEMAND, lang()),
                                         value=raw[:20]),
                    f"demand.{level}")
    for signal in kb.vocabulary("signal"):
        raw = (args.get(signal) or "").strip()
        if not raw:
            continue
        q.context[signal] = raw[:20]
        if raw not in SIGNAL_CHOICES:
            q.error(signal, t("err.signal", value=raw[:20]), f"context.{signal}")
    allowed = {"existing_programmes": kb.vocabulary("programme"),
               "focus_levels": LEVELS, "exclude": kb.interventions}
    for key in LIST_PARAMS:
        values = _ids(args, key) + (_ids(args, "exclude_interventions") if key == "exclude"
                                    else [])
        values = list(dict.fromkeys(values))
        bad = [v[:60] for v in values if v not in allowed[key]]
        if bad:
            q.error(key, t("err.list", values=", ".join(bad[:5])),
                    "exclude_interventions" if key == "exclude" else key)
        setattr(q, key, [v for v in values if v in allowed[key]])
    raw_top = (args.get("top") or "").strip()
    if raw_top:
        q.top = raw_top[:5]
        if not re.fullmatch(r"\d{1,2}", raw_top) or not 1 <= int(raw_top) <= MAX_TOP:
            q.error("top", t("err.top", max=MAX_TOP))
    q.explain = (args.get("explain") or "").strip()[:100]
    if q.explain and q.explain not in kb.interventions:
        # a name works as well as an id (rules/intervention_lookup.py); else suggestions
        found, options, _ = lookup_intervention(kb, q.explain)
        if found is not None:
            q.explain = found
        elif options:
            q.error("explain", t("err.explain.suggest", value=q.explain, options="; ".join(
                pick(kb.interventions[i]) for i in options)))
        else:
            q.error("explain", t("err.explain", value=q.explain))
    for key in MONEY_PARAMS:
        raw = (args.get(key) or "").strip()[:20]
        setattr(q, key, raw)
        digits = re.sub(r"[.\s_]", "", raw)       # 72.000.000 and 72 000 000 read as euros
        if raw and (not digits.isdigit() or int(digits) > MAX_EURO):
            q.error(key, t("err.euros", value=raw))
    if q.cofinancing and not q.budget:
        q.error("cofinancing", t("err.cofinancing_alone"))
    return q


def from_profile(doc: dict, kb: KnowledgeBase) -> ProfileQuery:
    """The form values of a profile document that `parse_profile` accepted."""
    q = ProfileQuery()
    q.region = doc.get("region") or ""
    q.name = " ".join(str(doc.get("name") or "").split())[:MAX_NAME]
    q.demand = {level: str(value) for level, value in (doc.get("demand") or {}).items()}
    signals = kb.vocabulary("signal")
    context = doc.get("context") or {}
    q.context = {s: ("unknown" if context[s] is None else context[s])
                 for s in signals if s in context}
    q.existing_programmes = list(doc.get("existing_programmes") or [])
    q.focus_levels = list(doc.get("focus_levels") or [])
    q.exclude = list(doc.get("exclude_interventions") or [])
    return q


def form_field(error_field: str | None) -> str:
    """The form field an InputError of `parse_profile` or `recommend` belongs to."""
    name = (error_field or "").split("[", 1)[0]
    if name.startswith("context."):
        return name.split(".", 1)[1]
    if name.startswith("demand."):
        return "demand_" + name.split(".", 1)[1]
    if name == "exclude_interventions":
        return "exclude"
    if name in ("region", "name", "existing_programmes", "focus_levels", "top", "explain"):
        return name
    if name in ("--budget", "--cofinancing"):
        return name[2:]
    return "region"              # e.g. "(document)": the profile as a whole


def region_defaults(kb: KnowledgeBase, region_id: str) -> dict:
    """A region's defaults with their sources: what the form says it will fill in."""
    region = kb.regions.get(region_id)
    if region is None:
        return {"region": None, "demand": {}, "context": {}}
    demand = {level: region.demand[level].as_dict() for level in DEMAND_LEVELS
              if level in region.demand}
    context = {}
    for signal, fact in region.context.items():
        context[signal] = {"value": fact.value, "summary": fact.summary,
                           "sources": [s for s in fact.sources if isinstance(s, dict)]}
    return {"region": region, "demand": demand, "context": context}
