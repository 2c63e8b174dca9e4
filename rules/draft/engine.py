"""`draft_plan(...)`: a draft plan in the format of spec/plan.md from an arrangement.

The solutions and their money come from the portfolio (portfolio.py, solutions.py);
around them the draft states what the knowledge base knows and marks what only the
region knows with a placeholder (`<in te vullen: ...>`, reported by the checker as
`plan.placeholder` until it is filled in):

- `consortium`: the five kinds of party the call asks for, names to fill in;
- `contribution` of each solution: the forecast's P50 of extra workers per level by
  2030, rounded down (the same forecast as `chiptalent check`: 2,000 draws, seed 1), so
  no claim lies above the P90 and none at a level nobody reaches by 2030;
- `budget.cofinancing`: the cofinancing needed for one third of the whole (or the
  amount given), split between business and regional government, parties to fill in;
  `cost_per_student` with the regular funding (the knowledge base's rate per year times
  the programme's duration) and the top-up of the solutions;
- `conditions`: every precondition of the chosen interventions that none of them
  provides, housing always and teaching staff where capacity grows, as prompts;
- `existing_programmes`: the programmes the interventions link to, and the
  LLO-katalysator wherever the checker requires it (LLO target groups, block 1B).

A solution that brings nobody to work by 2030 (a fitting arrangement's orientation for
pupils, say) has no contribution to claim; it is left out, and the draft says so, unless
another intervention of the draft requires it.
"""

from __future__ import annotations

import math

from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.draft import texts
from chiptalent.rules.draft.portfolio import Portfolio, choose
from chiptalent.rules.draft.solutions import LEVELS, solutions as build_solutions

CONSORTIUM = (("university", False), ("university-of-applied-sciences", False),
              ("mbo-institution", False), ("regional-government", False),
              ("company", True))
# spec/plan.md (`llo.katalysator-conditions`): the groups and block that need it.
LLO_GROUPS = {"adult-learners", "jobseekers", "benefit-recipients"}
LLO_BLOCK = "1B"
LLO_PROGRAMME = "llo-katalysator"
ALWAYS = ("housing",)                  # every plan addresses student housing
WITH_STUDENTS = ("teaching-staff",)    # where capacity grows


def _regular(kb: KnowledgeBase, level: str, bbl: bool) -> int | None:
    """The regular funding per student over the enrolment: rate per year × duration."""
    from chiptalent.rules.forecast.cohort import track

    rate = kb.parameters.get(f"funding.regular.{level}")
    duration = kb.parameters.get(track(level, "bbl" if bbl and level == "mbo" else None)
                                 ["duration"])
    if rate is None or duration is None:
        return None
    return round(rate.central * duration.central)


def _cost_per_student(kb: KnowledgeBase, solutions: list[dict]) -> dict:
    out: dict[str, dict] = {}
    for s in solutions:
        bbl = any(kb.interventions[i].routes == ["bbl"] for i in s["interventions"])
        for level, top_up in (s.get("top_up_per_student") or {}).items():
            regular = _regular(kb, level, bbl)
            out.setdefault(level, {"regular": regular, "top_up": top_up})
    return {lv: {k: v for k, v in out[lv].items() if v is not None}
            for lv in LEVELS if lv in out}


def _cofinancing(requested: int, available: int | None, lang: str) -> list[dict]:
    """One third of the whole at least: cofinancing ≥ Rijk / 2, split in two kinds."""
    total = max(math.ceil(requested / 2), available or 0)
    business = math.ceil(total / 2)
    return [
        {"party": texts.placeholder("cofinancing.business", lang), "type": "business",
         "amount": business, "in_kind": False, "additional": True,
         "note": texts.placeholder("cofinancing.note", lang)},
        {"party": texts.placeholder("cofinancing.regional-government", lang),
         "type": "regional-government", "amount": total - business, "in_kind": False,
         "additional": True,
         "note": texts.placeholder("cofinancing.note", lang)},
    ]


def _conditions(kb: KnowledgeBase, portfolio: Portfolio, solutions: list[dict],
                lang: str) -> dict[str, str]:
    """Each precondition to meet, as a prompt naming what needs it."""
    ids = [i for s in solutions for i in s["interventions"]] + \
        [q.id for q in portfolio.items if q.business]
    provided = {p for i in ids for p in kb.interventions[i].provides}
    needed: dict[str, list[str]] = {pid: [] for pid in ALWAYS}
    if any(s.get("students") for s in solutions):
        needed.update({pid: [] for pid in WITH_STUDENTS if pid not in needed})
    for iid in ids:
        for dep in kb.interventions[iid].preconditions:
            if dep.id not in provided:
                needed.setdefault(dep.id, []).append(kb.interventions[iid].label)
    for entry in portfolio.preconditions:      # flagged by the advice for this region
        if entry.get("kind") == "precondition" and entry.get("id") not in provided:
            needed.setdefault(entry["id"], [])
    vocabulary = kb.vocabulary("precondition")
    out = {}
    for pid in [p for p in vocabulary if p in needed] + [p for p in needed
                                                          if p not in vocabulary]:
        concept = vocabulary.get(pid)
        label = (concept.label if lang == "nl" else concept.label_en) if concept else pid
        if needed[pid]:
            out[pid] = texts.placeholder("condition.needed", lang, label=label,
                                         needed_by="; ".join(needed[pid]))
        else:
            out[pid] = texts.placeholder("condition", lang, label=label)
    return out


def _programmes(kb: KnowledgeBase, solutions: list[dict]) -> list[str]:
    wanted: set[str] = set()
    for s in solutions:
        items = [kb.interventions[i] for i in s["interventions"]]
        wanted.update(p for item in items for p in item.programmes)
        groups = set(s["target_groups"]) | {g for item in items for g in item.target_groups}
        if groups & LLO_GROUPS or any(item.building_block == LLO_BLOCK for item in items):
            wanted.add(LLO_PROGRAMME)
    order = list(kb.vocabulary("programme"))
    return [p for p in order if p in wanted] + sorted(wanted - set(order))


def _business_measures(kb: KnowledgeBase, portfolio: Portfolio, lang: str) -> list[dict]:
    """The companies' own part: business responsibilities of the arrangement, unfunded."""
    out = []
    for q in portfolio.items:
        if q.business:
            item = kb.interventions[q.id]
            out.append({"title": item.label if lang == "nl" else item.label_en,
                        "description": texts.placeholder("business_measure", lang)})
    if not out:
        out.append({"title": texts.placeholder("business_measure.title", lang),
                    "description": texts.placeholder("business_measure", lang)})
    return out


def contributions(plan: dict, kb: KnowledgeBase) -> dict:
    """Set each solution's contribution to the forecast's P50 by 2030, rounded down."""
    from chiptalent.rules.check_forecast import CHECK_DRAWS, CHECK_SEED
    from chiptalent.rules.forecast.engine import forecast
    from chiptalent.rules.plan import LAST_INTAKE_YEAR, read_plan

    document = forecast(read_plan(plan), kb, draws=CHECK_DRAWS, seed=CHECK_SEED,
                        horizon=LAST_INTAKE_YEAR)
    for s, doc in zip(plan["solutions"], document["solutions"]):
        by_level = doc["extra_workers"]["by_level_2030"]
        s["contribution"] = {lv: math.floor(by_level[lv]["p50"]) for lv in LEVELS
                             if lv in by_level and math.floor(by_level[lv]["p50"]) > 0}
        if not s["contribution"]:
            del s["contribution"]
    return document


def region_label(kb: KnowledgeBase, region: str | None, lang: str) -> str:
    found = kb.regions.get(region) if region else None
    if found is None:
        return region or texts.placeholder("region", lang)
    return found.label if lang == "nl" else found.label_en


def without_workers(kb: KnowledgeBase, plan: dict) -> list[str]:
    """The interventions of solutions that bring nobody to work by 2030 (no contribution
    to claim: the checker would call the contribution missing) and that nothing else in
    the plan requires: a fitting arrangement may hold them, a draft leaves them out."""
    idle = [s for s in plan["solutions"]
            if s["mechanism"] != "enabling" and not s.get("contribution")]
    kept = {i for s in plan["solutions"] if s not in idle for i in s["interventions"]}
    needed = {d for i in kept for d in kb.interventions[i].requires_ids} | \
        {g for i in kept for group in kb.interventions[i].requires_any for g in group.ids}
    out = []
    for s in idle:
        if not needed & set(s["interventions"]):
            out += s["interventions"]
    return out


def draft_document(kb: KnowledgeBase, portfolio: Portfolio, lang: str = "nl") -> dict:
    """The plan document (spec/plan.md) of a portfolio; solutions without any worker by
    2030 are left out (portfolio.left_out) when nothing else needs them."""
    plan = _document(kb, portfolio, lang)
    idle = without_workers(kb, plan)
    if idle:
        portfolio.items = [q for q in portfolio.items if q.id not in idle]
        portfolio.left_out = idle
        plan = _document(kb, portfolio, lang)
    return plan


def _document(kb: KnowledgeBase, portfolio: Portfolio, lang: str) -> dict:
    solutions = build_solutions(kb, portfolio.items, lang)
    requested = sum(s["funding_requested"] for s in solutions)
    plan: dict = {
        "region": portfolio.region or texts.placeholder("region", lang),
        "title": texts.title(region_label(kb, portfolio.region, lang), lang),
        "consortium": [dict({"name": texts.placeholder(f"party.{kind}", lang),
                             "type": kind}, **({"microchip": True} if chip else {}))
                       for kind, chip in CONSORTIUM],
        "solutions": solutions,
        "business_measures": _business_measures(kb, portfolio, lang),
        "budget": {"cofinancing": _cofinancing(requested, portfolio.cofinancing, lang)},
        "public_private": texts.placeholder("public_private", lang),
        "bottlenecks": texts.placeholder("bottlenecks", lang),
        "conditions": _conditions(kb, portfolio, solutions, lang),
        "existing_programmes": _programmes(kb, solutions),
        "structural": texts.placeholder("structural", lang),
    }
    costs = _cost_per_student(kb, solutions)
    if costs:
        plan["budget"]["cost_per_student"] = costs
    # the checker asks the rationale of every budget (spec/plan.md, budget.pxq-missing)
    plan["budget"]["top_up_rationale"] = texts.placeholder(
        "top_up_rationale" if costs else "cost_rationale", lang)
    contributions(plan, kb)
    return plan


def about(portfolio: Portfolio, plan: dict) -> dict:
    """Where the draft comes from: arrangement, budget and its source, the money asked."""
    requested = sum(s["funding_requested"] for s in plan["solutions"])
    return {"arrangement": portfolio.arrangement, "region": portfolio.region,
            "budget": portfolio.budget, "budget_source": portfolio.budget_source,
            "cofinancing_available": portfolio.cofinancing, "requested": requested,
            "cofinancing": sum(c["amount"] for c in plan["budget"]["cofinancing"]),
            "left_out": portfolio.left_out, "no_reach": portfolio.no_reach,
            "parameters": portfolio.parameters}


def draft_plan(profile: dict | None = None, *, region: str | None = None, kb=None,
               budget: int | None = None, cofinancing: int | None = None,
               arrangement: str | None = None, lang: str = "nl", top: int = 3) -> dict:
    """{"plan": the draft plan, "about": where it comes from} for a profile or a region."""
    if kb is None:
        from chiptalent.kb import load
        kb = load()
    portfolio = choose(profile, region=region, kb=kb, budget=budget,
                       cofinancing=cofinancing, arrangement=arrangement, top=top)
    plan = draft_document(kb, portfolio, lang)
    return {"plan": plan, "about": about(portfolio, plan)}
