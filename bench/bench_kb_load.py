"""Benchmark: loading the knowledge base, from YAML and from the compiled cache.

Target (issue 2): loading for the other commands under 150 ms. Run:
    python bench/bench_kb_load.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import run_times_ms


def timed(fn, repeat):
    times = run_times_ms(fn, repeat)
    return statistics.median(times), max(times)


def main():
    import os
    data_dir = tempfile.mkdtemp(prefix="chiptalent-bench-")
    os.environ["CHIPTALENT_DATA_DIR"] = data_dir
    from chiptalent.kb.cache import load_cached
    from chiptalent.kb.loader import BUNDLED_KB, load_kb

    median, worst = timed(lambda: load_kb(BUNDLED_KB), 5)
    print(f"from YAML (schema-checked):  median {median:7.1f} ms   max {worst:7.1f} ms")
    load_cached(BUNDLED_KB, Path(data_dir))
    median, worst = timed(lambda: load_cached(BUNDLED_KB, Path(data_dir)), 50)
    print(f"from the cache (in-process): median {median:7.1f} ms   max {worst:7.1f} ms")
    code = ("import time; t=time.perf_counter(); from chiptalent.kb import load; load(); "
            "print((time.perf_counter()-t)*1000)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 env={**os.environ}).stdout) for _ in range(10)]
    print(f"import + load in a new process: median {statistics.median(runs):7.1f} ms "
          f"  max {max(runs):7.1f} ms   (target < 150 ms)")


if __name__ == "__main__":
    main()
