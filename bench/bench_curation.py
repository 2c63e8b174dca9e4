"""Benchmark: an edit is visible in search within 1 s with 10,000 sources in the index.

Builds a synthetic knowledge base in a temporary directory (a seeded copy of the
bundled KB plus 10,000 generated evidence sources), loads it and builds its search
index (untimed), then times, several times over:
- the edit itself through the curation store (lock, read, version check, schema,
  references and SHACL, atomic write, change log, fingerprints, derived KB, cache,
  index carried forward and updated);
- a search for the new title with a new searcher (this thread's open indexes closed
  first), through the store's KB and through `chiptalent.kb.load(fresh=True)`, the
  path another process takes.
Target (issue 9): edit + search under 1 s. Run:
    python bench/bench_curation.py [--sources 10000] [--edits 5]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

WORDS = ("talent chip onderwijs stage techniek regio scholing werkgever vrouwen "
         "omscholing arbeidsmarkt praktijk docent leerling halfgeleider").split()


def make_sources(kb_dir: Path, count: int, interventions: list[str]) -> None:
    import yaml
    rnd = random.Random(9)
    folder = kb_dir / "evidence"
    folder.mkdir(exist_ok=True)
    for n in range(count):
        sid = f"synth-{n:05d}"
        doc = {"id": sid,
               "title": f"Synthetische bron {n} over " + " ".join(rnd.sample(WORDS, 3)),
               "publisher": f"Uitgever {n % 40}", "url": None, "year": 2000 + n % 25,
               "language": "nl", "type": "report",
               "summary": " ".join(rnd.choices(WORDS, k=40)) + ".",
               "strength": "descriptive", "strength_reason": "Synthetische bron.",
               "interventions": rnd.sample(interventions, 2), "building_blocks": ["2"],
               "target_groups": ["youth"], "levels": ["mbo"], "in_seed": False,
               "status": "reviewed", "version": 1}
        (folder / f"{sid}.yaml").write_text(
            yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="chiptalent-bench-curation-"))
    os.environ["CHIPTALENT_DATA_DIR"] = str(root / "data")
    try:
        from chiptalent import kb as kb_package
        from chiptalent.kb.curation import EvidenceStore, seed_kb_copy
        from chiptalent.kb.loader import BUNDLED_KB, load_kb
        from chiptalent.kb.search import build_index, close_searchers, search

        kb_dir = seed_kb_copy(root / "kb")
        interventions = sorted(load_kb(BUNDLED_KB).interventions)
        start = time.perf_counter()
        make_sources(kb_dir, args.sources, interventions)
        total = len(list((kb_dir / "evidence").glob("*.yaml")))
        print(f"synthetic KB: {total:,} evidence sources "
              f"({time.perf_counter() - start:.1f} s to write)")
        store = EvidenceStore(kb_dir, data_dir=root / "data")
        start = time.perf_counter()
        knowledge = store.kb
        print(f"first load (YAML, schema):    {time.perf_counter() - start:6.2f} s")
        start = time.perf_counter()
        build_index(knowledge, root / "data")
        print(f"index build ({len(knowledge.evidence):,} sources): "
              f"{time.perf_counter() - start:6.2f} s")

        edit_times, search_times, fresh_times, totals = [], [], [], []
        for n in range(args.edits):
            sid = f"synth-{(n * 977) % args.sources:05d}"
            word = f"zeldzaambenchwoord{n}"
            version = store.get(sid).version
            t0 = time.perf_counter()
            change = store.edit(sid, {"title": f"Herziene bron {word} over chips"},
                                base_version=version, user="bench",
                                reason="benchmark-bewerking")
            t1 = time.perf_counter()
            close_searchers()                     # a new searcher
            result = search(store.kb, word, data_dir=root / "data")
            t2 = time.perf_counter()
            assert change.indexed == "updated", change.indexed
            assert [h["id"] for h in result["hits"]] == [sid], result["hits"][:3]
            close_searchers()
            fresh = kb_package.load(kb_dir, root / "data", fresh=True)
            again = search(fresh, word, data_dir=root / "data")
            t3 = time.perf_counter()
            assert [h["id"] for h in again["hits"]] == [sid]
            edit_times.append(t1 - t0)
            search_times.append(t2 - t1)
            fresh_times.append(t3 - t2)
            totals.append(t2 - t0)

        def fmt(values):
            return (f"median {statistics.median(values) * 1000:7.1f} ms   "
                    f"max {max(values) * 1000:7.1f} ms")
        print(f"edit through the store:       {fmt(edit_times)}")
        print(f"search, new searcher:         {fmt(search_times)}")
        print(f"edit + search (target < 1 s): {fmt(totals)}")
        print(f"fresh load + search (another process's path): {fmt(fresh_times)}")
    finally:
        try:
            from chiptalent.kb.search import close_searchers
            close_searchers()
        except Exception:
            pass
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
