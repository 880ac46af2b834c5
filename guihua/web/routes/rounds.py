"""Data rounds (填报) in the web: 规划办 opens a round, follows it per department and row, approves or
returns rows; a department sees its own to-do list only, fills values (the unit fixed, earlier years
shown), downloads its Excel template and uploads it back, and submits.

Every write goes through guihua.store.rounds / the store's round methods, with the account's
department as the store's `department` argument: a department account can neither see (404) nor
change (403) another department's rows. Uploads run as jobs (guihua.web.jobs), as actuals uploads do.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from guihua.errors import ConflictError, InputError
from guihua.store import rounds
from guihua.store.access import AccessDenied, Role
from guihua.store.repository import Store
from guihua.store.round_templates import TemplateError, read_template, template_bytes
from guihua.store.rounds_repo import ROW_STATES, RoundRow
from guihua.web import access, auth, jobs
from guihua.web.data import Site
from guihua.web.errors import conflict_message
from guihua.web.openapi import documented
from guihua.web.pages import html_page
from guihua.web.params import MAX_ID, MAX_VERSION, JobId, PlanId, QueryText, RowId, line, text, version_field
from guihua.web.records import NotFound, UploadOutcome
from guihua.web.routes import site, who
from guihua.web.validate import MAX_UPLOAD

router = APIRouter()
Year = Annotated[int, Path(ge=1900, le=2200, description="填报年份")]


def _store(request: Request) -> Store:
    store = getattr(site(request).backend, "store", None)
    if not isinstance(store, Store):
        raise NotFound("填报", "（此部署不支持填报轮次）")
    return store


def _department(request: Request) -> str | None:
    """The account's department when it is a department account ("" when it has none: it owns no
    rows), else None (规划办, admins and viewers see every department)."""
    user = access.user_of(request)
    if user is not None and user.role is Role.DEPARTMENT:
        return user.department or ""
    return None


def _round(request: Request, plan: str, year: int) -> Any:
    store = _store(request)
    site(request).backend.plan(plan)
    try:
        return store.get_round(plan, year)
    except InputError:
        raise NotFound("填报轮次", f"{plan} {year} 年") from None


def _row(request: Request, plan: str, year: int, row_id: int, *, write: bool = False) -> RoundRow:
    """The row of this round; 404 when it is not. Another department's row: 404 to read it, 403
    (AccessDenied) to change it."""
    _round(request, plan, year)
    try:
        row = _store(request).get_round_row(row_id, department=None if write else _department(request))
    except (InputError, AccessDenied):
        raise NotFound("填报行", str(row_id)) from None
    if write and _department(request) is not None and row.department != _department(request):
        raise AccessDenied(f"填报行 {row_id} 属于{row.department}，{_department(request) or '本账户'}不能修改")
    if row.plan_id != plan or row.year != year:
        raise NotFound("填报行", str(row_id))
    return row


def _rows_of_round(request: Request, plan: str, year: int, ids: list[int]) -> list[int]:
    mine = {r.id for r in _store(request).round_rows(plan, year)}
    if any(i not in mine for i in ids):
        raise NotFound("填报行", "、".join(str(i) for i in ids if i not in mine))
    return ids


# ---------------------------------------------------------------------------- data of the pages

def rounds_data(request: Request, plan: str) -> dict[str, Any]:
    store = _store(request)
    p = site(request).backend.plan(plan)
    leads = store.lead_units(plan)
    indicators = [{"id": i.id, "name": i.name, "unit": i.unit, "lead": leads.get(("indicator", i.id))}
                  for i in store.list_indicators(plan)]
    projects = [{"id": pr.id, "name": pr.name, "lead": leads[("project", pr.id)]} for pr in store.list_projects(plan)
                if ("project", pr.id) in leads]
    return {"plan": p.to_dict(), "rounds": [r.to_dict() for r in store.list_rounds(plan)],
            "indicators": indicators, "projects": projects, "department": _department(request)}


def status_data(request: Request, plan: str, year: int) -> dict[str, Any]:
    _round(request, plan, year)
    status = _store(request).round_status(plan, year)
    return {"plan": site(request).backend.plan(plan).to_dict(), "states": list(ROW_STATES), **status.to_dict()}


def todo_data(request: Request, plan: str, year: int, department: str | None) -> dict[str, Any]:
    rnd = _round(request, plan, year)
    own = _department(request)
    dep = own if own is not None else department
    store = _store(request)
    rows = store.todo(plan, year, dep) if dep is not None else store.round_rows(plan, year)
    return {"plan": site(request).backend.plan(plan).to_dict(), "round": rnd.to_dict(), "department": dep,
            "own": own is not None, "rows": [r.to_dict() for r in rows]}


def todo_key(plan: str, year: int, department: str, site_: Site) -> Hashable:
    """The round and the department's own rows with their versions: changes exactly when what its to-do
    page shows of the round may (other departments filling their rows leave it as it is)."""
    store = getattr(site_.backend, "store", None)
    return ("todo", store.todo_keys(plan, year, department) if isinstance(store, Store) else ())


def pending_key(plan: str, site_: Site) -> Hashable:
    """(id, version) of every pending row of the plan: changes exactly when `pending_of` may."""
    store = getattr(site_.backend, "store", None)
    return ("pending", store.pending_keys(plan) if isinstance(store, Store) else ())


def pending_of(request: Request, plan: str, year: int) -> list[dict[str, Any]]:
    """Submitted values of rounds up to `year` not yet approved: shown on the dashboard as pending,
    never evaluated."""
    store = getattr(site(request).backend, "store", None)
    if not isinstance(store, Store):
        return []
    return [{"id": r.id, "name": r.name, "department": r.department, "year": r.year, "value": r.value,
             "value_text": r.value_text, "unit": r.unit, "state": r.state}
            for r in store.pending_values(plan) if r.year <= year]


# ---------------------------------------------------------------------------- 规划办: rounds

@router.get("/plans/{plan}/rounds", response_class=HTMLResponse, include_in_schema=False)
def rounds_page(request: Request, plan: PlanId) -> HTMLResponse:
    return html_page(request, "rounds.html", {**rounds_data(request, plan), "error": None}, cache=False)


@router.get("/api/plans/{plan}/rounds", summary="填报轮次（各年）")
def rounds_api(request: Request, plan: PlanId) -> dict[str, Any]:
    d = rounds_data(request, plan)
    return {"plan": d["plan"], "rounds": d["rounds"]}  # (the page's choices are not part of the API)


class OpenIn(BaseModel):
    year: int = Field(..., ge=1900, le=2200, description="填报年份")
    deadline: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="截止日期 YYYY-MM-DD")
    indicator_ids: list[int] | None = Field(None, max_length=5000,
                                            description="只列入这些指标（两者都不给：全部有牵头单位的指标与项目）")
    project_ids: list[int] | None = Field(None, max_length=5000, description="列入这些项目")
    skip_unassigned: bool = Field(False, description="跳过没有牵头单位的指标或项目（默认拒绝并列出）")


def _ids(values: list[int] | None) -> list[int] | None:
    if values is not None and any(not 0 < v <= MAX_ID for v in values):
        raise InputError("ids", "编号应为正整数")
    return values


@router.post("/plans/{plan}/rounds", include_in_schema=False)
def open_form(request: Request, plan: PlanId, year: Annotated[int, Form(ge=1900, le=2200)],
              deadline: Annotated[str, Form(max_length=10)] = "", coverage: Annotated[str, Form()] = "all",
              indicator: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
              project: Annotated[list[int], Form()] = []) -> Response:  # noqa: B006
    """Coverage "all": every indicator and project with a 牵头 unit; "chosen": the ticked ones."""
    site(request).backend.plan(plan)
    chosen = coverage == "chosen"
    try:
        _store(request).open_round(plan, year, deadline or None, indicator_ids=_ids(indicator) if chosen else None,
                                   project_ids=_ids(project) if chosen else None, user=who(request))
    except InputError as exc:
        return html_page(request, "rounds.html", {**rounds_data(request, plan), "error": exc.reason}, status=422)
    return RedirectResponse(f"/plans/{plan}/rounds/{year}", status_code=303)


@router.post("/api/plans/{plan}/rounds", status_code=201, summary="开启填报轮次（默认覆盖全部有牵头单位的指标与项目）")
def open_api(request: Request, plan: PlanId, body: OpenIn) -> dict[str, Any]:
    site(request).backend.plan(plan)
    rnd = _store(request).open_round(plan, body.year, body.deadline, indicator_ids=_ids(body.indicator_ids),
                                     project_ids=_ids(body.project_ids), skip_unassigned=body.skip_unassigned,
                                     user=who(request))
    return rnd.to_dict()


@router.get("/plans/{plan}/rounds/{year}", response_class=HTMLResponse, include_in_schema=False)
def status_page(request: Request, plan: PlanId, year: Year, done: QueryText = None) -> Response:
    if _department(request) is not None:  # a department sees its own rows only
        return RedirectResponse(f"/plans/{plan}/rounds/{year}/mine", status_code=303)
    return html_page(request, "round_status.html", {**status_data(request, plan, year), "done": done,
                                                    "error": None}, cache=False)


@router.get("/api/plans/{plan}/rounds/{year}", summary="填报进度：各单位各状态行数、逾期单位、每一行（规划办）")
def status_api(request: Request, plan: PlanId, year: Year) -> dict[str, Any]:
    if _department(request) is not None:
        raise AccessDenied("部门账户只能查看本单位的填报（/todo）")
    return status_data(request, plan, year)


class VersionIn(BaseModel):
    expected_version: int = version_field()


@router.post("/plans/{plan}/rounds/{year}/close", include_in_schema=False)
def close_form(request: Request, plan: PlanId, year: Year, version: Annotated[int, Form(ge=0, le=MAX_VERSION)]
               ) -> Response:
    _round(request, plan, year)
    _store(request).close_round(plan, year, user=who(request), expected_version=version)
    return RedirectResponse(f"/plans/{plan}/rounds/{year}?done=close", status_code=303)


@router.post("/api/plans/{plan}/rounds/{year}/close", responses=documented(409), summary="关闭填报轮次")
def close_api(request: Request, plan: PlanId, year: Year, body: VersionIn) -> dict[str, Any]:
    _round(request, plan, year)
    return _store(request).close_round(plan, year, user=who(request), expected_version=body.expected_version).to_dict()


# ---------------------------------------------------------------------------- 规划办: decisions

def _decide(request: Request, plan: str, year: int, row_id: int, action: str, version: int,
            comment: str = "") -> RoundRow:
    _row(request, plan, year, row_id, write=True)
    store = _store(request)
    if action == "approve":
        [row] = rounds.approve(store, [row_id], user=who(request), expected_versions={row_id: version})
    else:
        [row] = store.return_round_rows({row_id: comment}, user=who(request), expected_versions={row_id: version})
    return row


def _decide_form(request: Request, plan: str, year: int, row_id: int, action: str, version: int,
                 comment: str = "") -> Response:
    try:
        _decide(request, plan, year, row_id, action, version, comment)
    except ConflictError as exc:
        return html_page(request, "round_status.html", {**status_data(request, plan, year), "done": None,
                                                        "error": conflict_message(exc)}, status=409)
    except InputError as exc:
        return html_page(request, "round_status.html", {**status_data(request, plan, year), "done": None,
                                                        "error": f"填报行 {row_id}：{exc.reason}"}, status=422)
    return RedirectResponse(f"/plans/{plan}/rounds/{year}?done={action}#row-{row_id}", status_code=303)


@router.post("/plans/{plan}/rounds/{year}/rows/{row_id}/approve", include_in_schema=False)
def approve_form(request: Request, plan: PlanId, year: Year, row_id: RowId,
                 version: Annotated[int, Form(ge=0, le=MAX_VERSION)]) -> Response:
    return _decide_form(request, plan, year, row_id, "approve", version)


@router.post("/plans/{plan}/rounds/{year}/rows/{row_id}/return", include_in_schema=False)
def return_form(request: Request, plan: PlanId, year: Year, row_id: RowId,
                version: Annotated[int, Form(ge=0, le=MAX_VERSION)],
                comment: Annotated[str, Form(max_length=2000)] = "") -> Response:
    return _decide_form(request, plan, year, row_id, "return", version, comment)


@router.post("/plans/{plan}/rounds/{year}/approve", include_in_schema=False)
def approve_department_form(request: Request, plan: PlanId, year: Year,
                            department: Annotated[str, Form(max_length=100)]) -> Response:
    """Approve every submitted row of one department (all or none)."""
    _round(request, plan, year)
    store = _store(request)
    ids = [r.id for r in store.round_rows(plan, year, department=department, states=["已提交"])]
    try:
        if not ids:
            raise InputError("department", f"{department}没有已提交的行")
        rounds.approve(store, ids, user=who(request))
    except InputError as exc:
        return html_page(request, "round_status.html", {**status_data(request, plan, year), "done": None,
                                                        "error": exc.reason}, status=422)
    return RedirectResponse(f"/plans/{plan}/rounds/{year}?done=approve", status_code=303)


class ReturnIn(BaseModel):
    comment: str = text(2000, "退回意见（必填）")
    expected_version: int = version_field()


@router.post("/api/plans/{plan}/rounds/{year}/rows/{row_id}/approve", responses=documented(409),
             summary="审定一行（数值写入实际值，经过与导入相同的校验）")
def approve_api(request: Request, plan: PlanId, year: Year, row_id: RowId, body: VersionIn) -> dict[str, Any]:
    return _decide(request, plan, year, row_id, "approve", body.expected_version).to_dict()


@router.post("/api/plans/{plan}/rounds/{year}/rows/{row_id}/return", responses=documented(409),
             summary="退回一行并写明原因")
def return_api(request: Request, plan: PlanId, year: Year, row_id: RowId, body: ReturnIn) -> dict[str, Any]:
    return _decide(request, plan, year, row_id, "return", body.expected_version, body.comment).to_dict()


# ---------------------------------------------------------------------------- departments

@router.get("/plans/{plan}/rounds/{year}/mine", response_class=HTMLResponse, include_in_schema=False)
def todo_page(request: Request, plan: PlanId, year: Year, department: QueryText = None, saved: QueryText = None
              ) -> HTMLResponse:
    own = _department(request)
    dep = own if own is not None else department  # whose rows the page shows (as todo_data)
    return html_page(request, "round_todo.html", lambda: {
        **todo_data(request, plan, year, department), "saved": saved, "error": None, "problems": [],
        "error_row": None}, round_key=partial(todo_key, plan, year, dep) if dep else None)


@router.get("/api/plans/{plan}/rounds/{year}/todo", summary="本单位的待办：本单位的行及往年数值")
def todo_api(request: Request, plan: PlanId, year: Year, department: QueryText = None) -> dict[str, Any]:
    return todo_data(request, plan, year, department)


@router.get("/api/plans/{plan}/rounds/{year}/rows/{row_id}", summary="一行填报（其他单位的行：404）")
def row_api(request: Request, plan: PlanId, year: Year, row_id: RowId) -> dict[str, Any]:
    return _row(request, plan, year, row_id).to_dict()


def _todo_again(request: Request, plan: str, year: int, row: RoundRow, reason: str, status: int) -> HTMLResponse:
    data = todo_data(request, plan, year, row.department)
    return html_page(request, "round_todo.html", {**data, "saved": None, "error": reason, "problems": [],
                                                  "error_row": row.id}, status=status)


@router.post("/plans/{plan}/rounds/{year}/rows/{row_id}", include_in_schema=False)
def fill_form(request: Request, plan: PlanId, year: Year, row_id: RowId,
              version: Annotated[int, Form(ge=0, le=MAX_VERSION)], value: Annotated[str, Form(max_length=100)] = "",
              progress: Annotated[str, Form(max_length=2000)] = "",
              note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    row = _row(request, plan, year, row_id, write=True)
    try:
        rounds.fill(_store(request), row_id, value=value, progress=progress, note=note, user=who(request),
                    department=_department(request), expected_version=version)
    except ConflictError as exc:
        return _todo_again(request, plan, year, row, conflict_message(exc), 409)
    except InputError as exc:
        return _todo_again(request, plan, year, row, f"{row.name}：{exc.reason}", 422)
    q = f"?department={row.department}" if _department(request) is None else ""
    return RedirectResponse(f"/plans/{plan}/rounds/{year}/mine{q}{'&' if q else '?'}saved={row_id}#row-{row_id}",
                            status_code=303)


class FillIn(BaseModel):
    value: str | None = line(100, "数值（按该行单位；指标行）", default=None)
    progress: str | None = text(2000, "进展（项目行）", default=None)
    note: str | None = text(2000, "备注", default=None)
    expected_version: int = version_field()


@router.post("/api/plans/{plan}/rounds/{year}/rows/{row_id}", responses=documented(409),
             summary="填报一行：数值（经过与导入相同的校验，单位固定）或项目进展，与备注")
def fill_api(request: Request, plan: PlanId, year: Year, row_id: RowId, body: FillIn) -> dict[str, Any]:
    _row(request, plan, year, row_id, write=True)
    return rounds.fill(_store(request), row_id, value=body.value, progress=body.progress, note=body.note,
                       user=who(request), department=_department(request),
                       expected_version=body.expected_version).to_dict()


@router.post("/plans/{plan}/rounds/{year}/submit", include_in_schema=False)
def submit_form(request: Request, plan: PlanId, year: Year, department: Annotated[str, Form(max_length=100)] = "",
                row: Annotated[list[int], Form()] = []) -> Response:  # noqa: B006 (FastAPI copies defaults)
    """Submit the rows the page listed (`row`), else every filled (填报中 / 已退回) row of the department;
    all or none. Rows of another department: 403."""
    _round(request, plan, year)
    dep = _department(request)
    dep = dep if dep is not None else department
    store = _store(request)
    ids = _rows_of_round(request, plan, year, list(dict.fromkeys(row))) if row else [
        r.id for r in store.round_rows(plan, year, department=dep, states=["填报中", "已退回"])]
    try:
        if not ids:
            raise InputError("rows", "没有可提交的行（先填报）")
        store.submit_round_rows(ids, user=who(request), department=_department(request))
    except InputError as exc:
        data = todo_data(request, plan, year, dep)
        return html_page(request, "round_todo.html", {**data, "saved": None, "error": exc.reason, "problems": [],
                                                      "error_row": None}, status=422)
    q = f"department={dep}&" if _department(request) is None else ""
    return RedirectResponse(f"/plans/{plan}/rounds/{year}/mine?{q}saved=submit", status_code=303)


class SubmitRow(BaseModel):
    id: int = Field(..., ge=1, le=MAX_ID)
    expected_version: int = version_field()


class SubmitIn(BaseModel):
    rows: list[SubmitRow] = Field(..., min_length=1, max_length=5000, description="要提交的行及读取时的版本号")


@router.post("/api/plans/{plan}/rounds/{year}/submit", responses=documented(409),
             summary="提交所列的行（全部或都不提交；没有数值的行被拒绝）")
def submit_api(request: Request, plan: PlanId, year: Year, body: SubmitIn) -> dict[str, Any]:
    _round(request, plan, year)
    ids = _rows_of_round(request, plan, year, [r.id for r in body.rows])
    rows = _store(request).submit_round_rows(ids, user=who(request), department=_department(request),
                                             expected_versions={r.id: r.expected_version for r in body.rows})
    return {"submitted": len(rows), "rows": [r.to_dict() for r in rows]}


# ---------------------------------------------------------------------------- templates

@router.get("/plans/{plan}/rounds/{year}/template.xlsx", include_in_schema=False)
def template_download(request: Request, plan: PlanId, year: Year, department: QueryText = None) -> Response:
    data = todo_data(request, plan, year, department)
    if not data["department"]:
        raise InputError("department", "请选择填报单位（?department=）")
    body = template_bytes(_store(request), plan, year, data["department"])
    from urllib.parse import quote

    name = quote(f"{data['department']}-{year}年填报.xlsx")
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


def _outcome(result: Any) -> UploadOutcome | AccessDenied:
    """A template upload's result as the uploads of actual values give theirs (so GET /api/jobs/{id}
    answers for it too): the saved rows, or the bad cells, or the rows of another department."""
    if isinstance(result, AccessDenied):
        return result
    if isinstance(result, TemplateError):
        return UploadOutcome(problems=[{"line": c.line, "field": "cell", "column": c.column, "header": c.header,
                                        "location": c.location, "reason": c.reason} for c in result.cells])
    if isinstance(result, InputError):
        return UploadOutcome(problems=[{"line": 1, "field": "file", "column": "", "header": "", "location": "文件",
                                        "reason": result.reason}])
    return UploadOutcome(imported=result.saved, layout="round-template")


def _start_upload(request: Request, plan: str, year: int, name: str, content: bytes) -> jobs.Job:
    store, user, dep = _store(request), who(request), _department(request)

    def work() -> UploadOutcome | AccessDenied:
        try:
            return _outcome(read_template(store, plan, year, dep, content, filename=name, user=user))
        except (InputError, AccessDenied) as exc:
            return _outcome(exc)

    return jobs.jobs_of(request.app).submit(user, plan, name, work, year=year)


def _upload_result(request: Request, plan: str, year: int, job: jobs.Job) -> Response:
    outcome = job.result
    dep = _department(request)
    if job.state == jobs.FAILED:
        problems, status = [f"上传时发生内部错误，未写入任何行。错误编号 {job.error_id}"], 500
    elif isinstance(outcome, AccessDenied):
        problems, status = [f"第 {line} 行：{reason}" for line, reason in outcome.problems] or [outcome.reason], 403
    elif outcome.problems:
        problems, status = [f"{job.title}：{p['location']}：{p['reason']}" for p in outcome.problems], 422
    elif dep is None:  # 规划办 uploaded a department's template
        return RedirectResponse(f"/plans/{plan}/rounds/{year}?done=upload-{outcome.imported}", status_code=303)
    else:
        return RedirectResponse(f"/plans/{plan}/rounds/{year}/mine?saved=upload-{outcome.imported}", status_code=303)
    if dep is None:
        return html_page(request, "round_status.html", {**status_data(request, plan, year), "done": None,
                                                        "error": "上传的文件有误，未写入任何行：" + "；".join(problems)},
                         status=status)
    data = todo_data(request, plan, year, dep)
    return html_page(request, "round_todo.html", {**data, "saved": None, "error": "上传的文件有误，未写入任何行",
                                                  "problems": problems, "error_row": None}, status=status)


async def _read_upload(file: UploadFile) -> tuple[str, bytes]:
    content = await file.read(MAX_UPLOAD + 1)
    name = "".join(ch for ch in (file.filename or "upload.xlsx") if ch.isprintable()).strip()[:200] or "upload.xlsx"
    if len(content) > MAX_UPLOAD:
        raise InputError(name, f"文件超过 {MAX_UPLOAD // (1024 * 1024)} MB，未读取")
    return name, content


class TemplateSaved(BaseModel):
    saved: int
    file: str


@router.post("/api/plans/{plan}/rounds/{year}/upload", status_code=201,
             responses={**documented(413), 201: {"model": TemplateSaved, "description": "已保存（填报中）"},
                        202: {"description": "仍在处理：轮询 status_url（GET /api/jobs/{job_id}）"}},
             summary="上传填好的单位模板（逐格校验，有错则全部不写入；其他单位的行 403）")
async def upload_api(request: Request, plan: PlanId, year: Year, file: UploadFile) -> Response:
    _round(request, plan, year)
    name, content = await _read_upload(file)
    job = _start_upload(request, plan, year, name, content)
    if not await jobs.wait(job, float(request.app.state.settings.upload_wait)):
        return JSONResponse({**job.to_dict(), "status_url": f"/api/jobs/{job.id}"}, status_code=202,
                            headers={"Location": f"/api/jobs/{job.id}"})
    outcome = job.result
    if job.state == jobs.FAILED:
        return JSONResponse({"error": "内部错误", "detail": f"错误编号 {job.error_id}", "error_id": job.error_id},
                            status_code=500)
    if isinstance(outcome, AccessDenied):
        return JSONResponse({"error": "无权操作", "detail": outcome.reason, "problems": [
            {"field": f"第 {line} 行", "reason": reason} for line, reason in outcome.problems]}, status_code=403)
    if outcome.problems:
        return JSONResponse({"error": "文件有误", "detail": f"{name}：{len(outcome.problems)} 处错误，未写入任何行",
                             "problems": [{"field": p["location"], "reason": p["reason"]} for p in outcome.problems]},
                            status_code=422)
    return JSONResponse({"saved": outcome.imported, "file": name}, status_code=201)


@router.post("/plans/{plan}/rounds/{year}/upload", include_in_schema=False)
async def upload_form(request: Request, plan: PlanId, year: Year, file: UploadFile) -> Response:
    _round(request, plan, year)
    name, content = await _read_upload(file)
    job = _start_upload(request, plan, year, name, content)
    if await jobs.wait(job, float(request.app.state.settings.upload_wait)):
        return _upload_result(request, plan, year, job)
    return RedirectResponse(f"/plans/{plan}/rounds/{year}/upload/jobs/{job.id}", status_code=303)


@router.get("/plans/{plan}/rounds/{year}/upload/jobs/{job_id}", include_in_schema=False)
def upload_job_page(request: Request, plan: PlanId, year: Year, job_id: JobId) -> Response:
    account = auth.current(request)
    job = jobs.jobs_of(request.app).get(job_id, account.name) if account is not None else None
    if job is None or job.plan_id != plan or job.data.get("year") != year:
        raise NotFound("上传任务", job_id[:40])
    if job.done:
        return _upload_result(request, plan, year, job)
    return html_page(request, "entry_job.html", {"plan": site(request).backend.plan(plan).to_dict(),
                                                 "job": job.to_dict()}, cache=False)
