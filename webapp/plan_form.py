"""The plan editor's form fields and the plan document (spec/plan.md), both ways.

Every input is named after the plan path it holds (`title`, `consortium[0].name`,
`solutions[1].students.mbo`, `budget.cofinancing[0].amount`, `conditions.housing`), so an
error of the plan reader (`read_plan`: "solutions[1].students.mbo: a number of students
...") lands on the very input it names. `form_to_plan` keeps what the user typed where a
number belongs but no number was typed, so the reader names that field and the page shows
the text again; it never drops data: what the form has no input for (a solution's
`intake_by_year`, `assumptions`, new interventions, levels beyond mbo/hbo/wo, unknown
fields) travels in a hidden `__extra` input as JSON and is put back. When a solution's
students or participants change so that its per-year split no longer adds up, the split
is spread evenly again over the intake years (as the draft does).

The document is written in one fixed key order, the draft's (rules/draft), so a draft
downloaded, uploaded and downloaded again is the same text.
"""

from __future__ import annotations

import json
import re

from chiptalent.errors import InputError
from chiptalent.rules.plan import FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR

LEVELS = ("mbo", "hbo", "wo")
EXTRA = "__extra"
NUMBER = re.compile(r"-?\d+")

PLAN_ORDER = ("region", "title", "consortium", "solutions", "business_measures", "budget",
              "public_private", "bottlenecks", "conditions", "existing_programmes",
              "structural")
PARTY_FIELDS = ("name", "type")
SOLUTION_TEXTS = ("id", "title")
SOLUTION_LISTS = ("interventions",)
SOLUTION_PER_LEVEL = ("contribution", "students", "top_up_per_student", "non_eer_students",
                      "participants", "cost_per_participant")
SOLUTION_ORDER = ("id", "title", "interventions", "mechanism", "levels", "target_groups",
                  "contribution", "kpis", "funding_requested", "students",
                  "top_up_per_student", "non_eer_students", "participants",
                  "participants_by_year", "cost_per_participant", "fixed_cost",
                  "business_responsibility", "international_intake")
SOLUTION_FLAGS = ("business_responsibility", "international_intake")
COMMITMENT_ORDER = ("party", "type", "amount", "in_kind", "additional", "note")
MEASURE_ORDER = ("title", "contribution", "description")
BUDGET_ORDER = ("cofinancing", "cost_per_student", "top_up_rationale")
TEXT_SECTIONS = ("public_private", "bottlenecks", "structural")


# --- reading the form -------------------------------------------------------------------

def _value(form, name: str) -> str:
    return (form.get(name) or "").strip()


def _number(text: str):
    """A whole number as typed (thousands dots and spaces allowed), else the text itself
    for the plan reader to name; None when empty."""
    if not text:
        return None
    plain = re.sub(r"[\s._]", "", text)
    return int(plain) if NUMBER.fullmatch(plain) else text


def _words(text: str) -> list[str]:
    return [w.strip() for w in re.split(r"[,\n]", text) if w.strip()]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _extra(form, name: str) -> dict:
    raw = form.get(name) or ""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        raise InputError("the form's hidden data is damaged; upload the plan again",
                         field=name) from None
    if not isinstance(value, dict):
        raise InputError("the form's hidden data is damaged; upload the plan again",
                         field=name)
    return value


def _per_level(form, prefix: str, extra: dict | None = None) -> dict:
    out = {}
    for level in LEVELS:
        n = _number(_value(form, f"{prefix}.{level}"))
        if n is not None:
            out[level] = n
    for level, n in (extra or {}).items():     # levels the form has no input for
        out.setdefault(level, n)
    return out


def _indices(form, prefix: str) -> list[int]:
    """The row numbers the form has for a list (`solutions[3].title` -> 3)."""
    found = set()
    pattern = re.compile(re.escape(prefix) + r"\[(\d+)\]")
    for key in form.keys():
        match = pattern.match(key)
        if match:
            found.add(int(match.group(1)))
    return sorted(found)


def _ordered(doc: dict, order: tuple, extra: dict) -> dict:
    out = {k: doc[k] for k in order if k in doc}
    out.update({k: v for k, v in doc.items() if k not in out})
    out.update({k: v for k, v in extra.items() if k not in out})
    return out


def _spread(total: int) -> dict[int, int]:
    years = list(range(FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR + 1))
    base, left = divmod(total, len(years))
    return {year: base + (1 if i < left else 0) for i, year in enumerate(years)}


def _years_add_up(by_year, totals: dict) -> bool:
    if not isinstance(by_year, dict):
        return False
    sums: dict = {}
    for per_level in by_year.values():
        if not isinstance(per_level, dict):
            return False
        for level, n in per_level.items():
            if not isinstance(n, int):
                return False
            sums[level] = sums.get(level, 0) + n
    return all(sums.get(lv, 0) == n for lv, n in totals.items()) and \
        all(lv in totals for lv in sums)


def _reconcile(doc: dict, extra: dict) -> None:
    """Keep a per-year split only while it adds up to the (edited) totals; a split of
    participants that no longer does is spread evenly again (as the draft spreads)."""
    students = doc.get("students") or {}
    if "intake_by_year" in extra and not (
            all(isinstance(n, int) for n in students.values())
            and _years_add_up(extra["intake_by_year"], students)):
        del extra["intake_by_year"]             # the students are spread evenly again
    participants = doc.get("participants") or {}
    by_year = extra.pop("participants_by_year", None)
    if participants and all(isinstance(n, int) and n >= 0 for n in participants.values()):
        # absent, the participants all start in start_year (spec/forecast.md): kept so
        if by_year is not None and not _years_add_up(by_year, participants):
            spread = {lv: _spread(n) for lv, n in participants.items()}
            by_year = {year: {lv: spread[lv][year] for lv in participants
                              if spread[lv][year]}
                       for year in range(FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR + 1)}
            by_year = {y: v for y, v in by_year.items() if v}
    if by_year and participants:
        doc["participants_by_year"] = by_year


def _solution(form, i: int) -> dict | None:
    p = f"solutions[{i}]"
    extra = _extra(form, f"{p}.{EXTRA}")
    extra_levels = extra.pop("__levels", {}) if isinstance(extra.get("__levels"), dict) else {}
    for key in ("intake_by_year", "participants_by_year"):
        if isinstance(extra.get(key), dict):     # JSON made the years text: years again
            extra[key] = {int(y) if str(y).isdigit() else y: v
                          for y, v in extra[key].items()}
    doc: dict = {}
    for key in SOLUTION_TEXTS:
        if _value(form, f"{p}.{key}"):
            doc[key] = _value(form, f"{p}.{key}")
    interventions = _words(_value(form, f"{p}.interventions"))
    if interventions:
        doc["interventions"] = interventions
    if _value(form, f"{p}.mechanism"):
        doc["mechanism"] = _value(form, f"{p}.mechanism")
    for key in ("levels", "target_groups"):
        words = _words(_value(form, f"{p}.{key}"))
        if words:
            doc[key] = words
    kpis = _lines(form.get(f"{p}.kpis") or "")
    for key in SOLUTION_PER_LEVEL:
        values = _per_level(form, f"{p}.{key}", extra_levels.get(key))
        if values:
            doc[key] = values
    if kpis:
        doc["kpis"] = kpis
    for key in ("funding_requested", "fixed_cost"):
        n = _number(_value(form, f"{p}.{key}"))
        if n is not None:
            doc[key] = n
    if not doc and not extra:
        return None                             # the empty row for a new solution
    for key in SOLUTION_FLAGS:
        doc[key] = form.get(f"{p}.{key}") == "true"
    _reconcile(doc, extra)
    return _ordered(doc, SOLUTION_ORDER, extra)


def _party(form, i: int) -> dict | None:
    p = f"consortium[{i}]"
    doc = {k: _value(form, f"{p}.{k}") for k in PARTY_FIELDS if _value(form, f"{p}.{k}")}
    if not doc.get("name"):
        return None if not doc or set(doc) == {"type"} else doc
    if form.get(f"{p}.microchip") == "true":
        doc["microchip"] = True
    return doc


def _commitment(form, i: int) -> dict | None:
    p = f"budget.cofinancing[{i}]"
    doc: dict = {}
    for key in ("party", "type"):
        if _value(form, f"{p}.{key}"):
            doc[key] = _value(form, f"{p}.{key}")
    amount = _number(_value(form, f"{p}.amount"))
    if amount is None and not doc.get("party"):
        return None                             # an empty row
    doc["amount"] = amount
    doc["in_kind"] = form.get(f"{p}.in_kind") == "true"
    doc["additional"] = form.get(f"{p}.additional") == "true"
    if _value(form, f"{p}.note"):
        doc["note"] = _value(form, f"{p}.note")
    return doc


def _measure(form, i: int) -> dict | None:
    p = f"business_measures[{i}]"
    doc: dict = {}
    if _value(form, f"{p}.title"):
        doc["title"] = _value(form, f"{p}.title")
    contribution = _per_level(form, f"{p}.contribution")
    if contribution:
        doc["contribution"] = contribution
    if _value(form, f"{p}.description"):
        doc["description"] = _value(form, f"{p}.description")
    return doc or None


def _budget(form, rows: dict | None) -> dict:
    budget: dict = {}
    commitments = _list(form, "budget.cofinancing", _commitment, rows)
    if commitments:
        budget["cofinancing"] = commitments
    costs = {}
    for level in LEVELS:
        cost = {}
        for key in ("regular", "top_up"):
            n = _number(_value(form, f"budget.cost_per_student.{level}.{key}"))
            if n is not None:
                cost[key] = n
        if cost:
            costs[level] = cost
    if costs:
        budget["cost_per_student"] = costs
    if _value(form, "budget.top_up_rationale"):
        budget["top_up_rationale"] = _value(form, "budget.top_up_rationale")
    return budget


def _list(form, prefix: str, read, rows: dict | None) -> list[dict]:
    """The list's filled rows; `rows[prefix]` records each one's row in the form."""
    out, where = [], []
    for i in _indices(form, prefix):
        row = read(form, i)
        if row:
            out.append(row)
            where.append(i)
    if rows is not None:
        rows[prefix] = where
    return out


def form_to_plan(form, condition_ids: list[str], rows: dict | None = None) -> dict:
    """The plan document the form holds (raw text kept where a number was expected).
    Empty rows are left out, so a plan's `solutions[2]` may be the form's fourth row:
    `rows` (when given) records which, for `form_path`."""
    extra = _extra(form, EXTRA)
    doc: dict = {}
    for key in ("region", "title"):
        if _value(form, key):
            doc[key] = _value(form, key)
    parties = _list(form, "consortium", _party, rows)
    if parties:
        doc["consortium"] = parties
    solutions = _list(form, "solutions", _solution, rows)
    if solutions:
        doc["solutions"] = solutions
    measures = _list(form, "business_measures", _measure, rows)
    if measures:
        doc["business_measures"] = measures
    budget = _budget(form, rows)
    if budget:
        doc["budget"] = _ordered(budget, BUDGET_ORDER, {})
    for key in TEXT_SECTIONS:
        if _value(form, key):
            doc[key] = _value(form, key)
    conditions = {}
    extra_conditions = extra.pop("__conditions", {}) if isinstance(
        extra.get("__conditions"), dict) else {}
    for cid in list(condition_ids) + [c for c in extra_conditions if c not in condition_ids]:
        text = _value(form, f"conditions.{cid}")
        if text:
            conditions[cid] = text
    if conditions:
        doc["conditions"] = conditions
    programmes = [p.strip() for p in form.getlist("existing_programmes") if p.strip()]
    if programmes:
        doc["existing_programmes"] = list(dict.fromkeys(programmes))
    return _ordered(doc, PLAN_ORDER, extra)


# --- filling the form -------------------------------------------------------------------

def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def values_of(plan: dict, condition_ids: list[str]) -> dict[str, str]:
    """Every input's value for a plan document (a plan read from a file or the form)."""
    values: dict[str, str] = {}
    for key in ("region", "title") + TEXT_SECTIONS:
        values[key] = _shown(plan.get(key))
    for i, party in enumerate(_rows(plan.get("consortium"))):
        for key in PARTY_FIELDS + ("microchip",):
            values[f"consortium[{i}].{key}"] = _shown(party.get(key))
    for i, s in enumerate(_rows(plan.get("solutions"))):
        p = f"solutions[{i}]"
        for key in SOLUTION_TEXTS + ("mechanism", "funding_requested", "fixed_cost"):
            values[f"{p}.{key}"] = _shown(s.get(key))
        for key in ("interventions", "levels", "target_groups"):
            values[f"{p}.{key}"] = _shown(s.get(key))
        kpis = s.get("kpis")
        values[f"{p}.kpis"] = "\n".join(str(k) for k in kpis) if isinstance(kpis, list) \
            else _shown(kpis)
        for key in SOLUTION_PER_LEVEL:
            per_level = s.get(key) if isinstance(s.get(key), dict) else {}
            for level in LEVELS:
                values[f"{p}.{key}.{level}"] = _shown(per_level.get(level))
        for key in SOLUTION_FLAGS:
            values[f"{p}.{key}"] = _shown(s.get(key) is True)
        values[f"{p}.{EXTRA}"] = json.dumps(_solution_extra(s), ensure_ascii=False)
    for i, m in enumerate(_rows(plan.get("business_measures"))):
        p = f"business_measures[{i}]"
        values[f"{p}.title"] = _shown(m.get("title"))
        values[f"{p}.description"] = _shown(m.get("description"))
        contribution = m.get("contribution") if isinstance(m.get("contribution"), dict) else {}
        for level in LEVELS:
            values[f"{p}.contribution.{level}"] = _shown(contribution.get(level))
    budget = plan.get("budget") if isinstance(plan.get("budget"), dict) else {}
    for i, c in enumerate(_rows(budget.get("cofinancing"))):
        for key in COMMITMENT_ORDER:
            values[f"budget.cofinancing[{i}].{key}"] = _shown(c.get(key))
    costs = budget.get("cost_per_student") if isinstance(budget.get("cost_per_student"),
                                                         dict) else {}
    for level in LEVELS:
        cost = costs.get(level) if isinstance(costs.get(level), dict) else {}
        for key in ("regular", "top_up"):
            values[f"budget.cost_per_student.{level}.{key}"] = _shown(cost.get(key))
    values["budget.top_up_rationale"] = _shown(budget.get("top_up_rationale"))
    conditions = plan.get("conditions") if isinstance(plan.get("conditions"), dict) else {}
    for cid in list(condition_ids) + [c for c in conditions if c not in condition_ids]:
        values[f"conditions.{cid}"] = _shown(conditions.get(cid))
    values[EXTRA] = json.dumps(_plan_extra(plan, condition_ids), ensure_ascii=False)
    return values


def _rows(value) -> list[dict]:
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _solution_extra(s: dict) -> dict:
    """What a solution holds beyond the form's inputs, to travel in `__extra`."""
    shown = set(SOLUTION_ORDER) - {"participants_by_year"}
    extra = {k: v for k, v in s.items() if k not in shown}
    levels = {}
    for key in SOLUTION_PER_LEVEL:
        per_level = s.get(key) if isinstance(s.get(key), dict) else {}
        other = {lv: n for lv, n in per_level.items() if lv not in LEVELS}
        if other:
            levels[key] = other
    if levels:
        extra["__levels"] = levels
    return extra


def _plan_extra(plan: dict, condition_ids: list[str]) -> dict:
    extra = {k: v for k, v in plan.items() if k not in PLAN_ORDER}
    conditions = plan.get("conditions") if isinstance(plan.get("conditions"), dict) else {}
    other = {c: None for c in conditions if c not in condition_ids}
    if other:
        extra["__conditions"] = other
    return extra


def form_path(path: str | None, rows: dict) -> str | None:
    """A plan path in the form's row numbers (`solutions[2].title` -> `solutions[3].title`
    when the form's third row was empty)."""
    if not path:
        return path
    for prefix, where in rows.items():
        match = re.match(re.escape(prefix) + r"\[(\d+)\]", path)
        if match and int(match.group(1)) < len(where):
            return f"{prefix}[{where[int(match.group(1))]}]" + path[match.end():]
    return path


def field_for(path: str | None, names) -> str | None:
    """The input an error's plan path belongs to: itself, else its nearest parent."""
    if not path:
        return None
    candidate = path
    while candidate:
        if candidate in names:
            return candidate
        cut = max(candidate.rfind("."), candidate.rfind("["))
        candidate = candidate[:cut] if cut > 0 else ""
    return None
