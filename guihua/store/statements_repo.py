"""Extracted statements and their review (SQL of the `statements` table); review statuses are defined in
guihua.store.repository's docstring."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import ConflictError, InputError
from guihua.extraction.model import Statement
from guihua.names import check_names
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit, clean_float, dumps, loads, now
from guihua.store.indicators_repo import ATTRIBUTES, indicator_for_name
from guihua.store.plans_repo import version_row
from guihua.store.records import (
    EDITABLE_STATEMENT_FIELDS,
    StoredStatement,
)
from guihua.store.schema import REVIEW_STATUSES

STATEMENT_TYPES = ("target", "baseline")
STATEMENT_KINDS = ("level", "growth", "change", "cumulative", "structure", "milestone")
COMPARATORS = (">=", "<=", "~", "=", None)
DIRECTIONS = ("increase", "decrease", None)
STATEMENT_ATTRIBUTES = (*ATTRIBUTES, None)


def original_of(s: Statement) -> dict[str, Any]:
    d = {f: getattr(s, f) for f in Statement.FIELDS}
    d["extra"] = dict(s.extra or {})
    return d


def column_values(f: str, v: Any) -> dict[str, Any]:
    if f == "values":
        return {"values_json": None if v is None else dumps([float(x) for x in v])}
    return {f: v}


def statement_row(s: Statement, plan_id: str, version_id: int, ordinal: int, indicator_id: int,
                   stamp: str) -> dict[str, Any]:
    return {
        "plan_id": plan_id, "version_id": version_id, "ordinal": ordinal, "indicator_id": indicator_id,
        "status": "待审核", "type": s.type, "kind": s.kind, "indicator": s.indicator, "value": clean_float(s.value),
        "value_max": clean_float(s.value_max),
        "values_json": None if s.values is None else dumps([float(x) for x in s.values]), "unit": s.unit,
        "comparator": s.comparator, "year": s.year, "base_year": s.base_year, "scope": s.scope,
        "section": s.section, "start_offset": s.start, "end_offset": s.end, "quote": s.quote,
        "node_key": s.node_id, "confidence": float(s.confidence), "note": s.note, "indicator_key": s.indicator_key,
        "direction": s.direction, "attribute": s.attribute,
        "extra_json": dumps(s.extra or {}), "original_json": dumps(original_of(s)), "reviewed_by": None,
        "reviewed_at": None, "row_version": 1,
    }


def match_key(original: Mapping[str, Any]) -> tuple[Any, ...]:
    return (original.get("quote"), original.get("type"), original.get("kind"), original.get("indicator"))


def stored_statement(r: RowMapping) -> StoredStatement:
    return StoredStatement(
        id=r["id"], plan_id=r["plan_id"], version_id=r["version_id"], ordinal=r["ordinal"],
        indicator_id=r["indicator_id"], status=r["status"], row_version=r["row_version"], type=r["type"],
        kind=r["kind"], indicator=r["indicator"], value=r["value"], value_max=r["value_max"],
        values=loads(r["values_json"]), unit=r["unit"], comparator=r["comparator"], year=r["year"],
        base_year=r["base_year"], scope=r["scope"], section=r["section"], start=r["start_offset"],
        end=r["end_offset"], quote=r["quote"], node_id=r["node_key"], confidence=r["confidence"], note=r["note"],
        indicator_key=r["indicator_key"], extra=loads(r["extra_json"]) or {},
        original=loads(r["original_json"]) or {}, reviewed_by=r["reviewed_by"], reviewed_at=r["reviewed_at"],
        direction=r["direction"], attribute=r["attribute"],
    )




def statement_by_id(conn: Connection, statement_id: int) -> StoredStatement:
    row = conn.execute(select(t.statements).where(t.statements.c.id == statement_id)).mappings().first()
    if row is None:
        raise InputError("TARGET_ID", f"没有编号为 {statement_id} 的目标")
    return stored_statement(row)



class StatementsMixin(StoreBase):
    """Store methods for statements and their review."""

    def list_statements(self, plan_id: str, *, version: int | None = None, indicator_id: int | None = None,
                        status: str | None = None, type: str | None = None,
                        include_rejected: bool = True) -> list[StoredStatement]:
        """Statements of a plan version (default: current), in document order.

        Filters: `indicator_id`, `status` (one of REVIEW_STATUSES), `type` ("target"/"baseline");
        `include_rejected=False` leaves out 已驳回 ones (what monitoring should evaluate).
        """
        with self.engine.connect() as conn:
            v = version_row(conn, plan_id, version)
            q = select(t.statements).where(t.statements.c.version_id == v.id)
            if indicator_id is not None:
                q = q.where(t.statements.c.indicator_id == indicator_id)
            if status is not None:
                q = q.where(t.statements.c.status == status)
            if type is not None:
                q = q.where(t.statements.c.type == type)
            if not include_rejected:
                q = q.where(t.statements.c.status != "已驳回")
            rows = conn.execute(q.order_by(t.statements.c.ordinal)).mappings().all()
        return [stored_statement(r) for r in rows]

    def get_statement(self, statement_id: int) -> StoredStatement:
        """One statement by id; InputError when unknown."""
        with self.engine.connect() as conn:
            return statement_by_id(conn, statement_id)

    def review_statement(self, statement_id: int, status: str, *, user: str,
                         changes: Mapping[str, Any] | None = None,
                         expected_version: int | None = None) -> StoredStatement:
        """Set a statement's review status, with corrections for 已修改 (see the module docstring).

        `changes` maps EDITABLE_STATEMENT_FIELDS to new values (already typed: floats, ints, a list
        of floats for `values`). Changing `indicator` re-links the statement to the indicator of that
        name or alias (created when the plan has none). Every changed field is audited, plus the
        status. Raises ConflictError when `expected_version` is stale, InputError for a bad status,
        field or transition. Returns the statement as stored afterwards.
        """
        if status not in REVIEW_STATUSES:
            raise InputError("--status", f"审核状态应为 {' / '.join(REVIEW_STATUSES)} 之一，收到“{status}”")
        changes = dict(changes or {})
        for k in changes:
            if k not in EDITABLE_STATEMENT_FIELDS:
                raise InputError(f"--set {k}", f"不能修改字段 {k}（可改：{'、'.join(EDITABLE_STATEMENT_FIELDS)}）")
        for k in ("value", "value_max"):
            if k in changes:
                changes[k] = clean_float(changes[k])
        for k, allowed in (("type", STATEMENT_TYPES), ("kind", STATEMENT_KINDS), ("comparator", COMPARATORS),
                           ("direction", DIRECTIONS), ("attribute", STATEMENT_ATTRIBUTES)):
            if k in changes and changes[k] not in allowed:
                shown = " / ".join(str(a) for a in allowed if a is not None)
                raise InputError(f"--set {k}", f"应为 {shown} 之一，收到“{changes[k]}”")
        for k in ("indicator", "unit", "scope"):
            check_names(changes.get(k), f"--set {k}")
        if changes.get("indicator") is not None and not str(changes["indicator"]).strip():
            raise InputError("--set indicator", "指标名称不能为空")
        if user is None or not str(user).strip():
            raise InputError("--user", "请注明审核人")
        with self.atomic() as conn:
            s = statement_by_id(conn, statement_id)
            if expected_version is not None and expected_version != s.row_version:
                # the writer decided on a state it has not seen: a conflict before any rule applies
                raise ConflictError(f"目标 {s.id}: 已被他人修改（版本 {expected_version} 已过期，当前 "
                                    f"{s.row_version}）；请重新读取后再改")
            if status in ("已确认", "已驳回", "待审核") and changes:
                raise InputError("--set", f"状态“{status}”不能同时修改字段；修改请用“已修改”")
            if status == "待审核":
                target = {f: s.original.get(f) for f in EDITABLE_STATEMENT_FIELDS}
            else:
                target = {f: getattr(s, f) for f in EDITABLE_STATEMENT_FIELDS}
                target.update(changes)
            differs = any(target[f] != s.original.get(f) for f in EDITABLE_STATEMENT_FIELDS)
            if status == "已确认" and differs:
                raise InputError("--status", "该条的值已被修改，与原抽取不同；接受修改后的值请用“已修改”，"
                                 "恢复原抽取请先设为“待审核”")
            if status == "已修改" and not differs:
                raise InputError("--set", "修改后的值与原抽取相同；请用“已确认”，或用 --set 给出改动")
            diff = {f: v for f, v in target.items() if getattr(s, f) != v}
            if not diff and status == s.status:
                return s
            stamp = now()
            values: dict[str, Any] = {"status": status}
            if status == "待审核":
                values.update(reviewed_by=None, reviewed_at=None)
            else:
                values.update(reviewed_by=user, reviewed_at=stamp)
            for f, v in diff.items():
                values.update(column_values(f, v))
            if "indicator" in diff:
                new_id = indicator_for_name(conn, s.plan_id, str(diff["indicator"]), s.unit, user, stamp)
                if new_id != s.indicator_id:
                    values["indicator_id"] = new_id
                    audit(conn, s.plan_id, user, "review", "statement", s.id, "indicator_id",
                                s.indicator_id, new_id, at=stamp)
            expected = expected_version if expected_version is not None else s.row_version
            res = conn.execute(update(t.statements).where(
                t.statements.c.id == s.id, t.statements.c.row_version == expected,
            ).values(**values, row_version=t.statements.c.row_version + 1))
            if res.rowcount != 1:
                raise ConflictError(f"目标 {s.id}: 已被他人修改（版本 {expected} 已过期，当前 {s.row_version}）；"
                                    "请重新读取后再改")
            if status != s.status:
                audit(conn, s.plan_id, user, "review", "statement", s.id, "status", s.status, status, at=stamp)
            for f, v in diff.items():
                audit(conn, s.plan_id, user, "review", "statement", s.id, f, getattr(s, f), v, at=stamp)
            return statement_by_id(conn, s.id)
