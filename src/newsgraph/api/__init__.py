"""The web application: a JSON API over the store and `POST /api/analyze` (FastAPI, OpenAPI at /docs),
and the HTML pages that show every fact in its article. `create_app(db)` builds it; `newsgraph serve`
runs it with uvicorn."""

from .app import create_app

__all__ = ["create_app"]
