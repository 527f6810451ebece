"""Runners: the same analysis (`analyze_many`, then rows for the store) in this process, in a local
process pool, or on an existing Dask cluster. Each takes an iterable of chunks (lists of article dicts)
and yields one ChunkResult per chunk, in input order, keeping only a bounded number of chunks in flight,
so memory stays flat however long the input is."""

from __future__ import annotations

import os
import shutil
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .errors import InputError


@dataclass
class ChunkResult:
    tables: dict[str, pa.Table]
    failures: list[tuple[str, str]] = field(default_factory=list)
    shard_files: list[str] = field(default_factory=list)

    def cleanup(self) -> None:
        """Remove the chunk's Parquet shards (Dask runs) once the store has committed them."""
        for f in self.shard_files:
            try:
                os.remove(f)
            except FileNotFoundError:
                pass


def warm() -> None:
    """Load the model and the knowledge base in this process (once)."""
    from .pipeline import analyze

    analyze("Warm-up.")


def analyze_chunk(items: list[dict]) -> ChunkResult:
    """Analyse a chunk of article dicts (text, title, published, source, url, origin, kind) and turn the
    analyses into store tables. An article whose analysis raises is reported, not fatal."""
    from .pipeline import analyze, analyze_many
    from .store.rows import TableBuilder

    builder, failures = TableBuilder(), []
    try:
        analyses = list(analyze_many(items))
    except Exception:
        analyses = []
        for it in items:
            try:
                analyses.append(
                    analyze(it["text"], it.get("published"), it.get("source"), it.get("title"), it.get("url"))
                )
            except Exception as exc:
                analyses.append(None)
                failures.append((it.get("origin") or "?", f"analysis failed ({exc.__class__.__name__}: {exc})"[:300]))
    for it, analysis in zip(items, analyses):
        if analysis is not None:
            builder.add(analysis, it.get("origin"), it.get("kind"))
    return ChunkResult(builder.tables(), failures)


def _ordered(submit, chunks: Iterable[list[dict]], window: int, result) -> Iterator[ChunkResult]:
    """Submit chunks, at most `window` in flight; yield results in input order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class LocalRunner:
    """Analyse in this process."""

    def run(self, chunks: Iterable[list[dict]]) -> Iterator[ChunkResult]:
        for chunk in chunks:
            yield analyze_chunk(chunk)

    def close(self) -> None:
        pass


class PoolRunner:
    """Analyse in `workers` local processes (spawned: each loads newsgraph once, in its initializer)."""

    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=warm)

    def run(self, chunks: Iterable[list[dict]]) -> Iterator[ChunkResult]:
        yield from _ordered(
            lambda c: self.pool.submit(analyze_chunk, c), chunks, 2 * self.workers + 1, lambda f: f.result()
        )

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def analyze_chunk_to_shards(items: list[dict], shard_dir: str, name: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Dask task: analyse a chunk and write its tables as Parquet shards `NAME.TABLE.parquet` in `shard_dir`
    (written under a temporary name, then renamed, so a shard is whole or absent). Returns the shard
    files and the failures."""
    import pyarrow.parquet as pq

    res = analyze_chunk(items)
    files = []
    for table, data in res.tables.items():
        final = os.path.join(shard_dir, f"{name}.{table}.parquet")
        tmp = final + ".part"
        pq.write_table(data, tmp)
        os.replace(tmp, final)
        files.append(final)
    return files, res.failures


def read_shards(files: list[str]) -> dict[str, pa.Table]:
    import pyarrow.parquet as pq

    from .store.schema import arrow_schema

    out = {}
    for f in files:
        table = Path(f).name.split(".")[-2]
        out[table] = pq.read_table(f, schema=arrow_schema(table))
    return out


class DaskRunner:
    """Analyse on an existing Dask cluster (`address` like tcp://HOST:PORT). Workers write Parquet shards
    into `shard_dir` (a folder next to the store, which the workers must be able to reach: on several
    machines, a shared file system); this process reads each shard back, in order, for the store."""

    def __init__(self, address: str, shard_dir: Path, timeout: float = 20.0):
        from dask.distributed import Client

        _check_reachable(address)
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {address} ({exc.__class__.__name__})") from None
        # The store is locked by this ingest, so shards left in its folder are from a killed run:
        # their documents are not in the store and are analysed again; the files go.
        for stale in Path(shard_dir).glob("run-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.run_dir = Path(shard_dir) / f"run-{uuid.uuid4().hex[:12]}"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.client.run(warm)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self._n = 0

    def _submit(self, chunk: list[dict]):
        self._n += 1
        name = f"chunk-{self._n:08d}"
        return self.client.submit(analyze_chunk_to_shards, chunk, str(self.run_dir), name, pure=False)

    def _result(self, future) -> ChunkResult:
        files, failures = future.result()
        return ChunkResult(read_shards(files), failures, files)

    def run(self, chunks: Iterable[list[dict]]) -> Iterator[ChunkResult]:
        yield from _ordered(self._submit, chunks, 2 * self.workers + 2, self._result)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            try:
                self.run_dir.parent.rmdir()  # only if no other run's shards are there
            except OSError:
                pass


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail at once, with one line, when nothing listens at a tcp:// scheduler address."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else "tcp://" + address)
    if parts.scheme != "tcp":
        return  # other transports (tls, inproc, ucx): let dask try
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or not port:
        raise InputError(f"--scheduler {address!r}: use tcp://HOST:PORT")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc.__class__.__name__})"
        ) from None


def make_runner(workers: int = 1, scheduler: str | None = None, shard_dir: Path | None = None):
    if scheduler:
        return DaskRunner(scheduler, shard_dir or Path("newsgraph.shards"))
    if workers and workers > 1:
        return PoolRunner(workers)
    return LocalRunner()
