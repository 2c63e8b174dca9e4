"""Load test of the web app's search: waitress (8 threads) and 20 concurrent clients.

    .venv/bin/python bench/bench_web.py [--clients 20] [--duration 20] [--target-ms 150]

The server runs in a child process (its own interpreter and GIL, as in production),
serving the app under waitress on 127.0.0.1 and a free port, with the search index
built before the clock starts. Each client is a thread with one keep-alive
connection that searches, without pause, realistic queries — Dutch and English,
misspelt ones, empty ones with facet filters, page 2 — through the HTML search page
(most requests) and the JSON API. After a short warm-up it prints the number of
requests, the throughput, the p50/p95/p99 latency and the error count (any status
other than 200, or a failed connection), and exits 1 when p95 misses the target or
any request failed. `--cache-size 0` turns the app's result cache off, to measure
every search running through the index. CHIPTALENT_DATA_DIR (or --data-dir) says where the index goes;
by default a temporary directory.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]

# What advisers and regions type: Dutch first, English, misspelt, multi-word.
QUERIES = [
    "omscholing", "zij-instromers", "vrouwen in techniek", "meisjes techniek",
    "stayrate", "blijfkans internationale studenten", "huisvesting studenten",
    "docententekort", "hybride docenten", "praktijkleren bbl", "leven lang ontwikkelen",
    "microcredentials", "loopbaanoriëntatie vmbo", "uitval techniek", "nieuwkomers",
    "statushouders taal", "werkzoekenden", "kenniswerkers werven", "alumni",
    "stage bedrijven", "centra voor vakmanschap", "techniekpact", "doorstroom mbo hbo",
    "international students", "retraining", "women in STEM", "career switchers",
    "teacher shortage", "dual learning", "stay rate", "omscholng", "vrouwn techniek",
    "docenten", "onderwijs", "microchip", "semiconductor", "talent",
]
FILTERS = [
    {}, {}, {}, {"building_block": "1B"}, {"building_block": "3"}, {"level": "mbo"},
    {"target_group": "girls-women"}, {"target_group": "adult-learners"},
    {"kind": "evidence"}, {"language": "en"},
]


def free_port_server(args) -> None:
    """Child process: build the index, then serve on a free port (printed on stdout)."""
    import logging

    from waitress.server import create_server

    from chiptalent import kb as kb_package
    from chiptalent.webapp import create_app
    from chiptalent.webapp.server import ensure_index

    knowledge = kb_package.load(None, args.data_dir)
    ensure_index(knowledge, args.data_dir, open(os.devnull, "w"))
    app = create_app({"DATA_DIR": args.data_dir, "SEARCH_CACHE_SIZE": args.cache_size})
    # Under a deliberate overload waitress warns about its queue on every request.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = create_server(app, host="127.0.0.1", port=0, threads=args.threads,
                           connection_limit=200, channel_timeout=30)
    print(f"PORT {server.effective_port}", flush=True)
    server.run()


def make_request(rng: random.Random) -> str:
    query = rng.choice(QUERIES)
    params = {"q": query, **rng.choice(FILTERS)}
    if params.get("building_block") or params.get("target_group"):
        if rng.random() < 0.3:
            params["q"] = ""                       # browsing a facet, as the gap map does
    if rng.random() < 0.1:
        params["page"] = 2
    api = rng.random() < 0.25
    return ("/api/search?" if api else "/search?") + urlencode(params)


class Client(threading.Thread):
    def __init__(self, port: int, seed: int, start_at: float, stop_at: float):
        super().__init__(daemon=True)
        self.port, self.rng = port, random.Random(seed)
        self.start_at, self.stop_at = start_at, stop_at
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def run(self) -> None:
        conn = self.connect()
        while True:
            now = time.perf_counter()
            if now >= self.stop_at:
                break
            path = make_request(self.rng)
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Language": "nl"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = None
                conn.close()
                conn = self.connect()
                if began >= self.start_at:
                    self.errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - began
            if began < self.start_at:
                continue                              # warm-up
            self.latencies.append(elapsed)
            if status != 200:
                self.errors.append(f"{path}: HTTP {status}")
        conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds not measured")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--target-ms", type=float, default=150.0, help="p95 target")
    parser.add_argument("--cache-size", type=int, default=1024,
                        help="the app's search-result cache (0: every search runs)")
    parser.add_argument("--data-dir", default=os.environ.get("CHIPTALENT_DATA_DIR"))
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.serve:
        free_port_server(args)
        return 0

    tmp = None
    if not args.data_dir:
        tmp = tempfile.TemporaryDirectory(prefix="chiptalent-bench-")
        args.data_dir = tmp.name
    env = dict(os.environ, CHIPTALENT_DATA_DIR=args.data_dir)
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--threads", str(args.threads),
         "--cache-size", str(args.cache_size), "--data-dir", args.data_dir],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = child.stdout.readline()
        if not line.startswith("PORT "):
            print("bench_web: the server did not start", file=sys.stderr)
            return 2
        port = int(line.split()[1])
        begin = time.perf_counter()
        start_at = begin + args.warmup
        stop_at = start_at + args.duration
        clients = [Client(port, seed, start_at, stop_at) for seed in range(args.clients)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
        if tmp is not None:
            tmp.cleanup()

    latencies = [x for c in clients for x in c.latencies]
    errors = [e for c in clients for e in c.errors]
    ms = [x * 1000 for x in latencies]
    p50, p95, p99 = (percentile(ms, p) for p in (50, 95, 99))
    print(f"bench_web: {args.clients} clients, waitress threads={args.threads}, "
          f"result cache {args.cache_size or 'off'}, "
          f"{args.duration:.0f} s measured after {args.warmup:.0f} s warm-up, "
          f"{os.cpu_count()} CPUs")
    print(f"requests: {len(ms)}  throughput: {len(ms) / args.duration:.0f}/s  "
          f"errors: {len(errors)}")
    if ms:
        print(f"latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  "
              f"mean {statistics.fmean(ms):.1f}  max {max(ms):.1f}")
    for error in errors[:10]:
        print(f"  error: {error}")
    ok = bool(ms) and not errors and p95 < args.target_ms
    print(f"target p95 < {args.target_ms:.0f} ms and no errors: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
