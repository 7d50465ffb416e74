"""Incidents: events from different reports of one happening, and who put each event in which.

Revision ID: 0003_incidents
Revises: 0002
Create Date: 2026-05-22

Frozen: never edit a migration that has shipped; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_incidents"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("sub_event_type", sa.String(100), nullable=False),
        sa.Column("place_id", sa.String(100), nullable=True),
        sa.Column("place_name", sa.String(300), nullable=False),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("geo_precision", sa.Integer, nullable=True),
        sa.Column("date_start", sa.Date, nullable=True),
        sa.Column("date_end", sa.Date, nullable=True),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
    )
    # candidates for a new report are found by date window and coordinate box
    op.create_index("ix_incidents_page", "incidents", ["date_start", "id"])
    op.create_index("ix_incidents_date_end", "incidents", ["date_end"])
    op.create_index("ix_incidents_lon_lat", "incidents", ["lon", "lat"])
    op.create_index("ix_incidents_place_id", "incidents", ["place_id"])
    op.create_table(
        "incident_members",
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "incident_id", sa.String(64), sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_incident_members_incident", "incident_members", ["incident_id", "seq"])
    op.create_index("ix_incident_members_document", "incident_members", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_members_document", table_name="incident_members")
    op.drop_index("ix_incident_members_incident", table_name="incident_members")
    op.drop_table("incident_members")
    for name in ("ix_incidents_place_id", "ix_incidents_lon_lat", "ix_incidents_date_end", "ix_incidents_page"):
        op.drop_index(name, table_name="incidents")
    op.drop_table("incidents")
