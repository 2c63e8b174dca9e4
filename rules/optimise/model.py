"""The mixed-integer programme of spec/forecast.md (`optimise`), built from a Problem.

Variables: x[c, k] = 1 when the k-th tranche of candidate c is taken (written below per
tranche; built per run of identical tranches as one integer count and a binary "run
full" that the next run needs, which is the same programme with fewer variables), one
binary y[c] per candidate (chosen), and one continuous w[l] per level: the workers
counted at that level, at most the cap. A candidate with tranches is chosen exactly
when its first tranche is taken.

    maximise   Σ_l w[l]
    subject to w[l] ≤ Σ_{c,k} workers[c,k,l] · x[c,k]           (per level)
               0 ≤ w[l] ≤ cap[l]
               Σ cost[c,k] · x[c,k] + Σ fixed[c] · y[c] ≤ min(budget, 2 × cofinancing)
               Σ_{c of mechanism m} people[c,k,l] · x[c,k] ≤ reach[m,l]   (reach, shared)
               x[c,k] ≤ x[c,k−1]                                   (tranches in order)
               y[c] ≤ y[d]                  for every d that c requires
               y[c] ≤ Σ_{d ∈ G} y[d]        for every requires_any group G of c
               y[c] ≤ Σ_{d provides p} y[d] for every precondition p of c not met
               Σ_{c in block 5} y[c] ≥ 1
               Σ_{c covers part} y[c] ≥ 1   for every part a choosable candidate covers
               y[c] = 0                     when c cannot be chosen at all

`Programme` holds the arrays (columns, rows in compressed form) and the index maps to
read a solution back as a Selection; `solve.py` hands it to HiGHS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from chiptalent.rules.optimise.problem import ENABLING_BLOCK, Problem, Selection


@dataclass
class Programme:
    cost: list[float] = field(default_factory=list)        # objective, per column
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[float, float, dict[int, float]]] = field(default_factory=list)
    chosen_column: dict[str, int] = field(default_factory=dict)   # candidate -> y column
    tranche_columns: dict[str, list[int]] = field(default_factory=dict)
    level_columns: dict[str, int] = field(default_factory=dict)
    money: dict[int, float] = field(default_factory=dict)    # column -> Rijk euros

    def column(self, lower: float, upper: float, integer: bool, cost: float = 0.0) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, terms: dict[int, float]) -> None:
        self.rows.append((lower, upper, {k: v for k, v in terms.items() if v != 0}))

    def selection(self, values) -> Selection:
        """The solver's column values as tranches taken per candidate."""
        taken = {}
        for cid, column in self.chosen_column.items():
            tranche_cols = self.tranche_columns.get(cid)
            if tranche_cols:
                taken[cid] = sum(round(values[k]) for k in tranche_cols)
            else:
                taken[cid] = 1 if values[column] > 0.5 else 0
        return Selection(taken)


def _groups(tranches) -> list[tuple]:
    """Runs of identical consecutive tranches as (tranche, how many)."""
    out: list[list] = []
    for t in tranches:
        if out and out[-1][0] == t:
            out[-1][1] += 1
        else:
            out.append([t, 1])
    return [(t, m) for t, m in out]


def build(problem: Problem) -> Programme:
    """The programme whose optimum is the best Selection for the problem."""
    p = Programme()
    why_not = problem.choosable()
    workers: dict[str, dict[int, float]] = {}
    p_people: dict[tuple[str, str, int], float] = {}      # (mechanism, level, column)
    for c in problem.candidates:
        upper = 1.0 if why_not[c.id] is None else 0.0
        if c.once:
            y = p.column(0.0, upper, True)
            p.money[y] = c.fixed_cost
            p.chosen_column[c.id] = y
            continue
        # Consecutive identical tranches form a group: one integer (how many of the
        # group) instead of one binary each, and a binary "group full" that the next
        # group needs; the same programme with far fewer symmetric choices.
        groups = _groups(c.tranches)
        columns, full = [], None
        y = p.column(0.0, upper, True)
        for g, (t, m) in enumerate(groups):
            n = p.column(0.0, m * upper, True)
            p.money[n] = t.cost
            for level, v in t.by_level.items():
                workers.setdefault(level, {})[n] = v
            for level, people in t.participants.items():
                p_people[(c.mechanism, level, n)] = people
            if g == 0:
                p.row(-math.inf, 0.0, {n: 1.0, y: -float(m)})      # none unless chosen
                p.row(-math.inf, 0.0, {y: 1.0, n: -1.0})           # chosen: at least one
            else:
                p.row(-math.inf, 0.0, {n: 1.0, full: -float(m)})   # only after a full group
            if g < len(groups) - 1:
                full = p.column(0.0, upper, True)
                p.row(-math.inf, 0.0, {full: float(m), n: -1.0})
            columns.append(n)
        p.tranche_columns[c.id] = columns
        p.chosen_column[c.id] = y

    for level in sorted(workers):
        cap = problem.cap.get(level, math.inf)
        w = p.column(0.0, cap, False, cost=1.0)
        p.level_columns[level] = w
        terms = {w: 1.0}
        for x, v in workers[level].items():
            terms[x] = terms.get(x, 0.0) - v
        p.row(-math.inf, 0.0, terms)

    p.row(-math.inf, problem.money_limit, dict(p.money))
    for mechanism, levels in sorted(problem.reach.items()):
        for level, limit in sorted(levels.items()):
            terms = {column: people for (m, lv, column), people in p_people.items()
                     if m == mechanism and lv == level}
            if terms:
                p.row(-math.inf, limit, terms)

    y = p.chosen_column
    provided_by: dict[str, list[str]] = {}
    for c in problem.candidates:
        for item in c.provides:
            provided_by.setdefault(item, []).append(c.id)
    met = set(problem.conditions_met)
    for c in problem.candidates:
        for dep in c.requires:
            terms = {y[c.id]: 1.0}
            if dep in y:
                terms[y[dep]] = terms.get(y[dep], 0.0) - 1.0
            p.row(-math.inf, 0.0, terms)
        for group in c.requires_any:
            terms = {y[c.id]: 1.0}
            for dep in group:
                if dep in y and dep != c.id:
                    terms[y[dep]] = -1.0
            p.row(-math.inf, 0.0, terms)
        for item in c.preconditions:
            if item in met:
                continue
            terms = {y[c.id]: 1.0}
            for d in provided_by.get(item, []):
                if d != c.id:
                    terms[y[d]] = -1.0
            if c.id in provided_by.get(item, []):
                continue                        # it secures its own precondition
            p.row(-math.inf, 0.0, terms)
    p.row(1.0, math.inf, {y[c.id]: 1.0 for c in problem.candidates
                          if c.building_block == ENABLING_BLOCK})
    covered, _ = problem.parts_to_cover()
    for item in covered:
        p.row(1.0, math.inf, {y[c.id]: 1.0 for c in problem.candidates if item in c.covers})
    return p
