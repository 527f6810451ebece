"""Corpus commands: ingest, the queries (events, contested, actors, quotes, figures, dyads, search, sql) and
export, registered on the main parser. Each is a few lines over newsgraph.ingest / newsgraph.store."""

from __future__ import annotations

import argparse
import json
import sys

from .errors import InputError


def _db(p) -> None:
    p.add_argument(
        "--db", metavar="FILE", default="newsgraph.duckdb", help="the store file (default: newsgraph.duckdb)"
    )


def _query_parent() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    _db(p)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table", help="output format (default: table)")
    p.add_argument("--limit", metavar="N", type=int, default=100, help="at most this many rows (0: all; default 100)")
    return p


def _show(args, fn, *a, **kw) -> int:
    from .store import Store
    from .store.output import render

    with Store(args.db, read_only=True) as store:
        result = fn(store.con, *a, **kw)
    print(render(result, args.format))
    return 0


def _fields(values: list[str] | None) -> dict[str, str]:
    out = {}
    for v in values or []:
        name, sep, key = v.partition("=")
        if not sep or name not in ("text", "title", "published", "source", "url") or not key:
            raise InputError(f"--field {v!r}: use NAME=KEY with NAME one of text, title, published, source, url")
        out[name] = key
    return out


def cmd_ingest(args) -> int:
    from .ingest import ingest

    if args.workers < 1:
        raise InputError("--workers must be at least 1")
    log = (lambda line: print(line, file=sys.stderr, flush=True)) if args.verbose else None
    summary = ingest(
        args.sources,
        db=args.db,
        workers=args.workers,
        scheduler=args.scheduler,
        batch_size=args.batch,
        fields=_fields(args.field),
        fetch_delay=args.fetch_delay,
        progress=False if args.no_progress else None,
        log=log,
    )
    print(json.dumps(summary.as_dict(), indent=1) if args.json else summary.report())
    return 0


def cmd_events(args) -> int:
    from .store import queries

    if args.clustered:
        return _show(args, queries.corpus_events, args.actor, args.target, args.code, limit=args.limit)
    return _show(
        args, queries.events, args.actor, args.target, args.code, args.status, args.since, args.until, args.limit
    )


def cmd_export(args) -> int:
    from .store import Store, export

    with Store(args.db, read_only=True) as store:
        n = export(store.con, args.format, args.out)
    print(f"wrote {n} {'rows' if args.format in ('csv', 'parquet') else 'records'} to {args.out}", file=sys.stderr)
    return 0


def add_corpus_commands(sub) -> None:
    """Add the corpus subcommands to the `newsgraph` parser's subparsers."""
    from .store import queries

    q = _query_parent()

    i = sub.add_parser(
        "ingest",
        help="read, analyse and store articles (files, folders, feeds, URLs)",
        description="Read articles from .txt/.md (first line the title), .html, .json/.jsonl(.gz), .warc(.gz), "
        "RSS/Atom feeds (file or URL; each item's page is fetched), plain URLs and folders (recursively), "
        "analyse them and store them. Articles already stored are skipped; bad files are reported. "
        "Example: newsgraph ingest samples/corpus news/ https://example.org/feed.xml --db news.duckdb --workers 2",
    )
    i.add_argument("sources", nargs="+", metavar="SOURCE", help="a file, folder, feed or http(s) URL")
    _db(i)
    i.add_argument(
        "--workers", metavar="N", type=int, default=1, help="analyse in N local processes (default 1: this one)"
    )
    i.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="analyse on this Dask cluster instead")
    i.add_argument(
        "--batch", metavar="N", type=int, default=32, help="articles per worker task and per transaction (default 32)"
    )
    i.add_argument(
        "--field", action="append", metavar="NAME=KEY", help="JSON field names, e.g. --field text=body (repeatable)"
    )
    i.add_argument(
        "--fetch-delay",
        metavar="SECONDS",
        type=float,
        default=1.0,
        help="seconds between two requests to one host (default 1)",
    )
    i.add_argument("--no-progress", action="store_true", help="no progress bar (it shows only on a terminal anyway)")
    i.add_argument("-v", "--verbose", action="store_true", help="one line on stderr per committed batch")
    i.add_argument("--json", action="store_true", help="print the summary as JSON")
    i.set_defaults(func=cmd_ingest)

    e = sub.add_parser(
        "events",
        parents=[q],
        help="list events",
        description="Events, oldest first. --clustered lists corpus events (one per real-world event, with "
        "counts of articles and sources) instead of article mentions. "
        "Example: newsgraph events --actor RUS --code 04 --since 2024-01",
    )
    e.add_argument("--actor", help="source actor: a name ('putin') or code prefix ('RUS', 'RUSGOV')")
    e.add_argument("--target", help="target actor, likewise")
    e.add_argument("--code", help="CAMEO code prefix, e.g. 04 or 042")
    e.add_argument("--status", help="occurred, planned, possible, claimed, denied or negated")
    e.add_argument("--since", help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    e.add_argument("--until", help="up to this date")
    e.add_argument("--clustered", action="store_true", help="corpus events instead of article events")
    e.set_defaults(func=cmd_events)

    c = sub.add_parser(
        "contested",
        parents=[q],
        help="list contested claims",
        description="Events that one article asserts (occurred or claimed) and another reports denied. "
        "Example: newsgraph contested --format json",
    )
    c.set_defaults(func=lambda a: _show(a, queries.contested, a.limit))

    a = sub.add_parser(
        "actors",
        parents=[q],
        help="actors with roles, counts and top partners",
        description="Actors by number of articles, with roles, counts and top partners. Example: newsgraph actors putin",
    )
    a.add_argument("name", nargs="?", help="only actors matching this name or code")
    a.set_defaults(func=lambda a: _show(a, queries.actors, a.name, a.limit))

    qt = sub.add_parser(
        "quotes",
        parents=[q],
        help="list quotes",
        description="Quotes with speaker, kind and article. Example: newsgraph quotes --speaker Peskov --contains sanctions",
    )
    qt.add_argument("--speaker", help="speaker name (part of it)")
    qt.add_argument("--contains", help="words in the quote")
    qt.set_defaults(func=lambda a: _show(a, queries.quotes, a.speaker, a.contains, a.limit))

    f = sub.add_parser(
        "figures",
        parents=[q],
        help="list figures (quantities)",
        description="Numbers with unit, change, what they measure and who gives them. Example: newsgraph figures --measure trade",
    )
    f.add_argument("--measure", help="words in what is measured")
    f.set_defaults(func=lambda a: _show(a, queries.figures, a.measure, a.limit))

    d = sub.add_parser(
        "dyads",
        parents=[q],
        help="events between two actors over time",
        description="Corpus events between A and B (both directions) per period: counts by quad class and "
        "mean Goldstein score. Example: newsgraph dyads RUS UKR --by week",
    )
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--by", choices=["day", "week", "month"], default="month", help="period (default month)")
    d.set_defaults(func=lambda a: _show(a, queries.dyads, a.a, a.b, a.by))

    s = sub.add_parser(
        "search",
        parents=[q],
        help="full-text search over the articles",
        description="Articles matching the words, best first (BM25). Example: newsgraph search gas pipeline",
    )
    s.add_argument("words", nargs="+")
    s.set_defaults(func=lambda a: _show(a, queries.search, " ".join(a.words), a.limit))

    sq = sub.add_parser(
        "sql",
        parents=[q],
        help="run a read-only SQL query on the store",
        description="Run one SQL statement on a read-only connection to the store. Example: "
        'newsgraph sql "SELECT type, count(*) FROM entities GROUP BY type"',
    )
    sq.add_argument("query")
    sq.set_defaults(func=lambda a: _show(a, queries.sql, a.query))

    x = sub.add_parser(
        "export",
        help="export the store (jsonl, csv, parquet, gdelt)",
        description="jsonl: one newsgraph.analysis/1 document per line; csv, parquet: OUT is a folder with one "
        "file per table; gdelt: the GDELT 2.0 event table (61 tab-separated columns), one row per corpus event. "
        "Example: newsgraph export --format gdelt events.tsv",
    )
    x.add_argument("--format", choices=["jsonl", "csv", "parquet", "gdelt"], required=True)
    x.add_argument("out", metavar="OUT")
    _db(x)
    x.set_defaults(func=cmd_export)
