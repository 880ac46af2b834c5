"""Import actual values (published statistics) from CSV or XLSX, all rows or none.

File header (first row; extra columns are ignored; names in brackets are accepted synonyms):
    indicator [indicator_cn, 指标, 指标名称]   year [period, 年份, 时期]   value [数值]
    unit [单位]   measure [度量]   source [source_url, 来源]   quote [source_quote, 原文]   note [备注, 说明]

- `year` is a year (2018) or a period (2016-2020). `measure` is `level` (default), `growth` (an
  annual growth rate in %; for a period, the average annual growth rate) or `structure` (a ratio
  written "12.6:33.0:54.4"; a ratio value implies it).
- `indicator` is matched against the plan's indicator keys, names and aliases, or through a
  mapping file (see `read_mapping`).
- Level values are converted to the indicator's unit (guihua.store.units); when the plan states the
  indicator in two currencies or scales (baseline in 元, target in 美元), a value converts to the
  plan unit of its own dimension. An indicator the plan gives only as a rate takes its unit from
  the first level value imported.

Bad rows are reported all at once, each with its line number (the header is line 1, as a
spreadsheet shows it) and the reason: unknown indicator, value not a number, unit of the wrong
dimension, year outside the plan's range (YEARS_BEFORE years before the plan period to
YEARS_AFTER after it), duplicate (same indicator, period, measure and source as an earlier row or a
stored value). Then nothing is written. A valid file is written in one transaction.

Values of one indicator and period that differ are kept side by side, each flagged `is_conflict`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from guihua.cells import csv_value
from guihua.errors import InputError, RowErrors
from guihua.store import table_limits, units
from guihua.store.domains import suggest_domain
from guihua.store.records import IndicatorInfo, NewIndicator, NewObservation
from guihua.store.repository import Store

YEARS_BEFORE = 5
YEARS_AFTER = 5

COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator_cn", "指标", "指标名称"),
    "year": ("year", "period", "年份", "年度", "时期"),
    "value": ("value", "数值", "值"),
    "unit": ("unit", "单位"),
    "measure": ("measure", "度量"),
    "source": ("source", "source_url", "来源"),
    "quote": ("quote", "source_quote", "原文"),
    "note": ("note", "备注", "说明"),
}
REQUIRED = ("indicator", "year", "value")

MAPPING_COLUMNS = ("source_indicator", "years", "unit", "plan_indicator", "measure", "unit_as", "flag",
                   "reason", "note")
MEASURE_WORDS = {"level": "level", "水平": "level", "growth": "growth", "增速": "growth", "增长": "growth",
                 "structure": "structure", "结构": "structure"}
FLAGS = ("", "not_comparable")
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*(?:[-—–~～至]\s*(\d{4})\s*(?:年)?)?\s*$")
_RATIO = re.compile(r"^\s*\d+(?:\.\d+)?(?:\s*[:：∶]\s*\d+(?:\.\d+)?)+\s*$")


class ActualsError(RowErrors):
    """Bad rows in an actuals file; nothing was written."""


@dataclass(frozen=True)
class MappingRule:
    line: int
    source_indicator: str
    years: str  # "" any; items "2018", "2016-2020" (that period), "2016..2018", "2018+"
    unit: str  # "" any
    plan_indicator: str
    measure: str  # "" = from the data file
    unit_as: str  # "" = the published unit
    flag: str  # "" or "not_comparable"
    reason: str
    note: str

    def matches_year(self, period: str, start: int, end: int) -> bool:
        if not self.years.strip():
            return True
        for item in re.split(r"[,，;；\s]+", self.years.strip()):
            if not item:
                continue
            if item.endswith("+") and item[:-1].isdigit():
                if start == end and start >= int(item[:-1]):
                    return True
            elif ".." in item:
                a, _, b = item.partition("..")
                if start == end and int(a) <= start <= int(b):
                    return True
            elif item == period:
                return True
        return False

    def specificity(self) -> int:
        return (2 if self.years.strip() else 0) + (1 if self.unit.strip() else 0)


@dataclass
class ImportSummary:
    path: str
    rows: int
    observation_ids: list[int]
    indicators_created: list[str] = field(default_factory=list)
    conflicts: int = 0
    not_comparable: int = 0


def read_table(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """(line, row) for every non-empty data row of a CSV or XLSX file; keys are header cells.

    The header is line 1; a CSV record spanning several physical lines counts as one line, as in
    a spreadsheet. Files beyond guihua.store.table_limits (size, rows, columns, cell length; an XLSX
    that would expand far more than spreadsheets do) are refused before they are expanded.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(str(path), "文件不存在")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        records = _xlsx_records(p)
    elif suffix in (".csv", ".txt", ".tsv"):
        records = _csv_records(p)
    else:
        raise InputError(str(path), f"不支持的文件类型“{p.suffix}”（支持 .csv、.xlsx）")
    if not records:
        raise InputError(f"{path}:1", "文件为空，缺少表头")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    out: list[tuple[int, dict[str, str]]] = []
    for i, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        out.append((i, {h: (rec[j] if j < len(rec) else "") for j, h in enumerate(header) if h}))
    return [(0, {h: h for h in header if h})] + out


def _csv_records(p: Path) -> list[list[str]]:
    table_limits.check_file_size(p)
    data = p.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(str(p), "无法识别文件编码（请用 UTF-8 或 GB18030）")
    delimiter = "\t" if p.suffix.lower() == ".tsv" else ","
    return [[csv_value(c) for c in row] for row in table_limits.csv_rows(text, str(p), delimiter)]


def _xlsx_records(p: Path) -> list[list[str]]:
    return [[_cell(c) for c in row] for row in table_limits.xlsx_rows(p)]


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _columns(header: Mapping[str, str], path: str) -> dict[str, str]:
    """Our column name -> the file's header cell."""
    found: dict[str, str] = {}
    lowered = {h.strip().lower(): h for h in header}
    for col, names in COLUMNS.items():
        for n in names:
            if n.lower() in lowered:
                found[col] = lowered[n.lower()]
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise InputError(f"{path}:1", f"表头缺少列：{', '.join(missing)}（应有 indicator,year,value,unit,measure,"
                         "source,note）")
    return found


def read_mapping(path: str | Path) -> list[MappingRule]:
    """A mapping file: which plan indicator each published series is, and how comparable it is.

    CSV columns: source_indicator (name as in the data file), years (blank = any; else items
    "2018", "2016-2020" for that period, "2016..2018", "2018+"), unit (blank = any published unit),
    plan_indicator (key, name or alias in the plan; a name the plan lacks becomes a new indicator),
    measure (level / growth / structure; blank = as in the data file), unit_as (read the published
    unit as this one, e.g. 件/万人 -> 件), flag (blank or not_comparable), reason (why not comparable),
    note. The most specific rule wins (years, then unit); ties go to the earlier line.
    """
    rows = read_table(path)
    header = rows[0][1]
    for col in ("source_indicator", "plan_indicator"):
        if col not in header:
            raise InputError(f"{path}:1", f"映射文件表头缺少列 {col}（应有 {','.join(MAPPING_COLUMNS)}）")
    rules: list[MappingRule] = []
    for line, r in rows[1:]:
        get = {c: (r.get(c) or "").strip() for c in MAPPING_COLUMNS}
        where = f"{path}:{line}"
        if not get["source_indicator"] or not get["plan_indicator"]:
            raise InputError(where, "source_indicator 与 plan_indicator 都不能为空")
        if get["measure"] and get["measure"] not in MEASURE_WORDS:
            raise InputError(where, f"measure 应为 level / growth / structure，收到“{get['measure']}”")
        if get["flag"] not in FLAGS:
            raise InputError(where, f"flag 应为空或 not_comparable，收到“{get['flag']}”")
        if get["flag"] and not get["reason"]:
            raise InputError(where, "标为不可比（not_comparable）时请在 reason 中说明原因")
        for item in re.split(r"[,，;；\s]+", get["years"]):
            if item and not re.fullmatch(r"\d{4}(\+|\.\.\d{4}|-\d{4})?", item):
                raise InputError(where, f"years 项“{item}”应写作 2018、2016-2020、2016..2018 或 2018+")
        rules.append(MappingRule(line=line, measure=MEASURE_WORDS.get(get["measure"], ""),
                                 **{k: v for k, v in get.items() if k != "measure"}))
    return rules


def parse_period(text: str) -> tuple[str, int, int] | None:
    """("2018", 2018, 2018) or ("2016-2020", 2016, 2020); None when not a year or period."""
    t = text.strip().removesuffix(".0")
    m = _PERIOD.match(t)
    if not m:
        return None
    a = int(m.group(1))
    b = int(m.group(2)) if m.group(2) else a
    if b < a:
        return None
    return (str(a) if a == b else f"{a}-{b}"), a, b


def _number(text: str) -> float | None:
    t = text.strip().replace(",", "").replace("，", "")
    if not t:
        return None
    try:
        f = float(t)
    except ValueError:
        return None
    if f != f or f in (float("inf"), float("-inf")):
        return None
    return f


def _pick_rule(rules: Sequence[MappingRule], name: str, unit: str, period: tuple[str, int, int] | None
               ) -> MappingRule | None:
    best: MappingRule | None = None
    for r in rules:
        if r.source_indicator != name:
            continue
        if r.unit and units.clean(r.unit) != units.clean(unit):
            continue
        if period is not None and not r.matches_year(*period):
            continue
        if period is None and r.years.strip():
            continue
        if best is None or r.specificity() > best.specificity():
            best = r
    return best


class _Registry:
    """Indicators of the plan by key, name and alias, plus those a mapping creates."""

    def __init__(self, indicators: Iterable[IndicatorInfo], plan_units: Mapping[int, list[str]]) -> None:
        self.by_name: dict[str, IndicatorInfo] = {}
        for pick in ("key", "name", "aliases"):
            for ind in indicators:
                names = ind.aliases if pick == "aliases" else [getattr(ind, pick)]
                for n in names:
                    self.by_name.setdefault(n, ind)
        self.plan_units = plan_units
        self.new: dict[str, NewIndicator] = {}
        self.set_units: dict[int, str] = {}

    def find(self, name: str) -> IndicatorInfo | None:
        return self.by_name.get(name.strip())


def import_actuals(store: Store, plan_id: str, path: str | Path, *, mapping: str | Path | None = None,
                   user: str = "system") -> ImportSummary:
    """Validate every row of `path`, then write them all in one transaction (or raise ActualsError)."""
    store.get_plan(plan_id)
    rules = read_mapping(mapping) if mapping else None
    rows = read_table(path)
    return import_rows(store, plan_id, [r for _, r in rows[1:]], lines=[n for n, _ in rows[1:]],
                       header=list(rows[0][1]), name=str(path), rules=rules, user=user)


def import_rows(store: Store, plan_id: str, rows: Sequence[Mapping[str, Any]], *, name: str,
                header: Sequence[str] | None = None, lines: Sequence[int] | None = None,
                rules: Sequence[MappingRule] | None = None, user: str = "system") -> ImportSummary:
    """The same import for rows already in memory (a web form): dicts keyed by header names.

    `lines` are the row numbers reported in errors (default 2, 3, ... as if under a header line);
    `name` stands for the file in messages and in each observation's `import_file`.
    """
    path_s = name
    plan = store.get_plan(plan_id)
    if header is None:
        header = list(dict.fromkeys(k for r in rows for k in r))
    lines = list(lines) if lines is not None else list(range(2, len(rows) + 2))
    cols = _columns({h: h for h in header}, path_s)
    indicators = store.list_indicators(plan_id)
    plan_units: dict[int, list[str]] = {}
    if plan.current_version is not None:
        for s in store.list_statements(plan_id):
            if s.indicator_id is not None and s.unit and s.kind in ("level", "cumulative"):
                plan_units.setdefault(s.indicator_id, [])
                if s.unit not in plan_units[s.indicator_id]:
                    plan_units[s.indicator_id].append(s.unit)
    reg = _Registry(indicators, plan_units)
    stored_keys = store.observation_keys(plan_id)
    lo = (plan.period_start or 0) - YEARS_BEFORE
    hi = (plan.period_end or 9999) + YEARS_AFTER
    problems: list[tuple[int, str]] = []
    out: list[NewObservation] = []
    seen: dict[tuple[Any, ...], int] = {}
    new_units: dict[str, str] = {}
    for line, r in zip(lines, rows, strict=True):
        get = {c: _text(r.get(h)) for c, h in cols.items()}
        try:
            obs, key = _row(get, line, path_s, rules, reg, lo, hi, plan.period, new_units)
        except _RowError as exc:
            problems.append((line, exc.reason))
            continue
        if key in seen:
            problems.append((line, f"重复：同一指标、年份、度量和来源已在第 {seen[key]} 行出现"))
            continue
        if isinstance(key[0], int) and key in stored_keys:
            problems.append((line, f"重复：同一指标、年份、度量和来源已在数据库中（实际值 {stored_keys[key]}）"))
            continue
        seen[key] = line
        out.append(obs)
    if problems:
        raise ActualsError(path_s, problems)
    new_list = list(reg.new.values())
    index = {ni.key: i for i, ni in enumerate(new_list)}
    for o in out:
        if o.indicator_id == 0:
            o.indicator_id = -(index[o.extra.pop("new_key")] + 1)
    ids = store.add_observations(plan_id, out, user=user, new_indicators=new_list, indicator_units=reg.set_units)
    return ImportSummary(path=path_s, rows=len(ids), observation_ids=ids,
                         indicators_created=[ni.name for ni in new_list],
                         conflicts=store.count_conflicts(ids),
                         not_comparable=sum(1 for o in out if o.is_not_comparable))


@lru_cache(maxsize=16)
def _file_name(path: str) -> str:
    return Path(path).name


def _text(v: Any) -> str:
    return _cell(v).strip()


class _RowError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _row(get: Mapping[str, str], line: int, path: str, rules: Sequence[MappingRule] | None, reg: _Registry,
         lo: int, hi: int, plan_period: str | None, new_units: dict[str, str]
         ) -> tuple[NewObservation, tuple[Any, ...]]:
    name = get.get("indicator", "")
    if not name:
        raise _RowError("缺少指标名称")
    period = parse_period(get.get("year", ""))
    unit_text = get.get("unit", "")
    rule = _pick_rule(rules, name, unit_text, period) if rules is not None else None
    # indicator
    target_name = rule.plan_indicator if rule else name
    ind = reg.find(target_name)
    if ind is None and rule is None:
        where = "规划指标及别名中没有" + ("，映射文件也未列出" if rules is not None else "；可用 --mapping 指定映射")
        raise _RowError(f"未知指标“{name}”（{where}）")
    # period
    if period is None:
        raise _RowError(f"年份“{get.get('year', '')}”应写作 YYYY 或 YYYY-YYYY")
    period_text, start, end = period
    if start < lo or end > hi:
        raise _RowError(f"年份 {period_text} 超出规划期{f' {plan_period}' if plan_period else ''} 前后范围（{lo}-{hi}）")
    # measure and value
    value_text = get.get("value", "")
    measure = MEASURE_WORDS.get(get.get("measure", "").lower(), "") if get.get("measure") else ""
    if get.get("measure") and not measure:
        raise _RowError(f"measure 应为 level / growth / structure，收到“{get['measure']}”")
    if not measure and rule and rule.measure:
        measure = rule.measure
    is_ratio = bool(_RATIO.match(value_text))
    if not measure:
        measure = "structure" if is_ratio else "level"
    values: list[float] | None = None
    value: float | None = None
    if measure == "structure":
        if not is_ratio:
            raise _RowError(f"结构值“{value_text}”应写作 12.6:33.0:54.4")
        values = [float(x) for x in re.split(r"\s*[:：∶]\s*", value_text.strip())]
    else:
        value = _number(value_text)
        if value is None:
            raise _RowError(f"数值“{value_text}”不是数字")
    flagged = bool(rule and rule.flag == "not_comparable")
    # unit
    unit_for_conversion = rule.unit_as if rule and rule.unit_as else unit_text
    converted: float | None = None
    unit_converted: str | None = None
    if measure == "growth":
        if unit_text and units.dimension(unit_text) != "percent":
            raise _RowError(f"增速的单位应为 %，收到“{unit_text}”")
        converted, unit_converted = value, "%"
    elif measure == "level":
        if ind is not None:
            ind_unit = ind.unit or reg.set_units.get(ind.id)
            if ind_unit is None:
                ind_unit = units.clean(unit_for_conversion) or None
                if ind_unit:
                    reg.set_units[ind.id] = ind_unit
            candidates = [u for u in [ind_unit, *reg.plan_units.get(ind.id, [])] if u]
        else:
            new_key = target_name
            if new_key not in new_units:
                new_units[new_key] = units.clean(unit_for_conversion)
            candidates = [new_units[new_key]] if new_units[new_key] else []
        if not candidates:
            converted, unit_converted = value, None
        else:
            for u in candidates:
                if units.same_dimension(unit_for_conversion, u):
                    assert value is not None
                    converted, unit_converted = units.convert(value, unit_for_conversion, u), u
                    break
            else:
                if not flagged:
                    raise _RowError(f"单位“{unit_text or '（空）'}”与指标“{target_name}”的单位"
                                    f"“{'、'.join(candidates)}”不是同一量纲")
    # a new indicator named by the mapping
    if ind is None:
        assert rule is not None
        if target_name not in reg.new:
            reg.new[target_name] = NewIndicator(
                key=target_name, name=target_name, unit=new_units.get(target_name) or None,
                domain=suggest_domain(target_name), aliases=[name] if name != target_name else [],
                origin="data", note=f"由映射文件第 {rule.line} 行新增（规划中未抽取到该指标）")
        elif name != target_name and name not in reg.new[target_name].aliases:
            reg.new[target_name].aliases.append(name)
    note = get.get("note") or None
    if rule and rule.note:
        note = f"{note}；{rule.note}" if note else rule.note
    obs = NewObservation(
        indicator_id=ind.id if ind is not None else 0, period=period_text, year_start=start, year_end=end,
        measure=measure, value=value, value_text=value_text, unit=unit_text or None, value_converted=converted,
        unit_converted=unit_converted, values=values, source_indicator=name, source=get.get("source") or None,
        quote=get.get("quote") or None, note=note, is_not_comparable=flagged,
        comparability_reason=rule.reason if flagged and rule else None, import_file=_file_name(path),
        import_line=line, extra={} if ind is not None else {"new_key": target_name},
    )
    key = (ind.id if ind is not None else f"new:{target_name}", period_text, measure, get.get("source") or "")
    return obs, key
