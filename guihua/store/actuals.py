"""Import actual values (published statistics), all rows or none: the one validation path.

The CLI (`guihua import-actuals`), the web upload, the web form and the JSON API all come here:
files through `import_actuals` / `import_bytes` (read by guihua.store.tables_in: CSV or XLSX,
long or wide layout, any sheet, real cell types), typed-in rows through `import_rows`. So they
accept and refuse the same inputs with the same messages.

Columns (names in brackets are accepted synonyms; extra columns are ignored):
    indicator [指标, 指标名称, 项目, indicator_cn]   year [年份, 年度, 时期, period]   value [数值, 值]
    unit [单位]   measure [口径, 度量]   source [来源, source_url]   quote [原文, source_quote]   note [备注, 说明]

- `year` is a year (2018, "2018年", a date cell) or a period ("2016-2020"). `measure` is level
  (default), growth (an annual growth rate in %; for a period, the average annual rate) or
  structure (a ratio "12.6:33.0:54.4"; a ratio value implies it). A name published as a growth
  rate ("地区生产总值增速") is a growth of its indicator when no measure is given.
- `value` is a number: thousands separators, full-width digits and a unit in the cell
  ("3,508.5亿元", "4.5%") are read; an Excel percentage cell is a percent.
- `unit`: from the unit column, else the cell, else the indicator name ("地区生产总值（亿元）"),
  else a "单位：亿元" line above the table; none at all means the indicator's own unit (% for a
  growth rate), which is then stored as the value's unit.
- `indicator` is matched to the plan's indicator keys, names and aliases (guihua.store.matching),
  through a mapping file (guihua.store.actuals_mapping), or through aliases the user confirms now
  (`aliases`: published name -> indicator; remembered as the indicator's aliases, audited). An
  unknown name is refused with ranked suggestions.
- Level values are converted to the indicator's unit (guihua.store.units); when the plan states the
  indicator in two currencies or scales, a value converts to the plan unit of its own dimension.

Bad rows are reported all at once (`ActualsError.details`: line, column, field, reason; lines as a
spreadsheet shows them), then nothing is written. A valid file is written in one transaction.
Values of one indicator and period that differ are kept side by side, each flagged `is_conflict`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guihua.errors import InputError, RowErrors
from guihua.store import units
from guihua.store.access import AccessDenied
from guihua.store.actuals_mapping import MAPPING_COLUMNS, MEASURE_WORDS, MappingRule, pick_rule, read_mapping
from guihua.store.domains import suggest_domain
from guihua.store.matching import Candidate, IndicatorMatcher, measure_hint, suggestion_text
from guihua.store.records import IndicatorInfo, NewIndicator, NewObservation
from guihua.store.repository import Store
from guihua.store.tables_in import (
    FIELDS,
    Cell,
    Record,
    Table,
    cell_period,
    cell_quantity,
    normalize,
    read_table,
    read_table_bytes,
    read_table_file,
    records_from_dicts,
    split_name_unit,
)

__all__ = ["COLUMNS", "MAPPING_COLUMNS", "ActualsError", "Checked", "ImportSummary", "Problem", "check_table",
           "import_actuals", "import_bytes", "import_rows", "import_table", "parse_period", "read_mapping",
           "read_table"]

YEARS_BEFORE = 5
YEARS_AFTER = 5
COLUMNS = FIELDS
REQUIRED = ("indicator", "year", "value")
_RATIO = re.compile(r"^\s*\d+(?:\.\d+)?(?:\s*[:：∶]\s*\d+(?:\.\d+)?)+\s*$")
_PERCENT_UNITS = ("%", "百分比", "个百分点", "百分点")


@dataclass(frozen=True)
class Problem:
    """One refusal: where (line, spreadsheet column and its header, the field) and why."""

    line: int
    field: str  # indicator / year / value / unit / measure / source / row
    reason: str
    column: str = ""
    header: str = ""
    name: str | None = None  # an unknown indicator name
    candidates: tuple[Candidate, ...] = ()

    @property
    def location(self) -> str:
        """"第 5 行 C 列（数值）"."""
        col = f" {self.column} 列" if self.column else ""
        head = f"（{self.header}）" if self.header else ""
        return f"第 {self.line} 行{col}{head}"

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "column": self.column, "header": self.header,
                "reason": self.reason, "location": self.location}


class ActualsError(RowErrors):
    """Bad rows in an actuals table; nothing was written. `details` has line, column and field."""

    def __init__(self, where: str, details: list[Problem]) -> None:
        super().__init__(where, [(p.line, p.reason) for p in details])
        self.details = details
        lines = len({p.line for p in details})
        if lines != len(details):  # a wide table has several values a line
            self.reason = f"{lines} 行有误（共 {len(details)} 处），未写入任何数据"
            self.args = (f"{where}: {self.reason}",)

    def lines(self) -> list[str]:
        """"FILE（工作表“S”）第 5 行 A 列（指标）：reason" for every problem; an unknown name once, with
        every line it is on ("第 3、6、8 行 A 列（指标）：未知指标“…”，可能是：…")."""
        out: list[str] = []
        done: set[str] = set()
        where = self.path if self.path.endswith("）") else f"{self.path} "
        for p in self.details:
            if p.name is None:
                out.append(f"{where}{p.location}：{p.reason}")
            elif p.name not in done:
                done.add(p.name)
                same = list(dict.fromkeys(q.line for q in self.details if q.name == p.name))
                col = f" {p.column} 列" if p.column else ""
                head = f"（{p.header}）" if p.header else ""
                out.append(f"{where}第 {'、'.join(map(str, same))} 行{col}{head}：{p.reason}")
        return out

    def unknown(self) -> dict[str, list[Candidate]]:
        """Unknown indicator names, in order of first appearance, with their ranked candidates."""
        out: dict[str, list[Candidate]] = {}
        for p in self.details:
            if p.name is not None and p.name not in out:
                out[p.name] = list(p.candidates)
        return out


@dataclass
class ImportSummary:
    path: str
    rows: int
    observation_ids: list[int]
    indicators_created: list[str] = field(default_factory=list)
    conflicts: int = 0
    not_comparable: int = 0
    sheet: str | None = None
    layout: str = "long"
    aliases_added: list[tuple[str, str]] = field(default_factory=list)  # (published name, indicator)


def parse_period(text: str) -> tuple[str, int, int] | None:
    """("2018", 2018, 2018) or ("2016-2020", 2016, 2020); None when not a year or period."""
    t = str(text).strip().removesuffix(".0")
    return cell_period(Cell(t))


#: the test a row's indicator must pass to be written by this account (None: every indicator)
Allow = Callable[[IndicatorInfo], bool]


# ---------------------------------------------------------------------------- entry points

def import_actuals(store: Store, plan_id: str, path: str | Path, *, mapping: str | Path | None = None,
                   sheet: str | None = None, aliases: Mapping[str, str] | None = None,
                   user: str = "system", allow: Allow | None = None) -> ImportSummary:
    """Validate every value in the file at `path`, then write them all in one transaction (or raise)."""
    store.get_plan(plan_id)
    rules = read_mapping(mapping) if mapping else None
    return import_table(store, plan_id, read_table_file(path, sheet), rules=rules, aliases=aliases, user=user,
                        allow=allow)


def import_bytes(store: Store, plan_id: str, filename: str, data: bytes, *, sheet: str | None = None,
                 aliases: Mapping[str, str] | None = None, user: str = "system",
                 allow: Allow | None = None) -> ImportSummary:
    """The same import for an uploaded file's bytes (`filename` gives the type and names it in messages)."""
    store.get_plan(plan_id)
    return import_table(store, plan_id, read_table_bytes(filename, data, sheet), aliases=aliases, user=user,
                        allow=allow)


def import_rows(store: Store, plan_id: str, rows: Sequence[Mapping[str, Any]], *, name: str,
                header: Sequence[str] | None = None, lines: Sequence[int] | None = None,
                rules: Sequence[MappingRule] | None = None, user: str = "system",
                allow: Allow | None = None) -> ImportSummary:
    """The same import for rows already in memory (the web form, the JSON API): dicts keyed by
    field or header names. `lines` number them in messages (default 2, 3, ... as under a header);
    `name` stands for the file in messages and in each observation's `import_file`.
    """
    records = records_from_dicts([dict(r) for r in rows], lines)
    table = Table(name=name, sheet=None, layout="long", header_line=1, records=records)
    return import_table(store, plan_id, table, rules=rules, user=user, allow=allow)


@dataclass
class Checked:
    """What checking a table found: the observations to write, or the problems (and the context)."""

    observations: list[NewObservation]
    problems: list[Problem]
    ctx: _Context
    lines: list[int]  # the line of each observation


def check_table(store: Store, plan_id: str, table: Table, *, rules: Sequence[MappingRule] | None = None,
                aliases: Mapping[str, str] | None = None, indicator_ids: Sequence[int] | None = None) -> Checked:
    """Check every record of `table` against the plan and the stored values; write nothing.

    `indicator_ids`: every record is known to be of one of these indicators (a data round's rows): the
    names are matched among them only and only their stored values are read, so checking one row does
    not read the whole plan. The checks themselves are the same."""
    plan = store.get_plan(plan_id)
    plan_units: dict[int, list[str]] = {}
    only = None if indicator_ids is None else set(indicator_ids)
    if plan.current_version is not None:
        statements = (store.list_statements(plan_id) if only is None else
                      [s for i in sorted(only) for s in store.list_statements(plan_id, indicator_id=i)])
        for s in statements:
            if s.indicator_id is not None and s.unit and s.kind in ("level", "cumulative"):
                plan_units.setdefault(s.indicator_id, [])
                if s.unit not in plan_units[s.indicator_id]:
                    plan_units[s.indicator_id].append(s.unit)
    indicators = store.list_indicators(plan_id, None if only is None else sorted(only))
    matcher = IndicatorMatcher(indicators, plan_units)
    confirmed = _confirmed_aliases(matcher, aliases or {})
    ctx = _Context(table=table, rules=rules, matcher=matcher, confirmed=confirmed,
                   lo=(plan.period_start or 0) - YEARS_BEFORE, hi=(plan.period_end or 9999) + YEARS_AFTER,
                   plan_period=plan.period)
    stored_keys = store.observation_keys(plan_id, None if only is None else sorted(only))
    problems: list[Problem] = []
    out: list[NewObservation] = []
    lines: list[int] = []
    seen: dict[tuple[Any, ...], int] = {}
    for rec in table.records:
        obs, key, bad = _check(rec, ctx)
        if bad:
            problems.extend(bad)
            continue
        assert obs is not None and key is not None
        name_cell = rec.cells.get("indicator") or Cell("")
        if key in seen:
            problems.append(_at(rec.line, "row", f"重复：同一指标、年份、口径和来源已在第 {seen[key]} 行出现", name_cell))
            continue
        if isinstance(key[0], int) and key in stored_keys:
            problems.append(_at(rec.line, "row", f"重复：同一指标、年份、口径和来源已在数据库中（实际值 {stored_keys[key]}）",
                                name_cell))
            continue
        seen[key] = rec.line
        out.append(obs)
        lines.append(rec.line)
    if not table.records:
        problems.append(Problem(table.header_line, "row", "表头之下没有数据行"))
    return Checked(out, problems, ctx, lines)


def import_table(store: Store, plan_id: str, table: Table, *, rules: Sequence[MappingRule] | None = None,
                 aliases: Mapping[str, str] | None = None, user: str = "system",
                 allow: Allow | None = None) -> ImportSummary:
    """Check every record of `table`; raise ActualsError listing them all, or write them in one transaction.

    `allow`: the test each row's indicator must pass (a department account's scope, guihua.store.access);
    rows of other indicators, or of indicators the table would create, raise AccessDenied and nothing
    is written.
    """
    checked = check_table(store, plan_id, table, rules=rules, aliases=aliases)
    if allow is not None:
        by_id = {i.id: i for i in store.list_indicators(plan_id)}
        outside = [(line, f"指标“{o.source_indicator or ''}”不是本部门负责的指标，不能填报")
                   for o, line in zip(checked.observations, checked.lines, strict=True)
                   if not (o.indicator_id in by_id and allow(by_id[o.indicator_id]))]
        if outside:
            raise AccessDenied(f"{table.where}：{len(outside)} 行的指标不属于本部门，未写入任何行", outside)
    if checked.problems:
        raise ActualsError(table.where, checked.problems)
    ctx, out = checked.ctx, checked.observations
    added = _remember_aliases(store, ctx.confirmed, ctx.used_aliases, user)
    new_list = list(ctx.new.values())
    index = {ni.key: i for i, ni in enumerate(new_list)}
    for o in out:
        if o.indicator_id == 0:
            o.indicator_id = -(index[o.extra.pop("new_key")] + 1)
    ids = store.add_observations(plan_id, out, user=user, new_indicators=new_list, indicator_units=ctx.set_units)
    stored = {o.id: o for o in store.list_observations(plan_id=plan_id)}
    mine = [stored[i] for i in ids]
    return ImportSummary(path=table.where, rows=len(ids), observation_ids=ids,
                         indicators_created=[ni.name for ni in new_list],
                         conflicts=sum(1 for o in mine if o.is_conflict),
                         not_comparable=sum(1 for o in mine if o.is_not_comparable),
                         sheet=table.sheet, layout=table.layout, aliases_added=added)


# ---------------------------------------------------------------------------- aliases

def _confirmed_aliases(matcher: IndicatorMatcher, aliases: Mapping[str, str]) -> dict[str, IndicatorInfo]:
    """Published name -> indicator for the names a person confirmed; the indicator by id, key, name or label."""
    out: dict[str, IndicatorInfo] = {}
    by_id = {str(i.id): i for i in matcher.indicators}
    labels = {Candidate(i, 0, "").label: i for i in matcher.indicators}
    for name, target in aliases.items():
        t = str(target).strip()
        ind = by_id.get(t) or matcher.find(t) or labels.get(t)
        if ind is None:
            raise InputError("--alias", f"“{name}”要对应的指标“{target}”不在规划中")
        if name.strip():
            out[name.strip()] = ind
    return out


def _remember_aliases(store: Store, confirmed: Mapping[str, IndicatorInfo], used: set[str],
                      user: str) -> list[tuple[str, str]]:
    """Add each confirmed name that was used as an alias of its indicator (audited by the store)."""
    added: list[tuple[str, str]] = []
    by_ind: dict[int, list[str]] = {}
    for name in sorted(used):
        ind = confirmed[name]
        if name not in ind.aliases and name not in (ind.name, ind.key):
            by_ind.setdefault(ind.id, []).append(name)
    for ind_id, names in by_ind.items():
        ind = store.get_indicator(ind_id)
        store.update_indicator(ind_id, {"aliases": [*ind.aliases, *[n for n in names if n not in ind.aliases]]},
                               user=user)
        added.extend((n, ind.name) for n in names)
    return added


# ---------------------------------------------------------------------------- one record

@dataclass
class _Context:
    table: Table
    rules: Sequence[MappingRule] | None
    matcher: IndicatorMatcher
    confirmed: dict[str, IndicatorInfo]
    lo: int
    hi: int
    plan_period: str | None
    new: dict[str, NewIndicator] = field(default_factory=dict)  # indicators a mapping creates
    new_units: dict[str, str] = field(default_factory=dict)
    set_units: dict[int, str] = field(default_factory=dict)  # units of indicators the plan gave only as rates
    used_aliases: set[str] = field(default_factory=set)


def _at(line: int, field_: str, reason: str, cell: Cell | None = None, **kw: Any) -> Problem:
    return Problem(line, field_, reason, cell.column if cell else "", cell.header if cell else "", **kw)


def _check(rec: Record, ctx: _Context) -> tuple[NewObservation | None, tuple[Any, ...] | None, list[Problem]]:
    """The observation of one record and its duplicate key, or every problem of the record."""
    cells = rec.cells
    blank = Cell("")
    bad: list[Problem] = []
    line = rec.line
    name_cell = cells.get("indicator", blank)
    name = normalize(name_cell.text)
    bare, name_unit = split_name_unit(name)
    unit_cell = cells.get("unit", blank)
    unit_col = normalize(unit_cell.text)
    # period
    year_cell = cells.get("year", blank)
    period = cell_period(year_cell)
    if year_cell.blank:
        bad.append(_at(line, "year", "缺少年份", year_cell))
    elif period is None:
        bad.append(_at(line, "year", f"年份“{year_cell.text.strip()}”应写作 2020、2020年 或 2016-2020", year_cell))
    elif period[1] < ctx.lo or period[2] > ctx.hi:
        span = f" {ctx.plan_period}" if ctx.plan_period else ""
        bad.append(_at(line, "year", f"年份 {period[0]} 超出规划期{span} 前后范围（{ctx.lo}-{ctx.hi}）", year_cell))
    # indicator
    rule = pick_rule(ctx.rules, name, unit_col or name_unit or "", period) if ctx.rules is not None else None
    target_name = rule.plan_indicator if rule else bare
    ind: IndicatorInfo | None = None
    if not name:
        bad.append(_at(line, "indicator", "缺少指标名称", name_cell))
    elif rule is not None:
        ind = ctx.matcher.find(rule.plan_indicator)
    else:
        ind = ctx.matcher.find(name)
        if ind is None and (name in ctx.confirmed or bare in ctx.confirmed):
            ind = ctx.confirmed.get(name) or ctx.confirmed[bare]
            ctx.used_aliases.add(name if name in ctx.confirmed else bare)
        if ind is None:
            cands = ctx.matcher.suggest(name, unit_col or None, _measure_word(cells.get("measure", blank))[0])
            hint = ("；映射文件也未列出" if ctx.rules is not None else "") if cands else \
                ("（映射文件也未列出）" if ctx.rules is not None else "")
            bad.append(_at(line, "indicator", suggestion_text(name, cands) + hint, name_cell, name=name,
                           candidates=tuple(cands)))
    # measure
    measure_cell = cells.get("measure", blank)
    measure, note_from_measure = _measure_word(measure_cell)
    if measure is None and note_from_measure is None:
        bad.append(_at(line, "measure", f"口径应为 水平值 / 增速 / 结构（或 level / growth / structure），"
                                        f"收到“{measure_cell.text.strip()}”", measure_cell))
        measure = ""
    value_cell = cells.get("value", blank)
    value_text = normalize(value_cell.text)
    is_ratio = bool(_RATIO.match(value_text)) and value_cell.number is None
    if not measure and rule and rule.measure:
        measure = rule.measure
    if measure in ("", "level") and is_ratio:
        measure = "structure"  # a ratio ("12.6:33.0:54.4") is a structure, never a level
    if not measure and ind is not None and measure_hint(bare) == "growth" and measure_hint(ind.name) is None:
        measure = "growth"  # "地区生产总值增速": the growth of 地区生产总值
    measure = measure or "level"
    # value
    values: list[float] | None = None
    value: float | None = None
    cell_unit: str | None = None
    if measure == "structure":
        if not is_ratio:
            bad.append(_at(line, "value", f"结构值“{value_cell.text.strip()}”应写作 12.6:33.0:54.4", value_cell))
        else:
            values = [float(x) for x in re.split(r"\s*[:：∶]\s*", value_text)]
    else:
        try:
            value, cell_unit = cell_quantity(value_cell)
        except ValueError as exc:
            bad.append(_at(line, "value", str(exc), value_cell))
    # unit
    unit_text = unit_col
    if cell_unit:
        if unit_col and units.clean(unit_col) != units.clean(cell_unit) and not (
                value_cell.percent and units.clean(unit_col) in _PERCENT_UNITS):
            bad.append(_at(line, "unit", f"数值中的单位“{cell_unit}”与单位列的“{unit_col}”不一致", unit_cell))
        unit_text = unit_col or cell_unit
    if name_unit and not unit_text:
        unit_text = name_unit
    elif name_unit and units.clean(name_unit) != units.clean(unit_text) and not bad:
        bad.append(_at(line, "unit", f"指标名中的单位“{name_unit}”与“{unit_text}”不一致", unit_cell))
    if not unit_text and ctx.table.table_unit and measure == "level":
        unit_text = ctx.table.table_unit
    if bad:
        return None, None, bad
    flagged = bool(rule and rule.flag == "not_comparable")
    unit_for_conversion = rule.unit_as if rule and rule.unit_as else unit_text
    converted: float | None = None
    unit_converted: str | None = None
    if measure == "growth":
        if unit_text and units.dimension(unit_text) != "percent":
            return None, None, [_at(line, "unit", f"增速的单位应为 %，收到“{unit_text}”", unit_cell)]
        converted, unit_converted = value, "%"
        unit_text = unit_text or "%"
    elif measure == "level":
        assert value is not None
        if ind is not None:
            ind_unit = ind.unit or ctx.set_units.get(ind.id)
            if ind_unit is None:
                ind_unit = units.clean(unit_for_conversion) or None
                if ind_unit:
                    ctx.set_units[ind.id] = ind_unit
            candidates = [u for u in [ind_unit, *ctx.matcher.plan_units.get(ind.id, [])] if u]
        else:
            if target_name not in ctx.new_units:
                ctx.new_units[target_name] = units.clean(unit_for_conversion)
            candidates = [ctx.new_units[target_name]] if ctx.new_units[target_name] else []
        if not unit_for_conversion and candidates:
            converted, unit_converted = value, candidates[0]  # no unit given: the indicator's own
            unit_text = candidates[0]
        elif not candidates:
            converted, unit_converted = value, None
        else:
            for u in candidates:
                if units.same_dimension(unit_for_conversion, u):
                    converted, unit_converted = units.convert(value, unit_for_conversion, u), u
                    break
            else:
                if not flagged:
                    return None, None, [_at(line, "unit", f"单位“{unit_text}”与指标“{ind.name if ind else target_name}”"
                                                          f"的单位“{'、'.join(candidates)}”不是同一量纲", unit_cell)]
    assert period is not None
    if ind is None:  # a new indicator named by the mapping
        assert rule is not None
        if target_name not in ctx.new:
            ctx.new[target_name] = NewIndicator(
                key=target_name, name=target_name, unit=ctx.new_units.get(target_name) or None,
                domain=suggest_domain(target_name), aliases=[name] if name != target_name else [],
                origin="data", note=f"由映射文件第 {rule.line} 行新增（规划中未抽取到该指标）")
        elif name != target_name and name not in ctx.new[target_name].aliases:
            ctx.new[target_name].aliases.append(name)
    notes = [n for n in (rec.text("note"), note_from_measure, rule.note if rule else "") if n]
    source = rec.text("source") or None
    period_text, start, end = period
    obs = NewObservation(
        indicator_id=ind.id if ind is not None else 0, period=period_text, year_start=start, year_end=end,
        measure=measure, value=value, value_text=value_cell.text.strip(), unit=unit_text or None,
        value_converted=converted, unit_converted=unit_converted, values=values, source_indicator=name,
        source=source, quote=rec.text("quote") or None, note="；".join(notes) or None, is_not_comparable=flagged,
        comparability_reason=rule.reason if flagged and rule else None, import_file=Path(ctx.table.name).name,
        import_line=line, extra={} if ind is not None else {"new_key": target_name},
    )
    key = (ind.id if ind is not None else f"new:{target_name}", period_text, measure, source or "")
    return obs, key, []


def _measure_word(cell: Cell) -> tuple[str | None, str | None]:
    """(measure, note) from the measure/口径 cell: ("", None) when blank; a word of a 口径 column that
    is not a measure (现价, 全口径) is kept as a note; (None, None) when the cell is not a measure."""
    text = normalize(cell.text)
    if not text:
        return "", None
    m = MEASURE_WORDS.get(text.lower())
    if m is not None:
        return m, None
    if cell.header and normalize(cell.header) == "口径":
        return "", f"口径：{text}"
    return None, None
