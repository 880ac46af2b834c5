"""The 任务分工方案 as an Excel workbook (openpyxl): one sheet 分工方案, the title merged over the table
in row 1, the header in row 2, one row per item below; group rows (篇/章, 其他, 未明确责任单位) merged
across the table in bold. Every text cell passes guihua.cells.protect_workbook (never a formula).

The sheet is also a valid 分工方案 to import (guihua.store.assignment_in): the header names its columns,
and group rows and unassigned rows have no 牵头 or 配合 unit, so they are passed over.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from guihua.cells import protect_workbook
from guihua.reports.division import COLUMNS, Division, DivisionRow
from guihua.reports.files import write_atomic

SHEET = "分工方案"
TITLE_ROW, HEADER_ROW = 1, 2
WIDTHS = (6, 40, 34, 18, 28)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "仿宋"
_HEAD_FONT = "黑体"


def render_division_xlsx(d: Division) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    last = len(COLUMNS)
    ws.cell(row=TITLE_ROW, column=1, value=d.title).font = Font(name="宋体", bold=True, size=16)
    ws.cell(row=TITLE_ROW, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last)
    for col, name in enumerate(COLUMNS, 1):
        c = ws.cell(row=HEADER_ROW, column=col, value=name)
        c.font = Font(name=_HEAD_FONT, bold=True)
        c.fill = PatternFill("solid", fgColor="D9D9D9")
        c.border = _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = HEADER_ROW
    for line in d.lines:
        row += 1
        if isinstance(line, DivisionRow):
            for col, v in enumerate((line.number, line.item, line.target, line.lead, line.co), 1):
                c = ws.cell(row=row, column=col, value=v)
                c.font = Font(name=_FONT)
                c.border = _BORDER
                c.alignment = Alignment(vertical="center", wrap_text=True,
                                        horizontal="center" if col in (1, 4) else None)
        else:
            c = ws.cell(row=row, column=1, value=line.title)
            c.font = Font(name=_HEAD_FONT if line.level == 1 else "楷体", bold=line.level == 1)
            for col in range(1, last + 1):
                ws.cell(row=row, column=col).border = _BORDER
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    for col, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[chr(64 + col)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    wb.properties.title = d.title
    wb.properties.creator = "guihua"
    protect_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_division_xlsx(d: Division, path: Path) -> Path:
    return write_atomic(path, render_division_xlsx(d))
