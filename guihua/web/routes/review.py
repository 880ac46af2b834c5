"""Review queue: confirm, correct or reject extracted targets (one keystroke each), audited."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import InputError
from guihua.web.pages import html_page
from guihua.web.records import CORRECTABLE, REVIEW_STATES, NotFound, TargetRecord
from guihua.web.routes import site, who

router = APIRouter()
State = Literal["待审核", "已确认", "已修改", "已驳回"]
COMPARATORS = (">=", "<=", "~", "=")


class ReviewIn(BaseModel):
    action: Literal["confirm", "correct", "reject"]
    indicator: str | None = Field(None, max_length=100)
    value: float | None = None
    value_max: float | None = None
    unit: str | None = Field(None, max_length=20)
    comparator: Literal[">=", "<=", "~", "="] | None = None
    year: int | None = Field(None, ge=1949, le=2100)


def parse_changes(current: TargetRecord, form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The corrected fields that differ from the record, and a message per bad field."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in CORRECTABLE:
        raw = form.get(f)
        if raw is None or str(raw).strip() == "":
            continue
        text = str(raw).strip()
        value: Any = text
        if f in ("value", "value_max"):
            try:
                value = float(text.replace(",", ""))
            except ValueError:
                errors[f] = f"“{text}”不是数字"
                continue
        elif f == "year":
            if not text.isdigit() or not 1949 <= int(text) <= 2100:
                errors[f] = f"年份应为四位数字，收到“{text}”"
                continue
            value = int(text)
        elif f == "comparator" and text not in COMPARATORS:
            errors[f] = f"比较符应为 {' '.join(COMPARATORS)} 之一"
            continue
        elif f == "kind" and text not in ("level", "growth", "change", "cumulative", "structure", "milestone"):
            errors[f] = "种类无效"
            continue
        if getattr(current, f) != value:
            changes[f] = value
    return changes, errors


def _find(request: Request, plan: str, target_id: str) -> TargetRecord:
    t = next((t for t in site(request).backend.targets(plan) if t.id == target_id), None)
    if t is None:
        raise NotFound("目标", target_id)
    return t


@router.get("/plans/{plan}/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request, plan: str, state: State = "待审核",
                limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> HTMLResponse:
    data = site(request).review_queue(plan, state, limit=limit)
    return html_page(request, "review.html", {**data, "errors": {}, "error_id": None, "states": REVIEW_STATES})


@router.get("/api/plans/{plan}/review", summary="审核队列（按审核状态）")
def review_api(request: Request, plan: str, state: Annotated[State, Query()] = "待审核",
               limit: Annotated[int, Query(ge=1, le=1000)] = 1000) -> dict[str, Any]:
    return site(request).review_queue(plan, state, limit=limit)


@router.post("/plans/{plan}/review/{target_id}", include_in_schema=False)
def review_form(request: Request, plan: str, target_id: str, action: Annotated[str, Form()],
                state: Annotated[str, Form()] = "待审核",
                indicator: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
                value_max: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
                comparator: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "") -> Response:
    current = _find(request, plan, target_id)
    name = who(request)
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    if action not in ("confirm", "correct", "reject"):
        errors["action"] = "操作应为 确认、修改 或 驳回"
    elif action == "correct":
        changes, errors = parse_changes(current, {"indicator": indicator, "value": value, "value_max": value_max,
                                                  "unit": unit, "comparator": comparator, "year": year})
        if not changes and not errors:
            errors["value"] = "没有修改任何字段：请填写要更正的值"
    if errors:
        data = site(request).review_queue(plan, state if state in REVIEW_STATES else "待审核")
        return html_page(request, "review.html", {**data, "errors": errors, "error_id": target_id,
                                                  "states": REVIEW_STATES}, status=422)
    try:
        site(request).backend.review(plan, target_id, action, changes, name)
    except InputError as exc:  # a transition the store refuses (e.g. 确认 a corrected value)
        data = site(request).review_queue(plan, state if state in REVIEW_STATES else "待审核")
        return html_page(request, "review.html", {**data, "errors": {"value": exc.reason},
                                                  "error_id": target_id, "states": REVIEW_STATES}, status=422)
    return RedirectResponse(f"/plans/{plan}/review?state={quote(state)}&done={quote(target_id)}#queue",
                            status_code=303)


@router.post("/api/plans/{plan}/targets/{target_id}/review", summary="审核一个目标：确认、修改或驳回（记入审计日志）")
def review_post(request: Request, plan: str, target_id: str, body: ReviewIn) -> Response:
    current = _find(request, plan, target_id)
    changes: dict[str, Any] = {}
    if body.action == "correct":
        changes, errors = parse_changes(current, body.model_dump(include=set(CORRECTABLE)))
        if errors or not changes:
            problems = [{"field": f, "reason": r} for f, r in errors.items()] or [
                {"field": "value", "reason": "没有修改任何字段"}]
            return JSONResponse({"error": "参数有误", "detail": "；".join(p["reason"] for p in problems),
                                 "problems": problems}, status_code=422)
    try:
        record = site(request).backend.review(plan, target_id, body.action, changes, who(request))
    except InputError as exc:
        return JSONResponse({"error": "参数有误", "detail": exc.reason,
                             "problems": [{"field": exc.where, "reason": exc.reason}]}, status_code=422)
    return JSONResponse(record.to_dict())
