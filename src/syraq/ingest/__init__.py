"""Ingest: turn files, folders, globs, JSON Lines, RSS/Atom feeds and URLs into Documents.

Public API::

    from syraq.ingest import iter_documents

    for item in iter_documents(["reports/", "https://example.org/feed.xml"]):
        if isinstance(item, InputError):
            print(item)          # one catalogued line; the rest goes on
        else:
            handle(item)         # a syraq.model.Document

Nothing heavy is imported until a source is read.
"""

from __future__ import annotations

from .language import LanguageResult, check_language
from .sources import SUPPORTED_SUFFIXES, iter_documents
from .text import find_dateline, find_title, normalise

__all__ = [
    "SUPPORTED_SUFFIXES",
    "LanguageResult",
    "check_language",
    "find_dateline",
    "find_title",
    "iter_documents",
    "normalise",
]
