"""The corpus store (one DuckDB file): tables `documents`, `entities` (corpus-wide), `doc_entities`,
`mentions`, `events`, `quotes`, `quantities`, `timexes`; derived `event_clusters`, `corpus_events` and the
view `contested_claims`; an offline full-text index. `queries` answers analysts' questions, `export`
writes JSON Lines, CSV, Parquet or the GDELT event table."""

from .db import DEFAULT_DB, Store, StoreError
from .export import EXPORT_FORMATS, export
from .queries import Result

__all__ = ["DEFAULT_DB", "EXPORT_FORMATS", "Result", "Store", "StoreError", "export"]
