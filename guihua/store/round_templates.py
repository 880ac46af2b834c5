"""A department's own Excel template of a data round, and reading it back.

The template (one sheet, “填报”, protected: only the input cells can be changed) has a title line, a
line of instructions, a header and one line per row the department owes: the row's id (column A,
hidden), the indicator or project, its unit, the values of the three earlier years, the value of the
round's year (input; data validation: a decimal number), the project's progress (input, project rows
only), a note (input), the row's state and 规划办's return comment.

Reading it back (`read_template`) matches lines by the hidden id: the id must be a row of this
round; a row of another department is refused; the unit must be the row's unit; each value is
checked as an imported actual value is (guihua.store.rounds.check_value). Every bad cell is named
(sheet, line, column) and nothing is written unless every line is right; then all lines are saved in
one transaction (-> 填报中). Lines left blank are skipped; lines of rows already submitted or
approved are skipped when unchanged and refused when changed. The file's size and shape are checked
first (guihua.store.table_limits).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from guihua.cells import protect_workbook
from guihua.errors import InputError, RowErrors
from guihua.store.access import AccessDenied
from guihua.store.repository import Store
from guihua.store.rounds import check_value
from guihua.store.rounds_repo import FILLABLE, RoundRow, RowFill
from guihua.store.table_limits import LIMITS, TableLimits, xlsx_rows

SHEET = "填报"
EARLIER_YEARS = 3
HEADER_LINE = 3
ID, NAME, UNIT = "编号", "指标或项目", "单位"
PROGRESS, NOTE, STATE, COMMENT = "项目进展", "备注", "状态", "退回意见"


def value_header(year: int) -> str:
    return f"{year}年数值"


def _headers(year: int) -> list[str]:
    earlier = [f"{y}年" for y in range(year - EARLIER_YEARS, year)]
    return [ID, NAME, UNIT, *earlier, value_header(year), PROGRESS, NOTE, STATE, COMMENT]


def _earlier(row: RoundRow, year: int) -> list[Any]:
    by_period = {p: v for p, v, _ in row.history}
    return [by_period.get(str(y)) for y in range(year - EARLIER_YEARS, year)]


def template_bytes(store: Store, plan_id: str, year: int, department: str) -> bytes:
    """The department's template of the round of `year` (XLSX bytes)."""
    plan = store.get_plan(plan_id)
    rnd = store.get_round(plan_id, year)
    rows = store.todo(plan_id, year, department)
    if not rows:
        raise InputError("--department", f"{department}在 {year} 年的填报轮次中没有需要填报的行")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    headers = _headers(year)
    ws.append([f"{plan.title}　{year} 年数据填报　填报单位：{department}"
               + (f"　截止日期：{rnd.deadline}" if rnd.deadline else "")])
    ws.append(["说明：只填写黄色单元格（数值按所列单位填写，项目填写进展）；不要改动编号列、增删行或改动单位。"
               "填好后在网页“我的填报”上传，或用 guihua round upload。"])
    ws.append(headers)
    value_col = headers.index(value_header(year)) + 1
    inputs = (value_col, headers.index(PROGRESS) + 1, headers.index(NOTE) + 1)
    fill = PatternFill("solid", fgColor="FFF2CC")
    dv = DataValidation(type="decimal", operator="between", formula1="-1000000000000000", formula2="1000000000000000", allow_blank=True,
                        showErrorMessage=True, errorTitle="数值有误", error="请填写数字（按“单位”列所列单位）")
    ws.add_data_validation(dv)
    for r in rows:
        editable = r.state in FILLABLE
        ws.append([r.id, r.name, r.unit or "", *_earlier(r, year),
                   r.value if r.indicator_id is not None else None,
                   r.progress if r.indicator_id is None else "", r.note or "", r.state, r.comment or ""])
        line = ws.max_row
        for col in inputs:
            if col == value_col and r.indicator_id is None or col == inputs[1] and r.indicator_id is not None:
                continue
            cell = ws.cell(line, col)
            if editable:
                cell.protection = Protection(locked=False)
                cell.fill = fill
        if r.indicator_id is not None and editable:
            dv.add(ws.cell(line, value_col).coordinate)
    for cell in ws[HEADER_LINE]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 36
    for col in range(3, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.freeze_panes = ws.cell(HEADER_LINE + 1, 2)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may be changed
    protect_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class UploadResult:
    saved: int  # rows saved (-> 填报中)
    skipped: int  # blank lines and unchanged lines of submitted rows


@dataclass(frozen=True)
class BadCell:
    line: int
    column: str  # the spreadsheet column letter
    header: str
    reason: str

    @property
    def location(self) -> str:
        return f"工作表“{SHEET}”第 {self.line} 行 {self.column} 列（{self.header}）"


class TemplateError(RowErrors):
    """Bad cells of an uploaded template; nothing was written. `problems`: (line, "X 列（header）：reason");
    `cells`: the same as BadCell records."""

    def __init__(self, path: str, cells: list[BadCell]) -> None:
        super().__init__(path, [(c.line, f"{c.column} 列（{c.header}）：{c.reason}") for c in cells])
        self.cells = cells


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_template(store: Store, plan_id: str, year: int, department: str | None, content: bytes, *,
                  filename: str, user: str, limits: TableLimits = LIMITS) -> UploadResult:
    """Check every line of an uploaded template, then save them all in one transaction (or raise
    TemplateError naming each bad cell, AccessDenied for rows of another department)."""
    where = f"{filename}（工作表“{SHEET}”）"
    if len(content) > limits.max_file_bytes:
        raise InputError(filename, f"文件超过 {limits.max_file_bytes // (1024 * 1024)} MB")
    raw = xlsx_rows(content, limits, where=filename)
    headers = _headers(year)
    header_at = next((i for i, r in enumerate(raw[:10]) if r and _text(r[0]) == ID), None)
    if header_at is None or [_text(v) for v in raw[header_at][:len(headers)]] != headers:
        raise InputError(where, f"不是 {year} 年填报模板（第 {HEADER_LINE} 行应为表头：{'、'.join(headers)}）；"
                                "请重新下载模板")
    col = {h: i for i, h in enumerate(headers)}
    rows = {r.id: r for r in store.round_rows(plan_id, year)}
    problems: list[BadCell] = []
    others: list[tuple[int, str]] = []
    fills: list[RowFill] = []
    skipped = 0
    seen: dict[int, int] = {}

    def bad(line: int, header: str, reason: str) -> None:
        problems.append(BadCell(line, get_column_letter(col[header] + 1), header, reason))

    for k, cells in enumerate(raw[header_at + 1:], start=header_at + 2):
        cells = list(cells) + [None] * (len(headers) - len(cells))
        if all(_text(v) == "" for v in cells[:len(headers)]):
            continue
        id_text = _text(cells[col[ID]])
        if not id_text.isdigit() or int(id_text) not in rows:
            bad(k, ID, f"编号“{id_text}”不是本轮填报的行（不要改动编号列）")
            continue
        row = rows[int(id_text)]
        if row.id in seen:
            bad(k, ID, f"编号 {row.id} 已在第 {seen[row.id]} 行出现")
            continue
        seen[row.id] = k
        if department is not None and row.department != department:
            others.append((k, f"“{row.name}”由{row.department}填报，不能由{department}上传"))
            continue
        if _text(cells[col[UNIT]]) != (row.unit or ""):
            bad(k, UNIT, f"单位应为“{row.unit or '（无）'}”，不要改动（收到“{_text(cells[col[UNIT]])}”）")
            continue
        value_text = _text(cells[col[value_header(year)]])
        progress = _text(cells[col[PROGRESS]])
        note = _text(cells[col[NOTE]])
        given = value_text if row.indicator_id is not None else progress
        if not given and not note:
            skipped += 1
            continue
        if row.state not in FILLABLE:
            same = (row.value_text or _text(row.value)) == value_text if row.indicator_id is not None \
                else (row.progress or "") == progress
            if same and (row.note or "") == note:
                skipped += 1
            else:
                bad(k, value_header(year) if row.indicator_id is not None else PROGRESS,
                    f"该行现为“{row.state}”，不能修改")
            continue
        if row.indicator_id is None:
            if not progress:
                bad(k, PROGRESS, "请填写项目进展")
                continue
            fills.append(RowFill(row.id, progress=progress, note=note or None))
            continue
        try:
            number = check_value(store, row, cells[col[value_header(year)]] if value_text else "")
        except InputError as exc:
            bad(k, value_header(year), exc.reason)
            continue
        fills.append(RowFill(row.id, value=number, value_text=value_text, note=note or None))
    if others:
        raise AccessDenied(f"{where}：{len(others)} 行属于其他单位，未写入任何行", others)
    if problems:
        raise TemplateError(where, problems)
    if fills:
        store.fill_round_rows(fills, user=user, department=department)
    return UploadResult(saved=len(fills), skipped=skipped)
