"""Parameter values for a batch of draws: one uniform per parameter per draw, mapped
through each parameter's triangular range (spec/forecast.md, "Ranges, not points").

A `Sampler` turns (parameter id, range) into an array with one value per draw:
- `MonteCarlo` draws one uniform per parameter and draw from a generator seeded with the
  run's seed and the parameter's id, so a parameter's draws do not depend on which other
  parameters exist or in which order they are asked for; every solution that uses the
  parameter shares them, and an override maps the same uniforms through its own range;
- `Scenarios` gives the one-at-a-time rows of the sensitivity analysis: row 0 has every
  parameter central, rows 1 + 2k and 2 + 2k put parameter k at its low and its high; a
  last row puts every duration and lag at its low and the rest at its high (the soonest
  and most anyone can be at work: the checker's `contribution.timing`).

`Values` is what a solution's forecast reads: the sampler plus the solution's overrides,
recording which parameters it used (for the report and the sensitivity analysis).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from chiptalent.errors import InputError


@dataclass(frozen=True, slots=True)
class Range:
    low: float
    central: float
    high: float


def triangular(u: np.ndarray, r: Range) -> np.ndarray:
    """The inverse CDF of the triangular distribution (low, central, high) at u.

    low = central = high gives that value for every u, so fixed values need no special
    case; low = central or central = high are the one-sided triangles.
    """
    a, c, b = r.low, r.central, r.high
    width = b - a
    if width <= 0:
        return np.full(u.shape, a, dtype=float)
    split = (c - a) / width
    rising = a + np.sqrt(u * width * (c - a))
    falling = b - np.sqrt((1 - u) * width * (b - c))
    return np.where(u < split, rising, falling)


class MonteCarlo:
    """`draws` seeded draws of every parameter asked for."""

    def __init__(self, draws: int, seed: int):
        self.size, self.seed = draws, seed
        self._uniforms: dict[str, np.ndarray] = {}
        self._values: dict[tuple[str, Range], np.ndarray] = {}

    def uniforms(self, pid: str) -> np.ndarray:
        if pid not in self._uniforms:
            # A stream per (seed, parameter id): a 128-bit digest of the id, so two ids
            # never share their draws by accident.
            key = int.from_bytes(hashlib.sha256(pid.encode()).digest()[:16], "big")
            stream = np.random.default_rng([self.seed, key])
            self._uniforms[pid] = stream.random(self.size)
        return self._uniforms[pid]

    def values(self, pid: str, r: Range) -> np.ndarray:
        key = (pid, r)
        if key not in self._values:
            self._values[key] = triangular(self.uniforms(pid), r)
        return self._values[key]


# Quantities that say how long something takes: the soonest scenario takes their low.
TIME_QUANTITIES = ("duration", "lag")


class Scenarios:
    """Every parameter central, and each of `varied` at its low and its high in turn;
    the last row (`soonest`) has every duration and lag at its low and every other
    parameter at its high: whether anyone can be at work by a year at all."""

    def __init__(self, varied: list[str]):
        self.varied = list(varied)
        self.row = {pid: 1 + 2 * k for k, pid in enumerate(self.varied)}
        self.soonest = 1 + 2 * len(self.varied)
        self.size = self.soonest + 1

    def values(self, pid: str, r: Range) -> np.ndarray:
        out = np.full(self.size, r.central, dtype=float)
        if pid in self.row:
            out[self.row[pid]] = r.low
            out[self.row[pid] + 1] = r.high
        out[self.soonest] = r.low if pid.split(".", 1)[0] in TIME_QUANTITIES else r.high
        return out


class Values:
    """The parameters one solution sees: the knowledge base's ranges, its overrides, and
    the plan's region, whose own variant of a parameter (`<id>.<region>`) is used where
    the knowledge base has one (`regional`)."""

    def __init__(self, sampler, ranges: dict[str, Range], overrides: dict[str, Range],
                 region: str | None = None):
        self.sampler, self.ranges, self.overrides = sampler, ranges, overrides
        self.region = region
        self.used: set[str] = set()

    @property
    def size(self) -> int:
        return self.sampler.size

    def range(self, pid: str) -> Range:
        if pid in self.overrides:
            return self.overrides[pid]
        if pid not in self.ranges:
            raise InputError(f"the forecast needs parameter {pid!r}, which is not in "
                             "kb/data/parameters", field="parameters")
        return self.ranges[pid]

    def __call__(self, pid: str) -> np.ndarray:
        self.used.add(pid)
        return self.sampler.values(pid, self.range(pid))

    def has(self, pid: str) -> bool:
        return pid in self.overrides or pid in self.ranges

    def regional(self, pid: str) -> np.ndarray:
        """The region's own variant of a parameter when there is one, else the parameter."""
        local = f"{pid}.{self.region}" if self.region else None
        return self(local if local and self.has(local) else pid)
