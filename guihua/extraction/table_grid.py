"""Indicator tables a reader kept as tables (Word, PDF): columns by the header, one statement per value.

The header is the first row naming at least two year columns, or a year and a growth/累计 column;
a second header row fills the columns the first leaves open ("规划目标" over "2025年 | 年均增长").
Each later row: the indicator from the 指标 column (else the last text cell before the values), the
unit from the indicator cell or the 单位 column, the attribute from the 属性 column; a row with no
value (a 类别 heading across the table) gives nothing. Cell meanings are in `table_cells`.
"""

from __future__ import annotations

from guihua.documents.tables import Cell, Table
from guihua.extraction.model import Statement
from guihua.extraction.table_cells import (
    ValueCell,
    attribute_of,
    header_role,
    is_empty,
    is_value,
    row_statements,
    value_text,
)


def _roles(row: list[Cell]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for c in row:
        role = header_role(c.text)
        if role is not None:
            for k in range(c.col, c.col + c.span):
                roles.setdefault(k, role)
    return roles


def _is_header(row: list[Cell]) -> bool:
    """Two year columns, or a year and a growth/累计 column; bare years ("2020") only beside a header
    word (指标, 类别, 属性…), since a row of values may hold a number like 2000."""
    roles = [(header_role(c.text), "年" in c.text) for c in row]
    dated = sum(1 for r, nian in roles if r and r.startswith("year:") and nian)
    bare = sum(1 for r, nian in roles if r and r.startswith("year:") and not nian)
    rates = any(r in ("growth", "cumulative") for r, _ in roles)
    words = any(r in ("indicator", "category", "number", "attribute", "unit") for r, _ in roles)
    return dated >= 2 or (dated == 1 and rates) or (bare + dated >= 2 and words) or ((bare + dated) == 1 and rates and words)


def _period(roles: dict[int, str], period: tuple[int, int] | None) -> tuple[int, int] | None:
    if period is not None:
        return period
    years = sorted(int(r[5:]) for r in roles.values() if r.startswith("year:"))
    return (years[0] + 1, years[-1]) if len(years) >= 2 else None


def table_statements(raw: str, table: Table, period: tuple[int, int] | None) -> list[Statement]:
    """Statements of the rows of an indicator table (nothing for a table that is not one)."""
    roles: dict[int, str] | None = None
    out: list[Statement] = []
    rows = table.rows
    i = 0
    while i < len(rows):
        row = rows[i]
        i += 1
        if _is_header(row) or (i < len(rows) and not any(is_value(c.text) for c in row + rows[i])
                               and _is_header(row + rows[i])):
            r = _roles(row)
            if i < len(rows) and not any(is_value(c.text) for c in rows[i]):
                below = _roles(rows[i])  # a second header row under a spanning cell ("规划目标")
                if below:
                    r = {**r, **{k: v for k, v in below.items() if k not in r}}
                    i += 1
            roles = r
            continue
        if roles is None:
            continue
        out.extend(_row(raw, row, roles, _period(roles, period)))
    return out


def _row(raw: str, row: list[Cell], roles: dict[int, str], period: tuple[int, int] | None) -> list[Statement]:
    name: Cell | None = None
    unit: str | None = None
    attribute = None
    values: list[ValueCell] = []
    for c in row:
        role = roles.get(c.col, "?")
        if role == "attribute":
            attribute = attribute_of(c.text)
        elif role == "unit":
            unit = value_text(c.text) or None
        elif role == "indicator":
            name = c
        elif role in ("category", "number") or c.merged:
            continue
        elif role.startswith("year:") or role in ("growth", "cumulative"):
            if is_value(c.text) or is_empty(c.text):
                values.append(ValueCell(value_text(c.text), c.start, c.end, role))
        elif "indicator" not in roles.values() and not is_value(c.text) and not is_empty(c.text):
            name = c  # no 指标 column: the last text cell before the values names the row
    if name is None or not any(is_value(v.text) for v in values):
        return []
    return row_statements(raw, name.text, name.start, values, unit, attribute, period)
