"""Import and export of project status (CSV/XLSX): what a planning office updates every quarter.

Header (synonyms accepted, extra columns ignored):
    id,project,status,start_year,end_year,investment,unit,responsible,event_date,evidence,note
`project` is the project's name or full name (or give `id`); `status` one of 规划/前期/在建/建成/停缓建;
`investment` the total investment (总投资) in `unit` (default 亿元); `event_date` (YYYY, YYYY-MM or
YYYY-MM-DD) with `evidence` records a progress event. Every bad row is reported with its line number
(the header is line 1) and reason, and then nothing is written; good files are written in one
transaction. Importing the same file again changes nothing; an exported file imports as no change.
Exported cells never run as formulas in a spreadsheet (guihua.cells).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guihua.cells import csv_cell, protect_workbook
from guihua.errors import InputError, RowErrors
from guihua.extraction.links import project_key
from guihua.store import projects_repo as pr
from guihua.store.actuals import read_table
from guihua.store.records import PROJECT_STATUSES
from guihua.store.repository import Store

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "项目编号"),
    "project": ("project", "name", "项目", "项目名称", "名称"),
    "status": ("status", "状态", "项目状态"),
    "start_year": ("start_year", "开工年份", "开始年份"),
    "end_year": ("end_year", "完工年份", "建成年份", "结束年份"),
    "investment": ("investment", "总投资", "投资"),
    "unit": ("unit", "单位", "投资单位"),
    "responsible": ("responsible", "责任单位", "牵头单位"),
    "event_date": ("event_date", "日期", "进展日期"),
    "evidence": ("evidence", "依据", "进展", "证据"),
    "note": ("note", "备注"),
}
HEADER = ("id", "project", "status", "start_year", "end_year", "investment", "unit", "responsible", "event_date",
          "evidence", "note", "category", "counties")


class ProjectImportError(RowErrors):
    """Bad rows in a project status file; nothing was written."""


@dataclass(frozen=True)
class ProjectImportSummary:
    rows: int
    projects_changed: int
    events_added: int


def _columns(header: Mapping[str, str], path: str) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in header}
    found: dict[str, str] = {}
    for col, names in COLUMNS.items():
        for n in names:
            if n.lower() in lowered:
                found[col] = lowered[n.lower()]
                break
    if "id" not in found and "project" not in found:
        raise InputError(f"{path}:1", "表头缺少列：project（或 id）（应有 project,status,start_year,end_year,"
                         "investment,unit,responsible,event_date,evidence,note）")
    return found


def _year(text: str, field: str) -> int | None:
    if not text:
        return None
    t = text.strip().removesuffix("年")
    if not t.isdigit() or not 1900 <= int(t) <= 2100:
        raise ValueError(f"{field}“{text}”应为 1900—2100 之间的年份")
    return int(t)


def import_project_status(store: Store, plan_id: str, path: str | Path, *, user: str) -> ProjectImportSummary:
    """Check every row of the file, then write all of it in one transaction (or nothing)."""
    rows = read_table(path)
    where = str(path)
    cols = _columns(rows[0][1], where)
    store.get_plan(plan_id)
    projects = store.list_projects(plan_id)
    by_id = {p.id: p for p in projects}
    by_name: dict[str, list[int]] = {}
    for p in projects:
        for n in {p.key, project_key(p.name), project_key(p.full_name or "")}:
            if n and p.id not in by_name.setdefault(n, []):
                by_name[n].append(p.id)
    problems: list[tuple[int, str]] = []
    updates: list[pr.ProjectUpdate] = []
    for line, r in rows[1:]:
        def get(col: str, r: Mapping[str, str] = r) -> str:
            return (r.get(cols[col]) or "").strip() if col in cols else ""
        reasons: list[str] = []
        pid: int | None = None
        if get("id"):
            if not get("id").isdigit() or int(get("id")) not in by_id:
                reasons.append(f"规划中没有编号为“{get('id')}”的项目")
            else:
                pid = int(get("id"))
        elif get("project"):
            hits = by_name.get(project_key(get("project")), [])
            if not hits:
                reasons.append(f"规划中没有名为“{get('project')}”的项目")
            elif len(hits) > 1:
                reasons.append(f"名为“{get('project')}”的项目有 {len(hits)} 个，请用 id 列指明")
            else:
                pid = hits[0]
        else:
            reasons.append("缺少项目名称（project）或编号（id）")
        changes: dict[str, Any] = {}
        status = get("status")
        if status:
            if status not in PROJECT_STATUSES:
                reasons.append(f"状态“{status}”应为 {' / '.join(PROJECT_STATUSES)} 之一")
            else:
                changes["status"] = status
        for col in ("start_year", "end_year"):
            try:
                y = _year(get(col), col)
            except ValueError as exc:
                reasons.append(str(exc))
            else:
                if y is not None:
                    changes[col] = y
        if get("investment"):
            try:
                inv = float(get("investment").replace(",", ""))
                if inv < 0 or inv != inv or inv in (float("inf"), float("-inf")):
                    raise ValueError
                changes["investment"] = inv
                changes["investment_unit"] = get("unit") or "亿元"
            except ValueError:
                reasons.append(f"总投资“{get('investment')}”应为非负数")
        elif get("unit"):
            reasons.append("给出了投资单位（unit）却没有总投资（investment）")
        if get("responsible"):
            changes["responsible"] = get("responsible")
        event = None
        if get("event_date"):
            try:
                event = {"date": pr.check_date(get("event_date")), "status": changes.get("status"),
                         "evidence": get("evidence") or None, "note": get("note") or None}
            except ValueError as exc:
                reasons.append(str(exc))
        elif get("evidence"):
            reasons.append("给出了进展依据（evidence）却没有日期（event_date）")
        elif get("note"):
            changes["note"] = get("note")
        if not reasons:
            try:
                changes = pr.check_project_changes(changes)
            except InputError as exc:
                reasons.append(exc.reason)
        if reasons:
            problems.append((line, "；".join(reasons)))
        elif pid is not None:
            updates.append(pr.ProjectUpdate(pid, changes, event, line))
    if problems:
        raise ProjectImportError(where, problems)
    changed, events = pr.apply_updates(store, updates, user=user, source=Path(path).name)
    return ProjectImportSummary(len(updates), changed, events)


def export_rows(store: Store, plan_id: str) -> list[dict[str, Any]]:
    """One row per project (with its latest progress event), in id order."""
    store.get_plan(plan_id)
    latest: dict[int, Any] = {}
    for ev in pr.list_events(store, plan_id=plan_id):
        latest[ev.project_id] = ev
    counties: dict[int, list[str]] = {}
    for m in pr.list_mentions(store, plan_id=plan_id):
        cs = counties.setdefault(m.project_id, [])
        cs.extend(c for c in m.counties if c not in cs)
    out = []
    for p in store.list_projects(plan_id):
        e = latest.get(p.id)
        out.append({
            "id": p.id, "project": p.display_name, "status": p.status, "start_year": p.start_year,
            "end_year": p.end_year, "investment": p.investment,
            "unit": p.investment_unit if p.investment is not None else None, "responsible": p.responsible,
            "event_date": e.date if e else None, "evidence": e.evidence if e else None,
            "note": (e.note if e else p.note), "category": p.category, "counties": "、".join(counties.get(p.id, [])),
        })
    return out


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def export_project_status(store: Store, plan_id: str, out: str | Path) -> int:
    """Write the plan's projects to a .csv or .xlsx file atomically; returns the number of projects."""
    p = Path(out)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(str(out), f"不支持的文件类型“{p.suffix}”（支持 .csv、.xlsx）")
    if not p.parent.is_dir():
        raise InputError(str(out), f"目录“{p.parent}”不存在")
    rows = export_rows(store, plan_id)
    tmp = p.with_name(p.name + ".tmp")
    if suffix == ".csv":
        buf = io.StringIO(newline="")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(HEADER)
        for r in rows:
            w.writerow([csv_cell(_cell(r[h])) for h in HEADER])
        tmp.write_bytes(buf.getvalue().encode("utf-8-sig"))
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "项目"
        ws.append(list(HEADER))
        for r in rows:
            ws.append([r[h] for h in HEADER])
        protect_workbook(wb)
        wb.save(tmp)
    tmp.replace(p)
    return len(rows)
