"""Timing shared by the benchmark scripts: how long a callable in this process or a whole
command line takes, in milliseconds. The scripts import it as a sibling
(`from timing import ...`): `python bench/NAME.py` puts bench/ first on the module path."""

from __future__ import annotations

import resource
import subprocess
import time


def run_times_ms(run, repeat: int) -> list[float]:
    """Call `run()` `repeat` times; the wall-clock time of each call in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def timed_process(command, env) -> tuple[float, float, str]:
    """Wall and CPU milliseconds of one run of `command`, and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu, run.stdout


def process_times_ms(command, env, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `repeat` runs of `command`."""
    runs = [timed_process(command, env) for _ in range(repeat)]
    return [r[0] for r in runs], [r[1] for r in runs]
