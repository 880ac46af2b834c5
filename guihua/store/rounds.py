"""Data rounds (填报) with every value checked: the entry points the CLI and the web call.

A value a department types (web form, API, uploaded template) is checked exactly as an actual value
imported from a table is (guihua.store.actuals.check_table: a number, thousands separators and
full-width digits read, the unit fixed to the row's unit), then stored by the store's round methods
(guihua.store.rounds_repo, where the state machine is documented). Approval checks the value again,
against the values stored by then, and writes it as an observation in the same transaction as the
state change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from guihua.errors import InputError
from guihua.store.actuals import check_table
from guihua.store.records import NewObservation
from guihua.store.repository import Store
from guihua.store.rounds_repo import FILLABLE, RoundRow, import_file_of, require_state, source_of
from guihua.store.tables_in import Table, records_from_dicts

__all__ = ["approve", "check_value", "fill", "observation_of"]


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check(store: Store, rows: Sequence[tuple[RoundRow, str, str | None]]) -> tuple[list[NewObservation], list[str]]:
    """The observation of each (row, value text, note), or the reasons (“第 N 行（name）：reason”)."""
    records = records_from_dicts([
        {"indicator": r.name, "year": str(r.year), "value": text_, "unit": r.unit or "", "measure": "level",
         "source": source_of(r.department), "note": note or ""} for r, text_, note in rows],
        [r.id for r, _, _ in rows])
    plan_id = rows[0][0].plan_id
    table = Table(name=import_file_of(rows[0][0].year), sheet=None, layout="long", header_line=0, records=records)
    checked = check_table(store, plan_id, table, aliases={r.name: str(r.indicator_id) for r, _, _ in rows},
                          indicator_ids=[r.indicator_id for r, _, _ in rows if r.indicator_id is not None])
    by_line = {r.id: r for r, _, _ in rows}
    reasons = [f"填报行 {p.line}（{by_line[p.line].name if p.line in by_line else ''}）：{p.reason}"
               for p in checked.problems]
    for o, line in zip(checked.observations, checked.lines, strict=True):
        if o.indicator_id != by_line[line].indicator_id:
            reasons.append(f"填报行 {line}（{by_line[line].name}）：指标名称对应到了另一个指标")
    return checked.observations, reasons


def check_value(store: Store, row: RoundRow, value: Any) -> float:
    """The number a person typed for an indicator row, checked as an imported actual value is; InputError
    (field `value`) with the reason otherwise. The row's unit is fixed: a value in another unit of the
    same dimension is refused, not converted, so what is shown is what was typed."""
    text_ = _value_text(value)
    if not text_:
        raise InputError("value", "请填写数值")
    obs, reasons = _check(store, [(row, text_, None)])
    if reasons:
        raise InputError("value", "；".join(r.split("：", 1)[1] for r in reasons))
    value = obs[0].value
    if value is None:
        raise InputError("value", f"“{text_}”不是数值")
    return float(value)


def fill(store: Store, row_id: int, *, value: Any = None, progress: str | None = None, note: str | None = None,
         user: str, department: str | None = None, expected_version: int | None = None) -> RoundRow:
    """Save a row's value (indicator) or progress note (project) and note: -> 填报中."""
    row = store.get_round_row(row_id, department=department)
    require_state(row, "填报", FILLABLE, expected_version)
    if row.indicator_id is not None:
        number = check_value(store, row, value)
        return store.fill_round_row(row_id, value=number, value_text=_value_text(value), note=note, user=user,
                                    department=department, expected_version=expected_version)
    if not (progress or "").strip():
        raise InputError("progress", "请填写项目进展")
    return store.fill_round_row(row_id, progress=progress, note=note, user=user, department=department,
                                expected_version=expected_version)


def observation_of(store: Store, rows: Sequence[RoundRow]) -> dict[int, NewObservation]:
    """The observations approving `rows` writes (indicator rows), checked against the stored values;
    ActualsError-like InputError naming each bad row otherwise."""
    ind_rows = [r for r in rows if r.indicator_id is not None]
    if not ind_rows:
        return {}
    missing = [r for r in ind_rows if r.value is None]
    if missing:
        raise InputError("value", "以下行没有数值：" + "、".join(f"{r.id}（{r.name}）" for r in missing))
    obs, reasons = _check(store, [(r, _value_text(r.value), r.note) for r in ind_rows])
    if reasons:
        raise InputError("value", "；".join(reasons))
    return {r.id: o for r, o in zip(ind_rows, obs, strict=True)}


def approve(store: Store, row_ids: Sequence[int], *, user: str,
            expected_versions: Mapping[int, int] | None = None) -> list[RoundRow]:
    """已提交 -> 已审定 for every row or none; indicator rows' values become observations (source
    “填报：<department>”, import_file “round <year>”, created_by `user`)."""
    ids = list(dict.fromkeys(row_ids))

    def ready() -> list[RoundRow]:
        rows = [store.get_round_row(i) for i in ids]
        for r in rows:
            require_state(r, "审定", ("已提交",), (expected_versions or {}).get(r.id))
        return rows

    rows = ready()
    try:
        observations = observation_of(store, rows)
    except InputError:
        ready()  # approved by someone else meanwhile: that is the answer (a conflict), not a duplicate
        raise
    return store.approve_round_rows(ids, observations, user=user, expected_versions=expected_versions)
