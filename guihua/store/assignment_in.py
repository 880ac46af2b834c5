"""The 分工方案 table: which unit leads and which units co-operate on each indicator, target or project.

A CSV file (UTF-8, with or without BOM, or GB18030) or an XLSX workbook (every sheet with such a header;
read with the limits of guihua.store.table_limits, as guihua.store.tables_in reads tables) with the
columns

- 指标或任务 (also 指标、任务、指标名称、项目、项目名称、主要目标任务): what is assigned;
- 牵头单位 (also 牵头部门、牵头): one unit;
- 配合单位 (also 配合部门、配合、参与单位): any number of units, separated by 、，,；; or spaces.

The header is the first row (of the first 20 of a sheet) naming the first two columns. A row that has
neither a 牵头 nor a 配合 unit is passed over (a heading row such as "第一章 经济发展", or an item left
unassigned, as the generated 分工方案 writes them). Each other row's 指标或任务 is matched to

1. an indicator whose name, key or alias it is (spaces and full-width forms ignored, also without a
   trailing unit in brackets: "地区生产总值（亿元）");
2. else a project whose name or full name it is;
3. else a target whose statement text contains it.

More than one candidate at a step is ambiguous. Every bad row (unmatched, ambiguous, no 牵头 unit, more
than one 牵头 unit, the same item twice, a name with control characters) is named with file, sheet, line
and column, and nothing is written (guihua.errors.RowErrors).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from guihua.errors import InputError, RowErrors
from guihua.names import check_name
from guihua.store.assignables import Assignable, PlanScope
from guihua.store.matching import compact
from guihua.store.tables_in import Cell, _grids, split_name_unit

HEADERS: dict[str, tuple[str, ...]] = {
    "item": ("指标或任务", "指标/任务", "指标、任务", "指标任务", "主要目标任务", "目标任务", "指标名称", "指标", "任务",
             "项目名称", "项目", "重点任务"),
    "lead": ("牵头单位", "牵头部门", "牵头", "牵头责任单位"),
    "co": ("配合单位", "配合部门", "配合", "参与单位", "协同单位"),
}
LABELS = {"item": "指标或任务", "lead": "牵头单位", "co": "配合单位"}
HEADER_SEARCH = 20
SEPARATORS = re.compile(r"[、，,；;\s]+")
_ENTITY_LABEL = {"indicator": "指标", "target": "目标", "project": "项目"}


@dataclass(frozen=True)
class AssignmentRow:
    """One row of a 分工方案 table as read."""

    where: str  # file (and sheet)
    sheet: str | None
    line: int
    item: str
    lead: str
    co: str
    columns: tuple[tuple[str, str], ...]  # (field, column letter)

    def column(self, field: str) -> str:
        letter = dict(self.columns).get(field, "")
        return f"{letter} 列（{LABELS[field]}）" if letter else LABELS[field]


@dataclass(frozen=True)
class ResolvedAssignment:
    entity: str
    entity_id: int
    lead: str
    co: tuple[str, ...]
    line: int


def split_units(text: str) -> list[str]:
    """"市统计局、市财政局；市商务局" -> the three names (empty parts dropped, order kept, no repeats). Names
    are kept as written (no full-width folding: "市发改委（市粮食局）" stays the unit it is)."""
    return list(dict.fromkeys(p for p in SEPARATORS.split(text or "") if p))


def _field(text: str) -> str | None:
    t = compact(text)
    for name, heads in HEADERS.items():
        if t in heads:
            return name
    return None


def _header(cells: Sequence[Cell]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for j, c in enumerate(cells):
        f = _field(c.text)
        if f is not None and f not in found:
            found[f] = j
    return found if "item" in found and "lead" in found else None


def read_assignments(name: str, data: bytes) -> list[AssignmentRow]:
    """Every row of a 分工方案 table (CSV or XLSX, every sheet that has the header)."""
    rows: list[AssignmentRow] = []
    seen_header = False
    for grid in _grids(name, data):
        where = f"{name}（工作表“{grid.sheet}”）" if grid.sheet else name
        header: dict[str, int] | None = None
        for line, cells in grid.rows:
            if header is None:
                if line > HEADER_SEARCH:
                    break
                header = _header(cells)
                continue
            texts = {f: (cells[j].text.strip() if j < len(cells) else "") for f, j in header.items()}
            if not any(texts.values()):
                continue
            columns = tuple((f, cells[j].column if j < len(cells) else "") for f, j in header.items())
            rows.append(AssignmentRow(where, grid.sheet, line, texts["item"], texts.get("lead", ""), texts.get("co", ""),
                                      columns))
        seen_header = seen_header or header is not None
    if not seen_header:
        heads = "、".join(HEADERS[f][0] for f in ("item", "lead", "co"))
        raise InputError(name, f"找不到表头（前 {HEADER_SEARCH} 行中应有“{heads}”列）")
    return rows


class _Index:
    """The plan's entities by the names a 分工方案 uses for them."""

    def __init__(self, scope: PlanScope) -> None:
        self.indicators: dict[str, list[Assignable]] = {}
        self.projects: dict[str, list[Assignable]] = {}
        self.targets = [(compact(a.quote), a) for a in scope.items if a.entity == "target"]
        for a in scope.items:
            if a.entity == "indicator":
                for n in (a.name, *a.aliases):
                    self._add(self.indicators, n, a)
            elif a.entity == "project":
                for n in (a.name, *a.aliases):
                    self._add(self.projects, n, a)

    @staticmethod
    def _add(index: dict[str, list[Assignable]], name: str, a: Assignable) -> None:
        key = compact(name)
        if key and a not in index.setdefault(key, []):
            index[key].append(a)

    def match(self, text: str) -> list[Assignable]:
        """The candidates of the first step that has any (indicator, project, target)."""
        keys = dict.fromkeys((compact(text), compact(split_name_unit(text)[0])))
        for index in (self.indicators, self.projects):
            hits: list[Assignable] = []
            for k in keys:
                hits += [a for a in index.get(k, []) if a not in hits]
            if hits:
                return hits
        want = compact(text)
        return [a for q, a in self.targets if want and want in q]


def _hidden_name(names: Sequence[str], field: str) -> tuple[str, str] | None:
    for n in names:
        try:
            check_name(n, LABELS[field])
        except InputError as exc:
            return field, exc.reason
    return None


def _label(a: Assignable) -> str:
    text = a.quote if a.entity == "target" else a.name
    return f"{_ENTITY_LABEL[a.entity]}“{text}”（编号 {a.entity_id}）"


def resolve_assignments(rows: Sequence[AssignmentRow], scope: PlanScope, name: str) -> list[ResolvedAssignment]:
    """Each row matched to one entity of the plan; RowErrors naming every bad row (nothing is written)."""
    index = _Index(scope)
    problems: list[tuple[int, str]] = []
    out: list[ResolvedAssignment] = []
    taken: dict[tuple[str, int], tuple[str, int]] = {}

    def bad(row: AssignmentRow, field: str, reason: str) -> None:
        prefix = f"工作表“{row.sheet}” " if row.sheet else ""
        problems.append((row.line, f"{prefix}第 {row.line} 行 {row.column(field)}：{reason}"))

    for row in rows:
        if not row.lead and not row.co:
            continue  # a heading row, or an item left unassigned
        if not row.item:
            bad(row, "item", "缺少指标或任务")
            continue
        leads = split_units(row.lead)
        co = split_units(row.co)
        if not leads:
            bad(row, "lead", "缺少牵头单位（每项须有一个牵头单位）")
            continue
        if len(leads) > 1:
            bad(row, "lead", f"牵头单位只能有一个，这里有 {len(leads)} 个（{'、'.join(leads)}）；其余请填入配合单位")
            continue
        hidden = _hidden_name(leads, "lead") or _hidden_name(co, "co")
        if hidden is not None:
            bad(row, *hidden)
            continue
        hits = index.match(row.item)
        if not hits:
            bad(row, "item", f"规划中没有“{row.item}”：不是指标名称或别名、项目名称，也不在任何目标的原文中")
            continue
        if len(hits) > 1:
            listed = "、".join(_label(a) for a in hits[:6])
            more = f"等 {len(hits)} 项" if len(hits) > 6 else ""
            bad(row, "item", f"“{row.item}”不能确定是哪一项：{listed}{more}；请写完整的名称或原文")
            continue
        a = hits[0]
        key = (a.entity, a.entity_id)
        if key in taken:
            first_where, first_line = taken[key]
            at = f"第 {first_line} 行" if first_where == row.where else f"{first_where}第 {first_line} 行"
            bad(row, "item", f"与{at}是同一{_ENTITY_LABEL[a.entity]}“{a.name}”，每项只能分工一次")
            continue
        taken[key] = (row.where, row.line)
        out.append(ResolvedAssignment(a.entity, a.entity_id, leads[0], tuple(c for c in co if c != leads[0]),
                                      row.line))
    if problems:
        raise RowErrors(name, problems)
    return out
