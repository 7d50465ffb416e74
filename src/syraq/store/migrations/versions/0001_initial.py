"""The initial schema: documents, spans, events, claims, reviews.

Revision ID: 0001
Revises:
Create Date: 2026-05-20

Frozen: never edit a migration that has shipped; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("meta", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pipeline_version", sa.String(100), nullable=False),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_source", "documents", ["source"])

    op.create_table(
        "spans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("place_id", sa.String(100), nullable=True),
        sa.Column("data", sa.Text, nullable=True),
    )
    op.create_index("ix_spans_document", "spans", ["document_id", "kind", "seq"])
    op.create_index("ix_spans_place", "spans", ["place_id"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("sub_event_type", sa.String(100), nullable=False),
        sa.Column("actor1", sa.String(300), nullable=False),
        sa.Column("assoc_actor_1", sa.String(300), nullable=False),
        sa.Column("inter1", sa.Integer, nullable=False),
        sa.Column("actor2", sa.String(300), nullable=False),
        sa.Column("assoc_actor_2", sa.String(300), nullable=False),
        sa.Column("inter2", sa.Integer, nullable=False),
        sa.Column("place_id", sa.String(100), nullable=True),
        sa.Column("place_name", sa.String(300), nullable=False),
        sa.Column("country_code", sa.String(2), nullable=False),
        sa.Column("country", sa.String(100), nullable=False),
        sa.Column("admin1", sa.String(200), nullable=False),
        sa.Column("admin2", sa.String(200), nullable=False),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("geo_precision", sa.Integer, nullable=True),
        sa.Column("date_start", sa.Date, nullable=True),
        sa.Column("date_end", sa.Date, nullable=True),
        sa.Column("date_precision", sa.String(16), nullable=False),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("date_from_publication", sa.Boolean, nullable=False),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("civilian_targeting", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("review_status", sa.String(16), nullable=False),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_events_document", "events", ["document_id"])
    op.create_index("ix_events_type", "events", ["event_type", "sub_event_type"])
    op.create_index("ix_events_date", "events", ["date_start", "date_end"])
    op.create_index("ix_events_actor1", "events", ["actor1"])
    op.create_index("ix_events_actor2", "events", ["actor2"])
    op.create_index("ix_events_place", "events", ["place_name"])
    op.create_index("ix_events_place_id", "events", ["place_id"])
    op.create_index("ix_events_country", "events", ["country_code", "admin1"])

    op.create_table(
        "claims",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("cue", sa.String(100), nullable=False),
        sa.Column("speaker", sa.String(300), nullable=False),
        sa.Column("date_start", sa.Date, nullable=True),
        sa.Column("date_end", sa.Date, nullable=True),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_claims_document", "claims", ["document_id"])
    op.create_index("ix_claims_kind", "claims", ["kind"])

    op.create_table(
        "reviews",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
    )
    op.create_index("ix_reviews_event", "reviews", ["event_id", "at"])


def downgrade() -> None:
    for table in ("reviews", "claims", "events", "spans", "documents"):
        op.drop_table(table)
