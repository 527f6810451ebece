"""The HTML pages: home, articles (list and one article with its facts highlighted), actors (list and
one actor), events (filterable, with CSV download), contested claims, paste-and-analyse, and the API
documentation. Every page is rendered with autoescaping; data for the charts travels as JSON in
`<script type="application/json">` (escaped by `tojson`) and is drawn by the package's own scripts."""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..errors import InputError
from ..model import EVENT_STATUSES
from ..store import queries as sq
from ..store.export import document_dicts
from . import highlight
from . import queries as aq
from .app import actor_url
from .db import reading
from .routes_api import AnalyzeRequest, actor_page, read_body, run_analysis

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
EVENTS_PAGE = 100


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    tpl = request.app.state.templates.get_template(template)
    return HTMLResponse(tpl.render(request_path=request.url.path, **context), status_code=status)


def store(request: Request):
    return reading(request.app.state.db, request.app.state.busy_wait)


# ------------------------------------------------------------------------------------------ home
@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    with store(request) as con:
        stats = aq.stats(con)
        _, latest = aq.list_documents(con, None, 1, 8)
        actors = sq.actors(con, None, 12).to_dicts()
        timeline = aq.quad_timeline(con)
    return page(request, "home.html", stats=stats, latest=latest, actors=actors, timeline=timeline)


# ------------------------------------------------------------------------------------------ articles
@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
):
    with store(request) as con:
        total, items = aq.list_documents(con, q, page_no, PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return page(
        request, "documents.html", q=q or "", items=items, total=total, page_no=page_no, pages=pages,
        prev_url=_url("/documents", q=q, page=page_no - 1) if page_no > 1 else None,
        next_url=_url("/documents", q=q, page=page_no + 1) if page_no < pages else None,
    )  # fmt: skip


def _url(path: str, **params) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(kept) if kept else "")


def article_context(analysis: dict, clusters: dict | None = None) -> dict:
    """What the article template needs: the highlighted text, entities by id, counts per kind."""
    entities = {e["id"]: e for e in analysis.get("entities", [])}
    marks = highlight.marks(analysis)
    counts = {k: sum(1 for m in marks if m.kind == k) for k in highlight.KINDS}
    events = []
    for v in analysis.get("events", []):
        events.append(dict(v, summary=highlight.event_summary(entities, v), cluster=(clusters or {}).get(v["id"])))
    return {
        "a": analysis,
        "doc": analysis["document"],
        "text_html": highlight.render(analysis["document"]["text"], marks),
        "ents": entities,
        "events": events,
        "counts": counts,
        "entity_list": sorted(analysis.get("entities", []), key=lambda e: (-len(e.get("mentions", [])), e["name"])),
    }


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str):
    with store(request) as con:
        found = document_dicts(con, [doc_id])
        if not found:
            raise HTTPException(404, f"no article with id {doc_id!r}")
        clusters = aq.document_event_clusters(con, doc_id)
    return page(request, "document.html", stored=True, **article_context(found[0], clusters))


# ------------------------------------------------------------------------------------------ actors
@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, q: Annotated[str | None, Query(max_length=200)] = None):
    error = None
    with store(request) as con:
        try:
            rows = sq.actors(con, q or None, 100).to_dicts()
        except InputError as exc:
            rows, error = [], exc.message
    return page(request, "actors.html", q=q or "", items=rows, error=error)


@router.get("/actors/{entity_id:path}", response_class=HTMLResponse)
def actor(request: Request, entity_id: str):
    with store(request) as con:
        data = actor_page(con, entity_id)
    names = {}
    for n in data["network"]["nodes"]:
        n["href"] = actor_url(n["id"])
        names[n["id"]] = n["name"]
    partners = [
        dict(e, id=e["b"] if e["a"] == entity_id else e["a"])
        for e in data["network"]["edges"]
        if entity_id in (e["a"], e["b"])
    ]
    for p in partners:
        p["name"] = names.get(p["id"], p["id"])
    partners.sort(key=lambda p: (-p["n"], p["name"]))
    span = _role_span(data["roles"])
    return page(request, "actor.html", span=span, partners=partners, **data)


def _role_span(roles: list[dict]) -> dict | None:
    """Positions (0-100) of each role's first and last sighting on one shared time axis."""
    dated = [r for r in roles if r["first_seen"] and r["last_seen"]]
    if not dated:
        return None
    lo = min(r["first_seen"] for r in dated).toordinal()
    hi = max(r["last_seen"] for r in dated).toordinal()
    width = max(hi - lo, 1)
    for r in dated:
        r["x"] = round(100 * (r["first_seen"].toordinal() - lo) / width, 2)
        r["w"] = max(round(100 * (r["last_seen"].toordinal() - r["first_seen"].toordinal()) / width, 2), 1.2)
    return {"first": min(r["first_seen"] for r in dated), "last": max(r["last_seen"] for r in dated)}


# ------------------------------------------------------------------------------------------ events
EVENT_FILTERS = ("actor", "target", "code", "status", "since", "until")


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request,
    actor: str | None = None,
    target: str | None = None,
    code: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
):
    filters = {"actor": actor, "target": target, "code": code, "status": status, "since": since, "until": until}
    filters = {k: (v or "").strip() for k, v in filters.items()}
    args = {k: v or None for k, v in filters.items()}
    error, rows, more = None, [], False
    offset = (page_no - 1) * EVENTS_PAGE
    with store(request) as con:
        try:
            result = sq.events(con, limit=offset + EVENTS_PAGE + 1, **args)
            rows = result.to_dicts()[offset:]
            more = len(rows) > EVENTS_PAGE
            rows = rows[:EVENTS_PAGE]
        except InputError as exc:
            error = exc.message
    return page(
        request, "events.html", status=422 if error else 200, filters=filters, items=rows, error=error,
        page_no=page_no, first=offset + 1,
        csv_url=_url("/api/events", **args, format="csv", limit=0),
        prev_url=_url("/events", **args, page=page_no - 1) if page_no > 1 else None,
        next_url=_url("/events", **args, page=page_no + 1) if more else None,
        status_choices=EVENT_STATUSES,
    )  # fmt: skip


@router.get("/contested", response_class=HTMLResponse)
def contested(request: Request):
    with store(request) as con:
        items = aq.contested_claims(con, 500)
    return page(request, "contested.html", items=items)


# ------------------------------------------------------------------------------------------ analyse
@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request):
    return page(request, "analyze.html", form={}, error=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_post(request: Request):
    body = await read_body(request, request.app.state.max_body_bytes)
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        raise InputError("the form could not be read") from None
    form = {k: (fields.get(k) or [""])[0] for k in ("text", "title", "source", "published", "url")}
    try:
        item = AnalyzeRequest(**{k: (v.strip() or None) if k != "text" else v for k, v in form.items()})
        analysis = await run_analysis(request, item)
    except InputError as exc:
        return page(request, "analyze.html", status=422, form=form, error=exc.message)
    return page(request, "document.html", stored=False, form=form, **article_context(analysis))


# ------------------------------------------------------------------------------------------ API docs
@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = (((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}).get("schema")
            ops.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or ["other"])[0],
                    "params": [_param(p, spec) for p in op.get("parameters", [])],
                    "body": body,
                }
            )
    return page(request, "docs.html", ops=ops, spec=spec)


def _param(p: dict, spec: dict) -> dict:
    schema = p.get("schema", {})
    options = schema.get("anyOf") or [schema]
    kinds, enum, default = [], None, schema.get("default")
    for o in options:
        if o.get("type") and o["type"] != "null":
            kinds.append(o["type"])
        enum = enum or o.get("enum")
    return {
        "name": p["name"],
        "in": p["in"],
        "required": p.get("required", False),
        "type": " or ".join(kinds) or "string",
        "enum": enum,
        "default": default,
        "description": p.get("description") or schema.get("description") or "",
    }
