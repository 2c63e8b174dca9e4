"""The plan checker: a plan, its figures and the knowledge base in, findings out.

`check_plan(document)` reads the plan (rules/plan.py; unreadable input raises
InputError), computes its figures (rules/figures.py), turns plan, figures and
knowledge base into named facts, and runs the check rules of `rules/check/*.yaml`
over them. The rules decide; this module only states facts:

- plan-level facts are flat names (`totals.cofinancing_counted`, `consortium.types`,
  `conditions.housing`, ...); the rules without `for_each` run through the forward-
  chaining engine with a `finding` action that records the finding and asserts
  `finding.<code>`, so a rule may build on another's finding;
- a rule with `for_each: <collection>` is evaluated once per item of that collection
  (`solutions`, `solution_levels`, `solution_interventions`, `dependencies`,
  `cofinancing`, ...) with the item's facts under `item.` beside the plan's facts.
  These run first, so their `finding.<code>` facts are there for the engine.

A finding's `message` (Dutch; `message_en` English), `where` and `section` are
templates in the rule, filled with `{name}` from the item's and the plan's facts.
The result is plan.md's output document: plan, coherent, findings, totals.
"""

from __future__ import annotations

import difflib
import functools
import re
from fractions import Fraction
from pathlib import Path

from chiptalent.errors import RuleError
from chiptalent.i18n import LANGUAGES, format_number
from chiptalent.i18n import text as ui_text
from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.conditions import Evaluation, facts_read
from chiptalent.rules.engine import Engine, Rule
from chiptalent.rules.check_forecast import national_demand, weigh
from chiptalent.rules.figures import COUNTED_KINDS, Figures, compute
from chiptalent.rules.plan import Plan, read_plan
from chiptalent.rules.study_programmes import study_programme_items

CHECK_DIR = Path(__file__).parent / "check"
SEVERITIES = ("error", "warning", "info")
COLLECTIONS = ("solutions", "solution_levels", "solution_interventions", "dependencies",
               "new_interventions", "cofinancing", "business_measures", "budget_levels",
               "demand_levels", "terms", "unknown_fields", "consortium", "study_programmes",
               # the number-weighing collections of rules/check_forecast.py
               "claims", "solution_budgets", "regular_levels", "placeholders")

# The spec's term lists, used when the knowledge base lacks a vocabulary.
_FALLBACK_TERMS = {
    "level": ("po", "vo", "mbo", "hbo", "wo", "phd"),
    "target_group": ("youth", "parents", "girls-women", "migration-background",
                     "adult-learners", "jobseekers", "benefit-recipients", "newcomers",
                     "early-school-leavers", "dropouts-switchers", "students",
                     "international-students", "foreign-talent", "international-workers",
                     "partners", "recent-graduates", "alumni", "teachers", "employers"),
    "party_type": ("university", "university-of-applied-sciences", "mbo-institution",
                   "regional-government", "company", "private-provider",
                   "post-initial-provider", "other"),
    "cofinancing_type": ("business", "regional-government", "institution", "other"),
    "programme": ("ngf-pps-beroepsonderwijs", "llo-katalysator", "vaardig-met-vaardigheden",
                  "techkwadraat", "sterk-techniekonderwijs",
                  "subsidie-versterking-beroepskolom", "actieplan-groene-digitale-banen",
                  "aanvalsplan-techniek", "competentnl", "regionaal-beraad"),
    "precondition": ("housing", "teaching-staff", "learning-places",
                     "trajectories-available"),
    "building_block": ("1A", "1B", "1C", "2", "3", "4", "5"),
}
_TERM_NAMES = {   # kind -> (nl, en), for messages
    "level": ("onderwijsniveau", "education level"),
    "target_group": ("doelgroep", "target group"),
    "party_type": ("soort partij", "party type"),
    "cofinancing_type": ("soort cofinanciering", "cofinancing kind"),
    "programme": ("programma", "programme"),
    "precondition": ("randvoorwaarde", "precondition"),
    "building_block": ("bouwsteen", "building block"),
}


# --- rules -----------------------------------------------------------------------------

class CheckRules:
    """The check rules split by how they run, with the engine for the plan-level ones."""

    def __init__(self, rules: list[Rule]):
        self.plan_rules: list[Rule] = []
        self.per_item: dict[str, list[Rule]] = {}
        self.order = {r.id: i for i, r in enumerate(rules)}
        for rule in rules:
            validate_check_rule(rule)
            collection = rule.extra.get("for_each")
            if collection:
                self.per_item.setdefault(collection, []).append(rule)
            else:
                self.plan_rules.append(rule)
        self.rules = list(rules)
        # the item facts (without `item.`) each per-item rule's condition reads
        self.item_reads = {r.id: tuple(sorted(n[5:] for n in facts_read(r.when)
                                              if n.startswith("item.")))
                           for r in rules}

    def codes(self) -> dict[str, set[str]]:
        """code -> the severities its rules give (a code may have several rules)."""
        codes: dict[str, set[str]] = {}
        for rule in self.rules:
            codes.setdefault(rule.extra["code"], set()).add(rule.extra["severity"])
        return codes


def validate_check_rule(rule: Rule) -> None:
    """What the checker needs of a check rule beyond the shared rule schema."""
    where = f"rule {rule.id} ({rule.source_file})"
    extra = rule.extra
    if not isinstance(extra.get("code"), str) or not extra["code"]:
        raise RuleError(f"{where}: a check rule needs a `code`")
    if extra.get("severity") not in SEVERITIES:
        raise RuleError(f"{where}: `severity` is one of {', '.join(SEVERITIES)}")
    message = extra.get("message")
    if not isinstance(message, dict) or not all(
            isinstance(message.get(lang), str) and message[lang] for lang in ("nl", "en")):
        raise RuleError(f"{where}: `message` needs nl and en text")
    if extra.get("for_each") is not None and extra["for_each"] not in COLLECTIONS:
        raise RuleError(f"{where}: for_each is one of {', '.join(COLLECTIONS)}")
    if not any("finding" in action for action in rule.then):
        raise RuleError(f"{where}: a check rule's `then` has a `finding` action")


_CACHE: dict[tuple, CheckRules] = {}


def load_check_rules(check_dir: Path | str | None = None) -> CheckRules:
    """The rules of `rules/check/*.yaml`, read once and again only when a file changes."""
    from chiptalent.rules.ruleset import read_rule_file

    base = Path(check_dir) if check_dir else CHECK_DIR
    paths = sorted(base.glob("*.yaml"))
    key = (str(base),) + tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                               for p in paths)
    if key not in _CACHE:
        rules: list[Rule] = []
        for path in paths:
            rules += read_rule_file(path, "check")
        _CACHE.clear()
        _CACHE[key] = CheckRules(rules)
    return _CACHE[key]


def _as_check_rules(rules) -> CheckRules:
    if rules is None:
        return load_check_rules()
    if isinstance(rules, CheckRules):
        return rules
    if hasattr(rules, "check"):          # a RuleSet (the web app loads one per app)
        cached = _PREPARED.get(id(rules.check))
        if cached is None or cached[0] is not rules.check:
            if len(_PREPARED) > 8:
                _PREPARED.clear()
            cached = _PREPARED[id(rules.check)] = (rules.check, CheckRules(list(rules.check)))
        return cached[1]
    return CheckRules([r for r in rules if r.kind == "check"])


_PREPARED: dict[int, tuple[list, CheckRules]] = {}


# The section of Bijlage 1 a plan field belongs to, for findings about any field.
_FIELD_SECTIONS = (
    ("consortium", "1. De deelnemende partijen"), ("region", "1. De deelnemende partijen"),
    ("solutions", "2. Aanpak"), ("business_measures", "2. Aanpak"),
    ("structural", "2. Aanpak"), ("existing_programmes", "3. Beleidsinterventies"),
    ("public_private", "4. Publiek private samenwerking"),
    ("bottlenecks", "5. Knelpunten en uitvoerbaarheid"),
    ("conditions", "6. Randvoorwaarden"), ("budget", "7. Begroting"),
)


def section_of(where: str) -> str:
    """`solutions[2].levels[0]` -> "2. Aanpak"; fields outside the format -> ""."""
    head = re.split(r"[.\[]", where, maxsplit=1)[0]
    return next((section for name, section in _FIELD_SECTIONS if name == head), "")


# --- facts -----------------------------------------------------------------------------

def _known_terms(kb: KnowledgeBase) -> dict[str, set[str]]:
    known = {}
    for kind, fallback in _FALLBACK_TERMS.items():
        if kind == "building_block":
            ids = set(kb.building_blocks) if kb.building_blocks else set(fallback)
        else:
            ids = set(kb.vocabulary(kind)) or set(fallback)
        known[kind] = ids
    return known


class _Terms:
    """Every vocabulary term the plan uses, once, with where it first appears."""

    def __init__(self, known: dict[str, set[str]]):
        self.known = known
        self.items: dict[tuple[str, str], dict] = {}

    def add(self, kind: str, value: str, where: str) -> None:
        if (kind, value) in self.items:
            return
        ok = value in self.known[kind]
        close = None if ok else difflib.get_close_matches(
            value.lower(), sorted(self.known[kind]), n=1, cutoff=0.5)
        nl, en = _TERM_NAMES[kind]
        self.items[(kind, value)] = {"kind": kind, "kind_nl": nl, "kind_en": en,
                                     "value": value, "where": where, "known": ok,
                                     "suggestion": close[0] if close else None}

    def add_levels(self, mapping: dict, where: str) -> None:
        for level in mapping:
            self.add("level", level, f"{where}.{level}")


class Localised:
    """A value with a Dutch and an English wording; a message shows the one of its language
    (a vocabulary label instead of the bare id the reader does not know)."""

    __slots__ = ("nl", "en")

    def __init__(self, nl: str, en: str):
        self.nl, self.en = nl, en

    def __eq__(self, other):
        return isinstance(other, Localised) and (self.nl, self.en) == (other.nl, other.en)

    def __hash__(self):
        return hash((self.nl, self.en))

    def __str__(self):
        return self.nl

    def __repr__(self):
        return f"Localised({self.nl!r}, {self.en!r})"


def _term_label(terms: dict, term_id: str | None) -> Localised | None:
    """The vocabulary label of a term in both languages; an unknown id stays itself."""
    if not term_id:
        return None
    concept = terms.get(term_id)
    if concept is None:
        return Localised(term_id, term_id)
    return Localised(concept.label, concept.label_en or concept.label)


def build_facts(plan: Plan, fig: Figures, kb: KnowledgeBase) -> tuple[dict, dict]:
    """The plan-level facts and the per-item collections the check rules read."""
    interventions = kb.interventions
    terms = _Terms(_known_terms(kb))
    plan_ids = {iid for s in plan.solutions for iid in s.interventions}
    provided = {p for iid in plan_ids if iid in interventions
                for p in interventions[iid].provides}
    conditions_met = {key for key, text in plan.conditions.items() if text}
    preconditions_met = conditions_met | provided
    preconditions = kb.vocabulary("precondition")

    solutions, solution_levels, solution_interventions = [], [], []
    dependencies, new_interventions = [], []
    seen_dependencies: set[tuple] = set()
    coverage_levels: set[str] = set()
    coverage_groups: set[str] = set()
    international_intake = False
    costs = plan.budget.cost_per_student

    for s in plan.solutions:
        where = f"solutions[{s.index}]"
        groups = set(s.target_groups)
        blocks: set[str] = set()
        business: list[str] = []
        unmet: list[str] = []
        for j, iid in enumerate(s.interventions):
            known = interventions.get(iid)
            item = {"index": s.index, "position": j, "solution": s.name,
                    "intervention": iid, "known": known is not None,
                    "funding_requested": s.funding_requested,
                    "label": known.label if known else iid,
                    "building_block": known.building_block if known else None,
                    "business_responsibility": bool(known and known.business_responsibility)}
            solution_interventions.append(item)
            if known is None:
                continue
            groups.update(known.target_groups)
            blocks.add(known.building_block)
            if known.business_responsibility:
                business.append(iid)
            for kind, deps in (("intervention", known.requires),
                               ("precondition", known.preconditions)):
                for dep in deps:
                    if kind == "intervention":
                        met = dep.id in plan_ids
                        dep_label = (interventions[dep.id].label
                                     if dep.id in interventions else dep.id)
                    else:
                        met = dep.id in preconditions_met
                        dep_label = (preconditions[dep.id].label
                                     if dep.id in preconditions else dep.id)
                    if not met:
                        unmet.append(dep.id)
                    key = (iid, kind, dep.id)
                    if key in seen_dependencies:
                        continue        # named once, where the plan first uses it
                    seen_dependencies.add(key)
                    dependencies.append({
                        "index": s.index, "position": j, "solution": s.name,
                        "intervention": iid, "intervention_label": known.label,
                        "dependency": dep.id, "dependency_label": dep_label,
                        "kind": kind, "strength": dep.strength, "met": met,
                        "providers": (", ".join(kb.providers_of(dep.id)) or None
                                      if kind == "precondition" else None)})
            for group in known.requires_any:
                # at least one of several (the centres of "deze centra"): met by any one
                met = any(g in plan_ids for g in group.ids)
                dep_id = " of ".join(group.ids)
                if not met:
                    unmet.append(dep_id)
                key = (iid, "intervention", dep_id)
                if key in seen_dependencies:
                    continue
                seen_dependencies.add(key)
                dependencies.append({
                    "index": s.index, "position": j, "solution": s.name,
                    "intervention": iid, "intervention_label": known.label,
                    "dependency": dep_id,
                    "dependency_label": " of ".join(interventions[g].label if g in interventions
                                                    else g for g in group.ids),
                    "kind": "intervention", "strength": group.strength, "met": met,
                    "providers": None})
        for n in s.new_interventions:
            if n.building_block:
                blocks.add(n.building_block)
                terms.add("building_block", n.building_block,
                          f"{where}.new_interventions[{n.position}].building_block")
            new_interventions.append({"index": s.index, "position": n.position,
                                      "solution": s.name, "label": n.label,
                                      "casuistry": n.casuistry,
                                      "building_block": n.building_block})
        levels = set(s.levels)
        levels.update(level for level, n in s.contribution.items() if n > 0)
        levels.update(level for level, n in s.students.items() if n > 0)
        coverage_levels |= levels
        coverage_groups |= groups
        international_intake = international_intake or s.international_intake
        for i, level in enumerate(s.levels):
            terms.add("level", level, f"{where}.levels[{i}]")
        for i, group in enumerate(s.target_groups):
            terms.add("target_group", group, f"{where}.target_groups[{i}]")
        for name in ("contribution", "students", "top_up_per_student", "non_eer_students"):
            terms.add_levels(getattr(s, name), f"{where}.{name}")
        solutions.append({
            "index": s.index, "id": s.id, "solution": s.name, "title": s.title,
            "kpi_count": len(s.kpis), "contribution_total": sum(s.contribution.values()),
            "funding_requested": s.funding_requested,
            "students_total": sum(s.students.values()),
            "business_responsibility": s.business_responsibility,
            "business_interventions": business, "unmet_dependencies": unmet,
            "target_groups": sorted(groups), "declared_target_groups": s.target_groups,
            "building_blocks": sorted(blocks), "levels": sorted(levels),
            "interventions": s.interventions,
            "international_intake": s.international_intake,
            # only enabling interventions and no people: it needs no contribution of its own
            "enabling_only": bool(s.interventions) and not s.new_interventions
            and not (s.students or s.participants or s.non_eer_entrants)
            and all(iid in interventions and interventions[iid].mechanism is not None
                    and interventions[iid].mechanism.type == "enabling"
                    for iid in s.interventions)})
        for level in dict.fromkeys([*s.students, *s.top_up_per_student,
                                    *s.non_eer_students]):
            cost = costs.get(level)
            solution_levels.append({
                "index": s.index, "solution": s.name, "level": level,
                "students": s.students.get(level, 0),
                "top_up_per_student": s.top_up_per_student.get(level),
                "non_eer_students": s.non_eer_students.get(level, 0),
                "budget_top_up": cost.top_up if cost else None,
                "budget_regular": cost.regular if cost else None,
                "contribution": s.contribution.get(level, 0)})

    cofinancing = []
    cofinancing_kinds = kb.vocabulary("cofinancing_type")
    for c in plan.budget.cofinancing:
        cofinancing.append({"index": c.index, "party": c.party, "type": c.type,
                            "type_label": _term_label(cofinancing_kinds, c.type),
                            "amount": c.amount, "in_kind": c.in_kind,
                            "additional": c.additional,
                            "counted_kind": c.type in COUNTED_KINDS,
                            "counted": c.type in COUNTED_KINDS and c.additional is True})
        if c.type:
            terms.add("cofinancing_type", c.type, f"budget.cofinancing[{c.index}].type")

    consortium = []
    party_types = kb.vocabulary("party_type")
    for p in plan.consortium:
        consortium.append({"index": p.index, "name": p.name, "type": p.type,
                           "type_label": _term_label(party_types, p.type),
                           "microchip": p.microchip})
        if p.type:
            terms.add("party_type", p.type, f"consortium[{p.index}].type")

    business_measures = []
    for m in plan.business_measures:
        business_measures.append({"index": m.index, "title": m.title,
                                  "contribution_total": sum(m.contribution.values())})
        terms.add_levels(m.contribution, f"business_measures[{m.index}].contribution")

    budget_levels = []
    for level in dict.fromkeys([*fig.students_by_level, *costs]):
        cost = costs.get(level)
        budget_levels.append({"level": level,
                              "students": fig.students_by_level.get(level, 0),
                              "regular": cost.regular if cost else None,
                              "top_up": cost.top_up if cost else None})
    terms.add_levels(costs, "budget.cost_per_student")

    demand_levels = []
    national = national_demand(kb)
    for level, demand in fig.demand_by_level.items():
        contribution = fig.contribution_by_level.get(level, 0)
        demand_levels.append({
            "level": level, "demand": demand, "contribution": contribution,
            "percent": Fraction(100 * contribution, demand) if demand else None,
            "national": national.get(level)})

    for i, programme in enumerate(plan.existing_programmes):
        terms.add("programme", programme, f"existing_programmes[{i}]")
    for key in plan.conditions:
        terms.add("precondition", key, f"conditions.{key}")

    region = kb.regions.get(plan.region) if plan.region else None
    facts = {
        "plan.region": plan.region,
        "plan.region_label": region.label if region else plan.region,
        "plan.title": plan.title,
        "plan.solution_count": len(plan.solutions),
        "plan.existing_programmes": plan.existing_programmes,
        "plan.structural": plan.structural,
        "plan.top_up_rationale": plan.budget.top_up_rationale,
        "sections.present": sorted(plan.present),
        "consortium.types": sorted({p.type for p in plan.consortium if p.type}),
        "consortium.microchip_companies": sum(1 for p in plan.consortium
                                              if p.type == "company" and p.microchip),
        "cofinancing.kinds": sorted({c.type for c in plan.budget.cofinancing
                                     if c.type and c.amount > 0}),
        "preconditions.met": sorted(preconditions_met),
        "coverage.levels": sorted(coverage_levels),
        "coverage.target_groups": sorted(coverage_groups),
        "coverage.international_intake": international_intake,
        "business_measures.count": len(plan.business_measures),
        "business_measures.contribution_total": sum(fig.business_measures_by_level.values()),
        "totals.requested": fig.requested,
        "totals.cofinancing_counted": fig.cofinancing_counted,
        "totals.cofinancing_total": fig.cofinancing_counted,
        "totals.cofinancing_not_counted": fig.cofinancing_not_counted,
        "totals.rijk_plus_cofinancing": fig.rijk_plus_cofinancing,
        "totals.cofinancing_minimum": fig.cofinancing_minimum,
        "totals.cofinancing_share_percent": fig.share * 100,
        "totals.top_up_total": fig.top_up_total,
        "totals.students_total": fig.students_total,
        "totals.contribution_total": fig.contribution_total,
    }
    for key, text in plan.conditions.items():
        facts[f"conditions.{key}"] = text
    collections = {
        "solutions": solutions, "solution_levels": solution_levels,
        "solution_interventions": solution_interventions, "dependencies": dependencies,
        "new_interventions": new_interventions, "cofinancing": cofinancing,
        "business_measures": business_measures, "budget_levels": budget_levels,
        "demand_levels": demand_levels, "consortium": consortium,
        "terms": [dict(t, section=section_of(t["where"])) for t in terms.items.values()],
        "unknown_fields": [dict(u, section=section_of(u["where"]))
                           for u in plan.unknown_fields],
        # Programmes a solution trains for, against Bijlage 3's ranked lists (and Bijlage 2).
        "study_programmes": [dict(p, section=section_of(p["where"]))
                             for p in study_programme_items(plan, kb)],
    }
    return facts, collections


# --- findings --------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w.\-]*)\}")


def _format(value, lang: str | None) -> str:
    """A fact's value in a message: lists joined, numbers in the language's style."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        if lang not in LANGUAGES:
            return "true" if value else "false"
        return ui_text("value.yes" if value else "value.no", lang)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_format(v, lang) for v in value) or "—"
    if isinstance(value, Localised):
        return value.en if lang == "en" else value.nl
    if lang is None:
        return str(value)
    if isinstance(value, int):
        return _number(value, lang, 0)
    if isinstance(value, (Fraction, float)):
        return _number(value, lang, 1)
    return str(value)


@functools.lru_cache(maxsize=8192, typed=True)
def _number(value, lang: str, decimals: int) -> str:
    # babel's formatting costs ~0.1 ms a number and a large plan's messages repeat the
    # same amounts many times (the plan's totals in every finding of a kind)
    return format_number(value, lang, decimals)


def fill(template: str, lookup, lang: str | None = None) -> str:
    """Replace `{name}` by the fact's value; an unknown name stays as it is."""
    def replace(match):
        value = lookup(match.group(1))
        return match.group(0) if value is _UNSET else _format(value, lang)
    return _PLACEHOLDER.sub(replace, template)


_UNSET = object()


def _freeze(value):
    """A fact's value as a hashable key (lists and mappings become tuples)."""
    if isinstance(value, (list, tuple, set)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


class _ItemFacts:
    """An item's facts under `item.` (and bare, for templates) beside the plan's facts."""

    __slots__ = ("item", "facts")

    def __init__(self, item: dict, facts: dict):
        self.item = item
        self.facts = facts

    def get(self, name: str, default=None):
        if name.startswith("item."):
            return self.item.get(name[5:], default)
        return self.facts.get(name, default)

    def lookup(self, name: str):
        if name.startswith("item."):
            return self.item.get(name[5:], _UNSET)
        value = self.item.get(name, _UNSET)
        return self.facts.get(name, _UNSET) if value is _UNSET else value


def _finding(rule: Rule, lookup) -> dict:
    extra = rule.extra
    return {"code": extra["code"], "severity": extra["severity"],
            "message": fill(extra["message"]["nl"], lookup, "nl"),
            "message_en": fill(extra["message"]["en"], lookup, "en"),
            "where": fill(extra.get("where") or "", lookup),
            "seed": rule.seed_quote, "seed_section": rule.seed_section,
            "section": fill(extra.get("section") or "", lookup),
            "rule": rule.id}


def run_rules(check: CheckRules, facts: dict, collections: dict) -> list[dict]:
    """Every finding: the per-item rules first, then the plan-level rules via the engine."""
    findings: list[dict] = []
    memory = dict(facts)
    for name, rules in check.per_item.items():
        # A condition is a pure function of the facts it reads, and many items share
        # those values (same top-up, same flags): decide each distinct set once.
        # The plan's facts are the same for every item, so the key is the item's facts.
        decided: list[dict] = [{} for _ in rules]
        keys = [check.item_reads[rule.id] for rule in rules]
        for item in collections.get(name, ()):
            view = _ItemFacts(item, facts)
            for rule, memo, names in zip(rules, decided, keys):
                key = tuple([item.get(n, _UNSET) for n in names])
                try:
                    holds = memo.get(key)
                except TypeError:            # a list among the values
                    key = _freeze(key)
                    holds = memo.get(key)
                if holds is None:
                    holds = memo[key] = Evaluation(view).holds(rule.when)
                if holds:
                    findings.append(_finding(rule, view.lookup))
                    memory[f"finding.{rule.extra['code']}"] = True

    def lookup(name):
        return memory.get(name, _UNSET)

    def on_finding(argument, rule: Rule, read: dict):
        findings.append(_finding(rule, lookup))
        return [(f"finding.{rule.extra['code']}", True)]

    Engine(check.plan_rules, handlers={"finding": on_finding}).run(memory)
    return findings


def _section_number(finding: dict) -> int:
    match = re.match(r"\s*(\d+)", finding.get("section") or "")
    return int(match.group(1)) if match else 99


def _sorted(findings: list[dict], check: CheckRules) -> list[dict]:
    """By section of Bijlage 1, then severity; within that, rule order and plan order."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    order = check.order
    return sorted(findings, key=lambda f: (_section_number(f), rank[f["severity"]],
                                           order.get(f["rule"], 0)))


def _summary(plan: Plan, kb: KnowledgeBase) -> dict:
    region = kb.regions.get(plan.region) if plan.region else None
    return {"region": plan.region,
            "region_label": region.label if region else None,
            "title": plan.title,
            "solutions": len(plan.solutions),
            "interventions": len({i for s in plan.solutions for i in s.interventions}),
            "new_interventions": sum(len(s.new_interventions) for s in plan.solutions),
            "consortium": len(plan.consortium),
            "sections_present": sorted(plan.present)}


def check_plan(document: dict, kb: KnowledgeBase | None = None, rules=None) -> dict:
    """plan.md's output for one parsed plan document; InputError if it is unreadable."""
    plan = read_plan(document)
    if kb is None:
        from chiptalent.kb import load
        kb = load()
    check = _as_check_rules(rules)
    fig = compute(plan, kb)
    facts, collections = build_facts(plan, fig, kb)
    weighed, numbers, forecast_totals = weigh(plan, document, fig, kb)
    numbers["placeholders"] = [dict(p, section=section_of(p["where"]))
                               for p in numbers["placeholders"]]
    facts.update(weighed)
    collections.update(numbers)
    findings = _sorted(run_rules(check, facts, collections), check)
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITIES}
    return {"plan": _summary(plan, kb),
            "coherent": counts["error"] == 0,
            "counts": counts,
            "findings": findings,
            "totals": {**fig.totals(), "forecast": forecast_totals}}


def check_plan_file(path, kb: KnowledgeBase | None = None, rules=None) -> dict:
    """Read a plan file safely (size-limited, alias-free) and check it."""
    from chiptalent.errors import InputError
    from chiptalent.kb.yamlio import read_document

    try:
        document = read_document(path)
    except RecursionError:
        raise InputError("document nested too deeply", file=str(path)) from None
    except ValueError as exc:       # e.g. an integer of thousands of digits
        raise InputError(f"unreadable value: {str(exc).split(';')[0]}",
                         file=str(path)) from None
    result = check_plan(document, kb=kb, rules=rules)
    result["plan"]["file"] = str(path)
    return result
