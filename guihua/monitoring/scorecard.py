"""考核 scorecard: per department (and per county-level unit where targets are assigned to them), at year Y:

- indicators: the targets it leads (牵头单位, guihua.monitoring.warnings_source.target_leads), counted by
  official status (guihua.monitoring.status) and listed;
- data timeliness in the rounds of years up to Y: each of its round rows is
  on time (submitted — 已提交 or 已审定 — on or before the round's deadline, or no deadline set),
  late (submitted after the deadline), overdue (still 未填报 / 填报中 / 已退回 after the deadline) or
  pending (still owed, deadline not passed);
- projects: the projects it leads, counted by status, and the late ones (guihua.monitoring.warnings
  rule_project_late).

`scorecard_xlsx` writes one summary sheet and one sheet per unit (cells through guihua.cells).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guihua.monitoring.model import Evaluation
from guihua.monitoring.status import Status
from guihua.monitoring.warnings import OUTSTANDING, ProjectLine, rule_project_late

TIMELINESS = ("on_time", "late", "overdue", "pending")
TIMELINESS_LABELS = {"on_time": "按时", "late": "迟交", "overdue": "逾期未交", "pending": "未到期待交"}
STATUS_ORDER = tuple(Status)


@dataclass(frozen=True)
class TimelinessRow:
    """A round row as timeliness reads it."""

    year: int
    deadline: str | None  # YYYY-MM-DD
    department: str
    item: str
    state: str
    submitted_at: str | None  # ISO time


@dataclass
class UnitScore:
    """The scorecard of one unit."""

    unit: str
    kind: str | None  # 部门 | 县市区 | None
    statuses: dict[str, int] = field(default_factory=dict)
    indicators: list[dict[str, str]] = field(default_factory=list)  # target_id, indicator, status
    timeliness: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TIMELINESS, 0))
    projects: dict[str, int] = field(default_factory=dict)
    late_projects: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "kind": self.kind, "statuses": self.statuses, "indicators": self.indicators,
                "timeliness": self.timeliness, "projects": self.projects, "late_projects": self.late_projects}


def timeliness(row: TimelinessRow, today: str) -> str:
    """on_time | late | overdue | pending of one round row (see the module docstring); dates compared as
    YYYY-MM-DD, a submission on the deadline day is on time."""
    submitted = row.state in ("已提交", "已审定")
    if submitted:
        if not row.deadline or not row.submitted_at or row.submitted_at[:10] <= row.deadline:
            return "on_time"
        return "late"
    if row.state in OUTSTANDING and row.deadline and today > row.deadline:
        return "overdue"
    return "pending"


def scorecards(evaluation: Evaluation, leads: Mapping[str, str], rows: Iterable[TimelinessRow],
               projects: Iterable[ProjectLine], today: str,
               kinds: Mapping[str, str | None] | None = None) -> list[UnitScore]:
    """One scorecard per unit that leads a target, owes a round row or leads a project, by name."""
    kinds = kinds or {}
    cards: dict[str, UnitScore] = {}

    def card(name: str) -> UnitScore:
        if name not in cards:
            cards[name] = UnitScore(name, kinds.get(name))
        return cards[name]

    for ev in evaluation.items:
        lead = leads.get(ev.target.key)
        if not lead:
            continue
        c = card(lead)
        c.statuses[ev.status] = c.statuses.get(ev.status, 0) + 1
        c.indicators.append({"target_id": ev.target.key, "indicator": ev.target.indicator, "status": str(ev.status)})
    for r in rows:
        if r.year <= evaluation.year:
            card(r.department).timeliness[timeliness(r, today)] += 1
    for p in projects:
        if not p.lead_unit:
            continue
        c = card(p.lead_unit)
        c.projects[p.status] = c.projects.get(p.status, 0) + 1
        if rule_project_late(p, evaluation.year) is not None:
            c.late_projects.append(p.name)
    for c in cards.values():
        c.statuses = {str(s): c.statuses[s] for s in STATUS_ORDER if s in c.statuses}
    return [cards[k] for k in sorted(cards)]


SUMMARY_HEAD = ["单位", "类别", "牵头指标", *[str(s) for s in STATUS_ORDER],
                *TIMELINESS_LABELS.values(), "牵头项目", "逾期项目"]


def summary_row(c: UnitScore) -> list[Any]:
    return [c.unit, c.kind or "", sum(c.statuses.values()), *[c.statuses.get(str(s), 0) for s in STATUS_ORDER],
            *[c.timeliness[k] for k in TIMELINESS], sum(c.projects.values()), len(c.late_projects)]


def scorecard_xlsx(cards: Sequence[UnitScore], title: str, year: int) -> bytes:
    """The scorecards as an XLSX workbook: a summary sheet, then one sheet per unit."""
    from openpyxl import Workbook

    from guihua.cells import protect_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append([f"{title}　{year} 年考核计分卡"])
    ws.append(SUMMARY_HEAD)
    for c in cards:
        ws.append(summary_row(c))
    used: set[str] = {"汇总"}
    for c in cards:
        sheet = wb.create_sheet(_sheet_name(c.unit, used))
        sheet.append([c.unit, c.kind or ""])
        sheet.append([])
        sheet.append(["目标编号", "指标", "完成情况"])
        for i in c.indicators:
            sheet.append([i["target_id"], i["indicator"], i["status"]])
        sheet.append([])
        sheet.append(["数据报送", *TIMELINESS_LABELS.values()])
        sheet.append(["行数", *[c.timeliness[k] for k in TIMELINESS]])
        sheet.append([])
        sheet.append(["项目状态", "个数"])
        for status, n in c.projects.items():
            sheet.append([status, n])
        if c.late_projects:
            sheet.append([])
            sheet.append(["逾期项目"])
            for name in c.late_projects:
                sheet.append([name])
    protect_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    """An Excel sheet name (at most 31 characters, none of []:*?/\\), unique in the workbook."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:28] or "单位"
    out, n = clean, 2
    while out in used:
        out, n = f"{clean[:26]}{n}", n + 1
    used.add(out)
    return out
