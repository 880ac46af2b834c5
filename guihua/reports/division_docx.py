"""The 任务分工方案 as a Word document (python-docx), in the layout of the office's other documents.

A4 portrait with the margins, fonts and page numbers of guihua.reports.docx (GB/T 9704): the title in
bold 宋体 2号, the table in 仿宋 五号 with its header (黑体, shaded) repeated on every page; a 篇 or
其他/未明确责任单位 group row spans the table in 黑体, a 章 row in 楷体.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from guihua.reports.division import COLUMNS, Division, DivisionRow
from guihua.reports.docx import (
    CELL_PAD_MM,
    DocxStyle,
    _base_styles,
    _cant_split,
    _cell_margins,
    _cell_text,
    _font_fallbacks,
    _page,
    _para,
    _repeat_header,
    _set_font,
    _shade,
    _widths,
)
from guihua.reports.files import write_atomic

WIDTHS_MM = (12.0, 46.0, 40.0, 29.0, 29.0)  # 156 mm: the text width of the page


def render_division_docx(d: Division, generated: str, style: DocxStyle = DocxStyle()) -> bytes:
    """The 分工方案 as .docx bytes; `generated` is the date written at the end."""
    doc = Document()
    _page(doc)
    _base_styles(doc, style)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(12)
    p.paragraph_format.line_spacing = Pt(36)
    _set_font(p.add_run(d.title), style.title_font, style.latin_font, style.title_size, bold=True)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, CELL_PAD_MM)
    header = table.rows[0]
    _repeat_header(header)
    for i, name in enumerate(COLUMNS):
        _cell_text(header.cells[i], name, style, centre=True, font=style.heading_font)
        _shade(header.cells[i], "D9D9D9")
    body = _table_style(doc, style).style_id  # one paragraph style for the cells: fonts set once, not per cell
    for line in d.lines:
        row = table.add_row()
        _cant_split(row)
        cells = row.cells
        if isinstance(line, DivisionRow):
            values = (str(line.number), line.item, line.target, line.lead, line.co)
            for i, v in enumerate(values):
                par = cells[i].paragraphs[0]
                par._p.style = body  # (python-docx's Paragraph.style looks the style up again each time)
                if i in (0, 3):
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                par.add_run(v)
        else:
            merged = cells[0].merge(cells[-1])
            font = style.heading_font if line.level == 1 else style.subheading_font
            _cell_text(merged, line.title, style, font=font)
            for par in merged.paragraphs:
                par.paragraph_format.keep_with_next = True
    _widths(table, WIDTHS_MM)
    end = _para(doc, f"生成日期：{generated}", style, indent=False)
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font_fallbacks(doc, style)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table_style(doc: Any, st: DocxStyle) -> Any:
    """The paragraph style of the table's cells: 仿宋 五号, single-line spacing, no indent."""
    body = doc.styles.add_style("分工方案表格", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = doc.styles["Normal"]
    _set_font(body, st.body_font, st.latin_font, st.table_size)
    body.paragraph_format.first_line_indent = Pt(0)
    body.paragraph_format.line_spacing = Pt(st.table_size * 1.35)
    return body


def write_division_docx(d: Division, path: Path, generated: str) -> Path:
    return write_atomic(path, render_division_docx(d, generated))
