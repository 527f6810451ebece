"""The DuckDB store: opening it (read-write or read-only), its schema, the batch writer (one transaction
per batch, idempotent by content hash), and the offline full-text index."""

from __future__ import annotations

import functools
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import NewsgraphError
from .schema import CONTESTED_VIEW, DERIVED, DOC_TABLES, SCHEMA_VERSION, TABLES, create_table_sql

DEFAULT_DB = "newsgraph.duckdb"
LOCK_WAIT_SECONDS = 5.0
# Never fetch or auto-load an extension from the network: fts is loaded from its PyPI package.
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class StoreError(NewsgraphError):
    """The store file cannot be opened, or a query on it failed."""

    code = "E003"


@functools.lru_cache(maxsize=1)
def fts_extension_path() -> str:
    """The fts extension file shipped by the `duckdb-extension-fts` package, for this DuckDB version."""
    import duckdb

    try:
        import duckdb_extension_fts
    except ImportError:
        raise StoreError("full-text search needs the duckdb-extension-fts package (pip install it)") from None
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    path = base / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.exists():
        found = sorted(base.glob("*/fts.duckdb_extension"))
        raise StoreError(
            f"duckdb-extension-fts has no build for DuckDB {duckdb.__version__} (found: "
            f"{', '.join(p.parent.name for p in found) or 'none'}); install the matching versions"
        )
    return str(path)


def connect(path: str | Path, read_only: bool = False):
    """A DuckDB connection to the store file, with one clear error for each way that can fail."""
    import duckdb

    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store (create it with `newsgraph ingest SOURCE --db {path}`)")
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a store file")
    if not read_only and not path.parent.exists():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    # A reader (a query, the web server) holds the file only briefly: wait a little for it.
    deadline = time.monotonic() + (0 if read_only else LOCK_WAIT_SECONDS)
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=_CONFIG)
            con.execute("SET enable_progress_bar = false")  # never print to the caller's stdout
            return con
        except duckdb.Error as exc:
            msg = str(exc).splitlines()[0]
            if "lock" not in msg.lower():
                raise StoreError(f"{path}: cannot open the store ({msg})") from None
            if time.monotonic() >= deadline:
                raise StoreError(f"{path}: the store is in use by another process (an ingest still running?)") from None
            time.sleep(0.2)


def load_fts(con) -> None:
    con.execute(f"LOAD '{fts_extension_path()}'")


class Store:
    """A newsgraph store. `Store(path)` opens (and creates) it for writing; `Store(path, read_only=True)`
    opens it for queries. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._con = connect(self.path, read_only)
        if read_only:
            self._check_schema()
        else:
            self._create()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def con(self):
        """The open connection; reopened (waiting for readers) after `release()`."""
        if self._con is None:
            self._con = connect(self.path, self.read_only)
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def release(self) -> None:
        """Let go of the file between batches, so that readers (`newsgraph serve`, queries) can open it while
        a long ingest runs; the next write reopens it."""
        self.close()

    # ------------------------------------------------------------------------------------ schema
    def _create(self) -> None:
        con = self.con
        con.execute("BEGIN")
        con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row and row[0] != SCHEMA_VERSION:
            con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: store schema {row[0]}, this newsgraph writes schema {SCHEMA_VERSION}")
        for table in list(TABLES) + list(DERIVED):
            con.execute(create_table_sql(table))
        con.execute(CONTESTED_VIEW)
        con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        con.execute("COMMIT")

    def _check_schema(self) -> None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except Exception:
            row = None
        if not row:
            raise StoreError(f"{self.path}: not a newsgraph store")

    def meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    # ------------------------------------------------------------------------------------ writing
    def existing(self, doc_ids: list[str]) -> set[str]:
        """Which of these document ids are stored already."""
        if not doc_ids:
            return set()
        rows = self.con.execute("SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?))", [doc_ids])
        return {r[0] for r in rows.fetchall()}

    def write(self, tables: dict[str, pa.Table]) -> tuple[int, int]:
        """Store one batch (one Arrow table per store table, as from `rows.TableBuilder`) in one
        transaction. Documents already stored are skipped with all their rows. Returns (new, unchanged)."""
        docs = tables["documents"]
        ids = docs.column("doc_id").to_pylist()
        con = self.con
        con.execute("BEGIN")
        try:
            known = self.existing(ids)
            keep, seen = [], set()
            for i, doc_id in enumerate(ids):
                if doc_id not in known and doc_id not in seen:
                    seen.add(doc_id)
                    keep.append(i)
            if keep:
                now = datetime.now(UTC).replace(tzinfo=None)
                self._insert("documents", docs.take(keep), "SELECT * REPLACE (?::TIMESTAMP AS ingested_at)", [now])
                new_ids = pa.array([ids[i] for i in keep], pa.string())
                for table in DOC_TABLES:
                    if table != "documents" and tables[table].num_rows:
                        t = tables[table]
                        self._insert(table, t.filter(pc.is_in(t.column("doc_id"), value_set=new_ids)))
                ents = tables["entities"]
                if ents.num_rows:
                    first = _first_rows(ents.column("entity_id").to_pylist())
                    self._insert("entities", ents.take(first), verb="INSERT OR IGNORE INTO")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(keep), len(ids) - len(keep)

    def _insert(self, table: str, data: pa.Table, select: str = "SELECT *", params=None, verb="INSERT INTO") -> None:
        if not data.num_rows:
            return
        self.con.register("_batch", data)
        try:
            self.con.execute(f"{verb} {table} {select} FROM _batch", params or [])
        finally:
            self.con.unregister("_batch")

    def count(self, table: str = "documents") -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # ------------------------------------------------------------------------------------ finishing
    def finish(self, force: bool = False) -> None:
        """Bring the derived parts up to date with the documents: the cross-article event clusters and
        the full-text index. Cheap when nothing changed; a run killed before this is caught up by the next."""
        from .cluster import rebuild_clusters

        n = str(self.count())
        if force or self.meta("clustered_docs") != n:
            rebuild_clusters(self.con)
            self.con.execute("BEGIN")
            self._set_meta("clustered_docs", n)
            self.con.execute("COMMIT")
        if force or self.meta("fts_docs") != n:
            self.rebuild_fts()

    def rebuild_fts(self) -> None:
        """Rebuild the BM25 index over titles and texts, in one transaction (a kill leaves the old one)."""
        load_fts(self.con)
        self.con.execute("BEGIN")
        try:
            self.con.execute("PRAGMA create_fts_index('documents', 'doc_id', 'title', 'text', overwrite=1)")
            self._set_meta("fts_docs", str(self.count()))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def has_fts(self) -> bool:
        row = self.con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_documents'")
        return row.fetchone()[0] > 0


def _first_rows(keys: list) -> list[int]:
    seen, out = set(), []
    for i, k in enumerate(keys):
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


def open_store(path: str | Path | None, read_only: bool = False) -> Store:
    return Store(path or DEFAULT_DB, read_only=read_only)


__all__ = ["DEFAULT_DB", "Store", "StoreError", "connect", "fts_extension_path", "load_fts", "open_store"]
