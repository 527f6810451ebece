"""`ingest`: read sources, skip what the store holds already, analyse the rest (here, in a process pool or
on a Dask cluster) and write it batch by batch, one transaction per batch, then update the cross-article
clusters and the full-text index. Killed at any point and run again, it ends with the same store."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline import document_id
from .items import Article, Failure
from .readers import Reader

MAX_REPORTED_FAILURES = 500


@dataclass
class IngestSummary:
    read: int = 0  # articles read from the sources
    new: int = 0  # stored by this run
    unchanged: int = 0  # already in the store (or read twice)
    failed: int = 0  # files, records or articles that could not be read or analysed
    ignored: int = 0  # files of other types met in folders
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0

    def fail(self, origin: str, reason: str) -> None:
        self.failed += 1
        if len(self.failures) < MAX_REPORTED_FAILURES:
            self.failures.append((origin, reason))

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "new": self.new,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "ignored": self.ignored,
            "seconds": round(self.seconds, 3),
            "failures": [{"origin": o, "reason": r} for o, r in self.failures],
        }

    def report(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        lines = [
            f"read {self.read} · new {self.new} · unchanged {self.unchanged} · failed {self.failed}"
            + (f" · ignored {self.ignored} files of other types" if self.ignored else "")
            + f" · {self.seconds:.1f} s ({rate:.1f} articles/s)"
        ]
        if self.failures:
            reasons = Counter(r for _, r in self.failures)
            lines.append("failures:")
            lines.extend(f"  {o}: {r}" for o, r in self.failures)
            if self.failed > len(self.failures):
                lines.append(f"  … and {self.failed - len(self.failures)} more")
            if len(reasons) > 1 and self.failed > 20:
                lines.append("by reason: " + "; ".join(f"{r} ({n})" for r, n in reasons.most_common(5)))
        return "\n".join(lines)


def ingest(
    sources: list[str],
    db: str | Path = "newsgraph.duckdb",
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = 32,
    fields: dict[str, str] | None = None,
    fetch_delay: float = 1.0,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest `sources` (files, folders, feeds, URLs) into the store at `db`.

    workers > 1 analyses in that many local processes; `scheduler` ("tcp://HOST:PORT") on a Dask cluster,
    via Parquet shards in `<db>.shards/`. `batch_size` articles go to a worker at a time and are committed
    together. `fields` renames JSON fields (e.g. {"text": "body"}). `progress`: a bar on stderr (None: only
    on a terminal). `log` receives one line per committed batch. Returns the summary."""
    from ..scale import make_runner
    from ..store.db import Store

    t0 = time.perf_counter()
    summary = IngestSummary()
    db = Path(db)
    store = Store(db)
    reader = Reader(fields=fields, fetch_delay=fetch_delay)
    runner = None
    bar = _bar(progress)
    try:
        runner = make_runner(workers, scheduler, shard_dir=db.with_name(db.name + ".shards"))
        chunks = _new_chunks(reader.read(sources), store, summary, max(1, batch_size), bar)
        for n, result in enumerate(runner.run(chunks), 1):
            for origin, reason in result.failures:
                summary.fail(origin, reason)
            new, unchanged = store.write(result.tables)
            store.release()  # readers may open the store until the next batch is ready
            result.cleanup()
            summary.new += new
            summary.unchanged += unchanged
            summary.words += sum(result.tables["documents"].column("n_words").to_pylist())
            if log:
                log(f"batch {n}: {new} new, {unchanged} unchanged, {len(result.failures)} failed")
            _update(bar, summary, 0)
        summary.ignored = reader.ignored
        store.finish()
    finally:
        if bar is not None:
            bar.close()
        if runner is not None:
            runner.close()
        reader.close()
        store.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _new_chunks(
    items: Iterator[Article | Failure], store, summary: IngestSummary, size: int, bar
) -> Iterator[list[dict]]:
    """Group the readable articles into chunks of `size`, leaving out those the store already holds and
    repeats within a chunk (counted as unchanged); failures go straight to the summary."""
    pending: list[dict] = []

    def flush():
        ids = [it["_id"] for it in pending]
        known = store.existing(ids)
        chunk, seen = [], set()
        for it in pending:
            if it["_id"] in known or it["_id"] in seen:
                summary.unchanged += 1
            else:
                seen.add(it["_id"])
                chunk.append(it)
        pending.clear()
        return chunk

    for item in items:
        if isinstance(item, Failure):
            summary.fail(item.origin, item.reason)
            _update(bar, summary, 0)
            continue
        summary.read += 1
        _update(bar, summary, 1)
        d = item.as_item()
        d["_id"] = document_id(d["text"])
        pending.append(d)
        if len(pending) >= size:
            chunk = flush()
            if chunk:
                yield chunk
    if pending:
        chunk = flush()
        if chunk:
            yield chunk


def _bar(progress: bool | None):
    if progress is False:
        return None
    from tqdm import tqdm

    return tqdm(
        total=None,
        unit=" articles",
        desc="ingest",
        file=sys.stderr,
        disable=None if progress is None else False,
        dynamic_ncols=True,
        mininterval=0.5,
    )


def _update(bar, summary: IngestSummary, n: int) -> None:
    if bar is None or bar.disable:
        return
    bar.update(n)
    bar.set_postfix_str(f"new {summary.new} · unchanged {summary.unchanged} · failed {summary.failed}", refresh=False)
