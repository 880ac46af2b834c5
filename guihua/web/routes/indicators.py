"""Indicator dashboard (filters, charts) and the indicator page."""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import ConflictError, InputError
from guihua.web.errors import conflict_message, conflict_response
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import LINE_PATTERN, MAX_VERSION, KeyText, PlanId, QueryText, version_field
from guihua.web.routes import StatusParam, site, who
from guihua.web.routes.plans import Year
from guihua.web.routes.rounds import pending_key, pending_of

router = APIRouter()
Text = QueryText


def _data(request: Request, plan: str, year: int | None, domain: str | None, status: StatusParam | None,
          department: str | None, chapter: str | None, attribute: str | None) -> dict[str, Any]:
    return site(request).indicators(plan, year, domain or None, status.value if status else None, department or None,
                                    chapter or None, attribute or None)


@router.get("/plans/{plan}/indicators", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, plan: PlanId, year: Year = None, domain: Text = None,
                   status: StatusParam | None = None, department: Text = None, chapter: Text = None,
                   attribute: Text = None) -> HTMLResponse:
    def page() -> dict[str, Any]:
        data = _data(request, plan, year, domain, status, department, chapter, attribute)
        return {**data, "pending": pending_of(request, plan, data["year"])}

    # of the data rounds the dashboard shows only the pending (submitted) values: a department typing
    # its figures does not make it render again
    return html_page(request, "dashboard.html", page, round_key=partial(pending_key, plan))


@router.get("/api/plans/{plan}/indicators", summary="指标看板：按领域、状态、部门、章、属性筛选")
def dashboard_api(request: Request, plan: PlanId, year: Year = None, domain: Text = None,
                  status: StatusParam | None = None, department: Text = None, chapter: Text = None,
                  attribute: Text = None) -> dict[str, Any]:
    data = _data(request, plan, year, domain, status, department, chapter, attribute)
    return {**data, "pending": pending_of(request, plan, data["year"])}


@router.get("/plans/{plan}/indicators/{key}", response_class=HTMLResponse, include_in_schema=False)
def indicator_page(request: Request, plan: PlanId, key: KeyText, year: Year = None) -> HTMLResponse:
    return html_page(request, "indicator.html", site(request).indicator(plan, key, year))


@router.get("/api/plans/{plan}/indicators/{key}", summary="一个指标：目标、基期值、实际值与来源、冲突、可比性提示、修改历史、相关项目")
def indicator_api(request: Request, plan: PlanId, key: KeyText, year: Year = None) -> dict[str, Any]:
    return site(request).indicator(plan, key, year)


ATTRIBUTES = ("约束性", "预期性")


class IndicatorEdit(BaseModel):
    expected_version: int = version_field("读取指标时的版本号（指标的 card.row_version；他人已修改则 409）")
    attribute: Literal["约束性", "预期性", "未指定", ""] | None = Field(
        None, description="约束性 / 预期性；未指定 或空：取消属性")
    departments: list[Annotated[str, Field(max_length=40, pattern=LINE_PATTERN)]] | None = Field(
        None, max_length=20, description="责任部门（最多 20 个）")
    is_main: bool | None = Field(None, description="是否主要指标（评估报告的主要指标完成情况表列出主要指标）")


def parse_edit(attribute: str | None, departments: str | list[str] | None,
               is_main: bool | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The changes to an indicator's attribute, departments and 主要指标 mark, and a message per bad field."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if is_main is not None:
        changes["is_main"] = is_main
    if attribute is not None:
        a = attribute.strip()
        if a in ("", "未指定"):
            changes["attribute"] = None
        elif a in ATTRIBUTES:
            changes["attribute"] = a
        else:
            errors["attribute"] = f"属性应为 约束性 或 预期性，收到“{a}”"
    if departments is not None:
        names = departments if isinstance(departments, list) else re.split(r"[,，、;；\s]+", departments)
        names = [n.strip() for n in names if n and n.strip()]
        if any(len(n) > 40 for n in names):
            errors["departments"] = "部门名称过长（最多 40 字）"
        elif len(names) > 20:
            errors["departments"] = "责任部门最多 20 个"
        else:
            changes["departments"] = list(dict.fromkeys(names))
    return changes, errors


@router.post("/plans/{plan}/indicators/{key}/edit", include_in_schema=False)
def indicator_edit_form(request: Request, plan: PlanId, key: KeyText,
                        version: Annotated[int, Form(ge=0, le=MAX_VERSION)],
                        attribute: Annotated[str, Form()] = "", departments: Annotated[str, Form()] = "",
                        is_main: Annotated[str, Form(max_length=3)] = "") -> Response:
    """`version`: the indicator's version the page showed (a stale one: 409, the page with the current values).
    `is_main`: the checkbox 主要指标 (sent as "1" when ticked, absent otherwise)."""
    changes, errors = parse_edit(attribute, departments, is_main=bool(is_main))
    status = 422
    if not errors:
        try:
            site(request).backend.update_indicator(plan, key, changes, who(request), expected_version=version)
        except ConflictError as exc:
            errors, status = {"conflict": conflict_message(exc)}, 409
        except InputError as exc:
            errors = {exc.where if exc.where in ("attribute", "departments") else "departments": exc.reason}
    if errors:
        data = site(request).indicator(plan, key)
        return html_page(request, "indicator.html", {**data, "errors": errors}, status=status)
    return RedirectResponse(f"/plans/{plan}/indicators/{quote(key)}?saved=1", status_code=303)


@router.post("/api/plans/{plan}/indicators/{key}", responses=documented(409),
             summary="修改指标的属性（约束性/预期性）、责任部门与是否主要指标（须带读取时的版本号；记入审计日志）")
def indicator_edit_api(request: Request, plan: PlanId, key: KeyText, body: IndicatorEdit) -> Response:
    changes, errors = parse_edit(body.attribute, body.departments, body.is_main)
    if not errors:
        try:
            site(request).backend.update_indicator(plan, key, changes, who(request),
                                                   expected_version=body.expected_version)
        except ConflictError as exc:
            return conflict_response(request, exc, site(request).indicator(plan, key)["card"])
        except InputError as exc:
            errors = {exc.where: exc.reason}
    if errors:
        return JSONResponse({"error": "参数有误", "detail": "；".join(errors.values()),
                             "problems": [{"field": f, "reason": r} for f, r in errors.items()]}, status_code=422)
    return JSONResponse(site(request).indicator(plan, key)["card"])
