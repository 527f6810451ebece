"""What readers yield: an Article (text plus metadata and where it came from) or a Failure (where, why)."""

from __future__ import annotations

import email.utils
from dataclasses import asdict, dataclass

from ..errors import InputError
from ..pipeline import normalize_date

# spaCy's default limit; a longer "article" is a data dump, not news.
MAX_TEXT_CHARS = 1_000_000
# A single-article file (text, Markdown, HTML) larger than this is refused without being read.
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass
class Article:
    text: str
    origin: str  # the file, file:line, or URL the article was read from
    kind: str  # txt md html json jsonl warc rss url
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None

    def as_item(self) -> dict:
        """The dict `analyze_many` and the runners take."""
        return asdict(self)


@dataclass
class Failure:
    origin: str
    reason: str


def to_date(value) -> str | None:
    """A publication date as YYYY[-MM[-DD]], from ISO forms or RFC 822 (feeds); None if unreadable."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    try:
        return normalize_date(value)
    except InputError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def make_article(text, origin: str, kind: str, **meta) -> Article | Failure:
    """Check and tidy an article's text and metadata; a Failure says why it cannot be an article."""
    if not isinstance(text, str):
        return Failure(origin, "no article text" if text is None else f"text is a {type(text).__name__}, not a string")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return Failure(origin, "no article text")
    if len(text) > MAX_TEXT_CHARS:
        return Failure(origin, f"article is longer than {MAX_TEXT_CHARS:,} characters")
    clean = {}
    for key in ("title", "source", "url"):
        v = meta.get(key)
        clean[key] = " ".join(str(v).split()) or None if v not in (None, "") else None
    return Article(text=text, origin=origin, kind=kind, published=to_date(meta.get("published")), **clean)
