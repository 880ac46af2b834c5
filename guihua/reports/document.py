"""The parts a report is made of, as every renderer reads them: sections of paragraphs, tables and
figures. The report model (guihua.reports.model) fills them; HTML, DOCX and XLSX only lay them
out, so the three formats hold the same text and the same table cells.

Numbering is the renderers' job and comes from position: body sections 一、二、…, their
subsections （一）（二）…, tables 表 1, 表 2… and figures 图 1… in document order. A section with
nothing to show still has one paragraph saying why, so numbers never jump.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

#: paragraph styles: body text; a drafted text for the office to rewrite (建议稿, shown marked);
#: a small note; the one sentence of a section with nothing to show
PARA_STYLES = ("body", "draft", "note", "empty")
DRAFT_MARK = "【建议稿·待规划办修改】"


@dataclass
class Para:
    text: str
    style: str = "body"


@dataclass
class TableRow:
    cells: list[str]
    key: str = ""  # the target keys behind the row ("12,57" when one row stands for two statements)
    status: str | None = None  # 完成情况 (coloured by every renderer)
    notes: list[str] = field(default_factory=list)  # comparability warnings printed under the row
    detail: str = ""  # the working (HTML: a fold-out; XLSX: a column; DOCX: the appendix of workings)


@dataclass
class Table:
    id: str  # stable name ("main", "other", "tasks"…): the HTML's data-table, the XLSX sheet
    title: str  # caption without its number: "主要指标完成情况"
    columns: list[str]
    rows: list[TableRow]
    status_col: int | None = None  # the column holding TableRow.status
    wrap_cols: tuple[int, ...] = ()  # name columns: wrapped at word boundaries, never inside a word
    whole_cols: tuple[int, ...] = ()  # columns whose lines are never broken (places, statuses)
    number_cols: tuple[int, ...] = ()  # right-aligned
    sheet: str = ""  # the XLSX sheet name (<= 31 characters)
    empty: str = "无。"  # the sentence printed instead of an empty table


@dataclass
class Chart:
    """Actual against the expected path of one key indicator."""

    key: str
    title: str
    unit: str
    expected: list[tuple[int, float]]
    actual: list[tuple[int, float]]
    status: str
    target_year: int | None = None
    target_value: float | None = None


@dataclass
class Figure:
    chart: Chart


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    id: str = ""

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self

    def walk(self) -> Iterator[Block]:
        for b in self.blocks:
            yield b
            if isinstance(b, Section):
                yield from b.walk()


Block = Para | Table | Figure | Section


def tables_of(sections: list[Section]) -> list[Table]:
    """Every table in document order (the order their numbers follow)."""
    return [b for s in sections for b in s.walk() if isinstance(b, Table)]


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 as headings write them: 1 一, 10 十, 12 十二, 20 二十."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else CN_DIGITS[tens] + "十") + (CN_DIGITS[ones] if ones else "")
