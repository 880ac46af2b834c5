"""Reports: choose kind and year, preview the HTML, download HTML, DOCX or XLSX (thin routes over
guihua.web.reports_data, which builds the report as `guihua report` does)."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse

from guihua.web import reports_data
from guihua.web.pages import html_page
from guihua.web.params import LINE_PATTERN, PlanId
from guihua.web.records import NotFound
from guihua.web.routes import site
from guihua.web.routes.plans import Year
from guihua.web.security import framed_by_this_site

router = APIRouter()
MEDIA = {"html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
Kind = Annotated[Literal["annual", "midterm", "final"] | None,
                 Query(description="报告类型：annual 年度监测、midterm 中期评估、final 终期评估")]
_DIR = Path(tempfile.mkdtemp(prefix="guihua-reports-"))
_LOCK = threading.Lock()


@router.get("/plans/{plan}/reports", response_class=HTMLResponse, include_in_schema=False)
def reports_page(request: Request, plan: PlanId, kind: Kind = None, year: Year = None) -> HTMLResponse:
    return html_page(request, "reports.html", reports_data.page(site(request), plan, kind, year))


@router.get("/api/plans/{plan}/reports", summary="评估报告：可选的类型与年份、预览与下载地址")
def reports_api(request: Request, plan: PlanId, kind: Kind = None, year: Year = None) -> dict[str, Any]:
    return reports_data.page(site(request), plan, kind, year)


@router.get("/plans/{plan}/reports/preview", response_class=HTMLResponse, summary="报告的 HTML 预览（页面内显示）")
def report_preview(request: Request, plan: PlanId, kind: Kind = None, year: Year = None) -> HTMLResponse:
    """The report as a page of its own, framed by the report page (and by no other site)."""
    from guihua.reports.html import SCRIPT_CSP_HASH, render_html

    s = site(request)
    chosen, year = reports_data.choice(s, plan, kind, year)
    with _LOCK:
        return HTMLResponse(render_html(reports_data.build(s, plan, chosen, year)),
                            headers=framed_by_this_site([SCRIPT_CSP_HASH]))


@router.get("/plans/{plan}/reports/{name}", response_class=FileResponse,
            responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()}, "description": "报告文件"}},
            summary="下载一份报告，如 final.docx、midterm.xlsx")
def report_file(request: Request, plan: PlanId,
                name: Annotated[str, PathParam(max_length=40, pattern=LINE_PATTERN, description="如 final.docx")],
                year: Year = None) -> FileResponse:
    from guihua.reports.render import file_stem, write_reports

    kind, _, fmt = name.partition(".")
    if kind not in reports_data.KINDS or fmt not in MEDIA:
        raise NotFound("报告", name)
    s = site(request)
    year = reports_data.choice(s, plan, kind, year)[1]
    out = _DIR / f"{plan}-v{s.backend.version(plan)}-{kind}-{year}"
    with _LOCK:
        report = reports_data.build(s, plan, kind, year)
        path = out / f"{file_stem(report)}.{fmt}"
        if not path.exists():
            write_reports(report, out, [fmt])
    return FileResponse(path, media_type=MEDIA[fmt], filename=path.name)
