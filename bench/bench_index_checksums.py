"""What the index checksums (kb/search/manifest.py) cost: search latency on the real
knowledge base with the per-search check and with it switched off, and the one-off
cost of hashing the index files after a change.

    .venv/bin/python bench/bench_index_checksums.py [--rounds 5] [--queries 400]

Prints medians and p95s in milliseconds. Uses a temporary data directory.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from chiptalent import kb as kb_package
from chiptalent.kb.search import build_index, close_searchers, manifest, search
from chiptalent.kb.search import lifecycle, searcher

QUERIES = ["werkenden", "meisjes", "techniek", "stages", "docenten", "regio", "LLO",
           "internationale studenten", "praktijkleren", "bedrijven", "talent", "mbo"]


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _searches(kb, data_dir, count) -> list[float]:
    times = []
    for n in range(count):
        started = time.perf_counter()
        search(kb, QUERIES[n % len(QUERIES)], data_dir=data_dir, page=1 + n % 3)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-checksums-"))
    kb = kb_package.load(None, data_dir)
    folder = build_index(kb, data_dir)
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    _searches(kb, data_dir, 50)                        # warm: searcher and bitsets

    real_verify = manifest.verify
    with_check, without = [], []
    for _ in range(args.rounds):                       # interleaved: same load on both
        with_check += _searches(kb, data_dir, args.queries)
        searcher.manifest.verify = lifecycle.manifest.verify = lambda folder: []
        without += _searches(kb, data_dir, args.queries)
        searcher.manifest.verify = lifecycle.manifest.verify = real_verify

    cold = []
    for _ in range(20):
        manifest.forget(folder)
        started = time.perf_counter()
        assert manifest.verify(folder) == []
        cold.append((time.perf_counter() - started) * 1000)
    warm = []
    for _ in range(2000):
        started = time.perf_counter()
        manifest.verify(folder)
        warm.append((time.perf_counter() - started) * 1000)
    close_searchers()

    print(f"index: {len(manifest.read(folder))} files, {size / 1e6:.2f} MB")
    for name, values in (("search with checksum check", with_check),
                         ("search without it", without)):
        print(f"{name:28s} median {statistics.median(values):6.2f} ms   "
              f"p95 {_percentile(values, 0.95):6.2f} ms   ({len(values)} searches)")
    print(f"check, unchanged folder      median {statistics.median(warm) * 1000:6.1f} µs   "
          f"p95 {_percentile(warm, 0.95) * 1000:6.1f} µs")
    print(f"check after a change (hash)  median {statistics.median(cold):6.2f} ms   "
          f"p95 {_percentile(cold, 0.95):6.2f} ms")


if __name__ == "__main__":
    main()
