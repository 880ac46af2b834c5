"""Project library (filters, county map), project page (mentions, status, events, linked targets)
and their JSON twins; link confirm/remove and progress events (audited)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import InputError
from guihua.store import projects_repo as pr
from guihua.store.repository import Store
from guihua.web import projects_data as data
from guihua.web.pages import html_page
from guihua.web.records import NotFound
from guihua.web.routes import site, who

router = APIRouter()
Text = Annotated[str | None, Query(max_length=100)]


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
def library_page(request: Request, plan: str, category: Text = None, county: Text = None, action: Text = None,
                 status: Text = None) -> HTMLResponse:
    d = _library(request, plan, category, county, action, status)
    return html_page(request, "projects.html", {**d, "active": "projects"})


@router.get("/api/plans/{plan}/projects", summary="项目库：按类别、县市区、动作、状态筛选；各县市区项目数")
def library_api(request: Request, plan: str, category: Text = None, county: Text = None, action: Text = None,
                status: Text = None) -> dict[str, Any]:
    return _library(request, plan, category, county, action, status)


@router.get("/projects/{project_id}", response_class=HTMLResponse, include_in_schema=False)
def project_page(request: Request, project_id: int) -> HTMLResponse:
    d = data.project_detail(store_of(request), project_id)
    return html_page(request, "project.html", {**d, "plan": d["plan"]["id"], "active": "projects",
                                               "saved": request.query_params.get("saved")})


@router.get("/api/projects/{project_id}", summary="一个项目：规划原文中的提及、状态、进展与关联目标")
def project_api(request: Request, project_id: int) -> dict[str, Any]:
    return data.project_detail(store_of(request), project_id)


@router.get("/plans/{plan}/indicators/{key}/projects", response_class=HTMLResponse, include_in_schema=False)
def indicator_projects_page(request: Request, plan: str, key: str) -> HTMLResponse:
    d = data.indicator_projects(store_of(request), plan, key)
    return html_page(request, "indicator_projects.html", {**d, "active": "projects"})


@router.get("/api/plans/{plan}/indicators/{key}/projects", summary="为该指标服务的项目（建议或已确认的关联）")
def indicator_projects_api(request: Request, plan: str, key: str) -> dict[str, Any]:
    return data.indicator_projects(store_of(request), plan, key)


def _check_link(store: Store, project_id: int, link_id: int) -> None:
    if not any(lk.id == link_id for lk in pr.list_links(store, project_id=project_id)):
        raise NotFound("关联", str(link_id))


ACTIONS = {"confirm": "已确认", "remove": "已移除", "reopen": "建议"}


@router.post("/projects/{project_id}/links/{link_id}", include_in_schema=False)
def link_form(request: Request, project_id: int, link_id: int, action: Annotated[str, Form()],
              back: Annotated[str, Form(alias="next", max_length=300)] = "") -> Response:
    store = store_of(request)
    _check_link(store, project_id, link_id)
    if action not in ACTIONS:
        raise InputError("action", f"操作应为 {' / '.join(ACTIONS)}")
    pr.decide_link(store, link_id, ACTIONS[action], user=who(request))
    # back to the page the decision was made on (the indicator page), only within this site
    local = back.startswith("/") and not back.startswith("//") and "\\" not in back
    return RedirectResponse(back if local else f"/projects/{project_id}?saved=1#links", status_code=303)


class LinkDecision(BaseModel):
    status: str = Field(..., max_length=10, description="已确认 / 已移除 / 建议")
    expected_version: int | None = None


@router.post("/api/projects/{project_id}/links/{link_id}", summary="确认或移除项目与指标的关联（记入审计日志）")
def link_api(request: Request, project_id: int, link_id: int, body: LinkDecision) -> Response:
    store = store_of(request)
    _check_link(store, project_id, link_id)
    try:
        link = pr.decide_link(store, link_id, body.status, user=who(request), expected_version=body.expected_version)
    except InputError as exc:
        return JSONResponse({"error": "参数有误", "detail": exc.reason,
                             "problems": [{"field": exc.where, "reason": exc.reason}]}, status_code=422)
    return JSONResponse({"id": link.id, "status": link.status, "decided_by": link.decided_by,
                         "row_version": link.row_version})


@router.post("/projects/{project_id}/events", include_in_schema=False)
def event_form(request: Request, project_id: int, date: Annotated[str, Form()] = "",
               status: Annotated[str, Form()] = "", evidence: Annotated[str, Form()] = "") -> Response:
    store = store_of(request)
    d = data.project_detail(store, project_id)
    try:
        pr.add_event(store, project_id, date=date, status=status or None, evidence=evidence.strip() or None,
                     user=who(request))
    except InputError as exc:
        return html_page(request, "project.html", {**d, "plan": d["plan"]["id"], "active": "projects",
                                                   "errors": {exc.where: exc.reason}}, status=422)
    return RedirectResponse(f"/projects/{project_id}?saved=1#events", status_code=303)
