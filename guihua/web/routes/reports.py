"""Report downloads: the mid-term and final evaluations as HTML, DOCX and XLSX."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from guihua.reports.projects import ProjectSection
from guihua.web.pages import html_page
from guihua.web.records import NotFound
from guihua.web.routes import site
from guihua.web.routes.plans import Year

router = APIRouter()
MEDIA = {"html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_DIR = Path(tempfile.mkdtemp(prefix="guihua-reports-"))
_LOCK = threading.Lock()


def _project_section(backend: Any, plan: str, kind: str) -> ProjectSection | None:
    """The report's project section, as `guihua report` builds it (mid-term and final reports only)."""
    from guihua.reports.projects import build_project_section
    from guihua.store.repository import Store

    store = getattr(backend, "store", None)
    if kind not in ("midterm", "final") or not isinstance(store, Store):
        return None
    return build_project_section(store.list_projects(plan))


@router.get("/plans/{plan}/reports", response_class=HTMLResponse, include_in_schema=False)
def reports_page(request: Request, plan: str) -> HTMLResponse:
    return html_page(request, "reports.html", site(request).reports(plan))


@router.get("/api/plans/{plan}/reports", summary="可下载的评估报告")
def reports_api(request: Request, plan: str) -> dict[str, Any]:
    return site(request).reports(plan)


@router.get("/plans/{plan}/reports/{name}", summary="下载一份报告，如 final.docx、midterm.xlsx")
def report_file(request: Request, plan: str, name: str, year: Year = None) -> FileResponse:
    kind, _, fmt = name.partition(".")
    if kind not in ("midterm", "final", "annual") or fmt not in MEDIA:
        raise NotFound("报告", name)
    s = site(request)
    plan_info = s.backend.plan(plan)
    if year is None:
        year = plan_info.last_year if kind == "final" else (plan_info.first_year + plan_info.last_year) // 2
    ev = s.evaluations.get(plan, s.year_or_default(plan, year))
    out = _DIR / f"{plan}-v{s.backend.version(plan)}-{kind}-{ev.year}"
    from guihua.reports.model import build_report
    from guihua.reports.render import file_stem, write_reports

    with _LOCK:
        from dataclasses import replace

        report = build_report(replace(ev, kind=kind), projects=_project_section(s.backend, plan, kind))
        path = out / f"{file_stem(report)}.{fmt}"
        if not path.exists():
            write_reports(report, out, [fmt])
    return FileResponse(path, media_type=MEDIA[fmt], filename=path.name)
