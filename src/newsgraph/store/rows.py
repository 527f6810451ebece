"""From analyses to table batches: pure functions (no database), so the same rows come out of the main
process, a pool worker or a Dask worker. Corpus-wide entity ids are derived from the entity itself,
which is what lets every worker compute them without asking the store."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

import pyarrow as pa

from ..kb import fold_name
from ..model import Analysis
from .schema import TABLES, arrow_schema, columns

# An event whose own time reference is coarser than this (a year, "PAST_REF") is dated by its article.
MAX_EVENT_SPAN_DAYS = 31


def canonical_entity_id(name: str, type_: str, country: str | None, kb_id: str | None) -> str:
    """The corpus-wide id of an entity: its knowledge-base id when it has one, else a key built from its
    type, country and folded name (so "the Kremlin" and "Kremlin" of two articles are one entity)."""
    if kb_id:
        return kb_id
    folded = fold_name(name) or " ".join(name.casefold().split())
    return f"ng:{type_.lower()}:{(country or '-').lower()}:{folded}"


def timex_interval(value: str | None) -> tuple[date, date] | None:
    """The days a TIMEX3-style value covers: 2024-10-10, 2024-10, 2024, 2024-W41, 2024-Q2 and intervals
    `a/b`; None for durations, `PAST_REF` and anything else."""
    if not value:
        return None
    value = value.strip()
    if "/" in value:
        a, _, b = value.partition("/")
        first, last = timex_interval(a), timex_interval(b)
        if first and last and first[0] <= last[1]:
            return first[0], last[1]
        return None
    try:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", value)
        if m:
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        m = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if m:
            y, mo = int(m[1]), int(m[2])
            nxt = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
            return date(y, mo, 1), nxt - timedelta(days=1)
        m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
        if m:
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first, first + timedelta(days=6)
        m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
        if m:
            y, q = int(m[1]), int(m[2])
            end = date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)
            return date(y, 3 * q - 2, 1), end - timedelta(days=1)
        m = re.fullmatch(r"(\d{4})", value)
        if m:
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def event_dates(time_value: str | None, published: str | None) -> tuple[date | None, date | None]:
    """An event's date range: its own time reference when that is precise enough (a month at most),
    else the article's publication date, else unknown."""
    for value in (time_value, published):
        span = timex_interval(value)
        if span and (span[1] - span[0]).days <= MAX_EVENT_SPAN_DAYS:
            return span
    return None, None


class TableBuilder:
    """Collects the rows of many analyses, then hands them out as one Arrow table per store table."""

    def __init__(self):
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.doc_ids: set[str] = set()

    def __len__(self) -> int:
        return len(self.rows["documents"])

    def add(self, analysis: Analysis, origin: str | None = None, origin_kind: str | None = None) -> bool:
        """Add one analysis; False (and nothing added) when this batch already holds the same document."""
        from .. import __version__

        d = analysis.document
        if d.id in self.doc_ids:
            return False
        self.doc_ids.add(d.id)
        pub = timex_interval(d.published)
        self.rows["documents"].append(
            (
                d.id,
                d.title,
                d.source,
                d.url,
                d.published,
                pub[0] if pub else None,
                d.language,
                d.text,
                len(d.text.split()),
                origin,
                origin_kind,
                None,  # ingested_at: set by the writer at commit time
                __version__,
            )
        )
        canon: dict[str, str] = {}
        for k, e in enumerate(analysis.entities):
            cid = canonical_entity_id(e.name, e.type, e.country, e.kb_id)
            canon[e.id] = cid
            self.rows["entities"].append((cid, e.name, e.type, e.country, e.actor_code, e.kb_id))
            self.rows["doc_entities"].append(
                (d.id, e.id, k, cid, e.name, e.type, e.country, e.actor_code, e.role, e.kb_id, len(e.mentions))
            )
            for i, m in enumerate(e.mentions):
                self.rows["mentions"].append((d.id, e.id, cid, i, m.start, m.end, m.text))
        for k, v in enumerate(analysis.events):
            t_text = v.time.text if v.time else None
            t_value = v.time.value if v.time else None
            start, end = event_dates(t_value, d.published)
            ev = v.evidence or {}
            self.rows["events"].append(
                (
                    d.id,
                    v.id,
                    k,
                    v.code,
                    (v.code or "")[:2] or None,
                    v.label,
                    v.quad_class,
                    v.goldstein,
                    v.source,
                    v.target,
                    v.location,
                    v.attributed_to,
                    canon.get(v.source),
                    canon.get(v.target),
                    canon.get(v.location),
                    canon.get(v.attributed_to),
                    v.status,
                    t_text,
                    t_value,
                    start,
                    end,
                    v.trigger.start,
                    v.trigger.end,
                    v.trigger.text,
                    ev.get("start"),
                    ev.get("end"),
                    v.confidence,
                )
            )
        for k, q in enumerate(analysis.quotes):
            self.rows["quotes"].append(
                (d.id, q.id, k, q.speaker, canon.get(q.speaker), q.speaker_text, q.cue, q.kind, q.text, q.start, q.end)
            )
        for k, n in enumerate(analysis.quantities):
            self.rows["quantities"].append(
                (
                    d.id,
                    n.id,
                    k,
                    n.text,
                    n.value,
                    n.unit,
                    n.approximate,
                    n.change,
                    n.measure,
                    n.period.text if n.period else None,
                    n.period.value if n.period else None,
                    n.attributed_to,
                    canon.get(n.attributed_to),
                    n.start,
                    n.end,
                )
            )
        for i, t in enumerate(analysis.timexes):
            self.rows["timexes"].append((d.id, i, t.text, t.value, t.type, t.start, t.end))
        return True

    def tables(self) -> dict[str, pa.Table]:
        return {name: rows_to_table(name, rows) for name, rows in self.rows.items()}


def rows_to_table(name: str, rows: list[tuple]) -> pa.Table:
    schema = arrow_schema(name)
    cols = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(cols, schema)], schema=schema)


def analyses_to_tables(items: Iterable[tuple[Analysis, str | None, str | None]]) -> dict[str, pa.Table]:
    """(analysis, origin, origin kind) triples to one Arrow table per store table."""
    b = TableBuilder()
    for analysis, origin, kind in items:
        b.add(analysis, origin, kind)
    return b.tables()


__all__ = ["TableBuilder", "analyses_to_tables", "canonical_entity_id", "columns", "event_dates", "timex_interval"]
