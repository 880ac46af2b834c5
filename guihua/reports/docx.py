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

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from guihua.monitoring.status import Status
from guihua.reports.charts import png_chart
from guihua.reports.model import STATUS_COLOURS, Report, Row


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


_HEAD = ["序号", "指标", "单位", "属性", "基期值", "目标值", "实际值", "完成情况"]
_WIDTHS_MM = [12, 24, 12, 19, 21, 24, 25, 19]  # 156 mm: the A4 text width


def render_docx(report: Report, style: DocxStyle = DocxStyle()) -> bytes:
    """The report as .docx bytes."""
    doc = Document()
    _page(doc)
    _base_styles(doc, style)
    _title(doc, report, style)
    _heading(doc, "一、总体评价", style)
    _para(doc, report.overview, style)
    _counts_table(doc, report, style)

    _heading(doc, "二、主要指标完成情况", style)
    no_data = [r for r in report.rows if r.status == str(Status.NO_DATA)]
    if no_data:
        _para(doc, f"下表列出有数据可评估的指标；暂无数据的 {len(no_data)} 项列于附表一。", style)
    i = 0
    for section in report.sections:
        judged = [r for r in section.rows if r.status != str(Status.NO_DATA)]
        if not judged:
            continue
        i += 1
        _subheading(doc, f"（{_cn(i)}）{section.title}", style)
        _indicator_table(doc, judged, style)

    if report.charts:
        _heading(doc, "三、重点指标实际与预期路径", style)
        for j, chart in enumerate(report.charts, 1):
            doc.add_picture(io.BytesIO(png_chart(chart)), width=Mm(150))
            pic = doc.paragraphs[-1]
            pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pic.paragraph_format.line_spacing = 1.0  # an exact line height would clip the picture
            pic.paragraph_format.first_line_indent = Pt(0)
            pic.paragraph_format.keep_with_next = True
            cap = _para(doc, f"图 {j}　{chart.title}", style, size=style.table_size, indent=False)
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _heading(doc, "四、滞后指标及差距", style)
    if report.lagging:
        _para(doc, f"以下 {len(report.lagging)} 项指标滞后于预期或未完成目标，差距为实际值减应达值"
                   "（年均增速为百分点）。", style)
        _lagging_table(doc, report.lagging, style)
    else:
        _para(doc, "无滞后或未完成的指标。", style)

    _heading(doc, "五、数据说明", style)
    for note in report.plan_notes:
        _para(doc, note, style)
    for k, note in enumerate(report.data_notes, 1):
        _para(doc, f"{k}. {note}", style)

    _heading(doc, "六、数据来源", style)
    if report.sources:
        for s in report.sources:
            _para(doc, f"{s.indicator}（{s.year}）：{s.value}{s.unit}。来源：{s.url or '未注明'}",
                  style, size=style.table_size, indent=False)
    else:
        _para(doc, "暂无实际数据。", style)
    if report.projects is not None:
        _projects(doc, report, style)
    if no_data:
        _heading(doc, "附表一：暂无数据的目标", style)
        _indicator_table(doc, no_data, style)
    _heading(doc, "附表二：各指标计算过程", style)
    _working_table(doc, [r for r in report.rows if r.status != str(Status.NO_DATA)] or report.rows, style)
    end = _para(doc, f"生成日期：{report.generated}", style, indent=False)
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font_fallbacks(doc, style)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(report: Report, path: Path, style: DocxStyle = DocxStyle()) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(render_docx(report, style))
    tmp.replace(path)
    return path


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


def _heading(doc: object, text: str, st: DocxStyle) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.paragraph_format.first_line_indent = Pt(st.body_size * 2)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    _set_font(p.add_run(text), st.heading_font, st.latin_font, st.body_size)


def _subheading(doc: object, text: str, st: DocxStyle) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.paragraph_format.first_line_indent = Pt(st.body_size * 2)
    p.paragraph_format.keep_with_next = True
    _set_font(p.add_run(text), st.subheading_font, st.latin_font, st.body_size)


def _para(doc: object, text: str, st: DocxStyle, size: float | None = None, indent: bool = True) -> Paragraph:
    p: Paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    if indent:
        p.paragraph_format.first_line_indent = Pt((size or st.body_size) * 2)
    if size is not None:
        p.paragraph_format.line_spacing = Pt(size * 1.5)
    _set_font(p.add_run(text), st.body_font, st.latin_font, size or st.body_size)
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


def _counts_table(doc: object, report: Report, st: DocxStyle) -> None:
    table = doc.add_table(rows=2, cols=len(report.summary))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (status, count) in enumerate(report.summary):
        _cell_text(table.rows[0].cells[i], status, st, centre=True, font=st.heading_font)
        _shade(table.rows[0].cells[i], STATUS_COLOURS.get(status, "FFFFFF"))
        _cell_text(table.rows[1].cells[i], f"{count} 项", st, centre=True)


def _indicator_table(doc: object, rows: list[Row], st: DocxStyle) -> None:
    table = doc.add_table(rows=1, cols=len(_HEAD))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _repeat_header(header)
    for i, h in enumerate(_HEAD):
        _cell_text(header.cells[i], h, st, centre=True, font=st.heading_font)
        _shade(header.cells[i], "D9D9D9")
    for r in rows:
        cells = table.add_row().cells
        baseline = r.baseline.replace("（", "\n（", 1)  # the base year on its own line
        values = [str(r.number), r.indicator, r.unit, r.attribute, baseline, r.target, r.actual, r.status]
        for i, v in enumerate(values):
            _cell_text(cells[i], v, st, centre=i in (0, 2, 3, 7), bold=i == 7)
        if r.notes:  # keep the row on the page of its warnings
            for cell in cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
            _cant_split(table.rows[-1])
        _shade(cells[7], STATUS_COLOURS.get(r.status, "FFFFFF"))
        if r.notes:  # comparability warnings: a full-width row right under the value they concern
            note_cells = table.add_row().cells
            merged = note_cells[1].merge(note_cells[-1])
            _cell_text(merged, "※ " + "\n※ ".join(r.notes), st, size=st.table_size - 1.5,
                       colour=RGBColor(0x9C, 0x00, 0x06))
            _cant_split(table.rows[-1])
    _widths(table, _WIDTHS_MM)


def _widths(table: object, widths_mm: Sequence[float]) -> None:
    """Column widths in both places Word and LibreOffice read them (grid columns and cells)."""
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)  # type: ignore[attr-defined]
    for row in table.rows:  # type: ignore[attr-defined]
        for i, w in enumerate(widths_mm):
            if i < len(row.cells):
                row.cells[i].width = Mm(w)


def _lagging_table(doc: object, rows: list[Row], st: DocxStyle) -> None:
    head = ["指标", "目标值", "实际值", "应达值", "差距", "完成情况"]
    table = doc.add_table(rows=1, cols=len(head))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    for i, h in enumerate(head):
        _cell_text(table.rows[0].cells[i], h, st, centre=True, font=st.heading_font)
        _shade(table.rows[0].cells[i], "D9D9D9")
    for r in rows:
        cells = table.add_row().cells
        for i, v in enumerate([r.indicator, r.target, r.actual, r.expected, r.gap, r.status]):
            _cell_text(cells[i], v, st, centre=i >= 3, bold=i == 5)
        _shade(cells[5], STATUS_COLOURS.get(r.status, "FFFFFF"))
    _widths(table, (34, 30, 32, 20, 20, 20))


def _working_table(doc: object, rows: list[Row], st: DocxStyle) -> None:
    size = st.table_size - 1.5
    table = doc.add_table(rows=1, cols=4)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.autofit = False
    _repeat_header(table.rows[0])
    for i, h in enumerate(["序号", "指标", "方法", "计算过程与出处"]):
        _cell_text(table.rows[0].cells[i], h, st, centre=True, font=st.heading_font, size=size)
        _shade(table.rows[0].cells[i], "D9D9D9")
    for r in rows:
        cells = table.add_row().cells
        text = f"{r.working}（国际对照：{r.intl}，比值 {r.ratio}）出处：{r.where}“{r.quote}”"
        for i, v in enumerate([str(r.number), r.indicator, r.method, text]):
            _cell_text(cells[i], v, st, centre=i == 0, size=size)
    _widths(table, (10, 28, 26, 92))


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


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _projects(doc: object, report: Report, style: DocxStyle) -> None:
    p = report.projects
    assert p is not None
    _heading(doc, "七、重大项目推进情况", style)
    _para(doc, p.summary, style)
    _para(doc, "按状态：" + "，".join(f"{s} {n} 个" for s, n in p.by_status) + "。", style)
    _para(doc, "按类别：" + "，".join(f"{c} {n} 个" for c, n in p.by_category) + "。", style)
    if p.not_started_names:
        more = f"等 {p.not_started} 个" if p.not_started > len(p.not_started_names) else ""
        _para(doc, f"尚未开工的项目：{'、'.join(p.not_started_names)}{more}。", style)
