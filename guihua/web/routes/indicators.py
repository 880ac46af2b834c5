"""Indicator dashboard (filters, charts) and the indicator page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from guihua.web.routes import StatusParam, site
from guihua.web.routes.plans import Year

router = APIRouter()
Text = Annotated[str | None, Query(max_length=100)]


def _data(request: Request, plan: str, year: int | None, domain: str | None, status: StatusParam | None,
          department: str | None, chapter: str | None, attribute: str | None) -> dict[str, Any]:
    return site(request).indicators(plan, year, domain or None, status.value if status else None, department or None,
                                    chapter or None, attribute or None)


@router.get("/plans/{plan}/indicators", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, plan: str, year: Year = None, domain: Text = None,
                   status: StatusParam | None = None, department: Text = None, chapter: Text = None,
                   attribute: Text = None) -> HTMLResponse:
    from guihua.web.app import html_page

    data = _data(request, plan, year, domain, status, department, chapter, attribute)
    return html_page(request, "dashboard.html", data)


@router.get("/api/plans/{plan}/indicators", summary="指标看板：按领域、状态、部门、章、属性筛选")
def dashboard_api(request: Request, plan: str, year: Year = None, domain: Text = None,
                  status: StatusParam | None = None, department: Text = None, chapter: Text = None,
                  attribute: Text = None) -> dict[str, Any]:
    return _data(request, plan, year, domain, status, department, chapter, attribute)


@router.get("/plans/{plan}/indicators/{key}", response_class=HTMLResponse, include_in_schema=False)
def indicator_page(request: Request, plan: str, key: str, year: Year = None) -> HTMLResponse:
    from guihua.web.app import html_page

    return html_page(request, "indicator.html", site(request).indicator(plan, key, year))


@router.get("/api/plans/{plan}/indicators/{key}", summary="一个指标：目标、基期值、实际值与来源、冲突、可比性提示、修改历史")
def indicator_api(request: Request, plan: str, key: str, year: Year = None) -> dict[str, Any]:
    return site(request).indicator(plan, key, year)
