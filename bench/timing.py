"""Timing shared by the benchmark scripts: how long each of several runs of a callable
takes, in milliseconds. The scripts import it as a sibling (`from timing import ...`):
`python bench/NAME.py` puts bench/ first on the module path."""

from __future__ import annotations

import time


def run_times_ms(run, repeat: int) -> list[float]:
    """Call `run()` `repeat` times; the wall-clock time of each call in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times
