"""Free-text columns become TEXT: units, keys, sections and project fields come from plans, data files
and reviewers of any length, and PostgreSQL enforces VARCHAR lengths (SQLite does not).

Revision ID: 0003_widen_text_columns
Revises: 0002_audit_append_only
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_widen_text_columns"
down_revision = "0002_audit_append_only"
branch_labels = None
depends_on = None

# table -> [(column, old VARCHAR length, nullable)]
COLUMNS: dict[str, list[tuple[str, int, bool]]] = {
    "indicators": [("key", 300, False), ("unit", 50, True), ("domain", 50, True)],
    "departments": [("name", 200, False)],
    "statements": [("unit", 50, True), ("section", 50, True), ("node_key", 300, True), ("indicator_key", 300, True)],
    "observations": [("unit", 100, True), ("unit_converted", 50, True)],
    "projects": [("action", 50, True), ("category", 100, True), ("box", 100, True), ("article", 100, True)],
}


def upgrade() -> None:
    for table, cols in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, length, nullable in cols:
                batch.alter_column(name, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=nullable)


def downgrade() -> None:
    for table, cols in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, length, nullable in cols:
                batch.alter_column(name, type_=sa.String(length), existing_type=sa.Text(), existing_nullable=nullable)
