"""Review queue: confirm, correct or reject extracted targets (one keystroke each), audited."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import ConflictError, InputError
from guihua.web.errors import conflict_message, conflict_response
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import MAX_VERSION, PlanId, RowId, line, version_field
from guihua.web.records import CORRECTABLE, REVIEW_STATES, NotFound, TargetRecord
from guihua.web.routes import site, who

router = APIRouter()
State = Literal["待审核", "已确认", "已修改", "已驳回"]
COMPARATORS = (">=", "<=", "~", "=")


class ReviewIn(BaseModel):
    action: Literal["confirm", "correct", "reject"]
    expected_version: int = version_field("读取目标时的版本号 row_version（他人已修改则 409）")
    indicator: str | None = line(100, default=None)
    value: float | None = Field(None, allow_inf_nan=False)
    value_max: float | None = Field(None, allow_inf_nan=False)
    unit: str | None = line(20, default=None)
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


def check_version(current: TargetRecord, version: int) -> None:
    """ConflictError before anything else when the writer read another version (the store checks
    again inside its transaction)."""
    if version != current.row_version:
        raise ConflictError(f"目标 {current.id}: 已被他人修改（版本 {version} 已过期，当前 {current.row_version}）；"
                            "请重新读取后再改")


def _queue(request: Request, plan: str, state: str, status: int, errors: dict[str, str] | None = None,
           error_id: str | None = None, conflict: dict[str, Any] | None = None) -> HTMLResponse:
    data = site(request).review_queue(plan, state if state in REVIEW_STATES else "待审核")
    return html_page(request, "review.html", {**data, "errors": errors or {}, "error_id": error_id,
                                              "states": REVIEW_STATES, "conflict": conflict}, status=status)


@router.get("/plans/{plan}/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request, plan: PlanId, state: State = "待审核",
                limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> HTMLResponse:
    data = site(request).review_queue(plan, state, limit=limit)
    return html_page(request, "review.html", {**data, "errors": {}, "error_id": None, "states": REVIEW_STATES,
                                              "conflict": None})


@router.get("/api/plans/{plan}/review", summary="审核队列（按审核状态）")
def review_api(request: Request, plan: PlanId, state: Annotated[State, Query()] = "待审核",
               limit: Annotated[int, Query(ge=1, le=1000)] = 1000) -> dict[str, Any]:
    return site(request).review_queue(plan, state, limit=limit)


@router.post("/plans/{plan}/review/{target_id}", include_in_schema=False)
def review_form(request: Request, plan: PlanId, target_id: RowId, action: Annotated[str, Form()],
                version: Annotated[int, Form(ge=0, le=MAX_VERSION)],
                state: Annotated[str, Form()] = "待审核",
                indicator: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
                value_max: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
                comparator: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "") -> Response:
    """`version`: the target's version the page showed; when someone changed it since, 409 and the
    page again with the target as it is now."""
    tid = str(target_id)
    current = _find(request, plan, tid)
    name = who(request)
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    try:
        check_version(current, version)
        if action not in ("confirm", "correct", "reject"):
            errors["action"] = "操作应为 确认、修改 或 驳回"
        elif action == "correct":
            changes, errors = parse_changes(current, {"indicator": indicator, "value": value,
                                                      "value_max": value_max, "unit": unit,
                                                      "comparator": comparator, "year": year})
            if not changes and not errors:
                errors["value"] = "没有修改任何字段：请填写要更正的值"
        if errors:
            return _queue(request, plan, state, 422, errors, tid)
        site(request).backend.review(plan, tid, action, changes, name, expected_version=version)
    except ConflictError as exc:
        now = site(request).target(plan, tid)["target"]
        return _queue(request, plan, state, 409, {"value": conflict_message(exc)}, tid,
                      conflict={"message": conflict_message(exc), "target": now})
    except InputError as exc:  # a transition the store refuses (e.g. 确认 a corrected value)
        return _queue(request, plan, state, 422, {"value": exc.reason}, tid)
    return RedirectResponse(f"/plans/{plan}/review?state={quote(state)}&done={tid}#queue", status_code=303)


@router.post("/api/plans/{plan}/targets/{target_id}/review", responses=documented(409),
             summary="审核一个目标：确认、修改或驳回（须带读取时的版本号；记入审计日志）")
def review_post(request: Request, plan: PlanId, target_id: RowId, body: ReviewIn) -> Response:
    tid = str(target_id)
    current = _find(request, plan, tid)
    changes: dict[str, Any] = {}
    try:
        check_version(current, body.expected_version)
    except ConflictError as exc:
        return conflict_response(request, exc, _find(request, plan, tid).to_dict())
    if body.action == "correct":
        changes, errors = parse_changes(current, body.model_dump(include=set(CORRECTABLE)))
        if errors or not changes:
            problems = [{"field": f, "reason": r} for f, r in errors.items()] or [
                {"field": "value", "reason": "没有修改任何字段"}]
            return JSONResponse({"error": "参数有误", "detail": "；".join(p["reason"] for p in problems),
                                 "problems": problems}, status_code=422)
    try:
        record = site(request).backend.review(plan, tid, body.action, changes, who(request),
                                              expected_version=body.expected_version)
    except ConflictError as exc:
        return conflict_response(request, exc, _find(request, plan, tid).to_dict())
    except InputError as exc:
        return JSONResponse({"error": "参数有误", "detail": exc.reason,
                             "problems": [{"field": exc.where, "reason": exc.reason}]}, status_code=422)
    return JSONResponse(record.to_dict())
