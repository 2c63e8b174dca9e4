"""Benchmark: the recommender in-process on the real KB and on synthetic KBs of 10x and
100x the rules and interventions, and the whole `chiptalent recommend` process.

Targets (issue 4): in-process under 5 ms on the real KB; time grows at most linearly
with size; `chiptalent recommend --region brainport --json` under 600 ms. Run with the
project's python (the command is found beside it; it need not be on PATH):
    .venv/bin/python bench/bench_recommend.py
"""

from __future__ import annotations

import copy
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import run_times_ms


def scaled(kb, rules, factor):
    """A KB and rule set `factor` times larger: copies of every intervention and rule,
    the copies' rules selecting the copies' interventions."""
    if factor == 1:
        return kb, rules
    big = copy.deepcopy(kb)
    big_rules = copy.deepcopy(rules)
    for n in range(1, factor):
        suffix = f"-x{n}"
        for iid, item in kb.interventions.items():
            clone = copy.deepcopy(item)
            clone.id = iid + suffix
            clone.requires = [copy.replace(d, id=d.id + suffix) if hasattr(copy, "replace")
                              else type(d)(d.id + suffix, d.strength, d.reason)
                              for d in item.requires]
            big.interventions[clone.id] = clone
        for rule in rules.recommend:
            clone = copy.deepcopy(rule)
            clone.id = rule.id + suffix
            clone.then = [_suffix_action(a, suffix) for a in rule.then]
            big_rules.recommend.append(clone)
    return big, big_rules


def _suffix_action(action, suffix):
    verb, arg = next(iter(action.items()))
    if isinstance(arg, dict):
        arg = dict(arg)
        if "intervention" in arg:
            arg["intervention"] += suffix
        if "interventions" in arg:
            arg["interventions"] = [i + suffix for i in arg["interventions"]]
    if verb == "assert" and isinstance(arg, dict):
        arg = {k + suffix if k.startswith("need.") and k.count(".") == 1 else k: v
               for k, v in arg.items()}
    return {verb: arg}


def median_ms(fn, repeat):
    return statistics.median(run_times_ms(fn, repeat))


def chiptalent_command() -> list[str]:
    """The `chiptalent` console script of the python running this benchmark (the venv's
    bin/ need not be on PATH); `python -m chiptalent` where no script was installed."""
    script = Path(sys.executable).parent / "chiptalent"   # not resolved: a venv's python
    if script.is_file():                                   # is a symlink out of the venv
        return [str(script)]
    return [sys.executable, "-m", "chiptalent"]


def main():
    os.environ.setdefault("CHIPTALENT_DATA_DIR", tempfile.mkdtemp(prefix="chiptalent-bench-"))
    from chiptalent.kb import load
    from chiptalent.rules import load_rules
    from chiptalent.rules.recommender import recommend

    kb, rules = load(), load_rules()
    base = None
    for factor in (1, 10, 100):
        big_kb, big_rules = scaled(kb, rules, factor)
        ms = median_ms(lambda: recommend(region="brainport", kb=big_kb, rules=big_rules),
                       30 if factor < 100 else 5)
        base = base or ms
        print(f"{factor:4d}x: {len(big_kb.interventions):6d} interventions, "
              f"{len(big_rules.recommend):5d} rules: median {ms:8.2f} ms "
              f"({ms / base:6.1f}x the real KB's time; linear would be {factor}x)")
    env = {**os.environ}
    command = chiptalent_command() + ["recommend", "--region", "brainport", "--json"]
    subprocess.run(command, capture_output=True, env=env, check=True)   # warm the cache
    runs = run_times_ms(lambda: subprocess.run(command, capture_output=True, env=env,
                                               check=True), 10)
    print(f"whole process `chiptalent recommend --region brainport --json`: median "
          f"{statistics.median(runs):.0f} ms, max {max(runs):.0f} ms (target < 600 ms)")


if __name__ == "__main__":
    main()
