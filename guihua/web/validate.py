"""Checking actual values typed into the form or uploaded as a spreadsheet, field by field.

Messages are Chinese and name the field; an upload lists every bad row with its line number as a
spreadsheet shows it (the header is line 1). Nothing is written unless every row is good.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from guihua.monitoring.units import clean_unit, convert
from guihua.web.records import MEASURES, PlanInfo, RowProblem

COLUMNS = ("indicator", "year", "value", "unit", "measure", "source", "note")
HEADER_ALIASES = {"指标": "indicator", "年份": "year", "数值": "value", "值": "value", "单位": "unit",
                  "口径": "measure", "来源": "source", "备注": "note", "indicator_cn": "indicator",
                  "source_url": "source"}
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-—–~～至]\s*(\d{4})\s*$")
_RATIO = re.compile(r"^\s*\d+(\.\d+)?(\s*[:：∶]\s*\d+(\.\d+)?)+\s*$")
MAX_UPLOAD = 5 * 1024 * 1024


def check_observation(row: dict[str, Any], plan: PlanInfo, units: dict[str, str | None]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the cleaned row, {field: message}) for one actual value; ``units`` maps indicator names to units."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    name = str(row.get("indicator") or "").strip()
    if not name:
        errors["indicator"] = "请填写指标名称"
    elif name not in units:
        errors["indicator"] = f"规划中没有指标“{name}”"
    clean["indicator"] = name

    year = str(row.get("year") or "").strip()
    low, high = plan.first_year - 5, plan.last_year + 5
    m = _PERIOD.match(year)
    if not year:
        errors["year"] = "请填写年份"
    elif m:
        a, b = int(m.group(1)), int(m.group(2))
        if not low <= a < b <= high:
            errors["year"] = f"期间 {year} 不在 {low}-{high} 之内"
        year = f"{a}-{b}"
    elif not re.fullmatch(r"\d{4}", year):
        errors["year"] = f"年份应为四位数字（如 2020）或期间（如 2016-2020），收到“{year}”"
    elif not low <= int(year) <= high:
        errors["year"] = f"年份 {year} 不在规划期前后（{low}-{high}）"
    clean["year"] = year

    measure = str(row.get("measure") or "level").strip() or "level"
    if measure not in MEASURES:
        errors["measure"] = f"口径应为 {'、'.join(MEASURES)} 之一，收到“{measure}”"
    clean["measure"] = measure

    value = str(row.get("value") if row.get("value") is not None else "").strip().replace(",", "")
    if not value:
        errors["value"] = "请填写数值"
    elif _RATIO.match(value):
        if measure not in ("structure", "level"):
            errors["value"] = "比例（如 12.6:33.0:54.4）只用于结构指标"
        clean["measure"] = measure = "structure"
    else:
        try:
            number = float(value)
        except ValueError:
            errors["value"] = f"“{value}”不是数字"
        else:
            if number != number or number in (float("inf"), float("-inf")):
                errors["value"] = f"“{value}”不是有限的数字"
            elif measure == "level" and number < 0:
                errors["value"] = "水平值不能为负数"
    clean["value"] = value

    unit = str(row.get("unit") or "").strip() or None
    expected = units.get(name)
    if unit and expected and "indicator" not in errors and measure == "level" and not _RATIO.match(value):
        if convert(1.0, unit, expected) is None:
            errors["unit"] = f"单位“{unit}”与指标单位“{expected}”量纲不同，无法换算"
    if measure == "growth" and unit and clean_unit(unit) != "%":
        errors["unit"] = f"增速的单位应为 %，收到“{unit}”"
    clean["unit"] = unit or (expected if measure == "level" else "%" if measure == "growth" else None)
    clean["source"] = str(row.get("source") or "").strip() or None
    clean["note"] = str(row.get("note") or "").strip() or None
    return clean, errors


def read_rows(filename: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(line, row) for every data row of a CSV or XLSX upload; raises ValueError with the reason."""
    if len(content) > MAX_UPLOAD:
        raise ValueError(f"文件 {filename} 超过 5 MB")
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx(content, filename)
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")
            except UnicodeDecodeError:
                raise ValueError(f"文件 {filename} 不是 UTF-8 或 GB18030 编码的 CSV") from None
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ValueError(f"文件 {filename} 应为 .xlsx 或 .csv")
    if not table:
        raise ValueError(f"文件 {filename} 是空的")
    header = [HEADER_ALIASES.get(str(h or "").strip(), str(h or "").strip().lower()) for h in table[0]]
    missing = [c for c in ("indicator", "year", "value") if c not in header]
    if missing:
        raise ValueError(f"文件 {filename} 第 1 行（表头）缺少列：{', '.join(missing)}")
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        rows.append((line, {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header) if h}))
    return rows


def _xlsx(content: bytes, filename: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ValueError(f"文件 {filename} 不是可读的 Excel 工作簿（{type(exc).__name__}）") from None
    ws = wb.worksheets[0]
    out = []
    for row in ws.iter_rows(values_only=True):
        out.append([_cell(c) for c in row])
    wb.close()
    return out


def _cell(c: Any) -> Any:
    if isinstance(c, float) and c.is_integer():
        return str(int(c))
    return "" if c is None else str(c)


def check_upload(rows: list[tuple[int, dict[str, Any]]], plan: PlanInfo,
                 units: dict[str, str | None]) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    """The clean rows and every problem (line, field, reason), duplicates included."""
    good: list[dict[str, Any]] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in rows:
        clean, errors = check_observation(row, plan, units)
        for f, reason in errors.items():
            problems.append(RowProblem(line, f, reason))
        if errors:
            continue
        k = (clean["indicator"], clean["year"], clean["measure"])
        if k in seen:
            problems.append(RowProblem(line, "indicator", f"与第 {seen[k]} 行重复（同一指标、年份与口径）"))
            continue
        seen[k] = line
        good.append(clean)
    if not rows:
        problems.append(RowProblem(1, "file", "没有数据行"))
    return good, problems
