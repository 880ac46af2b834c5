"""Rows of a plan's project table (重大项目表): a header row names the columns, one of them the
project's name ("项目名称") and one its kind of works ("建设性质": 新建/续建/改扩建/迁建/前期 …),
and each row below gives one project with its action.

Cells are split at tabs, full-width spaces, runs of two or more spaces or "|" (text exported from a
PDF or a word processor, or a markdown table). A row whose cells do not reach both columns, or whose
works cell is no known action, ends the table. Pure functions of the raw text; offsets point into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from guihua.extraction.project_lexicon import ProjectLexicon

_CELL = re.compile(r"[^\t　|]+?(?=\t|　| {2,}|\||$)")
_NAME_HEADERS = ("项目名称", "工程名称", "名称")
_WORKS_HEADERS = ("建设性质", "项目性质", "建设类型", "性质")
_WORKS = {"新开工": "新建", "储备": "前期", "谋划": "前期", "拟建": "前期", "在建": "续建"}
_RULE = re.compile(r"^[\s|:：\-—]+$")  # a markdown rule line ("|---|---|")


@dataclass(frozen=True)
class TableRow:
    name: str
    action: str
    name_start: int  # raw offsets of the name cell
    name_end: int
    row_start: int  # raw offsets of the row up to the end of the works cell (the quote)
    row_end: int
    title: str  # the line above the header ("附表 …重大项目表"), "" without one


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty cell of `line`, spaces around it left out."""
    out = []
    for m in _CELL.finditer(line):
        text = m.group(0)
        if text.strip():
            a = m.start() + len(text) - len(text.lstrip())
            out.append((a, a + len(text.strip())))
    return out


def _column(cells: list[str], headers: tuple[str, ...]) -> int | None:
    for h in headers:
        for i, c in enumerate(cells):
            if c.strip() == h:
                return i
    return None


def _action(cell: str, lex: ProjectLexicon) -> str | None:
    cell = cell.strip()
    if cell in _WORKS:
        return _WORKS[cell]
    return lex.verbs.get(cell)


def table_rows(raw: str, lex: ProjectLexicon) -> Iterator[TableRow]:
    """The rows of every project table of `raw`, in document order."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in raw.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        start, line = lines[i]
        spans = _cells(line)
        texts = [line[a:b].strip() for a, b in spans]
        name_col, works_col = _column(texts, _NAME_HEADERS), _column(texts, _WORKS_HEADERS)
        i += 1
        if name_col is None or works_col is None:
            continue
        title = next((ln.strip() for _, ln in reversed(lines[:i - 1]) if ln.strip()), "")
        title = title if len(title) <= 40 else ""
        while i < len(lines):
            r_start, row = lines[i]
            if not row.strip() or _RULE.match(row):
                i += 1
                continue
            cells = _cells(row)
            if len(cells) <= max(name_col, works_col):
                break
            action = _action(row[cells[works_col][0]:cells[works_col][1]], lex)
            if action is None:
                break
            a, b = cells[name_col]
            yield TableRow(row[a:b], action, r_start + a, r_start + b, r_start + cells[0][0],
                           r_start + cells[works_col][1], title)
            i += 1
