"""SQL of proposed actuals: achieved values read from documents, pending a person's review.

`guihua import-report` reads a 统计公报 or 政府工作报告 and stores what it finds here, never
among the actual values: a proposal is not a fact until someone accepts it, so it never reaches an
evaluation, a report or a conflict flag. Accepting one (guihua.store.report_actuals) writes the
actual value through the import's checks and records its id here. Every change is audited; rows
carry `row_version` (optimistic concurrency, as in the rest of the store).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from guihua.errors import ConflictError, InputError
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit, now
from guihua.store.plans_repo import plan_row

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, RowMapping


PENDING, ACCEPTED, REJECTED = "待审核", "已接受", "已驳回"
PROPOSAL_STATES = (PENDING, ACCEPTED, REJECTED)


@dataclass
class NewProposal:
    source_indicator: str
    period: str
    year_start: int
    year_end: int
    measure: str
    value: float | None
    value_text: str
    unit: str | None
    document: str
    quote: str
    start: int
    end: int
    indicator_id: int | None = None
    values: list[float] | None = None
    document_title: str | None = None
    line: int | None = None
    candidates: list[tuple[int, float]] = field(default_factory=list)
    problem: str | None = None


@dataclass(frozen=True)
class ProposalInfo:
    id: int
    plan_id: str
    indicator_id: int | None
    source_indicator: str
    period: str
    year_start: int
    year_end: int
    measure: str
    value: float | None
    values: list[float] | None
    value_text: str
    unit: str | None
    document: str
    document_title: str | None
    quote: str
    start: int
    end: int
    line: int | None
    candidates: list[tuple[int, float]]
    problem: str | None
    state: str
    observation_id: int | None
    created_at: str
    created_by: str
    reviewed_at: str | None
    reviewed_by: str | None
    row_version: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _record(r: RowMapping) -> ProposalInfo:
    d = dict(r)
    values = d.pop("values_json")
    d["values"] = json.loads(values) if values else None
    d["candidates"] = [tuple(c) for c in json.loads(d.pop("candidates_json") or "[]")]
    d["start"] = d.pop("start_offset")
    d["end"] = d.pop("end_offset")
    return ProposalInfo(**d)


def _get(conn: Connection, proposal_id: int) -> ProposalInfo:
    row = conn.execute(select(t.proposed_actuals).where(t.proposed_actuals.c.id == proposal_id)).mappings().first()
    if row is None:
        raise InputError("proposal", f"没有编号为 {proposal_id} 的实际值建议")
    return _record(row)


def _dumps(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def add_proposals(store: StoreBase, plan_id: str, proposals: Sequence[NewProposal], *, user: str) -> list[int]:
    """Store proposals in one transaction (each audited); returns their ids."""
    ids: list[int] = []
    with store.atomic() as conn:
        plan_row(conn, plan_id)
        stamp = now()
        for p in proposals:
            new_id = int(conn.execute(insert(t.proposed_actuals).values(
                plan_id=plan_id, indicator_id=p.indicator_id, source_indicator=p.source_indicator, period=p.period,
                year_start=p.year_start, year_end=p.year_end, measure=p.measure, value=p.value,
                values_json=None if p.values is None else _dumps(p.values), value_text=p.value_text, unit=p.unit,
                document=p.document, document_title=p.document_title, quote=p.quote, start_offset=p.start,
                end_offset=p.end, line=p.line, candidates_json=_dumps([list(c) for c in p.candidates]), problem=p.problem,
                state=PENDING, observation_id=None, created_at=stamp, created_by=user, reviewed_at=None,
                reviewed_by=None, row_version=1,
            ).returning(t.proposed_actuals.c.id)).scalar_one())
            audit(conn, plan_id, user, "propose", "proposed_actual", new_id, None, None,
                         {"indicator_id": p.indicator_id, "source_indicator": p.source_indicator, "period": p.period,
                          "measure": p.measure, "value": p.value if p.values is None else p.values, "unit": p.unit,
                          "document": p.document, "quote": p.quote}, at=stamp)
            ids.append(new_id)
    return ids


def list_proposals(store: StoreBase, plan_id: str, *, state: str | None = None) -> list[ProposalInfo]:
    """The plan's proposals (of one state), in the order they were read."""
    c = t.proposed_actuals.c
    q = select(t.proposed_actuals).where(c.plan_id == plan_id)
    if state is not None:
        q = q.where(c.state == state)
    with store.engine.connect() as conn:
        return [_record(r) for r in conn.execute(q.order_by(c.id)).mappings()]


def get_proposal(store: StoreBase, proposal_id: int) -> ProposalInfo:
    with store.engine.connect() as conn:
        return _get(conn, proposal_id)


def decide(store: StoreBase, proposal_id: int, state: str, *, user: str, expected_version: int | None = None,
           observation_id: int | None = None, indicator_id: int | None = None) -> ProposalInfo:
    """Mark a pending proposal 已接受 (with the observation written) or 已驳回; audited.

    ConflictError when someone decided it first or `expected_version` is stale.
    """
    if state not in (ACCEPTED, REJECTED):
        raise InputError("state", f"审核结果应为 {ACCEPTED} 或 {REJECTED}，收到“{state}”")
    with store.atomic() as conn:
        p = _get(conn, proposal_id)
        expected = expected_version if expected_version is not None else p.row_version
        if p.state != PENDING:
            raise ConflictError(f"实际值建议 {proposal_id}: 已被 {p.reviewed_by or '他人'} 处理（{p.state}）")
        stamp = now()
        c = t.proposed_actuals.c
        values: dict[str, Any] = {"state": state, "reviewed_at": stamp, "reviewed_by": user,
                                  "row_version": c.row_version + 1}
        if observation_id is not None:
            values["observation_id"] = observation_id
        if indicator_id is not None and indicator_id != p.indicator_id:
            values["indicator_id"] = indicator_id
        res = conn.execute(update(t.proposed_actuals).where(c.id == proposal_id, c.row_version == expected)
                           .values(**values))
        if res.rowcount != 1:
            raise ConflictError(f"实际值建议 {proposal_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取")
        if "indicator_id" in values:
            audit(conn, p.plan_id, user, "update", "proposed_actual", proposal_id, "indicator_id",
                         p.indicator_id, indicator_id, at=stamp)
        audit(conn, p.plan_id, user, "accept" if state == ACCEPTED else "reject", "proposed_actual",
                     proposal_id, "state", p.state, state, at=stamp)
        if observation_id is not None:
            audit(conn, p.plan_id, user, "update", "proposed_actual", proposal_id, "observation_id", None,
                         observation_id, at=stamp)
        return _get(conn, proposal_id)


def dump_queries(plan_id: str) -> dict[str, Any]:
    """The plan's proposals for Store.dump_plan (ordered by primary key)."""
    return {"proposed_actuals": select(t.proposed_actuals).where(t.proposed_actuals.c.plan_id == plan_id)
            .order_by(t.proposed_actuals.c.id)}
