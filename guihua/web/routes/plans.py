"""Plans list, plan overview, targets, one target, and the reader."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from guihua.errors import InputError
from guihua.store.repository import Store
from guihua.web.errors import reason
from guihua.web.pages import html_page
from guihua.web.params import PlanId, RowId, line, text
from guihua.web.records import NotFound
from guihua.web.routes import StatusParam, site, who

router = APIRouter()
Year = Annotated[int | None, Query(ge=1949, le=2100, description="评估年份（默认：规划期末或去年）")]


@router.get("/", include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    return html_page(request, "plans.html", site(request).plans())


@router.get("/plans", include_in_schema=False)
def plans_page() -> RedirectResponse:
    return RedirectResponse("/", status_code=307)


@router.get("/api/plans", summary="规划列表（含各状态目标数）")
def plans_api(request: Request) -> dict[str, Any]:
    return site(request).plans()


@router.get("/plans/{plan}", response_class=HTMLResponse, include_in_schema=False)
def overview_page(request: Request, plan: PlanId, year: Year = None) -> HTMLResponse:
    return html_page(request, "overview.html", site(request).plan_overview(plan, year))


@router.get("/api/plans/{plan}", summary="规划概览：按状态、领域、章统计")
def overview_api(request: Request, plan: PlanId, year: Year = None) -> dict[str, Any]:
    return site(request).plan_overview(plan, year)


@router.get("/plans/{plan}/targets", response_class=HTMLResponse, include_in_schema=False)
def targets_page(request: Request, plan: PlanId, year: Year = None, status: StatusParam | None = None) -> HTMLResponse:
    data = site(request).targets(plan, year, status.value if status else None)
    return html_page(request, "targets.html", data)


@router.get("/api/plans/{plan}/targets", summary="全部目标与基期值（含完成状态）")
def targets_api(request: Request, plan: PlanId, year: Year = None, status: StatusParam | None = None) -> dict[str, Any]:
    return site(request).targets(plan, year, status.value if status else None)


@router.get("/plans/{plan}/targets/{target_id}", response_class=HTMLResponse, include_in_schema=False)
def target_page(request: Request, plan: PlanId, target_id: RowId, year: Year = None) -> HTMLResponse:
    return html_page(request, "target.html", site(request).target(plan, str(target_id), year))


@router.get("/api/plans/{plan}/targets/{target_id}", summary="一个目标：记录、原文位置、修改历史")
def target_api(request: Request, plan: PlanId, target_id: RowId, year: Year = None) -> dict[str, Any]:
    return site(request).target(plan, str(target_id), year)


@router.get("/plans/{plan}/read", response_class=HTMLResponse, include_in_schema=False)
def reader_page(request: Request, plan: str) -> HTMLResponse:
    s = site(request)
    data = s.reader(plan)
    return html_page(request, "reader.html", {**data, "text_html": s.reader_html(data)})


@router.get("/api/plans/{plan}/read", summary="阅读器：结构树、全文与每个目标的原文位置")
def reader_api(request: Request, plan: str) -> dict[str, Any]:
    return site(request).reader(plan)


class MilestoneEventBody(BaseModel):
    date: str = line(20, "日期 YYYY-MM-DD")
    outcome: str = line(10, "完成 / 部分完成 / 未完成", default="完成")
    evidence: str = text(500, "证明材料（文件名、文号或公告）")
    source: str | None = line(200, "来源", default=None)


#: store argument names -> form field names (errors shown by the field)
_EVENT_FIELDS = {"--date": "date", "--outcome": "outcome", "--evidence": "evidence", "TARGET_ID": "outcome"}


def _record_event(request: Request, plan: str, target_id: int, body: MilestoneEventBody) -> None:
    """Record a milestone event through the store (audited); InputError names the field."""
    t = site(request).target(plan, str(target_id))["target"]
    store = getattr(site(request).backend, "store", None)
    if not isinstance(store, Store):
        raise NotFound("节点事件", str(target_id))
    if t.get("kind") != "milestone":
        raise InputError("TARGET_ID", f"目标 {target_id} 不是节点任务，不能记录节点事件")
    store.add_milestone_event(target_id, date=body.date.strip(), evidence=body.evidence.strip(),
                              user=who(request), outcome=body.outcome, source=(body.source or "").strip() or None)


@router.post("/api/plans/{plan}/targets/{target_id}/events", status_code=201, summary="记录节点任务的事件（完成/部分完成/未完成，记入审计日志）")
def target_event_api(request: Request, plan: PlanId, target_id: RowId, body: MilestoneEventBody) -> Response:
    try:
        _record_event(request, plan, target_id, body)
    except InputError as exc:
        field = _EVENT_FIELDS.get(exc.where, exc.where)
        return JSONResponse({"error": "参数有误", "detail": exc.reason,
                             "problems": [{"field": field, "reason": exc.reason}]}, status_code=422)
    return JSONResponse(site(request).target(plan, str(target_id)), status_code=201)


@router.post("/plans/{plan}/targets/{target_id}/events", include_in_schema=False)
def target_event_form(request: Request, plan: PlanId, target_id: RowId, date: Annotated[str, Form()] = "",
                      outcome: Annotated[str, Form()] = "完成", evidence: Annotated[str, Form()] = "",
                      source: Annotated[str, Form()] = "") -> Response:
    form = {"date": date[:20], "outcome": outcome[:10], "evidence": evidence[:500], "source": source[:200]}
    try:
        body = MilestoneEventBody(**form)
    except ValidationError as exc:  # e.g. a control character: the field's message, as for the store's refusals
        errors = {str(e["loc"][0]): reason(dict(e)) for e in exc.errors()}
        data = site(request).target(plan, str(target_id))
        return html_page(request, "target.html", {**data, "form": form, "errors": errors}, status=422)
    try:
        _record_event(request, plan, target_id, body)
    except InputError as exc:
        data = site(request).target(plan, str(target_id))
        return html_page(request, "target.html", {**data, "form": form,
                                                  "errors": {_EVENT_FIELDS.get(exc.where, exc.where): exc.reason}},
                         status=422)
    return RedirectResponse(f"/plans/{plan}/targets/{target_id}?saved=1#events", status_code=303)
