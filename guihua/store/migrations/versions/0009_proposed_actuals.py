"""Proposed actuals: achieved values read from a 统计公报 or 政府工作报告 (`guihua import-report`),
pending review; accepting one writes an actual value through the import's checks.

Revision ID: 0009_proposed_actuals
Revises: 0008_attribute_source
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_proposed_actuals"
down_revision = "0008_attribute_source"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposed_actuals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(100), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicators.id")),
        sa.Column("source_indicator", sa.Text(), nullable=False, comment="原指标名"),
        sa.Column("period", sa.String(9), nullable=False, comment="年份或时期"),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("year_end", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(10), nullable=False, comment="度量"),
        sa.Column("value", sa.Double(), comment="数值"),
        sa.Column("values_json", sa.Text(), comment="结构值"),
        sa.Column("value_text", sa.Text(), nullable=False, comment="原始数值"),
        sa.Column("unit", sa.Text(), comment="单位"),
        sa.Column("document", sa.Text(), nullable=False, comment="来源文件"),
        sa.Column("document_title", sa.Text(), comment="文件标题"),
        sa.Column("quote", sa.Text(), nullable=False, comment="原文"),
        sa.Column("start_offset", sa.Integer(), nullable=False, comment="起点"),
        sa.Column("end_offset", sa.Integer(), nullable=False, comment="终点"),
        sa.Column("line", sa.Integer(), comment="行号"),
        sa.Column("candidates_json", sa.Text(), comment="候选指标"),
        sa.Column("problem", sa.Text(), comment="问题"),
        sa.Column("state", sa.String(10), nullable=False, comment="审核状态"),
        sa.Column("observation_id", sa.Integer(), comment="实际值编号"),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("reviewed_at", sa.String(32)),
        sa.Column("reviewed_by", sa.String(100)),
        sa.Column("row_version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_proposed_actuals_plan", "proposed_actuals", ["plan_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_proposed_actuals_plan", table_name="proposed_actuals")
    op.drop_table("proposed_actuals")
