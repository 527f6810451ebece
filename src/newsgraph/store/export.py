"""Exports of a store: `jsonl` (one newsgraph.analysis/1 document per line, rebuilt from the tables),
`csv` and `parquet` (a folder with one file per table), and `gdelt` (the GDELT 2.0 event table: 61
tab-separated columns, no header, one row per corpus event)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from ..errors import InputError
from ..model import SCHEMA
from .schema import DERIVED, TABLES

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "gdelt")
_BATCH = 500


def export(con, fmt: str, out: str | Path) -> int:
    """Write the store in `fmt` to `out` (a file for jsonl and gdelt, a folder for csv and parquet).
    Returns the number of records (documents, rows or events) written."""
    out = Path(out)
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if fmt in ("csv", "parquet"):
        if out.exists() and not out.is_dir():
            raise InputError(f"{out}: exists and is not a folder (csv and parquet exports write a folder)")
        out.mkdir(parents=True, exist_ok=True)
        return export_tables(con, fmt, out)
    if out.is_dir():
        raise InputError(f"{out}: is a folder ({fmt} export writes a file)")
    if not out.parent.exists():
        raise InputError(f"{out}: folder {out.parent} does not exist")
    return export_jsonl(con, out) if fmt == "jsonl" else export_gdelt(con, out)


def export_tables(con, fmt: str, out: Path) -> int:
    options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
    n = 0
    for table in [*TABLES, *DERIVED, "contested_claims"]:
        target = str(out / f"{table}.{fmt}").replace("'", "''")
        con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' {options}")
        n += con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return n


# ---------------------------------------------------------------------------------------------- jsonl
def _rows(con, sql: str, ids: list[str]) -> dict[str, list[dict]]:
    cur = con.execute(sql, [ids])
    cols = [d[0] for d in cur.description]
    grouped = defaultdict(list)
    for r in cur.fetchall():
        d = dict(zip(cols, r))
        grouped[d["doc_id"]].append(d)
    return grouped


def _time(text, value):
    return {"text": text, "value": value} if text is not None or value is not None else None


def document_dicts(con, ids: list[str]) -> list[dict]:
    """The newsgraph.analysis/1 dicts of these stored documents, in the given order."""
    docs = _rows(con, "SELECT * FROM documents WHERE doc_id IN (SELECT unnest(?))", ids)
    ents = _rows(con, "SELECT * FROM doc_entities WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, ordinal", ids)
    ments = _rows(con, "SELECT * FROM mentions WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, ordinal", ids)
    evs = _rows(con, "SELECT * FROM events WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, ordinal", ids)
    qs = _rows(con, "SELECT * FROM quotes WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, ordinal", ids)
    ns = _rows(con, "SELECT * FROM quantities WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, ordinal", ids)
    ts = _rows(con, "SELECT * FROM timexes WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, ordinal", ids)
    out = []
    for doc_id in ids:
        if doc_id not in docs:
            continue
        d = docs[doc_id][0]
        by_entity = defaultdict(list)
        for m in ments.get(doc_id, []):
            by_entity[m["entity_local"]].append({"start": m["start"], "end": m["end"], "text": m["text"]})
        out.append(
            {
                "schema": SCHEMA,
                "document": {
                    "id": doc_id,
                    "text": d["text"],
                    "title": d["title"],
                    "source": d["source"],
                    "url": d["url"],
                    "published": d["published"],
                    "language": d["language"],
                },
                "provenance": {
                    "origin": d["origin"],
                    "origin_kind": d["origin_kind"],
                    "ingested_at": d["ingested_at"].isoformat() if d["ingested_at"] else None,
                    "pipeline_version": d["pipeline_version"],
                },
                "entities": [
                    {
                        "id": e["local_id"],
                        "name": e["name"],
                        "type": e["type"],
                        "country": e["country"],
                        "actor_code": e["actor_code"],
                        "role": e["role"],
                        "kb_id": e["kb_id"],
                        "corpus_id": e["entity_id"],
                        "mentions": by_entity.get(e["local_id"], []),
                    }
                    for e in ents.get(doc_id, [])
                ],
                "events": [
                    {
                        "id": v["event_id"],
                        "code": v["code"],
                        "label": v["label"],
                        "quad_class": v["quad_class"],
                        "goldstein": v["goldstein"],
                        "source": v["source_local"],
                        "target": v["target_local"],
                        "location": v["location_local"],
                        "status": v["status"],
                        "attributed_to": v["attributed_local"],
                        "time": _time(v["time_text"], v["time_value"]),
                        "trigger": {"start": v["trigger_start"], "end": v["trigger_end"], "text": v["trigger_text"]},
                        "evidence": {"start": v["evidence_start"], "end": v["evidence_end"]}
                        if v["evidence_start"] is not None
                        else {},
                        "confidence": v["confidence"],
                    }
                    for v in evs.get(doc_id, [])
                ],
                "quotes": [
                    {
                        "id": q["quote_id"],
                        "speaker": q["speaker_local"],
                        "speaker_text": q["speaker_text"],
                        "cue": q["cue"],
                        "kind": q["kind"],
                        "text": q["text"],
                        "start": q["start"],
                        "end": q["end"],
                    }
                    for q in qs.get(doc_id, [])
                ],
                "quantities": [
                    {
                        "id": n["quantity_id"],
                        "text": n["text"],
                        "value": n["value"],
                        "unit": n["unit"],
                        "approximate": n["approximate"],
                        "change": n["change"],
                        "measure": n["measure"],
                        "period": _time(n["period_text"], n["period_value"]),
                        "attributed_to": n["attributed_local"],
                        "start": n["start"],
                        "end": n["end"],
                    }
                    for n in ns.get(doc_id, [])
                ],
                "timexes": [
                    {"text": t["text"], "value": t["value"], "type": t["type"], "start": t["start"], "end": t["end"]}
                    for t in ts.get(doc_id, [])
                ],
            }
        )
    return out


def export_jsonl(con, out: Path) -> int:
    n = 0
    cur = con.cursor()
    try:
        reader = cur.execute("SELECT doc_id FROM documents ORDER BY doc_id").to_arrow_reader(_BATCH)
        with open(out, "w", encoding="utf-8") as fh:
            for batch in reader:
                for d in document_dicts(con, batch.column(0).to_pylist()):
                    fh.write(json.dumps(d, ensure_ascii=False, default=str) + "\n")
                    n += 1
    finally:
        cur.close()
    return n


# ---------------------------------------------------------------------------------------------- gdelt
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]  # fmt: skip
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale"]
    + ["NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO]
    + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
assert len(GDELT_COLUMNS) == 61

_GDELT_SQL = """
WITH firsts AS (
    SELECT ec.cluster_id,
           min(d.ingested_at) AS added,
           first(coalesce(d.url, d.origin) ORDER BY d.published_date NULLS LAST, d.ingested_at, d.doc_id) AS url,
           bool_or(e.trigger_start < coalesce(nullif(strpos(d.text, chr(10) || chr(10)), 0), 400)) AS root
    FROM event_clusters ec
    JOIN events e USING (doc_id, event_id)
    JOIN documents d USING (doc_id)
    GROUP BY ec.cluster_id
)
SELECT c.gdelt_id, c.date_start, c.code, c.root_code, c.quad_class, c.goldstein, c.n_mentions, c.n_sources,
       c.n_articles, f.added, f.url, f.root,
       s.name, s.country, s.actor_code, t.name, t.country, t.actor_code,
       l.name, l.type, l.country, l.kb_id
FROM corpus_events c
JOIN firsts f USING (cluster_id)
LEFT JOIN entities s ON s.entity_id = c.source_entity
LEFT JOIN entities t ON t.entity_id = c.target_entity
LEFT JOIN entities l ON l.entity_id = c.location_entity
WHERE regexp_matches(c.statuses, 'occurred|claimed|planned|possible')
ORDER BY c.date_start NULLS LAST, c.gdelt_id
"""


def _clean(v) -> str:
    if v is None:
        return ""
    return " ".join(str(v).split())


def _actor_fields(name, country, code) -> list:
    code = code or ""
    known = code[3:] if code.startswith("IGO") else ""
    type1 = code[3:6] if country and code.startswith(country) and len(code) > 3 else ""
    return [code, (name or "").upper(), country or "", known, "", "", "", type1, "", ""]


def _geo_fields(name, etype, country, kb_id, iso2: dict[str, str]) -> list:
    if not name:
        return [""] * 8
    kb_id = kb_id or ""
    gtype = 1 if kb_id.startswith("country:") else 4 if etype in ("GPE", "FAC") and country else 0
    return [gtype, name, iso2.get(country or "", ""), "", "", "", "", ""]


def gdelt_rows(con):
    """The rows of the GDELT export (lists of 61 values), one per corpus event that some article reports as
    happened, claimed, planned or possible (events only denied or negated are left out). Actor codes are
    CAMEO (countries ISO3); geography comes from the event's location entity: type (1 country, 4 city
    or place), name and ISO 3166 alpha-2 country; no coordinates. AvgTone is 0 (no tone is computed)."""
    from ..kb import load_kb

    iso2 = {c.iso3: c.iso2 for c in load_kb().countries.values()}
    cur = con.cursor()
    try:
        cur.execute(_GDELT_SQL)
        while True:
            batch = cur.fetchmany(_BATCH)
            if not batch:
                break
            for r in batch:
                (gid, day, code, root, quad, goldstein, n_m, n_s, n_a, added, url, is_root) = r[:12]
                s_name, s_c, s_code, t_name, t_c, t_code, l_name, l_type, l_c, l_kb = r[12:]
                day = day or (added.date() if added else date(1970, 1, 1))
                frac = day.year + (day.timetuple().tm_yday - 1) / 365
                code = code or ""
                added = added or datetime(1970, 1, 1)
                yield (
                    [gid, day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{frac:.4f}"]
                    + _actor_fields(s_name, s_c, s_code)
                    + _actor_fields(t_name, t_c, t_code)
                    + [1 if is_root else 0, code, code[:3], root or code[:2], quad, goldstein]
                    + [n_m, n_s, n_a, 0]
                    + [""] * 8
                    + [""] * 8
                    + _geo_fields(l_name, l_type, l_c, l_kb, iso2)
                    + [added.strftime("%Y%m%d%H%M%S"), url]
                )
    finally:
        cur.close()


def export_gdelt(con, out: Path) -> int:
    n = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for row in gdelt_rows(con):
            fh.write("\t".join(_clean(v) for v in row) + "\n")
            n += 1
    return n
