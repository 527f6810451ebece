"""Ingest throughput: articles/s and words/s of `newsgraph ingest` with 1 worker, 2 worker processes and a
2-worker Dask LocalCluster, over a generated corpus (sentences of samples/corpus/articles.jsonl and
../shared/eval recombined into new articles); peak RSS; store size per 1,000 articles; and raw spaCy
(nlp.pipe, same model) words/s on the same texts for reference. Prints a table.

Every run is a full ingest into a fresh store, timed end to end: reading, analysis, writing, clustering
and the full-text index, and for the pool and Dask runs, starting the workers (each loads the model)."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SOURCES = ["Atlas Wire", "Meridian Post", "Granite Review", "Harbor Daily", "Northern Ledger"]


def sentences() -> list[str]:
    texts = []
    for line in (ROOT / "samples" / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line)["text"])
    texts += [p.read_text(encoding="utf-8") for p in sorted(EVAL.glob("*/*.txt"))]
    out = []
    for t in texts:
        for para in t.split("\n"):
            out += [s.strip() for s in re.split(r"(?<=[.!?\"”’])\s+(?=[A-Z\"“])", para) if len(s.split()) >= 5]
    return out


def generate(path: Path, n: int, seed: int = 7) -> tuple[int, int]:
    """Write n articles of 6 to 16 sentences each; returns (articles, words)."""
    pool = sentences()
    rng = random.Random(seed)
    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            picked = rng.sample(pool, rng.randint(6, 16))
            paras = [" ".join(picked[j : j + 3]) for j in range(0, len(picked), 3)]
            text = "\n\n".join(paras)
            words += len(text.split())
            rec = {
                "text": text,
                "title": " ".join(picked[0].split()[:10]),
                "published": f"2024-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}",
                "source": SOURCES[i % len(SOURCES)],
                "url": f"https://bench.test/{i}",
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n, words


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x ^= i * i
    return x


def parallel_capacity(n: int = 6_000_000) -> float:
    """How many cores this run really gets now: time of one CPU-bound task over the time of two run at
    once, times two (2.0 on an idle two-core machine, less when other work shares it)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        pool.map(_spin, [1000, 1000])
        t0 = time.perf_counter()
        pool.map(_spin, [n])
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        pool.map(_spin, [n, n], chunksize=1)
        two = time.perf_counter() - t0
    return 2 * one / two


def peak_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=2000, help="articles in the generated corpus (default 2000)")
    ap.add_argument("--batch", type=int, default=32, help="articles per batch (default 32)")
    ap.add_argument("--sample", type=int, default=300, help="articles for the analyze_many-alone row (default 300)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and stores")
    args = ap.parse_args()

    from newsgraph.ingest import ingest
    from newsgraph.pipeline import raw_nlp
    from newsgraph.scale import warm

    load_before = os.getloadavg()[0]
    capacity = parallel_capacity()
    tmp = Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    corpus = tmp / "corpus.jsonl"
    n_articles, n_words = generate(corpus, args.articles)
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    print(f"corpus: {n_articles} articles, {n_words} words ({n_words / n_articles:.0f} per article)")

    nlp = raw_nlp()
    list(nlp.pipe(texts[:4]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=args.batch):
        pass
    t_raw = time.perf_counter() - t0
    del nlp

    warm()  # the 1-worker run analyses in this process: load the model first, like a warmed worker
    from newsgraph import analyze_many

    sample = texts[: args.sample]
    t0 = time.perf_counter()
    for _ in analyze_many({"text": t} for t in sample):
        pass
    t_many = time.perf_counter() - t0
    w_sample = sum(len(t.split()) for t in sample)
    runs = []

    def run(name, **kw):
        db = tmp / f"{name.split()[0]}.duckdb"
        t0 = time.perf_counter()
        s = ingest([str(corpus)], db=db, batch_size=args.batch, progress=False, **kw)
        dt = time.perf_counter() - t0
        assert s.new == n_articles and s.failed == 0, s.report()
        runs.append((name, dt, store_bytes(db)))
        print(f"  {name}: {dt:.1f} s", file=sys.stderr, flush=True)

    run("1 worker (in process)")
    run("2 workers (process pool)", workers=2)
    if not args.skip_dask:
        from dask.distributed import LocalCluster

        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster:
            run("dask LocalCluster, 2 workers", scheduler=cluster.scheduler_address)

    one = runs[0][1]
    print()
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores; load average {load[0]:.1f} (before the runs {load_before:.1f}); "
        f"parallel capacity before the runs {capacity:.2f}x (2.00 when the machine is idle)"
    )
    print(f"{'run':32} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'vs 1 worker':>12} {'vs raw spaCy':>13}")
    print(
        f"{'raw spaCy nlp.pipe (reference)':32} {t_raw:8.1f} {n_articles / t_raw:11.1f} {n_words / t_raw:9.0f} {'':>12} {1:13.2f}"
    )
    print(
        f"{'analyze_many alone (no store)':32} {'':>8} {len(sample) / t_many:11.1f} {w_sample / t_many:9.0f} "
        f"{'':>12} {(w_sample / t_many) / (n_words / t_raw):13.2f}   (first {len(sample)} articles)"
    )
    for name, dt, _ in runs:
        print(f"{name:32} {dt:8.1f} {n_articles / dt:11.1f} {n_words / dt:9.0f} {one / dt:12.2f} {t_raw / dt:13.2f}")
    size = runs[0][2]
    print()
    print(
        f"store size: {size / 1e6:.1f} MB for {n_articles} articles = {size / n_articles * 1000 / 1e6:.1f} MB per 1,000 articles"
    )
    print(
        f"peak RSS: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB; largest worker process {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
