"""Search across plan text, targets and indicators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from guihua.web.pages import html_page
from guihua.web.params import LINE_PATTERN, PLAN_ID_PATTERN
from guihua.web.routes import site

router = APIRouter()
Q = Annotated[str, Query(min_length=1, max_length=100, pattern=LINE_PATTERN,
                         description="查询词（中文子串或词，空格分隔表示同时出现；不能含控制字符）")]
Plan = Annotated[str | None, Query(pattern=PLAN_ID_PATTERN, description="只搜这个规划")]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, q: Annotated[str, Query(max_length=100, pattern=LINE_PATTERN)] = "", plan: Plan = None,
                limit: Limit = 50) -> HTMLResponse:
    data = site(request).search(q, plan, limit) if q.strip() else {"q": q, "plan": plan, "count": 0, "results": []}
    return html_page(request, "search.html", data)


@router.get("/api/search", summary="搜索规划原文、目标与指标（排序，命中处高亮）")
def search_api(request: Request, q: Q, plan: Plan = None, limit: Limit = 50) -> dict[str, Any]:
    return site(request).search(q, plan, limit)
