"""Read-only view of the data rounds (tables `rounds`, `round_rows`) for 预警 and 考核: which department
owes which row of which round, its state and when it was submitted. Nothing here writes; the rounds
themselves are opened, filled and decided elsewhere (the rounds module)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from guihua.store import schema as t
from guihua.store.base import StoreBase
from guihua.store.plans_repo import plan_row

#: row states still owed by the department (not yet handed in, or handed back)
OUTSTANDING_STATES = ("未填报", "填报中", "已退回")


@dataclass(frozen=True)
class RoundRowStatus:
    """One row of a data round, as the timeliness rules read it."""

    round_id: int
    year: int
    deadline: str | None  # YYYY-MM-DD
    round_state: str  # open | closed
    row_id: int
    department: str
    indicator_id: int | None
    project_id: int | None
    item: str  # the indicator's or the project's name
    state: str  # 未填报 | 填报中 | 已提交 | 已退回 | 已审定
    submitted_at: str | None
    decided_at: str | None


class RoundStatusMixin(StoreBase):
    """Store.round_row_statuses, Store.pending_keys and Store.todo_keys."""

    def round_row_statuses(self, plan_id: str, year: int | None = None,
                           until: int | None = None) -> list[RoundRowStatus]:
        """Every row of the plan's rounds (of round year ``year``, or of years up to ``until``), by round,
        department and row."""
        r, rr, d = t.rounds.c, t.round_rows.c, t.departments.c
        q = (select(r.id.label("round_id"), r.year, r.deadline, r.state.label("round_state"), rr.id.label("row_id"),
                    d.name.label("department"), rr.indicator_id, rr.project_id,
                    t.indicators.c.name.label("indicator"), t.projects.c.name.label("project"),
                    t.projects.c.full_name.label("project_full"), rr.state, rr.submitted_at, rr.decided_at)
             .select_from(t.round_rows.join(t.rounds, t.rounds.c.id == rr.round_id)
                          .join(t.departments, d.id == rr.department_id)
                          .outerjoin(t.indicators, t.indicators.c.id == rr.indicator_id)
                          .outerjoin(t.projects, t.projects.c.id == rr.project_id))
             .where(r.plan_id == plan_id).order_by(r.year, d.name, rr.id))
        if year is not None:
            q = q.where(r.year == year)
        if until is not None:
            q = q.where(r.year <= until)
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            return [RoundRowStatus(int(x.round_id), int(x.year), x.deadline, x.round_state, int(x.row_id),
                                   x.department, x.indicator_id, x.project_id,
                                   x.indicator or x.project_full or x.project or "", x.state, x.submitted_at,
                                   x.decided_at)
                    for x in conn.execute(q)]

    def pending_keys(self, plan_id: str) -> tuple[tuple[int, int], ...]:
        """(row id, row version) of the plan's submitted, not yet decided rows (已提交), in id order: what a
        page showing pending values depends on, read with one indexed query."""
        rr = t.round_rows.c
        with self.engine.connect() as conn:
            return tuple((r.id, r.row_version) for r in conn.execute(
                select(rr.id, rr.row_version).where(rr.plan_id == plan_id, rr.state == "已提交").order_by(rr.id)))

    def todo_keys(self, plan_id: str, year: int, department: str) -> tuple[object, ...]:
        """(round id, round version) and (row id, row version) of each of the department's rows of the round:
        what its to-do page shows of the round, read with two indexed queries; () when there is no round."""
        rr, rnd, dep = t.round_rows.c, t.rounds.c, t.departments.c
        with self.engine.connect() as conn:
            r = conn.execute(select(rnd.id, rnd.row_version).where(rnd.plan_id == plan_id, rnd.year == year)).first()
            if r is None:
                return ()
            rows = conn.execute(select(rr.id, rr.row_version).join(t.departments, dep.id == rr.department_id)
                                .where(rr.round_id == r.id, dep.name == department).order_by(rr.id))
            return ((r.id, r.row_version), tuple((x.id, x.row_version) for x in rows))
