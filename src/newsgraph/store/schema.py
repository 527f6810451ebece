"""The store's tables: one column list per table, used for the DuckDB DDL, the Arrow batches and the
Parquet shards alike, so every path writes exactly the same columns."""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

_T = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}

# table -> [(column, DuckDB type)]. doc_id is the article's content hash; `*_local` columns are the
# article's own ids (e1, v1, q1, n1); `*_entity` columns are corpus-wide entity ids (entities.entity_id).
TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", "VARCHAR"),
        ("title", "VARCHAR"),
        ("source", "VARCHAR"),
        ("url", "VARCHAR"),
        ("published", "VARCHAR"),
        ("published_date", "DATE"),
        ("language", "VARCHAR"),
        ("text", "VARCHAR"),
        ("n_words", "INTEGER"),
        ("origin", "VARCHAR"),
        ("origin_kind", "VARCHAR"),
        ("ingested_at", "TIMESTAMP"),
        ("pipeline_version", "VARCHAR"),
    ],
    "entities": [
        ("entity_id", "VARCHAR"),
        ("name", "VARCHAR"),
        ("type", "VARCHAR"),
        ("country", "VARCHAR"),
        ("actor_code", "VARCHAR"),
        ("kb_id", "VARCHAR"),
    ],
    "doc_entities": [
        ("doc_id", "VARCHAR"),
        ("local_id", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("entity_id", "VARCHAR"),
        ("name", "VARCHAR"),
        ("type", "VARCHAR"),
        ("country", "VARCHAR"),
        ("actor_code", "VARCHAR"),
        ("role", "VARCHAR"),
        ("kb_id", "VARCHAR"),
        ("n_mentions", "INTEGER"),
    ],
    "mentions": [
        ("doc_id", "VARCHAR"),
        ("entity_local", "VARCHAR"),
        ("entity_id", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
        ("text", "VARCHAR"),
    ],
    "events": [
        ("doc_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("code", "VARCHAR"),
        ("root_code", "VARCHAR"),
        ("label", "VARCHAR"),
        ("quad_class", "INTEGER"),
        ("goldstein", "DOUBLE"),
        ("source_local", "VARCHAR"),
        ("target_local", "VARCHAR"),
        ("location_local", "VARCHAR"),
        ("attributed_local", "VARCHAR"),
        ("source_entity", "VARCHAR"),
        ("target_entity", "VARCHAR"),
        ("location_entity", "VARCHAR"),
        ("attributed_entity", "VARCHAR"),
        ("status", "VARCHAR"),
        ("time_text", "VARCHAR"),
        ("time_value", "VARCHAR"),
        ("date_start", "DATE"),
        ("date_end", "DATE"),
        ("trigger_start", "INTEGER"),
        ("trigger_end", "INTEGER"),
        ("trigger_text", "VARCHAR"),
        ("evidence_start", "INTEGER"),
        ("evidence_end", "INTEGER"),
        ("confidence", "DOUBLE"),
    ],
    "quotes": [
        ("doc_id", "VARCHAR"),
        ("quote_id", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("speaker_local", "VARCHAR"),
        ("speaker_entity", "VARCHAR"),
        ("speaker_text", "VARCHAR"),
        ("cue", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("text", "VARCHAR"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
    ],
    "quantities": [
        ("doc_id", "VARCHAR"),
        ("quantity_id", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("text", "VARCHAR"),
        ("value", "DOUBLE"),
        ("unit", "VARCHAR"),
        ("approximate", "BOOLEAN"),
        ("change", "VARCHAR"),
        ("measure", "VARCHAR"),
        ("period_text", "VARCHAR"),
        ("period_value", "VARCHAR"),
        ("attributed_local", "VARCHAR"),
        ("attributed_entity", "VARCHAR"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
    ],
    "timexes": [
        ("doc_id", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("text", "VARCHAR"),
        ("value", "VARCHAR"),
        ("type", "VARCHAR"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
    ],
}

# Rebuilt from `events` after every ingest (store/cluster.py): one row per real-world event.
DERIVED: dict[str, list[tuple[str, str]]] = {
    "event_clusters": [("doc_id", "VARCHAR"), ("event_id", "VARCHAR"), ("cluster_id", "VARCHAR")],
    "corpus_events": [
        ("cluster_id", "VARCHAR"),
        ("gdelt_id", "BIGINT"),
        ("source_entity", "VARCHAR"),
        ("target_entity", "VARCHAR"),
        ("root_code", "VARCHAR"),
        ("code", "VARCHAR"),
        ("label", "VARCHAR"),
        ("quad_class", "INTEGER"),
        ("goldstein", "DOUBLE"),
        ("location_entity", "VARCHAR"),
        ("date_start", "DATE"),
        ("date_end", "DATE"),
        ("statuses", "VARCHAR"),
        ("n_mentions", "INTEGER"),
        ("n_articles", "INTEGER"),
        ("n_sources", "INTEGER"),
        ("first_seen", "DATE"),
        ("last_seen", "DATE"),
        ("contested", "BOOLEAN"),
    ],
}

PRIMARY_KEYS = {"documents": "doc_id", "entities": "entity_id"}

# Article-level tables whose rows belong to one document (everything but the corpus-wide entities).
DOC_TABLES = [t for t in TABLES if t != "entities"]


def columns(table: str) -> list[str]:
    return [c for c, _ in (TABLES.get(table) or DERIVED[table])]


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c, _T[t]) for c, t in (TABLES.get(table) or DERIVED[table])])


def create_table_sql(table: str) -> str:
    cols = []
    for c, t in TABLES.get(table) or DERIVED[table]:
        pk = " PRIMARY KEY" if PRIMARY_KEYS.get(table) == c else ""
        cols.append(f'"{c}" {t}{pk}')
    return f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(cols)})"


# Contested claims: the same corpus event, asserted (occurred or claimed) in one article and denied in another.
CONTESTED_VIEW = """
CREATE OR REPLACE VIEW contested_claims AS
SELECT c.cluster_id, c.code, c.label, c.source_entity, c.target_entity, c.date_start,
       a.doc_id AS claim_doc, a.event_id AS claim_event, a.status AS claim_status,
       a.attributed_entity AS claim_attributed,
       d.doc_id AS denial_doc, d.event_id AS denial_event, d.attributed_entity AS denial_attributed
FROM corpus_events c
JOIN event_clusters ca ON ca.cluster_id = c.cluster_id
JOIN events a ON a.doc_id = ca.doc_id AND a.event_id = ca.event_id AND a.status IN ('occurred', 'claimed')
JOIN event_clusters cd ON cd.cluster_id = c.cluster_id
JOIN events d ON d.doc_id = cd.doc_id AND d.event_id = cd.event_id AND d.status = 'denied'
WHERE a.doc_id <> d.doc_id
"""
