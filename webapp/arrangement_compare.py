"""Arrangements side by side (issue 19.3): what each costs, what it yields, on what
evidence, which needs it covers, and a title that says what it is about.

Figures. Each arrangement is forecast as one plan by the forecast engine (the same
engine, seed and draws as an intervention's yield, rules/intervention_yield.py), so the
range of its extra workers by 2030 is that of the sum, not a sum of ranges:
- the budget-optimal arrangement at the quantities the optimiser chose (its tranches
  per intervention and level);
- every other arrangement at one tranche per intervention and level (the knowledge
  base's `tranche_size.<mechanism>` at its cost per participant): a fit has no size of
  its own, and this one is the same for all, so the arrangements compare fairly. The
  table says which basis each column has.
Enabling interventions add their fixed cost and no workers. € per extra worker is the
cost over the P50.

Rows. Cost, extra workers (P50 with P10–P90), € per extra worker, the evidence mix
(the reviewed sources of the members, per strength), the needs covered (goals, target
groups, levels) and left open, the interventions per building block and the
preconditions. A row that
is the same for every arrangement says nothing about the choice and is left out (with
a line that names what they share).

Titles. "Mostly <block> and <block>, for <target group>": the two building blocks with
most members and the target group most of them reach, in the page's language through
the string registry.
"""

from __future__ import annotations

from collections import Counter

from chiptalent.i18n import format_money, format_number
from chiptalent.kb.memo import KBMemo
from chiptalent.kb.model import KnowledgeBase
from chiptalent.kb.present import block_ref
from chiptalent.rules.forecast.engine import total_by_2030
from chiptalent.rules.intervention_yield import (YIELD_SEED, intervention_yield,
                                                 single_intervention_solution)
from chiptalent.rules.plan import read_plan
from chiptalent.webapp.i18n import lang, pick, t

COMPARE_DRAWS = 1_000        # a page's answer; the ranges are stable to a worker or two
CACHE_SIZE = 64
HORIZON = 2030
ENABLING_COST = "fixed_cost.enabling"


# --- figures ----------------------------------------------------------------------------

def sized_members(kb: KnowledgeBase, items: list[dict], overrides) -> tuple[list, float, str]:
    """(solutions, cost, basis) of an arrangement's interventions: at the optimiser's
    quantities where it has them, else one tranche per level."""
    solutions, cost = [], 0.0
    optimised = any(item.get("quantities") for item in items)
    for item in items:
        iid = item["id"]
        if iid not in kb.interventions:
            continue
        y = intervention_yield(kb, iid, overrides)
        if y["mechanism"] == "enabling":
            cost += y.get("fixed_cost") or 0
            continue
        quantities = item.get("quantities") or {}
        prices = {row["level"]: row["cost_per_participant"] for row in y["levels"]}
        if optimised:
            sizes = {lv: n for lv, n in (quantities.get("participants") or {}).items()
                     if n and lv in prices}
        else:
            sizes = {row["level"]: row["tranche"] for row in y["levels"]}
        for level, size in sizes.items():
            solutions.append(single_intervention_solution(
                f"{iid}-{level}", iid, y["mechanism"], level, int(size), prices[level]))
            cost += size * prices[level]
    return solutions, cost, "optimal" if optimised else "tranche"


# Figures per (knowledge base, members and their quantities, overrides).
_CACHE = KBMemo(CACHE_SIZE)


def figures(kb: KnowledgeBase, items: list[dict], overrides=None) -> dict:
    """Cost, extra workers by 2030 (P10/P50/P90) and € per extra worker (at P50)."""
    overrides = dict(overrides or {})
    key = (tuple((i["id"], repr(sorted(((i.get("quantities") or {})
                                                .get("participants") or {}).items())))
                         for i in items), tuple(sorted(overrides.items())))

    def compute():
        solutions, cost, basis = sized_members(kb, items, overrides)
        workers = {"p10": 0.0, "p50": 0.0, "p90": 0.0}
        if solutions:
            plan = read_plan({"title": "Vergelijking van arrangementen",
                              "solutions": solutions})
            workers = dict(total_by_2030(plan, kb, draws=COMPARE_DRAWS, seed=YIELD_SEED,
                                         horizon=HORIZON, settings=overrides))
        p50 = workers.get("p50") or 0
        return {"basis": basis, "cost": round(cost), "workers": workers,
                "per_worker": round(cost / p50) if p50 > 0 else None}

    return _CACHE.get(kb, key, compute)


# --- evidence, needs, titles ------------------------------------------------------------

def evidence_mix(kb: KnowledgeBase, members: list[str]) -> list[tuple[str, int]]:
    """(strength label, number of reviewed sources), strongest first, over the
    members' sources (each source once)."""
    ids = set()
    for iid in members:
        item = kb.interventions.get(iid)
        if item is None:
            continue
        ids.update(item.evidence)
        ids.update(s.id for s in kb.evidence.values() if iid in s.interventions)
    counts = Counter(kb.evidence[e].strength for e in ids
                     if e in kb.evidence and kb.evidence[e].status == "reviewed")
    scale = sorted(kb.vocabulary("evidence_strength").values(), key=lambda c: -(c.rank or 0))
    return [(pick(c), counts[c.id]) for c in scale if counts[c.id]]


def about_title(kb: KnowledgeBase, members: list[str]) -> str:
    """What an arrangement is about: its main building blocks and target group."""
    items = [kb.interventions[m] for m in members if m in kb.interventions]
    blocks = Counter(i.building_block for i in items if i.building_block != "5")
    groups = Counter(g for i in items for g in i.target_groups)
    top = [b for b, _ in sorted(blocks.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    names = [pick(block_ref(kb, b)) for b in top]
    if not names:
        return ""
    text = (t("advice.about.two", a=names[0], b=names[1]) if len(names) == 2
            else t("advice.about.one", a=names[0]))
    if groups:
        group, _ = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        concept = kb.vocabulary("target_group").get(group)
        if concept is not None:
            text += t("advice.about.for", group=pick(concept).lower())
    return text


def _needs_covered(kb: KnowledgeBase, a: dict, kind: str, scheme: str) -> list[str]:
    """The profile's needs of one kind (goals, groups, levels) the arrangement covers."""
    needed = (a.get("needs") or {}).get(kind) or []
    missing = set((a.get("needs_uncovered") or {}).get(kind) or [])
    covered = [n for n in needed if n not in missing]
    vocabulary = kb.vocabulary(scheme)
    return [pick(vocabulary[n]) if n in vocabulary else n for n in covered]


# --- rows -------------------------------------------------------------------------------

def compare_rows(kb: KnowledgeBase, raw: list[dict], shown: list[dict],
                 overrides=None) -> dict:
    """The side-by-side table of `shown` (the page's arrangements, built from `raw`,
    the recommend document's): rows that differ, and the labels of those left out
    because every arrangement has the same."""
    language = lang()

    def money(value):
        return format_money(value, language) if value is not None else "—"

    figs = [figures(kb, a.get("interventions") or [], overrides) for a in raw]
    rows = [
        {"id": "basis", "label": t("advice.compare.basis"), "kind": "text",
         "cells": [[t("advice.compare.basis." + f["basis"])] for f in figs]},
        {"id": "cost", "label": t("advice.compare.cost"), "kind": "text",
         "cells": [[money(f["cost"])] for f in figs]},
        {"id": "workers", "label": t("advice.compare.workers", year=HORIZON), "kind": "text",
         "cells": [[t("advice.compare.range", p50=format_number(f["workers"]["p50"], language, 0),
                      p10=format_number(f["workers"]["p10"], language, 0),
                      p90=format_number(f["workers"]["p90"], language, 0))] for f in figs]},
        {"id": "per-worker", "label": t("advice.compare.per_worker"), "kind": "text",
         "cells": [[money(f["per_worker"])] for f in figs]},
        {"id": "evidence", "label": t("advice.compare.evidence"), "kind": "list",
         "cells": [[f"{n} × {label}" for label, n in evidence_mix(kb, a["members"])]
                   for a in shown]},
        {"id": "count", "label": t("advice.count"), "kind": "text",
         "cells": [[str(len(a["members"]))] for a in shown]},
    ]
    for kind, scheme, word in (("goals", "goal", "advice.goals"),
                               ("target_groups", "target_group", "advice.groups"),
                               ("levels", "level", "levels")):
        rows.append({"id": f"needs-{kind}", "label": t("advice.compare.covers", what=t(word)),
                     "kind": "list",
                     "cells": [_needs_covered(kb, r, kind, scheme) for r in raw]})
    rows.append({"id": "uncovered", "label": t("advice.uncovered"), "kind": "list",
                 "cells": [[f"{u['kind']}: {', '.join(u['items'])}" for u in a["uncovered"]]
                           for a in shown]})
    for block_id in kb.building_blocks:
        cells = [[i for i in a["interventions"] if i["block"] == block_id] for a in shown]
        if any(cells):
            rows.append({"id": f"block-{block_id}", "label": pick(block_ref(kb, block_id)),
                         "block": block_id, "cells": cells, "kind": "interventions"})
    rows.append({"id": "preconditions", "label": t("advice.preconditions"), "kind": "list",
                 "cells": [[p["label"] for p in a["preconditions"]] for a in shown]})
    if len(shown) < 2:
        return {"rows": rows, "same": []}

    def signature(cell):
        return [i["id"] if isinstance(i, dict) else i for i in cell]

    differing, same = [], []
    for row in rows:
        first = signature(row["cells"][0])
        if all(signature(c) == first for c in row["cells"][1:]):
            same.append(row["label"])
        else:
            differing.append(row)
    return {"rows": differing, "same": same}
