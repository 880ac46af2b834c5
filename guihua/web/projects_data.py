"""Data of the project library pages and their JSON twins (one function per page, over a Store)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from guihua.gazetteer import region_for, region_named
from guihua.gazetteer.tiles import region_of, tiles
from guihua.store import projects_repo as pr
from guihua.store.project_proposals import list_proposals
from guihua.store.records import LINK_STATUSES, PROJECT_STATUSES, ProjectInfo
from guihua.store.repository import Store
from guihua.web.records import NotFound

TILE = 72  # px of one map tile
GAP = 6


def _plan(store: Store, plan_id: str) -> Any:
    if not store.has_plan(plan_id):
        raise NotFound("规划", plan_id)
    return store.get_plan(plan_id)


def _counties(store: Store, plan_id: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for m in pr.list_mentions(store, plan_id=plan_id):
        cs = out.setdefault(m.project_id, [])
        cs.extend(c for c in m.counties if c not in cs)
    return out


def _row(p: ProjectInfo, counties: list[str], links: int) -> dict[str, Any]:
    return {"id": p.id, "name": p.display_name, "category": p.category, "action": p.action, "status": p.status,
            "counties": counties, "box": p.box, "article": p.article, "start_year": p.start_year,
            "end_year": p.end_year, "investment": p.investment, "investment_unit": p.investment_unit,
            "responsible": p.responsible, "links": links, "url": f"/projects/{p.id}"}


def plan_region(plan: Any, counties: list[str]) -> str | None:
    """The gazetteer region of a plan: its region as stored ("衡阳市"), else the region its title
    names, else the one whose counties its projects lie in; None for a region without a gazetteer."""
    return region_for(plan.region) or region_named(plan.title or "") or region_of(counties)


def project_map(counts: dict[str, int], region: str | None) -> dict[str, Any]:
    """Tiles with their counts and positions for an inline SVG (no outside map data); no tiles when
    the plan's region has no map."""
    ts = tiles(region) if region else ()
    top = max(counts.values(), default=0)
    cells = []
    for t in ts:
        n = counts.get(t.name, 0)
        cells.append({"name": t.name, "label": t.label, "count": n, "x": t.col * (TILE + GAP),
                      "y": t.row * (TILE + GAP), "size": TILE,
                      "shade": round(0.15 + 0.85 * n / top, 2) if top and n else 0.04})
    width = (max((t.col for t in ts), default=0) + 1) * (TILE + GAP)
    height = (max((t.row for t in ts), default=0) + 1) * (TILE + GAP)
    return {"tiles": cells, "width": width, "height": height}


def project_library(store: Store, plan_id: str, *, category: str | None = None, county: str | None = None,
                    action: str | None = None, status: str | None = None) -> dict[str, Any]:
    """The plan's projects, filtered; counts per county (of the filtered set) and the options."""
    plan = _plan(store, plan_id)
    projects = store.list_projects(plan_id)
    counties = _counties(store, plan_id)
    links = Counter(lk.project_id for lk in pr.list_links(store, plan_id=plan_id, include_removed=False))
    chosen = [p for p in projects
              if (not category or p.category == category) and (not action or p.action == action)
              and (not status or p.status == status) and (not county or county in counties.get(p.id, []))]
    by_county: Counter[str] = Counter(c for p in chosen for c in counties.get(p.id, []))
    region = plan_region(plan, [c for cs in counties.values() for c in cs])
    return {
        "plan": {"id": plan.id, "title": plan.title, "region": plan.region},
        "filters": {"category": category, "county": county, "action": action, "status": status},
        "options": {
            "category": sorted({p.category for p in projects if p.category}),
            "county": [t.name for t in tiles(region)] if region else sorted({c for cs in counties.values() for c in cs}),
            "action": sorted({p.action for p in projects if p.action}),
            "status": list(PROJECT_STATUSES),
        },
        "total": len(projects),
        "count": len(chosen),
        "by_status": {s: sum(1 for p in chosen if p.status == s) for s in PROJECT_STATUSES},
        "by_county": dict(sorted(by_county.items(), key=lambda kv: (-kv[1], kv[0]))),
        "without_county": sum(1 for p in chosen if not counties.get(p.id)),
        "region": region,
        "map": project_map(dict(by_county), region),
        "projects": [_row(p, counties.get(p.id, []), links[p.id]) for p in chosen],
    }


def project_detail(store: Store, project_id: int) -> dict[str, Any]:
    """One project: mentions with quotes, status and history, events, linked targets."""
    try:
        p = pr.get_project(store, project_id)
    except Exception as exc:  # InputError: unknown id
        raise NotFound("项目", str(project_id)) from exc
    mentions = pr.list_mentions(store, project_id=project_id)
    indicators = {i.id: i for i in store.list_indicators(p.plan_id)}
    counties: list[str] = []
    for m in mentions:
        counties.extend(c for c in m.counties if c not in counties)
    audit = store.audit_log(entity="project", entity_id=project_id)
    return {
        "plan": {"id": p.plan_id},
        "project": {**_row(p, counties, 0), "full_name": p.full_name, "key": p.key, "note": p.note,
                    "row_version": p.row_version, "places": p.places},
        "statuses": list(PROJECT_STATUSES),
        "link_statuses": list(LINK_STATUSES),
        "mentions": [{"name": m.name, "full_name": m.full_name, "action": m.action, "category": m.category,
                      "box": m.box, "article": m.article, "places": m.places, "counties": m.counties,
                      "start": m.start, "end": m.end, "quote": m.quote, "node": m.node_key,
                      "confidence": m.confidence} for m in mentions],
        "events": [{"id": e.id, "date": e.date, "status": e.status, "evidence": e.evidence, "note": e.note,
                    "by": e.created_by, "at": e.created_at} for e in pr.list_events(store, project_id=project_id)],
        "links": [{"id": lk.id, "indicator_id": lk.indicator_id,
                   "indicator": indicators[lk.indicator_id].name if lk.indicator_id in indicators else None,
                   "indicator_key": indicators[lk.indicator_id].key if lk.indicator_id in indicators else None,
                   "status": lk.status, "reason": lk.reason, "decided_by": lk.decided_by,
                   "decided_at": lk.decided_at, "row_version": lk.row_version}
                  for lk in pr.list_links(store, project_id=project_id)],
        "history": [{"at": a.at, "user": a.user, "field": a.field, "old": a.old, "new": a.new} for a in audit],
        "proposals": [{"id": q.id, "source": q.source, "report_year": q.report_year, "event_year": q.event_year,
                       "name": q.display_name, "status": q.status, "status_phrase": q.status_phrase,
                       "quote": q.quote, "confidence": q.confidence, "reason": q.reason, "decision": q.decision}
                      for q in list_proposals(store, p.plan_id, project_id=project_id)],
    }


def indicator_projects(store: Store, plan_id: str, key: str) -> dict[str, Any]:
    """The projects linked (suggested or confirmed, not removed) to the indicator `key`."""
    _plan(store, plan_id)
    ind = next((i for i in store.list_indicators(plan_id) if i.key == key), None)
    if ind is None:
        raise NotFound("指标", key)
    return {"plan": {"id": plan_id}, "indicator": {"id": ind.id, "key": ind.key, "name": ind.name},
            "projects": linked_projects(store, plan_id, ind.id)}


def linked_projects(store: Store, plan_id: str, indicator_id: int) -> list[dict[str, Any]]:
    """Rows of the projects linked (not removed) to one indicator: confirmed first, then by name."""
    byid = {p.id: p for p in store.list_projects(plan_id)}
    counties = _counties(store, plan_id)
    rows = []
    for lk in pr.list_links(store, indicator_id=indicator_id, include_removed=False):
        p = byid.get(lk.project_id)
        if p is not None:
            rows.append({"id": p.id, "name": p.display_name, "status": p.status, "category": p.category,
                         "counties": counties.get(p.id, []), "link_id": lk.id, "link_status": lk.status,
                         "link_version": lk.row_version,
                         "reason": lk.reason, "url": f"/projects/{p.id}"})
    rows.sort(key=lambda r: (r["link_status"] != "已确认", r["name"]))
    return rows
