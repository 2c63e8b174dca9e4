"""Benchmark: forecast a plan of 10 solutions with 10,000 draws.

Targets (issue 14): < 300 ms in-process (`forecast()` on a read plan, sensitivity
analysis included) and < 1 s for the whole `chiptalent forecast PLAN --json` process.
The plan mixes every mechanism: places at each level (with international and non-EER
entrants, a bbl route and a master entry), intake, completion, retraining, recruitment
and retention participants. The knowledge-base cache is warmed once before timing. Wall-clock medians decide
pass or fail; CPU time (user + system) and the load average are printed beside them,
because on a shared, loaded machine the wall clock mostly measures waiting for a core.

    .venv/bin/python bench/bench_forecast.py [--draws 10000] [--runs 15] [--process-runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import process_times_ms

IN_PROCESS_TARGET_MS = 300.0
PROCESS_TARGET_MS = 1000.0


def build_plan() -> dict:
    """Ten solutions, one or more per mechanism."""
    places = [
        {"id": "p-mbo-bbl", "interventions": ["3-bbl-partnerschappen", "3-uitval-verminderen"],
         "levels": ["mbo"], "students": {"mbo": 600}, "contribution": {"mbo": 300},
         "funding_requested": 4_500_000},
        {"id": "p-hbo", "interventions": ["1c-numerus-fixus-verruimen", "4-stayrate-traject"],
         "levels": ["hbo"], "students": {"hbo": 500}, "international_entrants": {"hbo": 50},
         "non_eer_students": {"hbo": 20}, "non_eer_entrants": {"hbo": 40},
         "contribution": {"hbo": 150}, "funding_requested": 3_000_000},
        {"id": "p-wo-master", "interventions": ["1c-buitenlandse-bachelors-werven"],
         "levels": ["wo"], "students": {"wo": 300}, "entry": "master",
         "international_entrants": {"wo": 150}, "contribution": {"wo": 120},
         "funding_requested": 2_000_000},
        {"id": "p-mixed", "interventions": ["2-vraaggericht-opleiden"],
         "levels": ["mbo", "hbo", "wo"], "students": {"mbo": 200, "hbo": 200, "wo": 200},
         "intake_by_year": {2025: {"mbo": 100, "hbo": 50, "wo": 50},
                            2027: {"mbo": 100, "hbo": 150, "wo": 150}},
         "contribution": {"mbo": 60, "hbo": 40, "wo": 10}, "funding_requested": 3_600_000},
    ]
    participants = [
        ("intake", "1a-lob-microchip", {"mbo": 3000, "hbo": 2000}),
        ("completion", "3-uitval-verminderen", {"mbo": 400, "hbo": 300}),
        ("retraining", "1b-studiekosten-omscholing", {"mbo": 300, "hbo": 100}),
        ("retraining", "1c-intensieve-korte-trajecten", {"mbo": 150}),
        ("recruitment", "1c-korte-trajecten-buitenlands-talent", {"hbo": 80, "wo": 60}),
        ("retention", "4-stayrate-traject", {"hbo": 200, "wo": 300}),
    ]
    solutions = places + [
        {"id": f"{mechanism}-{n}", "interventions": [intervention], "levels": list(counts),
         "participants": counts, "start_year": 2026, "contribution": {
             level: n // 10 for level, n in counts.items()},
         "funding_requested": 1_000_000}
        for n, (mechanism, intervention, counts) in enumerate(participants)]
    return {"region": "brainport", "title": "Benchmarkplan forecast", "solutions": solutions,
            "budget": {"cofinancing": [{"party": "Chipbedrijf", "type": "business",
                                        "amount": 8_000_000, "additional": True}]}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--process-runs", type=int, default=5)
    args = parser.parse_args()

    import yaml

    from chiptalent.kb import load
    from chiptalent.rules.forecast.engine import forecast
    from chiptalent.rules.plan import read_plan

    document = build_plan()
    kb = load()
    plan = read_plan(document)
    assert len(plan.solutions) == 10
    forecast(plan, kb, draws=args.draws)                     # warm-up (numpy, caches)
    times, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = forecast(plan, kb, draws=args.draws)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    median = statistics.median(times)
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    total = result["total"]["extra_workers"]["by_2030"]
    print(f"in-process: {len(plan.solutions)} solutions x {args.draws:,} draws: median "
          f"{median:.1f} ms (best {min(times):.1f}, worst {max(times):.1f}; "
          f"target < {IN_PROCESS_TARGET_MS:.0f} ms) -> "
          f"{'PASS' if median < IN_PROCESS_TARGET_MS else 'FAIL'}")
    print(f"  CPU time median {statistics.median(cpu):.1f} ms")
    print(f"  total extra workers by 2030: P50 {total['p50']} (P10 {total['p10']}, "
          f"P90 {total['p90']}); {len(result['sensitivity'])} parameters in the tornado")

    with tempfile.TemporaryDirectory() as tmp:
        plan_path = Path(tmp) / "plan.yaml"
        plan_path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        env = dict(os.environ, CHIPTALENT_DATA_DIR=str(Path(tmp) / "data"))
        command = [sys.executable, "-m", "chiptalent.cli", "forecast", str(plan_path),
                   "--json", "--draws", str(args.draws)]
        subprocess.run(command, env=env, check=True, capture_output=True)  # builds the cache
        process_times, process_cpu = process_times_ms(command, env, args.process_runs)
    process_median = statistics.median(process_times)
    print(f"whole process: chiptalent forecast --json ({args.draws:,} draws): median "
          f"{process_median:.0f} ms (best {min(process_times):.0f}, worst "
          f"{max(process_times):.0f}; target < {PROCESS_TARGET_MS:.0f} ms) -> "
          f"{'PASS' if process_median < PROCESS_TARGET_MS else 'FAIL'}")
    print(f"  CPU time median {statistics.median(process_cpu):.0f} ms")
    ok = median < IN_PROCESS_TARGET_MS and process_median < PROCESS_TARGET_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
