"""Tables of actual values as a statistics bureau or a planning office holds them, read into records.

A table is a CSV file or one sheet of an XLSX workbook, in one of two layouts:

- long: one value a row, columns 指标/indicator, 年份/year, 数值/value (and optionally 单位/unit,
  口径/measure, 来源/source, 原文/quote, 备注/note);
- wide: indicators as rows and years as columns ("2016年", 2016, "２０１６年", a date cell,
  "2016-2020年" for a period), with or without 单位 and 口径 columns; every filled year cell is
  one value. An empty cell, "—", "-", "…" or "/" is "no data" (statistical tables write it so).

The header is the first row (of the first 20) that names the indicator column and either the
year and value columns (long) or at least one year column (wide). Rows above it are titles; a
row "单位：亿元" among them gives the unit of every row that has none. Below it, a row whose only
filled cell starts with 注/说明/资料来源/数据来源/备注 is a note and is passed over; so is, in a wide
table, a row with nothing but a name (a heading inside the table such as "一、综合").

Cells keep their real type (openpyxl): a number formatted as a percentage is a percent (0.045
shown as 4.5% is 4.5 %), a date in a year column is its year. Text cells are read after Unicode
compatibility normalisation (full-width "２０２０年", "7.4％", "３，５０８．５" are "2020年", "7.4%",
"3,508.5"). `cell_quantity` reads numbers with thousands separators and a unit written in the
cell ("3,508.5亿元").

Every record keeps its line (as a spreadsheet shows it: the first row is line 1) and, per field,
the column letter and header text, so a refusal names sheet, line and column.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from guihua.cells import csv_value
from guihua.errors import InputError
from guihua.store import table_limits

FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator_cn", "name", "指标", "指标名称", "项目", "名称"),
    "year": ("year", "period", "年份", "年度", "时期", "时间"),
    "value": ("value", "数值", "值", "数据"),
    "unit": ("unit", "单位", "计量单位"),
    "measure": ("measure", "度量", "口径"),
    "source": ("source", "source_url", "来源", "数据来源", "资料来源"),
    "quote": ("quote", "source_quote", "原文"),
    "note": ("note", "备注", "说明"),
}
LABELS = {"indicator": "指标", "year": "年份", "value": "数值", "unit": "单位", "measure": "口径",
          "source": "来源", "quote": "原文", "note": "备注"}
HEADER_SEARCH = 20
NO_DATA = frozenset({"", "—", "——", "-", "--", "…", "……", "...", "/", "×", "x"})
_NOTE = re.compile(r"^(注|说明|资料来源|数据来源|备注|附注|\*|※)")
_TABLE_UNIT = re.compile(r"^(?:计量)?单位\s*[:：]\s*(\S+)\s*$")
_YEAR_HEAD = re.compile(r"^\s*((?:19|20)\d\d)\s*年?(?:度)?\s*(?:[-—–~～至]\s*((?:19|20)\d\d)\s*年?)?\s*$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_TRAILING_UNIT = re.compile(r"^(.*?)\s*[(（]([^()（）]{1,12})[)）]\s*$")


class SheetChoice(InputError):
    """A workbook with several sheets of data and no sheet named: `sheets` lists them."""

    def __init__(self, where: str, sheets: list[str]) -> None:
        listed = "、".join(f"“{n}”" for n in sheets)
        super().__init__(where, f"有多个含数据的工作表（{listed}），请指定一个（命令行 --sheet 名称，网页选择工作表）")
        self.sheets = sheets


@dataclass(frozen=True)
class Cell:
    """One spreadsheet cell: its text as shown, and its real type where the file has one."""

    text: str
    number: float | None = None  # a number cell's value (for a percentage cell: the fraction)
    percent: bool = False  # formatted as a percentage
    year: int | None = None  # a date cell: its year
    column: str = ""  # spreadsheet column letter ("C")
    header: str = ""  # the header text of that column

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Record:
    """One value to import: field -> cell (wide tables: the year cell is the column's header)."""

    line: int
    cells: dict[str, Cell]

    def text(self, name: str) -> str:
        c = self.cells.get(name)
        return c.text.strip() if c is not None else ""


@dataclass
class Table:
    name: str  # the file as named in messages
    sheet: str | None  # XLSX: the sheet read
    layout: str  # "long" or "wide"
    header_line: int
    records: list[Record]
    table_unit: str | None = None  # "单位：亿元" above the header
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text

    @property
    def where(self) -> str:
        return f"{self.name}（工作表“{self.sheet}”）" if self.sheet else self.name


@dataclass
class _Grid:
    sheet: str | None
    rows: list[tuple[int, list[Cell]]]  # (line, cells), empty rows left out


def normalize(text: str) -> str:
    """Compatibility normalisation: full-width digits, letters, ％ and ， become their plain forms."""
    return unicodedata.normalize("NFKC", text).replace("−", "-").strip()


def column_letter(i: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


# ---------------------------------------------------------------------------- cells

def number_text(v: float) -> str:
    """A number as a person writes it: 2020.0 -> "2020", 0.1 -> "0.1" (shortest repr, no noise)."""
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def percent_of(fraction: float) -> float:
    """The percentage of a fraction without binary noise: 0.073 -> 7.3 (not 7.300000000000001)."""
    return float(Decimal(repr(fraction)) * 100)


def is_unit(text: str) -> bool:
    """Whether `text` is a unit of measure ("亿元", "%", "件/万人", "万吨"), not a word of a name."""
    from guihua.extraction.lexicons import lexicon
    from guihua.store import units

    t = units.clean(text)
    if not t:
        return False
    known = lexicon().units

    def simple(u: str) -> bool:
        base = units.split_prefix(u)[1]
        return u in known or base in known or units.dimension(base) != base

    if t in ("%", "‰"):
        return True
    if "/" in t:
        a, _, b = t.partition("/")
        return simple(a) and simple(b)
    return simple(t)


def cell_quantity(cell: Cell) -> tuple[float, str | None]:
    """(number, unit written in the cell or implied by its format); ValueError with a Chinese reason.

    A percentage cell gives its percent and "%"; a number cell its value; a text cell is read as
    a number with optional thousands separators ("3,508.5") followed by an optional unit
    ("3,508.5亿元", "4.5%", "7.4％").
    """
    if cell.number is not None:
        if cell.percent:
            return percent_of(cell.number), "%"
        return cell.number, None
    t = normalize(cell.text)
    if not t:
        raise ValueError("缺少数值")
    m = _GROUPED.match(t) or _PLAIN.match(t)
    if not m:
        raise ValueError(f"数值“{cell.text.strip()}”不是数字")
    digits = m.group().replace(",", "")
    rest = t[m.end():].strip()
    if rest and not is_unit(rest):
        raise ValueError(f"数值“{cell.text.strip()}”不是数字" +
                         ("（千分位应每三位一个逗号）" if "," in rest or "," in digits else ""))
    v = float(digits)
    if v != v or v in (float("inf"), float("-inf")):
        raise ValueError(f"数值“{cell.text.strip()}”不是有限的数字")
    return v, (rest or None)


def cell_period(cell: Cell) -> tuple[str, int, int] | None:
    """("2018", 2018, 2018) or ("2016-2020", 2016, 2020) from a year cell; None when not a year."""
    if cell.year is not None:
        return str(cell.year), cell.year, cell.year
    if cell.number is not None and not cell.percent and cell.number.is_integer():
        y = int(cell.number)
        return (str(y), y, y) if 1900 <= y <= 2100 else None
    m = _YEAR_HEAD.match(normalize(cell.text))
    if not m:
        return None
    a = int(m.group(1))
    b = int(m.group(2)) if m.group(2) else a
    if b < a:
        return None
    return (str(a) if a == b else f"{a}-{b}"), a, b


def split_name_unit(name: str) -> tuple[str, str | None]:
    """"地区生产总值（亿元）" -> ("地区生产总值", "亿元"); a bracket that is not a unit stays in the name."""
    m = _TRAILING_UNIT.match(normalize(name))
    if m and m.group(1).strip() and is_unit(m.group(2).strip()):
        return m.group(1).strip(), m.group(2).strip()
    return name.strip(), None


# ---------------------------------------------------------------------------- grids

def _csv_grid(name: str, data: bytes, delimiter: str) -> _Grid:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(name, "无法识别文件编码（请用 UTF-8 或 GB18030）")
    records = table_limits.csv_rows(text, name, delimiter)  # size, rows, cell length within the limits
    rows = []
    for line, rec in enumerate(records, start=1):
        # csv_value: a cell our exports protected with an apostrophe ("'=1+2") reads back as written
        cells = [Cell(text=csv_value(c.lstrip("\ufeff") if line == 1 else c), column=column_letter(j))
                 for j, c in enumerate(rec)]
        if any(not c.blank for c in cells):
            rows.append((line, cells))
    return _Grid(None, rows)


def _xlsx_cell(c: Any, j: int) -> Cell:
    import datetime as dt

    v = getattr(c, "value", None)
    col = column_letter(j)
    if v is None:
        return Cell("", column=col)
    if isinstance(v, bool):
        return Cell(str(v), column=col)
    if isinstance(v, dt.datetime | dt.date):
        return Cell(v.isoformat()[:10], year=v.year, column=col)
    if isinstance(v, int | float):
        fmt = str(getattr(c, "number_format", "") or "")
        pct = "%" in fmt
        f = float(v)
        text = f"{number_text(percent_of(f))}%" if pct else number_text(f)
        return Cell(text, number=f, percent=pct, column=col)
    return Cell(str(v), column=col)


def _sheet_grid(ws: Any, name: str) -> _Grid:
    where = f"{name}（工作表“{ws.title}”）"
    table_limits.check_dimension(where, ws.max_row, ws.max_column)
    current: list[Any] = []

    def values() -> Any:
        for row in ws.iter_rows():
            current[:] = row
            yield [getattr(c, "value", None) for c in row]

    rows = []
    for line, _ in enumerate(table_limits.limited_rows(values(), where), start=1):
        cells = [_xlsx_cell(c, j) for j, c in enumerate(current[:table_limits.LIMITS.max_columns])]
        if any(not c.blank for c in cells):
            rows.append((line, cells))
    return _Grid(ws.title, rows)


def _workbook(name: str, data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(name, f"无法读取 Excel 文件（请确认是 .xlsx 工作簿）：{exc}") from None


def _grids(name: str, data: bytes) -> list[_Grid]:
    """Every sheet's rows; files beyond guihua.store.table_limits (size; an XLSX that would expand far
    more than spreadsheets do; rows, columns, cell length) are refused before they are expanded."""
    table_limits.check_file_size(data, where=name)
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table_limits.check_xlsx_archive(data, where=name)
        wb = _workbook(name, data)
        try:
            return [_sheet_grid(ws, name) for ws in wb.worksheets]
        except InputError:
            raise
        except Exception as exc:  # a damaged sheet (bad XML, a part failing its CRC check)
            raise InputError(name, f"无法读取 Excel 文件：{exc}") from None
        finally:
            wb.close()
    if suffix in (".csv", ".txt", ".tsv"):
        return [_csv_grid(name, data, "\t" if suffix == ".tsv" else ",")]
    raise InputError(name, f"不支持的文件类型“{Path(name).suffix}”（支持 .csv、.xlsx）")


# ---------------------------------------------------------------------------- headers

def header_field(text: str) -> str | None:
    """The field a header cell names ("指标" -> "indicator"), or None."""
    t = normalize(text).lower()
    t = re.sub(r"\s+", "", t)
    for f, names in FIELDS.items():
        if t in (n.lower() for n in names):
            return f
    return None


@dataclass
class _Header:
    line: int
    layout: str
    fields: dict[str, int]  # field -> column index
    years: dict[int, Cell]  # column index -> header cell (wide)
    cells: list[Cell]


def _header(line: int, cells: list[Cell]) -> _Header | None:
    fields: dict[str, int] = {}
    years: dict[int, Cell] = {}
    for j, c in enumerate(cells):
        if c.blank:
            continue
        f = header_field(c.text)
        if f is not None and f not in fields:
            fields[f] = j
        elif f is None and cell_period(c) is not None:
            years[j] = c
    if "year" not in fields and "value" not in fields and years:
        if "indicator" not in fields:
            # a wide table whose name column has no header (or an unknown one): the column left of the years
            first = min(years)
            left = [j for j in range(first) if j not in fields.values()]
            if not left:
                return None
            fields["indicator"] = left[0]
        return _Header(line, "wide", fields, years, cells)
    if "indicator" in fields and ("year" in fields or "value" in fields):
        return _Header(line, "long", fields, {}, cells)
    return None


def _missing_long(h: _Header) -> list[str]:
    return [f"{LABELS[f]}（{f}）" for f in ("indicator", "year", "value") if f not in h.fields]


def _is_note(cells: list[Cell]) -> bool:
    filled = [c for c in cells if not c.blank]
    return len(filled) == 1 and bool(_NOTE.match(normalize(filled[0].text)))


def _table(name: str, grid: _Grid) -> Table:
    where = f"{name}（工作表“{grid.sheet}”）" if grid.sheet else name
    if not grid.rows:
        raise InputError(where, "没有数据（工作表是空的）" if grid.sheet else "文件为空，缺少表头")
    header: _Header | None = None
    table_unit: str | None = None
    for line, cells in grid.rows[:HEADER_SEARCH]:
        header = _header(line, cells)
        if header is not None:
            break
        filled = [c for c in cells if not c.blank]
        if len(filled) == 1:
            m = _TABLE_UNIT.match(normalize(filled[0].text))
            if m and is_unit(m.group(1)):
                table_unit = m.group(1)
    if header is None:
        raise InputError(f"{where}:1", "未找到表头：应有“指标”列及“年份”“数值”列（每行一个值），"
                         "或“指标”列及年份列如“2016年”“2017年”（指标为行、年份为列）")
    missing = _missing_long(header) if header.layout == "long" else []
    if missing:
        raise InputError(f"{where}:{header.line}", f"表头缺少列：{'、'.join(missing)}")
    heads = {j: normalize(c.text) for j, c in enumerate(header.cells)}
    records: list[Record] = []
    name_col = header.fields["indicator"]
    for line, cells in grid.rows:
        if line <= header.line or _is_note(cells):
            continue

        def at(j: int, cells: list[Cell] = cells) -> Cell:
            c = cells[j] if j < len(cells) else Cell("", column=column_letter(j))
            return Cell(c.text, c.number, c.percent, c.year, column_letter(j), heads.get(j, ""))

        per_row = {f: at(j) for f, j in header.fields.items()}
        if header.layout == "long":
            records.append(Record(line, per_row))
            continue
        if not any(not c.blank for j, c in enumerate(cells) if j != name_col):
            continue  # a heading inside a wide table ("一、综合"): a name and no value
        for j, head in header.years.items():
            cell = at(j)
            if normalize(cell.text) in NO_DATA and cell.number is None:
                continue
            year_cell = Cell(normalize(head.text), head.number, False, head.year, column_letter(j), heads.get(j, ""))
            records.append(Record(line, {**per_row, "year": year_cell, "value": cell}))
    return Table(name=name, sheet=grid.sheet, layout=header.layout, header_line=header.line, records=records,
                 table_unit=table_unit, columns={f: heads.get(j, "") for f, j in header.fields.items()})


def read_table_bytes(name: str, data: bytes, sheet: str | None = None) -> Table:
    """The table in a CSV/XLSX file's bytes (`name` gives the type and is used in messages).

    `sheet` picks a worksheet by name or by number (1 = the first); without it, the only sheet
    with a recognisable header is read. InputError names the sheet(s) when the choice is unclear.
    """
    grids = _grids(name, data)
    if sheet is not None and grids[0].sheet is not None:
        names = [g.sheet for g in grids]
        pick = next((g for g in grids if g.sheet == sheet.strip()), None)
        if pick is None and sheet.strip().isdigit() and 1 <= int(sheet) <= len(grids):
            pick = grids[int(sheet) - 1]
        if pick is None:
            raise InputError(name, f"没有名为“{sheet}”的工作表（有：{'、'.join(f'“{n}”' for n in names)}）")
        return _table(name, pick)
    if len(grids) == 1:
        return _table(name, grids[0])
    tables: list[Table] = []
    for g in grids:
        try:
            tables.append(_table(name, g))
        except InputError:
            continue
    if len(tables) == 1:
        return tables[0]
    listed = "、".join(f"“{g.sheet}”" for g in grids)
    if not tables:
        raise InputError(name, f"各工作表（{listed}）中都没有找到表头：应有“指标”列及“年份”“数值”列，或“指标”列及年份列")
    raise SheetChoice(name, [str(t.sheet) for t in tables])


def read_table_file(path: str | Path, sheet: str | None = None) -> Table:
    """The table in a CSV/XLSX file (see read_table_bytes)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(str(path), "文件不存在")
    table = read_table_bytes(str(path), p.read_bytes(), sheet)
    return table


def sheet_names(name: str, data: bytes) -> list[str]:
    """The worksheets of an XLSX file ([] for CSV)."""
    return [g.sheet for g in _grids(name, data) if g.sheet is not None]


def records_from_dicts(rows: Sequence[dict[str, Any]], lines: Sequence[int] | None = None) -> list[Record]:
    """Records from rows already in memory (a web form, the JSON API): dicts keyed by field or header names.

    Values keep their Python type: a float is a number cell, an int a number (a year).
    """
    out: list[Record] = []
    for k, row in enumerate(rows):
        cells: dict[str, Cell] = {}
        for key, v in row.items():
            f = key if key in FIELDS else header_field(str(key))
            if f is None or f in cells:
                continue
            if isinstance(v, bool) or v is None:
                cell = Cell("" if v is None else str(v))
            elif isinstance(v, int | float):
                cell = Cell(number_text(float(v)), number=float(v))
            else:
                cell = Cell(str(v))
            cells[f] = Cell(cell.text, cell.number, header=str(key))
        out.append(Record(lines[k] if lines is not None else k + 2, cells))
    return out


def read_table(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """(line, row) for every non-empty row of a CSV or XLSX file (first sheet); keys are header cells.

    The first row is the header, returned first as (0, {cell: cell}). A CSV record spanning several
    physical lines counts as one line, as in a spreadsheet. (Project status imports use this plain form.)
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(str(path), "文件不存在")
    grid = _grids(str(path), p.read_bytes())[0]
    if not grid.rows:
        raise InputError(f"{path}:1", "文件为空，缺少表头")
    first_line, first = grid.rows[0]
    header = [c.text.strip() for c in first]
    out: list[tuple[int, dict[str, str]]] = [(0, {h: h for h in header if h})]
    for line, cells in grid.rows[1:]:
        out.append((line, {h: (cells[j].text if j < len(cells) else "") for j, h in enumerate(header) if h}))
    return out
