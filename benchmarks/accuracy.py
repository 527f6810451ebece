"""Prints the scorer's table for ../shared/eval/seed and ../shared/eval/dev (newsgraph evaluate)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newsgraph.cli import evaluate_dir
from newsgraph.evaluate import table

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT.parent / "shared" / "eval" / "seed", ROOT.parent / "shared" / "eval" / "dev"]


def main() -> int:
    for folder in (Path(a) for a in sys.argv[1:]) if len(sys.argv) > 1 else FOLDERS:
        if not folder.is_dir():
            print(f"{folder}: not found, skipped")
            continue
        t0 = time.perf_counter()
        total, n = evaluate_dir(folder, None)
        print(f"== {folder} ({n} documents, {time.perf_counter() - t0:.1f} s)")
        print(table(total, n))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
