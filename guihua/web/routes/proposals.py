"""Proposed actuals (read by `guihua import-report` from a 统计公报 or 政府工作报告): review and accept.

The page and its JSON twin come from one data function (`proposals_data`); accepting writes the
actual value through the store's import, the same checks as every other input.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import ConflictError, InputError
from guihua.store.actuals import ActualsError
from guihua.web.errors import conflict_message, conflict_response
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import MAX_ID, MAX_VERSION, PlanId, RowId, version_field
from guihua.web.routes import site, who

router = APIRouter()
STATES = ("待审核", "已接受", "已驳回")
StateParam = Literal["待审核", "已接受", "已驳回"] | None


class DecisionIn(BaseModel):
    action: Literal["accept", "reject"] = Field(description="accept（接受）或 reject（驳回）")
    expected_version: int = version_field("读取建议时的版本号 row_version（他人已处理或修改则 409）")
    indicator_id: int | None = Field(None, ge=1, le=MAX_ID, description="对应的规划指标编号（不填则用建议中的指标）")


class Conflict(Exception):
    """A decision refused because the proposal changed since it was read (409)."""

    def __init__(self, exc: ConflictError) -> None:
        super().__init__(conflict_message(exc))
        self.error = exc


def proposals_data(request: Request, plan: str, state: str) -> dict[str, Any]:
    backend = site(request).backend
    everything = backend.proposals(plan)
    counts = {s: sum(1 for p in everything if p["state"] == s) for s in STATES}
    rows = [p for p in everything if p["state"] == state]
    return {"plan": backend.plan(plan).to_dict(), "state": state, "states": list(STATES), "counts": counts,
            "count": len(rows), "proposals": rows}


def _state(state: str | None) -> str:
    if state and state not in STATES:
        raise InputError("state", f"审核状态应为 {' / '.join(STATES)} 之一，收到“{state}”")
    return state or STATES[0]


@router.get("/plans/{plan}/proposals", response_class=HTMLResponse, include_in_schema=False)
def proposals_page(request: Request, plan: PlanId, state: StateParam = None, done: str | None = None) -> HTMLResponse:
    data = proposals_data(request, plan, _state(state))
    choices = site(request).backend.indicator_choices(plan)
    return html_page(request, "proposals.html", {**data, "choices": choices, "done": done,
                                                 "error_id": None, "error": None, "conflict": None})


@router.get("/api/plans/{plan}/proposals", summary="待审核的实际值（由统计公报、政府工作报告读取）")
def proposals_api(request: Request, plan: PlanId, state: StateParam = None) -> dict[str, Any]:
    return proposals_data(request, plan, _state(state))


def _decide(request: Request, plan: str, proposal_id: str, action: str, name: str,
            indicator: str, version: int) -> str | None:
    """None when done, else the reason it was refused; Conflict when `version` is stale."""
    ind: int | None = None
    if indicator.strip():
        found = next((c["id"] for c in site(request).backend.indicator_choices(plan)
                      if str(c["id"]) == indicator.strip() or c["label"] == indicator.strip()), None)
        if found is None:
            return f"规划中没有指标“{indicator}”"
        ind = int(found)
    try:
        site(request).backend.decide_proposal(plan, proposal_id, action, name, indicator_id=ind,
                                              expected_version=version)
    except ActualsError as exc:
        return "；".join(p.reason for p in exc.details)
    except InputError as exc:
        return exc.reason
    except ConflictError as exc:
        raise Conflict(exc) from None
    return None


def _current(request: Request, plan: str, proposal_id: str) -> dict[str, Any]:
    return next(p for p in site(request).backend.proposals(plan) if str(p["id"]) == proposal_id)


@router.post("/plans/{plan}/proposals/{proposal_id}", include_in_schema=False)
def proposal_form(request: Request, plan: PlanId, proposal_id: RowId,
                  version: Annotated[int, Form(ge=0, le=MAX_VERSION)], action: Annotated[str, Form()] = "",
                  indicator: Annotated[str, Form()] = "") -> Response:
    """`version`: the proposal's version the page showed; decided or changed since: 409 and the page
    with the proposal as it is now."""
    pid = str(proposal_id)
    conflict = None
    try:
        error = _decide(request, plan, pid, action, who(request), indicator, version)
    except Conflict as exc:
        error, conflict = str(exc), _current(request, plan, pid)
    if error is None:
        return RedirectResponse(f"/plans/{plan}/proposals?done={pid}", status_code=303)
    data = proposals_data(request, plan, STATES[0])
    return html_page(request, "proposals.html", {**data, "choices": site(request).backend.indicator_choices(plan),
                                                 "done": None, "error_id": proposal_id, "error": error,
                                                 "conflict": conflict}, status=422 if conflict is None else 409)


@router.post("/api/plans/{plan}/proposals/{proposal_id}", responses=documented(409),
             summary="接受或驳回一条实际值建议（须带读取时的版本号；接受时经过与导入相同的校验）")
def proposal_api(request: Request, plan: PlanId, proposal_id: RowId, body: DecisionIn) -> Response:
    pid = str(proposal_id)
    try:
        error = _decide(request, plan, pid, body.action, who(request),
                        "" if body.indicator_id is None else str(body.indicator_id), body.expected_version)
    except Conflict as exc:
        return conflict_response(request, exc.error, _current(request, plan, pid))
    if error is not None:
        return JSONResponse({"error": "参数有误", "detail": error, "problems": [{"field": "proposal", "reason": error}]},
                            status_code=422)
    return JSONResponse(_current(request, plan, pid))
