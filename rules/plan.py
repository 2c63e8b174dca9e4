"""Read and type-check a regional plan (spec/plan.md) into plain objects.

Only what makes a plan unreadable raises InputError (exit 2): a document that is not
a mapping, a wrong type (text where an amount belongs, a number where a list
belongs), a negative amount or count. The error names the field the way the plan
spells it (`solutions[2].funding_requested`) and says what is allowed.

Everything else is left for the checker's rules to judge and report as findings:
an unknown region, intervention or vocabulary term, a missing section, a field the
format does not know (kept in `unknown_fields`, with the closest known name). So a
plan is always checked as far as it can be.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field

from chiptalent.errors import InputError

# The largest amount or count we accept: far beyond any real plan (the Rijk's whole
# budget is 4.5e8), and small enough that every figure stays an ordinary number.
MAX_AMOUNT = 10**15
MAX_COUNT = 10**9

# The sections of the format (Bijlage 1) as plan fields; `present` records which of
# them a plan fills in (absent, null or empty counts as missing).
SECTION_FIELDS = ("consortium", "solutions", "business_measures", "public_private",
                  "bottlenecks", "conditions", "budget", "existing_programmes",
                  "structural")
PLAN_FIELDS = ("region", "title", "assumptions") + SECTION_FIELDS
# The fields spec/forecast.md adds to a solution (all optional).
FORECAST_FIELDS = ("mechanism", "entry", "start_year", "intake_by_year", "non_eer_entrants",
                   "international_entrants", "participants", "participants_by_year",
                   "cost_per_participant", "fixed_cost", "study_programmes", "assumptions")
SOLUTION_FIELDS = ("id", "title", "interventions", "new_interventions", "levels",
                   "target_groups", "contribution", "kpis", "funding_requested",
                   "students", "top_up_per_student", "non_eer_students",
                   "business_responsibility", "international_intake",
                   "description") + FORECAST_FIELDS
# The intake years a plan funds: students are extra entrants up to 2030 (spec/forecast.md).
FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR = 2025, 2030
ENTRIES = ("bachelor", "master")
PARTY_FIELDS = ("name", "type", "microchip", "role")
NEW_INTERVENTION_FIELDS = ("label", "building_block", "casuistry", "description")
MEASURE_FIELDS = ("title", "contribution", "description")
BUDGET_FIELDS = ("cofinancing", "cost_per_student", "top_up_rationale")
COMMITMENT_FIELDS = ("party", "type", "amount", "in_kind", "additional", "note")
COST_FIELDS = ("regular", "top_up")


@dataclass(slots=True)
class Party:
    index: int
    name: str | None
    type: str | None
    microchip: bool


@dataclass(slots=True)
class NewIntervention:
    position: int
    label: str | None
    building_block: str | None
    casuistry: str | None


@dataclass(slots=True)
class Solution:
    index: int
    id: str | None
    title: str | None
    interventions: list[str]
    new_interventions: list[NewIntervention]
    levels: list[str]
    target_groups: list[str]
    contribution: dict[str, int]
    kpis: list[str]
    funding_requested: int
    students: dict[str, int]
    top_up_per_student: dict[str, int]     # only the levels the plan states
    non_eer_students: dict[str, int]
    business_responsibility: bool
    international_intake: bool
    # spec/forecast.md's fields; empty when a plan leaves them out.
    mechanism: str | None = None
    entry: str | None = None
    start_year: int = FIRST_INTAKE_YEAR
    intake_by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    non_eer_entrants: dict[str, int] = field(default_factory=dict)
    international_entrants: dict[str, int] = field(default_factory=dict)
    participants: dict[str, int] = field(default_factory=dict)
    participants_by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    cost_per_participant: dict[str, int] = field(default_factory=dict)
    fixed_cost: int = 0
    study_programmes: list[str] = field(default_factory=list)
    assumptions: dict[str, "Assumption"] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """How messages name the solution: its id, else its title, else its number."""
        return self.id or self.title or f"#{self.index + 1}"


@dataclass(slots=True)
class Assumption:
    """A plan's own value for a knowledge-base parameter: a range, or one value."""

    low: float
    central: float
    high: float


@dataclass(slots=True)
class Commitment:
    index: int
    party: str | None
    type: str | None
    amount: int
    in_kind: bool
    additional: bool | None                 # absent counts as not additional


@dataclass(slots=True)
class BusinessMeasure:
    index: int
    title: str | None
    contribution: dict[str, int]


@dataclass(slots=True)
class Cost:
    regular: int | None
    top_up: int | None


@dataclass(slots=True)
class Budget:
    cofinancing: list[Commitment]
    cost_per_student: dict[str, Cost]
    top_up_rationale: str | None


@dataclass
class Plan:
    region: str | None
    title: str | None
    consortium: list[Party]
    solutions: list[Solution]
    business_measures: list[BusinessMeasure]
    budget: Budget
    public_private: str | None
    bottlenecks: str | None
    conditions: dict[str, str | None]
    existing_programmes: list[str]
    structural: str | None
    assumptions: dict[str, Assumption] = field(default_factory=dict)   # for every solution
    present: set[str] = field(default_factory=set)     # sections filled in
    unknown_fields: list[dict] = field(default_factory=list)   # {where, field, suggestion}


# --- the type checks -----------------------------------------------------------------

def _shown(value) -> str:
    """A value as the error message quotes it, cut short: a hostile file can be long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", str: "text",
            int: "a number", float: "a number", type(None): "nothing (empty)"}.get(
        type(value), type(value).__name__)


def _text(value, where: str) -> str | None:
    """Free text; a bare number is accepted (YAML reads `title: 2030` as one)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)       # YAML reads `title: 2030` or a bare date as a non-string
    raise InputError(f"text, got {_kind(value)} {_shown(value)}", field=where)


def _whole(value, where: str, what: str, limit: int) -> int:
    """A whole number >= 0 (an integral float from JSON is accepted)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} (a whole number >= 0), got {_shown(value)}", field=where)
    if isinstance(value, float):
        if not value.is_integer():
            raise InputError(f"{what} (a whole number >= 0), got {_shown(value)}",
                             field=where)
        value = int(value)
    if value < 0:
        raise InputError(f"{what} (a whole number >= 0), got {value}: a negative "
                         "number is not allowed", field=where)
    if value > limit:
        raise InputError(f"{what} (a whole number >= 0), got {value}: more than "
                         f"{limit:.0e} cannot be meant", field=where)
    return value


def _amount(value, where: str) -> int:
    return _whole(value, where, "an amount in euros", MAX_AMOUNT)


def _count(value, where: str) -> int:
    return _whole(value, where, "a number of students", MAX_COUNT)


def _flag(value, where: str, default: bool | None) -> bool | None:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    raise InputError(f"true or false, got {_shown(value)}", field=where)


def _mapping(value, where: str, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{what}, got {_kind(value)} {_shown(value)}", field=where)
    for key in value:
        if not isinstance(key, str):
            raise InputError(f"{what}; its keys are names (text), got {_shown(key)}",
                             field=where)
    return value


def _list(value, where: str, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{what}, got {_kind(value)} {_shown(value)}", field=where)
    return value


def _ids(value, where: str, what: str) -> list[str]:
    """A list of ids; a single id on its own is read as a list of one."""
    if isinstance(value, str):
        value = [value]
    items = _list(value, where, f"a list of {what}")
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InputError(f"{what[:-1] if what.endswith('s') else what} (text), got "
                             f"{_kind(item)} {_shown(item)}", field=f"{where}[{i}]")
    return [item.strip() for item in items if item.strip()]


def _texts(value, where: str, what: str) -> list[str]:
    items = _list(value, where, f"a list of {what}")
    return [t for t in (_text(item, f"{where}[{i}]") for i, item in enumerate(items))
            if t is not None and t.strip()]


def _per_level(value, where: str, read) -> dict[str, int]:
    """{level: number}; a level with an empty value is left out."""
    doc = _mapping(value, where, "a mapping of level to a number (e.g. {mbo: 400})")
    return {level.strip(): read(n, f"{where}.{level}")
            for level, n in doc.items() if n is not None}


def _note_unknown(plan_fields, doc: dict, where: str, known: tuple) -> None:
    """Fields the format does not have become findings, with the closest known name."""
    for key in doc:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            plan_fields.append({"where": f"{where}.{key}" if where else str(key),
                                "field": str(key),
                                "suggestion": close[0] if close else None})


def _filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


# --- the parts -------------------------------------------------------------------------

def _party(doc, i: int, unknown: list) -> Party:
    where = f"consortium[{i}]"
    doc = _mapping(doc, where, "a party: a mapping with name and type")
    _note_unknown(unknown, doc, where, PARTY_FIELDS)
    party_type = _text(doc.get("type"), f"{where}.type")
    return Party(index=i, name=_text(doc.get("name"), f"{where}.name"),
                 type=party_type.strip() if party_type else None,
                 microchip=bool(_flag(doc.get("microchip"), f"{where}.microchip", False)))


def _new_intervention(doc, where: str, j: int, unknown: list) -> NewIntervention:
    where = f"{where}.new_interventions[{j}]"
    doc = _mapping(doc, where, "a new intervention: a mapping with label, "
                               "building_block and casuistry")
    _note_unknown(unknown, doc, where, NEW_INTERVENTION_FIELDS)
    block = doc.get("building_block")
    if isinstance(block, int) and not isinstance(block, bool):
        block = str(block)      # `building_block: 3` is the block "3"
    block = _text(block, f"{where}.building_block")
    casuistry = _text(doc.get("casuistry"), f"{where}.casuistry")
    return NewIntervention(position=j, label=_text(doc.get("label"), f"{where}.label"),
                           building_block=block.strip().upper() if block else None,
                           casuistry=casuistry.strip() if casuistry else None)


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
            or value in (float("inf"), float("-inf")):
        raise InputError(f"a number, got {_shown(value)}", field=where)
    if value < 0:
        raise InputError(f"a number >= 0, got {value}: no parameter is negative",
                         field=where)
    return float(value)


def _assumptions(value, where: str) -> dict[str, Assumption]:
    """{parameter id: value or {low, central, high}}; which ids exist the forecast checks."""
    doc = _mapping(value, where, "a mapping of parameter id to a value or "
                                 "{low, central, high}")
    out = {}
    for pid, given in doc.items():
        at = f"{where}.{pid}"
        if isinstance(given, dict):
            missing = [k for k in ("low", "central", "high") if k not in given]
            extra = [str(k) for k in given if k not in ("low", "central", "high")]
            if missing or extra:
                raise InputError("a range is {low, central, high}"
                                 + (f"; missing {', '.join(missing)}" if missing else "")
                                 + (f"; unknown {', '.join(extra)}" if extra else ""),
                                 field=at)
            low, central, high = (_number(given[k], f"{at}.{k}")
                                  for k in ("low", "central", "high"))
            if not low <= central <= high:
                raise InputError(f"low <= central <= high is required, got {low}, "
                                 f"{central}, {high}", field=at)
            out[pid.strip()] = Assumption(low, central, high)
        else:
            number = _number(given, at)
            out[pid.strip()] = Assumption(number, number, number)
    return out


def _year(value, where: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) \
            or not FIRST_INTAKE_YEAR <= value <= LAST_INTAKE_YEAR:
        raise InputError(f"a year from {FIRST_INTAKE_YEAR} to {LAST_INTAKE_YEAR}, got "
                         f"{_shown(value)}", field=where)
    return value


def _by_year(value, where: str, total: dict[str, int], total_field: str,
             what: str) -> dict[int, dict[str, int]]:
    """{year: {level: count}} that adds up, per level, to the solution's total."""
    doc = _mapping_any_keys(value, where, "a mapping of year to {level: count}, "
                                          "e.g. {2025: {mbo: 100}}")
    out: dict[int, dict[str, int]] = {}
    for year, per_level in doc.items():
        out[_year(year, f"{where}.{year}")] = _per_level(per_level, f"{where}.{year}", _count)
    if out and total:
        sums: dict[str, int] = {}
        for per_level in out.values():
            for level, n in per_level.items():
                sums[level] = sums.get(level, 0) + n
        for level in sorted(set(sums) | set(total)):
            if sums.get(level, 0) != total.get(level, 0):
                raise InputError(f"{what} by year adds up to {sums.get(level, 0)} at "
                                 f"{level}, but {total_field} says "
                                 f"{total.get(level, 0)}; the years must add up to it",
                                 field=where)
    return out


def _mapping_any_keys(value, where: str, what: str) -> dict:
    """A mapping whose keys may be numbers (years)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{what}, got {_kind(value)} {_shown(value)}", field=where)
    return value


def _forecast_fields(doc: dict, where: str, students: dict[str, int]) -> dict:
    """The optional fields spec/forecast.md adds, type-checked."""
    entry = _stripped(doc.get("entry"), f"{where}.entry")
    if entry is not None and entry not in ENTRIES:
        raise InputError(f"{entry!r} is not an entry; allowed: {', '.join(ENTRIES)}",
                         field=f"{where}.entry")
    participants = _per_level(doc.get("participants"), f"{where}.participants", _count)
    by_year = _by_year(doc.get("participants_by_year"), f"{where}.participants_by_year",
                       participants, f"{where}.participants", "participants")
    if by_year and not participants:
        for per_level in by_year.values():
            for level, n in per_level.items():
                participants[level] = participants.get(level, 0) + n
    start = doc.get("start_year")
    fixed = doc.get("fixed_cost")
    return dict(
        mechanism=_stripped(doc.get("mechanism"), f"{where}.mechanism"),
        entry=entry,
        start_year=FIRST_INTAKE_YEAR if start is None else _year(start,
                                                                 f"{where}.start_year"),
        intake_by_year=_by_year(doc.get("intake_by_year"), f"{where}.intake_by_year",
                                students, f"{where}.students", "intake"),
        non_eer_entrants=_per_level(doc.get("non_eer_entrants"),
                                    f"{where}.non_eer_entrants", _count),
        international_entrants=_per_level(doc.get("international_entrants"),
                                          f"{where}.international_entrants", _count),
        participants=participants, participants_by_year=by_year,
        cost_per_participant=_per_level(doc.get("cost_per_participant"),
                                        f"{where}.cost_per_participant", _amount),
        fixed_cost=0 if fixed is None else _amount(fixed, f"{where}.fixed_cost"),
        study_programmes=_texts(doc.get("study_programmes"), f"{where}.study_programmes",
                                "study programmes (text)"),
        assumptions=_assumptions(doc.get("assumptions"), f"{where}.assumptions"))


def _solution(doc, i: int, unknown: list) -> Solution:
    where = f"solutions[{i}]"
    doc = _mapping(doc, where, "a solution: a mapping with title, interventions, "
                               "contribution, ...")
    _note_unknown(unknown, doc, where, SOLUTION_FIELDS)
    funding = doc.get("funding_requested")
    students = _per_level(doc.get("students"), f"{where}.students", _count)
    if doc.get("intake_by_year") is not None and "students" not in doc:
        raise InputError("intake_by_year needs students: the years must add up to "
                         "them", field=f"{where}.intake_by_year")
    return Solution(
        index=i,
        id=_text(doc.get("id"), f"{where}.id"),
        title=_text(doc.get("title"), f"{where}.title"),
        interventions=_ids(doc.get("interventions"), f"{where}.interventions",
                           "intervention ids"),
        new_interventions=[_new_intervention(n, where, j, unknown) for j, n in enumerate(
            _list(doc.get("new_interventions"), f"{where}.new_interventions",
                  "a list of new interventions"))],
        levels=_ids(doc.get("levels"), f"{where}.levels", "levels"),
        target_groups=_ids(doc.get("target_groups"), f"{where}.target_groups",
                           "target groups"),
        contribution=_per_level(doc.get("contribution"), f"{where}.contribution", _count),
        kpis=_texts(doc.get("kpis"), f"{where}.kpis", "KPIs (text)"),
        funding_requested=0 if funding is None else _amount(
            funding, f"{where}.funding_requested"),
        students=students,
        top_up_per_student=_per_level(doc.get("top_up_per_student"),
                                      f"{where}.top_up_per_student", _amount),
        non_eer_students=_per_level(doc.get("non_eer_students"),
                                    f"{where}.non_eer_students", _count),
        business_responsibility=bool(_flag(doc.get("business_responsibility"),
                                           f"{where}.business_responsibility", False)),
        international_intake=bool(_flag(doc.get("international_intake"),
                                        f"{where}.international_intake", False)),
        **_forecast_fields(doc, where, students))


def _commitment(doc, i: int, unknown: list) -> Commitment:
    where = f"budget.cofinancing[{i}]"
    doc = _mapping(doc, where, "a cofinancing commitment: a mapping with party, type "
                               "and amount")
    _note_unknown(unknown, doc, where, COMMITMENT_FIELDS)
    amount = doc.get("amount")
    if amount is None:
        raise InputError("an amount in euros (a whole number >= 0) is required for "
                         "each commitment", field=f"{where}.amount")
    kind = _text(doc.get("type"), f"{where}.type")
    return Commitment(index=i, party=_text(doc.get("party"), f"{where}.party"),
                      type=kind.strip() if kind else None,
                      amount=_amount(amount, f"{where}.amount"),
                      in_kind=bool(_flag(doc.get("in_kind"), f"{where}.in_kind", False)),
                      additional=_flag(doc.get("additional"), f"{where}.additional", None))


def _budget(doc, unknown: list) -> Budget:
    doc = _mapping(doc, "budget", "the budget: a mapping with cofinancing, "
                                  "cost_per_student and top_up_rationale")
    _note_unknown(unknown, doc, "budget", BUDGET_FIELDS)
    costs = {}
    cost_doc = _mapping(doc.get("cost_per_student"), "budget.cost_per_student",
                        "a mapping of level to {regular, top_up}")
    for level, entry in cost_doc.items():
        where = f"budget.cost_per_student.{level}"
        entry = _mapping(entry, where, "{regular: euros, top_up: euros}")
        _note_unknown(unknown, entry, where, COST_FIELDS)
        regular, top_up = entry.get("regular"), entry.get("top_up")
        costs[level.strip()] = Cost(
            regular=None if regular is None else _amount(regular, f"{where}.regular"),
            top_up=None if top_up is None else _amount(top_up, f"{where}.top_up"))
    rationale = _text(doc.get("top_up_rationale"), "budget.top_up_rationale")
    return Budget(
        cofinancing=[_commitment(c, i, unknown) for i, c in enumerate(
            _list(doc.get("cofinancing"), "budget.cofinancing",
                  "a list of cofinancing commitments"))],
        cost_per_student=costs,
        top_up_rationale=rationale.strip() if rationale and rationale.strip() else None)


def _measure(doc, i: int, unknown: list) -> BusinessMeasure:
    where = f"business_measures[{i}]"
    doc = _mapping(doc, where, "a business measure: a mapping with title and "
                               "contribution")
    _note_unknown(unknown, doc, where, MEASURE_FIELDS)
    return BusinessMeasure(index=i, title=_text(doc.get("title"), f"{where}.title"),
                           contribution=_per_level(doc.get("contribution"),
                                                   f"{where}.contribution", _count))


def _stripped(value, where: str) -> str | None:
    text = _text(value, where)
    return text.strip() if text and text.strip() else None


def read_plan(doc) -> Plan:
    """Type-check a parsed plan document and return it as a Plan; InputError if unreadable."""
    if not isinstance(doc, dict):
        raise InputError(f"a plan is one mapping (region, title, consortium, solutions, "
                         f"budget, ...), not {_kind(doc)}", field="(document)")
    for key in doc:
        if not isinstance(key, str):
            raise InputError(f"field names are text, got {_shown(key)}", field="(document)")
    unknown: list[dict] = []
    _note_unknown(unknown, doc, "", PLAN_FIELDS)
    region = _text(doc.get("region"), "region")
    conditions_doc = _mapping(doc.get("conditions"), "conditions",
                              "a mapping of precondition id to text")
    conditions = {key.strip(): _stripped(value, f"conditions.{key}")
                  for key, value in conditions_doc.items()}
    plan = Plan(
        region=region.strip() if region and region.strip() else None,
        title=_stripped(doc.get("title"), "title"),
        consortium=[_party(p, i, unknown) for i, p in enumerate(
            _list(doc.get("consortium"), "consortium", "a list of parties"))],
        solutions=[_solution(s, i, unknown) for i, s in enumerate(
            _list(doc.get("solutions"), "solutions", "a list of solutions"))],
        business_measures=[_measure(m, i, unknown) for i, m in enumerate(
            _list(doc.get("business_measures"), "business_measures",
                  "a list of business measures"))],
        budget=_budget(doc.get("budget"), unknown),
        public_private=_stripped(doc.get("public_private"), "public_private"),
        bottlenecks=_stripped(doc.get("bottlenecks"), "bottlenecks"),
        conditions=conditions,
        existing_programmes=_ids(doc.get("existing_programmes"), "existing_programmes",
                                 "programme ids"),
        structural=_stripped(doc.get("structural"), "structural"),
        assumptions=_assumptions(doc.get("assumptions"), "assumptions"),
        unknown_fields=unknown)
    plan.present = {name for name in SECTION_FIELDS if _filled(doc.get(name))}
    if "conditions" in plan.present and not any(plan.conditions.values()):
        plan.present.discard("conditions")      # only empty entries: nothing addressed
    return plan
