"""Fetching pages and feeds over HTTP (httpx): timeouts, a user agent, a per-host rate limit and a size
cap. RSS 2.0 and Atom feeds are parsed with the standard library."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__

USER_AGENT = f"newsgraph/{__version__} (news analysis; offline-first)"
MAX_FETCH_BYTES = 10 * 1024 * 1024


class FetchError(Exception):
    pass


@dataclass
class Page:
    url: str
    content_type: str
    body: bytes


class Fetcher:
    """An HTTP client for articles and feeds. `delay` is the least time in seconds between two requests
    to the same host (politeness); `timeout` bounds each request."""

    def __init__(self, delay: float = 1.0, timeout: float = 15.0, user_agent: str = USER_AGENT):
        import httpx

        self.delay = delay
        self._last: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={
                "User-Agent": user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            },
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> Page:
        import httpx

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("not an http(s) address")
        wait = self._last.get(parts.netloc, 0.0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            with self._client.stream("GET", url) as resp:
                self._last[parts.netloc] = time.monotonic()
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code}")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > MAX_FETCH_BYTES:
                        raise FetchError(f"response larger than {MAX_FETCH_BYTES // (1024 * 1024)} MB")
                    chunks.append(chunk)
                return Page(str(resp.url), resp.headers.get("content-type", ""), b"".join(chunks))
        except httpx.TimeoutException:
            self._last[parts.netloc] = time.monotonic()
            raise FetchError("timed out") from None
        except httpx.HTTPError as exc:
            self._last[parts.netloc] = time.monotonic()
            raise FetchError(f"cannot fetch ({exc.__class__.__name__})") from None


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    ct = content_type.lower()
    if "rss" in ct or "atom" in ct:
        return True
    head = body[:2048].lstrip().lower()
    return (
        head.startswith(b"<?xml")
        and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head)
        or (head.startswith(b"<rss") or head.startswith(b"<feed"))
    )


@dataclass
class FeedItem:
    link: str | None
    title: str | None
    published: str | None
    summary: str | None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def parse_feed(body: bytes) -> tuple[str | None, list[FeedItem]]:
    """The feed's title and its items (RSS 2.0, RSS 1.0/RDF or Atom). Raises ValueError if not a feed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ValueError(f"not a well-formed feed ({exc})") from None
    kind = _local(root.tag)
    if kind not in ("rss", "feed", "rdf"):
        raise ValueError(f"not an RSS or Atom feed (root element <{kind}>)")
    channel = next((c for c in root if _local(c.tag) == "channel"), root)
    feed_title = _child_text(channel, "title")
    items = []
    for el in root.iter():
        name = _local(el.tag)
        if name not in ("item", "entry"):
            continue
        link = None
        for child in el:
            if _local(child.tag) == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = href.strip()
                    break
                if not href and (child.text or "").strip():
                    link = child.text.strip()
                    break
        items.append(
            FeedItem(
                link=link,
                title=_child_text(el, "title"),
                published=_child_text(el, "pubdate", "published", "updated", "date"),
                summary=_child_text(el, "encoded", "content", "description", "summary"),
            )
        )
    return feed_title, items
