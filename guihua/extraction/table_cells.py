"""What the cells of a plan's indicator table mean: header roles, values, names, units, statements.

Shared by the table readers (`tables` for text and markdown lines, `table_grid` for Word and PDF
tables). The rules, general to Chinese plans' main-indicator tables:
- header cells name the columns: a year ("2020年", "2020年基期") is a baseline before the plan period
  and a target in it; 年均增长/增速 is a growth target; 累计 a total over the period; 属性 the
  attribute column (约束性/预期性); 单位 a unit column; 类别/领域 the category; 指标 the indicator;
- a bracketed value ("[3.9]", "〔15〕", "（15）") is a total over the period: a change for rates and
  for names that say 降低/下降/提高, for a stock whose levels the row also gives, else cumulative;
- a range cell ("6.5-7", "6%～7%") is one value with its maximum;
- ">"/"≥"/以上 mean ">=", "<"/"≤"/以下/以内 mean "<=", 左右 means "~"; "—" cells are empty;
- the unit is the bracket at the end of the indicator cell ("地区生产总值（亿元）"), or the 单位 column;
- footnote marks after a name or value (①, *, ※, △, ▲, superscript digits, "[1]", "注1") are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from guihua.extraction.comparators import lower_better
from guihua.extraction.model import Attribute, Statement

VALUE = re.compile(
    r"^(?P<open>[\[〔(（【])?\s*(?P<cmp>[<>≥≤]|大于|小于|不低于|不超过|超过|高于|低于)?\s*(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?:%?\s*[-—–~～至]\s*(?P<max>\d+(?:\.\d+)?)\s*)?(?P<pct>%)?\s*(?P<post>左右|以上|以下|以内)?\s*(?P<close>[\]〕)）】])?$"
)
EMPTY = re.compile(r"^[—\-–/／…]+$|^$")
ATTRIBUTE = re.compile(r"^(预期性|约束性|指导性|预期|约束)$")
HEADER_YEAR = re.compile(
    r"((?:19|20)\d\d)\s*年?(?:末|底)?(?:基期|基期值|基数|基准|基准值|基准年|现状|现状值|目标|目标值|规划值|规划目标|"
    r"规划目标值|预期|预期值|预计|预计值|实际|实际值|完成值|完成|情况)?"
)
# footnote marks after a name or a value: circled and superscript digits, *, ※, △, ▲, "[1]", "注1"
FOOTNOTE = re.compile(r"(?:[\u2460-\u2473\u2776-\u277f*※△▲☆★#＊\u00b9\u00b2\u00b3\u2070-\u2079]+|\[\d{1,2}\]|注\d{1,2})$")
_MARK_DIGITS = re.compile(r"[\u2460-\u2473\u2776-\u277f\u00b9\u00b2\u00b3\u2070-\u2079]+$")
_UNIT_IN_NAME = re.compile(r"[（(](?P<unit>[^（）()]{1,10})[)）]\s*$")


@dataclass(frozen=True)
class ValueCell:
    text: str  # the cell text, normalised (NFKC, footnote marks dropped, no spaces)
    start: int  # raw offsets of the cell
    end: int
    role: str  # "year:2020" | "growth" | "cumulative" | "?"


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def header_role(cell: str) -> str | None:
    """The role a header cell gives its column, None if it names none."""
    c = re.sub(r"\s+", "", nfkc(cell))
    m = HEADER_YEAR.fullmatch(c)
    if m:
        return f"year:{m.group(1)}"
    if re.search(r"年均|增速|增长", c):
        return "growth"
    if "累计" in c:
        return "cumulative"
    if c in ("属性", "指标属性", "性质"):
        return "attribute"
    if c in ("单位", "计量单位"):
        return "unit"
    if c in ("类别", "领域", "分类", "类型", "维度"):
        return "category"
    if c in ("指标", "指标名称", "主要指标", "指标名"):
        return "indicator"
    if c in ("序号", "编号"):
        return "number"
    return None


def value_text(cell: str) -> str:
    """A value cell as the value pattern reads it: no spaces, footnote marks dropped, NFKC.

    Circled and superscript digits are always marks (NFKC would make "65①" read 651); "[1]" is a
    mark only where the cell is not a bracketed value itself ("[16]" is 16 over the period)."""
    s = _MARK_DIGITS.sub("", re.sub(r"\s+", "", cell))
    return nfkc(s) if VALUE.match(nfkc(s)) else nfkc(FOOTNOTE.sub("", s))


def is_value(cell: str) -> bool:
    return bool(VALUE.match(value_text(cell)))


def is_empty(cell: str) -> bool:
    return bool(EMPTY.match(value_text(cell)))


def attribute_of(cell: str) -> Attribute | None:
    c = re.sub(r"\s+", "", nfkc(cell))
    if c.startswith("约束"):
        return "约束性"
    if c.startswith("预期"):
        return "预期性"
    return None


def name_and_unit(name: str) -> tuple[str, str | None]:
    """The indicator and the unit in its cell: "地区生产总值（亿元）①" -> ("地区生产总值", "亿元")."""
    s = nfkc(FOOTNOTE.sub("", re.sub(r"\s+", "", name)))  # marks first: NFKC makes "①" a "1"
    s = FOOTNOTE.sub("", s)
    unit = None
    um = _UNIT_IN_NAME.search(s)
    if um:
        unit = nfkc(um.group("unit")).strip()
        s = s[:um.start()]
    s = FOOTNOTE.sub("", s)
    s = re.sub(r"^(?:[（(]?\d{1,2}[)）.、．]|[一二三四五六七八九十]{1,3}[、．.])", "", s)  # a row number
    return s, unit


def row_statements(raw: str, name: str, name_start: int, values: list[ValueCell], unit: str | None,
                   attribute: Attribute | None, period: tuple[int, int] | None) -> list[Statement]:
    """One statement per value cell of an indicator row (span: from the name to the value cell)."""
    name, cell_unit_in_name = name_and_unit(name)
    unit = cell_unit_in_name or unit
    if not name or len(name) > 40 or not re.search(r"[\u4e00-\u9fff]", name):
        return []
    stock = any(v.role.startswith("year:") and (m := VALUE.match(v.text)) and not m.group("open")
                for v in values)
    falling = re.search(r"降低|下降|减少", name)
    out = []
    for v in values:
        m = VALUE.match(v.text)
        if not m or v.role in ("?", "attribute"):
            continue
        value = float(m.group("num"))
        value_max = float(m.group("max")) if m.group("max") else None
        bracket = bool(m.group("open") and m.group("close"))
        cmp_sign = m.group("cmp") or ""
        post = m.group("post") or ""
        comp = ">=" if cmp_sign in (">", "≥", "大于", "不低于", "超过", "高于") or post == "以上" else \
            "<=" if cmp_sign in ("<", "≤", "小于", "不超过", "低于") or post in ("以下", "以内") else \
            "~" if post == "左右" else None
        cell_unit = "%" if m.group("pct") else unit
        kind = "level"
        typ = "target"
        year = period[1] if period else None
        base_year = None
        if v.role.startswith("year:") and not bracket:
            year = int(v.role[5:])
            if period and year < period[0]:
                typ = "baseline"
            if re.search(r"增长|增速", name):
                kind = "growth"
            if falling:
                kind = "change"
        elif v.role == "growth" and not bracket:
            kind = "growth"
            cell_unit = "%"
            base_year = period[0] - 1 if period else None
        else:  # a total over the period (a bracketed cell, also in a year's column: "〔12〕")
            if v.role.startswith("year:"):
                year = int(v.role[5:])
                if period and year < period[0]:
                    typ = "baseline"
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
        direction = None
        if kind in ("growth", "change"):
            direction = "decrease" if falling else "increase"
        rs, re_ = name_start, v.end
        st = Statement(
            type=typ, kind=kind, indicator=shown, start=rs, end=re_,  # type: ignore[arg-type]
            quote=raw[rs:re_], value=value, value_max=value_max, unit=cell_unit, comparator=None if typ == "baseline" else comp,  # type: ignore[arg-type]
            year=year, base_year=base_year, confidence=0.8, note="table row",
            direction=direction, attribute=attribute,  # type: ignore[arg-type]
        )
        st.extra["cell"] = (v.start, v.end)
        out.append(st)
    return out
