"""SQL of the project library (a sibling of repository.py; the Store's project methods call here).

Ingest stores each extracted mention, grouped into one library row per project by normalised full
name (`guihua.extraction.links.project_key`), and suggests links to the indicators the project
serves. People then keep the library: status, years, investment, responsible unit, progress events
with date and evidence, and confirm or remove links. Every change is audit logged; mutable rows
carry `row_version` (optimistic concurrency, as in the rest of the store).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import InputError
from guihua.extraction.links import IndicatorRef, ProjectRef, place_of, project_key, suggest_links
from guihua.extraction.project_facts import investment_after
from guihua.names import check_name
from guihua.store import schema as t
from guihua.store.base import StoreBase, audit, dumps, loads, now, update_row
from guihua.store.plans_repo import version_row
from guihua.store.records import (
    EDITABLE_PROJECT_FIELDS,
    LINK_STATUSES,
    PROJECT_STATUSES,
    ProjectEventInfo,
    ProjectInfo,
    ProjectLinkInfo,
    ProjectMentionInfo,
)

if TYPE_CHECKING:
    from guihua.extraction.projects import ProjectMention

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")




def project_record(r: RowMapping) -> ProjectInfo:
    d = dict(r)
    d["places"] = loads(d.pop("places_json")) or []
    d["start"] = d.pop("start_offset")
    d["end"] = d.pop("end_offset")
    return ProjectInfo(**d)


def _mention(r: RowMapping) -> ProjectMentionInfo:
    d = dict(r)
    d["places"] = loads(d.pop("places_json")) or []
    d["counties"] = loads(d.pop("counties_json")) or []
    d["start"] = d.pop("start_offset")
    d["end"] = d.pop("end_offset")
    return ProjectMentionInfo(**d)


def _event(r: RowMapping) -> ProjectEventInfo:
    return ProjectEventInfo(**dict(r))


def _link(r: RowMapping) -> ProjectLinkInfo:
    return ProjectLinkInfo(**dict(r))


def check_date(text: str) -> str:
    """A progress date as stored (YYYY, YYYY-MM or YYYY-MM-DD); ValueError with a Chinese reason."""
    s = (text or "").strip().replace("/", "-").replace(".", "-")
    m = _DATE.match(s)
    if not m:
        raise ValueError(f"日期“{text}”应写作 YYYY、YYYY-MM 或 YYYY-MM-DD")
    if m.group(2) and not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"日期“{text}”的月份无效")
    if m.group(3) and not 1 <= int(m.group(3)) <= 31:
        raise ValueError(f"日期“{text}”的日无效")
    return s


def check_project_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Validated project field changes; InputError names the field."""
    out: dict[str, Any] = {}
    for k, v in changes.items():
        if k not in EDITABLE_PROJECT_FIELDS:
            raise InputError(k, f"项目不能修改字段 {k}（可改：{'、'.join(EDITABLE_PROJECT_FIELDS)}）")
        if k == "status" and v not in PROJECT_STATUSES:
            raise InputError("status", f"项目状态应为 {' / '.join(PROJECT_STATUSES)}，收到“{v}”")
        if k in ("start_year", "end_year") and v is not None and not (isinstance(v, int) and 1900 <= v <= 2100):
            raise InputError(k, f"年份“{v}”应为 1900—2100 之间的整数")
        if k == "investment" and v is not None:
            if not isinstance(v, (int, float)) or math.isnan(float(v)) or math.isinf(float(v)) or v < 0:
                raise InputError(k, f"总投资“{v}”应为非负数")
            v = float(v)
        if isinstance(v, str):
            if k in ("responsible", "investment_unit", "status"):
                check_name(v, k)
            v = v.strip() or None
        out[k] = v
    s, e = out.get("start_year"), out.get("end_year")
    if s is not None and e is not None and s > e:
        raise InputError("start_year", f"开工年份 {s} 晚于完工年份 {e}")
    return out


# ---------------------------------------------------------------------- ingest

def store_mentions(store: StoreBase, conn: Connection, plan_id: str, version_id: int,
                   mentions: Sequence[ProjectMention], user: str, stamp: str, raw: str = "") -> dict[str, int]:
    """Store a version's project mentions, grouped into library rows, and suggest links (in `conn`).

    Existing projects of the plan (same key) keep their id, status and edits and gain the new
    mentions; new keys become projects with status 规划, with the total investment the plan states
    right after the name (project_facts). Returns counts for the ingest audit entry.
    """
    existing = {r["key"]: r["id"] for r in conn.execute(
        select(t.projects.c.key, t.projects.c.id).where(t.projects.c.plan_id == plan_id,
                                                        t.projects.c.key.is_not(None))).mappings()}
    groups: dict[str, list[ProjectMention]] = {}
    for m in mentions:
        groups.setdefault(project_key(m.full_name or m.name), []).append(m)
    ids: dict[str, int] = {}
    created = 0
    for key, group in groups.items():
        if not key:
            continue
        if key in existing:
            ids[key] = existing[key]
            continue
        first = group[0]
        places: list[str] = []
        invest = next((f for m in group if m.name_end and (f := investment_after(raw, m.name_end))), None)
        for m in group:
            places.extend(p for p in [*m.counties, *m.places] if p not in places)
        ids[key] = conn.execute(insert(t.projects).values(
            plan_id=plan_id, version_id=version_id, name=first.full_name or first.name, full_name=first.full_name,
            action=first.action, category=first.category,
            box=None if first.box is None else str(first.box),
            article=None if first.article is None else str(first.article), places_json=dumps(places),
            start_offset=first.start, end_offset=first.end, quote=first.quote, status="规划", created_at=stamp,
            row_version=1, key=key, investment=invest[0] if invest else None,
            investment_unit=invest[1] if invest else None).returning(t.projects.c.id)).scalar_one()
        created += 1
    rows = []
    for i, m in enumerate(mentions):
        key = project_key(m.full_name or m.name)
        if key not in ids:
            continue
        rows.append({"project_id": ids[key], "version_id": version_id, "ordinal": i, "name": m.name,
                     "full_name": m.full_name, "action": m.action, "category": m.category, "box": m.box,
                     "article": m.article, "places_json": dumps(list(m.places)),
                     "counties_json": dumps(list(m.counties)), "start_offset": m.start, "end_offset": m.end,
                     "name_start": m.name_start, "name_end": m.name_end, "quote": m.quote, "node_key": m.node_id,
                     "confidence": float(m.confidence)})
    if rows:
        conn.execute(insert(t.project_mentions), rows)
    links = _suggest(conn, plan_id, version_id, mentions, ids, user, stamp)
    counts = {"projects_created": created, "mentions": len(rows), "links_suggested": links}
    audit(conn, plan_id, user, "ingest", "plan_version", version_id, "projects", None, counts, at=stamp)
    return counts


def _suggest(conn: Connection, plan_id: str, version_id: int, mentions: Sequence[ProjectMention],
             ids: Mapping[str, int], user: str, stamp: str) -> int:
    refs = []
    for m in mentions:
        key = project_key(m.full_name or m.name)
        if key in ids:
            refs.append(ProjectRef(ids[key], m.full_name or m.name, m.category, m.box, m.article))
    inds = []
    for r in conn.execute(select(t.statements.c.indicator_id, t.statements.c.indicator, t.statements.c.section,
                                 t.indicators.c.name)
                          .join(t.indicators, t.indicators.c.id == t.statements.c.indicator_id)
                          .where(t.statements.c.version_id == version_id)
                          .order_by(t.statements.c.ordinal)).mappings():
        box, article = place_of(r["section"])
        inds.append(IndicatorRef(r["indicator_id"], f"{r['name']} {r['indicator']}", box, article))
    have = {(r[0], r[1]) for r in conn.execute(
        select(t.project_links.c.project_id, t.project_links.c.indicator_id)
        .join(t.projects, t.projects.c.id == t.project_links.c.project_id).where(t.projects.c.plan_id == plan_id))}
    rows = [{"project_id": s.project, "indicator_id": s.indicator, "status": "建议", "reason": s.reason,
             "score": s.score, "created_at": stamp, "created_by": user, "decided_by": None, "decided_at": None,
             "row_version": 1}
            for s in suggest_links(refs, inds) if (s.project, s.indicator) not in have]
    if rows:
        conn.execute(insert(t.project_links), rows)
    return len(rows)


# ---------------------------------------------------------------------- reading

@dataclass
class ProjectFilter:
    category: str | None = None
    county: str | None = None
    action: str | None = None
    status: str | None = None
    text: str | None = None
    ids: list[int] = field(default_factory=list)


def get_project(store: StoreBase, project_id: int) -> ProjectInfo:
    with store.engine.connect() as conn:
        return _get(conn, project_id)


def _get(conn: Connection, project_id: int) -> ProjectInfo:
    row = conn.execute(select(t.projects).where(t.projects.c.id == project_id)).mappings().first()
    if row is None:
        raise InputError("project", f"没有编号为 {project_id} 的项目")
    return project_record(row)


def list_mentions(store: StoreBase, *, plan_id: str | None = None, project_id: int | None = None) -> list[ProjectMentionInfo]:
    """Mentions in document order (by version, then ordinal)."""
    q = select(t.project_mentions)
    if project_id is not None:
        q = q.where(t.project_mentions.c.project_id == project_id)
    if plan_id is not None:
        q = q.join(t.projects, t.projects.c.id == t.project_mentions.c.project_id).where(t.projects.c.plan_id == plan_id)
    q = q.order_by(t.project_mentions.c.version_id, t.project_mentions.c.ordinal, t.project_mentions.c.id)
    with store.engine.connect() as conn:
        return [_mention(r) for r in conn.execute(q).mappings()]


def list_events(store: StoreBase, *, plan_id: str | None = None, project_id: int | None = None) -> list[ProjectEventInfo]:
    """Progress events, oldest date first."""
    q = select(t.project_events)
    if project_id is not None:
        q = q.where(t.project_events.c.project_id == project_id)
    if plan_id is not None:
        q = q.join(t.projects, t.projects.c.id == t.project_events.c.project_id).where(t.projects.c.plan_id == plan_id)
    q = q.order_by(t.project_events.c.date, t.project_events.c.id)
    with store.engine.connect() as conn:
        return [_event(r) for r in conn.execute(q).mappings()]


def list_links(store: StoreBase, *, plan_id: str | None = None, project_id: int | None = None,
               indicator_id: int | None = None, include_removed: bool = True) -> list[ProjectLinkInfo]:
    q = select(t.project_links)
    if project_id is not None:
        q = q.where(t.project_links.c.project_id == project_id)
    if indicator_id is not None:
        q = q.where(t.project_links.c.indicator_id == indicator_id)
    if plan_id is not None:
        q = q.join(t.projects, t.projects.c.id == t.project_links.c.project_id).where(t.projects.c.plan_id == plan_id)
    if not include_removed:
        q = q.where(t.project_links.c.status != "已移除")
    q = q.order_by(t.project_links.c.id)
    with store.engine.connect() as conn:
        return [_link(r) for r in conn.execute(q).mappings()]


def count_projects(store: StoreBase, plan_id: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.projects)
                                .where(t.projects.c.plan_id == plan_id)).scalar_one())


# ---------------------------------------------------------------------- writing

def update_project(store: StoreBase, project_id: int, changes: Mapping[str, Any], *, user: str,
                   expected_version: int | None = None) -> ProjectInfo:
    """Change status / years / investment / responsible unit / note of a project (audited)."""
    clean = check_project_changes(changes)
    with store.atomic() as conn:
        return _apply(store, conn, project_id, clean, user, expected_version)


def _apply(store: StoreBase, conn: Connection, project_id: int, clean: Mapping[str, Any], user: str,
           expected_version: int | None) -> ProjectInfo:
    p = _get(conn, project_id)
    diff = {k: v for k, v in clean.items() if getattr(p, k) != v}
    if diff:
        update_row(conn, t.projects, t.projects.c.id, project_id, p.row_version, expected_version, diff,
                          plan_id=p.plan_id, user=user, action="update", entity="project",
                          old={k: getattr(p, k) for k in diff})
        return _get(conn, project_id)
    return p


def add_event(store: StoreBase, project_id: int, *, date: str, user: str, status: str | None = None,
              evidence: str | None = None, note: str | None = None,
              expected_version: int | None = None) -> ProjectEventInfo:
    """Record a progress event (date and evidence); a status given also becomes the project's status
    (ConflictError, nothing written, when that changes the project and `expected_version` is stale)."""
    try:
        date = check_date(date)
    except ValueError as exc:
        raise InputError("event_date", str(exc)) from exc
    if status is not None and status not in PROJECT_STATUSES:
        raise InputError("status", f"项目状态应为 {' / '.join(PROJECT_STATUSES)}，收到“{status}”")
    with store.atomic() as conn:
        p = _get(conn, project_id)
        eid = _insert_event(store, conn, p, date, status, evidence, note, None, None, user)
        if status is not None:
            _apply(store, conn, project_id, {"status": status}, user, expected_version)
        return _event(conn.execute(select(t.project_events).where(t.project_events.c.id == eid)).mappings().one())


def _insert_event(store: StoreBase, conn: Connection, p: ProjectInfo, date: str, status: str | None,
                  evidence: str | None, note: str | None, import_file: str | None, import_line: int | None,
                  user: str) -> int:
    stamp = now()
    eid = conn.execute(insert(t.project_events).values(
        project_id=p.id, date=date, status=status, evidence=evidence, note=note, import_file=import_file,
        import_line=import_line, created_at=stamp, created_by=user).returning(t.project_events.c.id)).scalar_one()
    audit(conn, p.plan_id, user, "create", "project_event", eid, None, None,
                 {"project": p.id, "date": date, "status": status, "evidence": evidence}, at=stamp)
    return int(eid)


def decide_link(store: StoreBase, link_id: int, status: str, *, user: str,
                expected_version: int | None = None) -> ProjectLinkInfo:
    """Confirm (已确认) or remove (已移除) a suggested link, or reopen it (建议); audited."""
    if status not in LINK_STATUSES:
        raise InputError("status", f"关联状态应为 {' / '.join(LINK_STATUSES)}，收到“{status}”")
    with store.atomic() as conn:
        row = conn.execute(select(t.project_links).where(t.project_links.c.id == link_id)).mappings().first()
        if row is None:
            raise InputError("link", f"没有编号为 {link_id} 的关联")
        link = _link(row)
        if link.status != status:
            p = _get(conn, link.project_id)
            update_row(conn, t.project_links, t.project_links.c.id, link_id, link.row_version,
                              expected_version, {"status": status, "decided_by": user, "decided_at": now()},
                              plan_id=p.plan_id, user=user, action="update", entity="project_link",
                              old={"status": link.status, "decided_by": link.decided_by,
                                   "decided_at": link.decided_at})
        return _link(conn.execute(select(t.project_links).where(t.project_links.c.id == link_id)).mappings().one())


def add_link(store: StoreBase, project_id: int, indicator_id: int, *, user: str,
             reason: str | None = None) -> ProjectLinkInfo:
    """Link a project to an indicator by hand (confirmed at once); an existing link is confirmed."""
    with store.atomic() as conn:
        p = _get(conn, project_id)
        ind = conn.execute(select(t.indicators.c.plan_id).where(t.indicators.c.id == indicator_id)).first()
        if ind is None or ind[0] != p.plan_id:
            raise InputError("indicator", f"规划“{p.plan_id}”没有编号为 {indicator_id} 的指标")
        row = conn.execute(select(t.project_links).where(t.project_links.c.project_id == project_id,
                                                         t.project_links.c.indicator_id == indicator_id)).mappings().first()
        if row is None:
            stamp = now()
            lid = conn.execute(insert(t.project_links).values(
                project_id=project_id, indicator_id=indicator_id, status="已确认", reason=reason or "人工关联",
                score=None, created_at=stamp, created_by=user, decided_by=user, decided_at=stamp, row_version=1,
            ).returning(t.project_links.c.id)).scalar_one()
            audit(conn, p.plan_id, user, "create", "project_link", lid, None, None,
                         {"project": project_id, "indicator": indicator_id, "status": "已确认"}, at=stamp)
            return _link(conn.execute(select(t.project_links).where(t.project_links.c.id == lid)).mappings().one())
    return decide_link(store, int(row["id"]), "已确认", user=user)


@dataclass(frozen=True)
class ProjectUpdate:
    """One checked row of a project status import."""
    project_id: int
    changes: dict[str, Any]
    event: dict[str, Any] | None  # date, status, evidence, note
    line: int


def apply_updates(store: StoreBase, updates: Sequence[ProjectUpdate], *, user: str, source: str) -> tuple[int, int]:
    """Apply checked import rows in ONE transaction; returns (projects changed, events added).

    An event already stored (same project, date, status and evidence) is not added again, so
    importing the same file twice changes nothing.
    """
    changed: set[int] = set()
    events = 0
    with store.atomic() as conn:
        for u in updates:
            before = _get(conn, u.project_id)
            after = _apply(store, conn, u.project_id, u.changes, user, None) if u.changes else before
            if after.row_version != before.row_version:
                changed.add(u.project_id)
            if u.event is not None:
                e = u.event
                dup = conn.execute(select(t.project_events.c.id).where(
                    t.project_events.c.project_id == u.project_id, t.project_events.c.date == e["date"],
                    (t.project_events.c.status == e["status"]) if e["status"] is not None
                    else t.project_events.c.status.is_(None),
                    (t.project_events.c.evidence == e["evidence"]) if e["evidence"] is not None
                    else t.project_events.c.evidence.is_(None))).first()
                if dup is None:
                    _insert_event(store, conn, after, e["date"], e["status"], e["evidence"], e["note"], source,
                                  u.line, user)
                    events += 1
    return len(changed), events


def dump_queries(plan_id: str) -> dict[str, Any]:
    """Queries of the library's tables for Store.dump_plan (ordered by primary key)."""
    project_ids = select(t.projects.c.id).where(t.projects.c.plan_id == plan_id)
    return {
        "project_mentions": select(t.project_mentions).where(t.project_mentions.c.project_id.in_(project_ids))
        .order_by(t.project_mentions.c.id),
        "project_events": select(t.project_events).where(t.project_events.c.project_id.in_(project_ids))
        .order_by(t.project_events.c.id),
        "project_links": select(t.project_links).where(t.project_links.c.project_id.in_(project_ids))
        .order_by(t.project_links.c.id),
    }



class ProjectsMixin(StoreBase):
    """Store methods for the project library's rows."""

    def list_projects(self, plan_id: str) -> list[ProjectInfo]:
        """The plan's projects, ordered by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.projects).where(t.projects.c.plan_id == plan_id)
                                .order_by(t.projects.c.id)).mappings().all()
        return [project_record(r) for r in rows]

    def add_project(self, plan_id: str, *, name: str, user: str, full_name: str | None = None,
                    action: str | None = None, category: str | None = None, box: str | None = None,
                    article: str | None = None, places: Sequence[str] = (), start: int | None = None,
                    end: int | None = None, quote: str | None = None, status: str = "规划",
                    version: int | None = None) -> ProjectInfo:
        """Add one project (the projects extractor calls this per project). Audited."""
        if status not in PROJECT_STATUSES:
            raise InputError("status", f"项目状态应为 {' / '.join(PROJECT_STATUSES)}，收到“{status}”")
        from guihua.extraction.links import project_key

        with self.atomic() as conn:
            v = version_row(conn, plan_id, version)
            stamp = now()
            new_id = conn.execute(insert(t.projects).values(
                plan_id=plan_id, version_id=v.id, name=name, full_name=full_name, action=action, category=category,
                box=box, article=article, places_json=dumps(list(places)), start_offset=start, end_offset=end,
                quote=quote, status=status, created_at=stamp, row_version=1,
                key=project_key(full_name or name)).returning(t.projects.c.id)).scalar_one()
            audit(conn, plan_id, user, "create", "project", new_id, None, None, {"name": name, "status": status},
                        at=stamp)
            row = conn.execute(select(t.projects).where(t.projects.c.id == new_id)).mappings().one()
            return project_record(row)

    def set_project_status(self, project_id: int, status: str, *, user: str,
                           expected_version: int | None = None) -> ProjectInfo:
        """Change a project's status (规划/前期/在建/建成/停缓建); audited; ConflictError when stale."""
        if status not in PROJECT_STATUSES:
            raise InputError("status", f"项目状态应为 {' / '.join(PROJECT_STATUSES)}，收到“{status}”")
        with self.atomic() as conn:
            row = conn.execute(select(t.projects).where(t.projects.c.id == project_id)).mappings().first()
            if row is None:
                raise InputError("project", f"没有编号为 {project_id} 的项目")
            p = project_record(row)
            if p.status == status:
                return p
            update_row(conn, t.projects, t.projects.c.id, project_id, p.row_version, expected_version,
                             {"status": status}, plan_id=p.plan_id, user=user, action="update", entity="project",
                             old={"status": p.status})
            return project_record(conn.execute(select(t.projects).where(t.projects.c.id == project_id)).mappings().one())

