"""Alembic environment: run programmatically by guihua.store.migrate (never via alembic.ini).

The caller passes an open connection in `config.attributes["connection"]`; each migration runs in
its own transaction.
"""

from __future__ import annotations

from alembic import context

from guihua.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs `alembic` by hand
    raise RuntimeError("guihua migrations run through guihua.store.migrate.upgrade(url)")

context.configure(connection=connection, target_metadata=metadata, transaction_per_migration=True,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
