"""One JSON error shape for every failure, and the HTTP status of each catalogued error.

Every error answer reads::

    {"ok": false, "error": "<message>", "code": "E...", "errors": [{"field": ..., "message": ...}], "status": N}
"""

from __future__ import annotations

import logging
from typing import Any

from ..errors import Errors, NotFoundError, SyraqError

log = logging.getLogger("syraq.api")


class ApiError(SyraqError):
    """A catalogued error raised by the API itself, with its HTTP status and field errors."""

    def __init__(self, code: str, status: int, *, errors: list[dict[str, Any]] | None = None, **details: Any) -> None:
        super().__init__(code, **details)
        self.status = status
        self.errors = errors or []


def field_error(name: str, reason: str) -> ApiError:
    """A 422 naming the bad field (E800)."""
    return ApiError("E800", 422, errors=[{"field": name, "message": reason}], field=name, reason=reason)


#: HTTP status by catalogued code, for errors raised below the API (store, export, analysis)
_STATUS: dict[str, int] = {
    "E204": 503,  # database busy
    "E207": 422,
    "E208": 422,
    "E209": 422,
    "E300": 422,
    "E801": 401,
    "E802": 401,
    "E808": 422,
    "E809": 404,
}


def status_of(err: SyraqError) -> int:
    """The HTTP status for a catalogued error."""
    if isinstance(err, ApiError):
        return err.status
    if isinstance(err, NotFoundError):
        return 404
    if err.code in _STATUS:
        return _STATUS[err.code]
    if err.code.startswith("E9") or err.code.startswith("E8"):  # analysis input, API input
        return 422
    return 500


def error_body(status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one error shape."""
    return {"ok": False, "error": message, "code": code, "errors": list(errors or []), "status": status}


def body_for(err: SyraqError) -> tuple[int, dict[str, Any]]:
    status = status_of(err)
    errors = getattr(err, "errors", None) or []
    return status, error_body(status, err.code, err.message, errors)


def message(code: str, **details: Any) -> str:
    """The catalogued message for ``code`` (for errors built without raising)."""
    return str(getattr(Errors, code)).format(**details)


def validation_errors(raw: list[Any]) -> list[dict[str, Any]]:
    """FastAPI's validation errors as ``[{"field", "message", "type"}]``, the field without its
    location prefix ("query", "path", "body")."""
    out = []
    for item in raw:
        loc = [str(p) for p in item.get("loc", ())]
        if loc and loc[0] in ("query", "path", "body", "header"):
            loc = loc[1:]
        out.append({"field": ".".join(loc) or "body", "message": str(item.get("msg", "")), "type": item.get("type", "")})
    return out
