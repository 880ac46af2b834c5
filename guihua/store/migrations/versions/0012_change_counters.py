"""Change counters per plan (`change_counters`): bumped in the transaction that writes audit rows, read
by the web's caches instead of the newest audit row; an index of round rows by plan and state (the
pending values a dashboard shows).

Revision ID: 0012_change_counters
Revises: 0011_responsibility
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_change_counters"
down_revision = "0011_responsibility"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_counters",
        sa.Column("plan_id", sa.String(100), primary_key=True),
        sa.Column("data", sa.Integer(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
    )
    # start from the audit rows already written (any start works: counters only need to move)
    op.execute(
        "INSERT INTO change_counters (plan_id, data, rounds) "
        "SELECT COALESCE(plan_id, ''), "
        "SUM(CASE WHEN entity IN ('round', 'round_row') THEN 0 ELSE 1 END), "
        "SUM(CASE WHEN entity IN ('round', 'round_row') THEN 1 ELSE 0 END) "
        "FROM audit_log GROUP BY COALESCE(plan_id, '')")


    op.create_index("ix_round_rows_plan_state", "round_rows", ["plan_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_round_rows_plan_state", "round_rows")
    op.drop_table("change_counters")
