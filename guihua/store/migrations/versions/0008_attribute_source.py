"""Indicators gain `attribute_source`: where their 约束性/预期性 comes from — `plan` (the plan says
so), `proposed` (from the national plan's binding indicators, until reviewed) or `review` (a
person set it). Existing attributes become `review` where the audit log shows a person changed
them, else `plan`.

Revision ID: 0008_attribute_source
Revises: 0007_project_proposals
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_attribute_source"
down_revision = "0007_project_proposals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(sa.Column("attribute_source", sa.String(10), comment="属性来源"))
    op.execute("UPDATE indicators SET attribute_source = 'plan' WHERE attribute IS NOT NULL")
    op.execute(
        "UPDATE indicators SET attribute_source = 'review' WHERE attribute IS NOT NULL AND CAST(id AS VARCHAR(20)) IN "
        "(SELECT entity_id FROM audit_log WHERE entity = 'indicator' AND field = 'attribute' AND action = 'update')"
    )


def downgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("attribute_source")
