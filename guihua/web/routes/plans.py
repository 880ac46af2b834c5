"""Plans list, plan overview, targets, one target, and the reader."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from guihua.web.routes import StatusParam, site

router = APIRouter()
Year = Annotated[int | None, Query(ge=1949, le=2100, description="评估年份（默认：规划期末或去年）")]


@router.get("/", include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    from guihua.web.app import html_page

    return html_page(request, "plans.html", site(request).plans())


@router.get("/plans", include_in_schema=False)
def plans_page() -> RedirectResponse:
    return RedirectResponse("/", status_code=307)


@router.get("/api/plans", summary="规划列表（含各状态目标数）")
def plans_api(request: Request) -> dict[str, Any]:
    return site(request).plans()


@router.get("/plans/{plan}", response_class=HTMLResponse, include_in_schema=False)
def overview_page(request: Request, plan: str, year: Year = None) -> HTMLResponse:
    from guihua.web.app import html_page

    return html_page(request, "overview.html", site(request).plan_overview(plan, year))


@router.get("/api/plans/{plan}", summary="规划概览：按状态、领域、章统计")
def overview_api(request: Request, plan: str, year: Year = None) -> dict[str, Any]:
    return site(request).plan_overview(plan, year)


@router.get("/plans/{plan}/targets", response_class=HTMLResponse, include_in_schema=False)
def targets_page(request: Request, plan: str, year: Year = None, status: StatusParam | None = None) -> HTMLResponse:
    from guihua.web.app import html_page

    data = site(request).targets(plan, year, status.value if status else None)
    return html_page(request, "targets.html", data)


@router.get("/api/plans/{plan}/targets", summary="全部目标与基期值（含完成状态）")
def targets_api(request: Request, plan: str, year: Year = None, status: StatusParam | None = None) -> dict[str, Any]:
    return site(request).targets(plan, year, status.value if status else None)


@router.get("/plans/{plan}/targets/{target_id}", response_class=HTMLResponse, include_in_schema=False)
def target_page(request: Request, plan: str, target_id: str, year: Year = None) -> HTMLResponse:
    from guihua.web.app import html_page

    return html_page(request, "target.html", site(request).target(plan, target_id, year))


@router.get("/api/plans/{plan}/targets/{target_id}", summary="一个目标：记录、原文位置、修改历史")
def target_api(request: Request, plan: str, target_id: str, year: Year = None) -> dict[str, Any]:
    return site(request).target(plan, target_id, year)


@router.get("/plans/{plan}/read", response_class=HTMLResponse, include_in_schema=False)
def reader_page(request: Request, plan: str) -> HTMLResponse:
    from guihua.web.app import html_page

    s = site(request)
    data = s.reader(plan)
    return html_page(request, "reader.html", {**data, "text_html": s.reader_html(data)})


@router.get("/api/plans/{plan}/read", summary="阅读器：结构树、全文与每个目标的原文位置")
def reader_api(request: Request, plan: str) -> dict[str, Any]:
    return site(request).reader(plan)
