"""The 任务分工方案 of a plan: who leads and who co-operates on each indicator, target and project.

The table the office circulates, titled "《<plan title>》主要目标任务分工方案", with the columns
序号 | 指标或任务 | 目标值（含年份/属性） | 牵头单位 | 配合单位. Rows, in the order of the plan's text:

- every indicator; its 目标值 lists its targets ("≥4000亿元（2020年，预期性）", several joined by "；");
- a target on its own row only when it has no indicator, or when its units differ from its indicator's
  (otherwise it is the indicator's row); its 指标或任务 is the target's text;
- every project; its 目标值 is its construction period and investment where known.

Rows with a 牵头单位 are grouped under the 篇 and 章 they lie in (group rows "第一篇 …", "第三章 …",
from guihua.store.assignables); those lying in no chapter come after them under 其他; rows without a
牵头单位 are listed at the end under 未明确责任单位. 序号 runs 1, 2, … over the whole table.

`division(store, plan_id)` builds it; guihua.reports.division_docx and division_xlsx write it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from guihua.store.assignables import Assignable, PlanScope, heading
from guihua.store.records import IndicatorInfo, ProjectInfo, StoredStatement

if TYPE_CHECKING:
    from guihua.store.repository import Store

COLUMNS = ("序号", "指标或任务", "目标值（含年份/属性）", "牵头单位", "配合单位")
UNASSIGNED = "未明确责任单位"
OTHER = "其他"
_CMP = {">=": "≥", "<=": "≤", "=": "", "~": ""}
_KIND_PREFIX = {"growth": "年均增长", "change": "较基期", "cumulative": "累计"}
_GROUP_KINDS = ("part", "chapter")


@dataclass(frozen=True)
class DivisionRow:
    number: int
    item: str
    target: str
    lead: str
    co: str
    entity: str
    entity_id: int


@dataclass(frozen=True)
class GroupRow:
    """A heading row: a 篇 or 章 (level: its depth in the outline, 1 outermost), 其他 or 未明确责任单位 (level 1)."""

    title: str
    level: int


@dataclass
class Division:
    plan_id: str
    title: str
    lines: list[GroupRow | DivisionRow] = field(default_factory=list)

    @property
    def rows(self) -> list[DivisionRow]:
        return [r for r in self.lines if isinstance(r, DivisionRow)]


def title_of(plan_title: str) -> str:
    return f"《{plan_title}》主要目标任务分工方案"


def _num(v: float) -> str:
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def target_text(s: StoredStatement, attribute: str | None = None) -> str:
    """"≥4000亿元（2020年，预期性）": a target's value, its year and its attribute."""
    unit = "" if s.unit in (None, "比例", "ratio") else s.unit
    if s.values:
        value = ":".join(_num(v) for v in s.values)
    elif s.value is not None and s.value_max is not None:
        value = f"{_num(s.value)}—{_num(s.value_max)}{unit}"
    elif s.value is not None:
        value = f"{_CMP.get(s.comparator or '', '')}{_num(s.value)}{unit}"
        if s.comparator == "~":
            value += "左右"
    else:
        value = s.quote
    value = _KIND_PREFIX.get(s.kind, "") + value
    notes = [f"{s.year}年" if s.year else "", s.attribute or attribute or ""]
    note = "，".join(n for n in notes if n)
    return f"{value}（{note}）" if note else value


def project_text(p: ProjectInfo) -> str:
    """"2016—2020年，总投资120亿元" (what is known of it)."""
    parts = []
    if p.start_year and p.end_year:
        parts.append(f"{p.start_year}—{p.end_year}年")
    elif p.start_year or p.end_year:
        parts.append(f"{p.start_year or p.end_year}年")
    if p.investment is not None:
        parts.append(f"总投资{_num(p.investment)}{p.investment_unit or ''}")
    return "，".join(parts)


def division(store: Store, plan_id: str) -> Division:
    """The 分工方案 of a plan, from the store (current version)."""
    plan = store.get_plan(plan_id)
    scope = store.assignables(plan_id)
    units = store.responsibilities(plan_id)
    indicators = {i.id: i for i in store.list_indicators(plan_id)}
    targets = {s.id: s for s in store.list_statements(plan_id, type="target", include_rejected=False)}
    projects = {p.id: p for p in store.list_projects(plan_id)}

    def unit_pair(entity: str, entity_id: int | None) -> tuple[str | None, tuple[str, ...]]:
        r = units.get((entity, entity_id)) if entity_id is not None else None
        return (r.lead, r.co) if r is not None else (None, ())

    by_indicator: dict[int, list[StoredStatement]] = {}
    for s in targets.values():
        if s.indicator_id is not None:
            by_indicator.setdefault(s.indicator_id, []).append(s)
    entries: list[tuple[Assignable, str, str, tuple[str | None, tuple[str, ...]]]] = []
    for a in scope.items:
        pair = unit_pair(a.entity, a.entity_id)
        if a.entity == "indicator":
            ind = indicators[a.entity_id]
            text = "；".join(target_text(s, ind.attribute) for s in sorted(
                by_indicator.get(a.entity_id, []), key=lambda s: (s.start, s.id)))
            entries.append((a, ind.name, text, pair))
        elif a.entity == "target":
            st = targets.get(a.entity_id)
            if st is None:
                continue
            own = (a.entity, a.entity_id) in units
            if a.indicator_id is not None and (not own or _same(pair, unit_pair("indicator", a.indicator_id))):
                continue  # the indicator's row stands for it
            ind_attr = _attribute(indicators.get(a.indicator_id) if a.indicator_id is not None else None)
            entries.append((a, st.quote, target_text(st, ind_attr), pair))
        else:
            p = projects[a.entity_id]
            entries.append((a, p.name, project_text(p), pair))
    return _arrange(scope_heads(scope, entries), plan_id, title_of(plan.title))


def _same(a: tuple[str | None, tuple[str, ...]], b: tuple[str | None, tuple[str, ...]]) -> bool:
    return a[0] == b[0] and sorted(a[1]) == sorted(b[1])


def _attribute(ind: IndicatorInfo | None) -> str | None:
    return ind.attribute if ind is not None else None


_Pair = tuple[str | None, tuple[str, ...]]
_Entry = tuple[tuple[str, ...], str, str, _Pair, Assignable]


def scope_heads(scope: PlanScope, entries: Sequence[tuple[Assignable, str, str, _Pair]]) -> list[_Entry]:
    """Each entry with the headings (篇, 章) of where it lies."""
    out = []
    for a, item, text, pair in entries:
        heads = tuple(heading(n) for n in scope.ancestors(a.node_key) if n.kind in _GROUP_KINDS)
        out.append((heads, item, text, pair, a))
    return out


def _arrange(entries: Sequence[_Entry], plan_id: str, title: str) -> Division:
    out = Division(plan_id, title)
    assigned = [e for e in entries if e[3][0]]
    placed = [e for e in assigned if e[0]]
    other = [e for e in assigned if not e[0]]
    unassigned = [e for e in entries if not e[3][0]]
    n = 0

    def row(e: _Entry) -> DivisionRow:
        nonlocal n
        n += 1
        lead, co = e[3]
        return DivisionRow(n, e[1], e[2], lead or "", "、".join(co), e[4].entity, e[4].entity_id)

    previous: tuple[str, ...] = ()
    for e in placed:
        heads = e[0]
        for level, h in enumerate(heads):
            if previous[:level + 1] != heads[:level + 1]:
                out.lines.append(GroupRow(h, level + 1))
        previous = heads
        out.lines.append(row(e))
    for title_, group in ((OTHER, other), (UNASSIGNED, unassigned)):
        if group:
            out.lines.append(GroupRow(title_, 1))
            out.lines.extend(row(e) for e in group)
    return out
