"""The figures of a plan (spec/plan.md, "Figures" and `totals`), computed exactly.

Amounts and counts are integers and every ratio is a Fraction until the very end,
so that a threshold such as "at least one third" is decided without rounding: the
rules compare the exact integers (`totals.cofinancing_counted` against
`totals.rijk_plus_cofinancing` × 1/3), and only the reported share is a float.

Formulas (plan.md):
- requested = Σ funding_requested;
- cofinancing counted = every commitment of kind `business` or `regional-government`
  ("op te brengen door regionale overheden en private partijen"), cash or in kind,
  whose `additional` is true; other kinds and non-additional ones are reported only;
- cofinancing share = counted ÷ (requested + counted);
- top_up_by_level[l] = Σ top_up_per_student[l] × students[l] over the solutions;
- cost_incl_rijksbijdrage = Σ (regular + top_up) × students, regular from
  budget.cost_per_student, top_up from the solution; cost_excl = Σ top_up × students;
- cost_per_extra_graduate = requested ÷ Σ contribution (`rijk`) and
  (requested + counted cofinancing) ÷ Σ contribution (`total`).
Business measures are unfunded and stay out of these figures (reported apart).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.rules.plan import Plan

COUNTED_KINDS = ("business", "regional-government")     # Financiën: regio + private
REPORTED_KINDS = ("institution", "other")
LEVEL_ORDER = ("po", "vo", "mbo", "hbo", "wo", "phd")
DEFAULT_MIN_SHARE = Fraction(1, 3)


def _level_key(level: str):
    return (LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER), level)


def _by_level(mapping: dict) -> dict:
    return {level: mapping[level] for level in sorted(mapping, key=_level_key)}


def _euros(value: Fraction | None) -> float | None:
    """A ratio in euros for the report: cents, rounded half up from the exact value."""
    if value is None:
        return None
    value = Fraction(value)
    n, d = value.numerator, value.denominator
    return ((200 * n + d) // (2 * d)) / 100        # floor(100·n/d + 1/2), in integers


@dataclass
class Figures:
    """The exact figures of one plan; `totals()` is the JSON form of plan.md."""

    requested: int = 0
    cofinancing_by_type: dict = field(default_factory=dict)
    cofinancing_counted: int = 0
    cofinancing_not_counted: int = 0
    counted_cash: int = 0
    counted_in_kind: int = 0
    share: Fraction = Fraction(0)
    min_share: Fraction = DEFAULT_MIN_SHARE
    students_by_level: dict = field(default_factory=dict)
    non_eer_by_level: dict = field(default_factory=dict)
    top_up_by_level: dict = field(default_factory=dict)
    regular_by_level: dict = field(default_factory=dict)
    cost_incl: int = 0
    contribution_by_level: dict = field(default_factory=dict)
    business_measures_by_level: dict = field(default_factory=dict)
    demand_by_level: dict = field(default_factory=dict)
    demand_total: int | None = None
    cost_rijk: Fraction | None = None
    cost_total: Fraction | None = None
    by_solution: list = field(default_factory=list)

    @property
    def rijk_plus_cofinancing(self) -> int:
        return self.requested + self.cofinancing_counted

    @property
    def top_up_total(self) -> int:
        return sum(self.top_up_by_level.values())

    @property
    def contribution_total(self) -> int:
        return sum(self.contribution_by_level.values())

    @property
    def students_total(self) -> int:
        return sum(self.students_by_level.values())

    @property
    def cofinancing_minimum(self) -> int:
        """The least counted cofinancing that reaches the minimum share, in whole euros.

        c ÷ (R + c) ≥ s  ⇔  c ≥ s·R ÷ (1 − s); rounded up to the next euro.
        """
        if self.min_share >= 1:
            return 0
        return math.ceil(self.min_share * self.requested / (1 - self.min_share))

    def totals(self) -> dict:
        """plan.md's `totals`, plus a few figures a reviewer asks next."""
        return {
            "requested": self.requested,
            "cofinancing_total": self.cofinancing_counted,
            "cofinancing_by_type": self.cofinancing_by_type,
            "cofinancing_by_form": {"cash": self.counted_cash,
                                    "in_kind": self.counted_in_kind},
            "cofinancing_reported_not_counted": self.cofinancing_not_counted,
            "cofinancing_share": float(self.share),
            "cofinancing_share_exact": str(self.share),
            "cofinancing_minimum": self.cofinancing_minimum,
            "rijk_plus_cofinancing": self.rijk_plus_cofinancing,
            "top_up_total": self.top_up_total,
            "top_up_by_level": self.top_up_by_level,
            "cost_incl_rijksbijdrage": self.cost_incl,
            "cost_excl_rijksbijdrage": self.top_up_total,
            "rijksbijdrage_by_level": self.regular_by_level,
            "students_by_level": self.students_by_level,
            "non_eer_students_by_level": self.non_eer_by_level,
            "contribution_by_level": self.contribution_by_level,
            "contribution_total": self.contribution_total,
            "demand_by_level": self.demand_by_level,
            "demand_total": self.demand_total,
            "business_measures_contribution_by_level": self.business_measures_by_level,
            "cost_per_extra_graduate": {"rijk": _euros(self.cost_rijk),
                                        "total": _euros(self.cost_total)},
            "cost_per_extra_graduate_by_solution": self.by_solution,
        }


def _min_share(kb: KnowledgeBase | None) -> Fraction:
    """The seed's minimum share as the knowledge base records it ("1/3")."""
    try:
        return Fraction(str(kb.national["funding"]["cofinancing_min_share"]))
    except (AttributeError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return DEFAULT_MIN_SHARE


def compute(plan: Plan, kb: KnowledgeBase | None = None) -> Figures:
    """Every figure of plan.md for one plan; the region's demand comes from the KB."""
    fig = Figures(min_share=_min_share(kb))
    fig.requested = sum(s.funding_requested for s in plan.solutions)

    by_type: dict[str, dict] = {kind: {"total": 0, "cash": 0, "in_kind": 0, "counted": 0,
                                       "not_counted": 0}
                                for kind in COUNTED_KINDS + REPORTED_KINDS}
    for c in plan.budget.cofinancing:
        kind = c.type or "other"
        entry = by_type.setdefault(kind, {"total": 0, "cash": 0, "in_kind": 0,
                                          "counted": 0, "not_counted": 0})
        entry["total"] += c.amount
        entry["in_kind" if c.in_kind else "cash"] += c.amount
        if kind in COUNTED_KINDS and c.additional is True:
            entry["counted"] += c.amount
            fig.cofinancing_counted += c.amount
            if c.in_kind:
                fig.counted_in_kind += c.amount
            else:
                fig.counted_cash += c.amount
        else:
            entry["not_counted"] += c.amount
            fig.cofinancing_not_counted += c.amount
    fig.cofinancing_by_type = by_type
    if fig.rijk_plus_cofinancing:
        fig.share = Fraction(fig.cofinancing_counted, fig.rijk_plus_cofinancing)

    costs = plan.budget.cost_per_student
    students: dict[str, int] = {}
    non_eer: dict[str, int] = {}
    top_up: dict[str, int] = {}
    regular: dict[str, int] = {}
    contribution: dict[str, int] = {}
    cost_incl = 0
    for s in plan.solutions:
        for level, q in s.students.items():
            students[level] = students.get(level, 0) + q
            p = s.top_up_per_student.get(level, 0)
            top_up[level] = top_up.get(level, 0) + p * q
            base = costs[level].regular if level in costs and costs[level].regular else 0
            regular[level] = regular.get(level, 0) + base * q
            cost_incl += (base + p) * q
        for level, n in s.non_eer_students.items():
            non_eer[level] = non_eer.get(level, 0) + n
        for level, n in s.contribution.items():
            contribution[level] = contribution.get(level, 0) + n
    fig.students_by_level = _by_level(students)
    fig.non_eer_by_level = _by_level(non_eer)
    fig.top_up_by_level = _by_level(top_up)
    fig.regular_by_level = _by_level(regular)
    fig.cost_incl = cost_incl
    fig.contribution_by_level = _by_level(contribution)

    measures: dict[str, int] = {}
    for m in plan.business_measures:
        for level, n in m.contribution.items():
            measures[level] = measures.get(level, 0) + n
    fig.business_measures_by_level = _by_level(measures)

    region = kb.regions.get(plan.region) if kb is not None and plan.region else None
    if region is not None:
        demand = region.demand_by_level()
        fig.demand_by_level = {level: demand[level] for level in DEMAND_LEVELS
                               if demand.get(level) is not None}
        # The seed's own total: the rounded levels may miss it by one.
        fig.demand_total = region.demand_total.value

    graduates = fig.contribution_total
    if graduates:
        fig.cost_rijk = Fraction(fig.requested, graduates)
        fig.cost_total = Fraction(fig.rijk_plus_cofinancing, graduates)
    # Cofinancing is not tied to solutions: a solution's `total` shares it pro rata to
    # the solution's part of the Rijk's money (all of it when nothing is requested).
    for s in plan.solutions:
        own = sum(s.contribution.values())
        rijk = Fraction(s.funding_requested, own) if own else None
        if own and fig.requested:
            total = Fraction(s.funding_requested * fig.rijk_plus_cofinancing,
                             fig.requested * own)
        else:
            total = rijk
        fig.by_solution.append({"index": s.index, "solution": s.name,
                                "contribution": own, "funding_requested": s.funding_requested,
                                "rijk": _euros(rijk), "total": _euros(total)})
    return fig
