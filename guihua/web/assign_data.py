"""The 责任分工 page and its /api twin: every indicator, target and project of a plan with its 牵头 and
配合 units, filtered by chapter and domain (one data function for both, as guihua.web.data does)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from guihua.errors import InputError
from guihua.store.assignables import PlanScope, heading
from guihua.store.repository import Store
from guihua.web.records import NotFound
from guihua.web.routes import site

ENTITY_LABELS = {"indicator": "指标", "target": "目标", "project": "项目"}


def store_of(request: Request) -> Store:
    """The store behind the app's backend (guihua.web.store_backend.StoreBackend)."""
    store = getattr(site(request).backend, "store", None)
    if not isinstance(store, Store):
        raise RuntimeError("责任分工需要数据库后端（StoreBackend）")
    return store


def _chapter_of(scope: PlanScope, node_key: str | None) -> str:
    heads = [heading(n) for n in scope.ancestors(node_key) if n.kind in ("part", "chapter")]
    return heads[-1] if heads else ""


def item(scope: PlanScope, a: Any, lead: str | None, co: tuple[str, ...]) -> dict[str, Any]:
    return {"entity": a.entity, "entity_id": a.entity_id, "entity_label": ENTITY_LABELS[a.entity],
            "name": a.name, "text": a.quote if a.entity == "target" else "", "chapter": _chapter_of(scope, a.node_key),
            "domain": a.domain, "lead": lead, "co": list(co)}


def responsibility_table(store: Store, plan_id: str, chapter: str | None = None, domain: str | None = None,
                         entity: str | None = None) -> dict[str, Any]:
    """Every assignable entity with its units (filtered), the filters' choices and the managed unit list."""
    plan = store.get_plan(plan_id)
    scope = store.assignables(plan_id)
    units = store.responsibilities(plan_id)
    items = scope.items
    errors: dict[str, str] = {}
    if chapter:
        try:
            items = scope.in_chapter(chapter)
        except InputError as exc:
            errors["chapter"], items = exc.reason, []
    if domain:
        keep = {(a.entity, a.entity_id) for a in scope.with_domain(domain)}
        items = [a for a in items if (a.entity, a.entity_id) in keep]
    if entity:
        items = [a for a in items if a.entity == entity]
    rows = []
    for a in items:
        r = units.get((a.entity, a.entity_id))
        rows.append(item(scope, a, r.lead if r else None, r.co if r else ()))
    assigned = sum(1 for k, r in units.items() if r.lead)
    return {
        "plan": {"id": plan.id, "title": plan.title},
        "filters": {"chapter": chapter, "domain": domain, "entity": entity},
        "filter_errors": errors,
        "chapters": [{"key": n.key, "title": heading(n)} for n in scope.chapters()],
        "domains": scope.domains(),
        "units": [{"name": n, "kind": k} for n, k in store.list_units()],
        "count": len(rows), "assigned": assigned, "total": len(scope.items),
        "items": rows,
    }


def one_item(store: Store, plan_id: str, entity: str, entity_id: int) -> dict[str, Any]:
    """One entity of the plan with its units; NotFound (404) when the plan has no such entity."""
    scope = store.assignables(plan_id)
    a = next((a for a in scope.items if a.entity == entity and a.entity_id == entity_id), None)
    if a is None:
        raise NotFound(ENTITY_LABELS.get(entity, entity), f"{plan_id}/{entity_id}")
    r = store.responsibilities(plan_id).get((entity, entity_id))
    return item(scope, a, r.lead if r else None, r.co if r else ())
