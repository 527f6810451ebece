"""The FastAPI application: settings, templates, static files, security headers and error answers.

Errors are one JSON object under /api (`{"error": message, "code": "E001", "status": 422}`) and a
readable page elsewhere: 404 for an unknown article or actor, 413 for a body over the limit, 422 for
bad input, 503 while the store is missing or locked by an ingest (with Retry-After)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import InputError, NewsgraphError
from ..model import EVENT_STATUSES
from ..store.db import DEFAULT_DB, StoreError
from .db import StoreBusy, StoreUnavailable

WEB = Path(__file__).resolve().parent.parent / "web"
MAX_BODY_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 100_000

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# Scripts only from this server; no frames, no plugins, no form posts elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class PayloadTooLarge(NewsgraphError):
    code = "E001"


def doc_url(doc_id: str, anchor: str | None = None) -> str:
    return "/documents/" + quote(str(doc_id), safe=":") + (f"#{quote(anchor)}" if anchor else "")


def actor_url(entity_id: str | None) -> str | None:
    return "/actors/" + quote(str(entity_id), safe=":") if entity_id else None


def web_url(url: str | None) -> str | None:
    """An article's address as a link target only when it is http(s) (never javascript: and the like)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() and abs(value) < 1e15 else f"{value:,.4g}"
    return f"{value:,}" if isinstance(value, int) else str(value)


_REFS = {"PAST_REF": "past", "PRESENT_REF": "present", "FUTURE_REF": "future"}


def timex(value: str | None) -> str:
    """A TIMEX3 value for reading: 'future' for FUTURE_REF; dates as they are."""
    return _REFS.get(value or "", value or "")


def ticks(text: str | None) -> Markup:
    """Escaped text with `backticked` words as <code> (for the API descriptions)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text or ""))))


def templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(WEB / "templates")),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        doc_url=doc_url,
        actor_url=actor_url,
        web_url=web_url,
        statuses=EVENT_STATUSES,
        quad_names=QUAD_NAMES,
        version=__version__,
    )
    env.filters["num"] = number
    env.filters["ticks"] = ticks
    env.filters["timex"] = timex
    return env


def create_app(
    db: str | Path = DEFAULT_DB,
    busy_wait: float = 1.5,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> FastAPI:
    """The web application over the store file `db` (opened read-only for each request)."""
    from . import routes_api, routes_web

    app = FastAPI(
        title="newsgraph",
        version=__version__,
        description="Evidence-linked facts from international news: the corpus store as JSON, and "
        "`POST /api/analyze` for one article (the newsgraph.analysis/1 contract).",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db = Path(db)
    app.state.busy_wait = busy_wait
    app.state.max_body_bytes = max_body_bytes
    app.state.max_text_chars = max_text_chars
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.include_router(routes_api.router)
    app.include_router(routes_web.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def answer(request: Request, status: int, message: str, code: str | None = None, **extra):
        headers = {"Retry-After": "2"} if status == 503 else None
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            body = {"error": message, "status": status}
            if code:
                body["code"] = code
            body.update(extra)
            return JSONResponse(body, status_code=status, headers=headers)
        page = app.state.templates.get_template("error.html").render(
            status=status, message=message, busy=status == 503, path=request.url.path
        )
        return HTMLResponse(page, status_code=status, headers=headers)

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, exc: StoreBusy):
        return answer(request, 503, exc.message, exc.code, busy=True)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable):
        return answer(request, 503, exc.message, exc.code)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return answer(request, 500, exc.message, exc.code)

    @app.exception_handler(PayloadTooLarge)
    async def too_large(request: Request, exc: PayloadTooLarge):
        return answer(request, 413, exc.message, exc.code)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError):
        return answer(request, 422, exc.message, exc.code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return answer(request, 422, validation_message(exc.errors()), "E001")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return answer(request, exc.status_code, str(exc.detail))

    return app


def validation_message(errors) -> str:
    """One readable line from FastAPI's validation errors: "query parameter 'page': ..."."""
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ())]
        where = {"query": "query parameter", "path": "path parameter", "body": "body field"}.get(loc[0] if loc else "")
        name = ".".join(loc[1:]) if len(loc) > 1 else ""
        label = f"{where} '{name}'" if where and name else (where or "input")
        parts.append(f"{label}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid input"
