"""The budget-optimal portfolio as an arrangement of `recommend --budget EUR`
(spec/forecast.md: `"kind": "budget-optimal"`, the others `"kind": "fit"`).

The arrangement is made by the recommender's own arrangement builder (`make`, so it
has the same fields, effects, preconditions and parts as every other arrangement),
each intervention with the same `because` as elsewhere (the rules that recommend it,
or why it joined: required, provides a precondition, building block 5) plus its
`quantities` (tranches, participants, cost, extra workers), and the optimisation's
figures in `optimisation`.
"""

from __future__ import annotations

from chiptalent.rules.arrangements import Draft
from chiptalent.rules.optimise.engine import optimise_fit
from chiptalent.rules.optimise.problem import ENABLING_BLOCK

ARRANGEMENT_ID = "budget-optimal"


def _reasons(kb, members: list[str], fit) -> dict[str, dict]:
    """Why a member that no rule recommends joined the portfolio."""
    reasons: dict[str, dict] = {}
    for iid in members:
        if iid in fit.scores:
            continue
        item = kb.interventions[iid]
        needed_by = [kb.interventions[m].label for m in members
                     if iid in kb.interventions[m].requires_ids]
        providing = [p for p in item.provides
                     if any(p in kb.interventions[m].precondition_ids for m in members)]
        if needed_by:
            reasons[iid] = {"rule": "builtin.requires-closure", "facts": [],
                            "text": "Nodig voor " + ", ".join(needed_by) + "."}
        elif providing:
            reasons[iid] = {"rule": "builtin.precondition-provider", "facts": [],
                            "text": "Regelt de randvoorwaarde " + ", ".join(providing)
                                    + " voor andere interventies in dit arrangement."}
        elif item.building_block == ENABLING_BLOCK:
            reasons[iid] = {"rule": "builtin.enabling-block-5", "facts": [],
                            "text": "Bouwsteen 5 is randvoorwaardelijk voor elk "
                                    "arrangement: netwerkvorming en inzicht."}
        else:
            reasons[iid] = {"rule": "builtin.budget-optimal", "facts": [],
                            "text": "Gekozen door de optimalisatie binnen het budget."}
    return reasons


def budget_optimal(fit, budget: int, cofinancing: int | None, make, robust: int = 0
                   ) -> tuple[dict | None, dict]:
    """(the arrangement or None when nothing is feasible, the optimisation's summary)."""
    doc = optimise_fit(fit, budget=budget, cofinancing=cofinancing, robust=robust)
    summary = {"status": doc["status"], "budget": budget,
               "cofinancing_available": cofinancing, "horizon": doc["horizon"],
               "cap": doc["cap"], "demand": doc["demand"], "uncovered": doc["uncovered"]}
    if doc["status"] != "optimal":
        summary["reason"] = doc["reason"]
        return None, summary
    summary.update({key: doc[key] for key in (
        "objective", "cost", "rijk_per_extra_worker", "societal_per_extra_worker",
        "marginal", "limited_by", "robust")})
    summary["greedy"] = {k: v for k, v in doc["greedy"].items() if k != "portfolio"}
    kb = fit.kb
    members = [item["id"] for item in doc["portfolio"]]
    arrangement = make(Draft(members, _reasons(kb, members, fit), None, []))
    quantities = {item["id"]: item for item in doc["portfolio"]}
    core = doc["robust"]["core_index"]
    for entry in arrangement["interventions"]:
        item = quantities[entry["id"]]
        entry["quantities"] = {k: item[k] for k in ("tranches", "of_tranches", "participants",
                                                    "cost", "extra_workers", "by_level",
                                                    "business_responsibility")}
        if core:
            entry["quantities"]["core_index"] = core.get(entry["id"], 0.0)
    arrangement.update({"id": ARRANGEMENT_ID, "kind": "budget-optimal",
                        "title": "Budgetoptimaal arrangement", "optimisation": summary})
    return arrangement, summary
