"""From draws to the figures a reader sees: quantiles, the claim, € per worker, tornado.

Worker quantiles of a total are taken over the summed draws, never by adding quantiles.
Money is certain (what the plan asks), so € per extra worker at P10 is the money over
the workers' P90, and so on; with no workers there is no such figure (null).
"""

from __future__ import annotations

import numpy as np

QUANTILES = {"p10": 10, "p50": 50, "p90": 90}
_FRACTIONS = np.array(list(QUANTILES.values())) / 100
CLAIM_WITHIN, CLAIM_ABOVE, CLAIM_BELOW, CLAIM_NONE = "within", "above-p90", "below-p10", "none"


def percentiles(draws: np.ndarray) -> np.ndarray:
    """P10, P50, P90 over the last axis: (3, rows...), numpy's default (linear) method.

    One sort instead of np.percentile's partitions: the same numbers, several times
    faster for many rows.
    """
    ordered = np.sort(draws, axis=-1)
    position = _FRACTIONS * (ordered.shape[-1] - 1)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, ordered.shape[-1] - 1)
    low, high = ordered[..., below], ordered[..., above]          # (rows..., 3)
    return np.moveaxis(low + (high - low) * (position - below), -1, 0)


def workers(draws: np.ndarray) -> dict[str, float]:
    """P10, P50 and P90 of workers, to one decimal (draws on the last axis)."""
    return {name: round(float(v), 1) for name, v in zip(QUANTILES, percentiles(draws))}


def workers_per_row(draws: np.ndarray) -> list[dict[str, float]]:
    """`workers` of every row of a (rows, draws) array, in one pass."""
    values = percentiles(draws)                                    # (3, rows)
    return [{name: round(float(v), 1) for name, v in zip(QUANTILES, column)}
            for column in values.T]


def euros_per_worker(money: float, quantiles: dict[str, float]) -> dict[str, int | None]:
    """€ per extra worker from the workers' quantiles (P10 € goes with P90 workers)."""
    mirror = {"p10": "p90", "p50": "p50", "p90": "p10"}
    return {name: (round(money / quantiles[mirror[name]])
                   if quantiles[mirror[name]] > 0 else None)
            for name in QUANTILES}


def claim(claimed: float | None, quantiles: dict[str, float]) -> str:
    """Where a claimed contribution stands against the forecast's P10..P90."""
    if not claimed:
        return CLAIM_NONE
    if claimed > quantiles["p90"]:
        return CLAIM_ABOVE
    if claimed < quantiles["p10"]:
        return CLAIM_BELOW
    return CLAIM_WITHIN


def tornado(varied: list[str], rows: np.ndarray, keep=None) -> list[dict]:
    """One-at-a-time effects, largest swing first: rows[0] has every parameter central,
    rows[1 + 2k] and rows[2 + 2k] parameter k low and high; `keep` limits the list."""
    out = []
    for k, pid in enumerate(varied):
        if keep is not None and pid not in keep:
            continue
        low, high = float(rows[1 + 2 * k]), float(rows[2 + 2 * k])
        out.append({"parameter": pid, "low": round(low, 1), "high": round(high, 1),
                    "swing": round(abs(high - low), 1)})
    out.sort(key=lambda e: (-e["swing"], e["parameter"]))
    return out
