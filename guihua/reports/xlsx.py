"""The report as an Excel workbook (openpyxl): indicator table, coloured statuses, native charts.

Sheets: 指标完成情况 (header frozen, filters, statuses coloured, units, working and notes),
总体评价 (counts by status with a bar chart), 图表 (each key indicator's expected path and
actual values with a line chart), 数据说明, 数据来源.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from guihua.cells import protect_workbook
from guihua.reports.model import STATUS_COLOURS, Report

INDICATOR_SHEET = "指标完成情况"
COLUMNS = [
    ("序号", 6), ("领域", 10), ("章节", 22), ("指标", 24), ("单位", 8), ("属性", 10), ("基期值", 14), ("目标值", 20),
    ("实际值", 22), ("完成情况", 12), ("应达值", 12), ("差距", 10), ("完成进度", 10), ("进度比", 8), ("国际对照", 10),
    ("计算方法", 20), ("计算过程", 60), ("数据说明", 50), ("出处", 10), ("规划原文", 40),
]
_NAMES = [c for c, _ in COLUMNS]
STATUS_COLUMN = _NAMES.index("完成情况") + 1  # 1-based
NOTES_COLUMN = _NAMES.index("数据说明") + 1
_NUMERIC = ("应达值", "差距", "完成进度", "进度比")
_WRAPPED = {_NAMES.index(n) + 1 for n in ("章节", "指标", "目标值", "实际值", "计算过程", "数据说明", "规划原文")}
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_FONT = "仿宋"
_HEAD_FONT = "黑体"


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = INDICATOR_SHEET
    _indicator_sheet(ws, report)
    _summary_sheet(wb.create_sheet("总体评价"), report)
    if report.charts:
        _chart_sheet(wb.create_sheet("图表"), report)
    _notes_sheet(wb.create_sheet("数据说明"), report)
    _sources_sheet(wb.create_sheet("数据来源"), report)
    if report.projects is not None:
        _projects_sheet(wb.create_sheet("重大项目"), report)
    wb.properties.title = report.title
    wb.properties.creator = "guihua"
    protect_workbook(wb)  # text from plans and data never runs as a formula
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(report: Report, path: Path) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(render_xlsx(report))
    tmp.replace(path)
    return path


def _header(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, 1):
        c = ws.cell(row=row, column=col, value=name)
        c.font = Font(name=_HEAD_FONT, bold=True)
        c.fill = _HEADER_FILL
        c.border = _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _indicator_sheet(ws: Worksheet, report: Report) -> None:
    ws.cell(row=1, column=1, value=report.title).font = Font(name=_HEAD_FONT, size=14, bold=True)
    ws.cell(row=2, column=1, value=report.subtitle).font = Font(name=_FONT)
    head_row = 3
    _header(ws, head_row, [c for c, _ in COLUMNS])
    for col, (_, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    r = head_row
    for row in report.rows:
        r += 1
        values = [row.number, row.domain, row.chapter, row.indicator, row.unit, row.attribute, row.baseline, row.target, row.actual,
                  row.status, row.expected, row.gap, row.share, row.ratio, row.intl, row.method, row.working,
                  "\n".join(row.notes), row.where, row.quote]
        for col, v in enumerate(values, 1):
            name = _NAMES[col - 1]
            if name in _NUMERIC and row.numbers.get(name) is not None:
                v = round(float(row.numbers[name] or 0.0), 4)  # a number, so filters and sorting work
            c = ws.cell(row=r, column=col, value=v)
            if name == "完成进度" and isinstance(v, float):
                c.number_format = "0.0%"
            c.font = Font(name=_FONT, color="9C0006" if col == NOTES_COLUMN else None)
            c.border = _BORDER
            c.alignment = Alignment(vertical="top", wrap_text=col in _WRAPPED)
        status = ws.cell(row=r, column=STATUS_COLUMN)
        status.fill = PatternFill("solid", fgColor=STATUS_COLOURS.get(row.status, "FFFFFF"))
        status.font = Font(name=_HEAD_FONT, bold=True)
        status.alignment = Alignment(horizontal="center", vertical="top")
    ws.freeze_panes = ws.cell(row=head_row + 1, column=_NAMES.index("指标") + 2)
    ws.auto_filter.ref = f"A{head_row}:{get_column_letter(len(COLUMNS))}{max(r, head_row + 1)}"
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def _summary_sheet(ws: Worksheet, report: Report) -> None:
    ws.cell(row=1, column=1, value="总体评价").font = Font(name=_HEAD_FONT, size=14, bold=True)
    ws.cell(row=2, column=1, value=report.overview).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:H6")
    _header(ws, 8, ["完成情况", "指标数"])
    for i, (status, count) in enumerate(report.summary, 9):
        a = ws.cell(row=i, column=1, value=status)
        a.fill = PatternFill("solid", fgColor=STATUS_COLOURS.get(status, "FFFFFF"))
        a.border = _BORDER
        ws.cell(row=i, column=2, value=count).border = _BORDER
    ws.column_dimensions["A"].width = 16
    last = 8 + len(report.summary)
    intl_row = last + 2
    _header(ws, intl_row, ["国际对照", "指标数"])
    for i, (band, count) in enumerate(report.summary_intl, intl_row + 1):
        ws.cell(row=i, column=1, value=band).border = _BORDER
        ws.cell(row=i, column=2, value=count).border = _BORDER
    chart = BarChart()
    chart.type = "col"
    chart.title = "各完成情况的指标数"
    chart.y_axis.title = "项"
    chart.add_data(Reference(ws, min_col=2, min_row=8, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=9, max_row=last))
    chart.legend = None
    chart.height, chart.width = 7.5, 14
    ws.add_chart(chart, "D8")


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
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 16


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


def _sources_sheet(ws: Worksheet, report: Report) -> None:
    _header(ws, 1, ["指标", "年份", "数值", "单位", "来源", "原文"])
    for i, s in enumerate(report.sources, 2):
        for col, v in enumerate([s.indicator, s.year, s.value, s.unit, s.url, s.quote], 1):
            ws.cell(row=i, column=col, value=v)
    for letter, width in zip("ABCDEF", (24, 12, 12, 10, 50, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _projects_sheet(ws: Worksheet, report: Report) -> None:
    p = report.projects
    assert p is not None
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14
    ws.cell(row=1, column=1, value="重大项目推进情况").font = Font(name=_HEAD_FONT, size=14, bold=True)
    ws.cell(row=2, column=1, value=p.summary).alignment = Alignment(wrap_text=True, vertical="top")
    r = 4
    for title, pairs in (("状态", p.by_status), ("类别", p.by_category)):
        _header(ws, r, [title, "项目数"])
        for name, n in pairs:
            r += 1
            ws.cell(row=r, column=1, value=name)
            ws.cell(row=r, column=2, value=n)
        r += 2
    if p.investment:
        _header(ws, r, ["单位", "计划总投资", "已建成项目投资", "完成比例"])
        for row in p.investment:
            r += 1
            for col, v in enumerate(row, 1):
                ws.cell(row=r, column=col, value=v)
        r += 2
    if p.not_started_names:
        _header(ws, r, ["尚未开工的项目"])
        for name in p.not_started_names:
            r += 1
            ws.cell(row=r, column=1, value=name)
