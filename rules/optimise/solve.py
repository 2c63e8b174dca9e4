"""Solve a Programme with HiGHS (highspy), silently, exactly.

HiGHS prints a banner on standard output when a `Highs()` is made, and logs while it
solves, below Python's own sys.stdout; so besides its options `output_flag` and
`log_to_console`, file descriptor 1 is pointed at /dev/null while the solver is made
and runs. `--json` then prints exactly one JSON document.

The MIP gap is 0: the optimum is the optimum, which the brute-force tests check (the
robustness analysis may accept a small gap per draw, and says so).
With `thrift`, a second solve keeps the best worker count and spends the least money
for it, so among equally good portfolios the cheapest is shown.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from dataclasses import dataclass

import numpy as np

from chiptalent.rules.optimise.model import Programme
from chiptalent.rules.optimise.problem import Selection

# How far the second solve may fall short of the best worker count: solver tolerance,
# not a modelling choice.
KEEP_OPTIMUM = 1e-6


@dataclass
class Outcome:
    status: str                          # optimal | infeasible | <HiGHS status>
    selection: Selection | None
    workers: float = 0.0
    values: list[float] | None = None    # the solver's columns (a start for a re-solve)


@contextlib.contextmanager
def quiet_stdout():
    """Point file descriptor 1 at /dev/null (HiGHS writes there, not via sys.stdout)."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _solver(programme: Programme, maximise_workers: bool, gap: float = 0.0):
    import highspy

    h = highspy.Highs()
    for name, value in (("output_flag", False), ("log_to_console", False),
                        ("mip_rel_gap", gap), ("mip_abs_gap", 1e-9),
                        # restarts after presolve cost more than they save on programmes
                        # of this size (measured: 0.7 s against 0.25 s for Twente)
                        ("mip_allow_restart", False),
                        # symmetry detection costs more than it prunes here (measured on
                        # Twente's draws: 0.36 s against 0.8 s a draw on average)
                        ("mip_detect_symmetry", False),
                        # one thread: the programmes are small, and on a shared machine
                        # waiting for HiGHS's worker threads cost more wall time than
                        # they saved (measured: 0.15-0.3 s against 0.3-0.7 s a solve).
                        # HiGHS fixes its thread pool at the first run of a process, so
                        # every solver here asks for the same.
                        ("threads", 1)):
        h.setOptionValue(name, value)
    inf = highspy.kHighsInf
    n = len(programme.cost)

    def finite(values):
        return np.array([inf if v == math.inf else -inf if v == -math.inf else v
                         for v in values], dtype=float)

    h.addVars(n, finite(programme.lower), finite(programme.upper))
    if maximise_workers:
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(programme.cost, float))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    integer = np.array([k for k in range(n) if programme.integer[k]], dtype=np.int32)
    if len(integer):
        h.changeColsIntegrality(len(integer), integer,
                                np.array([highspy.HighsVarType.kInteger] * len(integer)))
    _add_rows(h, programme.rows, finite)
    return h


def _add_rows(h, rows, finite) -> None:
    if not rows:
        return
    starts, index, value = [], [], []
    for _, _, terms in rows:
        starts.append(len(index))
        for k in sorted(terms):
            index.append(k)
            value.append(terms[k])
    h.addRows(len(rows), finite([r[0] for r in rows]), finite([r[1] for r in rows]),
              len(index), np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32),
              np.array(value, dtype=float))


def solve(programme: Programme, thrift: bool = True, gap: float = 0.0,
          start: list[float] | None = None) -> Outcome:
    """The best selection: most workers, then (with `thrift`) the least Rijk money.
    `gap` > 0 accepts a selection proven within that share of the optimum (the
    robustness draws); the portfolio itself is solved with gap 0. `start`: column values
    known to be feasible (the optimum of the same programme with less money)."""
    import highspy

    with quiet_stdout():
        h = _solver(programme, maximise_workers=True, gap=gap)
        if start is not None:
            h.setSolution(len(start), np.arange(len(start), dtype=np.int32),
                          np.array(start, dtype=float))
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            name = ("infeasible" if status in (highspy.HighsModelStatus.kInfeasible,
                                               highspy.HighsModelStatus.kUnboundedOrInfeasible)
                    else h.modelStatusToString(status))
            return Outcome(name, None)
        first = h.getSolution()
        values = list(first.col_value)
        best = sum(values[k] for k in programme.level_columns.values())
        if thrift:
            levels = list(programme.level_columns.values())
            h.addRow(best - KEEP_OPTIMUM, highspy.kHighsInf, len(levels),
                     np.array(levels, dtype=np.int32), np.ones(len(levels)))
            n = len(programme.cost)
            money = np.zeros(n)
            for k, v in programme.money.items():
                money[k] = v
            h.changeColsCost(n, np.arange(n, dtype=np.int32), money)
            h.changeObjectiveSense(highspy.ObjSense.kMinimize)
            h.setSolution(first)               # the optimum is feasible: a head start
            h.run()
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                values = list(h.getSolution().col_value)
    return Outcome("optimal", programme.selection(values), best, values)


def cheapest(programme: Programme) -> float | None:
    """The least money any feasible selection of the programme costs (None: none is)."""
    import highspy

    n = len(programme.cost)
    money = np.zeros(n)
    for k, v in programme.money.items():
        money[k] = v
    with quiet_stdout():
        h = _solver(programme, maximise_workers=False)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), money)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        values = list(h.getSolution().col_value)
    return float(sum(money[k] * values[k] for k in range(n)))


def solve_columns(programme: Programme, then_maximise: dict[int, float] | None = None
                  ) -> tuple[str, list[float] | None]:
    """The column values that maximise `programme.cost` · x, silently and exactly; with
    `then_maximise`, a second solve keeps that optimum and maximises those weights
    instead (a tie-break). For programmes that are not a portfolio of candidates (the
    national comparison's funding shares): (status, values or None)."""
    import highspy

    with quiet_stdout():
        h = _solver(programme, maximise_workers=True)
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            return ("infeasible" if status in (highspy.HighsModelStatus.kInfeasible,
                                               highspy.HighsModelStatus.kUnboundedOrInfeasible)
                    else h.modelStatusToString(status)), None
        values = list(h.getSolution().col_value)
        if then_maximise:
            n = len(programme.cost)
            best = sum(c * v for c, v in zip(programme.cost, values))
            columns = [k for k in range(n) if programme.cost[k]]
            h.addRow(best - KEEP_OPTIMUM * max(1.0, abs(best)), highspy.kHighsInf,
                     len(columns), np.array(columns, dtype=np.int32),
                     np.array([programme.cost[k] for k in columns], dtype=float))
            weights = np.zeros(n)
            for k, w in then_maximise.items():
                weights[k] = w
            h.changeColsCost(n, np.arange(n, dtype=np.int32), weights)
            h.run()
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                values = list(h.getSolution().col_value)
    return "optimal", values
