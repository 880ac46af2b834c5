"""Data entry: actual values by indicator and year; spreadsheet upload with a mapping step.

Every write goes through the store's import (guihua.store.actuals), the one validation path of the
form, the JSON API, the upload and `guihua import-actuals`. An upload (the file, the mapping step,
the API) is imported in a worker thread as a job (guihua.web.jobs): the answer waits for it at most
Settings.upload_wait seconds, then it is the job's page (or, for the API, 202 and the job), which
shows the result when the import is done. The event loop never runs an import.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from guihua.names import is_hidden
from guihua.store.access import AccessDenied
from guihua.store.actuals import ActualsError
from guihua.web import auth, jobs
from guihua.web.access import entry_scope
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import LINE_PATTERN, JobId, PlanId, line, text
from guihua.web.records import NotFound, UploadOutcome
from guihua.web.routes import site, who
from guihua.web.uploads import pending_uploads
from guihua.web.validate import MAX_UPLOAD, control_errors, field_errors, form_row

router = APIRouter()


class ObservationIn(BaseModel):
    indicator: str = line(100)
    year: str = line(20)
    value: str = line(100)
    unit: str | None = line(20, default=None)
    measure: str = line(20, default="level")
    source: str | None = text(500, default=None)
    note: str | None = text(500, default=None)


def _page(request: Request, plan: str, status: int = 200, **extra: Any) -> HTMLResponse:
    data = site(request).entry(plan)
    pending = sum(1 for p in site(request).backend.proposals(plan, "待审核"))
    base: dict[str, Any] = {"form": {}, "errors": {}, "problems": [], "upload_name": None, "saved": None,
                            "imported": None, "aliases": None, "unknown": [], "sheets": [],
                            "token": None, "choices": [], "sheet": None, "pending": pending}
    return html_page(request, "entry.html", {**data, **base, **extra}, status=status)


@router.get("/plans/{plan}/entry", response_class=HTMLResponse, include_in_schema=False)
def entry_page(request: Request, plan: PlanId, saved: str | None = None, imported: int | None = None,
               aliases: int | None = None) -> HTMLResponse:
    return _page(request, plan, saved=saved, imported=imported, aliases=aliases)


@router.get("/api/plans/{plan}/observations", summary="实际值（全部，含来源）")
def observations_api(request: Request, plan: PlanId) -> dict[str, Any]:
    rows = [o.to_dict() for o in site(request).backend.observations(plan)]
    return {"plan": site(request).backend.plan(plan).to_dict(), "count": len(rows), "observations": rows}


@router.post("/plans/{plan}/entry", include_in_schema=False)
def entry_form(request: Request, plan: PlanId, indicator: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "",
               value: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
               measure: Annotated[str, Form()] = "level", source: Annotated[str, Form()] = "",
               note: Annotated[str, Form()] = "") -> Response:
    form = {"indicator": indicator, "year": year, "value": value, "unit": unit, "measure": measure,
            "source": source, "note": note}
    site(request).backend.plan(plan)
    bad = control_errors(form)
    if bad:
        return _page(request, plan, status=422, form=form, errors=bad)
    try:
        [saved] = site(request).backend.add_observations(plan, [form_row(form)], who(request),
                                                         allow=entry_scope(request))
    except ActualsError as exc:
        return _page(request, plan, status=422, form=form, errors=field_errors(exc))
    except AccessDenied as exc:  # another department's indicator
        return _page(request, plan, status=403, form=form, errors={"indicator": exc.reason})
    return RedirectResponse(f"/plans/{plan}/entry?saved={saved.id}", status_code=303)


@router.post("/api/plans/{plan}/observations", status_code=201, summary="填报一个实际值（逐字段校验）")
def observation_post(request: Request, plan: PlanId, body: ObservationIn) -> Response:
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


def _name(file: UploadFile) -> str:
    """The uploaded file's name as shown and recorded: without control characters, at most 200 characters."""
    name = "".join(ch for ch in (file.filename or "") if not is_hidden(ch)).strip()[:200]
    return name or "upload"


async def _read(file: UploadFile) -> tuple[str, bytes | None]:
    """The file's name and bytes; None for bytes over MAX_UPLOAD (read no further than that)."""
    content = await file.read(MAX_UPLOAD + 1)
    return _name(file), (None if len(content) > MAX_UPLOAD else content)


def _too_big(name: str) -> UploadOutcome:
    return UploadOutcome(problems=[{"line": 1, "field": "file", "column": "", "header": "", "location": "文件",
                                    "reason": f"文件 {name} 超过 {MAX_UPLOAD // (1024 * 1024)} MB，未读取"}])


def _aliases(names: list[str], picks: list[str]) -> dict[str, str]:
    return {n: p for n, p in zip(names, picks, strict=False) if n.strip() and p.strip()}


def _start(request: Request, plan: str, name: str, content: bytes, sheet: str | None,
           aliases: dict[str, str] | None = None, token: str | None = None, page: bool = True) -> jobs.Job:
    """The import of an uploaded file as a job (the account's department scope applies as ever). A page's
    job keeps the bytes until its result is shown: the mapping step imports the same file again."""
    backend, user, allow = site(request).backend, who(request), entry_scope(request)

    def work() -> UploadOutcome | AccessDenied:
        try:
            return backend.import_file(plan, name, content, user, sheet=sheet, aliases=aliases, allow=allow)
        except AccessDenied as exc:  # rows of another department's indicators: nothing written
            return exc

    kept = {"content": content} if page and token is None else {}
    return jobs.jobs_of(request.app).submit(user, plan, name, work, token=token, **kept)


async def _finished(request: Request, job: jobs.Job) -> bool:
    return await jobs.wait(job, float(request.app.state.settings.upload_wait))


def _job_url(plan: str, job: jobs.Job, api: bool = False) -> str:
    return f"/api/jobs/{job.id}" if api else f"/plans/{plan}/entry/jobs/{job.id}"


def _denied_page(request: Request, plan: str, name: str, exc: AccessDenied) -> HTMLResponse:
    """Rows of another department's indicators: 403, each row named, nothing written."""
    rows = [{"line": line, "field": "indicator", "column": "", "header": "", "location": f"第 {line} 行",
             "reason": reason} for line, reason in exc.problems] or [
        {"line": 1, "field": "file", "column": "", "header": "", "location": "文件", "reason": exc.reason}]
    return _page(request, plan, status=403, problems=rows, upload_name=name)


def _result_page(request: Request, plan: str, job: jobs.Job) -> Response:
    """The page of a finished import: back to the entry page with the count, or the problems (with
    the sheet or mapping step when the person has to choose)."""
    name, outcome = job.title, job.result
    if job.state == jobs.FAILED:
        return _page(request, plan, status=500, problems=[{
            "line": 1, "field": "file", "column": "", "header": "", "location": "文件",
            "reason": f"导入时发生内部错误，未写入任何行。错误编号 {job.error_id}（报告问题时请附上）"}], upload_name=name)
    if isinstance(outcome, AccessDenied):
        return _denied_page(request, plan, name, outcome)
    assert isinstance(outcome, UploadOutcome)
    token = job.data.get("token")
    if outcome.ok:
        if token:
            pending_uploads(request.app).drop(token)
        job.data.pop("content", None)
        q = f"imported={outcome.imported}" + (f"&aliases={len(outcome.aliases_added)}" if outcome.aliases_added else "")
        return RedirectResponse(f"/plans/{plan}/entry?{q}", status_code=303)
    if (outcome.unknown or outcome.sheets) and token is None:
        token = job.data["token"] = pending_uploads(request.app).put(plan, job.owner, name, job.data["content"])
    job.data.pop("content", None)  # the pending upload holds the bytes from here on
    choices = site(request).backend.indicator_choices(plan) if outcome.unknown else []
    return _page(request, plan, status=422, problems=outcome.problems, upload_name=name, unknown=outcome.unknown,
                 sheets=outcome.sheets, token=token, choices=choices, sheet=outcome.sheet)


async def _answer_page(request: Request, plan: str, job: jobs.Job) -> Response:
    if await _finished(request, job):
        return _result_page(request, plan, job)
    return RedirectResponse(_job_url(plan, job), status_code=303)


@router.post("/plans/{plan}/entry/upload", include_in_schema=False)
async def upload_form(request: Request, plan: PlanId, file: UploadFile, sheet: Annotated[str, Form()] = "") -> Response:
    site(request).backend.plan(plan)
    name, content = await _read(file)
    if content is None:
        return _page(request, plan, status=413, problems=_too_big(name).problems, upload_name=name)
    job = _start(request, plan, name, content, _sheet(sheet))
    return await _answer_page(request, plan, job)


def _sheet(sheet: str) -> str | None:
    s = "".join(ch for ch in sheet if not is_hidden(ch)).strip()
    return s[:100] or None


@router.post("/plans/{plan}/entry/upload/{token}", include_in_schema=False)
async def upload_continue(request: Request, plan: PlanId, token: str) -> Response:
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
    job = _start(request, plan, pending.filename, pending.content, _sheet(str(form.get("sheet") or "")),
                 aliases=_aliases(names, picks), token=token)
    return await _answer_page(request, plan, job)


def _job(request: Request, job_id: str) -> jobs.Job | None:
    """The job if the request's account started it (an anonymous reader has none)."""
    account = auth.current(request)
    return jobs.jobs_of(request.app).get(job_id, account.name) if account is not None else None


@router.get("/plans/{plan}/entry/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def upload_job_page(request: Request, plan: PlanId, job_id: JobId) -> Response:
    """An import under way: its state, refreshed every second; when done, its result."""
    job = _job(request, job_id)
    if job is None or job.plan_id != plan:
        raise NotFound("导入任务", job_id[:40])
    if job.done:
        return _result_page(request, plan, job)
    site(request).backend.plan(plan)
    return html_page(request, "entry_job.html", {"plan": site(request).backend.plan(plan).to_dict(),
                                                 "job": job.to_dict()}, cache=False)


class UploadDone(BaseModel):
    imported: int
    file: str
    sheet: str | None = None
    layout: str | None = None
    aliases_added: list[list[str]] = []


class JobOut(BaseModel):
    """An import under way or done; `result` (when done) is what the upload answers: `status` 201
    with the imported count, 422 with the problems, 403 with the rows of other departments."""

    id: str
    plan: str
    file: str
    state: str
    done: bool
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float
    error_id: str | None = None
    status_url: str
    status: int | None = None
    result: dict[str, Any] | None = None


def _api_result(job: jobs.Job) -> tuple[int, dict[str, Any]]:
    """The HTTP status and body of a finished upload."""
    name, outcome = job.title, job.result
    if job.state == jobs.FAILED:
        return 500, {"error": "内部错误", "detail": f"导入时发生内部错误，未写入任何行。错误编号 {job.error_id}",
                     "error_id": job.error_id}
    if isinstance(outcome, AccessDenied):
        problems = [{"field": f"第 {line} 行", "reason": reason} for line, reason in outcome.problems]
        return 403, {"error": "无权操作", "detail": outcome.reason, **({"problems": problems} if problems else {})}
    assert isinstance(outcome, UploadOutcome)
    if not outcome.ok:
        return 422, {"error": "文件有误", "detail": f"{name}：{len(outcome.problems)} 处错误，未写入任何行",
                     **outcome.to_dict()}
    return 201, {"imported": outcome.imported, "file": name, "sheet": outcome.sheet, "layout": outcome.layout,
                 "aliases_added": outcome.aliases_added}


def _job_body(job: jobs.Job) -> dict[str, Any]:
    body: dict[str, Any] = {**job.to_dict(), "status_url": _job_url(job.plan_id, job, api=True)}
    if job.done:
        body["status"], body["result"] = _api_result(job)
    return body


@router.post("/api/plans/{plan}/observations/upload", status_code=201,
             responses={**documented(413), 202: {"model": JobOut, "description": "导入仍在进行：轮询 status_url"},
                        201: {"model": UploadDone, "description": "已导入"}},
             summary="上传 Excel/CSV 实际值（有错则全部不写入并逐行列出；未知指标附建议，可用 aliases 确认）")
async def upload_api(request: Request, plan: PlanId, file: UploadFile,
                     sheet: Annotated[str, Form(max_length=100, pattern=LINE_PATTERN)] = "",
                     aliases: Annotated[str, Form(description='确认的对应关系 JSON：{"表中名称": "指标名或编号"}')] = ""
                     ) -> Response:
    """Answers with the result when the import is done within a moment (201, or 422 / 403 with the
    problems); else 202 with the job to poll (GET status_url), whose `result` is that answer."""
    site(request).backend.plan(plan)
    name, content = await _read(file)
    if content is None:
        return JSONResponse({"error": "文件过大", "detail": _too_big(name).problems[0]["reason"],
                             "problems": [{"field": "file", "reason": _too_big(name).problems[0]["reason"]}]},
                            status_code=413)
    try:
        raw = json.loads(aliases) if aliases.strip() else {}
        if not isinstance(raw, dict):
            raise ValueError
        confirmed = {str(k): str(v) for k, v in raw.items()}
    except ValueError:
        return JSONResponse({"error": "参数有误", "detail": "aliases 应为 JSON 对象，如 {\"粮食总产量\": \"粮食总产\"}",
                             "problems": [{"field": "aliases", "reason": "不是 JSON 对象"}]}, status_code=422)
    job = _start(request, plan, name, content, _sheet(sheet), aliases=confirmed, page=False)
    if await _finished(request, job):
        status, body = _api_result(job)
        return JSONResponse(body, status_code=status)
    return JSONResponse(_job_body(job), status_code=202, headers={"Location": _job_url(plan, job, api=True)})


@router.get("/api/jobs/{job_id}", response_model=JobOut,
            summary="一个导入任务的状态；完成后附结果（与上传的回答相同）")
def job_api(request: Request, job_id: JobId) -> dict[str, Any]:
    job = _job(request, job_id)
    if job is None:
        raise NotFound("导入任务", job_id)
    return _job_body(job)
