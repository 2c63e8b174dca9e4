"""Benchmark of the evidence search against SQLite FTS5, on synthetic corpora.

    python bench/bench_search.py [--sizes 20000,100000] [--queries 200] [--budget 900]
                                 [--agreement 30] [--english]

For each size it builds a synthetic knowledge base shaped like the real one — the
real vocabularies and building blocks (read from kb/data), a few hundred
interventions, and N evidence sources with a Dutch-ish title, a ~100-word Dutch-ish
summary, an English title, alternative labels and facets (`--english` adds a 50-word
English summary to each) — then:

1. builds the whoosh index with `build_index` (two processes) and reports the wall
   and CPU time (the machine may be shared: the load average is printed) and the
   index size;
2. runs the same mixed queries (plain words, concept names that expand, phrases,
   typos, facet filters) through `search()` — ranked hits, expansion, total, all
   six facet counts and snippets — and reports median and p95 latency, and for the
   first queries how many of the top 10 equal exhaustive BM25F scoring;
3. does the same work with SQLite FTS5 (stdlib sqlite3) in the same run: the query
   expanded with the same labels, bm25 ranking with the same field weights, the
   total, the facet counts and snippets; reports its latencies, the latency of its
   ranking step alone, and the ratios;
4. times how long a single-source update takes to be visible to a new searcher.

The run is bounded: sizes whose estimated build would overrun `--budget` seconds
are skipped (and said so). Everything is written to a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from chiptalent.kb.loader import BUNDLED_KB
from chiptalent.kb.model import (BuildingBlock, Concept, EvidenceSource, Intervention,
                                 KnowledgeBase)

# The installed package's knowledge base, so the script runs from any folder.
KB_DATA = BUNDLED_KB
SEED = 20240601

# Dutch domain words the real summaries use; the rest of the vocabulary is made of
# compounds and pseudo-words so that the term distribution has a long Zipf tail.
DUTCH = """techniek technisch onderwijs opleiding opleidingen student studenten leerlingen
jongeren docenten bedrijf bedrijven werkgevers regio regionale microchip chip chips
halfgeleider halfgeleiders sector arbeidsmarkt instroom uitstroom doorstroom stage stages
werkplek praktijk praktijkleren leerbaan leerbanen omscholing bijscholing scholing
onderzoek rapport analyse monitor cijfers aantal aantallen groei tekort tekorten vraag
aanbod talent talenten internationaal internationale buitenlandse kenniswerkers expats
vrouwen meisjes meiden diversiteit inclusie loopbaan keuze studiekeuze voorlichting
ouders school scholen mbo hbo wo universiteit hogeschool curriculum vaardigheden kwaliteit
samenwerking netwerk partners overheid gemeente provincie ministerie beleid programma
subsidie financiering kosten evaluatie effect effecten resultaten succes uitval
switchers begeleiding coaching mentor rolmodel rolmodellen imago aantrekkelijkheid
huisvesting wonen kamers lerarentekort instructeurs werkenden werkzoekenden nieuwkomers
statushouders uitkering bijstand zij-instromers volwassenen levenlang ontwikkelen blijven
binding stayrate alumni afgestudeerden starters banen vacatures salaris carrière
innovatie hightech fotonica lithografie cleanroom elektronica software mechatronica
engineering ingenieurs technici operators monteurs vakmensen vakmanschap""".split()

ENGLISH = """technology education students industry labour market graduates retention
skills training reskilling upskilling women girls diversity international talent
workforce shortage semiconductor chips region companies employers programme evaluation
effect outcomes research report survey data growth demand supply teachers apprenticeships
internships career guidance housing migrants newcomers lifelong learning""".split()

STOP = "de het een en van in op voor met aan te is dat die om bij door als naar".split()


def _pseudo_words(rng: random.Random, n: int) -> list[str]:
    syll = ["ka", "ver", "sto", "lin", "me", "ter", "ont", "wik", "ke", "ling", "schap",
            "heid", "be", "ge", "ra", "tie", "da", "mo", "plan", "werk", "leer", "gang"]
    words = set()
    while len(words) < n:
        if rng.random() < 0.4:
            words.add(rng.choice(DUTCH) + rng.choice(DUTCH))       # Dutch compounds
        else:
            words.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Vocabulary:
    """Zipf-distributed Dutch-ish and English words."""

    def __init__(self, rng: random.Random, size: int = 30000):
        self.rng = rng
        self.nl = DUTCH + _pseudo_words(rng, size)
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(self.nl))]
        self.nl_cum = list(_accumulate(weights))
        self.en = ENGLISH
        self.en_cum = list(_accumulate([1.0 / (r + 1) for r in range(len(ENGLISH))]))

    def nl_words(self, k: int) -> list[str]:
        return self.rng.choices(self.nl, cum_weights=self.nl_cum, k=k)

    def en_words(self, k: int) -> list[str]:
        return self.rng.choices(self.en, cum_weights=self.en_cum, k=k)


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def _sentence(words: list[str], rng: random.Random) -> str:
    out = []
    for w in words:
        out.append(w)
        if rng.random() < 0.35:
            out.append(rng.choice(STOP))
    text = " ".join(out)
    return text[:1].upper() + text[1:] + "."


def real_vocabularies() -> tuple[dict, dict]:
    """The real vocabularies and building blocks, read straight from the YAML."""
    vocabularies: dict[str, dict[str, Concept]] = {}
    for path in sorted((KB_DATA / "vocabularies").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        scheme = doc["scheme"]
        vocabularies[scheme] = {
            str(c["id"]): Concept(id=str(c["id"]), scheme=scheme, label=c.get("label", ""),
                                  label_en=c.get("label_en", ""),
                                  alt_labels=[str(a) for a in c.get("alt_labels") or []])
            for c in doc.get("concepts") or []}
    blocks = {}
    doc = yaml.safe_load((KB_DATA / "building_blocks.yaml").read_text(encoding="utf-8"))
    for b in doc["building_blocks"]:
        blocks[str(b["id"])] = BuildingBlock(id=str(b["id"]), label=b["label"],
                                             label_en=b["label_en"], heading=b["heading"],
                                             alt_labels=list(b.get("alt_labels") or []))
    return vocabularies, blocks


def synthetic_kb(n_sources: int, seed: int = SEED, english: bool = False) -> KnowledgeBase:
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    vocabularies, blocks = real_vocabularies()
    groups = sorted(vocabularies.get("target_group", {}))
    levels = ["po", "vo", "mbo", "hbo", "wo", "phd"]
    goals = sorted(vocabularies.get("goal", {}))
    block_ids = sorted(blocks)
    # Words people search with: the vocabularies' labels, sprinkled into summaries
    # so expansion and concept annotation have something to do.
    label_words = [label for scheme in ("target_group", "goal")
                   for c in vocabularies.get(scheme, {}).values() for label in c.alt_labels]
    interventions = {}
    for i in range(300):
        block = rng.choice(block_ids)
        iid = f"{block.lower()}-synth-{i}"
        interventions[iid] = Intervention(
            id=iid, label=" ".join(rng.sample(vocab.nl[200:3000], 4)).capitalize(),
            label_en=" ".join(vocab.en_words(4)).capitalize(), building_block=block,
            description=_sentence(vocab.nl_words(40), rng),
            description_en=_sentence(vocab.en_words(30), rng),
            # Alternative labels are distinctive names, as in the real KB: words from
            # the vocabulary's tail, not its most frequent words.
            alt_labels=[rng.choice(vocab.nl[2000:]), " ".join(rng.sample(vocab.nl[500:], 2))],
            target_groups=rng.sample(groups, 2),
            levels=rng.sample(levels[2:], 2), goals=rng.sample(goals, 1))
    intervention_ids = sorted(interventions)
    publishers = [f"Uitgever {vocab.nl[i].capitalize()}" for i in range(150)] + \
        ["Nuffic", "CBS", "ROA", "VHTO", "PTvT", "SEO", "CPB", "OECD", "TNO", "Techniekpact"]
    strengths = ["causal", "quasi-experimental", "indicative", "descriptive", "expert-opinion"]
    evidence = {}
    for n in range(n_sources):
        words = vocab.nl_words(rng.randint(70, 95))
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randrange(len(words)), rng.choice(label_words))
        language = "en" if rng.random() < 0.2 else "nl"
        sid = f"bron-{n:06d}"
        evidence[sid] = EvidenceSource(
            id=sid, title=" ".join(vocab.nl_words(rng.randint(5, 10))).capitalize(),
            title_en=" ".join(vocab.en_words(6)).capitalize(),
            publisher=rng.choice(publishers), language=language,
            type=rng.choice(["report", "study", "statistics", "evaluation", "dataset"]),
            summary=_sentence(words, rng),
            summary_en=_sentence(vocab.en_words(50), rng) if english else "",
            alt_labels=[rng.choice(vocab.nl[1000:]) for _ in range(rng.randint(0, 3))],
            strength=rng.choice(strengths),
            interventions=rng.sample(intervention_ids, rng.randint(0, 2)),
            building_blocks=rng.sample(block_ids, rng.randint(1, 2)),
            target_groups=rng.sample(groups, rng.randint(1, 3)),
            levels=rng.sample(levels, rng.randint(1, 3)), year=rng.randint(2010, 2024))
    return KnowledgeBase(building_blocks=blocks, vocabularies=vocabularies,
                         interventions=interventions, evidence=evidence, regions={},
                         national={}, fingerprint=f"bench-{n_sources}-{seed}-{int(english)}")


def mixed_queries(kb: KnowledgeBase, n: int, seed: int = SEED + 1) -> list[dict]:
    """Plain words, concept names, phrases, typos, with and without facet filters."""
    rng = random.Random(seed)
    vocab = Vocabulary(random.Random(SEED))
    concepts = [label for scheme in ("target_group", "goal", "level")
                for c in kb.vocabularies.get(scheme, {}).values()
                for label in [c.label, *c.alt_labels][:4]]
    publishers = sorted({s.publisher for s in kb.evidence.values()})
    groups = sorted(kb.vocabularies.get("target_group", {}))
    queries = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            text = " ".join(vocab.nl_words(rng.randint(1, 3)))
        elif kind == 1:
            text = rng.choice(concepts)
        elif kind == 2:
            text = rng.choice(concepts) + " " + " ".join(vocab.nl_words(1))
        elif kind == 3:
            words = vocab.nl_words(2)
            text = f'"{words[0]} {words[1]}"' if rng.random() < 0.5 else " ".join(words)
        else:
            word = rng.choice(DUTCH[:120])
            pos = rng.randrange(1, len(word))
            text = word[:pos] + word[pos + 1:] if len(word) > 4 else word   # a typo
        filters = {}
        roll = rng.random()
        if roll < 0.25:
            filters["building_block"] = rng.choice(sorted(kb.building_blocks))
        elif roll < 0.40:
            filters["target_group"] = rng.choice(groups)
        elif roll < 0.50:
            filters["publisher"] = rng.choice(publishers)
        elif roll < 0.55:
            filters["language"] = "en"
        queries.append({"text": text, "filters": filters})
    return queries


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# --- whoosh ------------------------------------------------------------------

def _cpu_now() -> float:
    import resource
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bench_whoosh(kb, queries, data_dir: Path, agreement_queries: int) -> dict:
    from chiptalent.kb.search import build_index, search
    from chiptalent.kb.search import ranking
    from chiptalent.kb.search.builder import default_procs
    from chiptalent.kb.search.documents import count_documents
    from chiptalent.kb.search.searcher import close_all

    last = [0.0]

    def progress(done, total):
        now = time.perf_counter()
        if now - last[0] > 10:
            print(f"    indexed {done}/{total}", file=sys.stderr)
            last[0] = now

    load_before = os.getloadavg()[0]
    cpu0, t0 = _cpu_now(), time.perf_counter()
    path = build_index(kb, data_dir, progress=progress)
    build = time.perf_counter() - t0
    build_cpu = _cpu_now() - cpu0
    size = dir_size(path)

    t0 = time.perf_counter()
    search(kb, "techniek", data_dir=data_dir)          # opens the index, fills caches
    first = time.perf_counter() - t0
    for q in queries[:20]:                            # warm-up, as a server would be
        search(kb, q["text"], data_dir=data_dir, **q["filters"])
    latencies, totals, tops = [], [], []
    for q in queries:
        t0 = time.perf_counter()
        result = search(kb, q["text"], data_dir=data_dir, **q["filters"])
        latencies.append(time.perf_counter() - t0)
        totals.append(result["total"])
        tops.append([h["id"] for h in result["hits"]])

    # Two-phase ranking against scoring every match exactly (whoosh's BM25F).
    same, compared = 0, 0
    saved = ranking.EXACT_ALL
    ranking.EXACT_ALL = 10 ** 9
    try:
        for q, top in list(zip(queries, tops))[:agreement_queries]:
            exact = search(kb, q["text"], data_dir=data_dir, **q["filters"])
            want = [h["id"] for h in exact["hits"]]
            same += len(set(top) & set(want))
            compared += len(want)
    finally:
        ranking.EXACT_ALL = saved

    # A single-source update, timed until a new searcher sees it.
    from chiptalent.kb.search import update_source
    source = next(iter(kb.evidence.values()))
    edited = type(source)(**{f: getattr(source, f) for f in source.__slots__})
    edited.summary = source.summary + " zeldzaamwoordxyz"
    t0 = time.perf_counter()
    update_source(kb, edited, data_dir=data_dir)
    committed = time.perf_counter() - t0
    seen = None
    while time.perf_counter() - t0 < 10:
        if search(kb, "zeldzaamwoordxyz", data_dir=data_dir)["total"]:
            seen = time.perf_counter() - t0
            break
    close_all()
    return {"build": build, "build_cpu": build_cpu, "load": load_before,
            "procs": default_procs(count_documents(kb)), "size": size, "first": first,
            "latencies": latencies, "totals": totals, "commit": committed, "visible": seen,
            "agreement": same / compared if compared else 1.0, "compared": compared}


# --- SQLite FTS5 ---------------------------------------------------------------

FTS_FIELDS = ("title", "title_en", "labels", "body", "body_en")
FTS_WEIGHTS = (3.0, 2.5, 2.0, 1.0, 0.8)
FACET_FIELDS = ("building_block", "target_group", "level", "publisher", "language",
                "strength")


def _fts_phrase(text: str) -> str | None:
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split()]
    if not words:
        return None
    return '"' + " ".join(words) + '"'


def bench_fts5(kb, queries, workdir: Path) -> dict:
    from chiptalent.kb.search.expand import lexicon_for

    db_path = workdir / "fts.sqlite"
    con = sqlite3.connect(db_path)
    t0 = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(" + ", ".join(FTS_FIELDS) +
                ", tokenize='unicode61 remove_diacritics 2')")
    con.execute("CREATE TABLE facet(doc INTEGER, field TEXT, value TEXT)")
    rows, facets = [], []
    for rowid, source in enumerate(kb.evidence.values(), 1):
        rows.append((rowid, source.title, source.title_en or "",
                     " ".join(source.alt_labels) + " " + source.publisher,
                     source.summary, source.summary_en))
        for field, values in (("building_block", source.building_blocks),
                              ("target_group", source.target_groups),
                              ("level", source.levels), ("publisher", [source.publisher]),
                              ("language", [source.language]),
                              ("strength", [source.strength])):
            facets.extend((rowid, field, v) for v in values)
    con.executemany("INSERT INTO fts(rowid, title, title_en, labels, body, body_en) "
                    "VALUES (?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO facet VALUES (?,?,?)", facets)
    con.execute("CREATE INDEX facet_fv ON facet(field, value, doc)")
    con.execute("CREATE INDEX facet_doc ON facet(doc, field, value)")
    con.commit()
    build = time.perf_counter() - t0
    size = db_path.stat().st_size
    lexicon = lexicon_for(kb)
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)

    con.execute("CREATE TEMP TABLE hits(doc INTEGER PRIMARY KEY, score REAL)")

    def run(q):
        # The same work as search(): expanded query, filters, total, top 10 by bm25
        # with the same field weights, snippets of those 10, six facet counts.
        # (Matches go to a temporary table first: with `rowid IN (...)` beside
        # MATCH, SQLite may run the full-text query once per filtered row.)
        expansion = lexicon.expand(q["text"])
        parts = [p for p in [_fts_phrase(w) for w in q["text"].split()]
                 + [_fts_phrase(label) for label in expansion.labels] if p]
        con.execute("DELETE FROM hits")
        if not parts:
            return 0
        match = " OR ".join(parts)
        con.execute(f"INSERT INTO hits SELECT rowid, bm25(fts, {weights}) FROM fts "
                    "WHERE fts MATCH ?", (match,))
        for name, value in q["filters"].items():
            con.execute("DELETE FROM hits WHERE doc NOT IN "
                        "(SELECT doc FROM facet WHERE field=? AND value=?)", (name, value))
        total = con.execute("SELECT count(*) FROM hits").fetchone()[0]
        top = con.execute("SELECT doc FROM hits ORDER BY score LIMIT 10").fetchall()
        for (doc,) in top:
            con.execute("SELECT snippet(fts, 3, '<b class=\"match\">', '</b>', ' … ', 24) "
                        "FROM fts WHERE fts MATCH ? AND rowid = ?", (match, doc)).fetchall()
        con.execute("SELECT f.field, f.value, count(*) FROM hits h JOIN facet f "
                    "ON f.doc = h.doc GROUP BY f.field, f.value").fetchall()
        return total

    def rank_only(q):
        expansion = lexicon.expand(q["text"])
        parts = [p for p in [_fts_phrase(w) for w in q["text"].split()]
                 + [_fts_phrase(label) for label in expansion.labels] if p]
        if parts:
            con.execute(f"SELECT rowid, bm25(fts, {weights}) AS s FROM fts "
                        "WHERE fts MATCH ? ORDER BY s LIMIT 10", (" OR ".join(parts),)).fetchall()

    for q in queries[:20]:
        run(q)
    latencies, totals, ranking_only = [], [], []
    for q in queries:
        t0 = time.perf_counter()
        totals.append(run(q))
        latencies.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rank_only(q)
        ranking_only.append(time.perf_counter() - t0)
    con.close()
    return {"build": build, "size": size, "latencies": latencies, "totals": totals,
            "ranking_only": ranking_only}


# --- main ----------------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--agreement", type=int, default=30,
                        help="queries whose top 10 are compared with exhaustive scoring")
    parser.add_argument("--english", action="store_true",
                        help="give every source a 50-word English summary as well")
    parser.add_argument("--budget", type=float, default=900.0,
                        help="skip sizes whose estimated run would exceed this (seconds)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    rate = None                                     # seconds per source, measured
    workdir = Path(tempfile.mkdtemp(prefix="chiptalent-bench-"))
    os.environ["CHIPTALENT_DATA_DIR"] = str(workdir / "data")
    print(f"cpus: {os.cpu_count()}  python {sys.version.split()[0]}")
    try:
        for n in sizes:
            spent = time.perf_counter() - started
            if rate is not None and spent + rate * n > args.budget:
                print(f"\n== {n} sources: skipped, estimated {rate * n:.0f} s exceeds "
                      f"the remaining budget ({args.budget - spent:.0f} s)")
                continue
            t_size = time.perf_counter()
            print(f"\n== {n} sources")
            t0 = time.perf_counter()
            kb = synthetic_kb(n, english=args.english)
            queries = mixed_queries(kb, args.queries)
            print(f"  corpus generated in {time.perf_counter() - t0:.1f} s "
                  f"({len(kb.evidence)} sources, {len(kb.interventions)} interventions)")
            w = bench_whoosh(kb, queries, workdir / f"data-{n}", args.agreement)
            f = bench_fts5(kb, queries, workdir)
            (workdir / "fts.sqlite").unlink(missing_ok=True)
            wp95, fp95 = percentile(w["latencies"], 95), percentile(f["latencies"], 95)
            rp95 = percentile(f["ranking_only"], 95)
            print(f"  whoosh build    {w['build']:.1f} s wall, {w['build_cpu']:.1f} s CPU "
                  f"(procs={w['procs']}; load average {w['load']:.1f} on {os.cpu_count()} "
                  f"cores before it), index {w['size'] / 1e6:.1f} MB, "
                  f"first search {ms(w['first'])}")
            print(f"  whoosh search   median {ms(statistics.median(w['latencies']))}, "
                  f"p95 {ms(wp95)}, max {ms(max(w['latencies']))} "
                  f"({len(queries)} queries, mean total {statistics.mean(w['totals']):.0f}); "
                  f"top 10 = exhaustive scoring for {w['agreement']:.1%} "
                  f"of {w['compared']} hits")
            print(f"  fts5 build      {f['build']:.1f} s, db {f['size'] / 1e6:.1f} MB")
            print(f"  fts5 search     median {ms(statistics.median(f['latencies']))}, "
                  f"p95 {ms(fp95)}, max {ms(max(f['latencies']))} "
                  f"(mean total {statistics.mean(f['totals']):.0f}); ranking alone "
                  f"(MATCH ... ORDER BY bm25 LIMIT 10): median "
                  f"{ms(statistics.median(f['ranking_only']))}, p95 {ms(rp95)}")
            print(f"  ratio p95       {wp95 / fp95:.2f}x FTS5 doing the same work, "
                  f"{wp95 / rp95:.2f}x FTS5 ranking alone")
            visible = "not within 10 s" if w["visible"] is None else ms(w["visible"])
            print(f"  update          committed in {ms(w['commit'])}, "
                  f"visible to a new searcher after {visible}")
            rate = (time.perf_counter() - t_size) / n
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
