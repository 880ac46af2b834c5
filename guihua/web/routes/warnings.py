"""目标责任制 pages: 预警 list, annual targets (edit one cell as 规划办), annual monitoring of a year, 考核
scorecards with XLSX download; each with its /api twin (thin routes over guihua.web.warnings_data)."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import ConflictError, InputError
from guihua.web import warnings_data as wd
from guihua.web.errors import conflict_message, conflict_response
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import MAX_VERSION, PlanId, QueryText, RowId, version_field
from guihua.web.routes import site, who
from guihua.web.routes.plans import Year

router = APIRouter()
Level = Annotated[Literal["red", "yellow", "grey"] | None, Query(description="预警等级：red 红、yellow 黄、grey 灰")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --------------------------------------------------------------------------- 预警

@router.get("/plans/{plan}/warnings", response_class=HTMLResponse, include_in_schema=False)
def warnings_page(request: Request, plan: PlanId, year: Year = None, level: Level = None,
                  unit: QueryText = None) -> HTMLResponse:
    # not kept in the page cache: a round's deadline passes without any write (grey warnings change by the day)
    return html_page(request, "warnings.html", wd.warnings_page(site(request), plan, year, level, unit), cache=False)


@router.get("/api/plans/{plan}/warnings",
            summary="预警清单：等级（red/yellow/grey）、类型、目标、指标、牵头单位、原因（预计难以完成另有预计值）")
def warnings_api(request: Request, plan: PlanId, year: Year = None, level: Level = None,
                 unit: QueryText = None) -> dict[str, Any]:
    return wd.warnings_page(site(request), plan, year, level, unit)


# --------------------------------------------------------------------------- 年度目标

@router.get("/plans/{plan}/annual-targets", response_class=HTMLResponse, include_in_schema=False)
def annual_targets_page(request: Request, plan: PlanId) -> HTMLResponse:
    return html_page(request, "annual_targets.html", wd.annual_targets_page(site(request), plan))


@router.get("/api/plans/{plan}/annual-targets", summary="年度目标：每个量化目标在规划期各年的目标值与方法（直线、复合增长、规划办设定）")
def annual_targets_api(request: Request, plan: PlanId) -> dict[str, Any]:
    return wd.annual_targets_page(site(request), plan)


class AnnualTargetEdit(BaseModel):
    expected_version: int = version_field("读取年度目标时的版本号 row_version（他人已修改则 409）")
    value: float = Field(..., ge=-1e15, le=1e15, description="年度目标值（目标的单位）")


def _parse_value(text: str) -> float | None:
    try:
        v = float(text.strip().replace(",", "").replace("，", ""))
    except ValueError:
        return None
    return v if math.isfinite(v) and abs(v) <= 1e15 else None


@router.post("/plans/{plan}/annual-targets/{annual_id}", include_in_schema=False)
def annual_target_form(request: Request, plan: PlanId, annual_id: RowId,
                       version: Annotated[int, Form(ge=0, le=MAX_VERSION)],
                       value: Annotated[str, Form(max_length=40)] = "") -> Response:
    """规划办 sets one annual target (a stale `version`: 409 with the current table)."""
    s = site(request)
    wd.annual_target(s, plan, annual_id)
    parsed = _parse_value(value)
    error, status = "", 422
    if parsed is None:
        error = f"年度目标应为数值，收到“{value}”"
    else:
        try:
            wd.store_of(s).set_annual_target(annual_id, parsed, user=who(request), expected_version=version)
        except ConflictError as exc:
            error, status = conflict_message(exc), 409
        except InputError as exc:
            error = exc.reason
    if error:
        data = wd.annual_targets_page(s, plan)
        return html_page(request, "annual_targets.html", {**data, "error": error, "error_id": annual_id},
                         status=status)
    return RedirectResponse(f"/plans/{plan}/annual-targets?saved={annual_id}#a-{annual_id}", status_code=303)


@router.put("/api/plans/{plan}/annual-targets/{annual_id}", responses=documented(409),
            summary="修改一个年度目标（规划办；须带读取时的版本号；方法改为“规划办设定”，记入审计日志）")
def annual_target_api(request: Request, plan: PlanId, annual_id: RowId, body: AnnualTargetEdit) -> Response:
    s = site(request)
    wd.annual_target(s, plan, annual_id)
    try:
        a = wd.store_of(s).set_annual_target(annual_id, body.value, user=who(request),
                                             expected_version=body.expected_version)
    except ConflictError as exc:
        return conflict_response(request, exc, wd.annual_cell(wd.annual_target(s, plan, annual_id)))
    return JSONResponse(wd.annual_cell(a))


# --------------------------------------------------------------------------- 年度监测

@router.get("/plans/{plan}/annual", response_class=HTMLResponse, include_in_schema=False)
def annual_page(request: Request, plan: PlanId, year: Year = None) -> HTMLResponse:
    return html_page(request, "annual.html", wd.annual_page(site(request), plan, year))


@router.get("/api/plans/{plan}/annual", summary="年度监测：各目标当年实际值对照当年年度目标（完成情况、差距、进度比）")
def annual_api(request: Request, plan: PlanId, year: Year = None) -> dict[str, Any]:
    return wd.annual_page(site(request), plan, year)


# --------------------------------------------------------------------------- 考核

@router.get("/plans/{plan}/scorecard", response_class=HTMLResponse, include_in_schema=False)
def scorecard_page(request: Request, plan: PlanId, year: Year = None) -> HTMLResponse:
    return html_page(request, "scorecard.html", wd.scorecard_page(site(request), plan, year), cache=False)


@router.get("/api/plans/{plan}/scorecard", summary="考核计分卡：各单位牵头指标的完成情况、填报及时性、项目进展")
def scorecard_api(request: Request, plan: PlanId, year: Year = None) -> dict[str, Any]:
    return wd.scorecard_page(site(request), plan, year)


@router.get("/plans/{plan}/scorecard.xlsx", response_class=Response, include_in_schema=False)
def scorecard_xlsx(request: Request, plan: PlanId, year: Year = None) -> Response:
    from urllib.parse import quote

    from guihua.monitoring.scorecard import scorecard_xlsx as to_xlsx

    s = site(request)
    year, cards = wd.scorecards(s, plan, year)
    body = to_xlsx(cards, s.backend.plan(plan).title, year)
    name = f"{plan}-{year}-scorecard.xlsx"
    return Response(body, media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename={name}; filename*=UTF-8''{quote(name)}"})
