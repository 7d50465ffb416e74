"""Reviewer tokens: made here, stored only as a salted SHA-256 digest.

A token reads ``syraq_<id>_<secret>``: the id (public) finds the row, the secret (32
random bytes) is checked against ``sha256(salt + secret)``. A token carries 256 bits of
randomness, so one fast salted hash is enough (no password stretching needed); the
database never holds the token itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "syraq"


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str, str, str]:
    """A fresh token: ``(id, raw token, salt hex, digest hex)``."""
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    return token_id, f"{PREFIX}_{token_id}_{secret}", salt, _digest(salt, secret)


def split_token(raw: str) -> tuple[str, str] | None:
    """``(id, secret)`` of a well-formed token, else None."""
    if not isinstance(raw, str):
        return None
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    try:
        bytes.fromhex(parts[1])
    except ValueError:
        return None
    return parts[1], parts[2]


def check_token(raw: str, salt: str, digest: str) -> bool:
    """Whether ``raw`` matches the stored salt and digest (constant-time comparison)."""
    parts = split_token(raw)
    if parts is None:
        return False
    return hmac.compare_digest(_digest(salt, parts[1]), digest)
