"""目标责任制: responsible units (`responsibilities`, `departments.kind`), annual targets
(`annual_targets`), data rounds (`rounds`, `round_rows`) and the 主要指标 flag (`indicators.is_main`).

Revision ID: 0011_responsibility
Revises: 0010_users
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_responsibility"
down_revision = "0010_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(sa.Column("is_main", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("departments") as batch:
        batch.add_column(sa.Column("kind", sa.String(10)))
    op.create_table(
        "responsibilities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(100), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("entity", sa.String(12), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("departments.id"), nullable=False),
        sa.Column("role", sa.String(4), nullable=False),
        sa.Column("source", sa.Text()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("entity", "entity_id", "department_id", name="uq_responsibilities_entity_department"),
    )
    op.create_index("ix_responsibilities_plan", "responsibilities", ["plan_id", "entity"])
    op.create_index("ix_responsibilities_department", "responsibilities", ["department_id"])
    op.create_table(
        "annual_targets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(100), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("statement_id", sa.Integer(), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicators.id")),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.Text()),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("statement_id", "year", name="uq_annual_targets_statement_year"),
    )
    op.create_index("ix_annual_targets_plan", "annual_targets", ["plan_id", "year"])
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(100), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.String(10)),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("opened_at", sa.String(32), nullable=False),
        sa.Column("opened_by", sa.String(100), nullable=False),
        sa.Column("closed_at", sa.String(32)),
        sa.Column("closed_by", sa.String(100)),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("plan_id", "year", name="uq_rounds_plan_year"),
    )
    op.create_table(
        "round_rows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("rounds.id"), nullable=False),
        sa.Column("plan_id", sa.String(100), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("departments.id"), nullable=False),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicators.id")),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id")),
        sa.Column("unit", sa.Text()),
        sa.Column("value", sa.Double()),
        sa.Column("value_text", sa.Text()),
        sa.Column("progress", sa.Text()),
        sa.Column("note", sa.Text()),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("observation_id", sa.Integer()),
        sa.Column("updated_at", sa.String(32)),
        sa.Column("updated_by", sa.String(100)),
        sa.Column("submitted_at", sa.String(32)),
        sa.Column("submitted_by", sa.String(100)),
        sa.Column("decided_at", sa.String(32)),
        sa.Column("decided_by", sa.String(100)),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("round_id", "indicator_id", name="uq_round_rows_round_indicator"),
        sa.UniqueConstraint("round_id", "project_id", name="uq_round_rows_round_project"),
    )
    op.create_index("ix_round_rows_round_department", "round_rows", ["round_id", "department_id"])


def downgrade() -> None:
    op.drop_index("ix_round_rows_round_department", table_name="round_rows")
    op.drop_table("round_rows")
    op.drop_table("rounds")
    op.drop_index("ix_annual_targets_plan", table_name="annual_targets")
    op.drop_table("annual_targets")
    op.drop_index("ix_responsibilities_department", table_name="responsibilities")
    op.drop_index("ix_responsibilities_plan", table_name="responsibilities")
    op.drop_table("responsibilities")
    with op.batch_alter_table("departments") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("is_main")
