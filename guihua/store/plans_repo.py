"""Plans, their document versions and outlines (SQL of the `plans`, `plan_versions`, `nodes` tables)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import InputError
from guihua.store import schema as t
from guihua.store.base import StoreBase, loads, update_row
from guihua.store.records import (
    NodeInfo,
    PlanInfo,
    VersionInfo,
)


def plan_row(conn: Connection, plan_id: str) -> PlanInfo:
    row = conn.execute(select(t.plans).where(t.plans.c.id == plan_id)).mappings().first()
    if row is None:
        raise InputError("--plan", f"没有编号为“{plan_id}”的规划（先用 guihua ingest 载入）")
    return PlanInfo(**dict(row))


def version_row(conn: Connection, plan_id: str, number: int | None) -> VersionInfo:
    plan = plan_row(conn, plan_id)
    number = number if number is not None else plan.current_version
    row = conn.execute(select(t.plan_versions).where(
        t.plan_versions.c.plan_id == plan_id, t.plan_versions.c.number == number)).mappings().first()
    if row is None:
        raise InputError("--version", f"规划“{plan_id}”没有第 {number} 版")
    d = dict(row)
    d["repairs"] = loads(d.pop("repairs_json"))
    return VersionInfo(**d)


def node_info(r: RowMapping) -> NodeInfo:
    d = dict(r)
    d["start"] = d.pop("start_offset")
    d["end"] = d.pop("end_offset")
    return NodeInfo(**d)




class PlansMixin(StoreBase):
    """Store methods for plans, versions and nodes."""

    def list_plans(self) -> list[PlanInfo]:
        """Every plan, ordered by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.plans).order_by(t.plans.c.id)).mappings().all()
        return [PlanInfo(**dict(r)) for r in rows]

    def get_plan(self, plan_id: str) -> PlanInfo:
        """The plan `plan_id`; InputError when there is none."""
        with self.engine.connect() as conn:
            return plan_row(conn, plan_id)

    def has_plan(self, plan_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.plans.c.id).where(t.plans.c.id == plan_id)).first() is not None

    def update_plan(self, plan_id: str, changes: Mapping[str, Any], *, user: str,
                    expected_version: int | None = None) -> PlanInfo:
        """Change title / region / period_start / period_end of a plan (audited)."""
        allowed = ("title", "region", "period_start", "period_end")
        for k in changes:
            if k not in allowed:
                raise InputError(k, f"规划不能修改字段 {k}（可改：{'、'.join(allowed)}）")
        with self.atomic() as conn:
            plan = plan_row(conn, plan_id)
            diff = {k: v for k, v in changes.items() if getattr(plan, k) != v}
            if diff:
                update_row(conn, t.plans, t.plans.c.id, plan_id, plan.row_version, expected_version,
                                 diff, plan_id=plan_id, user=user, action="update", entity="plan",
                                 old={k: getattr(plan, k) for k in diff})
            return plan_row(conn, plan_id)

    def get_version(self, plan_id: str, number: int | None = None) -> VersionInfo:
        """A stored version of a plan's document (default: the current one), raw text included."""
        with self.engine.connect() as conn:
            return version_row(conn, plan_id, number)

    def list_versions(self, plan_id: str) -> list[VersionInfo]:
        """All versions of a plan, oldest first (raw text included)."""
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            rows = conn.execute(select(t.plan_versions.c.number).where(
                t.plan_versions.c.plan_id == plan_id).order_by(t.plan_versions.c.number)).scalars().all()
            return [version_row(conn, plan_id, n) for n in rows]

    def list_nodes(self, plan_id: str, version: int | None = None) -> list[NodeInfo]:
        """The outline of a plan version as a flat list in document order (parent_key links them)."""
        with self.engine.connect() as conn:
            v = version_row(conn, plan_id, version)
            rows = conn.execute(select(t.nodes).where(t.nodes.c.version_id == v.id)
                                .order_by(t.nodes.c.ordinal)).mappings().all()
        return [node_info(r) for r in rows]
