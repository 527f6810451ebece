"""What analysts ask of a store, as library functions (the CLI and the web API call these). Each takes
an open connection (`Store(path, read_only=True).con`) and returns a `Result`: column names and rows.

Actor arguments (`actor`, `target`, `a`, `b`, `name`) match corpus entities: an upper-case code of 3 to
6 letters ("RUS", "RUSGOV", "IGOUNO") matches actor codes starting with it and countries; anything
else matches an entity id exactly or a name containing it, ignoring case ("putin", "Foreign Ministry").
Dates are YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from ..pipeline import normalize_date
from .db import StoreError, load_fts
from .rows import timex_interval


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]

    def to_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, r)) for r in self.rows]


def _run(con, sql: str, params: list) -> Result:
    import duckdb

    try:
        cur = con.execute(sql, params)
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None
    cols = [d[0] for d in cur.description] if cur.description else []
    return Result(cols, cur.fetchall() if cols else [])


def actor_condition(column: str, value: str, params: list) -> str:
    """SQL that is true when `column` (an entity id) is an entity matching `value` (see module doc)."""
    value = value.strip()
    if not value:
        raise InputError("an empty actor name")
    if re.fullmatch(r"[A-Z]{3,6}", value):
        params += [value, value, value]
        return (
            f"{column} IN (SELECT entity_id FROM entities WHERE starts_with(actor_code, ?) OR country = ? "
            "OR entity_id = ?)"
        )
    params += [value, value]
    return f"{column} IN (SELECT entity_id FROM entities WHERE entity_id = ? OR name ILIKE '%' || ? || '%')"


def _day(value: str | None, what: str, end: bool) -> date | None:
    value = normalize_date(value, what)
    if value is None:
        return None
    span = timex_interval(value)
    return span[1] if end else span[0]


def _limit(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit and limit > 0 else ""


def events(con, actor=None, target=None, code=None, status=None, since=None, until=None, limit=100) -> Result:
    """Article-level events, oldest first, with names, the article, and the corpus event each belongs to
    (how many articles report it; whether it is contested). `actor` matches the source, `target` the
    target, `code` is a CAMEO code prefix ("04", "042"), `status` one of the contract's statuses."""
    where, params = [], []
    if actor:
        where.append(actor_condition("e.source_entity", actor, params))
    if target:
        where.append(actor_condition("e.target_entity", target, params))
    if code:
        if not re.fullmatch(r"\d{1,4}", code):
            raise InputError(f"CAMEO code {code!r} is not 1 to 4 digits")
        where.append("starts_with(e.code, ?)")
        params.append(code)
    if status:
        from ..model import EVENT_STATUSES

        if status not in EVENT_STATUSES:
            raise InputError(f"status {status!r} is not one of {', '.join(EVENT_STATUSES)}")
        where.append("e.status = ?")
        params.append(status)
    if since:
        where.append("e.date_end >= ?")
        params.append(_day(since, "--since", False))
    if until:
        where.append("e.date_start <= ?")
        params.append(_day(until, "--until", True))
    sql = f"""
        SELECT e.date_start AS date, s.name AS source, e.code, e.label, t.name AS target, e.status,
               l.name AS place, a.name AS attributed_to, d.source AS outlet, d.title,
               e.trigger_text AS trigger, c.n_articles AS articles, c.contested, e.doc_id, e.event_id,
               ec.cluster_id
        FROM events e
        JOIN documents d USING (doc_id)
        LEFT JOIN entities s ON s.entity_id = e.source_entity
        LEFT JOIN entities t ON t.entity_id = e.target_entity
        LEFT JOIN entities l ON l.entity_id = e.location_entity
        LEFT JOIN entities a ON a.entity_id = e.attributed_entity
        LEFT JOIN event_clusters ec ON ec.doc_id = e.doc_id AND ec.event_id = e.event_id
        LEFT JOIN corpus_events c ON c.cluster_id = ec.cluster_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY e.date_start NULLS LAST, e.doc_id, e.trigger_start
    """
    return _run(con, sql + _limit(limit), params)


def corpus_events(con, actor=None, target=None, code=None, contested=False, limit=100) -> Result:
    """Corpus events (clusters of article events): actors, code, dates, statuses, counts of mentions,
    articles and sources, first and last seen."""
    where, params = [], []
    if actor:
        where.append(actor_condition("c.source_entity", actor, params))
    if target:
        where.append(actor_condition("c.target_entity", target, params))
    if code:
        where.append("starts_with(c.code, ?)")
        params.append(code)
    if contested:
        where.append("c.contested")
    sql = f"""
        SELECT c.date_start, c.date_end, s.name AS source, c.code, c.label, t.name AS target,
               l.name AS place, c.statuses, c.n_mentions AS mentions, c.n_articles AS articles,
               c.n_sources AS sources, c.first_seen, c.last_seen, c.contested, c.cluster_id
        FROM corpus_events c
        LEFT JOIN entities s ON s.entity_id = c.source_entity
        LEFT JOIN entities t ON t.entity_id = c.target_entity
        LEFT JOIN entities l ON l.entity_id = c.location_entity
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY c.date_start NULLS LAST, c.cluster_id
    """
    return _run(con, sql + _limit(limit), params)


def contested(con, limit=100) -> Result:
    """Contested claims: pairs of articles about one corpus event, one asserting it (occurred or claimed),
    the other reporting a denial; with who claims and who denies, and the event ids on both sides."""
    sql = """
        SELECT k.date_start AS date, s.name AS source, k.code, k.label, t.name AS target,
               ca.source AS claim_outlet, k.claim_status, cb.name AS claimed_by, ca.title AS claim_title,
               da.source AS denial_outlet, db.name AS denied_by, da.title AS denial_title,
               k.cluster_id, k.claim_doc, k.claim_event, k.denial_doc, k.denial_event,
               k.source_entity, k.target_entity
        FROM contested_claims k
        JOIN documents ca ON ca.doc_id = k.claim_doc
        JOIN documents da ON da.doc_id = k.denial_doc
        LEFT JOIN entities s ON s.entity_id = k.source_entity
        LEFT JOIN entities t ON t.entity_id = k.target_entity
        LEFT JOIN entities cb ON cb.entity_id = k.claim_attributed
        LEFT JOIN entities db ON db.entity_id = k.denial_attributed
        ORDER BY k.date_start NULLS LAST, k.cluster_id, k.claim_doc, k.denial_doc
    """
    return _run(con, sql + _limit(limit), [])


def actors(con, name: str | None = None, limit=50) -> Result:
    """Actors (corpus entities) by number of articles: type, country, actor code, the roles articles
    give them, counts (articles, mentions, events as source and as target, quotes) and the five most
    frequent partners across events. `name` narrows to matching actors."""
    params: list = []
    where = "WHERE " + actor_condition("en.entity_id", name, params) if name else ""
    sql = f"""
        WITH sel AS (
            SELECT en.entity_id, en.name, en.type, en.country, en.actor_code,
                   count(DISTINCT de.doc_id) AS documents, sum(de.n_mentions)::BIGINT AS mentions
            FROM entities en JOIN doc_entities de USING (entity_id)
            {where}
            GROUP BY ALL
            ORDER BY documents DESC, mentions DESC, en.entity_id
            {_limit(limit)}
        ), sides AS (
            SELECT source_entity AS entity_id, 'source' AS side, target_entity AS partner FROM events
            WHERE source_entity IN (SELECT entity_id FROM sel)
            UNION ALL
            SELECT target_entity, 'target', source_entity FROM events
            WHERE target_entity IN (SELECT entity_id FROM sel)
        ), ev AS (
            SELECT entity_id, count(*) FILTER (WHERE side = 'source') AS as_source,
                   count(*) FILTER (WHERE side = 'target') AS as_target
            FROM sides GROUP BY entity_id
        ), pairs AS (
            SELECT s.entity_id, p.name, count(*) AS n,
                   row_number() OVER (PARTITION BY s.entity_id ORDER BY count(*) DESC, p.name) AS rk
            FROM sides s JOIN entities p ON p.entity_id = s.partner
            GROUP BY s.entity_id, p.name
        ), partners AS (
            SELECT entity_id, string_agg(name || ' (' || n || ')', '; ' ORDER BY n DESC, name) AS partners
            FROM pairs WHERE rk <= 5 GROUP BY entity_id
        ), roles AS (
            SELECT entity_id, string_agg(role || ' (' || n || ')', '; ' ORDER BY n DESC, role) AS roles
            FROM (SELECT entity_id, role, count(*) AS n FROM doc_entities
                  WHERE role IS NOT NULL AND entity_id IN (SELECT entity_id FROM sel) GROUP BY ALL)
            GROUP BY entity_id
        ), q AS (
            SELECT speaker_entity AS entity_id, count(*) AS quotes FROM quotes
            WHERE speaker_entity IN (SELECT entity_id FROM sel) GROUP BY 1
        )
        SELECT sel.name AS actor, sel.type, sel.country, sel.actor_code, roles.roles, sel.documents,
               sel.mentions, coalesce(ev.as_source, 0) AS as_source, coalesce(ev.as_target, 0) AS as_target,
               coalesce(q.quotes, 0) AS quotes, partners.partners, sel.entity_id
        FROM sel
        LEFT JOIN ev USING (entity_id)
        LEFT JOIN partners USING (entity_id)
        LEFT JOIN roles USING (entity_id)
        LEFT JOIN q USING (entity_id)
        ORDER BY sel.documents DESC, sel.mentions DESC, sel.entity_id
    """
    return _run(con, sql, params)


def quotes(con, speaker: str | None = None, contains: str | None = None, limit=100) -> Result:
    """Quotes with their speaker (the entity's name, else the words naming the speaker), kind, cue and
    article. `speaker` matches the speaker's name or words; `contains` the quoted text (ignoring case)."""
    where, params = [], []
    if speaker:
        where.append("(en.name ILIKE '%' || ? || '%' OR q.speaker_text ILIKE '%' || ? || '%' OR en.entity_id = ?)")
        params += [speaker, speaker, speaker]
    if contains:
        where.append("q.text ILIKE '%' || ? || '%'")
        params.append(contains)
    sql = f"""
        SELECT d.published, coalesce(en.name, q.speaker_text) AS speaker, q.kind, q.cue, q.text,
               d.source AS outlet, d.title, q.doc_id, q.quote_id
        FROM quotes q JOIN documents d USING (doc_id)
        LEFT JOIN entities en ON en.entity_id = q.speaker_entity
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY d.published_date NULLS LAST, q.doc_id, q.start
    """
    return _run(con, sql + _limit(limit), params)


def figures(con, measure: str | None = None, limit=100) -> Result:
    """Quantities: the words, value, unit, change, what is measured, period, who gives the figure, and the
    article. `measure` matches what is measured (ignoring case)."""
    where, params = "", []
    if measure:
        where = "WHERE n.measure ILIKE '%' || ? || '%'"
        params.append(measure)
    sql = f"""
        SELECT d.published, n.text, n.value, n.unit, n.approximate, n.change, n.measure,
               n.period_value AS period, en.name AS attributed_to, d.source AS outlet, d.title,
               n.doc_id, n.quantity_id
        FROM quantities n JOIN documents d USING (doc_id)
        LEFT JOIN entities en ON en.entity_id = n.attributed_entity
        {where}
        ORDER BY d.published_date NULLS LAST, n.doc_id, n.start
    """
    return _run(con, sql + _limit(limit), params)


_PERIODS = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m"}


def dyads(con, a: str, b: str, by: str = "month") -> Result:
    """Corpus events between two actors (either direction) per period: counts by CAMEO quad class
    (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict), how many went
    each way, and the mean Goldstein score. Undated events are left out."""
    if by not in _PERIODS:
        raise InputError(f"--by {by!r}: use day, week or month")
    params: list = []
    a_src = actor_condition("source_entity", a, params)
    b_tgt = actor_condition("target_entity", b, params)
    b_src = actor_condition("source_entity", b, params)
    a_tgt = actor_condition("target_entity", a, params)
    sql = f"""
        WITH x AS (
            SELECT *, ({a_src} AND {b_tgt}) AS a_to_b, ({b_src} AND {a_tgt}) AS b_to_a
            FROM corpus_events WHERE date_start IS NOT NULL
        )
        SELECT strftime(date_start, '{_PERIODS[by]}') AS period, count(*) AS events,
               count(*) FILTER (WHERE a_to_b) AS a_to_b, count(*) FILTER (WHERE b_to_a) AS b_to_a,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
               round(avg(goldstein), 2) AS mean_goldstein, sum(n_articles)::BIGINT AS articles
        FROM x WHERE a_to_b OR b_to_a
        GROUP BY period ORDER BY period
    """
    return _run(con, sql, params)


def search(con, words: str, limit=20) -> Result:
    """Articles matching `words`, best first (BM25 over title and text, DuckDB's fts extension), with a
    snippet around the first matching word."""
    if not words.strip():
        raise InputError("nothing to search for")
    has_index = con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_documents'"
    ).fetchone()[0]
    if not has_index:
        raise StoreError("the store has no full-text index yet (it is built at the end of `newsgraph ingest`)")
    load_fts(con)
    sql = """
        SELECT round(score, 3) AS score, published, source AS outlet, title, doc_id, text
        FROM (SELECT *, fts_main_documents.match_bm25(doc_id, ?) AS score FROM documents)
        WHERE score IS NOT NULL
        ORDER BY score DESC, doc_id
    """
    res = _run(con, sql + _limit(limit), [words])
    terms = [w.lower() for w in re.findall(r"\w+", words)]
    rows = [r[:-1] + (snippet(r[-1], terms),) for r in res.rows]
    return Result(res.columns[:-1] + ["snippet"], rows)


def snippet(text: str, terms: list[str], width: int = 160) -> str:
    low = text.lower()
    hits = [i for i in (low.find(t) for t in terms) if i >= 0]
    at = min(hits) if hits else 0
    start = max(0, at - width // 3)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def sql(con, query: str) -> Result:
    """Run one SQL statement on the store (open the connection read-only: nothing can be changed).
    The fts extension is loaded, so `fts_main_documents.match_bm25` works too."""
    if not query.strip():
        raise InputError("an empty SQL statement")
    load_fts(con)
    return _run(con, query, [])
