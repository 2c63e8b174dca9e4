"""Benchmark: compare the four sound example plans, whole process.

Target (issue 17): `chiptalent compare examples/plans/{brainport,twente,delft,groningen}.yaml
--json` under 3 s for the whole process (Python start, the knowledge base from its cache,
checking the four plans, the shared forecast draws, the three scenarios with the MIP).
The cache is warmed by one run before timing. Wall-clock medians decide pass or fail;
CPU time (user + system) and the load average are printed beside them, because on a
shared, loaded machine the wall clock mostly measures waiting for a core.

    .venv/bin/python bench/bench_compare.py [--runs 5] [--draws 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import process_times_ms

PROCESS_TARGET_MS = 3000.0
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"
PLANS = [str(EXAMPLES / f"{name}.yaml") for name in ("brainport", "twente", "delft", "groningen")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--draws", type=int, default=2_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, CHIPTALENT_DATA_DIR=str(Path(tmp) / "data"))
        command = [sys.executable, "-m", "chiptalent.cli", "compare", *PLANS, "--json",
                   "--draws", str(args.draws)]
        warm = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        doc = json.loads(warm.stdout)
        times, cpu = process_times_ms(command, env, args.runs)
    median = statistics.median(times)
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    print(f"whole process: chiptalent compare (4 plans, {args.draws:,} shared draws) --json: "
          f"median {median:.0f} ms (best {min(times):.0f}, worst {max(times):.0f}; "
          f"target < {PROCESS_TARGET_MS:.0f} ms) -> "
          f"{'PASS' if median < PROCESS_TARGET_MS else 'FAIL'}")
    print(f"  CPU time median {statistics.median(cpu):.0f} ms")
    national = doc["national"]
    print(f"  asked EUR {national['requested']:,}; extra workers by 2030 if all funded: "
          f"P50 {national['extra_workers_2030']['p50']}; scenario scores: "
          + ", ".join(f"{s['id']} {s['score']}" for s in doc["scenarios"]))
    return 0 if median < PROCESS_TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
