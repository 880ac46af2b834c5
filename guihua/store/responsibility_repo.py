"""目标责任制: which department (or county-level unit) answers for an indicator, a target or a project
(SQL of `responsibilities` and `departments.kind`).

Each entity has at most one 牵头 (lead) unit and any number of 配合 (co-operating) units. `entity` is
`indicator`, `target` (a statement of type target) or `project`. For an indicator, its responsible units
(lead and co) are also its `departments` (indicator_departments), which decide what a department's
accounts may enter (guihua.store.access): one assignment, one answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from guihua.errors import ConflictError, InputError
from guihua.names import check_names
from guihua.store import schema as t
from guihua.store.assignables import PlanScope, plan_scope
from guihua.store.base import StoreBase, audit, now
from guihua.store.indicators_repo import departments_of, set_departments
from guihua.store.plans_repo import plan_row

ENTITIES = ("indicator", "target", "project")
ROLES = ("牵头", "配合")
UNIT_KINDS = ("部门", "县市区")
_ENTITY_LABEL = {"indicator": "指标", "target": "目标", "project": "项目"}


@dataclass(frozen=True)
class Responsibility:
    """The units responsible for one entity."""

    plan_id: str
    entity: str  # indicator | target | project
    entity_id: int
    lead: str | None
    co: tuple[str, ...]


def department_id(conn: Connection, name: str, kind: str | None = None) -> int:
    """The id of the department called `name`, created (with `kind`) when it does not exist yet."""
    dep_id = conn.execute(select(t.departments.c.id).where(t.departments.c.name == name)).scalar()
    if dep_id is None:
        dep_id = conn.execute(insert(t.departments).values(name=name, kind=kind)
                              .returning(t.departments.c.id)).scalar_one()
    return int(dep_id)


def _entity_plan(conn: Connection, entity: str, entity_id: int) -> str:
    table = {"indicator": t.indicators, "target": t.statements, "project": t.projects}[entity]
    plan_id = conn.execute(select(table.c.plan_id).where(table.c.id == entity_id)).scalar()
    if plan_id is None:
        raise InputError(entity, f"没有编号为 {entity_id} 的{_ENTITY_LABEL[entity]}")
    return str(plan_id)


def responsibilities_of(conn: Connection, plan_id: str, entity: str | None = None) -> dict[tuple[str, int], Responsibility]:
    """Every assignment of a plan (of one kind of entity), keyed by (entity, entity_id)."""
    q = (select(t.responsibilities.c.entity, t.responsibilities.c.entity_id, t.responsibilities.c.role,
                t.departments.c.name)
         .join(t.departments, t.departments.c.id == t.responsibilities.c.department_id)
         .where(t.responsibilities.c.plan_id == plan_id)
         .order_by(t.responsibilities.c.entity, t.responsibilities.c.entity_id, t.responsibilities.c.id))
    if entity is not None:
        q = q.where(t.responsibilities.c.entity == entity)
    leads: dict[tuple[str, int], str] = {}
    cos: dict[tuple[str, int], list[str]] = {}
    for r in conn.execute(q):
        key = (r.entity, int(r.entity_id))
        if r.role == "牵头":
            leads[key] = r.name
            cos.setdefault(key, [])
        else:
            cos.setdefault(key, []).append(r.name)
    return {k: Responsibility(plan_id, k[0], k[1], leads.get(k), tuple(v)) for k, v in cos.items()}


def write_responsibility(conn: Connection, entity: str, entity_id: int, lead: str | None, co: Sequence[str],
                         *, user: str, source: str | None = None, stamp: str | None = None,
                         expected: tuple[str | None, Sequence[str]] | None = None) -> Responsibility:
    """Replace the units of one entity (inside the caller's transaction), audited as one change.

    `expected`: the (lead, co) the caller read; ConflictError when the units are no longer those."""
    if entity not in ENTITIES:
        raise InputError("entity", f"责任对象应为 {' / '.join(ENTITIES)}，收到“{entity}”")
    lead = (lead or "").strip() or None
    co_names = [c.strip() for c in co if c and c.strip()]
    co_names = [c for c in dict.fromkeys(co_names) if c != lead]
    check_names([lead] if lead else [], "lead")
    check_names(co_names, "co")
    plan_id = _entity_plan(conn, entity, entity_id)
    stamp = stamp or now()
    old = responsibilities_of_entity(conn, plan_id, entity, entity_id)
    if expected is not None and not same_units(old, expected):
        raise ConflictError(f"{_ENTITY_LABEL[entity]} {entity_id} 的责任单位已被他人修改（现为 牵头：{old.lead or '无'}，"
                            f"配合：{'、'.join(old.co) or '无'}），请刷新后重试")
    new = Responsibility(plan_id, entity, entity_id, lead, tuple(co_names))
    if (old.lead, old.co) == (new.lead, new.co):
        return old
    conn.execute(delete(t.responsibilities).where(t.responsibilities.c.entity == entity,
                                                  t.responsibilities.c.entity_id == entity_id))
    rows = ([(lead, "牵头")] if lead else []) + [(c, "配合") for c in co_names]
    for name, role in rows:
        conn.execute(insert(t.responsibilities).values(
            plan_id=plan_id, entity=entity, entity_id=entity_id, department_id=department_id(conn, name),
            role=role, source=source, created_at=stamp, created_by=user))
    if entity == "indicator":
        names = [n for n, _ in rows]
        if set(names) != set(departments_of(conn, [entity_id]).get(entity_id, [])):
            set_departments(conn, entity_id, names)
    after: dict[str, object] = {"lead": new.lead, "co": list(new.co)}
    if source:
        after["source"] = source  # the 分工方案 file (or bulk) the change came from
    audit(conn, plan_id, user, "assign", entity, entity_id, "responsibility",
          {"lead": old.lead, "co": list(old.co)}, after, at=stamp)
    return new


def same_units(r: Responsibility, expected: tuple[str | None, Sequence[str]]) -> bool:
    """Whether `r` has the lead and (in any order) the co units of `expected`."""
    lead = (expected[0] or "").strip() or None
    co = sorted({c.strip() for c in expected[1] if c and c.strip()} - ({lead} if lead else set()))
    return r.lead == lead and sorted(r.co) == co


def responsibilities_of_entity(conn: Connection, plan_id: str, entity: str, entity_id: int) -> Responsibility:
    rows = conn.execute(
        select(t.responsibilities.c.role, t.departments.c.name)
        .join(t.departments, t.departments.c.id == t.responsibilities.c.department_id)
        .where(t.responsibilities.c.entity == entity, t.responsibilities.c.entity_id == entity_id)
        .order_by(t.responsibilities.c.id)).all()
    lead = next((r.name for r in rows if r.role == "牵头"), None)
    return Responsibility(plan_id, entity, entity_id, lead, tuple(r.name for r in rows if r.role == "配合"))


def dump_queries(plan_id: str, indicator_ids: Any) -> dict[str, Any]:
    """The plan's responsibilities (department by name) and the departments it names (name, kind), for
    Store.dump_plan."""
    r, d = t.responsibilities, t.departments
    used = (select(r.c.department_id).where(r.c.plan_id == plan_id)
            .union(select(t.indicator_departments.c.department_id)
                   .where(t.indicator_departments.c.indicator_id.in_(indicator_ids))))
    return {
        "departments": select(d.c.name, d.c.kind).where(d.c.id.in_(used)).order_by(d.c.name),
        "responsibilities": select(r.c.id, r.c.plan_id, r.c.entity, r.c.entity_id, d.c.name.label("department"),
                                   r.c.role, r.c.source, r.c.created_at, r.c.created_by)
        .join(d, d.c.id == r.c.department_id).where(r.c.plan_id == plan_id).order_by(r.c.id),
    }


def load_departments(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Departments of a dump: each added when missing; a kind the database lacks is taken from the dump."""
    for row in rows:
        name, kind = str(row["name"]), row.get("kind")
        check_names([name], "departments")
        if kind is not None and kind not in UNIT_KINDS:
            raise InputError("restore", f"单位“{name}”的类别应为 {' 或 '.join(UNIT_KINDS)}，收到“{kind}”")
        dep_id = department_id(conn, name, kind)
        if kind is not None:
            conn.execute(update(t.departments).where(t.departments.c.id == dep_id, t.departments.c.kind.is_(None))
                         .values(kind=kind))


def load_responsibilities(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Responsibilities of a dump, with their ids, each department found (or added) by name."""
    out = []
    for row in rows:
        r = {k: v for k, v in row.items() if k != "department"}
        r["department_id"] = department_id(conn, str(row["department"]))
        out.append(r)
    if out:
        conn.execute(insert(t.responsibilities), out)


class ResponsibilityMixin(StoreBase):
    """Store.assign / Store.responsibilities / Store.lead_units / Store.list_units."""

    def assign(self, entity: str, entity_id: int, lead: str | None, co: Iterable[str] = (), *, user: str,
               source: str | None = None,
               expected: tuple[str | None, Sequence[str]] | None = None) -> Responsibility:
        """Set the 牵头 unit and the 配合 units of an indicator, a target or a project (replacing the
        earlier ones); audited. Units not yet in the list of departments are added to it. `expected`:
        the (lead, co) the caller read; ConflictError (and nothing written) when they changed meanwhile."""
        with self.atomic() as conn:
            return write_responsibility(conn, entity, entity_id, lead, list(co), user=user, source=source,
                                        expected=expected)

    def assign_bulk(self, plan_id: str, lead: str, co: Iterable[str] = (), *, user: str,
                    chapter: str | None = None, domain: str | None = None,
                    source: str | None = None) -> list[Responsibility]:
        """Give one 牵头 unit and the same 配合 units to every indicator, target and project lying in a
        chapter of the plan's outline (`chapter`: node key or title), or to every indicator of a domain and
        its targets (`domain`); one transaction, audited per entity (guihua.store.assignables)."""
        if (chapter is None) == (domain is None):
            raise InputError("--chapter/--domain", "请指定章节或领域之一（批量分工按章节或按领域）")
        if not (lead or "").strip():
            raise InputError("--lead", "请指定牵头单位")
        co_list = list(co)
        with self.atomic() as conn:
            scope = plan_scope(conn, plan_id)
            picked = scope.in_chapter(chapter) if chapter is not None else scope.with_domain(domain or "")
            if not picked:
                what = f"章节“{chapter}”" if chapter is not None else f"领域“{domain}”"
                raise InputError("--chapter" if chapter is not None else "--domain", f"{what}中没有指标、目标或项目")
            stamp = now()
            source = source or (f"批量分工：章节“{chapter}”" if chapter is not None else f"批量分工：领域“{domain}”")
            return [write_responsibility(conn, a.entity, a.entity_id, lead, co_list, user=user, source=source,
                                         stamp=stamp) for a in picked]

    def import_assignments(self, plan_id: str, name: str, data: bytes, *, user: str) -> list[Responsibility]:
        """Import a 分工方案 table (guihua.store.assignment_in): every row matched and checked first; any bad
        row raises RowErrors naming them all and nothing is written. Audited with the file name as source."""
        from guihua.store.assignment_in import read_assignments, resolve_assignments

        rows = read_assignments(name, data)
        with self.atomic() as conn:
            scope = plan_scope(conn, plan_id)
            resolved = resolve_assignments(rows, scope, name)
            stamp = now()
            return [write_responsibility(conn, r.entity, r.entity_id, r.lead, list(r.co), user=user, source=name,
                                         stamp=stamp) for r in resolved]

    def assignables(self, plan_id: str) -> PlanScope:
        """The plan's outline and its indicators, targets and projects, each with where it lies."""
        with self.engine.connect() as conn:
            return plan_scope(conn, plan_id)

    def responsibilities(self, plan_id: str, entity: str | None = None) -> dict[tuple[str, int], Responsibility]:
        """Every assignment of a plan, keyed by (entity, entity_id)."""
        with self.engine.connect() as conn:
            plan_row(conn, plan_id)
            return responsibilities_of(conn, plan_id, entity)

    def lead_units(self, plan_id: str) -> dict[tuple[str, int], str]:
        """The 牵头 unit of every assigned entity of a plan, keyed by (entity, entity_id)."""
        return {k: r.lead for k, r in self.responsibilities(plan_id).items() if r.lead}

    def list_units(self) -> list[tuple[str, str | None]]:
        """The managed list of departments and county-level units: (name, kind), by name."""
        with self.engine.connect() as conn:
            return [(r.name, r.kind) for r in conn.execute(
                select(t.departments.c.name, t.departments.c.kind).order_by(t.departments.c.name))]

    def add_unit(self, name: str, kind: str, *, user: str) -> None:
        """Add a department (kind 部门) or a county-level unit (kind 县市区) to the managed list."""
        if kind not in UNIT_KINDS:
            raise InputError("kind", f"单位类别应为 {' 或 '.join(UNIT_KINDS)}，收到“{kind}”")
        check_names([name], "name")
        with self.atomic() as conn:
            row = conn.execute(select(t.departments).where(t.departments.c.name == name)).mappings().first()
            if row is None:
                department_id(conn, name, kind)
                audit(conn, None, user, "create", "department", name, "kind", None, kind)
            elif row["kind"] != kind:
                conn.execute(update(t.departments).where(t.departments.c.id == row["id"]).values(kind=kind))
                audit(conn, None, user, "update", "department", name, "kind", row["kind"], kind)
