"""The project library: projects gain a key, years, investment, responsible unit and note; their
mentions in the plan, progress events and links to indicators get tables of their own.

Revision ID: 0004_project_library
Revises: 0003_widen_text_columns
Create Date: 2026-11-29
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004_project_library"
down_revision = "0003_widen_text_columns"
branch_labels = None
depends_on = None

_PROJECT_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("key", sa.Text()), ("start_year", sa.Integer()), ("end_year", sa.Integer()), ("investment", sa.Double()),
    ("investment_unit", sa.Text()), ("responsible", sa.Text()), ("note", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        for name, type_ in _PROJECT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
        batch.create_index("ix_projects_plan_key", ["plan_id", "key"])
    op.create_table(
        "project_mentions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("plan_versions.id"), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("full_name", sa.Text()),
        sa.Column("action", sa.Text()),
        sa.Column("category", sa.Text()),
        sa.Column("box", sa.Integer()),
        sa.Column("article", sa.Integer()),
        sa.Column("places_json", sa.Text(), nullable=False),
        sa.Column("counties_json", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("name_start", sa.Integer()),
        sa.Column("name_end", sa.Integer()),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("node_key", sa.Text()),
        sa.Column("confidence", sa.Double(), nullable=False),
    )
    op.create_index("ix_project_mentions_project", "project_mentions", ["project_id"])
    op.create_index("ix_project_mentions_version", "project_mentions", ["version_id"])
    op.create_table(
        "project_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10)),
        sa.Column("evidence", sa.Text()),
        sa.Column("note", sa.Text()),
        sa.Column("import_file", sa.Text()),
        sa.Column("import_line", sa.Integer()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_project_events_project", "project_events", ["project_id"])
    op.create_table(
        "project_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicators.id"), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("score", sa.Double()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("decided_by", sa.String(100)),
        sa.Column("decided_at", sa.String(32)),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("project_id", "indicator_id", name="uq_project_links_project_indicator"),
    )
    op.create_index("ix_project_links_indicator", "project_links", ["indicator_id"])


def downgrade() -> None:
    op.drop_index("ix_project_links_indicator", table_name="project_links")
    op.drop_table("project_links")
    op.drop_index("ix_project_events_project", table_name="project_events")
    op.drop_table("project_events")
    op.drop_index("ix_project_mentions_version", table_name="project_mentions")
    op.drop_index("ix_project_mentions_project", table_name="project_mentions")
    op.drop_table("project_mentions")
    with op.batch_alter_table("projects") as batch:
        batch.drop_index("ix_projects_plan_key")
        for name, _type in reversed(_PROJECT_COLUMNS):
            batch.drop_column(name)
