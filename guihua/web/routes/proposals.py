"""Proposed actuals (read by `guihua import-report` from a 统计公报 or 政府工作报告): review and accept.

The page and its JSON twin come from one data function (`proposals_data`); accepting writes the
actual value through the store's import, the same checks as every other input.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import ConflictError, InputError
from guihua.store.actuals import ActualsError
from guihua.web.pages import html_page
from guihua.web.routes import site, who

router = APIRouter()
STATES = ("待审核", "已接受", "已驳回")


class DecisionIn(BaseModel):
    action: str = Field(description="accept（接受）或 reject（驳回）", max_length=10)
    indicator_id: int | None = Field(None, description="对应的规划指标编号（不填则用建议中的指标）")


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
def proposals_page(request: Request, plan: str, state: str | None = None, done: str | None = None) -> HTMLResponse:
    data = proposals_data(request, plan, _state(state))
    choices = site(request).backend.indicator_choices(plan)
    return html_page(request, "proposals.html", {**data, "choices": choices, "done": done,
                                                 "error_id": None, "error": None})


@router.get("/api/plans/{plan}/proposals", summary="待审核的实际值（由统计公报、政府工作报告读取）")
def proposals_api(request: Request, plan: str, state: str | None = None) -> dict[str, Any]:
    return proposals_data(request, plan, _state(state))


def _decide(request: Request, plan: str, proposal_id: str, action: str, name: str,
            indicator: str) -> str | None:
    """None when done, else the reason it was refused."""
    ind: int | None = None
    if indicator.strip():
        found = next((c["id"] for c in site(request).backend.indicator_choices(plan)
                      if str(c["id"]) == indicator.strip() or c["label"] == indicator.strip()), None)
        if found is None:
            return f"规划中没有指标“{indicator}”"
        ind = int(found)
    try:
        site(request).backend.decide_proposal(plan, proposal_id, action, name, indicator_id=ind)
    except ActualsError as exc:
        return "；".join(p.reason for p in exc.details)
    except (InputError, ConflictError) as exc:
        return exc.reason if isinstance(exc, InputError) else str(exc)
    return None


@router.post("/plans/{plan}/proposals/{proposal_id}", include_in_schema=False)
def proposal_form(request: Request, plan: str, proposal_id: str, action: Annotated[str, Form()] = "",
                  indicator: Annotated[str, Form()] = "") -> Response:
    error = _decide(request, plan, proposal_id, action, who(request), indicator)
    if error is None:
        return RedirectResponse(f"/plans/{plan}/proposals?done={proposal_id}", status_code=303)
    data = proposals_data(request, plan, STATES[0])
    return html_page(request, "proposals.html", {**data, "choices": site(request).backend.indicator_choices(plan),
                                                 "done": None, "error_id": int(proposal_id)
                                                 if proposal_id.isdigit() else None, "error": error}, status=422)


@router.post("/api/plans/{plan}/proposals/{proposal_id}", summary="接受或驳回一条实际值建议（接受时经过与导入相同的校验）")
def proposal_api(request: Request, plan: str, proposal_id: str, body: DecisionIn) -> Response:
    error = _decide(request, plan, proposal_id, body.action, who(request),
                    "" if body.indicator_id is None else str(body.indicator_id))
    if error is not None:
        return JSONResponse({"error": "参数有误", "detail": error, "problems": [{"field": "proposal", "reason": error}]},
                            status_code=422)
    p = next(p for p in site(request).backend.proposals(plan) if str(p["id"]) == proposal_id)
    return JSONResponse(p)
