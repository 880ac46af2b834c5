"""Rows of a plan's main-indicator table ("主要指标" 专栏/表), one statement per value cell.

Plans list their headline targets in a table: a header naming the columns by year (2015年 2020年)
and a growth or cumulative column (年均增长[累计]), then rows "指标名（单位） 基期值 目标值 增速 属性".
Tables a reader kept as tables (Word, PDF) are read by their columns (`table_grid`); tables in text
and markdown are read from the raw lines (each row one line, cells apart by spaces, tabs or "|"):
the name is the leading text cell(s), a 单位 cell after it when the header has that column, then the
values in the order of the header's value columns, then the attribute (约束性/预期性).
Without a header the columns are read as base year, target year, growth. What each cell means is
in `table_cells`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from guihua.documents.tables import Table
from guihua.extraction.lexicons import lexicon
from guihua.extraction.model import Attribute, Statement
from guihua.extraction.table_cells import (
    ValueCell,
    attribute_of,
    header_role,
    is_empty,
    is_value,
    row_statements,
    value_text,
)
from guihua.extraction.table_grid import table_statements

_CELL_SPLIT = re.compile(r"[\s|]+")
_MIN_CELLS = 2
# sentence punctuation: a table's name cell never holds a clause break ("，", "。", "；")
_CAPTION = re.compile(r"^\s*[图表]\s*\d")
# a cell written in words only (a qualitative target in a value column)
_WORDS = re.compile(r"[\u4e00-\u9fff]{2,16}")
_PROSE = re.compile(r"[，。；！？,;]")


@dataclass
class _Header:
    roles: list[str]  # per value column: "year:2015", "growth", "cumulative", "attribute", "?"
    unit_column: bool = False  # a 单位 column between the name and the values


def _header(cells: list[str]) -> _Header | None:
    roles = [header_role(c) for c in cells]
    years = [r for r in roles if r and r.startswith("year:")]
    if len(years) < 2 and not (years and any(r in ("growth", "cumulative") for r in roles)):
        return None
    first = next(i for i, r in enumerate(roles) if r and r.startswith("year:"))
    return _Header([r or "?" for r in roles[first:]], unit_column="unit" in roles[:first])


def _split(line: str) -> list[tuple[str, int]]:
    """Cells of a row with their start positions in the line."""
    cells = []
    pos = 0
    for m in _CELL_SPLIT.finditer(line):
        if m.start() > pos:
            cells.append((line[pos:m.start()], pos))
        pos = m.end()
    if pos < len(line):
        cells.append((line[pos:], pos))
    return [(c, p) for c, p in cells if c.strip() and c.strip() != "|"]


def extract_table_rows(raw: str, period: tuple[int, int] | None, tables: Sequence[Table] = ()
                       ) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Statements from the tables of a document, and the raw spans of the rows read.

    `tables` are the tables a reader kept (Word, PDF); their lines are not read again as text."""
    out: list[Statement] = []
    spans: list[tuple[int, int]] = []
    kept: list[tuple[int, int]] = []  # tables that are indicator tables: not read again as lines
    for table in tables:
        made = table_statements(raw, table, period)
        if made:
            out.extend(made)
            kept.append((table.start, table.end))
    kept.sort()
    spans.extend(kept)
    header: _Header | None = None
    gap = 0
    pos = 0
    for line in raw.splitlines(keepends=True):
        start = pos
        pos += len(line)
        k = bisect.bisect_right(kept, (start, 1 << 62)) - 1
        if k >= 0 and kept[k][0] <= start < kept[k][1]:
            continue  # a row of a table read by its columns
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        if re.fullmatch(r"[\s|:\-—]+", text):
            continue  # markdown separator row
        if _CAPTION.match(text):
            continue  # "图 2：某县 2015-2025 年…增长图": a chart title, not a row
        cells = _split(text)
        h = _header([c for c, _ in cells])
        if h is not None:
            header, gap = h, 0
            continue
        row = _row(cells, header)
        if row is None:
            gap += 1
            if gap > 3:
                header = None
            continue
        gap = 0
        (name, n0), unit, values, attribute = row
        roles = roles_for(header, period, len(values))
        if not roles:
            continue
        cells_v = [ValueCell(v, start + p, start + p + len(c), r) for (v, c, p), r in zip(values, roles, strict=False)]
        made = row_statements(raw, name, start + n0, cells_v, unit, attribute, period)
        if made:
            out.extend(made)
            spans.append((start, start + len(text)))
    spans.sort()
    return out, spans


_Row = tuple[tuple[str, int], str | None, list[tuple[str, str, int]], Attribute | None]


def _row(cells: list[tuple[str, int]], header: _Header | None) -> _Row | None:
    if len(cells) < 1 + _MIN_CELLS:
        return None
    # the name is the first cell(s) with CJK; the rest are values and an optional attribute
    i = 0
    while i < len(cells) and not is_value(cells[i][0]) and not is_empty(cells[i][0]):
        i += 1
    if i == 0 or i > 4:
        return None
    unit = None
    if header is not None and header.unit_column and i >= 2 and value_text(cells[i - 1][0]) in lexicon().units:
        unit = value_text(cells[i - 1][0])
        i -= 1
    if i > 3:
        return None
    parts = [c.strip() for c, _ in cells[:i]]
    name_cell = cells[i - 1] if len(parts) > 1 and len(parts[-1]) >= 3 else cells[0]
    # "城镇化 常住人口城镇化率": a category cell before the indicator
    name = "".join(c for c, _ in cells[cells.index(name_cell):i])
    if "|" in name or not re.search(r"[\u4e00-\u9fff]", name):
        return None
    if _PROSE.search(name):
        return None  # "…总产值突破 1 0": a sentence whose number OCR spaced out, not a table row
    values: list[tuple[str, str, int]] = []
    words = 0  # cells in words among the values
    attribute: Attribute | None = None
    for c, p in cells[i + (1 if unit else 0):]:
        s = c.strip()
        if attribute_of(s) is not None and not is_value(s):
            attribute = attribute_of(s)
            break
        if not (is_value(s) or is_empty(s)):
            if values and _WORDS.fullmatch(s):
                # a target in words ("高于经济增长", "稳步提高"): no number, the column stays
                values.append(("—", c, p))
                words += 1
                continue
            return None
        values.append((value_text(s), c, p))
    if len(values) < _MIN_CELLS or not any(is_value(v) for v, _, _ in values):
        return None
    return (name, name_cell[1]), unit, values, attribute


def roles_for(header: _Header | None, period: tuple[int, int] | None, n: int) -> list[str]:
    if header is not None:
        return header.roles[:n] + ["?"] * max(0, n - len(header.roles))
    if period is None:
        return []
    default = [f"year:{period[0] - 1}", f"year:{period[1]}", "growth"]
    return default[:n] + ["?"] * max(0, n - 3)
