"""The application factory: routes under /api/, one error shape, the store opened here.

Static files (the web page) are served from ``src/syraq/web/static`` when that folder
holds an ``index.html``: it is mounted at ``/`` *after* the API routes, so ``/api/...``
and ``/openapi.json`` always win. Pass ``static_dir`` to serve another folder, or
``static_dir=False`` to serve none.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import SyraqError
from ..store import Store
from .deps import require_reader
from .errors import ApiError, body_for, error_body, log, message, validation_errors
from .routes import MODULES

#: where the web page's files go (served at / when index.html is there)
STATIC_DIR: Path = Path(__file__).resolve().parent.parent / "web" / "static"

#: headers on every answer: no sniffing JSON into HTML, no referrer leaks, no framing
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _json_error(status: int, code: str, text: str, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(status, code, text, errors), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SyraqError)
    async def syraq_error(_request: Request, exc: SyraqError) -> JSONResponse:
        status, body = body_for(exc)
        if status >= 500:
            log.error("request failed: [%s] %s", exc.code, exc.message)
        return _json_error(status, body["code"], body["error"], body["errors"])

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(list(exc.errors()))
        first = errors[0] if errors else {"field": "request", "message": "invalid"}
        return _json_error(422, "E800", message("E800", field=first["field"], reason=str(first["message"]).rstrip(".")), errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return _json_error(404, "E803", message("E803", method=request.method, path=request.url.path))
        if exc.status_code == 405:
            return _json_error(405, "E804", message("E804", method=request.method, path=request.url.path))
        return _json_error(exc.status_code, "E805", message("E805", reason=str(exc.detail)))


def create_app(
    store_url: str,
    *,
    private: bool = False,
    static_dir: Path | str | bool | None = None,
    cors_origins: tuple[str, ...] = (),
) -> FastAPI:
    """The API over the store at ``store_url`` (opened and migrated now: E200/E206 on a bad URL).

    ``private`` makes reading need a token too. ``static_dir``: a folder to serve at ``/``
    (default: ``syraq/web/static`` when it has an index.html; False: none). ``cors_origins``:
    origins allowed to call the API from a browser (none by default: CORS is off).
    """
    store = Store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="syraq",
        version=__version__,
        summary="Coded conflict events from English reports, with evidence and an audited review.",
        description=(
            "Read the events, documents, places, control timelines and claims; review events with a "
            "token (`syraq token create NAME`). Every error has one shape: "
            '`{"ok": false, "error": ..., "code": "E...", "errors": [...], "status": N}`. '
            "Report text is returned as untrusted data."
        ),
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.store = store
    app.state.private = bool(private)
    app.state.gazetteer = None

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            response = await call_next(request)
        except Exception as exc:  # never a traceback to the client
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            response = _json_error(500, "E805", message("E805", reason=type(exc).__name__))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    _install_error_handlers(app)
    for name in MODULES:
        module = importlib.import_module(f"{__package__}.routes.{name}")
        app.include_router(module.router, prefix="/api", dependencies=[Depends(require_reader)])

    folder = STATIC_DIR if static_dir is None or static_dir is True else static_dir
    if folder and (Path(folder) / "index.html").is_file():
        from fastapi.staticfiles import StaticFiles

        app.mount("/", StaticFiles(directory=str(folder), html=True), name="web")
    return app


__all__ = ["STATIC_DIR", "ApiError", "create_app"]
