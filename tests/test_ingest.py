"""Ingest: every reader on a mixed folder plus an RSS feed served on 127.0.0.1, broken files reported and
skipped, a second run that changes nothing, and a kill -9 mid-run followed by a restart."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.ingest import Article, Failure, Reader, ingest
from newsgraph.store import Store

from .test_store import snapshot

# Short made-up news items (place names are real, the events are not).
STORIES = [
    "The foreign minister of Kenya met his Ugandan counterpart in Nairobi on Tuesday to discuss a new railway.",
    "Chile and Peru signed an agreement on fishing rights in Lima on Friday, officials said.",
    "The prime minister of Norway visited Iceland last week and promised closer cooperation on fisheries.",
    "Protesters in Madrid demanded lower rents on Sunday, and the mayor said he would meet their leaders.",
    "The central bank of Ghana raised interest rates by two points on Monday to curb inflation of 40%.",
    "Vietnam hosted the Japanese prime minister in Hanoi, where the two leaders discussed trade and ports.",
    "Police in Dhaka arrested 12 opposition activists on Thursday after a rally, a spokesman said.",
    "Canada announced new sanctions against Belarus on Wednesday over the detention of journalists.",
]


def page(title: str, body: str) -> str:
    filler = "Officials in both capitals said further talks would follow later in the year, according to a statement."
    return (
        f"<html><head><title>{title}</title><meta name='date' content='2024-04-02'></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1><p>{body}</p><p>{filler}</p></article>"
        "<footer>Copyright</footer></body></html>"
    )


def warc_bytes(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        )
    img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://news.test/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=img
        )
    )
    return buf.getvalue()


@pytest.fixture()
def feed_server(tmp_path):
    """An RSS feed and its pages on a local HTTP server (127.0.0.1, a free port)."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "one.html").write_text(page("Fisheries deal", STORIES[2]))
    (root / "two.html").write_text(page("Rates rise", STORIES[4]))

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(
        f"<item><title>{t}</title><link>{base}/{f}</link><pubDate>Tue, 02 Apr 2024 09:00:00 GMT</pubDate></item>"
        for t, f in (("Fisheries deal", "one.html"), ("Rates rise", "two.html"), ("Gone", "missing.html"))
    )
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{items}</channel></rss>'
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture()
def mixed_folder(tmp_path):
    d = tmp_path / "news"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("Railway talks\n" + STORIES[0] + "\n")
    (d / "b.md").write_text("# Fishing accord\n\n" + STORIES[1] + "\n")
    (d / "sub" / "c.html").write_text(page("Rent protest", STORIES[3]))
    lines = [
        json.dumps({"text": STORIES[5], "title": "Hanoi visit", "published": "2024-04-01", "source": "Wire A"}),
        "{not json",
        json.dumps({"text": STORIES[6], "published": "Mon, 01 Apr 2024 10:00:00 GMT"}),
        json.dumps({"text": STORIES[0], "title": "Same text as a.txt"}),
    ]
    (d / "d.jsonl").write_text("\n".join(lines) + "\n")
    (d / "e.warc.gz").write_bytes(warc_bytes([("https://news.test/sanctions", page("Sanctions", STORIES[7]))]))
    # broken files
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    whole = gzip.compress((json.dumps({"text": STORIES[1] * 3}) + "\n").encode())
    (d / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (d / "notext.html").write_text("<html><head><title>x</title></head><body><div></div></body></html>")
    with open(d / "huge.txt", "wb") as fh:
        fh.write(b"All quiet today. " * (20 * 1024 * 1024 // 17 + 1))
    (d / "photo.png").write_bytes(b"\x89PNG")  # another type: ignored, not a failure
    return d


def test_ingest_mixed_folder_twice_counts_failures_and_idempotence(analyze, mixed_folder, feed_server, tmp_path):
    db = tmp_path / "news.duckdb"
    sources = [str(mixed_folder), feed_server + "/feed.xml"]
    first = ingest(sources, db=db, fetch_delay=0, progress=False)
    reasons = {Path(o).name if not o.startswith("http") else o.rsplit("/", 1)[-1]: r for o, r in first.failures}
    assert reasons == {
        "d.jsonl:2": "invalid JSON (Expecting property name enclosed in double quotes)",
        "empty.txt": "file is empty",
        "binary.txt": "looks like a binary file, not text",
        "cut.jsonl.gz": reasons["cut.jsonl.gz"],
        "notext.html": "no article text found in the HTML",
        "huge.txt": "file is larger than 10 MB",
        "missing.html": "HTTP 404",
    }
    assert reasons["cut.jsonl.gz"].startswith("truncated or corrupt gzip")
    # 9 articles read: txt, md, html, 3 JSON lines, 1 WARC page, 2 feed items; one repeats a.txt
    assert (first.read, first.new, first.unchanged, first.failed, first.ignored) == (9, 8, 1, 7, 1)
    stored = snapshot(db)
    with Store(db, read_only=True) as s:
        docs = dict(s.con.execute("SELECT origin_kind, count(*) FROM documents GROUP BY 1").fetchall())
        meta = s.con.execute(
            "SELECT title, source, published, url FROM documents WHERE origin_kind = 'rss' ORDER BY title"
        ).fetchall()
        prov = s.con.execute("SELECT count(*) FROM documents WHERE ingested_at IS NULL OR pipeline_version IS NULL")
        assert prov.fetchone()[0] == 0
    assert docs == {"txt": 1, "md": 1, "html": 1, "jsonl": 2, "warc": 1, "rss": 2}
    assert meta[0][:3] == ("Fisheries deal", "Test Wire", "2024-04-02")
    assert meta[0][3] == feed_server + "/one.html"

    second = ingest(sources, db=db, fetch_delay=0, progress=False)
    assert (second.read, second.new, second.unchanged, second.failed) == (9, 0, 9, 7)
    assert snapshot(db) == stored


def test_ingest_cli_prints_summary_and_json(analyze, tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps({"text": t}) for t in STORIES[:3]) + "\n")
    db = tmp_path / "x.duckdb"
    assert main(["ingest", str(src), str(tmp_path / "nothing-here"), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("read 3 · new 3 · unchanged 0 · failed 1")
    assert "nothing-here: no such file or directory" in out
    assert main(["ingest", str(src), "--db", str(db), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["read"], summary["new"], summary["unchanged"]) == (3, 0, 3)


def test_ingest_json_field_names_are_configurable(tmp_path):
    src = tmp_path / "a.json"
    src.write_text(json.dumps([{"body": STORIES[0], "headline": "H", "date": "2024-01-02"}, {"other": 1}]))
    got = list(Reader(fields={"text": "body", "title": "headline", "published": "date"}).read([str(src)]))
    assert isinstance(got[0], Article) and (got[0].title, got[0].published) == ("H", "2024-01-02")
    assert isinstance(got[1], Failure) and got[1].reason == "no 'body' field"


def test_ingest_text_file_title_and_long_text(tmp_path):
    (tmp_path / "one.md").write_text("## Headline here\n\nBody text.\n")
    (tmp_path / "long.jsonl").write_text(json.dumps({"text": "word " * 300_000}) + "\n")
    got = list(Reader().read([str(tmp_path)]))
    arts = [g for g in got if isinstance(g, Article)]
    assert [(a.title, a.text) for a in arts] == [("Headline here", "Body text.")]
    assert [f.reason for f in got if isinstance(f, Failure)] == ["article is longer than 1,000,000 characters"]


def test_ingest_bad_worker_count_is_one_line_error(tmp_path, capsys):
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--workers", "0"]) == 2
    assert capsys.readouterr().err.startswith("newsgraph: error: --workers")


def _corpus_file(path: Path, n: int) -> Path:
    with open(path, "w") as fh:
        for i in range(n):
            text = f"{STORIES[i % len(STORIES)]} The report was number {i} in the series."
            fh.write(
                json.dumps({"text": text, "published": f"2024-02-{1 + i % 28:02d}", "source": f"Wire {i % 3}"}) + "\n"
            )
    return path


def test_ingest_killed_mid_run_then_restarted_loses_and_duplicates_nothing(analyze, tmp_path):
    src = _corpus_file(tmp_path / "many.jsonl", 48)
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-m", "newsgraph.cli", "ingest", str(src), "--db", str(db), "--batch", "3", "-v"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    committed = 0
    deadline = time.monotonic() + 90
    try:
        for line in proc.stderr:
            if line.startswith("batch "):
                committed += 1
                if committed == 3:
                    time.sleep(0.05)  # land somewhere inside the next batch
                    os.kill(proc.pid, signal.SIGKILL)
                    break
            assert time.monotonic() < deadline, "ingest never committed a batch"
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Store(db, read_only=True) as s:
        partial = s.count()
    assert 9 <= partial < 48  # killed mid-run: some batches committed, not all

    again = ingest([str(src)], db=db, progress=False)
    assert again.new == 48 - partial and again.unchanged == partial and again.failed == 0
    clean = tmp_path / "clean.duckdb"
    ingest([str(src)], db=clean, progress=False)
    assert snapshot(db) == snapshot(clean)


def test_ingest_truncated_warc_keeps_whole_pages_and_reports_the_rest(tmp_path):
    data = warc_bytes([(f"https://news.test/{i}", page(f"Story {i}", STORIES[i])) for i in range(3)])
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    got = list(Reader().read([str(tmp_path / "cut.warc.gz")]))
    assert isinstance(got[0], Article) and got[0].url == "https://news.test/0"
    assert isinstance(got[-1], Failure) and got[-1].reason.startswith("truncated gzip file after")
    (tmp_path / "whole.warc.gz").write_bytes(data)
    assert [type(g) for g in Reader().read([str(tmp_path / "whole.warc.gz")])] == [Article] * 3


def test_ingest_atom_feed_items():
    from newsgraph.ingest.web import looks_like_feed, parse_feed

    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>'
        b'<entry><title>One</title><link rel="alternate" href="https://news.test/1"/>'
        b"<updated>2024-05-01T08:00:00Z</updated></entry></feed>"
    )
    assert looks_like_feed(atom)
    title, items = parse_feed(atom)
    assert title == "Desk"
    assert [(i.link, i.title, i.published) for i in items] == [("https://news.test/1", "One", "2024-05-01T08:00:00Z")]
    with pytest.raises(ValueError):
        parse_feed(b"<html><body>no feed</body></html>")
