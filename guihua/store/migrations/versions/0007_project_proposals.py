"""Project proposals: what a later document (a year's government work report) says of the projects
in a plan's library ("XX大桥建成通车" -> status 建成 in 2017, with the quote), matched to a project
with a confidence and kept for a person to accept or reject; nothing is merged unseen.

Revision ID: 0007_project_proposals
Revises: 0006_direction_attribute
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_project_proposals"
down_revision = "0006_direction_attribute"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(100), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id")),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("report_year", sa.Integer()),
        sa.Column("event_year", sa.Integer()),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("full_name", sa.Text()),
        sa.Column("action", sa.Text()),
        sa.Column("status", sa.String(10)),
        sa.Column("status_phrase", sa.Text()),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("project_events.id")),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("decided_at", sa.String(32)),
        sa.Column("decided_by", sa.String(100)),
        sa.Column("row_version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_project_proposals_plan", "project_proposals", ["plan_id", "decision"])
    op.create_index("ix_project_proposals_project", "project_proposals", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_project_proposals_project", table_name="project_proposals")
    op.drop_index("ix_project_proposals_plan", table_name="project_proposals")
    op.drop_table("project_proposals")
