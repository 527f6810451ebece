"""Read-only connections to the store, one per request.

DuckDB lets one process write a store file and no other process open it meanwhile, so a server that
held a connection open would stop `newsgraph ingest` from starting, and one that opened the store while
an ingest runs would fail. Each request therefore opens its own read-only connection and closes it
when done; when the store is locked by a writer it retries for a moment (`wait` seconds) and then
raises `StoreBusy`, which the app answers with 503 and a message saying so."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..store.db import Store, StoreError


class StoreUnavailable(StoreError):
    """The store cannot be opened: it does not exist yet, or it is not a newsgraph store."""


class StoreBusy(StoreUnavailable):
    """Another process (an ingest) is writing to the store."""


def _locked(exc: StoreError) -> bool:
    # store.db.connect turns DuckDB's lock conflict into "... is in use by another process ..."
    return "in use" in exc.message


@contextmanager
def reading(path: str | Path, wait: float = 1.5) -> Iterator:
    """A read-only DuckDB connection to the store at `path`, closed on exit."""
    deadline = time.monotonic() + max(0.0, wait)
    delay = 0.05
    while True:
        try:
            store = Store(path, read_only=True)
            break
        except StoreError as exc:
            if not _locked(exc):
                raise StoreUnavailable(exc.message) from None
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"the store {Path(path).name} is busy: another process (an ingest) is writing to it. "
                    "Try again when it has finished."
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
    try:
        yield store.con
    finally:
        store.close()
