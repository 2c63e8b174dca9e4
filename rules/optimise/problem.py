"""The optimisation problem of spec/forecast.md (`optimise`) as plain data.

A `Problem` holds everything the mixed-integer programme is built from: the candidates
with their tranches, the budget, the cofinancing limit, the cap per level, the
conditions the profile already meets, the parts of Bijlage 1 §2 to cover, and the
people the region can find per mechanism and level, shared by every candidate of that
mechanism (two retraining programmes cannot both train the same 600 people; a
hand-built problem may leave it empty, and then nothing limits the people). It knows
nothing of the knowledge base, so tests can build small problems by hand and anyone can
re-solve the `candidates` of the JSON document with another solver.

A `Selection` is an answer: per candidate how many of its tranches, in order, are taken
(a candidate without tranches, enabling or a business responsibility, is taken once or
not at all). `violations` lists every constraint a selection breaks, in words, so the
solver's answer, the greedy one and brute force are all judged by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Reason(str):
    """A reason in Dutch (the string itself, as the documents have always carried it)
    with its English in `en`, so a report in either language can say it."""

    en: str

    def __new__(cls, nl: str, en: str):
        reason = super().__new__(cls, nl)
        reason.en = en
        return reason

    def __getnewargs__(self):          # copies and pickles keep both languages
        return str(self), self.en


def english(reason) -> str | None:
    """The English of a reason (a plain string has none of its own: itself)."""
    return None if reason is None else getattr(reason, "en", str(reason))

# The parts of Bijlage 1 §2 a candidate can cover, in the call's order (the
# mbo/hbo/wo part is three requirements, one per level).
COVER_ITEMS = ("mbo", "hbo", "wo", "international", "under-represented", "llo")
LEVELS = ("mbo", "hbo", "wo")
ENABLING_BLOCK = "5"


@dataclass(frozen=True)
class Tranche:
    cost: float                                   # Rijk euros
    by_level: dict[str, float]                    # extra workers per level (P50)
    participants: dict[str, float] = field(default_factory=dict)

    @property
    def extra_workers(self) -> float:
        return sum(self.by_level.values())


@dataclass
class Candidate:
    id: str
    building_block: str
    tranches: list[Tranche] = field(default_factory=list)
    fixed_cost: float = 0.0                       # paid once when chosen (enabling)
    requires: list[str] = field(default_factory=list)
    requires_any: list[list[str]] = field(default_factory=list)
    preconditions: list[str] = field(default_factory=list)
    provides: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)
    mechanism: str | None = None
    business_responsibility: bool = False          # the companies' part: no public money
    label: str = ""
    unavailable: str | None = None                 # why it can never be chosen, if so

    @property
    def once(self) -> bool:
        """Chosen once at its fixed cost (no tranches)."""
        return not self.tranches


@dataclass
class Problem:
    candidates: list[Candidate]
    budget: float
    cofinancing: float | None = None               # available; Rijk ≤ 2 × this when given
    cap: dict[str, float] = field(default_factory=dict)
    conditions_met: list[str] = field(default_factory=list)
    reach: dict[str, dict[str, float]] = field(default_factory=dict)  # mechanism -> level

    def by_id(self) -> dict[str, Candidate]:
        return {c.id: c for c in self.candidates}

    @property
    def money_limit(self) -> float:
        """What the Rijk may spend: the budget, and twice the cofinancing when given."""
        if self.cofinancing is None:
            return self.budget
        return min(self.budget, 2 * self.cofinancing)

    def choosable(self) -> dict[str, str | None]:
        """Per candidate None when it can be chosen, else why not (a fixpoint: a candidate
        is choosable when what it requires is choosable and each of its preconditions is
        met by the profile or by a choosable candidate that provides it)."""
        ids = self.by_id()
        why: dict[str, str | None] = {c.id: c.unavailable for c in self.candidates}
        met = set(self.conditions_met)
        changed = True
        while changed:
            changed = False
            open_ = {i for i, w in why.items() if w is None}
            provided = {p for i in open_ for p in ids[i].provides}
            for c in self.candidates:
                if why[c.id] is not None:
                    continue
                reason = None
                for dep in c.requires:
                    if dep not in ids:
                        reason = Reason(f"vraagt om {dep}, dat geen kandidaat is (uitgesloten "
                                        "of niet passend)", f"requires {dep}, which is not a "
                                        "candidate (excluded or not fitting)")
                    elif dep not in open_:
                        reason = Reason(f"vraagt om {dep}, dat niet gekozen kan worden",
                                        f"requires {dep}, which cannot be chosen")
                    if reason:
                        break
                if reason is None:
                    for group in c.requires_any:
                        if not any(d in open_ for d in group):
                            reason = Reason(
                                "vraagt om een van " + ", ".join(group)
                                + ", en geen daarvan kan gekozen worden",
                                "requires one of " + ", ".join(group)
                                + ", and none of them can be chosen")
                            break
                if reason is None:
                    for p in c.preconditions:
                        if p not in met and p not in provided:
                            reason = Reason(
                                f"randvoorwaarde {p} wordt door geen kandidaat geregeld "
                                "en staat niet in conditions_met van het profiel",
                                f"precondition {p} is arranged by no candidate and is not "
                                "in the profile's conditions_met")
                            break
                if reason is not None:
                    why[c.id] = reason
                    changed = True
        return why

    def parts_to_cover(self) -> tuple[list[str], dict[str, str]]:
        """The parts some choosable candidate covers, and each other part with why not."""
        why = self.choosable()
        covered, uncovered = [], {}
        for item in COVER_ITEMS:
            able = [c for c in self.candidates if item in c.covers]
            if any(why[c.id] is None for c in able):
                covered.append(item)
            elif able:
                uncovered[item] = Reason(
                    "geen kandidaat die dit deel dekt, kan gekozen worden: " + "; ".join(
                        f"{c.id} {why[c.id]}" for c in able),
                    "no candidate covering this part can be chosen: " + "; ".join(
                        f"{c.id} {english(why[c.id])}" for c in able))
            else:
                uncovered[item] = Reason("geen passende kandidaat dekt dit deel",
                                         "no fitting candidate covers this part")
        return covered, uncovered


@dataclass
class Selection:
    taken: dict[str, int]                          # candidate id -> tranches (or 1: once)

    def chosen(self) -> list[str]:
        return [i for i, n in self.taken.items() if n > 0]


def cost_of(problem: Problem, selection: Selection) -> float:
    total = 0.0
    for c in problem.candidates:
        n = selection.taken.get(c.id, 0)
        if n <= 0:
            continue
        total += c.fixed_cost if c.once else sum(t.cost for t in c.tranches[:n])
    return total


def workers_by_level(problem: Problem, selection: Selection, capped: bool = True
                     ) -> dict[str, float]:
    """Σ of the taken tranches' workers per level, each at most the cap (when capped)."""
    out: dict[str, float] = {}
    for c in problem.candidates:
        for t in c.tranches[:selection.taken.get(c.id, 0)]:
            for level, v in t.by_level.items():
                out[level] = out.get(level, 0.0) + v
    if capped:
        out = {lv: min(v, problem.cap[lv]) if lv in problem.cap else v
               for lv, v in out.items()}
    return out


def participants_used(problem: Problem, selection: Selection) -> dict[tuple[str, str], float]:
    """Participants of the taken tranches per (mechanism, level)."""
    out: dict[tuple[str, str], float] = {}
    for c in problem.candidates:
        for t in c.tranches[:selection.taken.get(c.id, 0)]:
            for level, n in t.participants.items():
                key = (c.mechanism, level)
                out[key] = out.get(key, 0.0) + n
    return out


def objective(problem: Problem, selection: Selection) -> float:
    return sum(workers_by_level(problem, selection).values())


def violations(problem: Problem, selection: Selection, tolerance: float = 1e-6
               ) -> list[str]:
    """Every constraint of the programme the selection breaks, in words (empty: feasible)."""
    ids = problem.by_id()
    out = []
    chosen = {i for i, n in selection.taken.items() if n > 0}
    for i, n in selection.taken.items():
        if i not in ids:
            out.append(f"{i} is not a candidate")
            continue
        c = ids[i]
        limit = 1 if c.once else len(c.tranches)
        if not 0 <= n <= limit:
            out.append(f"{i}: {n} tranches, allowed 0 to {limit}")
    cost = cost_of(problem, selection)
    if cost > problem.budget + tolerance:
        out.append(f"Rijk cost {cost:.0f} above the budget {problem.budget:.0f}")
    if problem.cofinancing is not None and cost > 2 * problem.cofinancing + tolerance:
        out.append(f"Rijk cost {cost:.0f} above twice the cofinancing "
                   f"{problem.cofinancing:.0f}")
    for (mechanism, level), n in participants_used(problem, selection).items():
        limit = problem.reach.get(mechanism, {}).get(level)
        if limit is not None and n > limit + tolerance:
            out.append(f"{n:.0f} {mechanism} participants at {level}, reach {limit:.0f}")
    provided = {p for i in chosen for p in ids[i].provides} | set(problem.conditions_met)
    for i in sorted(chosen & set(ids)):
        c = ids[i]
        for dep in c.requires:
            if dep not in chosen:
                out.append(f"{i} requires {dep}")
        for group in c.requires_any:
            if not chosen & set(group):
                out.append(f"{i} requires one of {', '.join(group)}")
        for p in c.preconditions:
            if p not in provided:
                out.append(f"{i} needs precondition {p}")
    if not any(ids[i].building_block == ENABLING_BLOCK for i in chosen & set(ids)):
        out.append("no intervention of building block 5")
    covered, _ = problem.parts_to_cover()
    for item in covered:
        if not any(item in ids[i].covers for i in chosen & set(ids)):
            out.append(f"part {item} not covered")
    return out


def from_document(doc: dict) -> Problem:
    """The problem an `optimise --json` document was solved from (its `candidates`,
    budget, cofinancing, cap and conditions met), to re-solve or to check a portfolio."""
    candidates = []
    for c in doc["candidates"]:
        candidates.append(Candidate(
            id=c["id"], building_block=c["building_block"], label=c.get("label", ""),
            tranches=[Tranche(t["cost"], dict(t["by_level"]), dict(t.get("participants", {})))
                      for t in c["tranches"]],
            fixed_cost=c.get("fixed_cost", 0), requires=list(c["requires"]),
            requires_any=[list(g) for g in c.get("requires_any", [])],
            preconditions=list(c["preconditions"]), provides=list(c["provides"]),
            levels=list(c["levels"]), covers=list(c["covers"]), mechanism=c.get("mechanism"),
            business_responsibility=c.get("business_responsibility", False),
            unavailable=c.get("why_not_choosable")))
    return Problem(candidates, doc["budget"], doc.get("cofinancing_available"),
                   dict(doc["demand"]), list(doc.get("conditions_met", [])),
                   {m: dict(levels) for m, levels in
                    ((doc.get("reach") or {}).get("by_mechanism") or {}).items()})


def selection_of(doc: dict) -> Selection:
    """The portfolio of an `optimise --json` document as a Selection."""
    taken = {c["id"]: 0 for c in doc["candidates"]}
    for item in doc.get("portfolio", []):
        taken[item["id"]] = item["tranches"] or 1
    return Selection(taken)
