"""责任分工 (目标责任制): the table of indicators, targets and projects with their 牵头 and 配合 units, bulk
assignment by chapter or domain, single edits (409 when the units read are no longer the current ones),
the 分工方案 table upload (every bad row listed, nothing written), and the 任务分工方案 as DOCX/XLSX.
规划办 and administrators write (Permission.EDIT_INDICATOR); every account may read.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from guihua.errors import ConflictError, InputError, RowErrors
from guihua.store.assignment_in import split_units
from guihua.web.assign_data import one_item, responsibility_table, store_of
from guihua.web.errors import conflict_message, conflict_response, error_response
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import LINE_PATTERN, PlanId, QueryText, RowId
from guihua.web.routes import site, who

router = APIRouter()
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MAX_UPLOAD = 8 * 1024 * 1024
UnitName = Annotated[str, Field(min_length=1, max_length=40, pattern=LINE_PATTERN)]


class Entity(StrEnum):
    INDICATOR = "indicator"
    TARGET = "target"
    PROJECT = "project"


EntityFilter = Annotated[Literal["indicator", "target", "project", ""] | None,
                         Query(description="只看一类：indicator 指标、target 目标、project 项目（空：全部）")]
Format = Annotated[Literal["docx", "xlsx"], Query(description="docx（Word）或 xlsx（Excel）")]


class Assignment(BaseModel):
    lead: UnitName | None = Field(None, description="牵头单位（一个；空：取消分工）")
    co: list[UnitName] = Field(default_factory=list, max_length=30, description="配合单位")
    expected_lead: UnitName | None = Field(None, description="读取时的牵头单位（已被他人修改则 409）")
    expected_co: list[UnitName] = Field(default_factory=list, max_length=30, description="读取时的配合单位")


class BulkAssignment(BaseModel):
    chapter: str | None = Field(None, max_length=200, pattern=LINE_PATTERN,
                                description="章节：结构树节点的键或标题（与 domain 二选一）")
    domain: str | None = Field(None, max_length=100, pattern=LINE_PATTERN, description="领域（与 chapter 二选一）")
    lead: UnitName = Field(..., description="牵头单位（一个）")
    co: list[UnitName] = Field(default_factory=list, max_length=30, description="配合单位")


def _check_plan(request: Request, plan: str) -> None:
    site(request).backend.plan(plan)  # NotFound (404) for an unknown plan


def _page(request: Request, plan: str, chapter: str | None = None, domain: str | None = None,
          entity: str | None = None, status: int = 200, **extra: Any) -> HTMLResponse:
    _check_plan(request, plan)
    data = responsibility_table(store_of(request), plan, chapter or None, domain or None, entity or None)
    data.update({"errors": {}, "problems": [], "saved": request.query_params.get("saved"), **extra})
    return html_page(request, "assign.html", data, status=status, cache=False)


@router.get("/plans/{plan}/responsibilities", response_class=HTMLResponse, include_in_schema=False)
def responsibilities_page(request: Request, plan: PlanId, chapter: QueryText = None, domain: QueryText = None,
                          entity: EntityFilter = None) -> HTMLResponse:
    return _page(request, plan, chapter, domain, entity or None)


@router.get("/api/plans/{plan}/responsibilities",
            summary="责任分工：每个指标、目标、项目的牵头单位与配合单位（可按章节、领域、类别筛选），及单位名录")
def responsibilities_api(request: Request, plan: PlanId, chapter: QueryText = None, domain: QueryText = None,
                         entity: EntityFilter = None) -> dict[str, Any]:
    _check_plan(request, plan)
    return responsibility_table(store_of(request), plan, chapter or None, domain or None, entity or None)


def _back(plan: str, **query: str) -> str:
    q = {k: v for k, v in query.items() if v}
    return f"/plans/{quote(plan)}/responsibilities" + (f"?{urlencode(q)}" if q else "")


@router.post("/plans/{plan}/responsibilities/bulk", include_in_schema=False)
def bulk_form(request: Request, plan: PlanId, lead: Annotated[str, Form(max_length=40)],
              by: Annotated[Literal["chapter", "domain"], Form()] = "chapter",
              chapter: Annotated[str, Form(max_length=200)] = "", domain: Annotated[str, Form(max_length=100)] = "",
              co: Annotated[str, Form(max_length=1000)] = "") -> Response:
    _check_plan(request, plan)
    try:
        done = store_of(request).assign_bulk(plan, lead, split_units(co), user=who(request),
                                             chapter=chapter if by == "chapter" else None,
                                             domain=domain if by == "domain" else None)
    except InputError as exc:
        return _page(request, plan, status=422, errors={"bulk": exc.reason},
                     form={"by": by, "chapter": chapter, "domain": domain, "lead": lead, "co": co})
    return RedirectResponse(_back(plan, saved=str(len(done)), chapter=chapter if by == "chapter" else "",
                                  domain=domain if by == "domain" else ""), status_code=303)


@router.post("/plans/{plan}/responsibilities/{entity}/{entity_id}", include_in_schema=False)
def edit_form(request: Request, plan: PlanId, entity: Entity, entity_id: RowId,
              lead: Annotated[str, Form(max_length=40)] = "", co: Annotated[str, Form(max_length=1000)] = "",
              expected_lead: Annotated[str, Form(max_length=40)] = "",
              expected_co: Annotated[str, Form(max_length=1000)] = "",
              chapter: Annotated[str, Form(max_length=200)] = "",
              domain: Annotated[str, Form(max_length=100)] = "") -> Response:
    """`expected_lead`/`expected_co`: the units the page showed (changed meanwhile: 409 with the current ones)."""
    _check_plan(request, plan)
    one_item(store_of(request), plan, entity.value, entity_id)  # 404 for an entity of another plan
    try:
        store_of(request).assign(entity.value, entity_id, lead, split_units(co), user=who(request),
                                 expected=(expected_lead, split_units(expected_co)))
    except ConflictError as exc:
        return _page(request, plan, chapter, domain, status=409, errors={"conflict": conflict_message(exc)})
    except InputError as exc:
        return _page(request, plan, chapter, domain, status=422, errors={"edit": exc.reason})
    return RedirectResponse(_back(plan, saved="1", chapter=chapter, domain=domain) + f"#{entity.value}-{entity_id}",
                            status_code=303)


async def _upload(request: Request, file: UploadFile) -> tuple[str, bytes]:
    from guihua.names import escape_control

    name = escape_control(file.filename or "分工方案").replace("/", "_").replace("\\", "_")[:200] or "分工方案"
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InputError(name, f"文件超过 {MAX_UPLOAD // (1024 * 1024)} MB")
    return name, data


@router.post("/plans/{plan}/responsibilities/upload", include_in_schema=False)
async def upload_form(request: Request, plan: PlanId, file: UploadFile) -> Response:
    await run_in_threadpool(_check_plan, request, plan)
    try:
        name, data = await _upload(request, file)
        done = await run_in_threadpool(store_of(request).import_assignments, plan, name, data, user=who(request))
    except RowErrors as exc:
        problems, message = exc.lines(), str(exc)
    except InputError as exc:
        problems, message = [], str(exc)
    else:
        return RedirectResponse(_back(plan, saved=str(len(done))), status_code=303)
    return await run_in_threadpool(lambda: _page(request, plan, status=422, problems=problems,
                                                 errors={"upload": message}))


# ---------------------------------------------------------------------------------------------- /api

@router.put("/api/plans/{plan}/responsibilities/{entity}/{entity_id}", responses=documented(409),
            summary="修改一项的牵头单位与配合单位（须带读取时的 expected_lead/expected_co；已被他人修改则 409；记入审计日志）")
def edit_api(request: Request, plan: PlanId, entity: Entity, entity_id: RowId, body: Assignment) -> Response:
    _check_plan(request, plan)
    store = store_of(request)
    one_item(store, plan, entity.value, entity_id)
    try:
        store.assign(entity.value, entity_id, body.lead, body.co, user=who(request),
                     expected=(body.expected_lead, body.expected_co))
    except ConflictError as exc:
        return conflict_response(request, exc, one_item(store, plan, entity.value, entity_id))
    return JSONResponse(one_item(store, plan, entity.value, entity_id))


@router.post("/api/plans/{plan}/responsibilities/bulk",
             summary="批量分工：章节（或领域）中的全部指标、目标与项目指定同一牵头单位与配合单位（一个事务，逐项记入审计日志）")
def bulk_api(request: Request, plan: PlanId, body: BulkAssignment) -> dict[str, Any]:
    _check_plan(request, plan)
    done = store_of(request).assign_bulk(plan, body.lead, body.co, user=who(request), chapter=body.chapter,
                                         domain=body.domain)
    return {"count": len(done), "items": [{"entity": r.entity, "entity_id": r.entity_id, "lead": r.lead,
                                           "co": list(r.co)} for r in done]}


@router.post("/api/plans/{plan}/responsibilities/import",
             summary="导入分工方案表（CSV/XLSX：指标或任务、牵头单位、配合单位）；有误的行逐一列出（422），不写入任何数据")
async def import_api(request: Request, plan: PlanId, file: UploadFile) -> Response:
    await run_in_threadpool(_check_plan, request, plan)
    name, data = await _upload(request, file)
    try:
        done = await run_in_threadpool(store_of(request).import_assignments, plan, name, data, user=who(request))
    except RowErrors as exc:
        return error_response(request, 422, "分工方案有误", str(exc),
                              [{"field": f"{exc.path}:{line}", "reason": reason} for line, reason in exc.problems])
    return JSONResponse({"count": len(done), "items": [{"entity": r.entity, "entity_id": r.entity_id,
                                                        "lead": r.lead, "co": list(r.co)} for r in done]})


def _division_file(request: Request, plan: str, fmt: str) -> Response:
    from guihua.reports.division import division
    from guihua.reports.division_docx import render_division_docx
    from guihua.reports.division_xlsx import render_division_xlsx

    _check_plan(request, plan)
    d = division(store_of(request), plan)
    body = render_division_docx(d, dt.date.today().isoformat()) if fmt == "docx" else render_division_xlsx(d)
    filename = f"{plan}-分工方案.{fmt}"
    return Response(body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"{plan}-division.{fmt}\"; filename*=UTF-8''{quote(filename)}"})


_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {m: {} for m in MEDIA.values()}, "description": "任务分工方案文件"}}


@router.get("/plans/{plan}/division", response_class=Response, include_in_schema=False)
def division_page_file(request: Request, plan: PlanId, format: Format = "docx") -> Response:
    return _division_file(request, plan, format)


@router.get("/api/plans/{plan}/division", response_class=Response, responses=_FILE_RESPONSES,
            summary="下载任务分工方案（format=docx 或 xlsx）：按篇章分组，未明确责任单位的列于末尾")
def division_api(request: Request, plan: PlanId, format: Format = "docx") -> Response:
    return _division_file(request, plan, format)
