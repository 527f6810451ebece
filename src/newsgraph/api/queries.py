"""Queries the web pages and the API need beyond `newsgraph.store.queries`: corpus counts, paged article
lists and search, one actor's page (roles over time, partners, quotes by and about), quad-class
timelines, and the corpus events of one article. Same connection, parameterised SQL only; each returns
plain dicts and lists."""

from __future__ import annotations

from datetime import date

from ..store.db import StoreError, load_fts
from ..store.queries import contested, snippet

QUAD_KEYS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
# Above this many months, timelines count by year.
MAX_MONTHS = 72


def _dicts(con, sql: str, params: list | None = None) -> list[dict]:
    import duckdb

    try:
        cur = con.execute(sql, params or [])
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _one(con, sql: str, params: list | None = None) -> dict | None:
    rows = _dicts(con, sql, params)
    return rows[0] if rows else None


# ------------------------------------------------------------------------------------------ corpus
def stats(con) -> dict:
    """Counts of the corpus (articles, actors, events, corpus events, quotes, figures, dates, contested
    events) and the first and last publication dates."""
    row = _one(
        con,
        """
        SELECT (SELECT count(*) FROM documents) AS documents,
               (SELECT count(DISTINCT entity_id) FROM doc_entities) AS actors,
               (SELECT count(*) FROM events) AS events,
               (SELECT count(*) FROM corpus_events) AS corpus_events,
               (SELECT count(*) FROM corpus_events WHERE contested) AS contested,
               (SELECT count(*) FROM quotes) AS quotes,
               (SELECT count(*) FROM quantities) AS figures,
               (SELECT count(*) FROM timexes) AS dates,
               (SELECT min(published_date) FROM documents) AS first_published,
               (SELECT max(published_date) FROM documents) AS last_published
        """,
    )
    return row or {}


def has_fts(con) -> bool:
    row = con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_documents'").fetchone()
    return row[0] > 0


def list_documents(con, q: str | None = None, page: int = 1, size: int = 20) -> tuple[int, list[dict]]:
    """(total, one page of articles). With `q`: BM25 search over title and text (DuckDB's fts index),
    best first, each with a snippet; while the store has no index yet, articles containing every word.
    Without: the latest first."""
    offset = (page - 1) * size
    cols = "doc_id, title, source, url, published, n_words"
    words = (q or "").split()
    if not words:
        total = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        rows = _dicts(
            con,
            f"SELECT {cols} FROM documents ORDER BY published_date DESC NULLS LAST, ingested_at DESC, doc_id "
            "LIMIT ? OFFSET ?",
            [size, offset],
        )
        return total, rows
    terms = [w.lower() for w in words]
    if has_fts(con):
        load_fts(con)
        scored = f"SELECT {cols}, text, fts_main_documents.match_bm25(doc_id, ?) AS score FROM documents"
        total = con.execute(f"SELECT count(*) FROM ({scored}) WHERE score IS NOT NULL", [q]).fetchone()[0]
        rows = _dicts(
            con,
            f"SELECT * FROM ({scored}) WHERE score IS NOT NULL ORDER BY score DESC, doc_id LIMIT ? OFFSET ?",
            [q, size, offset],
        )
    else:
        where = " AND ".join("(title ILIKE '%' || ? || '%' OR text ILIKE '%' || ? || '%')" for _ in words)
        params = [w for w in words for _ in (0, 1)]
        total = con.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]
        rows = _dicts(
            con,
            f"SELECT {cols}, text, NULL AS score FROM documents WHERE {where} "
            "ORDER BY published_date DESC NULLS LAST, doc_id LIMIT ? OFFSET ?",
            params + [size, offset],
        )
    for r in rows:
        r["snippet"] = snippet(r.pop("text") or "", terms)
        if r["score"] is not None:
            r["score"] = round(r["score"], 3)
    return total, rows


def document_exists(con, doc_id: str) -> bool:
    return con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0] > 0


def document_event_clusters(con, doc_id: str) -> dict[str, dict]:
    """For each event of the article: its corpus event, how many articles report that, and whether it is
    contested."""
    rows = _dicts(
        con,
        """
        SELECT ec.event_id, ec.cluster_id, c.n_articles, c.n_sources, c.contested
        FROM event_clusters ec JOIN corpus_events c USING (cluster_id)
        WHERE ec.doc_id = ?
        """,
        [doc_id],
    )
    return {r.pop("event_id"): r for r in rows}


def quad_timeline(con, entity_id: str | None = None) -> dict:
    """Corpus events per month (per year over long spans) by quad class, gaps filled with zeros; with
    `entity_id`, only events in which that actor is the source or the target."""
    where, params = "WHERE date_start IS NOT NULL AND quad_class BETWEEN 1 AND 4", []
    if entity_id:
        where += " AND (source_entity = ? OR target_entity = ?)"
        params = [entity_id, entity_id]
    span = _one(con, f"SELECT min(date_start) AS lo, max(date_start) AS hi FROM corpus_events {where}", params)
    if not span or span["lo"] is None:
        return {"by": "month", "periods": []}
    lo, hi = span["lo"], span["hi"]
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    by = "month" if months <= MAX_MONTHS else "year"
    fmt = "%Y-%m" if by == "month" else "%Y"
    rows = _dicts(
        con,
        f"""
        SELECT strftime(date_start, '{fmt}') AS period,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict
        FROM corpus_events {where}
        GROUP BY period ORDER BY period
        """,
        params,
    )
    found = {r["period"]: r for r in rows}
    periods = []
    for p in _periods(lo, hi, by):
        periods.append(found.get(p) or dict({"period": p}, **{k: 0 for k in QUAD_KEYS}))
    return {"by": by, "periods": periods}


def _periods(lo: date, hi: date, by: str) -> list[str]:
    if by == "year":
        return [str(y) for y in range(lo.year, hi.year + 1)]
    out, y, m = [], lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# ------------------------------------------------------------------------------------------ actors
def entity(con, entity_id: str) -> dict | None:
    """One corpus entity with its counts (articles, mentions, events as source and target, quotes), or
    None."""
    return _one(
        con,
        """
        SELECT en.entity_id, en.name, en.type, en.country, en.actor_code, en.kb_id,
               (SELECT count(DISTINCT doc_id) FROM doc_entities WHERE entity_id = en.entity_id) AS documents,
               (SELECT coalesce(sum(n_mentions), 0)::BIGINT FROM doc_entities
                WHERE entity_id = en.entity_id) AS mentions,
               (SELECT count(*) FROM events WHERE source_entity = en.entity_id) AS as_source,
               (SELECT count(*) FROM events WHERE target_entity = en.entity_id) AS as_target,
               (SELECT count(*) FROM quotes WHERE speaker_entity = en.entity_id) AS quotes
        FROM entities en WHERE en.entity_id = ?
        """,
        [entity_id],
    )


def roles(con, entity_id: str) -> list[dict]:
    """The roles articles give the actor, each with the first and last publication date it was seen on
    and in how many articles."""
    return _dicts(
        con,
        """
        SELECT de.role, min(d.published_date) AS first_seen, max(d.published_date) AS last_seen,
               count(DISTINCT de.doc_id) AS documents
        FROM doc_entities de JOIN documents d USING (doc_id)
        WHERE de.entity_id = ? AND de.role IS NOT NULL
        GROUP BY de.role ORDER BY first_seen NULLS LAST, de.role
        """,
        [entity_id],
    )


def actor_events(con, entity_id: str, limit: int = 200) -> list[dict]:
    """Article events in which the actor is the source or the target, latest first."""
    return _dicts(
        con,
        """
        SELECT e.date_start AS date, e.source_entity, s.name AS source, e.code, e.label, e.quad_class,
               e.target_entity, t.name AS target, e.status, d.source AS outlet, d.title, e.doc_id, e.event_id,
               e.trigger_text AS trigger
        FROM events e JOIN documents d USING (doc_id)
        LEFT JOIN entities s ON s.entity_id = e.source_entity
        LEFT JOIN entities t ON t.entity_id = e.target_entity
        WHERE e.source_entity = ? OR e.target_entity = ?
        ORDER BY e.date_start DESC NULLS LAST, e.doc_id, e.trigger_start
        LIMIT ?
        """,
        [entity_id, entity_id, limit],
    )


def network(con, entity_id: str, max_partners: int = 20) -> dict:
    """The actors this one has corpus events with (the `max_partners` most frequent), and the edges
    among all of them: events counted by cooperation (quad classes 1-2) and conflict (3-4)."""
    partners = _dicts(
        con,
        """
        WITH x AS (
            SELECT CASE WHEN source_entity = ? THEN target_entity ELSE source_entity END AS partner
            FROM corpus_events
            WHERE (source_entity = ? OR target_entity = ?) AND source_entity IS NOT NULL
              AND target_entity IS NOT NULL AND source_entity <> target_entity
        )
        SELECT partner, count(*) AS n FROM x GROUP BY partner ORDER BY n DESC, partner LIMIT ?
        """,
        [entity_id, entity_id, entity_id, max_partners],
    )
    ids = [entity_id] + [p["partner"] for p in partners]
    nodes = _dicts(
        con,
        """
        SELECT en.entity_id AS id, en.name, en.type, en.country,
               (SELECT count(DISTINCT doc_id) FROM doc_entities de WHERE de.entity_id = en.entity_id) AS documents
        FROM entities en WHERE en.entity_id IN (SELECT unnest(?))
        """,
        [ids],
    )
    edges = _dicts(
        con,
        """
        SELECT least(source_entity, target_entity) AS a, greatest(source_entity, target_entity) AS b,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS coop,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               count(*) AS n
        FROM corpus_events
        WHERE source_entity IN (SELECT unnest(?)) AND target_entity IN (SELECT unnest(?))
          AND source_entity <> target_entity
        GROUP BY ALL ORDER BY a, b
        """,
        [ids, ids],
    )
    order = {i: k for k, i in enumerate(ids)}
    nodes.sort(key=lambda n: order.get(n["id"], len(ids)))
    for n in nodes:
        n["ego"] = n["id"] == entity_id
    return {"nodes": nodes, "edges": edges}


def quotes_by(con, entity_id: str, limit: int = 50) -> list[dict]:
    return _dicts(
        con,
        """
        SELECT d.published, q.kind, q.cue, q.text, d.source AS outlet, d.title, q.doc_id, q.quote_id
        FROM quotes q JOIN documents d USING (doc_id)
        WHERE q.speaker_entity = ?
        ORDER BY d.published_date DESC NULLS LAST, q.doc_id, q.start
        LIMIT ?
        """,
        [entity_id, limit],
    )


def quotes_about(con, entity_id: str, limit: int = 50) -> list[dict]:
    """Quotes by others whose words mention the actor."""
    return _dicts(
        con,
        """
        SELECT d.published, coalesce(sp.name, q.speaker_text) AS speaker, q.speaker_entity, q.kind, q.cue,
               q.text, d.source AS outlet, d.title, q.doc_id, q.quote_id
        FROM quotes q JOIN documents d USING (doc_id)
        LEFT JOIN entities sp ON sp.entity_id = q.speaker_entity
        WHERE q.speaker_entity IS DISTINCT FROM ?
          AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id AND m.entity_id = ?
                      AND m.start >= q.start AND m."end" <= q."end")
        ORDER BY d.published_date DESC NULLS LAST, q.doc_id, q.start
        LIMIT ?
        """,
        [entity_id, entity_id, limit],
    )


# ------------------------------------------------------------------------------------------ claims
def contested_claims(con, limit: int = 100) -> list[dict]:
    """Contested claims as `store.queries.contested` gives them (event ids on both sides, so each side
    links to its words)."""
    return contested(con, limit).to_dicts()
