"""Data entry: actual values by indicator and year, checked field by field; spreadsheet upload."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import InputError
from guihua.store.access import AccessDenied
from guihua.web.access import entry_scope
from guihua.web.pages import html_page
from guihua.web.routes import site, who
from guihua.web.validate import MAX_UPLOAD, check_observation

router = APIRouter()


class ObservationIn(BaseModel):
    indicator: str = Field(max_length=100)
    year: str = Field(max_length=20)
    value: str = Field(max_length=100)
    unit: str | None = Field(None, max_length=20)
    measure: str = Field("level", max_length=20)
    source: str | None = Field(None, max_length=500)
    note: str | None = Field(None, max_length=500)


def _units(request: Request, plan: str) -> dict[str, str | None]:
    return {i["name"]: i["unit"] for i in site(request).entry(plan)["indicators"]}


def _page(request: Request, plan: str, status: int = 200, **extra: Any) -> HTMLResponse:
    data = site(request).entry(plan)
    base: dict[str, Any] = {"form": {}, "errors": {}, "problems": [], "upload_name": None, "saved": None,
                            "imported": None}
    return html_page(request, "entry.html", {**data, **base, **extra}, status=status)


@router.get("/plans/{plan}/entry", response_class=HTMLResponse, include_in_schema=False)
def entry_page(request: Request, plan: str, saved: str | None = None, imported: int | None = None) -> HTMLResponse:
    return _page(request, plan, saved=saved, imported=imported)


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
    plan_info = site(request).backend.plan(plan)
    clean, errors = check_observation(form, plan_info, _units(request, plan))
    if errors:
        return _page(request, plan, status=422, form=form, errors=errors)
    try:
        [saved] = site(request).backend.add_observations(plan, [clean], who(request), allow=entry_scope(request))
    except InputError as exc:
        field = exc.where if exc.where in form else "value"
        return _page(request, plan, status=422, form=form, errors={field: exc.reason})
    except AccessDenied as exc:  # another department's indicator
        return _page(request, plan, status=403, form=form, errors={"indicator": exc.reason})
    return RedirectResponse(f"/plans/{plan}/entry?saved={saved.id}", status_code=303)


@router.post("/api/plans/{plan}/observations", status_code=201, summary="填报一个实际值（逐字段校验）")
def observation_post(request: Request, plan: str, body: ObservationIn) -> Response:
    plan_info = site(request).backend.plan(plan)
    clean, errors = check_observation(body.model_dump(), plan_info, _units(request, plan))
    if errors:
        problems = [{"field": f, "reason": r} for f, r in errors.items()]
        return JSONResponse({"error": "参数有误", "detail": "；".join(errors.values()), "problems": problems},
                            status_code=422)
    try:
        [saved] = site(request).backend.add_observations(plan, [clean], who(request), allow=entry_scope(request))
    except InputError as exc:
        return JSONResponse({"error": "参数有误", "detail": exc.reason,
                             "problems": [{"field": exc.where, "reason": exc.reason}]}, status_code=422)
    return JSONResponse(saved.to_dict(), status_code=201)


async def _upload(request: Request, plan: str, file: UploadFile) -> tuple[int, list[dict[str, Any]], str]:
    site(request).backend.plan(plan)
    name = file.filename or "upload"
    content = await file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        return 0, [{"line": 1, "field": "file", "reason": f"文件 {name} 超过 5 MB"}], name
    count, problems = site(request).backend.import_file(plan, name, content, who(request), allow=entry_scope(request))
    return count, [p.to_dict() for p in problems], name


@router.post("/plans/{plan}/entry/upload", include_in_schema=False)
async def upload_form(request: Request, plan: str, file: UploadFile) -> Response:
    try:
        count, problems, name = await _upload(request, plan, file)
    except AccessDenied as exc:  # rows of another department's indicators
        rows = [{"line": line, "field": "indicator", "reason": reason} for line, reason in exc.problems]
        return _page(request, plan, status=403, problems=rows, upload_name=file.filename or "upload")
    if problems:
        return _page(request, plan, status=422, problems=problems, upload_name=name)
    return RedirectResponse(f"/plans/{plan}/entry?imported={count}", status_code=303)


@router.post("/api/plans/{plan}/observations/upload", summary="上传 Excel/CSV 实际值（有错则全部不写入并逐行列出）")
async def upload_api(request: Request, plan: str, file: UploadFile) -> Response:
    count, problems, name = await _upload(request, plan, file)
    if problems:
        return JSONResponse({"error": "文件有误", "detail": f"{name}：{len(problems)} 处错误，未写入任何行",
                             "problems": problems}, status_code=422)
    return JSONResponse({"imported": count, "file": name}, status_code=201)
