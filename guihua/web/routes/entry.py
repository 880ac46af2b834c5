"""Data entry: actual values by indicator and year; spreadsheet upload with a mapping step.

Every write goes through the store's import (guihua.store.actuals), the one validation path of the
form, the JSON API, the upload and `guihua import-actuals`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.store.access import AccessDenied
from guihua.store.actuals import ActualsError
from guihua.web.access import entry_scope
from guihua.web.pages import html_page
from guihua.web.records import UploadOutcome
from guihua.web.routes import site, who
from guihua.web.uploads import pending_uploads
from guihua.web.validate import MAX_UPLOAD, field_errors, form_row

router = APIRouter()


class ObservationIn(BaseModel):
    indicator: str = Field(max_length=100)
    year: str = Field(max_length=20)
    value: str = Field(max_length=100)
    unit: str | None = Field(None, max_length=20)
    measure: str = Field("level", max_length=20)
    source: str | None = Field(None, max_length=500)
    note: str | None = Field(None, max_length=500)


def _page(request: Request, plan: str, status: int = 200, **extra: Any) -> HTMLResponse:
    data = site(request).entry(plan)
    pending = sum(1 for p in site(request).backend.proposals(plan, "待审核"))
    base: dict[str, Any] = {"form": {}, "errors": {}, "problems": [], "upload_name": None, "saved": None,
                            "imported": None, "aliases": None, "unknown": [], "sheets": [],
                            "token": None, "choices": [], "sheet": None, "pending": pending}
    return html_page(request, "entry.html", {**data, **base, **extra}, status=status)


@router.get("/plans/{plan}/entry", response_class=HTMLResponse, include_in_schema=False)
def entry_page(request: Request, plan: str, saved: str | None = None, imported: int | None = None,
               aliases: int | None = None) -> HTMLResponse:
    return _page(request, plan, saved=saved, imported=imported, aliases=aliases)


@router.get("/api/plans/{plan}/observations", summary="实际值（全部，含来源）")
def observations_api(request: Request, plan: str) -> dict[str, Any]:
    rows = [o.to_dict() for o in site(request).backend.observations(plan)]
    return {"plan": site(request).backend.plan(plan).to_dict(), "count": len(rows), "observations": rows}


@router.post("/plans/{plan}/entry", include_in_schema=False)
def entry_form(request: Request, plan: str, indicator: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "",
               value: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
               measure: Annotated[str, Form()] = "level", source: Annotated[str, Form()] = "",
               note: Annotated[str, Form()] = "") -> Response:
    form = {"indicator": indicator, "year": year, "value": value, "unit": unit, "measure": measure,
            "source": source, "note": note}
    site(request).backend.plan(plan)
    try:
        [saved] = site(request).backend.add_observations(plan, [form_row(form)], who(request),
                                                         allow=entry_scope(request))
    except ActualsError as exc:
        return _page(request, plan, status=422, form=form, errors=field_errors(exc))
    except AccessDenied as exc:  # another department's indicator
        return _page(request, plan, status=403, form=form, errors={"indicator": exc.reason})
    return RedirectResponse(f"/plans/{plan}/entry?saved={saved.id}", status_code=303)


@router.post("/api/plans/{plan}/observations", status_code=201, summary="填报一个实际值（逐字段校验）")
def observation_post(request: Request, plan: str, body: ObservationIn) -> Response:
    site(request).backend.plan(plan)
    try:
        [saved] = site(request).backend.add_observations(plan, [form_row(body.model_dump())], who(request),
                                                         allow=entry_scope(request))
    except ActualsError as exc:
        errors = field_errors(exc)
        problems = [{"field": f, "reason": r} for f, r in errors.items()]
        return JSONResponse({"error": "参数有误", "detail": "；".join(errors.values()), "problems": problems},
                            status_code=422)
    return JSONResponse(saved.to_dict(), status_code=201)


async def _read(file: UploadFile) -> tuple[str, bytes | None]:
    name = file.filename or "upload"
    content = await file.read(MAX_UPLOAD + 1)
    return name, (None if len(content) > MAX_UPLOAD else content)


def _too_big(name: str) -> UploadOutcome:
    return UploadOutcome(problems=[{"line": 1, "field": "file", "column": "", "header": "", "location": "文件",
                                    "reason": f"文件 {name} 超过 5 MB"}])


def _aliases(names: list[str], picks: list[str]) -> dict[str, str]:
    return {n: p for n, p in zip(names, picks, strict=False) if n.strip() and p.strip()}


def _denied_page(request: Request, plan: str, name: str, exc: AccessDenied) -> HTMLResponse:
    """Rows of another department's indicators: 403, each row named, nothing written."""
    rows = [{"line": line, "field": "indicator", "column": "", "header": "", "location": f"第 {line} 行",
             "reason": reason} for line, reason in exc.problems] or [
        {"line": 1, "field": "file", "column": "", "header": "", "location": "文件", "reason": exc.reason}]
    return _page(request, plan, status=403, problems=rows, upload_name=name)


def _outcome_page(request: Request, plan: str, name: str, content: bytes, outcome: UploadOutcome,
                  token: str | None) -> Response:
    if outcome.ok:
        if token:
            pending_uploads(request.app).drop(token)
        q = f"imported={outcome.imported}" + (f"&aliases={len(outcome.aliases_added)}" if outcome.aliases_added else "")
        return RedirectResponse(f"/plans/{plan}/entry?{q}", status_code=303)
    if (outcome.unknown or outcome.sheets) and token is None:
        token = pending_uploads(request.app).put(plan, who(request), name, content)
    choices = site(request).backend.indicator_choices(plan) if outcome.unknown else []
    return _page(request, plan, status=422, problems=outcome.problems, upload_name=name, unknown=outcome.unknown,
                 sheets=outcome.sheets, token=token, choices=choices, sheet=outcome.sheet)


@router.post("/plans/{plan}/entry/upload", include_in_schema=False)
async def upload_form(request: Request, plan: str, file: UploadFile, sheet: Annotated[str, Form()] = "") -> Response:
    site(request).backend.plan(plan)
    name, content = await _read(file)
    if content is None:
        return _page(request, plan, status=422, problems=_too_big(name).problems, upload_name=name)
    try:
        outcome = site(request).backend.import_file(plan, name, content, who(request), sheet=sheet.strip() or None,
                                                    allow=entry_scope(request))
    except AccessDenied as exc:
        return _denied_page(request, plan, name, exc)
    return _outcome_page(request, plan, name, content, outcome, None)


@router.post("/plans/{plan}/entry/upload/{token}", include_in_schema=False)
async def upload_continue(request: Request, plan: str, token: str) -> Response:
    """The mapping step: the chosen sheet and the indicator confirmed for each unknown name."""
    site(request).backend.plan(plan)
    pending = pending_uploads(request.app).get(token, plan, who(request))
    if pending is None:
        return _page(request, plan, status=422, problems=[{
            "line": 1, "field": "file", "column": "", "header": "", "location": "文件",
            "reason": "上传的文件已过期（超过 1 小时或服务已重启）或不是本账户上传的，请重新上传"}])
    form = await request.form()
    names = [str(v) for v in form.getlist("name")]
    picks = []
    for i in range(len(names)):
        pick = str(form.get(f"pick_{i}") or "")
        picks.append(str(form.get(f"other_{i}") or "") if pick == "other" else pick)
    sheet = str(form.get("sheet") or "").strip() or None
    try:
        outcome = site(request).backend.import_file(plan, pending.filename, pending.content, who(request),
                                                    sheet=sheet, aliases=_aliases(names, picks),
                                                    allow=entry_scope(request))
    except AccessDenied as exc:
        return _denied_page(request, plan, pending.filename, exc)
    return _outcome_page(request, plan, pending.filename, pending.content, outcome, token)


@router.post("/api/plans/{plan}/observations/upload",
             summary="上传 Excel/CSV 实际值（有错则全部不写入并逐行列出；未知指标附建议，可用 aliases 确认）")
async def upload_api(request: Request, plan: str, file: UploadFile, sheet: Annotated[str, Form()] = "",
                     aliases: Annotated[str, Form(description='确认的对应关系 JSON：{"表中名称": "指标名或编号"}')] = ""
                     ) -> Response:
    site(request).backend.plan(plan)
    name, content = await _read(file)
    if content is None:
        outcome = _too_big(name)
    else:
        try:
            confirmed = {str(k): str(v) for k, v in (json.loads(aliases) if aliases.strip() else {}).items()}
        except (ValueError, AttributeError):
            return JSONResponse({"error": "参数有误", "detail": "aliases 应为 JSON 对象，如 {\"粮食总产量\": \"粮食总产\"}",
                                 "problems": [{"field": "aliases", "reason": "不是 JSON 对象"}]}, status_code=422)
        outcome = site(request).backend.import_file(plan, name, content, who(request), sheet=sheet.strip() or None,
                                                    aliases=confirmed, allow=entry_scope(request))
    if not outcome.ok:
        body = {"error": "文件有误", "detail": f"{name}：{len(outcome.problems)} 处错误，未写入任何行",
                **outcome.to_dict()}
        return JSONResponse(body, status_code=422)
    return JSONResponse({"imported": outcome.imported, "file": name, "sheet": outcome.sheet, "layout": outcome.layout,
                         "aliases_added": outcome.aliases_added}, status_code=201)
