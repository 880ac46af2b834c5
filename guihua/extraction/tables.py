"""Rows of a plan's main-indicator table ("主要指标" 专栏/表), one statement per value cell.

Plans list their headline targets in a table: a header naming the columns by year (2015年 2020年)
and a growth or cumulative column (年均增长[累计]), then rows "指标名（单位） 基期值 目标值 增速 属性".
Rows are read from the raw lines (each row one line, cells apart by spaces, tabs or "|"):
- a year column before the plan period gives a baseline, a year column at its end a target (level);
- the growth column gives a growth target; a bracketed value ("[3.9]", "〔15〕") is a total over
  the period: a change for rates and for names that say 降低/下降/提高, otherwise cumulative;
- ">"/"≥" mean ">=", "<"/"≤" mean "<=", "左右" means "~"; "—" cells are empty.
Without a header the columns are read as base year, target year, growth.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from guihua.extraction.comparators import lower_better
from guihua.extraction.model import Statement

_CELL_SPLIT = re.compile(r"[\s|]+")
_VALUE = re.compile(
    r"^(?P<open>[\[〔(])?\s*(?P<cmp>[<>≥≤]|大于|小于|不低于|不超过|超过)?\s*(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?P<pct>%)?\s*(?P<post>左右|以上|以下|以内)?\s*(?P<close>[\]〕)])?$"
)
_EMPTY = re.compile(r"^[—\-–/／…]+$|^$")
_ATTRIBUTE = re.compile(r"^(预期性|约束性|指导性|预期|约束)$")
_NAME = re.compile(r"^(?:[（(]?\d{1,2}[)）.、]\s*)?(?P<name>[^\d|\t]*?[\u4e00-\u9fff][^|\t]*?)\s*$")
_UNIT_IN_NAME = re.compile(r"[（(](?P<unit>[^（）()]{1,8})[)）]\s*$")
_HEADER_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_MIN_CELLS = 2


@dataclass
class _Header:
    roles: list[str]  # per value column: "year:2015", "growth", "cumulative", "?"


def _norm_line(line: str) -> str:
    """NFKC char by char, keeping length (so positions stay raw positions)."""
    out = []
    for ch in line:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _header(cells: list[str]) -> _Header | None:
    years = [c for c in cells if _HEADER_YEAR.fullmatch(c.strip())]
    if len(years) < 2 and not (years and any(re.search(r"年均|累计|增长", c) for c in cells)):
        return None
    first = next((i for i, c in enumerate(cells) if _HEADER_YEAR.fullmatch(c.strip())), 1)
    roles = []
    for c in cells[first:]:
        c = c.strip()
        m = _HEADER_YEAR.fullmatch(c)
        if m:
            roles.append(f"year:{m.group(1)}")
        elif re.search(r"年均|增长|增速", c):
            roles.append("growth")
        elif "累计" in c:
            roles.append("cumulative")
        elif _ATTRIBUTE.match(c) or c in ("属性", "指标属性"):
            roles.append("attribute")
        else:
            roles.append("?")
    return _Header(roles)


def _split(line: str) -> list[tuple[str, int]]:
    """Cells of a row with their start positions in the line."""
    cells = []
    pos = 0
    body = line
    for m in _CELL_SPLIT.finditer(body):
        if m.start() > pos:
            cells.append((body[pos:m.start()], pos))
        pos = m.end()
    if pos < len(body):
        cells.append((body[pos:], pos))
    return [(c, p) for c, p in cells if c.strip() and c.strip() not in ("|",)]


def extract_table_rows(raw: str, period: tuple[int, int] | None) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Statements from table rows of `raw`, and the raw spans of the rows read."""
    out: list[Statement] = []
    spans: list[tuple[int, int]] = []
    header: _Header | None = None
    gap = 0
    pos = 0
    for line in raw.splitlines(keepends=True):
        start = pos
        pos += len(line)
        text = _norm_line(line.rstrip("\r\n"))
        if not text.strip():
            continue
        cells = _split(text)
        if re.fullmatch(r"[\s|:\-—]+", text):
            continue  # markdown separator row
        h = _header([c for c, _ in cells])
        if h is not None:
            header, gap = h, 0
            continue
        row = _row(text, cells)
        if row is None:
            gap += 1
            if gap > 3:
                header = None
            continue
        gap = 0
        name, values = row
        made = _statements(raw, start, text, name, values, header, period)
        if made:
            out.extend(made)
            spans.append((start, start + len(text)))
    return out, spans


def _row(text: str, cells: list[tuple[str, int]]) -> tuple[tuple[str, int, int], list[tuple[str, int]]] | None:
    if len(cells) < 1 + _MIN_CELLS:
        return None
    # the name is the first cell(s) with CJK; the rest are values and an optional attribute
    i = 0
    while i < len(cells) and not _VALUE.match(cells[i][0].strip()) and not _EMPTY.match(cells[i][0].strip()):
        i += 1
    if i == 0 or i > 3:
        return None
    name_start = cells[0][1]
    name_end = cells[i - 1][1] + len(cells[i - 1][0])
    name_text = text[name_start:name_end]
    m = _NAME.match(name_text)
    if not m or "|" in name_text:
        return None
    values = []
    for c, p in cells[i:]:
        s = c.strip()
        if _ATTRIBUTE.match(s):
            break
        if not (_VALUE.match(s) or _EMPTY.match(s)):
            return None
        values.append((s, p))
    if len(values) < _MIN_CELLS or not any(_VALUE.match(v) for v, _ in values):
        return None
    n0 = name_start + m.start("name")
    return (m.group("name").strip(), n0, name_end), values


def roles_for(header: _Header | None, period: tuple[int, int] | None, n: int) -> list[str]:
    if header is not None:
        return header.roles[:n] + ["?"] * max(0, n - len(header.roles))
    if period is None:
        return []
    default = [f"year:{period[0] - 1}", f"year:{period[1]}", "growth"]
    return default[:n] + ["?"] * max(0, n - 3)


def _statements(raw: str, line_start: int, text: str, name_info: tuple[str, int, int],
                values: list[tuple[str, int]], header: _Header | None,
                period: tuple[int, int] | None) -> list[Statement]:
    name, n0, _ = name_info
    unit = None
    um = _UNIT_IN_NAME.search(name)
    if um:
        unit = um.group("unit").strip()
        name = name[:um.start()].strip()
    parts = name.split()
    if len(parts) > 1 and len(parts[-1]) >= 3:
        name = parts[-1]  # "城镇化 常住人口城镇化率": a category cell before the indicator
    name = re.sub(r"\s+", "", name)
    if not name or len(name) > 40:
        return []
    stock = any(r.startswith("year:") and _VALUE.match(v) for (v, _), r in zip(values, roles_for(header, period, len(values)), strict=False))
    roles = roles_for(header, period, len(values))
    if not roles:
        return []
    out = []
    for (cell, p), role in zip(values, roles, strict=False):
        m = _VALUE.match(cell)
        if not m or role in ("?", "attribute"):
            continue
        value = float(m.group("num"))
        bracket = bool(m.group("open") and m.group("close"))
        cmp_sign = m.group("cmp") or ""
        post = m.group("post") or ""
        comp = ">=" if cmp_sign in (">", "≥", "大于", "不低于", "超过") or post == "以上" else \
            "<=" if cmp_sign in ("<", "≤", "小于", "不超过") or post in ("以下", "以内") else \
            "~" if post == "左右" else None
        cell_unit = "%" if m.group("pct") else unit
        falling = re.search(r"降低|下降|减少", name)
        kind = "level"
        typ = "target"
        year = period[1] if period else None
        base_year = None
        if role.startswith("year:"):
            y = int(role[5:])
            year = y
            if period and y < period[0]:
                typ = "baseline"
            if re.search(r"增长|增速", name):
                kind = "growth"
            if falling:
                kind = "change"
        elif role == "growth" and not bracket:
            kind = "growth"
            cell_unit = "%"
            base_year = period[0] - 1 if period else None
        else:  # a total over the period
            if (unit == "%" or cell_unit == "%") and re.search(r"(率|比重|强度|比例)$", name):
                kind, cell_unit = "change", "个百分点"
            elif falling or re.search(r"提高|提升", name):
                kind = "change"
                cell_unit = "%" if unit in (None, "%") else unit
            elif stock:
                kind = "change"  # the increase of a stock whose levels the row also gives
            else:
                kind = "cumulative"
        if typ == "target" and comp is None:
            comp = "<=" if (kind == "level" and any(w in name for w in lower_better())) else ">="
        if typ == "target" and falling and kind == "change":
            comp = ">=" if comp in (None, ">=") else comp
        shown = re.sub(r"(?:年均)?(?:增长|增速|降低|下降|提高|减少)率?$", "", name) or name
        rs = line_start + n0
        re_ = line_start + p + len(cell)
        out.append(Statement(
            type=typ, kind=kind, indicator=shown, start=rs, end=re_,  # type: ignore[arg-type]
            quote=raw[rs:re_], value=value, unit=cell_unit, comparator=None if typ == "baseline" else comp,  # type: ignore[arg-type]
            year=year, base_year=base_year, confidence=0.8, note="table row",
        ))
    return out
