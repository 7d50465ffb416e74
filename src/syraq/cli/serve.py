"""`syraq serve`: the JSON API (and the web page when it is installed) on 127.0.0.1."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import EXIT_OK, add_db_option


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the HTTP API (and the web page)",
        description="Serve the JSON API under /api/ (OpenAPI at /openapi.json). Binds 127.0.0.1 unless "
        "--host says otherwise. Reading needs no token unless --private; writing (reviews) always does.",
    )
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument("--private", action="store_true", help="reading needs a reviewer token too")
    p.add_argument(
        "--cors-origin", action="append", default=[], metavar="ORIGIN",
        help="allow browser calls from this origin (repeatable; default: none, CORS off)",
    )
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .. import config
    from ..api import create_app

    app = create_app(config.db_url(args.db), private=args.private, cors_origins=tuple(args.cors_origin))
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: other machines can reach the API", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False)
    return EXIT_OK
