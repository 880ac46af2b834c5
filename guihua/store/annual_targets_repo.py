"""年度目标 (SQL of `annual_targets`): one value per target statement and year.

Proposed values (method linear | compound, computed by guihua.monitoring.annual) are written by
`propose_annual_targets`, which never overwrites a value 规划办 set by hand (method manual). 规划办
edits one value with `set_annual_target` (expected_version; the method becomes manual), audited
with old and new values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import InputError
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit, now, update_row
from guihua.store.plans_repo import plan_row

ANNUAL_METHODS = ("linear", "compound", "manual")


@dataclass(frozen=True)
class AnnualTargetInfo:
    """One stored 年度目标."""

    id: int
    plan_id: str
    statement_id: int
    indicator_id: int | None
    year: int
    value: float
    unit: str | None
    method: str  # linear | compound | manual
    created_at: str
    updated_at: str
    updated_by: str
    row_version: int


@dataclass(frozen=True)
class AnnualProposal:
    """A proposed value, as guihua.monitoring.annual.ProposedAnnual."""

    statement_id: int
    year: int
    value: float
    unit: str | None
    method: str


def _record(r: RowMapping) -> AnnualTargetInfo:
    return AnnualTargetInfo(**{k: r[k] for k in AnnualTargetInfo.__dataclass_fields__})


def _get(conn: Connection, target_id: int) -> AnnualTargetInfo:
    row = conn.execute(select(t.annual_targets).where(t.annual_targets.c.id == target_id)).mappings().first()
    if row is None:
        raise InputError("annual_target", f"没有编号为 {target_id} 的年度目标")
    return _record(row)


def _check_value(value: float, where: str = "value") -> float:
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(where, f"年度目标应为数值，收到“{value}”") from exc
    if not math.isfinite(v):
        raise InputError(where, f"年度目标应为有限的数值，收到“{value}”")
    return v


def dump_queries(plan_id: str) -> dict[str, object]:
    """The dump query of the plan's annual targets (guihua.store.dump_repo)."""
    return {"annual_targets": select(t.annual_targets).where(t.annual_targets.c.plan_id == plan_id)
            .order_by(t.annual_targets.c.id)}


class AnnualTargetsMixin(StoreBase):
    """Store.propose_annual_targets / list_annual_targets / get_annual_target / set_annual_target."""

    def propose_annual_targets(self, plan_id: str, proposals: Sequence[AnnualProposal], *, user: str) -> int:
        """Write proposed annual targets in one transaction; returns how many rows were added or changed.

        A new (statement, year) is inserted; an existing proposed one (linear/compound) is updated
        when its value, unit or method differs (audited); a manual one is never touched.
        """
        for p in proposals:
            if p.method not in ("linear", "compound"):
                raise InputError("method", f"建议的年度目标方法应为 linear 或 compound，收到“{p.method}”")
            _check_value(p.value)
        c = t.annual_targets.c
        changed = 0
        with self.atomic() as conn:
            plan_row(conn, plan_id)
            stmts = {int(r.id): r for r in conn.execute(
                select(t.statements.c.id, t.statements.c.plan_id, t.statements.c.indicator_id)
                .where(t.statements.c.plan_id == plan_id))}
            existing = {(int(r["statement_id"]), int(r["year"])): r for r in conn.execute(
                select(t.annual_targets).where(c.plan_id == plan_id)).mappings()}
            stamp = now()
            for p in proposals:
                s = stmts.get(p.statement_id)
                if s is None:
                    raise InputError("statement", f"规划 {plan_id} 中没有编号为 {p.statement_id} 的目标")
                old = existing.get((p.statement_id, p.year))
                if old is None:
                    new_id = conn.execute(insert(t.annual_targets).values(
                        plan_id=plan_id, statement_id=p.statement_id, indicator_id=s.indicator_id, year=p.year,
                        value=p.value, unit=p.unit, method=p.method, created_at=stamp, updated_at=stamp,
                        updated_by=user, row_version=1).returning(c.id)).scalar_one()
                    audit(conn, plan_id, user, "create", "annual_target", new_id, None, None,
                          {"statement": p.statement_id, "year": p.year, "value": p.value, "unit": p.unit,
                           "method": p.method}, at=stamp)
                    changed += 1
                    continue
                if old["method"] == "manual":
                    continue
                if (math.isclose(old["value"], p.value, rel_tol=1e-12, abs_tol=1e-12) and old["unit"] == p.unit
                        and old["method"] == p.method):
                    continue
                update_row(conn, t.annual_targets, c.id, old["id"], old["row_version"], None,
                           {"value": p.value, "unit": p.unit, "method": p.method, "updated_at": stamp,
                            "updated_by": user},
                           plan_id=plan_id, user=user, action="propose", entity="annual_target",
                           old=dict(old))
                changed += 1
        return changed

    def list_annual_targets(self, plan_id: str, year: int | None = None,
                            statement_id: int | None = None) -> list[AnnualTargetInfo]:
        """The plan's annual targets (of one year, of one statement), by statement then year."""
        c = t.annual_targets.c
        q = select(t.annual_targets).where(c.plan_id == plan_id)
        if year is not None:
            q = q.where(c.year == year)
        if statement_id is not None:
            q = q.where(c.statement_id == statement_id)
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            return [_record(r) for r in conn.execute(q.order_by(c.statement_id, c.year)).mappings()]

    def get_annual_target(self, target_id: int) -> AnnualTargetInfo:
        with self.engine.connect() as conn:
            return _get(conn, target_id)

    def set_annual_target(self, target_id: int, value: float, *, user: str,
                          expected_version: int | None = None) -> AnnualTargetInfo:
        """规划办 sets one annual target by hand: the value changes and the method becomes manual
        (a later proposal leaves it alone). Stale ``expected_version`` -> ConflictError."""
        v = _check_value(value)
        with self.atomic() as conn:
            cur = _get(conn, target_id)
            stamp = now()
            update_row(conn, t.annual_targets, t.annual_targets.c.id, target_id, cur.row_version, expected_version,
                       {"value": v, "method": "manual", "updated_at": stamp, "updated_by": user},
                       plan_id=cur.plan_id, user=user, action="update", entity="annual_target",
                       old={"value": cur.value, "method": cur.method, "updated_at": cur.updated_at,
                            "updated_by": cur.updated_by})
            return _get(conn, target_id)
