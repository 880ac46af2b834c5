"""Actual values (SQL of the `observations` table): add, correct, delete, conflict flags."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import ConflictError, InputError
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit, clean_float, dumps, loads, now
from guihua.store.indicators_repo import find_in_plan, indicator_by_id
from guihua.store.plans_repo import plan_row
from guihua.store.records import (
    EDITABLE_OBSERVATION_FIELDS,
    NewIndicator,
    NewObservation,
    ObservationInfo,
)

MEASURES = ("level", "growth", "structure")


def observation_info(r: RowMapping) -> ObservationInfo:
    d = dict(r)
    d["values"] = loads(d.pop("values_json"))
    d["is_conflict"] = bool(d["is_conflict"])
    d["is_not_comparable"] = bool(d["is_not_comparable"])
    return ObservationInfo(**d)




def same_value(a: Any, b: Any) -> bool:
    """Whether two observation rows say the same (converted value, or the same ratio)."""
    if a.get("values_json") or b.get("values_json"):
        return a.get("values_json") == b.get("values_json")
    va = a.get("value_converted") if a.get("value_converted") is not None else a.get("value")
    vb = b.get("value_converted") if b.get("value_converted") is not None else b.get("value")
    if va is None or vb is None:
        return va is None and vb is None
    return math.isclose(float(va), float(vb), rel_tol=1e-9, abs_tol=1e-12)




def observation_by_id(conn: Connection, observation_id: int) -> ObservationInfo:
    row = conn.execute(select(t.observations).where(t.observations.c.id == observation_id)).mappings().first()
    if row is None:
        raise InputError("observation", f"没有编号为 {observation_id} 的实际值")
    return observation_info(row)



def insert_observation(conn: Connection, plan_id: str, indicator_id: int, o: NewObservation,
                        user: str, stamp: str) -> int:
    if o.measure not in MEASURES:
        raise InputError("measure", f"度量应为 {' / '.join(MEASURES)}，收到“{o.measure}”")
    values = {
        "plan_id": plan_id, "indicator_id": indicator_id, "period": o.period, "year_start": o.year_start,
        "year_end": o.year_end, "measure": o.measure, "value": clean_float(o.value),
        "values_json": None if o.values is None else dumps(o.values), "value_text": o.value_text,
        "unit": o.unit, "value_converted": clean_float(o.value_converted), "unit_converted": o.unit_converted,
        "source_indicator": o.source_indicator, "source": o.source, "quote": o.quote, "note": o.note,
        "is_conflict": False, "is_not_comparable": o.is_not_comparable,
        "comparability_reason": o.comparability_reason, "import_file": o.import_file,
        "import_line": o.import_line, "created_at": stamp, "created_by": user, "row_version": 1,
    }
    same = conn.execute(select(t.observations).where(
        t.observations.c.indicator_id == indicator_id, t.observations.c.period == o.period,
        t.observations.c.measure == o.measure)).mappings().all()
    clash = [r for r in same if not same_value(r, values)]
    if clash:
        values["is_conflict"] = True
    new_id = int(conn.execute(insert(t.observations).values(**values).returning(t.observations.c.id)).scalar_one())
    audit(conn, plan_id, user, "import" if o.import_file else "create", "observation", new_id, None, None,
                {"indicator_id": indicator_id, "period": o.period, "measure": o.measure,
                 "value": values["value"] if o.values is None else o.values, "unit": o.unit,
                 "source": o.source, "line": o.import_line}, at=stamp)
    for r in clash:
        if not r["is_conflict"]:
            conn.execute(update(t.observations).where(t.observations.c.id == r["id"]).values(
                is_conflict=True, row_version=t.observations.c.row_version + 1))
            audit(conn, plan_id, user, "flag", "observation", r["id"], "is_conflict", False, True,
                        at=stamp)
    return new_id



def reflag_conflicts(conn: Connection, plan_id: str, indicator_id: int, period: str, measure: str,
                      user: str, stamp: str) -> None:
    rows = conn.execute(select(t.observations).where(
        t.observations.c.indicator_id == indicator_id, t.observations.c.period == period,
        t.observations.c.measure == measure)).mappings().all()
    for r in rows:
        flag = any(not same_value(other, r) for other in rows if other["id"] != r["id"])
        if flag != r["is_conflict"]:
            conn.execute(update(t.observations).where(t.observations.c.id == r["id"]).values(
                is_conflict=flag, row_version=t.observations.c.row_version + 1))
            audit(conn, plan_id, user, "flag", "observation", r["id"], "is_conflict",
                        r["is_conflict"], flag, at=stamp)



class ObservationsMixin(StoreBase):
    """Store methods for actual values."""

    def list_observations(self, *, plan_id: str | None = None, indicator_id: int | None = None,
                          period: str | None = None) -> list[ObservationInfo]:
        """Actual values, by indicator, then period end year, start year, measure and id.

        Give `plan_id` (all of a plan) and/or `indicator_id`; `period` ("2018" / "2016-2020") filters.
        Values of one indicator-period that disagree are all kept, each with `is_conflict`.
        """
        q = select(t.observations)
        if plan_id is not None:
            q = q.where(t.observations.c.plan_id == plan_id)
        if indicator_id is not None:
            q = q.where(t.observations.c.indicator_id == indicator_id)
        if period is not None:
            q = q.where(t.observations.c.period == period)
        q = q.order_by(t.observations.c.indicator_id, t.observations.c.year_end, t.observations.c.year_start,
                       t.observations.c.measure, t.observations.c.id)
        with self.engine.connect() as conn:
            return [observation_info(r) for r in conn.execute(q).mappings()]

    def get_observation(self, observation_id: int) -> ObservationInfo:
        with self.engine.connect() as conn:
            return observation_by_id(conn, observation_id)

    def add_observations(self, plan_id: str, rows: Sequence[NewObservation], *, user: str,
                         new_indicators: Sequence[NewIndicator] = (),
                         indicator_units: Mapping[int, str] | None = None) -> list[int]:
        """Add actual values in one transaction (guihua.store.actuals validates them first).

        `new_indicators` are created first; a NewObservation whose indicator_id is negative -k refers
        to new_indicators[k-1]. `indicator_units` sets the unit of existing indicators that had none
        (the plan gave only rates), audited. Two values of one indicator, period and measure that
        differ (after conversion) are both kept and both flagged `is_conflict` (existing rows too,
        audited). Returns the new observation ids.
        """
        with self.atomic() as conn:
            plan_row(conn, plan_id)
            stamp = now()
            for ind_id, unit in (indicator_units or {}).items():
                ind = indicator_by_id(conn, ind_id)
                if ind.unit is not None:
                    raise InputError("unit", f"指标“{ind.name}”已有单位“{ind.unit}”")
                conn.execute(update(t.indicators).where(t.indicators.c.id == ind_id).values(
                    unit=unit, row_version=t.indicators.c.row_version + 1))
                audit(conn, plan_id, user, "import", "indicator", ind_id, "unit", None, unit, at=stamp)
            created: list[int] = []
            for ni in new_indicators:
                if find_in_plan(conn, plan_id, ni.key) is not None:
                    raise InputError(ni.key, "指标已存在")
                new_id = conn.execute(insert(t.indicators).values(
                    plan_id=plan_id, key=ni.key, name=ni.name, aliases_json=dumps(ni.aliases), unit=ni.unit,
                    domain=ni.domain, attribute=None, origin=ni.origin, note=ni.note, created_at=stamp,
                    row_version=1).returning(t.indicators.c.id)).scalar_one()
                created.append(new_id)
                audit(conn, plan_id, user, "create", "indicator", new_id, None, None,
                            {"name": ni.name, "unit": ni.unit, "origin": ni.origin}, at=stamp)
            ids: list[int] = []
            for o in rows:
                ind_id = created[-o.indicator_id - 1] if o.indicator_id < 0 else o.indicator_id
                ids.append(insert_observation(conn, plan_id, ind_id, o, user, stamp))
            return ids

    def add_observation(self, plan_id: str, observation: NewObservation, *, user: str) -> ObservationInfo:
        """Add one actual value (the web form); conflicts flagged as in add_observations."""
        with self.atomic() as conn:
            plan_row(conn, plan_id)
            indicator_by_id(conn, observation.indicator_id)
            new_id = insert_observation(conn, plan_id, observation.indicator_id, observation, user, now())
            return observation_by_id(conn, new_id)

    def set_observation(self, observation_id: int, changes: Mapping[str, Any], *, user: str,
                        expected_version: int | None = None) -> ObservationInfo:
        """Correct an actual value (EDITABLE_OBSERVATION_FIELDS); audited; ConflictError when stale.

        Changing value or unit recomputes `value_converted` to the indicator's unit (UnitError ->
        InputError when the new unit is of another dimension).
        """
        from guihua.store import units

        for k in changes:
            if k not in EDITABLE_OBSERVATION_FIELDS:
                raise InputError(k, f"实际值不能修改字段 {k}（可改：{'、'.join(EDITABLE_OBSERVATION_FIELDS)}）")
        with self.atomic() as conn:
            o = observation_by_id(conn, observation_id)
            diff = {k: v for k, v in changes.items() if getattr(o, k) != v}
            if not diff:
                return o
            cols: dict[str, Any] = {}
            for k, v in diff.items():
                if k == "values":
                    cols["values_json"] = None if v is None else dumps(list(v))
                elif k == "value":
                    cols["value"] = clean_float(v)
                    cols["value_text"] = "" if v is None else repr(float(v)).removesuffix(".0")
                else:
                    cols[k] = v
            if ("value" in diff or "unit" in diff) and o.measure == "level":
                value = cols.get("value", o.value)
                unit = cols.get("unit", o.unit)
                ind = indicator_by_id(conn, o.indicator_id)
                try:
                    cols["value_converted"] = (None if value is None or ind.unit is None
                                               else units.convert(value, unit, ind.unit))
                except units.UnitError as exc:
                    raise InputError("unit", str(exc)) from exc
                cols["unit_converted"] = ind.unit
            elif "value" in diff:
                cols["value_converted"] = cols["value"]
            stamp = now()
            expected = expected_version if expected_version is not None else o.row_version
            res = conn.execute(update(t.observations).where(
                t.observations.c.id == observation_id, t.observations.c.row_version == expected,
            ).values(**cols, row_version=t.observations.c.row_version + 1))
            if res.rowcount != 1:
                raise ConflictError(f"实际值 {observation_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取后再改")
            for k, v in diff.items():
                audit(conn, o.plan_id, user, "update", "observation", observation_id, k, getattr(o, k), v,
                            at=stamp)
            reflag_conflicts(conn, o.plan_id, o.indicator_id, o.period, o.measure, user, stamp)
            return observation_by_id(conn, observation_id)

    def delete_observation(self, observation_id: int, *, user: str, expected_version: int | None = None) -> None:
        """Remove an actual value; the audit log keeps the whole row as `old`."""
        with self.atomic() as conn:
            o = observation_by_id(conn, observation_id)
            expected = expected_version if expected_version is not None else o.row_version
            res = conn.execute(delete(t.observations).where(
                t.observations.c.id == observation_id, t.observations.c.row_version == expected))
            if res.rowcount != 1:
                raise ConflictError(f"实际值 {observation_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取后再删")
            audit(conn, o.plan_id, user, "delete", "observation", observation_id, None, asdict(o), None)
            reflag_conflicts(conn, o.plan_id, o.indicator_id, o.period, o.measure, user, now())
