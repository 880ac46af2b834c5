"""Milestone events: what happened to a dated commitment (完成 / 部分完成 / 未完成), on which date,
with its evidence and source, so monitoring can judge a milestone done, not yet due or overdue.

Revision ID: 0005_milestone_events
Revises: 0004_project_library
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_milestone_events"
down_revision = "0004_project_library"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "milestone_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(100), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("statement_id", sa.Integer(), sa.ForeignKey("statements.id")),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicators.id")),
        sa.Column("event_date", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source", sa.Text()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_milestone_events_plan", "milestone_events", ["plan_id"])
    op.create_index("ix_milestone_events_statement", "milestone_events", ["statement_id"])


def downgrade() -> None:
    op.drop_index("ix_milestone_events_statement", table_name="milestone_events")
    op.drop_index("ix_milestone_events_plan", table_name="milestone_events")
    op.drop_table("milestone_events")
