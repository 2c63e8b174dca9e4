"""The greedy portfolio of spec/forecast.md, beside the optimum for comparison.

It honours every constraint of the programme and counts workers with the same cap:
1. what the constraints force: a block-5 intervention, then one candidate per part to
   cover, each time the option with the most workers per euro (ties: the cheapest, then
   the id), each with what it requires and what provides its preconditions;
2. then, while the money lasts, the next tranche (or a new candidate with what it
   needs) with the most extra counted workers per euro.
So its portfolio is feasible and the optimum is at least as good.
"""

from __future__ import annotations

from chiptalent.rules.optimise.problem import ENABLING_BLOCK, Problem, Selection, violations


def _with_needs(problem: Problem, taken: dict[str, int], cid: str,
                why_not: dict) -> dict[str, int] | None:
    """`taken` plus candidate cid (its first tranche) and, transitively, what it
    requires and the cheapest choosable provider of each precondition not yet met."""
    ids = problem.by_id()
    out = dict(taken)
    chosen = {k for k, n in out.items() if n > 0}
    provided = {p for k in chosen for p in ids[k].provides} | set(problem.conditions_met)
    queue = [cid]
    while queue:
        i = queue.pop()
        if i in chosen:
            continue
        if why_not.get(i) is not None:
            return None
        out[i] = 1
        chosen.add(i)
        c = ids[i]
        provided.update(c.provides)
        queue.extend(c.requires)
        for group in c.requires_any:
            if not chosen.intersection(group):
                able = [d for d in group if d in ids and why_not[d] is None]
                if not able:
                    return None
                queue.append(min(able, key=lambda d: (_entry_cost(ids[d]), d)))
        for p in c.preconditions:
            if p in provided:
                continue
            able = [d for d in ids if p in ids[d].provides and why_not[d] is None]
            if not able:
                return None
            queue.append(min(able, key=lambda d: (_entry_cost(ids[d]), d)))
    return out


def _entry_cost(c) -> float:
    return c.fixed_cost if c.once else c.tranches[0].cost


class _State:
    """The portfolio so far: tranches taken, the uncapped workers per level, the cost."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.ids = problem.by_id()
        self.taken: dict[str, int] = {}
        self.raw: dict[str, float] = {}
        self.people: dict[tuple[str, str], float] = {}      # (mechanism, level) used
        self.cost = 0.0

    def delta(self, changes: dict[str, int]) -> tuple[float, float, dict[str, float]]:
        """Counted workers gained, money spent and raw workers added by `changes` (new
        tranche counts of some candidates; the people they take from the shared reach
        in `self.extra_people`)."""
        added: dict[str, float] = {}
        self.extra_people: dict[tuple[str, str], float] = {}
        money = 0.0
        for cid, n in changes.items():
            before = self.taken.get(cid, 0)
            if n == before:
                continue
            c = self.ids[cid]
            if c.once:
                money += c.fixed_cost
                continue
            for t in c.tranches[before:n]:
                money += t.cost
                for lv, v in t.by_level.items():
                    added[lv] = added.get(lv, 0.0) + v
                for lv, people in t.participants.items():
                    key = (c.mechanism, lv)
                    self.extra_people[key] = self.extra_people.get(key, 0.0) + people
        cap = self.problem.cap
        gain = 0.0
        for lv, v in added.items():
            old = self.raw.get(lv, 0.0)
            limit = cap.get(lv, float("inf"))
            gain += min(old + v, limit) - min(old, limit)
        return gain, money, added

    def affordable(self, money: float) -> bool:
        """Within the money and (for the move `delta` just measured) the shared reach."""
        for (mechanism, level), people in self.extra_people.items():
            limit = self.problem.reach.get(mechanism, {}).get(level)
            if limit is not None and self.people.get((mechanism, level), 0.0) + people \
                    > limit + 1e-6:
                return False
        return self.cost + money <= self.problem.money_limit + 1e-6

    def move(self, changes: dict[str, int]) -> bool:
        """Apply `changes`; True when a candidate joined (what others need changes)."""
        _, money, added = self.delta(changes)
        self.cost += money
        for key, people in self.extra_people.items():
            self.people[key] = self.people.get(key, 0.0) + people
        for lv, v in added.items():
            self.raw[lv] = self.raw.get(lv, 0.0) + v
        joined = any(self.taken.get(cid, 0) == 0 for cid in changes)
        self.taken.update(changes)
        return joined

    def joining(self, full: dict[str, int] | None) -> dict[str, int] | None:
        """The changes that `_with_needs`'s selection makes to the current one."""
        if full is None:
            return None
        return {k: n for k, n in full.items() if self.taken.get(k, 0) != n}


def _best_option(state: _State, options, need_gain: bool) -> dict | None:
    """The affordable option with the most workers per euro (ties: cheapest, first)."""
    best, best_key = None, None
    for after in options:
        if after is None:
            continue
        gain, money, _ = state.delta(after)
        if not state.affordable(money) or (need_gain and gain <= 1e-9):
            continue
        rate = gain / money if money > 0 else (float("inf") if gain > 0 else 0.0)
        key = (-rate, money)
        if best_key is None or key < best_key:
            best, best_key = after, key
    return best


def greedy(problem: Problem) -> Selection | None:
    """The greedy portfolio, or None when it cannot meet the constraints."""
    why_not = problem.choosable()
    state = _State(problem)
    covered, _ = problem.parts_to_cover()
    forced = [lambda c: c.building_block == ENABLING_BLOCK] + \
        [lambda c, item=item: item in c.covers for item in covered]
    for wanted in forced:
        if any(wanted(c) and state.taken.get(c.id, 0) > 0 for c in problem.candidates):
            continue
        options = [state.joining(_with_needs(problem, state.taken, c.id, why_not))
                   for c in problem.candidates if wanted(c) and why_not[c.id] is None]
        choice = _best_option(state, options, need_gain=False)
        if choice is None:
            return None
        state.move(choice)

    joining: dict[str, dict | None] | None = None     # new candidates with their needs
    while True:
        if joining is None:        # only when a candidate joined do the needs change
            joining = {c.id: state.joining(_with_needs(problem, state.taken, c.id, why_not))
                       for c in problem.candidates if not c.once
                       and why_not[c.id] is None and state.taken.get(c.id, 0) == 0}
        options = []
        for c in problem.candidates:
            n = state.taken.get(c.id, 0)
            if n > 0 and not c.once and n < len(c.tranches):
                options.append({c.id: n + 1})
            elif n == 0 and c.id in joining:
                options.append(joining[c.id])
        choice = _best_option(state, options, need_gain=True)
        if choice is None:
            break
        if state.move(choice):
            joining = None
    selection = Selection({c.id: state.taken.get(c.id, 0) for c in problem.candidates})
    return selection if not violations(problem, selection) else None
