"""Which arrangement a draft plan is made of, and how much of each intervention.

The budget is the caller's, else the region's provisional reservation of July 2024 (a
sourced fact of the knowledge base, kind `reservation-2024`), else there is none. With a
budget the recommender's budget-optimal arrangement is the default; `arrangement` picks
any arrangement of the advice by id. The budget-optimal arrangement carries its
quantities from the optimiser. A fitting arrangement is sized here with the optimiser's
own tranches and prices (rules/optimise/tranches.py): its enabling interventions once,
the first tranche of each other intervention, then the next tranche with the most extra
workers per euro while the money lasts (the budget, and twice the cofinancing when that
is given) and the tranche adds workers by 2030; without a budget one tranche of each.
The interventions of one mechanism share the region's reach per level, as in the
optimiser; one whose first tranche no longer fits in it is left out (`no_reach`). Every price is a parameter of the
knowledge base, rounded to whole euros so that p × q adds up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiptalent.errors import InputError
from chiptalent.kb.model import KnowledgeBase

RESERVATION_KIND = "reservation-2024"
HORIZON = 2030                      # the call counts workers by the end of 2030


@dataclass
class Quantity:
    """One intervention of the draft with what it buys."""

    id: str
    mechanism: str | None
    participants: dict[str, int] = field(default_factory=dict)        # per level
    cost_per_participant: dict[str, int] = field(default_factory=dict)
    fixed_cost: int = 0
    business: bool = False                      # the companies' part: no public money

    @property
    def cost(self) -> int:
        return self.fixed_cost + sum(self.cost_per_participant.get(lv, 0) * n
                                     for lv, n in self.participants.items())


@dataclass
class Portfolio:
    arrangement: dict                           # id, kind, title of the advice's arrangement
    region: str | None
    budget: int | None
    budget_source: dict | None                  # the reservation fact when it set the budget
    cofinancing: int | None
    items: list[Quantity]
    preconditions: list[dict]                   # the arrangement's preconditions (advice)
    parameters: list[str]                       # the price parameters used
    left_out: list[str] = field(default_factory=list)   # members without workers by 2030
    no_reach: list[str] = field(default_factory=list)   # members the shared reach left out


def reservation(kb: KnowledgeBase, region: str | None):
    """The region's sourced reservation of July 2024, or None."""
    if not region:
        return None
    return next((f for f in kb.facts_of(RESERVATION_KIND) if f.region == region), None)


def _check_amount(value, name: str) -> None:
    from chiptalent.rules.plan import MAX_AMOUNT

    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT:
        raise InputError(f"a whole number of euros from 0 to {MAX_AMOUNT:,}, got {value!r}",
                         field=name)


def _pick(arrangements: list[dict], wanted: str | None) -> dict:
    if not arrangements:
        raise InputError("the advice has no arrangement for this profile", field="PROFILE")
    if wanted is None:
        return arrangements[0]
    key = wanted.strip().lower()
    for arrangement in arrangements:
        if arrangement["id"] == key:
            return arrangement
    raise InputError(f"no arrangement {wanted!r} in the advice; allowed: "
                     + ", ".join(a["id"] for a in arrangements), field="--arrangement")


def _prices(kb: KnowledgeBase, fit):
    from chiptalent.rules.optimise.engine import demand_share
    from chiptalent.rules.optimise.tranches import Prices

    return Prices(kb, demand_share(kb, fit.parsed))


def _quantity(kb: KnowledgeBase, iid: str, participants: dict, prices) -> Quantity:
    item = kb.interventions[iid]
    mechanism = item.mechanism.type if item.mechanism else None
    if item.business_responsibility:
        return Quantity(iid, mechanism, business=True)
    if mechanism == "enabling":
        return Quantity(iid, mechanism, fixed_cost=round(prices("fixed_cost.enabling")))
    counts = {lv: int(round(n)) for lv, n in participants.items() if round(n) > 0}
    price = {lv: int(round(prices(f"cost_per_participant.{mechanism}.{lv}")))
             for lv in counts}
    return Quantity(iid, mechanism, counts, price)


def _size_fit(kb: KnowledgeBase, fit, members: list[str], budget: int | None,
              cofinancing: int | None, prices) -> dict[str, dict]:
    """Participants per member of a fitting arrangement, sized within the money."""
    from chiptalent.rules.optimise.engine import build_candidates, reach_of
    from chiptalent.rules.optimise.tranches import Valuation

    valuation = Valuation(kb, HORIZON)
    candidates = [c for c in build_candidates(kb, members, prices, valuation.p50)
                  if not c.unavailable and not c.business_responsibility]
    limits = [v for v in (budget, None if cofinancing is None else 2 * cofinancing)
              if v is not None]
    limit = min(limits) if limits else None
    # the region's people per mechanism and level, shared by its interventions (as the
    # optimiser shares them): the same adults, whichever intervention trains them
    left = {m: dict(levels) for m, levels in reach_of(candidates, prices).items()}
    taken: dict[str, int] = {}
    spent = 0.0

    def within_reach(c, n: int) -> bool:
        pool = left.get(c.mechanism, {})
        return all(pool.get(lv, 0) >= v for lv, v in c.tranches[n].participants.items())

    def take(c, n: int) -> None:
        for lv, v in c.tranches[n].participants.items():
            left[c.mechanism][lv] -= v

    def affordable(cost: float) -> bool:
        return limit is None or spent + cost <= limit

    def per_euro(c, n: int) -> float:
        t = c.tranches[n]
        return t.extra_workers / t.cost if t.cost else 0.0

    for c in sorted(candidates, key=lambda c: (not c.once, c.id)):
        cost = c.fixed_cost if c.once else c.tranches[0].cost
        if affordable(cost) and (c.once or within_reach(c, 0)):
            taken[c.id] = 1
            spent += cost
            if not c.once:
                take(c, 0)
    if limit is not None:
        while True:
            # only tranches that add workers by 2030: more of nothing is no use
            options = [c for c in candidates if not c.once and c.id in taken
                       and taken[c.id] < len(c.tranches)
                       and affordable(c.tranches[taken[c.id]].cost)
                       and within_reach(c, taken[c.id])
                       and per_euro(c, taken[c.id]) > 0]
            if not options:
                break
            best = max(options, key=lambda c: (per_euro(c, taken[c.id]), c.id))
            spent += best.tranches[taken[best.id]].cost
            take(best, taken[best.id])
            taken[best.id] += 1
    sized: dict[str, dict] = {}
    for c in candidates:
        n = taken.get(c.id, 0)
        participants: dict[str, float] = {}
        for t in c.tranches[:n]:
            for lv, v in t.participants.items():
                participants[lv] = participants.get(lv, 0) + v
        if n:
            sized[c.id] = participants
    return sized


def _without(kb: KnowledgeBase, members: list[str], dropped: set[str]) -> list[str]:
    """`dropped` and, transitively, every member that requires one of them (or all of a
    `requires_any` group it had): a draft never holds a dependency it cannot meet."""
    dropped = set(dropped)
    changed = True
    while changed:
        changed = False
        kept = set(members) - dropped
        for iid in members:
            if iid in dropped:
                continue
            item = kb.interventions[iid]
            lost = set(item.requires_ids) & dropped
            lost_any = any(set(g.ids) & set(members) and not set(g.ids) & kept
                           for g in item.requires_any)
            if lost or lost_any:
                dropped.add(iid)
                changed = True
    return [iid for iid in members if iid in dropped]


def choose(profile: dict | None = None, *, region: str | None = None, kb=None,
           budget: int | None = None, cofinancing: int | None = None,
           arrangement: str | None = None, top: int = 3) -> Portfolio:
    """The arrangement and its quantities for a profile document or a region id (`top`:
    how many fitting arrangements the advice has to choose from, as `recommend --top`)."""
    from chiptalent.rules.recommender import fitting, recommend

    _check_amount(budget, "--budget")
    _check_amount(cofinancing, "--cofinancing")
    if kb is None:
        from chiptalent.kb import load
        kb = load()
    fit = fitting(profile, region=region, kb=kb)
    source = None
    if budget is None:
        fact = reservation(kb, fit.parsed.region)
        if fact is not None:
            budget = int(fact.value)
            source = {"fact": fact.id, "label": fact.label, "label_en": fact.label_en,
                      "source": dict(fact.source)}
    advice = recommend(profile, region=region, kb=kb, top=top, budget=budget,
                       cofinancing=cofinancing)
    fits = [a for a in advice["arrangements"] if a["kind"] != "budget-optimal"]
    chosen = _pick(advice["arrangements"] if arrangement else
                   (advice["arrangements"] or fits), arrangement)
    prices = _prices(kb, fit)
    members = [entry["id"] for entry in chosen["interventions"]]
    if chosen["kind"] == "budget-optimal":
        participants = {entry["id"]: entry["quantities"]["participants"]
                        for entry in chosen["interventions"]}
    else:
        participants = _size_fit(kb, fit, members, budget, cofinancing, prices)
    # what the sizing left out (no money left, no reach) is not in the draft
    items = [_quantity(kb, iid, participants.get(iid, {}), prices) for iid in members
             if iid in participants or kb.interventions[iid].business_responsibility]
    no_reach = _without(kb, members, {iid for iid in members if iid not in participants
                                      and not kb.interventions[iid].business_responsibility})
    items = [q for q in items if q.id not in no_reach]
    return Portfolio(
        arrangement={"id": chosen["id"], "kind": chosen["kind"], "title": chosen["title"]},
        region=fit.parsed.region, budget=budget, budget_source=source,
        cofinancing=cofinancing, items=items,
        preconditions=list(chosen.get("preconditions") or []),
        parameters=sorted(prices.used), no_reach=no_reach)
