"""The first schema: clients, instruments, sessions and their scores, check-ins, goals.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
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
        "clients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "instruments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.String(255)),
        sa.Column("version", sa.String(64)),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("resource", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer,
            sa.ForeignKey("clients.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("held_on", sa.Date),
        sa.Column("analysed", sa.Boolean, nullable=False),
        sa.Column("source_sha256", sa.String(64)),
        sa.Column("framework", sa.String(128)),
        sa.Column("ruptures", sa.Integer),
        sa.Column("ruptures_repaired", sa.Integer),
        sa.Column("stages", sa.Text),
        sa.UniqueConstraint("client_id", "number", name="uq_sessions_client_number"),
    )
    op.create_table(
        "session_scores",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("confidence", sa.Float),
        sa.Column("band", sa.String(32)),
        sa.UniqueConstraint("session_id", "kind", "name", name="uq_session_scores"),
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "instrument_id",
            sa.Integer,
            sa.ForeignKey("instruments.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("answered_at", sa.DateTime),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(128)),
        sa.Column("score", sa.Float, nullable=False),
        sa.UniqueConstraint("session_id", "instrument_id", name="uq_checkins_session_instrument"),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "checkin_id",
            sa.Integer,
            sa.ForeignKey("checkins.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("link_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.UniqueConstraint("checkin_id", "link_id", name="uq_answers_checkin_item"),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer,
            sa.ForeignKey("clients.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("set_in_session", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "goal_progress",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "goal_id",
            sa.Integer,
            sa.ForeignKey("goals.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("session_number", sa.Integer),
        sa.Column("rating", sa.Float, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "goal_progress",
        "goals",
        "answers",
        "checkins",
        "session_scores",
        "sessions",
        "instruments",
        "clients",
    ):
        op.drop_table(table)
