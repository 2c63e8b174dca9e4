"""A plan's solutions as the forecast reads them, and the parameter overrides.

`read_plan` (rules/plan.py) has type-checked the plan; here the forecast checks what
needs the knowledge base or only matters to a forecast, and names the field when
something cannot be forecast (exit 2): a mechanism that does not exist, a level the
forecast has no parameters for, more international or non-EER entrants than students,
participants without a mechanism, an override of an unknown parameter or a share above
1. Entrants are spread over the intake years as spec/forecast.md says: `intake_by_year`
when given, else `students` evenly over the years from `start_year` to 2030.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chiptalent.errors import InputError
from chiptalent.kb.model import MECHANISMS, KnowledgeBase, Mechanism
from chiptalent.rules.forecast.cohort import KINDS, LEVEL_ORDER
from chiptalent.rules.forecast.draws import Range
from chiptalent.rules.forecast.mechanisms import participant_mechanism
from chiptalent.rules.plan import FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR, Assumption, Solution

INTAKE_YEARS = np.arange(FIRST_INTAKE_YEAR, LAST_INTAKE_YEAR + 1, dtype=float)


@dataclass
class SolutionInput:
    """One solution, normalised: counts per level, kind and intake year."""

    index: int
    name: str
    funding_requested: int
    claimed: dict[str, int]
    levels: list[str]
    mechanism: str | None                        # as the plan says, validated
    mechanisms: list[Mechanism]                  # of its known interventions, in order
    entrants: dict[str, tuple[tuple[str, ...], np.ndarray]]   # level -> kinds, (K, years)
    participants: dict[str, np.ndarray]          # level -> (years,)
    bbl: bool = False
    entry: str | None = None
    overrides: dict[str, Range] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)
    years: np.ndarray = field(default_factory=lambda: INTAKE_YEARS.copy())

    def route(self, level: str) -> str | None:
        if level == "mbo" and self.bbl:
            return "bbl"
        if level == "wo" and self.entry == "master":
            return "master"
        return None

    @property
    def has_internationals(self) -> bool:
        return any(kind != "domestic" for kinds, _ in self.entrants.values() for kind in kinds)


def _spread(total: int, start_year: int) -> np.ndarray:
    """A count spread evenly over the intake years from start_year to 2030."""
    out = np.zeros(len(INTAKE_YEARS))
    active = INTAKE_YEARS >= start_year
    out[active] = total / active.sum()
    return out


def _per_year(by_year: dict[int, dict[str, int]], level: str) -> np.ndarray:
    return np.array([by_year.get(int(y), {}).get(level, 0) for y in INTAKE_YEARS],
                    dtype=float)


def _check_level(level: str, where: str) -> None:
    if level not in LEVEL_ORDER:
        raise InputError(f"the forecast counts workers at {', '.join(LEVEL_ORDER)}; "
                         f"{level!r} is not one of them", field=where)


def _entrants(s: Solution, where: str) -> dict:
    """Per level: the kinds present and their entrants per intake year."""
    out = {}
    levels = set(s.students) | set(s.non_eer_entrants)
    for level in levels:
        field_name = "students" if level in s.students else "non_eer_entrants"
        _check_level(level, f"{where}.{field_name}.{level}")
    for level in sorted(levels, key=LEVEL_ORDER.index):
        students = s.students.get(level, 0)
        international = s.international_entrants.get(level, 0)
        non_eer = s.non_eer_students.get(level, 0)
        if international + non_eer > students:
            raise InputError(f"{international} international (EER) and {non_eer} non-EER "
                             f"entrants at {level} are more than the {students} students "
                             "they are part of", field=f"{where}.international_entrants."
                                                       f"{level}")
        per_year = (_per_year(s.intake_by_year, level) if s.intake_by_year
                    else _spread(students, s.start_year))
        shares = {"domestic": students - international - non_eer, "eer": international,
                  "non_eer": non_eer}
        rows = {kind: per_year * (shares[kind] / students) if students
                else np.zeros_like(per_year) for kind in KINDS}
        rows["non_eer"] = rows["non_eer"] + _spread(s.non_eer_entrants.get(level, 0),
                                                    s.start_year)
        kinds = tuple(k for k in KINDS if rows[k].any())
        if kinds:
            out[level] = (kinds, np.stack([rows[k] for k in kinds]))
    return out


def _participants(s: Solution, where: str) -> dict[str, np.ndarray]:
    out = {}
    for level, total in s.participants.items():
        _check_level(level, f"{where}.participants.{level}")
        counts = (_per_year(s.participants_by_year, level) if s.participants_by_year
                  else np.where(INTAKE_YEARS == s.start_year, float(total), 0.0))
        if counts.any():
            out[level] = counts
    return out


def check_override(kb: KnowledgeBase, pid: str, r: Range, where: str) -> None:
    """An override names a known parameter and stays within what its unit allows."""
    parameter = kb.parameters.get(pid)
    if parameter is None:
        raise InputError(f"{pid!r} is not a parameter of the knowledge base (see "
                         "kb/data/parameters or `chiptalent kb export --format json`)",
                         field=where)
    if not 0 <= r.low <= r.central <= r.high:
        raise InputError(f"0 <= low <= central <= high is required, got {r.low}, "
                         f"{r.central}, {r.high}", field=where)
    if parameter.unit == "share" and r.high > 1:
        raise InputError(f"{pid} is a share: a value from 0 to 1, got {r.high}",
                         field=where)


def _as_range(a: Assumption) -> Range:
    return Range(a.low, a.central, a.high)


def solution_input(s: Solution, kb: KnowledgeBase, plan_assumptions: dict,
                   command_line: dict[str, Range]) -> SolutionInput:
    """The solution as the forecast needs it, or an InputError naming the field."""
    where = f"solutions[{s.index}]"
    if s.mechanism is not None and s.mechanism not in MECHANISMS:
        raise InputError(f"{s.mechanism!r} is not a mechanism; allowed: "
                         f"{', '.join(MECHANISMS)}", field=f"{where}.mechanism")
    known = [kb.interventions[i] for i in s.interventions if i in kb.interventions]
    mechanisms = [i.mechanism for i in known if i.mechanism is not None]
    overrides: dict[str, Range] = {}
    for source, prefix in ((plan_assumptions, "assumptions"),
                           (s.assumptions, f"{where}.assumptions")):
        for pid, a in source.items():
            r = _as_range(a)
            check_override(kb, pid, r, f"{prefix}.{pid}")
            overrides[pid] = r
    overrides.update(command_line)
    solution = SolutionInput(
        index=s.index, name=s.name, funding_requested=s.funding_requested,
        claimed=dict(s.contribution), levels=list(s.levels), mechanism=s.mechanism,
        mechanisms=mechanisms, entrants=_entrants(s, where),
        participants=_participants(s, where),
        bbl=any(i.routes == ["bbl"] for i in known), entry=s.entry,
        overrides=overrides, overridden=set(overrides))
    if solution.participants and participant_mechanism(solution) is None:
        raise InputError("participants need a mechanism: give the solution a "
                         f"`mechanism` ({', '.join(MECHANISMS)}) or an intervention "
                         "whose mechanism is retraining, recruitment, intake, "
                         "completion or retention", field=f"{where}.participants")
    return solution
