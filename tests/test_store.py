"""The store: idempotent batch writes, corpus-wide entities, cross-article event clusters and contested
claims, queries and exports, on analyses built by hand (no NLP)."""

from __future__ import annotations

import csv
import json

import pytest

from newsgraph.cli import main
from newsgraph.model import Analysis, Document, Entity, Event, Quantity, Quote, Span, TimeRef, Timex
from newsgraph.pipeline import document_id
from newsgraph.store import Store, StoreError, export
from newsgraph.store import queries as q
from newsgraph.store.cluster import assign_clusters
from newsgraph.store.export import GDELT_COLUMNS
from newsgraph.store.rows import analyses_to_tables, canonical_entity_id, event_dates, timex_interval

# (id, name, type, country, actor_code, kb_id)
ORBANIA = ("e1", "Orbania", "GPE", "ORB", "ORB", "country:ORB")
VELDT = ("e2", "Veldt", "GPE", "VEL", "VEL", "country:VEL")
MINISTRY = ("e3", "Orbanian Defence Ministry", "ORG", "ORB", "ORBMIL", None)
PORT = ("e4", "Port Halden", "GPE", "VEL", "VEL", "place:port-halden")


def make(text, published, source, entities, events=(), quotes=(), quantities=(), timexes=()):
    """An Analysis built by hand: each entity is mentioned where its name first occurs in the text."""
    ents = []
    for eid, name, typ, country, code, kb in entities:
        at = text.find(name)
        spans = [Span(at, at + len(name), name)] if at >= 0 else []
        ents.append(Entity(eid, name, typ, country, code, None, kb, spans))
    evs = []
    for i, (code, src, tgt, status, *rest) in enumerate(events, 1):
        opts = rest[0] if rest else {}
        trig = opts.get("trigger", text.split()[1])
        at = text.find(trig)
        time = TimeRef(opts["time"], opts["time"]) if opts.get("time") else None
        quad = {"04": 1, "05": 1, "06": 2, "11": 3, "12": 3, "18": 4, "19": 4}.get(code[:2], 1)
        evs.append(
            Event(
                f"v{i}", code, f"label {code}", quad, 1.0 if quad < 3 else -9.0, src, tgt, opts.get("location"),
                status, opts.get("attributed_to"), time, Span(at, at + len(trig), trig), {"start": 0, "end": len(text)},
                0.8,
            )
        )  # fmt: skip
    return Analysis(
        Document(document_id(text), text, f"About {text[:20]}", source, f"https://{source.lower()}.test/a", published),
        ents,
        evs,
        list(quotes),
        list(quantities),
        list(timexes),
    )


def corpus():
    """Four articles: a shelling of Port Halden reported by two outlets and denied in a third; a visit."""
    a1 = make(
        "Orbania shelled Port Halden in Veldt on Monday, the Veldt government said.",
        "2024-03-05",
        "Daily Star",
        [ORBANIA, VELDT, PORT],
        [("190", "e1", "e2", "occurred", {"trigger": "shelled", "location": "e4", "time": "2024-03-04"})],
        timexes=[Timex("Monday", "2024-03-04", "DATE", 55, 61)],
    )
    a2 = make(
        "Veldt accused Orbania after Orbania shelled Port Halden in Veldt overnight.",
        "2024-03-06",
        "Evening Post",
        [VELDT, ORBANIA, PORT],
        [("195", "e2", "e1", "claimed", {"trigger": "shelled"}), ("190", "e2", "e1", "claimed")],
    )
    # the same shelling, from the other side: source e1 in this article is Orbania as well
    a3 = make(
        "Orbania denied that Orbania shelled Veldt, and the Orbanian Defence Ministry said 12 drones fell.",
        "2024-03-06",
        "Orbanian Herald",
        [ORBANIA, VELDT, MINISTRY],
        [("190", "e1", "e2", "denied", {"trigger": "shelled", "attributed_to": "e3"})],
        quotes=[Quote("q1", "e3", "the Orbanian Defence Ministry", "said", "indirect", "12 drones fell", 82, 96)],
        quantities=[Quantity("n1", "12", 12.0, "count", False, None, "drones", None, "e3", 82, 84)],
    )
    a4 = make(
        "Veldt hosted Orbania for talks in May, weeks after Veldt met Orbania.",
        "2024-05-20",
        "Daily Star",
        [VELDT, ORBANIA],
        [("040", "e2", "e1", "occurred", {"trigger": "talks", "time": "2024-05"})],
    )
    return [a1, a2, a3, a4]


def write(path, analyses, origin="test"):
    with Store(path) as store:
        new, unchanged = store.write(analyses_to_tables((a, origin, "test") for a in analyses))
        store.finish()
    return new, unchanged


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """A small store, shared by the tests that only read it."""
    path = tmp_path_factory.mktemp("store") / "s.duckdb"
    write(path, corpus())
    return path


def snapshot(path):
    """Row counts and the sorted ids of every table: what two equivalent stores share."""
    keys = {
        "documents": "doc_id",
        "entities": "entity_id",
        "doc_entities": "doc_id, local_id",
        "mentions": "doc_id, entity_local, ordinal",
        "events": "doc_id, event_id",
        "quotes": "doc_id, quote_id",
        "quantities": "doc_id, quantity_id",
        "timexes": "doc_id, ordinal",
        "event_clusters": "doc_id, event_id, cluster_id",
        "corpus_events": "cluster_id, n_articles, n_mentions",
    }
    with Store(path, read_only=True) as store:
        return {t: store.con.execute(f"SELECT {k} FROM {t} ORDER BY ALL").fetchall() for t, k in keys.items()}


def test_store_write_is_idempotent_and_counts_new_and_unchanged(tmp_path):
    path = tmp_path / "s.duckdb"
    arts = corpus()
    assert write(path, arts[:3]) == (3, 0)
    before = snapshot(path)
    assert write(path, arts) == (1, 3)
    assert write(path, arts + arts[:1]) == (0, 4)  # a repeat within one batch is dropped when built
    after = snapshot(path)
    assert len(after["documents"]) == 4
    assert set(before["events"]) < set(after["events"])
    assert len(after["events"]) == len(set(after["events"])) == 5


def test_store_entities_are_canonical_across_articles(store_path):
    with Store(store_path, read_only=True) as s:
        rows = s.con.execute(
            "SELECT entity_id, count(DISTINCT doc_id) FROM doc_entities GROUP BY 1 ORDER BY 1"
        ).fetchall()
        ev = s.con.execute("SELECT DISTINCT source_entity FROM events WHERE source_local = 'e1'").fetchall()
    assert dict(rows)["country:ORB"] == 4
    assert dict(rows)["country:VEL"] == 4
    assert ev == [("country:ORB",)]  # the article's own id e1 links to the corpus entity


def test_store_canonical_id_without_kb_folds_name_and_keeps_type_and_country():
    a = canonical_entity_id("The Orbanian Defence Ministry", "ORG", "ORB", None)
    assert a == canonical_entity_id("Orbanian defence ministry", "ORG", "ORB", None)
    assert a != canonical_entity_id("Orbanian Defence Ministry", "ORG", "VEL", None)
    assert a != canonical_entity_id("Orbanian Defence Ministry", "PERSON", "ORB", None)
    assert canonical_entity_id("x", "ORG", None, "org:x") == "org:x"


def test_store_timex_intervals_and_event_dates():
    assert timex_interval("2024-02") == (timex_interval("2024-02-01")[0], timex_interval("2024-02-29")[0])
    assert timex_interval("2024-W10")[0].isoformat() == "2024-03-04"
    assert timex_interval("2023-01/2023-03")[1].isoformat() == "2023-03-31"
    assert timex_interval("PAST_REF") is None and timex_interval("P3W") is None
    # a year is too coarse to date an event: the article's date is used instead
    assert event_dates("2024", "2024-03-05")[0].isoformat() == "2024-03-05"
    assert event_dates(None, None) == (None, None)


def test_store_clusters_same_event_across_articles(store_path):
    with Store(store_path, read_only=True) as s:
        ce = q.corpus_events(s.con, actor="ORB", code="19").to_dicts()
    # a1 (occurred, Mar 4) and a3 (denied, Mar 6) are one event; a2's events have Veldt as source
    shelling = [c for c in ce if c["code"].startswith("190")]
    assert len(shelling) == 1
    c = shelling[0]
    assert (c["articles"], c["sources"], c["mentions"]) == (2, 2, 2)
    assert c["statuses"] == "denied,occurred"
    assert c["contested"] is True
    assert str(c["first_seen"]) == "2024-03-05" and str(c["last_seen"]) == "2024-03-06"
    assert c["place"] == "Port Halden"


def test_store_contested_claims_pair_the_claim_and_the_denial(store_path):
    with Store(store_path, read_only=True) as s:
        rows = q.contested(s.con).to_dicts()
    assert len(rows) == 1
    r = rows[0]
    assert r["claim_outlet"] == "Daily Star" and r["claim_status"] == "occurred"
    assert r["denial_outlet"] == "Orbanian Herald" and r["denied_by"] == "Orbanian Defence Ministry"


def _row(doc, eid, src, tgt, root, place, start, end=None):
    return (doc, eid, src, tgt, root, place, start, end or start)


def test_store_cluster_assignment_rules():
    from datetime import date

    d = date(2024, 3, 1)
    from datetime import timedelta

    rows = [
        _row("a", "v1", "X", "Y", "19", "P", d),
        _row("b", "v1", "X", "Y", "19", None, d + timedelta(2)),  # no place: compatible
        _row("c", "v1", "X", "Y", "19", "Q", d + timedelta(3)),  # other place: another event
        _row("d", "v1", "X", "Y", "19", "P", d + timedelta(30)),  # weeks later: another event
        _row("e", "v1", "X", "Y", "19", None, None, None),  # undated
        _row("f", "v1", "X", "Y", "19", None, None, None),  # undated: with e
        _row("g", "v1", None, None, "19", None, d),  # no actors: alone
        _row("h", "v1", None, None, "19", None, d),
    ]
    got = {doc: cid for doc, _, cid in assign_clusters(rows)}
    assert got["a"] == got["b"]
    assert len({got["a"], got["c"], got["d"], got["e"]}) == 4
    assert got["e"] == got["f"]
    assert got["g"] != got["h"]


def test_store_clusters_do_not_depend_on_ingest_order(tmp_path):
    arts = corpus()
    write(tmp_path / "a.duckdb", arts)
    for a in reversed(arts):
        write(tmp_path / "b.duckdb", [a])
    assert snapshot(tmp_path / "a.duckdb") == snapshot(tmp_path / "b.duckdb")


def test_store_queries_filter_events(store_path):
    with Store(store_path, read_only=True) as s:
        con = s.con
        assert len(q.events(con).rows) == 5
        assert {r["status"] for r in q.events(con, actor="orbania").to_dicts()} == {"occurred", "denied"}
        assert [r["code"] for r in q.events(con, actor="Veldt", target="ORB", code="04").to_dicts()] == ["040"]
        assert len(q.events(con, status="claimed").rows) == 2
        assert len(q.events(con, since="2024-04").rows) == 1
        assert len(q.events(con, until="2024-03-05").rows) == 1  # a1 only: dated Mar 4
        with pytest.raises(Exception, match="status"):
            q.events(con, status="maybe")


def test_store_queries_actors_quotes_figures_dyads(store_path):
    with Store(store_path, read_only=True) as s:
        con = s.con
        orb = q.actors(con, "Orbania").to_dicts()[0]
        assert orb["documents"] == 4 and orb["as_source"] == 2 and orb["as_target"] == 3
        assert orb["partners"].startswith("Veldt (5)")
        assert q.actors(con, "ORBMIL").to_dicts()[0]["quotes"] == 1
        assert q.quotes(con, speaker="defence").to_dicts()[0]["text"] == "12 drones fell"
        assert q.quotes(con, contains="tanks").rows == []
        assert q.figures(con, measure="drone").to_dicts()[0]["attributed_to"] == "Orbanian Defence Ministry"
        months = q.dyads(con, "ORB", "VEL", by="month").to_dicts()
        assert [m["period"] for m in months] == ["2024-03", "2024-05"]
        assert months[1]["verbal_coop"] == 1 and months[1]["b_to_a"] == 1
        assert months[0]["material_conflict"] >= 1 and months[0]["mean_goldstein"] < 0


def test_store_search_uses_the_offline_fts_index(store_path):
    with Store(store_path, read_only=True) as s:
        hits = q.search(s.con, "drones").to_dicts()
    assert len(hits) == 1 and hits[0]["outlet"] == "Orbanian Herald"
    assert "drones" in hits[0]["snippet"]


def test_store_sql_is_read_only(store_path, capsys):
    assert main(["sql", "SELECT count(*) AS n FROM documents", "--db", str(store_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 4}]
    assert main(["sql", "DELETE FROM documents", "--db", str(store_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "read-only" in err[0]
    with Store(store_path, read_only=True) as s:
        assert s.count() == 4


def test_store_missing_or_foreign_file_is_one_line_error(tmp_path, capsys):
    assert main(["events", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no such store" in capsys.readouterr().err
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    with pytest.raises(StoreError):
        Store(bad, read_only=True)


def test_store_cli_formats(store_path, capsys):
    assert main(["events", "--db", str(store_path), "--format", "csv", "--code", "04"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["code"] for r in rows] == ["040"]
    assert main(["actors", "--db", str(store_path), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["actor", "type", "country"] and "(2 rows)" in out


def test_store_export_jsonl_round_trips_the_contract(store_path, tmp_path):
    out = tmp_path / "out.jsonl"
    with Store(store_path, read_only=True) as s:
        assert export(s.con, "jsonl", out) == 4
    got = {json.loads(line)["document"]["id"]: json.loads(line) for line in out.read_text().splitlines()}
    for a in corpus():
        back = Analysis.from_dict(got[a.document.id])
        assert back.to_dict() == a.to_dict()


def test_store_export_gdelt_has_61_columns_in_order(store_path, tmp_path):
    out = tmp_path / "events.tsv"
    with Store(store_path, read_only=True) as s:
        n = export(s.con, "gdelt", out)
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert len(rows) == n == 3  # 5 article events in 3 corpus events (a2's two are one)
    assert all(len(r) == 61 for r in rows)
    assert GDELT_COLUMNS[26] == "EventCode" and GDELT_COLUMNS[-1] == "SOURCEURL"
    shelling = next(dict(zip(GDELT_COLUMNS, r)) for r in rows if r[26] == "190" and r[5] == "ORB")
    assert shelling["SQLDATE"] == "20240304" and shelling["Actor2Code"] == "VEL"
    assert shelling["NumArticles"] == "2" and shelling["NumSources"] == "2" and shelling["EventRootCode"] == "19"
    assert shelling["ActionGeo_FullName"] == "Port Halden" and shelling["AvgTone"] == "0"
    assert shelling["SOURCEURL"].startswith("https://")


def test_store_export_tables_as_csv_and_parquet(store_path, tmp_path):
    import pyarrow.parquet as pq

    with Store(store_path, read_only=True) as s:
        export(s.con, "parquet", tmp_path / "pq")
        export(s.con, "csv", tmp_path / "csv")
    assert pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == 5
    assert len((tmp_path / "csv" / "documents.csv").read_text().splitlines()) >= 5
    assert (tmp_path / "csv" / "contested_claims.csv").exists()


def test_store_locked_by_a_writer_is_one_line_error(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "busy.duckdb"
    with Store(path):  # an ingest holds the file
        proc = subprocess.run(
            [sys.executable, "-m", "newsgraph.cli", "sql", "SELECT 1", "--db", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use by another process" in lines[0]
