"""Project library (filters, county map), project page (mentions, status, events, linked targets)
and their JSON twins; link confirm/remove and progress events (audited)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import ConflictError, InputError
from guihua.store import projects_repo as pr
from guihua.store.repository import Store
from guihua.web import projects_data as data
from guihua.web.errors import conflict_message, conflict_response
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import MAX_VERSION, KeyText, PlanId, QueryText, RowId, version_field
from guihua.web.records import NotFound
from guihua.web.routes import site, who

router = APIRouter()
Text = QueryText
Version = Annotated[int, Form(ge=0, le=MAX_VERSION)]


def store_of(request: Request) -> Store:
    store = getattr(site(request).backend, "store", None)
    if not isinstance(store, Store):
        raise NotFound("项目库", "（此后端不提供项目库）")
    return store


def _library(request: Request, plan: str, category: str | None, county: str | None, action: str | None,
             status: str | None) -> dict[str, Any]:
    return data.project_library(store_of(request), plan, category=category or None, county=county or None,
                                action=action or None, status=status or None)


@router.get("/plans/{plan}/projects", response_class=HTMLResponse, include_in_schema=False)
def library_page(request: Request, plan: PlanId, category: Text = None, county: Text = None, action: Text = None,
                 status: Text = None) -> HTMLResponse:
    d = _library(request, plan, category, county, action, status)
    return html_page(request, "projects.html", {**d, "active": "projects"})


@router.get("/api/plans/{plan}/projects", summary="项目库：按类别、县市区、动作、状态筛选；各县市区项目数")
def library_api(request: Request, plan: PlanId, category: Text = None, county: Text = None, action: Text = None,
                status: Text = None) -> dict[str, Any]:
    return _library(request, plan, category, county, action, status)


@router.get("/projects/{project_id}", response_class=HTMLResponse, include_in_schema=False)
def project_page(request: Request, project_id: RowId) -> HTMLResponse:
    d = data.project_detail(store_of(request), project_id)
    return html_page(request, "project.html", {**d, "plan": d["plan"]["id"], "active": "projects",
                                               "saved": request.query_params.get("saved")})


@router.get("/api/projects/{project_id}", summary="一个项目：规划原文中的提及、状态、进展与关联目标")
def project_api(request: Request, project_id: RowId) -> dict[str, Any]:
    return data.project_detail(store_of(request), project_id)


@router.get("/plans/{plan}/indicators/{key}/projects", response_class=HTMLResponse, include_in_schema=False)
def indicator_projects_page(request: Request, plan: PlanId, key: KeyText) -> HTMLResponse:
    d = data.indicator_projects(store_of(request), plan, key)
    return html_page(request, "indicator_projects.html", {**d, "active": "projects"})


@router.get("/api/plans/{plan}/indicators/{key}/projects", summary="为该指标服务的项目（建议或已确认的关联）")
def indicator_projects_api(request: Request, plan: PlanId, key: KeyText) -> dict[str, Any]:
    return data.indicator_projects(store_of(request), plan, key)


def _check_link(store: Store, project_id: int, link_id: int) -> dict[str, Any]:
    """The link as it is now (as the project page shows it); NotFound when not the project's."""
    link = next((lk for lk in pr.list_links(store, project_id=project_id) if lk.id == link_id), None)
    if link is None:
        raise NotFound("关联", str(link_id))
    return {"id": link.id, "project_id": link.project_id, "indicator_id": link.indicator_id, "status": link.status,
            "reason": link.reason, "decided_by": link.decided_by, "decided_at": link.decided_at,
            "row_version": link.row_version}


ACTIONS = {"confirm": "已确认", "remove": "已移除", "reopen": "建议"}


def _project_page(request: Request, store: Store, project_id: int, status: int, errors: dict[str, str]
                  ) -> HTMLResponse:
    d = data.project_detail(store, project_id)
    return html_page(request, "project.html", {**d, "plan": d["plan"]["id"], "active": "projects", "errors": errors},
                     status=status)


@router.post("/projects/{project_id}/links/{link_id}", include_in_schema=False)
def link_form(request: Request, project_id: RowId, link_id: RowId, action: Annotated[str, Form()],
              version: Version, back: Annotated[str, Form(alias="next", max_length=300)] = "") -> Response:
    """`version`: the link's version the page showed; changed since: 409 and the project page with
    the link as it is now."""
    store = store_of(request)
    _check_link(store, project_id, link_id)
    if action not in ACTIONS:
        raise InputError("action", f"操作应为 {' / '.join(ACTIONS)}")
    try:
        pr.decide_link(store, link_id, ACTIONS[action], user=who(request), expected_version=version)
    except ConflictError as exc:
        return _project_page(request, store, project_id, 409, {"conflict": conflict_message(exc)})
    # back to the page the decision was made on (the indicator page), only within this site
    local = back.startswith("/") and not back.startswith("//") and "\\" not in back
    return RedirectResponse(back if local else f"/projects/{project_id}?saved=1#links", status_code=303)


class LinkDecision(BaseModel):
    status: Literal["已确认", "已移除", "建议"] = Field(..., description="已确认 / 已移除 / 建议")
    expected_version: int = version_field("读取关联时的版本号 row_version（他人已修改则 409）")


@router.post("/api/projects/{project_id}/links/{link_id}", responses=documented(409),
             summary="确认或移除项目与指标的关联（须带读取时的版本号；记入审计日志）")
def link_api(request: Request, project_id: RowId, link_id: RowId, body: LinkDecision) -> Response:
    store = store_of(request)
    _check_link(store, project_id, link_id)
    try:
        link = pr.decide_link(store, link_id, body.status, user=who(request), expected_version=body.expected_version)
    except ConflictError as exc:
        return conflict_response(request, exc, _check_link(store, project_id, link_id))
    except InputError as exc:
        return JSONResponse({"error": "参数有误", "detail": exc.reason,
                             "problems": [{"field": exc.where, "reason": exc.reason}]}, status_code=422)
    return JSONResponse({"id": link.id, "status": link.status, "decided_by": link.decided_by,
                         "row_version": link.row_version})


@router.post("/projects/{project_id}/events", include_in_schema=False)
def event_form(request: Request, project_id: RowId, version: Version, date: Annotated[str, Form()] = "",
               status: Annotated[str, Form()] = "", evidence: Annotated[str, Form()] = "") -> Response:
    """A progress event; a new status edits the project, so `version` (the project's version the page
    showed) must still be current: otherwise 409 and the page with the project as it is now."""
    store = store_of(request)
    data.project_detail(store, project_id)  # 404 for an unknown project
    try:
        pr.add_event(store, project_id, date=date, status=status or None, evidence=evidence.strip() or None,
                     user=who(request), expected_version=version)
    except ConflictError as exc:
        return _project_page(request, store, project_id, 409, {"conflict": conflict_message(exc)})
    except InputError as exc:
        return _project_page(request, store, project_id, 422, {exc.where: exc.reason})
    return RedirectResponse(f"/projects/{project_id}?saved=1#events", status_code=303)
