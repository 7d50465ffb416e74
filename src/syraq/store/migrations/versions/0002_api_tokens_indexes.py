"""API tokens (stored hashed) and indexes for the API's filtered, paginated event pages.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-21

Frozen: never edit a migration that has shipped; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_tokens_name", "api_tokens", ["name"])
    # the API orders pages by (date_start, id) and filters by type, date, box, status and score
    op.create_index("ix_events_page", "events", ["date_start", "id"])
    op.create_index("ix_events_type_date", "events", ["event_type", "date_start", "id"])
    op.create_index("ix_events_lon_lat", "events", ["lon", "lat"])
    op.create_index("ix_events_review_status", "events", ["review_status"])
    op.create_index("ix_events_confidence", "events", ["confidence"])


def downgrade() -> None:
    for name in ("ix_events_confidence", "ix_events_review_status", "ix_events_lon_lat", "ix_events_type_date",
                 "ix_events_page"):
        op.drop_index(name, table_name="events")
    op.drop_index("ix_api_tokens_name", table_name="api_tokens")
    op.drop_table("api_tokens")
