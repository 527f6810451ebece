"""Reading news into the store: readers for text, Markdown, HTML, JSON, JSON Lines, WARC, RSS/Atom and
URLs (`Reader`), and `ingest()`, which reads, analyses and stores."""

from .items import Article, Failure
from .readers import Reader
from .run import IngestSummary, ingest

__all__ = ["Article", "Failure", "IngestSummary", "Reader", "ingest"]
