"""The indicator registry and departments (SQL of `indicators`, `departments`, `indicator_departments`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import ConflictError, InputError
from guihua.names import check_names
from guihua.store import schema as t
from guihua.store.attributes import mark_attribute_reviewed
from guihua.store.base import StoreBase, audit, dumps, loads, now
from guihua.store.domains import suggest_domain
from guihua.store.plans_repo import plan_row
from guihua.store.records import (
    EDITABLE_INDICATOR_FIELDS,
    IndicatorInfo,
)

ATTRIBUTES = ("约束性", "预期性")


def indicator_info(r: RowMapping, departments: list[str]) -> IndicatorInfo:
    d = dict(r)
    d["aliases"] = loads(d.pop("aliases_json")) or []
    d["is_main"] = bool(d.get("is_main"))
    return IndicatorInfo(**d, departments=departments)




def indicator_by_id(conn: Connection, indicator_id: int) -> IndicatorInfo:
    row = conn.execute(select(t.indicators).where(t.indicators.c.id == indicator_id)).mappings().first()
    if row is None:
        raise InputError("indicator", f"没有编号为 {indicator_id} 的指标")
    return indicator_info(row, departments_of(conn, [indicator_id]).get(indicator_id, []))



def find_in_plan(conn: Connection, plan_id: str, name: str) -> IndicatorInfo | None:
    name = name.strip()
    rows = conn.execute(select(t.indicators).where(t.indicators.c.plan_id == plan_id)
                        .order_by(t.indicators.c.id)).mappings().all()
    for pick in (lambda r: r["key"] == name, lambda r: r["name"] == name,
                 lambda r: name in (loads(r["aliases_json"]) or [])):
        for r in rows:
            if pick(r):
                return indicator_info(r, departments_of(conn, [r["id"]]).get(r["id"], []))
    return None



def indicator_for_name(conn: Connection, plan_id: str, name: str, unit: str | None,
                        user: str, stamp: str) -> int:
    found = find_in_plan(conn, plan_id, name)
    if found is not None:
        return found.id
    new_id = conn.execute(insert(t.indicators).values(
        plan_id=plan_id, key=name, name=name, aliases_json="[]", unit=unit,
        domain=suggest_domain(name), attribute=None, origin="review", note=None, created_at=stamp,
        row_version=1).returning(t.indicators.c.id)).scalar_one()
    audit(conn, plan_id, user, "create", "indicator", new_id, None, None,
                {"name": name, "origin": "review"}, at=stamp)
    return int(new_id)



def departments_of(conn: Connection, indicator_ids: Sequence[int]) -> dict[int, list[str]]:
    if not indicator_ids:
        return {}
    q = (select(t.indicator_departments.c.indicator_id, t.departments.c.name)
         .join(t.departments, t.departments.c.id == t.indicator_departments.c.department_id)
         .where(t.indicator_departments.c.indicator_id.in_(list(indicator_ids)))
         .order_by(t.indicator_departments.c.indicator_id, t.departments.c.name))
    out: dict[int, list[str]] = {}
    for ind_id, name in conn.execute(q):
        out.setdefault(ind_id, []).append(name)
    return out



def set_departments(conn: Connection, indicator_id: int, names: Iterable[str]) -> None:
    conn.execute(delete(t.indicator_departments).where(t.indicator_departments.c.indicator_id == indicator_id))
    for name in sorted({n.strip() for n in names if n and n.strip()}):
        dep_id = conn.execute(select(t.departments.c.id).where(t.departments.c.name == name)).scalar()
        if dep_id is None:
            dep_id = conn.execute(insert(t.departments).values(name=name)
                                  .returning(t.departments.c.id)).scalar_one()
        conn.execute(insert(t.indicator_departments).values(indicator_id=indicator_id, department_id=dep_id))



def follow_departments(conn: Connection, plan_id: str, indicator_id: int, names: Sequence[str], user: str,
                       stamp: str) -> None:
    """Keep the indicator's responsible units (目标责任制, `responsibilities`) the same set as its departments
    after the departments were edited directly: units no longer listed are dropped (a dropped 牵头 leaves
    the indicator without one), newly listed ones become 配合 units. Audited as an assignment."""
    r, d = t.responsibilities, t.departments
    rows = conn.execute(select(r.c.id, r.c.role, d.c.name).join(d, d.c.id == r.c.department_id)
                        .where(r.c.entity == "indicator", r.c.entity_id == indicator_id).order_by(r.c.id)).all()
    wanted = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    if not rows and not wanted:
        return
    old_lead = next((x.name for x in rows if x.role == "牵头"), None)
    old = {"lead": old_lead, "co": [x.name for x in rows if x.role == "配合"]}
    gone = [x.id for x in rows if x.name not in wanted]
    if gone:
        conn.execute(delete(r).where(r.c.id.in_(gone)))
    have = {x.name for x in rows}
    for name in wanted:
        if name not in have:
            dep_id = conn.execute(select(d.c.id).where(d.c.name == name)).scalar_one()
            conn.execute(insert(r).values(plan_id=plan_id, entity="indicator", entity_id=indicator_id,
                                          department_id=dep_id, role="配合", source="责任部门", created_at=stamp,
                                          created_by=user))
    lead = old_lead if old_lead in wanted else None
    new = {"lead": lead, "co": [x.name for x in rows if x.role == "配合" and x.name in wanted]
           + [n for n in wanted if n not in have]}
    if new != old:
        audit(conn, plan_id, user, "assign", "indicator", indicator_id, "responsibility", old,
              {**new, "source": "责任部门"}, at=stamp)


def reconvert(conn: Connection, plan_id: str, indicator_id: int, unit: str | None,
               user: str, stamp: str) -> None:
    from guihua.store import units

    rows = conn.execute(select(t.observations).where(t.observations.c.indicator_id == indicator_id,
                                                     t.observations.c.measure == "level")).mappings().all()
    for r in rows:
        new: float | None = None
        if r["value"] is not None and unit is not None:
            try:
                new = units.convert(r["value"], r["unit"], unit)
            except units.UnitError:
                new = None
        if new != r["value_converted"] or unit != r["unit_converted"]:
            conn.execute(update(t.observations).where(t.observations.c.id == r["id"]).values(
                value_converted=new, unit_converted=unit, row_version=t.observations.c.row_version + 1))
            audit(conn, plan_id, user, "update", "observation", r["id"], "value_converted",
                        [r["value_converted"], r["unit_converted"]], [new, unit], at=stamp)



class IndicatorsMixin(StoreBase):
    """Store methods for the indicator registry."""

    def list_indicators(self, plan_id: str, ids: Sequence[int] | None = None) -> list[IndicatorInfo]:
        """The plan's indicator registry, ordered by id (plan order, then indicators added later); with
        `ids`, only those of them."""
        q = select(t.indicators).where(t.indicators.c.plan_id == plan_id)
        if ids is not None:
            q = q.where(t.indicators.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            rows = conn.execute(q.order_by(t.indicators.c.id)).mappings().all()
            depts = departments_of(conn, [r["id"] for r in rows])
        return [indicator_info(r, depts.get(r["id"], [])) for r in rows]

    def get_indicator(self, indicator_id: int) -> IndicatorInfo:
        """One indicator by id; InputError when unknown."""
        with self.engine.connect() as conn:
            return indicator_by_id(conn, indicator_id)

    def find_indicator(self, plan_id: str, name: str) -> IndicatorInfo | None:
        """The plan's indicator whose key, name or an alias equals `name` (None when none does)."""
        with self.engine.connect() as conn:
            return find_in_plan(conn, plan_id, name)

    def update_indicator(self, indicator_id: int, changes: Mapping[str, Any], *, user: str,
                         expected_version: int | None = None) -> IndicatorInfo:
        """Edit an indicator: name, aliases (list), unit, domain, attribute (约束性/预期性 or None),
        departments (list of names; departments are created as needed), note. Audited per field;
        ConflictError on a stale `expected_version`.

        Changing `unit` does not rewrite stored observations; their `value_converted` is
        recomputed to the new unit where the dimension allows (each recomputation audited).
        """
        for k in changes:
            if k not in EDITABLE_INDICATOR_FIELDS:
                raise InputError(k, f"指标不能修改字段 {k}（可改：{'、'.join(EDITABLE_INDICATOR_FIELDS)}）")
        for k in ("name", "aliases", "unit", "domain", "departments"):
            check_names(changes.get(k), k)
        if "is_main" in changes and not isinstance(changes["is_main"], bool):
            raise InputError("is_main", f"是否主要指标应为 是 或 否，收到“{changes['is_main']}”")
        if changes.get("attribute") not in (None, *ATTRIBUTES):
            raise InputError("attribute", f"属性应为 约束性 或 预期性，收到“{changes['attribute']}”")
        with self.atomic() as conn:
            ind = indicator_by_id(conn, indicator_id)
            stamp = now()
            diff = {k: v for k, v in changes.items() if getattr(ind, k) != v}
            # a person gave or confirmed the attribute: from now on it is a review, not a proposal
            confirm = "attribute" in changes and ind.attribute_source != "review"
            if not diff and not confirm:
                return ind
            cols: dict[str, Any] = {}
            for k, v in diff.items():
                if k == "aliases":
                    cols["aliases_json"] = dumps(list(v))
                elif k != "departments":
                    cols[k] = v
            expected = expected_version if expected_version is not None else ind.row_version
            res = conn.execute(update(t.indicators).where(
                t.indicators.c.id == indicator_id, t.indicators.c.row_version == expected,
            ).values(**cols, row_version=t.indicators.c.row_version + 1))
            if res.rowcount != 1:
                raise ConflictError(f"指标 {indicator_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取后再改")
            if confirm:
                mark_attribute_reviewed(conn, ind.plan_id, indicator_id, ind.attribute_source, user=user, stamp=stamp)
            if "departments" in diff:
                set_departments(conn, indicator_id, list(diff["departments"]))
                follow_departments(conn, ind.plan_id, indicator_id, list(diff["departments"]), user, stamp)
            for k, v in diff.items():
                audit(conn, ind.plan_id, user, "update", "indicator", indicator_id, k, getattr(ind, k), v,
                            at=stamp)
            if "unit" in diff:
                reconvert(conn, ind.plan_id, indicator_id, diff["unit"], user, stamp)
            return indicator_by_id(conn, indicator_id)

    def list_departments(self) -> list[str]:
        """Every department name known to the database."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(t.departments.c.name).order_by(t.departments.c.name)).scalars())
