"""Cross-article events: article-level events that report the same real-world event are grouped into one
corpus event, with how many articles and sources report it, when it was first and last seen, and whether
it is contested (asserted in one article, denied in another).

Two article events are the same real event when they have the same source actor, the same target actor
(corpus-wide entity ids), the same CAMEO root code, compatible places (the same place entity, or one side
names none) and compatible dates: their date ranges overlap or lie within WINDOW_DAYS of each other.
Events are taken in date order within each (source, target, root) group and chained greedily, so a
cluster's range grows as reports arrive. Events with neither a source nor a target stay alone; undated
events of one group form one cluster. The result depends only on the set of events, not on the order
in which articles were ingested."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyarrow as pa

from .schema import arrow_schema

WINDOW_DAYS = 3
_FLUSH = 50_000

_EVENTS = """
SELECT doc_id, event_id, source_entity, target_entity, root_code, location_entity, date_start, date_end
FROM events
ORDER BY source_entity NULLS FIRST, target_entity NULLS FIRST, root_code NULLS FIRST,
         date_start NULLS LAST, date_end NULLS LAST, doc_id, event_id
"""

_AGGREGATE = """
INSERT INTO corpus_events
WITH m AS (
    SELECT c.cluster_id, e.*, d.source AS doc_source, coalesce(d.published_date, d.ingested_at::DATE) AS seen
    FROM event_clusters c
    JOIN events e USING (doc_id, event_id)
    JOIN documents d USING (doc_id)
), codes AS (
    SELECT cluster_id, code, count(*) AS n, min(label) AS label, min(quad_class) AS quad_class,
           min(goldstein) AS goldstein
    FROM m GROUP BY cluster_id, code
), rep AS (
    SELECT cluster_id, first(code ORDER BY n DESC, code) AS code
    FROM codes GROUP BY cluster_id
), places AS (
    SELECT cluster_id, location_entity, count(*) AS n FROM m
    WHERE location_entity IS NOT NULL GROUP BY cluster_id, location_entity
)
SELECT m.cluster_id,
       (hash(m.cluster_id) >> 12)::BIGINT,
       min(m.source_entity), min(m.target_entity), min(m.root_code),
       min(rep.code), min(codes.label), min(codes.quad_class), min(codes.goldstein),
       (SELECT first(p.location_entity ORDER BY p.n DESC, p.location_entity) FROM places p
        WHERE p.cluster_id = m.cluster_id),
       min(m.date_start), max(m.date_end),
       string_agg(DISTINCT m.status, ',' ORDER BY m.status),
       count(*), count(DISTINCT m.doc_id), count(DISTINCT coalesce(m.doc_source, m.doc_id)),
       min(m.seen), max(m.seen),
       count(*) FILTER (WHERE m.status IN ('occurred', 'claimed')) > 0
         AND count(*) FILTER (WHERE m.status = 'denied') > 0
         AND count(DISTINCT m.doc_id) FILTER (WHERE m.status IN ('occurred', 'claimed', 'denied')) >= 2
FROM m
JOIN rep USING (cluster_id)
JOIN codes ON codes.cluster_id = m.cluster_id AND codes.code = rep.code
GROUP BY m.cluster_id
"""


@dataclass(eq=False)
class _Cluster:
    first_key: tuple
    start: date | None
    end: date | None
    place: str | None
    members: list[tuple[str, str]] = field(default_factory=list)

    @property
    def cluster_id(self) -> str:
        doc_id, event_id = self.first_key
        return "ce-" + hashlib.sha1(f"{doc_id}|{event_id}".encode()).hexdigest()[:16]


def _compatible(c: _Cluster, start: date | None, end: date | None, place: str | None) -> bool:
    if (c.start is None) != (start is None):
        return False
    if start is not None and (start > c.end + timedelta(days=WINDOW_DAYS) or end < c.start - timedelta(WINDOW_DAYS)):
        return False
    return c.place is None or place is None or c.place == place


def assign_clusters(rows):
    """Cluster article events. `rows` are (doc_id, event_id, source, target, root, place, start, end)
    sorted by (source, target, root, start, end, doc_id, event_id); yields (doc_id, event_id, cluster_id).
    Holds only the clusters of one (source, target, root) group that a later event could still join."""
    group_key, open_clusters = object(), []
    for doc_id, event_id, source, target, root, place, start, end in rows:
        key = (source, target, root)
        if key != group_key:
            yield from _emit(open_clusters)
            group_key, open_clusters = key, []
        if source is None and target is None:
            yield doc_id, event_id, _Cluster((doc_id, event_id), None, None, None).cluster_id
            continue
        if start is not None:
            end = end or start
            # rows come in start order: a cluster that ended more than the window ago is complete
            horizon = start - timedelta(WINDOW_DAYS)
            done = [c for c in open_clusters if c.end < horizon]
            if done:
                yield from _emit(done)
                open_clusters = [c for c in open_clusters if not c.end < horizon]
        home = next((c for c in open_clusters if _compatible(c, start, end, place)), None)
        if home is None:
            home = _Cluster((doc_id, event_id), start, end, place)
            open_clusters.append(home)
        elif start is not None:
            home.start, home.end = min(home.start, start), max(home.end, end)
        if home.place is None:
            home.place = place
        home.members.append((doc_id, event_id))
    yield from _emit(open_clusters)


def _emit(clusters):
    for c in clusters:
        cid = c.cluster_id
        for doc_id, event_id in c.members:
            yield doc_id, event_id, cid


def _iter_rows(reader):
    for batch in reader:
        yield from zip(*(batch.column(i).to_pylist() for i in range(batch.num_columns)))


def rebuild_clusters(con) -> int:
    """Recompute `event_clusters` and `corpus_events` from `events` in one transaction; returns the
    number of corpus events. Streams the events (one actor-pair group in memory at a time)."""
    reader_con = con.cursor()
    try:
        reader = reader_con.execute(_EVENTS).to_arrow_reader(_FLUSH)
        con.execute("BEGIN")
        try:
            con.execute("DELETE FROM event_clusters")
            con.execute("DELETE FROM corpus_events")
            buf: list[tuple] = []
            for row in assign_clusters(_iter_rows(reader)):
                buf.append(row)
                if len(buf) >= _FLUSH:
                    _flush(con, buf)
            _flush(con, buf)
            con.execute(_AGGREGATE)
            n = con.execute("SELECT count(*) FROM corpus_events").fetchone()[0]
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        reader_con.close()
    return n


def _flush(con, buf: list[tuple]) -> None:
    if not buf:
        return
    schema = arrow_schema("event_clusters")
    cols = list(zip(*buf))
    table = pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(cols, schema)], schema=schema)
    con.register("_clusters", table)
    try:
        con.execute("INSERT INTO event_clusters SELECT * FROM _clusters")
    finally:
        con.unregister("_clusters")
    buf.clear()
