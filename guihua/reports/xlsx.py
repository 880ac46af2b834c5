"""The report as an Excel workbook (openpyxl): the same text and tables as the HTML and DOCX.

Sheets: 报告正文 (every heading and paragraph in order), 总体评价 (the counts with a bar chart), one
sheet per table (caption in row 1, header in row 2, rows from row 3; tables sharing a sheet are
stacked with a blank row between), with checking columns to the right after one empty column
(comparability notes, the working, and for indicator tables the numbers behind the cells), 图表
(native line charts of the key indicators), 数据说明 (notes and thresholds).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from guihua.cells import protect_workbook
from guihua.reports.document import Figure, Para, Section, Table, cn_number
from guihua.reports.files import write_atomic
from guihua.reports.layout import plan_columns
from guihua.reports.model import STATUS_COLOURS, Report, Row

TEXT_SHEET = "报告正文"
MAIN_SHEET = "主要指标"
CAPTION_ROW, HEADER_ROW = 1, 2  # of the first table on a sheet
_NUMBERS = ("应达值", "差距", "完成进度", "进度比")
_INDICATOR_TABLES = ("main", "other", "lagging")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_FONT = "仿宋"
_HEAD_FONT = "黑体"


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    text = wb.active
    assert text is not None
    text.title = TEXT_SHEET
    rows_by_key = {r.key: r for r in report.rows}
    _text_sheet(text, report)
    sheets: dict[str, tuple[Worksheet, int]] = {}  # sheet name -> (sheet, next free row)
    count = 0
    labelled = [(s, "") for s in report.body]
    labelled += [(s, f"附表{cn_number(n)}　{s.title}")
                 for n, s in enumerate((s for s in report.appendices if s.id != "notes"), 1)]
    for section, label in labelled:
        for block in section.walk():
            if not isinstance(block, Table):
                continue
            if block.rows and not label:
                count += 1
            name = (block.sheet or block.id)[:31]
            if name not in sheets:
                sheets[name] = (wb.create_sheet(name), 1)
            ws, row = sheets[name]
            caption = label or f"表 {count}　{block.title}"
            sheets[name] = (ws, _table(ws, row, block, caption, rows_by_key) + 2)
            if block.id == "counts":
                _counts_chart(ws, row, block)
    if report.charts:
        _chart_sheet(wb.create_sheet("图表"), report)
    _notes_sheet(wb.create_sheet("数据说明"), report)
    wb.properties.title = report.title
    wb.properties.creator = "guihua"
    protect_workbook(wb)  # text from plans and data never runs as a formula
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(report: Report, path: Path) -> Path:
    return write_atomic(path, render_xlsx(report))


def _header(ws: Worksheet, row: int, names: list[str], start: int = 1) -> None:
    for col, name in enumerate(names, start):
        c = ws.cell(row=row, column=col, value=name)
        c.font = Font(name=_HEAD_FONT, bold=True)
        c.fill = _HEADER_FILL
        c.border = _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _text_sheet(ws: Worksheet, report: Report) -> None:
    ws.column_dimensions["A"].width = 110
    lines: list[tuple[str, str]] = [(report.title, "title"), (report.subtitle, "body")]

    def walk(section: Section, label: str) -> None:
        lines.append((label + section.title, "heading"))
        sub = 0
        for b in section.blocks:
            if isinstance(b, Para):
                lines.append((b.text, b.style))
            elif isinstance(b, Table) and not b.rows:
                lines.append((b.empty, "empty"))
            elif isinstance(b, Figure):
                lines.append((f"（图）{b.chart.title}", "note"))
            elif isinstance(b, Section):
                sub += 1
                walk(b, f"（{cn_number(sub)}）")

    for i, s in enumerate(report.body, 1):
        walk(s, f"{cn_number(i)}、")
    n = 0
    for s in report.appendices:
        if s.id == "notes":
            walk(s, "附：")
        else:
            n += 1
            walk(s, f"附表{cn_number(n)}　")
    for r, (text, style) in enumerate(lines, 1):
        c = ws.cell(row=r, column=1, value=text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        bold = style in ("title", "heading")
        c.font = Font(name=_HEAD_FONT if bold else _FONT, bold=bold, size=14 if style == "title" else None,
                      color="C00000" if style == "draft" else None)
        if style == "draft":
            c.fill = PatternFill("solid", fgColor="FFF8E1")


def _table(ws: Worksheet, top: int, t: Table, caption: str, rows_by_key: dict[str, Row]) -> int:
    """Write `t` from row `top`; the last row written."""
    ws.cell(row=top, column=1, value=caption).font = Font(name=_HEAD_FONT, size=12, bold=True)
    if not t.rows:
        ws.cell(row=top + 1, column=1, value=t.empty).font = Font(name=_FONT)
        return top + 1
    extras = []
    if any(r.notes for r in t.rows):
        extras.append("说明")
    if any(r.detail for r in t.rows):
        extras.append("计算过程")
    indicator = t.id in _INDICATOR_TABLES
    if indicator:
        extras += [*_NUMBERS, "国际对照", "规划原文"]
    first_extra = len(t.columns) + 2  # one empty column between the report's table and the checking columns
    _header(ws, top + 1, t.columns)
    if extras:
        _header(ws, top + 1, extras, start=first_extra)
    plan = plan_columns(t, 130.0)
    for col, w in enumerate(plan.widths_em, 1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, min(2 * w + 2, 60))
    for k, name in enumerate(extras, first_extra):
        ws.column_dimensions[get_column_letter(k)].width = 60 if name in ("计算过程", "说明", "规划原文") else 11
    r = top + 1
    for tr in t.rows:
        r += 1
        values: list[object] = list(tr.cells) + ([None] if extras else [])
        row = rows_by_key.get(tr.key)
        for name in extras:
            if name == "说明":
                values.append("\n".join(tr.notes))
            elif name == "计算过程":
                values.append(tr.detail)
            elif name in _NUMBERS:
                number = row.numbers.get(name) if row is not None else None
                values.append(round(float(number), 4) if number is not None else None)
            elif name == "国际对照":
                values.append(row.intl if row is not None else "")
            elif name == "规划原文":
                values.append(row.quote if row is not None else "")
        for col, v in enumerate(values, 1):
            if col == len(t.columns) + 1:
                continue  # the spacer
            extra = extras[col - first_extra] if col >= first_extra else ""
            if col - 1 in t.number_cols and isinstance(v, str) and _NUMBER.fullmatch(v):
                v = float(v) if "." in v else int(v)  # a number cell, so sums and sorting work
            c = ws.cell(row=r, column=col, value=v)
            c.font = Font(name=_FONT, color="9C0006" if extra == "说明" else None)
            c.border = _BORDER
            c.alignment = Alignment(vertical="top", wrap_text=isinstance(v, str) and col - 1 not in t.number_cols)
            if extra == "完成进度" and v is not None:
                c.number_format = "0.0%"
        if t.status_col is not None and tr.status:
            s = ws.cell(row=r, column=t.status_col + 1)
            s.fill = PatternFill("solid", fgColor=STATUS_COLOURS.get(tr.status, "FFFFFF"))
            s.font = Font(name=_HEAD_FONT, bold=True)
            s.alignment = Alignment(horizontal="center", vertical="top")
    if top == 1:
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(t.columns))}{r}"
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
    return r


def _counts_chart(ws: Worksheet, top: int, t: Table) -> None:
    status_rows = [i for i, r in enumerate(t.rows) if r.status]
    if not status_rows:
        return
    first, last = top + 2 + status_rows[0], top + 2 + status_rows[-1]
    total_col = len(t.columns)
    chart = BarChart()
    chart.type = "col"
    chart.title = "各完成情况的项数"
    chart.y_axis.title = "项"
    chart.add_data(Reference(ws, min_col=total_col, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.legend = None
    chart.height, chart.width = 7.5, 14
    ws.add_chart(chart, f"{get_column_letter(total_col + 2)}{top}")


def _chart_sheet(ws: Worksheet, report: Report) -> None:
    ws.cell(row=1, column=1, value="重点指标实际与预期路径").font = Font(name=_HEAD_FONT, size=14, bold=True)
    row = 3
    for chart in report.charts:
        years = sorted({y for y, _ in chart.expected} | {y for y, _ in chart.actual})
        exp = dict(chart.expected)
        act = dict(chart.actual)
        ws.cell(row=row, column=1, value=chart.title).font = Font(name=_HEAD_FONT, bold=True)
        heads = ["年份", f"预期路径（{chart.unit}）", f"实际值（{chart.unit}）"]
        _header(ws, row + 1, heads)
        for i, y in enumerate(years, row + 2):
            ws.cell(row=i, column=1, value=str(y))
            ws.cell(row=i, column=2, value=round(exp[y], 4) if y in exp else None)
            ws.cell(row=i, column=3, value=round(act[y], 4) if y in act else None)
        first, last = row + 2, row + 1 + len(years)
        line = LineChart()
        line.title = chart.title
        line.y_axis.title = chart.unit
        line.x_axis.title = "年份"
        line.add_data(Reference(ws, min_col=2, max_col=len(heads), min_row=row + 1, max_row=last),
                      titles_from_data=True)
        line.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        line.series[0].graphicalProperties.line.dashStyle = "dash"
        line.series[1].marker.symbol = "circle"
        line.height, line.width = 7.5, 15
        ws.add_chart(line, f"F{row}")
        row = max(last, row + 16) + 2
    for letter, width in zip("ABCD", (10, 16, 16, 16), strict=True):
        ws.column_dimensions[letter].width = width


def _notes_sheet(ws: Worksheet, report: Report) -> None:
    ws.column_dimensions["A"].width = 120
    r = 1
    ws.cell(row=r, column=1, value="数据说明").font = Font(name=_HEAD_FONT, size=14, bold=True)
    for note in report.plan_notes + report.data_notes:
        r += 1
        ws.cell(row=r, column=1, value=note).alignment = Alignment(wrap_text=True, vertical="top")
    r += 2
    ws.cell(row=r, column=1, value="阈值设置").font = Font(name=_HEAD_FONT, bold=True)
    for name, value in report.thresholds.items():
        r += 1
        ws.cell(row=r, column=1, value=f"{name} = {value}")
