"""Read the tables, headings and paragraphs back out of a written report (HTML, DOCX, XLSX), the way a
reader of each file sees them, so tests can compare the three formats."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

Table = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]  # (header, rows), cells without whitespace


def norm(text: object) -> str:
    return re.sub(r"\s+", "", str(text if text is not None else ""))


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]], list[dict[str, str]]]] = []
        self.headings: list[str] = []
        self.paragraphs: list[tuple[str, str]] = []  # (class, text)
        self._cell: list[str] | None = None
        self._skip = 0
        self._heading: list[str] | None = None
        self._para: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append((a.get("data-table", ""), [], []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
            self.tables[-1][2].append(a)
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag in ("details",) or (tag == "div" and a.get("class") == "note-row"):
            self._skip += 1
        elif tag == "h2":
            self._heading = []
        elif tag == "p":
            self._para = (a.get("class", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "details" or (tag == "div" and self._skip):
            self._skip = max(0, self._skip - 1)
        elif tag == "h2" and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        elif tag == "p" and self._para is not None:
            self.paragraphs.append((self._para[0], "".join(self._para[1])))
            self._para = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skip:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._para is not None:
            self._para[1].append(data)


def read_html(path: Path) -> _Html:
    parser = _Html()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_tables(path: Path) -> list[Table]:
    out = []
    for _id, rows, _attrs in read_html(path).tables:
        if rows and rows[0]:
            out.append((tuple(norm(c) for c in rows[0]), tuple(tuple(norm(c) for c in r) for r in rows[1:])))
    return out


def html_rows(path: Path, table_id: str) -> list[tuple[dict[str, str], list[str]]]:
    """(tr attributes, cell texts) of the data rows of one table (by data-table)."""
    for tid, rows, attrs in read_html(path).tables:
        if tid == table_id:
            return list(zip(attrs[1:], rows[1:], strict=True))
    return []


def docx_tables(path: Path) -> list[Table]:
    from docx import Document

    out = []
    for t in Document(str(path)).tables:
        header = tuple(norm(c.text) for c in t.rows[0].cells)
        rows = []
        for r in t.rows[1:]:
            cells = [c.text for c in r.cells]
            if any(c.startswith("※") for c in cells):  # the comparability notes under a row
                continue
            rows.append(tuple(norm(c) for c in cells))
        out.append((header, tuple(rows)))
    return out


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs)


def xlsx_tables(path: Path) -> list[Table]:
    """Every table of every sheet except 报告正文, 图表 and 数据说明: a caption row, a header row, data rows
    up to a blank row; only the table's own columns (the extra checking columns are cut at the header's
    first extra name)."""
    from openpyxl import load_workbook

    from guihua.reports.xlsx import TEXT_SHEET

    wb = load_workbook(path)
    out = []
    for ws in wb.worksheets:
        if ws.title in (TEXT_SHEET, "图表", "数据说明"):
            continue
        values = [list(r) for r in ws.iter_rows(values_only=True)]
        i = 0
        while i < len(values):
            if not any(v is not None for v in values[i]):
                i += 1
                continue
            header_row = values[i + 1] if i + 1 < len(values) else []
            if len(header_row) < 2 or header_row[0] is None or header_row[1] is None:
                i += 2  # a caption and the one sentence of an empty table
                continue
            header = []
            for v in header_row:  # the table's own columns end at the empty spacer column
                if v is None:
                    break
                header.append(str(v))
            width = len(header)
            j = i + 2
            rows = []
            while j < len(values) and any(v is not None for v in values[j]):
                rows.append(tuple(norm(v) for v in values[j][:width]))
                j += 1
            out.append((tuple(norm(h) for h in header[:width]), tuple(rows)))
            i = j
    return out


def xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    from guihua.reports.xlsx import TEXT_SHEET

    ws = load_workbook(path)[TEXT_SHEET]
    return "\n".join(str(r[0]) for r in ws.iter_rows(values_only=True) if r and r[0] is not None)


def main_statuses(tables: list[Table]) -> dict[str, str]:
    """序号 -> 完成情况 of the main indicator table (the first table headed 序号 指标 属性 …)."""
    for header, rows in tables:
        if header[:3] == ("序号", "指标", "属性"):
            col = header.index("完成情况")
            return {r[0]: r[col] for r in rows}
    return {}
