"""The cohort model of spec/forecast.md: entrants become graduates become workers.

Entrants of intake year y start in September (y + 8/12, a calendar fact, not a rate);
with a duration d drawn as a real number they graduate at y + 8/12 + d and count from
the calendar year in which that moment falls. A share c of all entrants graduates; of
the graduates a share p goes on to the next level, re-entering it as entrants the year
after graduating, and the rest enter the microchip industry with the sector-entry share
e and stay in the Netherlands with the stay rate σ of their kind (1 for domestic).

Arrays: a block of entrants is (kinds, intake moments, draws); its start moments are
(intake moments, draws) or (intake moments, 1). Every parameter value is an array over
the draws, so one pass computes every draw at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SEPTEMBER = 8 / 12                    # months of the intake year gone when entrants start
KINDS = ("domestic", "eer", "non_eer")
LEVEL_ORDER = ("mbo", "hbo", "wo")
NEXT_LEVEL = {"mbo": "hbo", "hbo": "wo"}
# hbo graduates who go on to wo enter a master (via a pre-master), not a second bachelor.
ROUTE_INTO = {"hbo": None, "wo": "master"}


@dataclass(slots=True)
class Block:
    """Entrants of one level: counts per kind and intake moment, and when they start."""

    kinds: tuple[str, ...]
    entrants: np.ndarray              # (len(kinds), moments, draws or 1)
    start: np.ndarray                 # (moments, draws or 1): the year as a real number
    route: str | None = None          # "bbl" (mbo) or "master" (wo entry)
    direct: bool = True               # the solution's own entrants, not re-entrants


@dataclass(slots=True)
class Boosts:
    """What a solution's completion and retention interventions do to its own cohorts."""

    dropout_cut: np.ndarray | None = None   # share of would-be dropouts who now graduate
    stay_gain: np.ndarray | None = None     # extra share of internationals who stay

    def completion(self, c: np.ndarray) -> np.ndarray:
        return c if self.dropout_cut is None else c + (1 - c) * self.dropout_cut

    def stay(self, sigma: np.ndarray) -> np.ndarray:
        return sigma if self.stay_gain is None else np.minimum(1, sigma + self.stay_gain)


def track(level: str, route: str | None) -> dict[str, str]:
    """The parameter ids of a level's programme (route `bbl` or entry `master`)."""
    variant = f"{level}.{route}" if route else level
    ids = {"completion": f"completion.{variant}", "duration": f"duration.{variant}",
           "sector_entry": f"sector_entry.{level}",
           "eer": f"stay_rate.eer.{level}", "non_eer": f"stay_rate.non_eer.{level}"}
    if level in NEXT_LEVEL:
        ids["progression"] = f"progression.{level}.{NEXT_LEVEL[level]}"
    return ids


class Tally:
    """Cumulative extra workers per level and calendar year, one row per draw."""

    def __init__(self, years: list[int], size: int):
        self.years = np.asarray(years, dtype=float)
        self.size = size
        self.by_level: dict[str, np.ndarray] = {}

    def add(self, level: str, workers: np.ndarray, year: np.ndarray) -> None:
        """Workers (moments, draws) who count from calendar year `year` onwards."""
        workers, year = np.broadcast_arrays(np.atleast_2d(workers), np.atleast_2d(year))
        counted = year[None, :, :] <= self.years[:, None, None]     # (years, moments, draws)
        gained = (counted * workers[None, :, :]).sum(axis=1)
        gained = np.broadcast_to(gained, (len(self.years), self.size))
        if level in self.by_level:
            self.by_level[level] = self.by_level[level] + gained
        else:
            self.by_level[level] = np.array(gained)

    def total(self) -> np.ndarray:
        if not self.by_level:
            return np.zeros((len(self.years), self.size))
        return sum(self.by_level.values())


def stay_rates(kinds: tuple[str, ...], ids: dict[str, str], values,
               boosts: Boosts | None) -> np.ndarray:
    """σ per kind (kinds, draws): 1 for domestic graduates, a stay rate for the others."""
    rows = []
    for kind in kinds:
        if kind == "domestic":
            rows.append(np.ones(values.size))
        else:
            sigma = values(ids[kind])
            rows.append(boosts.stay(sigma) if boosts else sigma)
    return np.stack(rows)


def to_work(level: str, route: str | None, kinds: tuple[str, ...], graduates: np.ndarray,
            moment: np.ndarray, values, tally: Tally,
            boosts: Boosts | None) -> Block | None:
    """Graduates (kinds, moments, draws) at `moment`: into work, or on to the next level."""
    ids = track(level, route)
    year = np.floor(moment)
    sector_entry = values(ids["sector_entry"])
    sigma = stay_rates(kinds, ids, values, boosts)
    onward = values(ids["progression"]) if "progression" in ids else None
    staying = graduates if onward is None else graduates * (1 - onward)
    workers = staying * sector_entry * sigma[:, None, :]
    tally.add(level, workers.sum(axis=0), year)
    if onward is None:
        return None
    nxt = NEXT_LEVEL[level]
    return Block(kinds=kinds, entrants=graduates * onward, start=year + 1 + SEPTEMBER,
                 route=ROUTE_INTO[nxt], direct=False)


def run(blocks: dict[str, list[Block]], values, tally: Tally, boosts: Boosts) -> None:
    """Every block through its level, re-entrants through the levels after it."""
    pending = {level: list(blocks.get(level, [])) for level in LEVEL_ORDER}
    for level in LEVEL_ORDER:
        for block in pending[level]:
            ids = track(level, block.route)
            own = boosts if block.direct else None
            completion = values(ids["completion"])
            if own:
                completion = own.completion(completion)
            graduates = block.entrants * completion
            moment = block.start + values(ids["duration"])
            onward = to_work(level, block.route, block.kinds, graduates, moment, values,
                             tally, own)
            if onward is not None:
                pending[NEXT_LEVEL[level]].append(onward)
