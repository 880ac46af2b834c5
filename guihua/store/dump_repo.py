"""A plan's raw rows out (dump_plan) and back in (load_plan), for guihua.store.exchange."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select, text

from guihua.errors import InputError
from guihua.store import changes
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit
from guihua.store.indicators_repo import set_departments
from guihua.store.plans_repo import plan_row


class DumpMixin(StoreBase):
    """Store.dump_plan / Store.load_plan."""

    def dump_plan(self, plan_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every stored row of a plan, table by table, ordered by primary key (for guihua.store.exchange).

        Departments are given by name (`indicator_departments` and `responsibilities` rows carry
        `department`; `departments` lists the names used with their kind), so a dump does not depend on
        department ids of the source database.
        """
        from guihua.store.annual_targets_repo import dump_queries as annual_queries
        from guihua.store.milestones_repo import dump_queries as milestone_queries
        from guihua.store.project_proposals import dump_queries as proposal_queries
        from guihua.store.projects_repo import dump_queries
        from guihua.store.proposed_actuals_repo import dump_queries as proposed_actual_queries
        from guihua.store.responsibility_repo import dump_queries as responsibility_queries
        from guihua.store.rounds_repo import dump_queries as round_queries

        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            version_ids = select(t.plan_versions.c.id).where(t.plan_versions.c.plan_id == plan_id)
            indicator_ids = select(t.indicators.c.id).where(t.indicators.c.plan_id == plan_id)
            queries: dict[str, Any] = {
                "plans": select(t.plans).where(t.plans.c.id == plan_id),
                "plan_versions": select(t.plan_versions).where(t.plan_versions.c.plan_id == plan_id)
                .order_by(t.plan_versions.c.id),
                "nodes": select(t.nodes).where(t.nodes.c.version_id.in_(version_ids)).order_by(t.nodes.c.id),
                "indicators": select(t.indicators).where(t.indicators.c.plan_id == plan_id).order_by(t.indicators.c.id),
                "indicator_departments": select(t.indicator_departments.c.indicator_id,
                                                t.departments.c.name.label("department"))
                .join(t.departments, t.departments.c.id == t.indicator_departments.c.department_id)
                .where(t.indicator_departments.c.indicator_id.in_(indicator_ids))
                .order_by(t.indicator_departments.c.indicator_id, t.departments.c.name),
                "statements": select(t.statements).where(t.statements.c.plan_id == plan_id).order_by(t.statements.c.id),
                "observations": select(t.observations).where(t.observations.c.plan_id == plan_id)
                .order_by(t.observations.c.id),
                "projects": select(t.projects).where(t.projects.c.plan_id == plan_id).order_by(t.projects.c.id),
                **responsibility_queries(plan_id, indicator_ids),
                **dump_queries(plan_id),
                **proposal_queries(plan_id),
                **proposed_actual_queries(plan_id),
                **milestone_queries(plan_id),
                **annual_queries(plan_id),
                **round_queries(plan_id),
                "audit_log": select(t.audit_log).where(t.audit_log.c.plan_id == plan_id).order_by(t.audit_log.c.id),
            }
            return {name: [dict(r) for r in conn.execute(q).mappings()] for name, q in queries.items()}

    def load_plan(self, tables: Mapping[str, Sequence[Mapping[str, Any]]], *, user: str) -> str:
        """Insert a dump (as from dump_plan) with its ids, in one transaction; returns the plan id.

        Refuses (InputError) when the plan or any of the dump's row ids already exists here. The
        restore itself is logged with plan_id NULL, so the plan's own audit log stays as exported.
        """
        plans = tables.get("plans") or []
        if len(plans) != 1:
            raise InputError("restore", "导出文件应恰好包含一个规划")
        plan_id = plans[0]["id"]
        order = ("plans", "plan_versions", "nodes", "indicators", "statements", "observations", "projects",
                 "project_mentions", "project_events", "project_links", "project_proposals", "proposed_actuals",
                 "milestone_events", "annual_targets", "audit_log")
        from guihua.store.rounds_repo import load_rows as load_round_rows

        with self.atomic() as conn:
            if conn.execute(select(t.plans.c.id).where(t.plans.c.id == plan_id)).first() is not None:
                raise InputError("restore", f"数据库中已有规划“{plan_id}”，不能覆盖；请恢复到新的数据库")
            for name in (*order[1:], "responsibilities", "rounds", "round_rows"):
                ids = [r["id"] for r in tables.get(name) or []]
                table = t.metadata.tables[name]
                for chunk in range(0, len(ids), 500):
                    hit = conn.execute(select(table.c.id).where(table.c.id.in_(ids[chunk:chunk + 500]))).first()
                    if hit is not None:
                        raise InputError("restore", f"数据库中 {name} 已有编号 {hit[0]} 的记录，不能按原编号恢复；"
                                         "请恢复到新的数据库")
            from guihua.store.responsibility_repo import load_departments, load_responsibilities

            load_departments(conn, tables.get("departments") or [])
            for name in order:
                rows = [dict(r) for r in tables.get(name) or []]
                if rows:
                    conn.execute(insert(t.metadata.tables[name]), rows)
            changes.note_change(conn, plan_id, "plan")  # the restored plan's counters start (or move)
            changes.note_change(conn, plan_id, "round")
            load_responsibilities(conn, tables.get("responsibilities") or [])
            load_round_rows(conn, tables)  # departments by name
            by_indicator: dict[int, list[str]] = {}
            for r in tables.get("indicator_departments") or []:
                by_indicator.setdefault(int(r["indicator_id"]), []).append(str(r["department"]))
            for ind_id, names in by_indicator.items():
                set_departments(conn, ind_id, names)
            if conn.dialect.name == "postgresql":
                for name in ("plan_versions", "nodes", "indicators", "departments", "statements", "observations",
                             "projects", "project_mentions", "project_events", "project_links",
                             "project_proposals", "proposed_actuals", "milestone_events", "responsibilities",
                             "annual_targets", "audit_log", "rounds", "round_rows"):
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))
            audit(conn, None, user, "restore", "plan", plan_id, None, None,
                        {"rows": {k: len(v) for k, v in tables.items()}})
        return str(plan_id)


# ---------------------------------------------------------------------- row <-> record helpers
