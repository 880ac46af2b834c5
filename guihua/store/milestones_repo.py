"""SQL of milestone events (a sibling of repository.py; the Store's milestone methods call here).

A milestone target ("力争2017年成功创建全国文明城市") is judged from recorded events: on a date,
with evidence, someone records that it was 完成, 部分完成 or 未完成. Each event belongs to the
milestone statement and to its indicator (the indicator outlives document versions). Every
change is audit logged; rows carry `row_version` (optimistic concurrency, as in the rest of the store).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from guihua.errors import ConflictError, InputError
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit, now
from guihua.store.records import MILESTONE_OUTCOMES, MilestoneEventInfo
from guihua.store.statements_repo import statement_by_id

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, RowMapping



def check_event_date(text: str) -> str:
    """A calendar date written YYYY-MM-DD (InputError naming the field otherwise)."""
    clean = (text or "").strip()
    try:
        if len(clean) == 10:
            return dt.date.fromisoformat(clean).isoformat()
    except ValueError:
        pass
    raise InputError("--date", f"日期应写作 YYYY-MM-DD（如 2017-11-14），收到“{text}”")


def event_record(r: RowMapping) -> MilestoneEventInfo:
    return MilestoneEventInfo(**dict(r))


def _get(conn: Connection, event_id: int) -> MilestoneEventInfo:
    row = conn.execute(select(t.milestone_events).where(t.milestone_events.c.id == event_id)).mappings().first()
    if row is None:
        raise InputError("event", f"没有编号为 {event_id} 的节点事件")
    return event_record(row)


def add_event(store: StoreBase, statement_id: int, *, date: str, evidence: str, user: str, outcome: str = "完成",
              source: str | None = None) -> MilestoneEventInfo:
    """Record what happened to milestone target ``statement_id`` on ``date`` (audited)."""
    date = check_event_date(date)
    if outcome not in MILESTONE_OUTCOMES:
        raise InputError("--outcome", f"结果应为 {' / '.join(MILESTONE_OUTCOMES)}，收到“{outcome}”")
    evidence = (evidence or "").strip()
    if not evidence:
        raise InputError("--evidence", "请写明证明材料（文件名、文号或公告）")
    with store.atomic() as conn:
        s = statement_by_id(conn, statement_id)
        if s.type != "target" or s.kind != "milestone":
            raise InputError("TARGET_ID", f"目标 {statement_id}（{s.indicator}）不是节点任务（种类 {s.kind}），"
                             "只能为节点任务录入事件")
        stamp = now()
        eid = conn.execute(insert(t.milestone_events).values(
            plan_id=s.plan_id, statement_id=s.id, indicator_id=s.indicator_id, event_date=date, outcome=outcome,
            evidence=evidence, source=source or None, created_at=stamp, created_by=user, row_version=1,
        ).returning(t.milestone_events.c.id)).scalar_one()
        audit(conn, s.plan_id, user, "create", "milestone_event", eid, None, None,
                     {"statement": s.id, "event_date": date, "outcome": outcome, "evidence": evidence,
                      "source": source or None}, at=stamp)
        return _get(conn, int(eid))


def list_events(store: StoreBase, *, plan_id: str | None = None, statement_id: int | None = None,
                indicator_id: int | None = None) -> list[MilestoneEventInfo]:
    """Milestone events, oldest date first."""
    c = t.milestone_events.c
    q = select(t.milestone_events)
    if plan_id is not None:
        q = q.where(c.plan_id == plan_id)
    if statement_id is not None:
        q = q.where(c.statement_id == statement_id)
    if indicator_id is not None:
        q = q.where(c.indicator_id == indicator_id)
    with store.engine.connect() as conn:
        return [event_record(r) for r in conn.execute(q.order_by(c.event_date, c.id)).mappings()]


def delete_event(store: StoreBase, event_id: int, *, user: str, expected_version: int | None = None) -> None:
    """Remove an event; the audit log keeps the whole row as `old`. ConflictError when stale."""
    with store.atomic() as conn:
        e = _get(conn, event_id)
        expected = expected_version if expected_version is not None else e.row_version
        res = conn.execute(delete(t.milestone_events).where(
            t.milestone_events.c.id == event_id, t.milestone_events.c.row_version == expected))
        if res.rowcount != 1:
            raise ConflictError(f"节点事件 {event_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取后再删")
        audit(conn, e.plan_id, user, "delete", "milestone_event", event_id, None, asdict(e), None)


def dump_queries(plan_id: str) -> dict[str, Any]:
    """Queries of the milestone tables for Store.dump_plan (ordered by primary key)."""
    return {"milestone_events": select(t.milestone_events).where(t.milestone_events.c.plan_id == plan_id)
            .order_by(t.milestone_events.c.id)}


class MilestonesMixin(StoreBase):
    """Store methods for milestone events."""

    def add_milestone_event(self, statement_id: int, *, date: str, evidence: str, user: str,
                            outcome: str = "完成", source: str | None = None) -> MilestoneEventInfo:
        """Record what happened to a milestone target on a date (完成/部分完成/未完成), with evidence. Audited."""
        return add_event(self, statement_id, date=date, evidence=evidence, user=user,
                                         outcome=outcome, source=source)

    def list_milestone_events(self, *, plan_id: str | None = None, statement_id: int | None = None,
                              indicator_id: int | None = None) -> list[MilestoneEventInfo]:
        """Milestone events, oldest date first, filtered by plan, statement or indicator."""
        return list_events(self, plan_id=plan_id, statement_id=statement_id,
                                           indicator_id=indicator_id)

    def delete_milestone_event(self, event_id: int, *, user: str, expected_version: int | None = None) -> None:
        """Remove a milestone event (audited, whole row kept); ConflictError when `expected_version` is stale."""
        delete_event(self, event_id, user=user, expected_version=expected_version)

