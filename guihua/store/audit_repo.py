"""Reading the append-only audit log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from guihua.store import schema as t
from guihua.store.base import StoreBase, loads
from guihua.store.changes import read_counters
from guihua.store.records import (
    AuditEntry,
)


class AuditMixin(StoreBase):
    """Store.audit_log and Store.change_counters."""

    def audit_log(self, *, plan_id: str | None = None, entity: str | None = None, entity_id: Any = None,
                  user: str | None = None, limit: int | None = None, newest_first: bool = False,
                  exclude_entities: Sequence[str] = ()) -> list[AuditEntry]:
        """Audit entries (oldest first unless `newest_first`), filtered by plan, entity, id, user;
        without the entries of `exclude_entities`."""
        q = select(t.audit_log)
        if plan_id is not None:
            q = q.where(t.audit_log.c.plan_id == plan_id)
        if entity is not None:
            q = q.where(t.audit_log.c.entity == entity)
        if exclude_entities:
            q = q.where(t.audit_log.c.entity.not_in(list(exclude_entities)))
        if entity_id is not None:
            q = q.where(t.audit_log.c.entity_id == str(entity_id))
        if user is not None:
            q = q.where(t.audit_log.c.user == user)
        q = q.order_by(t.audit_log.c.id.desc() if newest_first else t.audit_log.c.id)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        return [AuditEntry(**{**dict(r), "old": loads(r["old"]), "new": loads(r["new"])}) for r in rows]

    def change_counters(self, plan_id: str | None = None) -> dict[str, tuple[int, int]]:
        """{plan_id: (data changes, data-round changes)} of one plan or of all ("" for changes of no plan):
        they move with every committed write (guihua.store.changes)."""
        with self.engine.connect() as conn:
            return read_counters(conn, plan_id)
