"""The HTTP API behind `syraq serve`: JSON under /api/, OpenAPI at /openapi.json.

    from syraq.api import create_app
    app = create_app("sqlite:///events.db")          # uvicorn.run(app, host="127.0.0.1")

Nothing is imported or opened until :func:`create_app` runs (FastAPI is imported there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(store_url: str, *, private: bool = False, **options: Any) -> FastAPI:
    """The API application over the store at ``store_url``; see :func:`syraq.api.app.create_app`."""
    from .app import create_app as _create_app

    return _create_app(store_url, private=private, **options)


__all__ = ["create_app"]
