"""Data rounds (填报): 规划办 opens a round for a year; each department fills the rows it owes, submits
them, and 规划办 approves or returns them (SQL of `rounds` and `round_rows`).

A round covers indicators (a value for the round's year) and projects (a progress note), one row each,
owed by the entity's 牵头 unit (guihua.store.responsibility_repo). The row's unit is fixed from the
indicator when the round opens. One round per plan and year.

Row states and the only transitions allowed (anything else is refused with a Chinese message):

    未填报 --fill--> 填报中 --submit--> 已提交 --approve--> 已审定 (final: the value is an observation)
                       ^  \\__fill__/        |
                       |                    +--return (comment required)--> 已退回
                       +-------------fill----------------------------------/   |
                                                        已提交 <--submit-------+

- fill: 未填报, 填报中 or 已退回 -> 填报中 (a department's own rows; the round must be open).
- submit: 填报中 or 已退回 -> 已提交; refused for a row without a value (an indicator row) or without a
  progress note (a project row); the round must be open.
- approve: 已提交 -> 已审定 (规划办); an indicator row's value becomes an observation, written in the same
  transaction (source “填报：<department>”, import_file “round <year>”, created_by the approver), so only
  approved values enter the evaluation; a project row's progress becomes a progress event of the project
  (date: the round's year). Allowed after the round is closed.
- return: 已提交 -> 已退回 with 规划办's comment (required). Allowed after the round is closed.

Round states: open -> closed (close_round). A closed round takes no more fills or submissions.

The values written here are already checked: guihua.store.rounds validates every value through the one
validation path of actual values (guihua.store.actuals) before calling `fill_round_row` /
`approve_round_rows`; call those functions, not these methods, with values typed by a person.

Department scope: every method that changes or shows rows takes `department`; given, rows of another
department raise AccessDenied (the web passes a department account's department, the CLI `--department`).
Every transition is audited (entity `round_row`: old and new state, value, note, comment).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import ConflictError, InputError
from guihua.store import schema as t
from guihua.store.access import AccessDenied
from guihua.store.base import StoreBase, audit, clean_float, now
from guihua.store.observations_repo import insert_observations
from guihua.store.plans_repo import plan_row
from guihua.store.projects_repo import _get as _get_project
from guihua.store.projects_repo import _insert_event
from guihua.store.records import NewObservation
from guihua.store.responsibility_repo import department_id, responsibilities_of

ROW_STATES = ("未填报", "填报中", "已提交", "已退回", "已审定")
ROUND_STATES = ("open", "closed")
ROUND_STATE_LABELS = {"open": "进行中", "closed": "已关闭"}
FILLABLE = ("未填报", "填报中", "已退回")
SUBMITTABLE = ("填报中", "已退回")
DONE = ("已提交", "已审定")  # a department has done its part
MAX_NOTE = 2000


def source_of(department: str) -> str:
    """The `source` of an observation written by approving a row of `department`."""
    return f"填报：{department}"


def import_file_of(year: int) -> str:
    """The `import_file` (provenance) of an observation written by approving a row of a round."""
    return f"round {year}"


@dataclass(frozen=True)
class RoundInfo:
    id: int
    plan_id: str
    year: int
    deadline: str | None
    state: str  # open | closed
    opened_at: str
    opened_by: str
    closed_at: str | None
    closed_by: str | None
    row_version: int

    @property
    def state_label(self) -> str:
        return ROUND_STATE_LABELS.get(self.state, self.state)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "state_label": self.state_label}


@dataclass(frozen=True)
class RoundRow:
    """One row of a round as shown: what is owed, by whom, and where it stands. `history`: earlier
    observed values of the indicator (period, value, unit), oldest first (filled by `todo`)."""

    id: int
    round_id: int
    plan_id: str
    year: int
    department: str
    indicator_id: int | None
    project_id: int | None
    name: str  # the indicator's or the project's name
    unit: str | None
    value: float | None
    value_text: str | None
    progress: str | None
    note: str | None
    state: str
    comment: str | None
    observation_id: int | None
    updated_at: str | None
    updated_by: str | None
    submitted_at: str | None
    submitted_by: str | None
    decided_at: str | None
    decided_by: str | None
    row_version: int
    history: tuple[tuple[str, float | None, str | None], ...] = field(default=())

    @property
    def kind(self) -> str:
        return "indicator" if self.indicator_id is not None else "project"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind
        d["history"] = [{"period": p, "value": v, "unit": u} for p, v, u in self.history]
        return d


@dataclass(frozen=True)
class RowFill:
    """A checked value (indicator row) or progress note (project row) for one row."""

    row_id: int
    value: float | None = None
    value_text: str | None = None
    progress: str | None = None
    note: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class DepartmentStatus:
    department: str
    counts: dict[str, int]  # state -> rows, every state present
    total: int
    overdue: bool  # the deadline passed and not every row is submitted

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RoundStatus:
    round: RoundInfo
    departments: list[DepartmentStatus]
    rows: list[RoundRow]

    @property
    def overdue(self) -> list[str]:
        return [d.department for d in self.departments if d.overdue]

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round.to_dict(), "departments": [d.to_dict() for d in self.departments],
                "overdue": self.overdue, "rows": [r.to_dict() for r in self.rows]}


def _round_info(r: RowMapping) -> RoundInfo:
    return RoundInfo(**{k: r[k] for k in RoundInfo.__dataclass_fields__})


def _check_deadline(deadline: str | None) -> str | None:
    if deadline is None or not str(deadline).strip():
        return None
    text_ = str(deadline).strip()
    try:
        return date.fromisoformat(text_).isoformat() if len(text_) == 10 else _bad_deadline(text_)
    except ValueError:
        return _bad_deadline(text_)


def _bad_deadline(text_: str) -> str:
    raise InputError("--deadline", f"截止日期应写作 YYYY-MM-DD（如 2021-03-31），收到“{text_}”")


def round_by_year(conn: Connection, plan_id: str, year: int) -> RoundInfo:
    row = conn.execute(select(t.rounds).where(t.rounds.c.plan_id == plan_id, t.rounds.c.year == year)
                       ).mappings().first()
    if row is None:
        raise InputError("--year", f"规划“{plan_id}”没有 {year} 年的填报轮次")
    return _round_info(row)


def _rows_query(round_ids: Any = None) -> Any:
    rr, ind, prj, dep, rnd = t.round_rows, t.indicators, t.projects, t.departments, t.rounds
    q = (select(rr, dep.c.name.label("department"), ind.c.name.label("indicator_name"),
                prj.c.name.label("project_name"), rnd.c.year)
         .join(dep, dep.c.id == rr.c.department_id).join(rnd, rnd.c.id == rr.c.round_id)
         .outerjoin(ind, ind.c.id == rr.c.indicator_id).outerjoin(prj, prj.c.id == rr.c.project_id))
    return q.order_by(dep.c.name, rr.c.project_id.is_not(None), rr.c.id)


def _row_record(r: RowMapping, history: Sequence[tuple[str, float | None, str | None]] = ()) -> RoundRow:
    return RoundRow(
        id=r["id"], round_id=r["round_id"], plan_id=r["plan_id"], year=r["year"], department=r["department"],
        indicator_id=r["indicator_id"], project_id=r["project_id"],
        name=r["indicator_name"] if r["indicator_id"] is not None else (r["project_name"] or ""),
        unit=r["unit"], value=r["value"], value_text=r["value_text"], progress=r["progress"], note=r["note"],
        state=r["state"], comment=r["comment"], observation_id=r["observation_id"], updated_at=r["updated_at"],
        updated_by=r["updated_by"], submitted_at=r["submitted_at"], submitted_by=r["submitted_by"],
        decided_at=r["decided_at"], decided_by=r["decided_by"], row_version=r["row_version"],
        history=tuple(history))


def rows_by_id(conn: Connection, row_ids: Iterable[int]) -> dict[int, RoundRow]:
    ids = sorted(set(row_ids))
    out: dict[int, RoundRow] = {}
    for i in range(0, len(ids), 500):
        q = _rows_query().where(t.round_rows.c.id.in_(ids[i:i + 500]))
        out.update({r["id"]: _row_record(r) for r in conn.execute(q).mappings()})
    missing = [i for i in ids if i not in out]
    if missing:
        raise InputError("row", f"没有编号为 {'、'.join(map(str, missing))} 的填报行")
    return out


def _in_scope(rows: Iterable[RoundRow], department: str | None) -> None:
    if department is None:
        return
    other = [r for r in rows if r.department != department]
    if other:
        raise AccessDenied(f"填报行 {'、'.join(str(r.id) for r in other)} 属于其他单位"
                           f"（{'、'.join(sorted({r.department for r in other}))}），{department}不能查看或修改",
                           [(r.id, f"“{r.name}”由{r.department}填报") for r in other])


def require_state(row: RoundRow, action: str, allowed: Sequence[str], expected: int | None = None) -> None:
    """Refuse a stale version (ConflictError) or a transition the state does not allow (InputError)."""
    if expected is not None and expected != row.row_version:
        raise ConflictError(f"填报行 {row.id}（{row.name}）已被他人修改（版本 {expected} 已过期，现为"
                            f" {row.row_version}，{row.state}）；请重新读取后再改")
    if row.state not in allowed:
        raise InputError("state", f"填报行 {row.id}（{row.name}）现为“{row.state}”，不能{action}"
                                  f"（只有{'、'.join(allowed)}的行可以{action}）")


def _round_open(conn: Connection, row: RoundRow, action: str) -> None:
    state = conn.execute(select(t.rounds.c.state).where(t.rounds.c.id == row.round_id)).scalar_one()
    if state != "open":
        raise InputError("round", f"{row.year} 年的填报轮次已关闭，不能再{action}")


def _change(conn: Connection, row: RoundRow, values: Mapping[str, Any], expected: int | None, *, user: str,
            action: str) -> None:
    """Update one row if it still has the version read (else ConflictError); audit each changed field."""
    exp = expected if expected is not None else row.row_version
    res = conn.execute(update(t.round_rows).where(t.round_rows.c.id == row.id, t.round_rows.c.row_version == exp)
                       .values(**values, row_version=t.round_rows.c.row_version + 1))
    if res.rowcount != 1:
        raise ConflictError(f"填报行 {row.id}（{row.name}）已被他人修改（版本 {exp} 已过期）；请重新读取后再改")
    stamp = values.get("updated_at") or values.get("decided_at") or values.get("submitted_at") or now()
    old = asdict(row)
    for k in ("state", "value", "value_text", "progress", "note", "comment", "observation_id"):
        if k in values and values[k] != old.get(k):
            audit(conn, row.plan_id, user, action, "round_row", row.id, k, old.get(k), values[k], at=stamp)


class RoundsMixin(StoreBase):
    """Store methods of data rounds (see the module docstring for the state machine)."""

    # ------------------------------------------------------------------ rounds
    def open_round(self, plan_id: str, year: int, deadline: str | None = None, *,
                   indicator_ids: Sequence[int] | None = None, project_ids: Sequence[int] | None = None,
                   skip_unassigned: bool = False, user: str) -> RoundInfo:
        """Open the round of `year`: one row per covered indicator and project, owed by its 牵头 unit.

        Default coverage: every indicator and every project with a 牵头 unit. Given ids without a 牵头 unit
        are refused, all named in one message, unless `skip_unassigned`. A second round of the same
        plan and year is refused.
        """
        deadline = _check_deadline(deadline)
        with self.atomic() as conn:
            plan = plan_row(conn, plan_id)
            lo, hi = (plan.period_start or 1900) - 5, (plan.period_end or 2100) + 5
            if not lo <= int(year) <= hi:
                raise InputError("--year", f"年份 {year} 超出规划期前后范围（{lo}-{hi}）")
            if conn.execute(select(t.rounds.c.id).where(t.rounds.c.plan_id == plan_id, t.rounds.c.year == year)
                            ).first() is not None:
                raise InputError("--year", f"规划“{plan_id}”已有 {year} 年的填报轮次，不能再开一轮")
            resp = responsibilities_of(conn, plan_id)
            ind_rows = {r.id: r for r in conn.execute(select(t.indicators.c.id, t.indicators.c.name, t.indicators.c.unit)
                                                      .where(t.indicators.c.plan_id == plan_id))}
            prj_rows = {r.id: r for r in conn.execute(select(t.projects.c.id, t.projects.c.name)
                                                      .where(t.projects.c.plan_id == plan_id))}
            items: list[tuple[str, int]] = []
            if indicator_ids is None and project_ids is None:
                items = [(e, i) for e, rows in (("indicator", ind_rows), ("project", prj_rows)) for i in sorted(rows)
                         if (r := resp.get((e, i))) and r.lead]
            else:
                items = [("indicator", int(i)) for i in dict.fromkeys(indicator_ids or [])] + \
                        [("project", int(i)) for i in dict.fromkeys(project_ids or [])]
            unknown = [f"{'指标' if e == 'indicator' else '项目'} {i}" for e, i in items
                       if i not in (ind_rows if e == "indicator" else prj_rows)]
            if unknown:
                raise InputError("coverage", f"规划“{plan_id}”中没有：{'、'.join(unknown)}")
            unassigned = [(e, i) for e, i in items if not ((r := resp.get((e, i))) and r.lead)]
            if unassigned and not skip_unassigned:
                names = "、".join(f"“{(ind_rows if e == 'indicator' else prj_rows)[i].name}”" for e, i in unassigned)
                raise InputError("coverage", f"{len(unassigned)} 项没有牵头单位，不能列入填报：{names}"
                                             "（先指定牵头单位，或明确跳过它们）")
            items = [x for x in items if x not in unassigned]
            if not items:
                raise InputError("coverage", "没有可列入填报的指标或项目（需先为指标指定牵头单位）")
            stamp = now()
            round_id = conn.execute(insert(t.rounds).values(
                plan_id=plan_id, year=int(year), deadline=deadline, state="open", opened_at=stamp, opened_by=user,
                row_version=1).returning(t.rounds.c.id)).scalar_one()
            rows = []
            for e, i in items:
                lead = resp[(e, i)].lead
                assert lead is not None
                rows.append({"round_id": round_id, "plan_id": plan_id, "department_id": department_id(conn, lead),
                             "indicator_id": i if e == "indicator" else None,
                             "project_id": i if e == "project" else None,
                             "unit": ind_rows[i].unit if e == "indicator" else None, "state": "未填报",
                             "row_version": 1})
            conn.execute(insert(t.round_rows), rows)
            audit(conn, plan_id, user, "open", "round", round_id, None, None,
                  {"year": int(year), "deadline": deadline, "indicators": sum(1 for e, _ in items if e == "indicator"),
                   "projects": sum(1 for e, _ in items if e == "project")}, at=stamp)
            return round_by_year(conn, plan_id, int(year))

    def close_round(self, plan_id: str, year: int, *, user: str, expected_version: int | None = None) -> RoundInfo:
        """Close the round: departments can no longer fill or submit (规划办 may still decide)."""
        with self.atomic() as conn:
            rnd = round_by_year(conn, plan_id, year)
            if rnd.state == "closed":
                raise InputError("round", f"{year} 年的填报轮次已关闭")
            exp = expected_version if expected_version is not None else rnd.row_version
            stamp = now()
            res = conn.execute(update(t.rounds).where(t.rounds.c.id == rnd.id, t.rounds.c.row_version == exp)
                               .values(state="closed", closed_at=stamp, closed_by=user,
                                       row_version=t.rounds.c.row_version + 1))
            if res.rowcount != 1:
                raise ConflictError(f"{year} 年的填报轮次已被他人修改（版本 {exp} 已过期）；请重新读取后再改")
            audit(conn, plan_id, user, "close", "round", rnd.id, "state", "open", "closed", at=stamp)
            return round_by_year(conn, plan_id, year)

    def get_round(self, plan_id: str, year: int) -> RoundInfo:
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            return round_by_year(conn, plan_id, year)

    def list_rounds(self, plan_id: str) -> list[RoundInfo]:
        """The plan's rounds, newest year first."""
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            return [_round_info(r) for r in conn.execute(
                select(t.rounds).where(t.rounds.c.plan_id == plan_id).order_by(t.rounds.c.year.desc())).mappings()]

    # ------------------------------------------------------------------ reading rows
    def round_rows(self, plan_id: str, year: int, *, department: str | None = None,
                   states: Sequence[str] | None = None) -> list[RoundRow]:
        """The rows of a round (of one department), by department, indicators before projects."""
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            rnd = round_by_year(conn, plan_id, year)
            q = _rows_query().where(t.round_rows.c.round_id == rnd.id)
            if department is not None:
                q = q.where(t.departments.c.name == department)
            if states is not None:
                q = q.where(t.round_rows.c.state.in_(list(states)))
            return [_row_record(r) for r in conn.execute(q).mappings()]

    def get_round_row(self, row_id: int, *, department: str | None = None) -> RoundRow:
        """One row; AccessDenied when `department` is given and the row is another department's."""
        with self.engine.connect() as conn:
            row = rows_by_id(conn, [row_id])[row_id]
        _in_scope([row], department)
        return row

    def todo(self, plan_id: str, year: int, department: str) -> list[RoundRow]:
        """A department's rows of the round, each indicator row with its earlier observed values."""
        rows = self.round_rows(plan_id, year, department=department)
        ind_ids = [r.indicator_id for r in rows if r.indicator_id is not None]
        hist: dict[int, list[tuple[str, float | None, str | None]]] = {}
        c = t.observations.c
        with self.engine.connect() as conn:
            for i in range(0, len(ind_ids), 500):
                for o in conn.execute(select(c.indicator_id, c.period, c.value, c.unit, c.year_end)
                                      .where(c.indicator_id.in_(ind_ids[i:i + 500]), c.measure == "level",
                                             c.year_start == c.year_end, c.year_end < year)
                                      .order_by(c.indicator_id, c.year_end, c.id)):
                    hist.setdefault(o.indicator_id, []).append((o.period, o.value, o.unit))
        return [RoundRow(**{**{k: getattr(r, k) for k in RoundRow.__dataclass_fields__},
                            "history": tuple(hist.get(r.indicator_id or 0, []))}) for r in rows]

    def round_status(self, plan_id: str, year: int, *, today: date | None = None) -> RoundStatus:
        """Counts by state per department, which departments are overdue, and every row."""
        rnd = self.get_round(plan_id, year)
        rows = self.round_rows(plan_id, year)
        day = (today or date.today()).isoformat()
        late = rnd.deadline is not None and day > rnd.deadline
        deps: dict[str, dict[str, int]] = {}
        for r in rows:
            deps.setdefault(r.department, dict.fromkeys(ROW_STATES, 0))[r.state] += 1
        out = [DepartmentStatus(d, counts, sum(counts.values()),
                                late and sum(counts[s] for s in DONE) < sum(counts.values()))
               for d, counts in sorted(deps.items())]
        return RoundStatus(rnd, out, rows)

    def pending_values(self, plan_id: str, year: int | None = None) -> list[RoundRow]:
        """Submitted values not yet approved (已提交), of one round or of all: shown as pending, never
        evaluated."""
        years = [year] if year is not None else [r.year for r in self.list_rounds(plan_id)]
        out: list[RoundRow] = []
        for y in years:
            out.extend(r for r in self.round_rows(plan_id, y, states=["已提交"]) if r.indicator_id is not None)
        return out

    # ------------------------------------------------------------------ transitions
    def fill_round_row(self, row_id: int, *, value: float | None = None, value_text: str | None = None,
                       progress: str | None = None, note: str | None = None, user: str,
                       department: str | None = None, expected_version: int | None = None) -> RoundRow:
        """未填报 / 填报中 / 已退回 -> 填报中 with a checked value (call guihua.store.rounds.fill)."""
        [row] = self.fill_round_rows([RowFill(row_id, value, value_text, progress, note, expected_version)],
                                     user=user, department=department)
        return row

    def fill_round_rows(self, fills: Sequence[RowFill], *, user: str, department: str | None = None
                        ) -> list[RoundRow]:
        """Fill several rows in one transaction, all or none (an uploaded template)."""
        for f in fills:
            for name, text_ in (("note", f.note), ("progress", f.progress)):
                if text_ is not None and len(text_) > MAX_NOTE:
                    raise InputError(name, f"填报行 {f.row_id}：不能超过 {MAX_NOTE} 字")
        with self.atomic() as conn:
            rows = rows_by_id(conn, [f.row_id for f in fills])
            _in_scope(rows.values(), department)
            stamp = now()
            for f in fills:
                row = rows[f.row_id]
                require_state(row, "填报", FILLABLE, f.expected_version)
                _round_open(conn, row, "填报")
                values: dict[str, Any] = {"state": "填报中", "note": (f.note or "").strip() or None,
                                          "updated_at": stamp, "updated_by": user}
                if row.indicator_id is not None:
                    values.update(value=clean_float(f.value), value_text=f.value_text)
                else:
                    values.update(progress=(f.progress or "").strip() or None)
                _change(conn, row, values, f.expected_version, user=user, action="fill")
            fresh = rows_by_id(conn, [f.row_id for f in fills])
            return [fresh[f.row_id] for f in fills]

    def submit_round_rows(self, row_ids: Sequence[int], *, user: str, department: str | None = None,
                          expected_versions: Mapping[int, int] | None = None) -> list[RoundRow]:
        """填报中 / 已退回 -> 已提交, all rows or none; rows without a value (progress) are refused."""
        with self.atomic() as conn:
            rows = rows_by_id(conn, row_ids)
            _in_scope(rows.values(), department)
            empty = [r for r in rows.values() if (r.value if r.indicator_id is not None else r.progress) is None]
            for r in rows.values():
                require_state(r, "提交", SUBMITTABLE, (expected_versions or {}).get(r.id))
                _round_open(conn, r, "提交")
            if empty:
                raise InputError("value", "以下行尚未填写数值（项目为进展），不能提交：" +
                                 "、".join(f"{r.id}（{r.name}）" for r in empty))
            stamp = now()
            for r in rows.values():
                _change(conn, r, {"state": "已提交", "submitted_at": stamp, "submitted_by": user},
                        (expected_versions or {}).get(r.id), user=user, action="submit")
            return list(rows_by_id(conn, row_ids).values())

    def approve_round_rows(self, row_ids: Sequence[int], observations: Mapping[int, NewObservation], *,
                           user: str, expected_versions: Mapping[int, int] | None = None) -> list[RoundRow]:
        """已提交 -> 已审定, all rows or none; each indicator row's checked observation is written in the
        same transaction (call guihua.store.rounds.approve, which checks them)."""
        with self.atomic() as conn:
            rows = rows_by_id(conn, row_ids)
            for r in rows.values():
                require_state(r, "审定", ("已提交",), (expected_versions or {}).get(r.id))
            stamp = now()
            for r in rows.values():
                _change(conn, r, {"state": "已审定", "decided_at": stamp, "decided_by": user, "comment": None},
                        (expected_versions or {}).get(r.id), user=user, action="approve")
            items = [(r, observations.get(r.id)) for r in rows.values() if r.indicator_id is not None]
            for r, o in items:
                if o is None or o.indicator_id != r.indicator_id:
                    raise InputError("row", f"填报行 {r.id}（{r.name}）没有经过校验的实际值")
            for r in rows.values():
                if r.project_id is not None:  # the approved progress becomes a progress event of the project
                    event = _insert_event(self, conn, _get_project(conn, r.project_id), str(r.year), None,
                                          f"{source_of(r.department)}（{r.year} 年填报轮次）",
                                          "；".join(x for x in (r.progress, r.note) if x) or None,
                                          import_file_of(r.year), r.id, user)
                    audit(conn, r.plan_id, user, "approve", "round_row", r.id, "project_event", None, event, at=stamp)
            if items:
                plan_id = items[0][0].plan_id
                ids = insert_observations(conn, plan_id, [(r.indicator_id or 0, o) for r, o in items if o], user, stamp)
                for (r, _), oid in zip(items, ids, strict=True):
                    conn.execute(update(t.round_rows).where(t.round_rows.c.id == r.id).values(observation_id=oid))
                    audit(conn, r.plan_id, user, "approve", "round_row", r.id, "observation_id", None, oid, at=stamp)
            return list(rows_by_id(conn, row_ids).values())

    def return_round_rows(self, comments: Mapping[int, str], *, user: str,
                          expected_versions: Mapping[int, int] | None = None) -> list[RoundRow]:
        """已提交 -> 已退回 with a comment per row (required), all rows or none."""
        blank = [i for i, c in comments.items() if not (c or "").strip()]
        if blank:
            raise InputError("comment", f"退回须写明原因：填报行 {'、'.join(map(str, blank))} 没有退回意见")
        if any(len(c) > MAX_NOTE for c in comments.values()):
            raise InputError("comment", f"退回意见不能超过 {MAX_NOTE} 字")
        with self.atomic() as conn:
            rows = rows_by_id(conn, comments)
            for r in rows.values():
                require_state(r, "退回", ("已提交",), (expected_versions or {}).get(r.id))
            stamp = now()
            for r in rows.values():
                _change(conn, r, {"state": "已退回", "comment": comments[r.id].strip(), "decided_at": stamp,
                                  "decided_by": user}, (expected_versions or {}).get(r.id), user=user,
                        action="return")
            return list(rows_by_id(conn, list(comments)).values())


# ---------------------------------------------------------------------- dump / load

def dump_queries(plan_id: str) -> dict[str, Any]:
    """The plan's rounds and round rows for a dump; a row's department by name (`department`)."""
    rr = t.round_rows
    cols = [c for c in rr.c if c.name != "department_id"]
    return {
        "rounds": select(t.rounds).where(t.rounds.c.plan_id == plan_id).order_by(t.rounds.c.id),
        "round_rows": select(*cols, t.departments.c.name.label("department"))
        .join(t.departments, t.departments.c.id == rr.c.department_id)
        .where(rr.c.plan_id == plan_id).order_by(rr.c.id),
    }


def load_rows(conn: Connection, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Insert a dump's rounds and round rows (departments by name, created when missing)."""
    rounds = [dict(r) for r in tables.get("rounds") or []]
    if rounds:
        conn.execute(insert(t.rounds), rounds)
    rows = []
    for r in tables.get("round_rows") or []:
        d = dict(r)
        d["department_id"] = department_id(conn, str(d.pop("department")))
        rows.append(d)
    if rows:
        conn.execute(insert(t.round_rows), rows)
