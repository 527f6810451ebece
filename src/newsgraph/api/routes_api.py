"""The JSON API under /api: analysis of one posted article, and the store's questions (articles with
full-text search and paging, one article, events with the CLI's filters, actors, quotes, figures,
dyads, contested claims, counts and timelines). Lists answer `{"columns", "count", "items"}`."""

from __future__ import annotations

import csv
import io
import json
import math
import threading
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError

from ..errors import InputError
from ..model import EVENT_STATUSES
from ..store import queries as sq
from ..store.export import document_dicts
from . import queries as aq
from .app import PayloadTooLarge, validation_message
from .db import reading

router = APIRouter(prefix="/api")
_analyze_lock = threading.Lock()

Status = Literal[EVENT_STATUSES]  # type: ignore[valid-type]


def connection(request: Request) -> Iterator:
    """A read-only connection for one request (see api.db)."""
    with reading(request.app.state.db, request.app.state.busy_wait) as con:
        yield con


Con = Annotated[Any, Depends(connection)]
Limit = Annotated[int, Query(ge=0, le=10_000, description="at most this many rows (0: all)")]


def listing(result: sq.Result, offset: int = 0, limit: int | None = None) -> dict:
    rows = result.to_dicts()
    if offset or limit:
        rows = rows[offset : offset + limit if limit else None]
    return {"columns": result.columns, "count": len(rows), "items": rows}


def _csv(result: sq.Result, filename: str) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow(["" if v is None else v for v in row])
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ------------------------------------------------------------------------------------------ analyze
class AnalyzeRequest(BaseModel):
    text: str = Field(description="the article's text (plain UTF-8)")
    published: str | None = Field(None, description="publication date, YYYY-MM-DD (resolves relative dates)")
    source: str | None = Field(None, description="the publication's name")
    title: str | None = Field(None, description="the article's title")
    url: str | None = Field(None, description="the article's address")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is over `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the request body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def run_analysis(request: Request, item: AnalyzeRequest) -> dict:
    from ..pipeline import analyze

    limit = request.app.state.max_text_chars
    if len(item.text) > limit:
        raise PayloadTooLarge(f"the text is {len(item.text):,} characters; the limit is {limit:,}")
    if not item.text.strip():
        raise InputError("the text is empty")

    def work():
        with _analyze_lock:  # one analysis at a time: the model is shared by the whole process
            return analyze(item.text, published=item.published, source=item.source, title=item.title, url=item.url)

    return (await run_in_threadpool(work)).to_dict()


@router.post(
    "/analyze",
    summary="Analyse one article",
    description='Post `{"text": ..., "published": "YYYY-MM-DD", "source", "title", "url"}`; get the '
    "newsgraph.analysis/1 contract (entities, events, quotes, quantities, timexes, all with offsets). "
    "413 when the body is over 1 MiB or the text over 100,000 characters; 422 when the body is not that "
    "JSON object, the text is empty or the date impossible.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": AnalyzeRequest.model_json_schema()}},
        }
    },
    tags=["analysis"],
)
async def api_analyze(request: Request) -> dict:
    body = await read_body(request, request.app.state.max_body_bytes)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"the body is not JSON ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(data, dict):
        raise InputError('the body must be a JSON object like {"text": "..."}')
    try:
        item = AnalyzeRequest.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_message([dict(e, loc=("body", *e["loc"])) for e in exc.errors()])) from None
    return await run_analysis(request, item)


# ------------------------------------------------------------------------------------------ corpus
@router.get("/stats", summary="Counts of the corpus", tags=["corpus"])
def api_stats(con: Con) -> dict:
    return aq.stats(con)


@router.get(
    "/timeline",
    summary="Corpus events per month by quad class",
    description="Counts of corpus events (real-world events, however many articles report them) per month "
    "(per year over spans of more than six years) by CAMEO quad class; `actor` (an entity id) narrows "
    "to events with that actor as source or target.",
    tags=["corpus"],
)
def api_timeline(
    con: Con, actor: Annotated[str | None, Query(description="an entity id, e.g. `country:RUS`")] = None
) -> dict:
    return aq.quad_timeline(con, actor)


@router.get(
    "/documents",
    summary="List or search articles",
    description="Without `q`: articles, latest first. With `q`: full-text search (BM25 over title and text), "
    "best first, each with a snippet. Paged by `page` (from 1) and `size` (1-100).",
    tags=["documents"],
)
def api_documents(
    con: Con,
    q: Annotated[str | None, Query(description="words to search for", max_length=500)] = None,
    page: Annotated[int, Query(ge=1, le=100_000, description="page number, from 1")] = 1,
    size: Annotated[int, Query(ge=1, le=100, description="articles per page")] = 20,
) -> dict:
    total, items = aq.list_documents(con, q, page, size)
    return {
        "query": q,
        "page": page,
        "size": size,
        "total": total,
        "pages": math.ceil(total / size),
        "count": len(items),
        "items": items,
    }


@router.get(
    "/documents/{doc_id}",
    summary="One article with all its facts",
    description="The newsgraph.analysis/1 document as stored (entities carry their corpus-wide `corpus_id`), "
    "with its provenance.",
    tags=["documents"],
)
def api_document(
    con: Con, doc_id: Annotated[str, Path(description="the article's id, `sha256:` and its text's hash")]
) -> dict:
    found = document_dicts(con, [doc_id])
    if not found:
        raise HTTPException(404, f"no article with id {doc_id!r}")
    return found[0]


@router.get(
    "/events",
    summary="Events, filtered as on the command line",
    description="Article events (or corpus events with `clustered=true`), oldest first. `actor` and `target` "
    "take a name or part of one, an entity id, or an upper-case code (RUS, RUSGOV, IGOUNO); `code` a CAMEO "
    "prefix; `since`/`until` YYYY, YYYY-MM or YYYY-MM-DD. `format=csv` downloads the rows as CSV.",
    tags=["events"],
)
def api_events(
    con: Con,
    actor: Annotated[str | None, Query(description="source actor: a name (`putin`), an id or a code (`RUS`)")] = None,
    target: Annotated[str | None, Query(description="target actor, likewise")] = None,
    code: Annotated[str | None, Query(description="CAMEO code prefix, e.g. 04 or 042")] = None,
    status: Annotated[Status | None, Query(description="what the article asserts about the event")] = None,
    since: Annotated[str | None, Query(description="from this date: YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="up to this date")] = None,
    clustered: Annotated[bool, Query(description="corpus events (one per real-world event) instead")] = False,
    limit: Limit = 100,
    offset: Annotated[int, Query(ge=0, description="skip this many rows first")] = 0,
    format: Annotated[Literal["json", "csv"], Query(description="`csv` downloads the rows")] = "json",
):
    upto = offset + limit if limit else 0
    if clustered:
        if status:
            raise InputError("status filters article events; leave it out with clustered=true")
        result = sq.corpus_events(con, actor or None, target or None, code or None, limit=upto)
    else:
        result = sq.events(con, actor or None, target or None, code or None, status, since or None, until or None, upto)
    if format == "csv":
        result = sq.Result(result.columns, result.rows[offset:])
        return _csv(result, "corpus-events.csv" if clustered else "events.csv")
    return dict(listing(result, offset, limit), offset=offset, limit=limit)


@router.get("/actors", summary="Actors by number of articles", tags=["actors"])
def api_actors(
    con: Con,
    name: Annotated[str | None, Query(description="only actors matching this name, id or code")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many actors")] = 50,
) -> dict:
    return listing(sq.actors(con, name or None, limit))


@router.get(
    "/actors/{entity_id:path}",
    summary="One actor",
    description="The actor's counts, the roles articles give it over time, its corpus events per month by "
    "quad class, the network of actors it deals with (edges count cooperation and conflict), its events, "
    "and quotes by and about it.",
    tags=["actors"],
)
def api_actor(
    con: Con, entity_id: Annotated[str, Path(description="a corpus entity id, e.g. `person:vladimir-putin`")]
) -> dict:
    return actor_page(con, entity_id)


def actor_page(con, entity_id: str) -> dict:
    actor = aq.entity(con, entity_id)
    if actor is None:
        raise HTTPException(404, f"no actor with id {entity_id!r}")
    return {
        "actor": actor,
        "roles": aq.roles(con, entity_id),
        "timeline": aq.quad_timeline(con, entity_id),
        "network": aq.network(con, entity_id),
        "events": aq.actor_events(con, entity_id),
        "quotes_by": aq.quotes_by(con, entity_id),
        "quotes_about": aq.quotes_about(con, entity_id),
    }


@router.get("/quotes", summary="Quotes", tags=["quotes and figures"])
def api_quotes(
    con: Con,
    speaker: Annotated[str | None, Query(description="the speaker's name (part of it) or entity id")] = None,
    contains: Annotated[str | None, Query(description="words in the quote")] = None,
    limit: Limit = 100,
) -> dict:
    return listing(sq.quotes(con, speaker or None, contains or None, limit))


@router.get("/figures", summary="Figures (quantities)", tags=["quotes and figures"])
def api_figures(
    con: Con,
    measure: Annotated[str | None, Query(description="words in what is measured")] = None,
    limit: Limit = 100,
) -> dict:
    return listing(sq.figures(con, measure or None, limit))


@router.get(
    "/dyads",
    summary="Events between two actors per period",
    description="Corpus events between `a` and `b` (either direction) per day, week or month, by quad class, "
    "with the mean Goldstein score.",
    tags=["events"],
)
def api_dyads(
    con: Con,
    a: Annotated[str, Query(min_length=1, description="one actor (name, id or code)")],
    b: Annotated[str, Query(min_length=1, description="the other actor")],
    by: Annotated[Literal["day", "week", "month"], Query(description="period")] = "month",
) -> dict:
    return listing(sq.dyads(con, a, b, by))


@router.get(
    "/claims/contested",
    summary="Contested claims",
    description="Corpus events asserted (occurred or claimed) in one article and denied in another: who "
    "claims, who denies, and both articles (with the event ids, to link to the words).",
    tags=["events"],
)
def api_contested(
    con: Con, limit: Annotated[int, Query(ge=1, le=10_000, description="at most this many pairs")] = 100
) -> dict:
    items = aq.contested_claims(con, limit)
    return {"count": len(items), "items": items}
