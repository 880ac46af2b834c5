"""Accounts and login sessions: `users` (role, department, Argon2id password hash, hashed API token)
and `sessions` (hashed cookie token, CSRF token, expiry).

Revision ID: 0010_users
Revises: 0009_proposed_actuals
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_users"
down_revision = "0009_proposed_actuals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("department", sa.Text()),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("api_token_hash", sa.String(64)),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("name", name="uq_users_name"),
        sa.UniqueConstraint("api_token_hash", name="uq_users_api_token_hash"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_sessions_user", "sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_user", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("users")
