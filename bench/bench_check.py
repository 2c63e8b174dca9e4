"""Benchmark: check a plan with 200 solutions in-process, with the forecast (2,000
draws, as `check` runs it); target < 200 ms (median).

Builds a large but well-formed plan from the knowledge base's interventions (five per
solution, cycling through the register, so coherence, coverage and budget rules all
have work to do), warms the caches (knowledge base, rules) once, then times
`check_plan` over repeated runs and prints the median, the best and the worst, and
the forecast's share of it (rules/check_forecast.py: the forecast with its sensitivity
and soonest scenarios).

    .venv/bin/python bench/bench_check.py [--solutions 200] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from timing import run_times_ms

TARGET_MS = 200.0


def build_plan(kb, n_solutions: int = 200) -> dict:
    """A plan of `n_solutions` solutions over the register's interventions."""
    ids = sorted(i for i in kb.interventions if not kb.interventions[i].business_responsibility)
    ids += ["9-niet-in-het-register"]           # one unknown id: the info rule runs too
    levels = ("mbo", "hbo", "wo")
    groups = ("adult-learners", "girls-women", "international-students", "youth",
              "jobseekers", "newcomers")
    solutions = []
    for i in range(n_solutions):
        level = levels[i % 3]
        solutions.append({
            "id": f"s{i + 1}",
            "title": f"Oplossing {i + 1}",
            "interventions": [ids[(5 * i + k) % len(ids)] for k in range(5)],
            "new_interventions": ([{"label": "Nieuwe aanpak", "building_block": "3",
                                    "casuistry": "Werkte in een pilot (bron: evaluatie)"}]
                                  if i % 10 == 0 else []),
            "levels": [level],
            "target_groups": [groups[i % len(groups)]],
            "contribution": {level: 10 + i % 7},
            "kpis": ["extra gediplomeerden per jaar"],
            "funding_requested": 100_000 + 1_000 * (i % 13),
            "students": {level: 8},
            "top_up_per_student": {level: 5_000},
            "non_eer_students": {level: 0},
            "international_intake": i % 4 == 0,
        })
    requested = sum(s["funding_requested"] for s in solutions)
    return {
        "region": "brainport",
        "title": f"Benchmarkplan met {n_solutions} oplossingen",
        "consortium": [
            {"name": "Universiteit", "type": "university"},
            {"name": "Hogeschool", "type": "university-of-applied-sciences"},
            {"name": "Mbo-college", "type": "mbo-institution"},
            {"name": "Provincie", "type": "regional-government"},
            {"name": "Chipbedrijf", "type": "company", "microchip": True},
        ],
        "solutions": solutions,
        "business_measures": [{"title": "Werving kenniswerkers", "contribution": {"wo": 50}}],
        "budget": {
            "cofinancing": [
                {"party": "Chipbedrijf", "type": "business", "amount": requested // 4,
                 "additional": True},
                {"party": "Provincie", "type": "regional-government",
                 "amount": requested // 4, "additional": True},
            ],
            "cost_per_student": {level: {"regular": 9_000, "top_up": 5_000}
                                 for level in levels},
            "top_up_rationale": "Extra docenten en practicumruimte.",
        },
        "public_private": "Rollen van de partijen.",
        "bottlenecks": "Regionale knelpunten.",
        "conditions": {"housing": "Stand van zaken huisvesting.",
                       "teaching-staff": "Werving van docenten.",
                       "learning-places": "Leerplaatsen bij bedrijven.",
                       "trajectories-available": "Trajecten bestaan."},
        "existing_programmes": ["llo-katalysator", "ngf-pps-beroepsonderwijs"],
        "structural": "Structurele bekostiging na 2030.",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)

    from chiptalent.kb import load
    from chiptalent.rules.check_forecast import weigh
    from chiptalent.rules.checker import check_plan, load_check_rules
    from chiptalent.rules.figures import compute
    from chiptalent.rules.plan import read_plan

    kb = load()
    load_check_rules()
    plan = build_plan(kb, args.solutions)
    result = check_plan(plan, kb=kb)           # warm-up (and a sanity check)
    times = run_times_ms(lambda: check_plan(plan, kb=kb), args.runs)
    median = statistics.median(times)
    # CPU time of this process per run: on a shared machine the wall clock also counts
    # the time other processes hold the cores (the load average is printed beside it).
    cpu_start = time.process_time()
    for _ in range(args.runs):
        check_plan(plan, kb=kb)
    cpu_ms = (time.process_time() - cpu_start) * 1000 / args.runs
    print(f"  CPU time per check_plan: {cpu_ms:.1f} ms (load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    draws = result["totals"]["forecast"]["draws"]
    weigh_times = run_times_ms(lambda: weigh(read_plan(plan), plan, compute(read_plan(plan), kb),
                                             kb), max(5, args.runs // 3))
    print(f"  of which the forecast and its checks (weigh, {draws} draws): median "
          f"{statistics.median(weigh_times):.1f} ms")
    print(f"check_plan, {args.solutions} solutions, {len(result['findings'])} findings, "
          f"{args.runs} runs: median {median:.1f} ms (best {min(times):.1f}, "
          f"worst {max(times):.1f}); target < {TARGET_MS:.0f} ms: "
          f"{'met' if median < TARGET_MS else 'NOT met'}")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
