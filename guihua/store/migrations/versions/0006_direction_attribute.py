"""Statements gain `direction` (increase/decrease of a growth or change target: "年均下降3%" is a
decrease with the value kept positive) and `attribute` (约束性/预期性 where the plan states it).

Revision ID: 0006_direction_attribute
Revises: 0005_milestone_events
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_direction_attribute"
down_revision = "0005_milestone_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("direction", sa.String(10), comment="增减方向"))
        batch.add_column(sa.Column("attribute", sa.String(10), comment="属性"))


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("attribute")
        batch.drop_column("direction")
