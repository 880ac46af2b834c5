"""The report as a Word document shaped like a planning office's evaluation (python-docx).

Layout follows the usual government-document conventions (GB/T 9704): A4, margins 37/35/28/26 mm,
title in bold 宋体 (2号, 22 pt; set DocxStyle.title_font to 方正小标宋简体 where offices have it), body
in 仿宋 (3号, 16 pt) with 28.9 pt line spacing, first-level headings in 黑体, second-level in 楷体,
tables in 仿宋 五号. Fonts are named by the Chinese names Windows and WPS install; the font table
also lists an alternative (w:altName, Noto CJK) for each. LibreOffice ignores altName and uses
fontconfig's default CJK font when the named font is absent, which keeps the layout.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from guihua.reports.charts import png_chart
from guihua.reports.document import DRAFT_MARK, Figure, Para, Section, Table, cn_number
from guihua.reports.files import write_atomic
from guihua.reports.layout import plan_columns, wrap_words
from guihua.reports.model import STATUS_COLOURS, Report


@dataclass(frozen=True)
class DocxStyle:
    """Fonts and sizes of the document (official names; fallbacks for machines without them)."""

    title_font: str = "宋体"
    title_fallback: str = "Noto Serif CJK SC"
    body_font: str = "仿宋"
    body_fallback: str = "Noto Serif CJK SC"
    heading_font: str = "黑体"
    heading_fallback: str = "Noto Sans CJK SC"
    subheading_font: str = "楷体"
    subheading_fallback: str = "Noto Serif CJK SC"
    latin_font: str = "Times New Roman"
    title_size: float = 22
    body_size: float = 16
    table_size: float = 10.5
    line_spacing: float = 28.9


TEXT_WIDTH_MM = 156.0  # A4 less the 28 mm and 26 mm margins
CELL_PAD_MM = 0.8  # left and right cell margin
TABLE_SIZES = (10.5, 9.0, 8.0)  # 五号, 小五, 六号: the first at which the table's content fits
_MM_PER_PT = 25.4 / 72
_SLACK = 0.96  # room left for glyphs a little wider than the estimate


def render_docx(report: Report, style: DocxStyle = DocxStyle()) -> bytes:
    """The report as .docx bytes."""
    doc = Document()
    _page(doc)
    _base_styles(doc, style)
    _title(doc, report, style)
    count = {"table": 0, "figure": 0}
    for i, section in enumerate(report.body, 1):
        _heading(doc, f"{cn_number(i)}、{section.title}", style)
        _blocks(doc, section, style, count, depth=1)
    n = 0
    for j, section in enumerate(report.appendices):
        if section.id == "notes":
            _heading(doc, f"附：{section.title}", style, page_break=j == 0)
        else:
            n += 1
            _heading(doc, f"附表{cn_number(n)}　{section.title}", style, page_break=j == 0)
        _blocks(doc, section, style, count, depth=1, captions=False)
    end = _para(doc, f"生成日期：{report.generated}", style, indent=False)
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font_fallbacks(doc, style)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(report: Report, path: Path, style: DocxStyle = DocxStyle()) -> Path:
    return write_atomic(path, render_docx(report, style))


def _blocks(doc: Any, section: Section, st: DocxStyle, count: dict[str, int], depth: int,
            captions: bool = True) -> None:
    sub = 0
    for b in section.blocks:
        if isinstance(b, Para):
            _paragraph(doc, b, st)
        elif isinstance(b, Table):
            if not b.rows:
                _para(doc, b.empty, st)
                continue
            if captions:
                count["table"] += 1
                cap = _para(doc, f"表 {count['table']}　{b.title}", st, size=st.table_size, indent=False,
                            font=st.heading_font)
                cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
                cap.paragraph_format.keep_with_next = True
                cap.paragraph_format.space_before = Pt(6)
            table(doc, b, st)
        elif isinstance(b, Figure):
            count["figure"] += 1
            doc.add_picture(io.BytesIO(png_chart(b.chart)), width=Mm(150))
            pic = doc.paragraphs[-1]
            pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pic.paragraph_format.line_spacing = 1.0  # an exact line height would clip the picture
            pic.paragraph_format.first_line_indent = Pt(0)
            pic.paragraph_format.keep_with_next = True
            cap = _para(doc, f"图 {count['figure']}　{b.chart.title}", st, size=st.table_size, indent=False)
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(b, Section):
            sub += 1
            label = f"（{cn_number(sub)}）" if depth == 1 else f"{sub}. "
            _subheading(doc, f"{label}{b.title}", st, kaiti=depth == 1)
            _blocks(doc, b, st, count, depth + 1, captions)


def _paragraph(doc: Any, b: Para, st: DocxStyle) -> None:
    if b.style == "note":
        _para(doc, b.text, st, size=st.table_size, indent=False)
        return
    if b.style != "draft":
        _para(doc, b.text, st)
        return
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(st.body_size * 2)
    text = b.text[len(DRAFT_MARK):] if b.text.startswith(DRAFT_MARK) else b.text
    mark = p.add_run(DRAFT_MARK)
    _set_font(mark, st.heading_font, st.latin_font, st.body_size, bold=True)
    mark.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    _set_font(p.add_run(text), st.subheading_font, st.latin_font, st.body_size)
    _shade_paragraph(p, "FFF8E1")


def table_font_size(t: Table, st: DocxStyle) -> tuple[float, list[float]]:
    """The table's font size and its column widths in mm: the largest size at which every column's
    unbreakable content (a name's longest word, a number, a status) fits the A4 text width."""
    cols = len(t.columns)
    for size in (*[s for s in TABLE_SIZES if s <= st.table_size], TABLE_SIZES[-1]):
        em_mm = size * _MM_PER_PT
        available = (TEXT_WIDTH_MM - cols * 2 * CELL_PAD_MM) * _SLACK / em_mm
        plan = plan_columns(t, available)
        if plan.fits or size == TABLE_SIZES[-1]:
            return size, [w * em_mm / _SLACK + 2 * CELL_PAD_MM for w in plan.widths_em]
    raise AssertionError("unreachable")


def table(doc: Any, t: Table, st: DocxStyle) -> Any:
    """A report table: header repeated on each page, widths sized to content, names wrapped only
    between words, statuses coloured, comparability notes in a full-width row under their row."""
    size, widths = table_font_size(t, st)
    em_mm = size * _MM_PER_PT
    out = doc.add_table(rows=1, cols=len(t.columns))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    _cell_margins(out, CELL_PAD_MM)
    header = out.rows[0]
    _repeat_header(header)
    for i, h in enumerate(t.columns):
        _cell_text(header.cells[i], h, st, centre=True, font=st.heading_font, size=size)
        _shade(header.cells[i], "D9D9D9")
    for r in t.rows:
        cells = out.add_row().cells
        _cant_split(out.rows[-1])
        for i, v in enumerate(r.cells):
            if i in t.wrap_cols:
                v = wrap_words(v, (widths[i] - 2 * CELL_PAD_MM) * _SLACK / em_mm)
            centre = i == t.status_col or (i in t.number_cols and i == 0)
            _cell_text(cells[i], v, st, centre=centre, bold=i == t.status_col, size=size)
            if i in t.number_cols and not centre:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if t.status_col is not None and r.status:
            _shade(cells[t.status_col], STATUS_COLOURS.get(r.status, "FFFFFF"))
        if r.notes:  # comparability warnings: a full-width row right under the value they concern
            for cell in cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
            note_cells = out.add_row().cells
            merged = note_cells[1].merge(note_cells[-1]) if len(note_cells) > 1 else note_cells[0]
            _cell_text(merged, "※ " + "\n※ ".join(r.notes), st, size=size - 1,
                       colour=RGBColor(0x9C, 0x00, 0x06))
            _cant_split(out.rows[-1])
    if len(out.rows) <= 16:  # a short table stays on one page: every row keeps with the next
        for row in out.rows[:-1]:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    _widths(out, widths)
    return out


# --------------------------------------------------------------------------- layout helpers

def _page(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number(section.footer.paragraphs[0])


def _page_number(p: Paragraph) -> None:
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run("— ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        r = p.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        r._r.append(el)
    p.add_run(" —")
    run.font.size = Pt(14)


def _set_font(run_or_style: object, east_asia: str, latin: str, size: float | None = None,
              bold: bool | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)


def _base_styles(doc: object, st: DocxStyle) -> None:
    normal = doc.styles["Normal"]  # type: ignore[attr-defined]
    _set_font(normal, st.body_font, st.latin_font, st.body_size)
    normal.paragraph_format.line_spacing = Pt(st.line_spacing)
    normal.paragraph_format.space_after = Pt(0)


def _title(doc: object, report: Report, st: DocxStyle) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.line_spacing = Pt(36)
    _set_font(p.add_run(report.title), st.title_font, st.latin_font, st.title_size, bold=True)
    sub = doc.add_paragraph()  # type: ignore[attr-defined]
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.paragraph_format.space_after = Pt(12)
    _set_font(sub.add_run(report.subtitle), st.subheading_font, st.latin_font, st.body_size)


def _heading(doc: object, text: str, st: DocxStyle, page_break: bool = False) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.paragraph_format.first_line_indent = Pt(st.body_size * 2)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.page_break_before = page_break
    _set_font(p.add_run(text), st.heading_font, st.latin_font, st.body_size)


def _subheading(doc: object, text: str, st: DocxStyle, kaiti: bool = True) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.paragraph_format.first_line_indent = Pt(st.body_size * 2)
    p.paragraph_format.keep_with_next = True
    _set_font(p.add_run(text), st.subheading_font if kaiti else st.body_font, st.latin_font, st.body_size,
              bold=None if kaiti else True)


def _para(doc: object, text: str, st: DocxStyle, size: float | None = None, indent: bool = True,
          font: str | None = None) -> Paragraph:
    p: Paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    if indent:
        p.paragraph_format.first_line_indent = Pt((size or st.body_size) * 2)
    if size is not None:
        p.paragraph_format.line_spacing = Pt(size * 1.5)
    _set_font(p.add_run(text), font or st.body_font, st.latin_font, size or st.body_size)
    return p


def _shade(cell: _Cell, colour: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    tcpr.append(shd)


def _cell_text(cell: _Cell, text: str, st: DocxStyle, *, bold: bool = False, centre: bool = False,
               font: str | None = None, colour: RGBColor | None = None, size: float | None = None) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = Pt((size or st.table_size) * 1.35)
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    _set_font(run, font or st.body_font, st.latin_font, size or st.table_size, bold)
    if colour is not None:
        run.font.color.rgb = colour


def _cant_split(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell_margins(table: Any, mm: float) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    look = tblpr.find(qn("w:tblLook"))  # the schema puts tblCellMar right before tblLook
    if look is not None:
        look.addprevious(mar)
    else:
        tblpr.append(mar)


def _shade_paragraph(p: Paragraph, colour: str) -> None:
    ppr = p._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    ppr.append(shd)


def _widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Column widths in both places Word and LibreOffice read them (grid columns and cells); a merged
    cell (the notes row) gets the sum of the columns it spans."""
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
    for tr in table._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths_mm[col:col + span]))
            col += span


def _font_fallbacks(doc: object, st: DocxStyle) -> None:
    """List each official font in the font table with an installed alternative (w:altName)."""
    part = doc.part  # type: ignore[attr-defined]
    pairs = {st.title_font: st.title_fallback, st.body_font: st.body_fallback,
             st.heading_font: st.heading_fallback, st.subheading_font: st.subheading_fallback}
    for rel in part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            target = rel.target_part
            from lxml import etree

            root = etree.fromstring(target.blob)
            for name, alt in pairs.items():
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), name)
                alt_el = etree.SubElement(font, qn("w:altName"))
                alt_el.set(qn("w:val"), alt)
                charset = etree.SubElement(font, qn("w:charset"))
                charset.set(qn("w:val"), "86")
                family = etree.SubElement(font, qn("w:family"))
                family.set(qn("w:val"), "modern" if name == st.heading_font else "roman")
            target._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            return
