"""Tables a reader found in a document's structure: rows of cells, each cell with its raw offsets.

A Word table (python-docx: rows, cells, gridSpan and vMerge) or a PDF table (pdfplumber) is written
into the raw text row by row, and the reader keeps where each cell's text stands, so the extractor can
read the table as a table (columns, merged 类别 cells) while every offset still points into the raw
text. Tables in plain text and markdown have no such structure; the extractor reads their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One grid cell. `text` is raw[start:end] except for a vertically merged continuation, which
    carries the text and offsets of the cell it continues (`merged` True)."""

    text: str
    start: int
    end: int
    col: int  # grid column of the cell's first column
    span: int = 1  # grid columns it covers
    merged: bool = False


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    source: str = ""  # "docx" | "pdf"

    @property
    def start(self) -> int:
        return min((c.start for row in self.rows for c in row if not c.merged), default=0)

    @property
    def end(self) -> int:
        return max((c.end for row in self.rows for c in row if not c.merged), default=0)


def locate_cells(raw: str, lo: int, hi: int, rows: list[list[str | None]]) -> tuple[list[list[Cell]], int]:
    """Cells of `rows` (cell texts as a table extractor gives them, None for a merged cell) found in
    raw[lo:hi] in reading order; returns the rows and how many cell texts were not found.

    A text layer may break a cell's text over lines or put spaces into it: a cell matches its
    characters with any whitespace between them. A None cell under a found cell continues it.
    """
    out: list[list[Cell]] = []
    missing = 0
    cursor = lo
    above: dict[int, Cell] = {}
    for row in rows:
        cells: list[Cell] = []
        for col, value in enumerate(row):
            if value is None:
                prev = above.get(col)
                if prev is not None and not (cells and cells[-1].col + cells[-1].span > col):
                    cells.append(Cell(prev.text, prev.start, prev.end, col, 1, merged=True))
                elif cells and not cells[-1].merged:  # a horizontal span: widen the cell on the left
                    last = cells[-1]
                    cells[-1] = Cell(last.text, last.start, last.end, last.col, last.span + 1)
                continue
            chars = [ch for ch in value if not ch.isspace()]
            if not chars:
                continue
            pattern = re.compile(r"\s*".join(re.escape(ch) for ch in chars))
            m = pattern.search(raw, cursor, hi) or pattern.search(raw, lo, hi)
            if m is None:
                missing += 1
                continue
            cells.append(Cell(raw[m.start():m.end()], m.start(), m.end(), col))
            cursor = max(cursor, m.end())
        for c in cells:
            for k in range(c.col, c.col + c.span):
                above[k] = c
        out.append(cells)
    return out, missing
