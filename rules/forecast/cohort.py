"""The cohort model of spec/forecast.md: entrants become graduates become workers.

Entrants of intake year y start in September (y + 8/12, a calendar fact, not a rate);
with a duration d drawn as a real number they graduate at y + 8/12 + d and count from
the calendar year in which that moment falls. A share c of all entrants graduates; of
the graduates a share p goes on to the next level, re-entering it as entrants the year
after graduating, and the rest enter the microchip industry with the sector-entry share
e (the route's own where the knowledge base has one: bbl'ers mostly stay at their
leerbedrijf, `sector_entry.mbo.bbl`) and stay in the Netherlands with the stay rate σ
of their kind (1 for domestic).

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
    """Extra workers per level and calendar year, one column per draw.

    Workers are added to the year they start counting in (a histogram per draw, built
    with one bincount); `level_at()` and `total()` give the cumulative counts.
    """

    def __init__(self, years: list[int], size: int):
        self.first, self.count, self.size = years[0], len(years), size
        self.gains: dict[str, np.ndarray] = {}          # level -> (years + 1, draws)
        self._columns = np.arange(size, dtype=np.intp)

    def add(self, level: str, workers: np.ndarray, year: np.ndarray) -> None:
        """Workers (moments, draws) who count from calendar year `year` onwards."""
        workers, year = np.broadcast_arrays(np.atleast_2d(workers), np.atleast_2d(year))
        workers = np.broadcast_to(workers, (workers.shape[0], self.size))
        year = np.broadcast_to(year, workers.shape)
        # Row `count` collects whoever starts after the horizon (or never within it).
        cells = np.clip(year - self.first, 0, self.count).astype(np.intp)
        cells *= self.size
        cells += self._columns
        gained = np.bincount(cells.ravel(), weights=workers.ravel(),
                             minlength=(self.count + 1) * self.size)
        gained = gained.reshape(self.count + 1, self.size)
        if level in self.gains:
            self.gains[level] += gained
        else:
            self.gains[level] = gained

    def level_at(self, level: str, row: int) -> np.ndarray:
        """Cumulative workers of one level by the end of year number `row`: (draws,)."""
        return self.gains[level][:row + 1].sum(axis=0)

    def total(self) -> np.ndarray:
        if not self.gains:
            return np.zeros((self.count, self.size))
        return np.cumsum(sum(self.gains.values())[:self.count], axis=0)


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
    # A route may enter the sector differently (bbl'ers mostly stay at their
    # leerbedrijf): its own parameter where the knowledge base has one.
    entry_id = ids["sector_entry"]
    if route and values.has(f"{entry_id}.{route}"):
        entry_id = f"{entry_id}.{route}"
    sector_entry = values.regional(entry_id)                 # by region where sources allow
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
