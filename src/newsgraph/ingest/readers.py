"""Readers: every source (a file, a folder, a feed, a URL) becomes a stream of Articles and Failures.
Nothing here raises for bad input: a problem becomes a Failure naming the file (and line or record),
and the stream goes on. Files are streamed (JSON Lines, WARC), never read whole unless they are one
article."""

from __future__ import annotations

import gzip
import json
import logging
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from .items import MAX_FILE_BYTES, Article, Failure, make_article
from .web import Fetcher, FetchError, looks_like_feed, parse_feed

TEXT_EXT = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_EXT = {".html": "html", ".htm": "html", ".xhtml": "html"}
JSON_EXT = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl"}
WARC_EXT = {".warc": "warc", ".warc.gz": "warc"}
FEED_EXT = {".rss": "rss", ".atom": "rss", ".xml": "rss"}
KINDS = {**TEXT_EXT, **HTML_EXT, **JSON_EXT, **WARC_EXT, **FEED_EXT}

DEFAULT_FIELDS = {"text": "text", "title": "title", "published": "published", "source": "source", "url": "url"}

for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for ext in sorted(KINDS, key=len, reverse=True):
        if name.endswith(ext):
            return KINDS[ext]
    return None


class Reader:
    """Reads sources into Articles and Failures. `fields` renames the JSON fields (e.g. text="body");
    `fetcher` is used for feeds and URLs. `ignored` counts files of other types met in folders."""

    def __init__(self, fields: dict[str, str] | None = None, fetcher: Fetcher | None = None, fetch_delay: float = 1.0):
        self.fields = {**DEFAULT_FIELDS, **(fields or {})}
        self._fetcher = fetcher
        self._fetch_delay = fetch_delay
        self.ignored = 0

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(delay=self._fetch_delay)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def read(self, sources: list[str]) -> Iterator[Article | Failure]:
        for source in sources:
            src = str(source)
            if src.startswith(("http://", "https://")):
                yield from self.read_url(src)
                continue
            path = Path(src)
            if path.is_dir():
                yield from self.read_dir(path)
            elif path.exists():
                yield from self.read_file(path, explicit=True)
            else:
                yield Failure(src, "no such file or directory")

    def read_dir(self, root: Path) -> Iterator[Article | Failure]:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                if kind_of(path) is None:
                    self.ignored += 1
                    continue
                yield from self.read_file(path)

    def read_file(self, path: Path, explicit: bool = False) -> Iterator[Article | Failure]:
        kind = kind_of(path)
        origin = str(path)
        try:
            if kind is None:
                kind = _sniff(path) if explicit else None
                if kind is None:
                    self.ignored += 1
                    return
            if kind in ("txt", "md"):
                yield self._text_file(path, kind)
            elif kind == "html":
                data = _small_file(path)
                yield html_article(data, origin, "html") if isinstance(data, bytes) else data
            elif kind == "json":
                yield from self._json_file(path)
            elif kind == "jsonl":
                yield from self._jsonl_file(path)
            elif kind == "warc":
                yield from self._warc_file(path)
            elif kind == "rss":
                data = _small_file(path)
                yield from self._feed(data, origin) if isinstance(data, bytes) else [data]
        except OSError as exc:
            yield Failure(origin, f"cannot read ({exc.strerror or exc.__class__.__name__})")

    # ------------------------------------------------------------------------------------ formats
    def _text_file(self, path: Path, kind: str) -> Article | Failure:
        data = _small_file(path)
        if isinstance(data, Failure):
            return data
        text = _decode(data, str(path))
        if isinstance(text, Failure):
            return text
        text = text.replace("\r\n", "\n").strip()
        first, _, rest = text.partition("\n")
        title = first.strip().lstrip("#").strip() if kind == "md" else first.strip()
        if rest.strip():
            return make_article(rest, str(path), kind, title=title)
        return make_article(text, str(path), kind)

    def _record(self, rec, origin: str, kind: str) -> Article | Failure:
        if not isinstance(rec, dict):
            return Failure(origin, f"a JSON {type(rec).__name__}, not an object")
        f = self.fields
        if f["text"] not in rec:
            return Failure(origin, f"no {f['text']!r} field")
        return make_article(
            rec.get(f["text"]),
            origin,
            kind,
            title=rec.get(f["title"]),
            published=rec.get(f["published"]),
            source=rec.get(f["source"]),
            url=rec.get(f["url"]),
        )

    def _json_file(self, path: Path) -> Iterator[Article | Failure]:
        data = _small_file(path, limit=20 * MAX_FILE_BYTES)
        if isinstance(data, Failure):
            yield data
            return
        text = _decode(data, str(path))
        if isinstance(text, Failure):
            yield text
            return
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Failure(str(path), f"invalid JSON at line {exc.lineno} ({exc.msg})")
            return
        records = doc if isinstance(doc, list) else doc.get("articles", [doc]) if isinstance(doc, dict) else [doc]
        for i, rec in enumerate(records):
            yield self._record(rec, f"{path}#{i}", "json")

    def _jsonl_file(self, path: Path) -> Iterator[Article | Failure]:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        lineno = 0
        try:
            with opener(path, "rb") as fh:
                for lineno, raw in enumerate(fh, 1):
                    if not raw.strip():
                        continue
                    origin = f"{path}:{lineno}"
                    try:
                        rec = json.loads(raw.decode("utf-8-sig"))
                    except UnicodeDecodeError:
                        yield Failure(origin, "not UTF-8 text")
                        continue
                    except json.JSONDecodeError as exc:
                        yield Failure(origin, f"invalid JSON ({exc.msg})")
                        continue
                    yield self._record(rec, origin, "jsonl")
            if lineno == 0:
                yield Failure(str(path), "file is empty")
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            yield Failure(str(path), f"truncated or corrupt gzip after line {lineno} ({exc.__class__.__name__})")

    def _warc_file(self, path: Path) -> Iterator[Article | Failure]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        n = 0
        try:
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{n}"
                    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                    status = record.http_headers.get_statuscode() or ""
                    if "html" not in ctype or not status.startswith("2"):
                        continue
                    n += 1
                    body = record.content_stream().read(MAX_FILE_BYTES + 1)
                    if len(body) > MAX_FILE_BYTES:
                        yield Failure(uri, f"page larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
                        continue
                    art = html_article(body, uri, "warc", url=uri)
                    if isinstance(art, Article):
                        art.published = art.published or _warc_date(record)
                    yield art
        except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
            msg = str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__
            yield Failure(str(path), f"truncated or corrupt WARC after {n} pages ({msg})")
        else:
            problem = _gzip_problem(path) if path.name.lower().endswith(".gz") else None
            if problem:
                yield Failure(str(path), f"{problem} after {n} pages")
            elif n == 0:
                yield Failure(str(path), "no HTML responses in the WARC file")

    # ------------------------------------------------------------------------------------ web
    def read_url(self, url: str) -> Iterator[Article | Failure]:
        try:
            page = self.fetcher.get(url)
        except FetchError as exc:
            yield Failure(url, str(exc))
            return
        if looks_like_feed(page.body, page.content_type):
            yield from self._feed(page.body, url)
        else:
            yield html_article(page.body, url, "url", url=page.url)

    def _feed(self, body: bytes, origin: str) -> Iterator[Article | Failure]:
        try:
            feed_title, items = parse_feed(body)
        except ValueError as exc:
            yield Failure(origin, str(exc))
            return
        if not items:
            yield Failure(origin, "the feed has no items")
        for i, item in enumerate(items):
            if not item.link:
                if item.summary:
                    yield html_article(
                        item.summary.encode(), f"{origin}#{i}", "rss", title=item.title, published=item.published
                    )
                else:
                    yield Failure(f"{origin}#{i}", "feed item with neither a link nor content")
                continue
            try:
                page = self.fetcher.get(item.link)
            except FetchError as exc:
                yield Failure(item.link, str(exc))
                continue
            yield html_article(
                page.body,
                item.link,
                "rss",
                url=item.link,
                title=item.title,
                published=item.published,
                source=feed_title,
            )


def html_article(body: bytes, origin: str, kind: str, **meta) -> Article | Failure:
    """The main text and metadata of an HTML page (trafilatura); metadata given in `meta` wins over the page's."""
    import trafilatura

    if not body.strip():
        return Failure(origin, "file is empty")
    if b"\x00" in body[:8192]:
        return Failure(origin, "looks like a binary file, not HTML")
    try:
        doc = trafilatura.bare_extraction(
            body, url=meta.get("url"), with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on hostile markup
        return Failure(origin, f"cannot parse the HTML ({exc.__class__.__name__})")
    if doc is None or not (doc.text or "").strip():
        return Failure(origin, "no article text found in the HTML")
    title = meta.get("title") or doc.title
    text = doc.text.strip()
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    return make_article(
        text or doc.text,
        origin,
        kind,
        title=title,
        published=meta.get("published") or doc.date,
        source=meta.get("source") or doc.sitename,
        url=meta.get("url") or doc.url,
    )


def _small_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | Failure:
    size = path.stat().st_size
    if size > limit:
        return Failure(str(path), f"file is larger than {limit // (1024 * 1024)} MB")
    if size == 0:
        return Failure(str(path), "file is empty")
    data = path.read_bytes()
    if not data.strip():
        return Failure(str(path), "file is empty")
    return data


def _decode(data: bytes, origin: str) -> str | Failure:
    if b"\x00" in data[:8192]:
        return Failure(origin, "looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Failure(origin, f"not UTF-8 text (undecodable byte at offset {exc.start})")


def _sniff(path: Path) -> str | None:
    with open(path, "rb") as fh:
        head = fh.read(2048)
    low = head.lstrip().lower()
    if looks_like_feed(head):
        return "rss"
    if low.startswith((b"<!doctype html", b"<html")):
        return "html"
    if low.startswith(b"warc/"):
        return "warc"
    return "txt"


def _gzip_problem(path: Path) -> str | None:
    """Why a (multi-member) gzip file is not whole, or None. warcio stops quietly at a truncated member."""
    d, in_member = zlib.decompressobj(wbits=31), False
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                while chunk:
                    in_member = True
                    d.decompress(chunk)
                    chunk = b""
                    if d.eof:
                        chunk, d, in_member = d.unused_data, zlib.decompressobj(wbits=31), False
    except zlib.error:
        return "corrupt gzip data"
    return "truncated gzip file" if in_member else None


def _warc_date(record) -> str | None:
    value = record.rec_headers.get_header("WARC-Date")
    return value[:10] if value else None
