"""Words per second of newsgraph.analyze beside raw spaCy (nlp.pipe, same model, all components) on
the same texts in the same run, their ratio, and peak RSS. Prints a table."""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def texts() -> list[str]:
    found = sorted(EVAL.glob("*/*.txt")) + sorted((ROOT / "samples").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in found]


def words(batch: list[str]) -> int:
    return sum(len(t.split()) for t in batch)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3, help="copies of the corpus per round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds; the best is reported")
    args = ap.parse_args()

    from newsgraph import analyze, analyze_many
    from newsgraph.pipeline import raw_nlp

    corpus = texts() * args.repeat
    n_words = words(corpus)
    nlp = raw_nlp()
    list(nlp.pipe(corpus[:2]))
    analyze(corpus[0])  # load newsgraph's pipeline and knowledge base
    rss_loaded = peak_rss_mb()

    t_raw = timed(lambda: list(nlp.pipe(corpus)), args.rounds)
    t_one = timed(lambda: [analyze(t) for t in corpus], args.rounds)
    t_many = timed(lambda: list(analyze_many({"text": t} for t in corpus)), args.rounds)

    rows = [
        ("raw spaCy nlp.pipe", t_raw),
        ("newsgraph analyze (one by one)", t_one),
        ("newsgraph analyze_many (batched)", t_many),
    ]
    print(f"{len(corpus)} texts, {n_words} words, best of {args.rounds} rounds")
    print(f"{'run':36} {'seconds':>8} {'words/s':>9} {'vs raw':>7}")
    for name, t in rows:
        print(f"{name:36} {t:8.2f} {n_words / t:9.0f} {t_raw / t:7.2f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (after loading both pipelines: {rss_loaded:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
