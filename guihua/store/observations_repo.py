"""Actual values (SQL of the `observations` table): add, correct, delete, conflict flags."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import ConflictError, InputError
from guihua.names import check_name
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit, audit_row, clean_float, dumps, insert_audit, loads, now
from guihua.store.bulk import insert_returning_ids
from guihua.store.conflicts import GroupValues, Value, value_of
from guihua.store.indicators_repo import find_in_plan, indicator_by_id
from guihua.store.plans_repo import plan_row
from guihua.store.records import (
    EDITABLE_OBSERVATION_FIELDS,
    NewIndicator,
    NewObservation,
    ObservationInfo,
)

MEASURES = ("level", "growth", "structure")
INSERT_CHUNK = 1000  # rows per INSERT statement (and audit rows per insert)
KEY_CHUNK = 300  # (indicator, period, measure) groups per query for stored values (3 parameters each)


def observation_info(r: RowMapping) -> ObservationInfo:
    d = dict(r)
    d["values"] = loads(d.pop("values_json"))
    d["is_conflict"] = bool(d["is_conflict"])
    d["is_not_comparable"] = bool(d["is_not_comparable"])
    return ObservationInfo(**d)




def observation_by_id(conn: Connection, observation_id: int) -> ObservationInfo:
    row = conn.execute(select(t.observations).where(t.observations.c.id == observation_id)).mappings().first()
    if row is None:
        raise InputError("observation", f"没有编号为 {observation_id} 的实际值")
    return observation_info(row)



def _row(plan_id: str, indicator_id: int, o: NewObservation, user: str, stamp: str, is_conflict: bool
         ) -> dict[str, Any]:
    return {
        "plan_id": plan_id, "indicator_id": indicator_id, "period": o.period, "year_start": o.year_start,
        "year_end": o.year_end, "measure": o.measure, "value": clean_float(o.value),
        "values_json": None if o.values is None else dumps(o.values), "value_text": o.value_text,
        "unit": o.unit, "value_converted": clean_float(o.value_converted), "unit_converted": o.unit_converted,
        "source_indicator": o.source_indicator, "source": o.source, "quote": o.quote, "note": o.note,
        "is_conflict": is_conflict, "is_not_comparable": o.is_not_comparable,
        "comparability_reason": o.comparability_reason, "import_file": o.import_file,
        "import_line": o.import_line, "created_at": stamp, "created_by": user, "row_version": 1,
    }


def _new_value(o: NewObservation) -> Value:
    return value_of({"values_json": None if o.values is None else dumps(o.values), "value": o.value,
                     "value_converted": o.value_converted})


GroupKey = tuple[int, str, str]


def _stored_in_groups(conn: Connection, keys: Sequence[GroupKey]) -> Iterator[RowMapping]:
    """Stored observations of the given (indicator, period, measure) groups: one query per KEY_CHUNK groups."""
    c = t.observations.c
    cols = (c.id, c.indicator_id, c.period, c.measure, c.value, c.value_converted, c.values_json, c.is_conflict)
    for i in range(0, len(keys), KEY_CHUNK):
        chunk = list(keys[i:i + KEY_CHUNK])
        yield from conn.execute(select(*cols).where(tuple_(c.indicator_id, c.period, c.measure).in_(chunk))
                                .order_by(c.id)).mappings()


def insert_observations(conn: Connection, plan_id: str, items: Sequence[tuple[int, NewObservation]],
                        user: str, stamp: str) -> list[int]:
    """Insert observations (indicator id, value) in bulk and flag conflicts; returns the new ids in order.

    The outcome is the same as inserting them one by one, each new value flagged `is_conflict` when a
    value of its indicator, period and measure (stored or new) says something else, and each stored
    value that a new one contradicts flagged too (audited as `flag`). The cost is linear in the rows:
    one query per KEY_CHUNK groups for the stored values, inserts and audit rows INSERT_CHUNK at a
    time (guihua.store.conflicts tells disagreement from a summary of each group).
    """
    for _, o in items:
        if o.measure not in MEASURES:
            raise InputError("measure", f"度量应为 {' / '.join(MEASURES)}，收到“{o.measure}”")
    keys = [(ind_id, o.period, o.measure) for ind_id, o in items]
    values = [_new_value(o) for _, o in items]
    new_groups: dict[GroupKey, GroupValues] = {}
    for k, v in zip(keys, values, strict=True):
        new_groups.setdefault(k, GroupValues()).add(v)
    all_groups = {k: replace(g, ratios=set(g.ratios)) for k, g in new_groups.items()}
    to_flag: list[RowMapping] = []
    for r in _stored_in_groups(conn, list(new_groups)):
        k = (r["indicator_id"], r["period"], r["measure"])
        v = value_of(r)
        all_groups[k].add(v)
        if not r["is_conflict"] and new_groups[k].differs_from(v):
            to_flag.append(r)
    ids: list[int] = []
    for i in range(0, len(items), INSERT_CHUNK):
        chunk = range(i, min(i + INSERT_CHUNK, len(items)))
        rows = [_row(plan_id, items[j][0], items[j][1], user, stamp, all_groups[keys[j]].differs_from(values[j]))
                for j in chunk]
        new_ids = insert_returning_ids(conn, t.observations, rows)
        insert_audit(conn, [audit_row(
            plan_id, user, "import" if items[j][1].import_file else "create", "observation", new_id, None, None,
            {"indicator_id": r["indicator_id"], "period": r["period"], "measure": r["measure"],
             "value": r["value"] if items[j][1].values is None else items[j][1].values, "unit": r["unit"],
             "source": r["source"], "line": r["import_line"]}, at=stamp)
            for j, r, new_id in zip(chunk, rows, new_ids, strict=True)])
        ids.extend(new_ids)
    _set_flags(conn, plan_id, [(r["id"], True) for r in to_flag], user, stamp)
    return ids


def _set_flags(conn: Connection, plan_id: str, flags: Sequence[tuple[int, bool]], user: str, stamp: str) -> None:
    """Set `is_conflict` of stored rows (id, new flag), bumping their version; one audit row each."""
    for i in range(0, len(flags), INSERT_CHUNK):
        chunk = flags[i:i + INSERT_CHUNK]
        conn.execute(update(t.observations).where(t.observations.c.id == bindparam("oid")).values(
            is_conflict=bindparam("flag"), row_version=t.observations.c.row_version + 1),
            [{"oid": oid, "flag": flag} for oid, flag in chunk])
        insert_audit(conn, [audit_row(plan_id, user, "flag", "observation", oid, "is_conflict",
                                                     not flag, flag, at=stamp) for oid, flag in chunk])


def reflag_conflicts(conn: Connection, plan_id: str, indicator_id: int, period: str, measure: str,
                      user: str, stamp: str) -> None:
    """After a value of the group changed or went: each row is flagged exactly when another disagrees."""
    rows = list(_stored_in_groups(conn, [(indicator_id, period, measure)]))
    group = GroupValues()
    for r in rows:
        group.add(value_of(r))
    changes = []
    for r in rows:
        flag = group.differs_from(value_of(r))
        if flag != bool(r["is_conflict"]):
            changes.append((r["id"], flag))
    _set_flags(conn, plan_id, changes, user, stamp)



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

    def observation_keys(self, plan_id: str, indicator_ids: Sequence[int] | None = None
                         ) -> dict[tuple[int, str, str, str], int]:
        """(indicator id, period, measure, source or "") -> id of every stored value of the plan (duplicate
        checks); only of `indicator_ids` when given."""
        c = t.observations.c
        q = select(c.id, c.plan_id, c.indicator_id, c.period, c.measure, c.source)
        # by indicator alone when given: with plan_id in the condition SQLite reads the plan's whole index
        q = q.where(c.plan_id == plan_id) if indicator_ids is None else q.where(c.indicator_id.in_(list(indicator_ids)))
        with self.engine.connect() as conn:
            return {(r.indicator_id, r.period, r.measure, r.source or ""): r.id for r in conn.execute(
                q.order_by(c.id)) if r.plan_id == plan_id}

    def count_conflicts(self, observation_ids: Sequence[int]) -> int:
        """How many of the given actual values are flagged `is_conflict`."""
        c = t.observations.c
        n = 0
        with self.engine.connect() as conn:
            for i in range(0, len(observation_ids), 500):
                n += conn.execute(select(func.count()).select_from(t.observations).where(
                    c.id.in_(list(observation_ids[i:i + 500])), c.is_conflict.is_(True))).scalar_one()
        return n

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
                for n in (ni.key, ni.name, *ni.aliases, ni.unit):
                    if n is not None:
                        check_name(n, "indicator")
                if find_in_plan(conn, plan_id, ni.key) is not None:
                    raise InputError(ni.key, "指标已存在")
                new_id = conn.execute(insert(t.indicators).values(
                    plan_id=plan_id, key=ni.key, name=ni.name, aliases_json=dumps(ni.aliases), unit=ni.unit,
                    domain=ni.domain, attribute=None, origin=ni.origin, note=ni.note, created_at=stamp,
                    row_version=1).returning(t.indicators.c.id)).scalar_one()
                created.append(new_id)
                audit(conn, plan_id, user, "create", "indicator", new_id, None, None,
                            {"name": ni.name, "unit": ni.unit, "origin": ni.origin}, at=stamp)
            items = [(created[-o.indicator_id - 1] if o.indicator_id < 0 else o.indicator_id, o) for o in rows]
            return insert_observations(conn, plan_id, items, user, stamp)

    def add_observation(self, plan_id: str, observation: NewObservation, *, user: str) -> ObservationInfo:
        """Add one actual value (the web form); conflicts flagged as in add_observations."""
        with self.atomic() as conn:
            plan_row(conn, plan_id)
            indicator_by_id(conn, observation.indicator_id)
            [new_id] = insert_observations(conn, plan_id, [(observation.indicator_id, observation)], user, now())
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
