"""The tables, as SQLAlchemy Core objects (one definition for SQLite and PostgreSQL).

The migrations in ``migrations/versions`` create these tables; this module is what
the queries use. Keep both in step: a schema change is a new migration plus an edit
here, and ``tests/store`` checks that a migrated database matches this metadata.

Why spans are rows, not a JSON column: place mentions and time expressions are what
analysts query across documents ("every mention of Mayadeen", "every span anchored on
the publication date"), and offsets must stay checkable against the stored text. A
row per span, with the resolved place id indexed and the full mention as JSON beside
it, serves both; a document's spans are re-read in one indexed query.

JSON is stored as TEXT (``json.dumps`` with sorted keys) so the same DDL and the same
round trip work on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("url", Text, nullable=False, default=""),
    Column("source", String(300), nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("published", Date, nullable=True),
    Column("language", String(16), nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("meta", Text, nullable=False, default="{}"),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("pipeline_version", String(100), nullable=False, default=""),
    Index("ix_documents_published", "published"),
    Index("ix_documents_source", "source"),
)

#: kinds of rows in the spans table, in the order a Document holds them
SPAN_KINDS: tuple[str, ...] = ("sentence", "entity", "place", "time")

spans = Table(
    "spans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("label", String(100), nullable=False, default=""),
    Column("place_id", String(100), nullable=True),
    Column("data", Text, nullable=True),
    Index("ix_spans_document", "document_id", "kind", "seq"),
    Index("ix_spans_place", "place_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False, default=0),
    Column("event_type", String(100), nullable=False),
    Column("sub_event_type", String(100), nullable=False),
    Column("actor1", String(300), nullable=False, default=""),
    Column("assoc_actor_1", String(300), nullable=False, default=""),
    Column("inter1", Integer, nullable=False, default=0),
    Column("actor2", String(300), nullable=False, default=""),
    Column("assoc_actor_2", String(300), nullable=False, default=""),
    Column("inter2", Integer, nullable=False, default=0),
    Column("place_id", String(100), nullable=True),
    Column("place_name", String(300), nullable=False, default=""),
    Column("country_code", String(2), nullable=False, default=""),
    Column("country", String(100), nullable=False, default=""),
    Column("admin1", String(200), nullable=False, default=""),
    Column("admin2", String(200), nullable=False, default=""),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("geo_precision", Integer, nullable=True),
    Column("date_start", Date, nullable=True),
    Column("date_end", Date, nullable=True),
    Column("date_precision", String(16), nullable=False, default="day"),
    Column("time_precision", Integer, nullable=False, default=1),
    Column("date_from_publication", Boolean, nullable=False, default=False),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("civilian_targeting", Boolean, nullable=False, default=False),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("review_status", String(16), nullable=False, default="unreviewed"),
    Column("rule", String(200), nullable=False, default=""),
    Column("incident_id", String(64), nullable=False, default=""),
    Column("sentence", Text, nullable=False, default=""),
    Column("data", Text, nullable=False),
    Index("ix_events_document", "document_id"),
    Index("ix_events_type", "event_type", "sub_event_type"),
    Index("ix_events_date", "date_start", "date_end"),
    Index("ix_events_actor1", "actor1"),
    Index("ix_events_actor2", "actor2"),
    Index("ix_events_place", "place_name"),
    Index("ix_events_place_id", "place_id"),
    Index("ix_events_country", "country_code", "admin1"),
    # revision 0002: the API's pages and filters
    Index("ix_events_page", "date_start", "id"),
    Index("ix_events_type_date", "event_type", "date_start", "id"),
    Index("ix_events_lon_lat", "lon", "lat"),
    Index("ix_events_review_status", "review_status"),
    Index("ix_events_confidence", "confidence"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False, default=0),
    Column("kind", String(32), nullable=False),
    Column("cue", String(100), nullable=False, default=""),
    Column("speaker", String(300), nullable=False, default=""),
    Column("date_start", Date, nullable=True),
    Column("date_end", Date, nullable=True),
    Column("sentence", Text, nullable=False, default=""),
    Column("data", Text, nullable=False),
    Index("ix_claims_document", "document_id"),
    Index("ix_claims_kind", "kind"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("before", Text, nullable=False, default="{}"),
    Column("after", Text, nullable=False, default="{}"),
    Column("comment", Text, nullable=False, default=""),
    Index("ix_reviews_event", "event_id", "at"),
)

#: revision 0002: reviewer tokens for the HTTP API, stored as a salted SHA-256 digest (never the token)
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(32), primary_key=True),  # the token's public prefix, used to find its row
    Column("name", String(200), nullable=False),  # the reviewer's name, written into each review
    Column("salt", String(64), nullable=False),
    Column("digest", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_api_tokens_name", "name"),
)

#: revision 0003: incidents (events from different reports of one happening), with summary columns
#: for filtering and the candidate search (date window, coordinate box)
incidents = Table(
    "incidents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("event_type", String(100), nullable=False),  # the founding event's
    Column("sub_event_type", String(100), nullable=False),
    Column("place_id", String(100), nullable=True),  # the most precise place any source gave
    Column("place_name", String(300), nullable=False),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("geo_precision", Integer, nullable=True),
    Column("date_start", Date, nullable=True),
    Column("date_end", Date, nullable=True),
    Column("fatalities", Integer, nullable=False),  # the highest count any source gives
    Column("sources", Integer, nullable=False),  # distinct documents
    Column("events", Integer, nullable=False),
    Index("ix_incidents_page", "date_start", "id"),
    Index("ix_incidents_date_end", "date_end"),
    Index("ix_incidents_lon_lat", "lon", "lat"),
    Index("ix_incidents_place_id", "place_id"),
)

#: one row per grouped event: which incident it is in, why, when and by whom ("machine" or a reviewer)
incident_members = Table(
    "incident_members",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("incident_id", String(64), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", String(64), nullable=False),
    Column("seq", Integer, nullable=False),  # order of joining
    Column("why", Text, nullable=False),  # JSON: the Match, {"founded": true} or the review that put it here
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("added_by", String(200), nullable=False),
    Index("ix_incident_members_incident", "incident_id", "seq"),
    Index("ix_incident_members_document", "document_id"),
)
