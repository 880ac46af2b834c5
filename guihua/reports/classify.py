"""Which evaluated targets go in which part of a report, one row per indicator.

- Duplicates: the same indicator with the same target stated in two places (the goals article and
  its chapter) is one group, one row citing both places. Groups never join targets whose statuses
  differ (that would hide a difference).
- Milestones (dated qualitative tasks) go to 重点任务进展.
- The main indicators (主要指标完成情况表), by the first rule that finds any: the rows of the plan's
  indicator table (a table row, or a statement inside a table / a box titled 主要指标); else the
  targets under the heading where the plan states its main targets (主要目标、奋斗目标…, the same
  list in prose); else the indicators marked 主要 in review; else the indicators with data.
- Other quantitative targets are either indicators (a measured quantity: growth, change or
  structure, a name ending in 率/比重/总额/增加值…, a per-head name, a measured unit) or task
  quantities (a count of things to build or do: "新建学校 35 所"), by the word lists in
  lexicon/indicator_words.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from guihua.monitoring.model import TargetEvaluation
from guihua.monitoring.status import Status
from guihua.reports.context import PlanContext

_LEXICON = Path(__file__).with_name("lexicon") / "indicator_words.tsv"
_MULTIPLIER = re.compile(r"^[十百千万亿]+")
_BRACKETS = re.compile(r"[（(][^（）()]*[)）]")

MAIN, OTHER, TASK, MILESTONE = "main", "other", "task", "milestone"
#: how the main indicators were chosen, said in the report
BASIS_TABLE, BASIS_HEADLINE, BASIS_REVIEW, BASIS_DATA = "table", "headline", "review", "data"


@dataclass
class Group:
    """One row of a report: targets stating the same indicator and target (and judged alike)."""

    items: list[TargetEvaluation]
    part: str = OTHER  # main | other | task | milestone

    @property
    def first(self) -> TargetEvaluation:
        return self.items[0]

    @property
    def keys(self) -> list[str]:
        return [i.target.key for i in self.items]

    @property
    def has_data(self) -> bool:
        return self.first.status != Status.NO_DATA


@dataclass
class Parts:
    main: list[Group] = field(default_factory=list)
    other: list[Group] = field(default_factory=list)
    tasks: list[Group] = field(default_factory=list)
    milestones: list[Group] = field(default_factory=list)
    basis: str = BASIS_DATA
    basis_heading: str = ""  # the table's or the goals heading's title, when the basis is one

    def all(self) -> list[Group]:
        return self.main + self.other + self.tasks + self.milestones


@lru_cache(maxsize=1)
def words_by_role() -> dict[str, tuple[str, ...]]:
    roles: dict[str, list[str]] = {}
    for line in _LEXICON.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, role = line.split("\t")[:2]
        roles.setdefault(role.strip(), []).append(word.strip())
    return {r: tuple(sorted(ws, key=len, reverse=True)) for r, ws in roles.items()}


def is_indicator(name: str, kind: str, unit: str | None) -> bool:
    """True when a target names a measured quantity, False for a count of things to build or do."""
    if kind in ("growth", "change", "structure"):
        return True
    words = words_by_role()
    bare = _BRACKETS.sub("", name or "").strip()
    if bare.startswith(words.get("prefix", ())) or bare.endswith(words.get("suffix", ())):
        return True
    if bare.startswith(words.get("verb", ())):
        return False
    base_unit = _MULTIPLIER.sub("", (unit or "").strip())
    if not base_unit:
        return False
    return base_unit not in words.get("count", ())


def _same_key(item: TargetEvaluation) -> tuple[object, ...]:
    t = item.target
    return (t.indicator, t.scope or "", t.kind, t.comparator or "", t.value, t.value_max,
            tuple(t.values or ()), t.unit or "", t.year, str(item.status))


def group_items(items: Sequence[TargetEvaluation]) -> list[Group]:
    """One group per indicator and target, in the order of first mention."""
    groups: dict[tuple[object, ...], Group] = {}
    for item in items:
        key = _same_key(item)
        if item.target.kind == "milestone":
            key = key + (item.target.quote,)  # milestones are tasks: the same words, not the same name
        if key in groups:
            groups[key].items.append(item)
        else:
            groups[key] = Group([item])
    return list(groups.values())


def _is_table_row(item: TargetEvaluation, ctx: PlanContext | None) -> bool:
    note = (item.target.note or "").lower()
    if note.startswith("table"):
        return True
    return ctx is not None and ctx.in_table(item.target.start) is not None


def split_parts(items: Sequence[TargetEvaluation], ctx: PlanContext | None = None) -> Parts:
    """The report's parts: main indicators, other indicators, task quantities, milestones."""
    parts = Parts()
    quantitative: list[Group] = []
    for g in group_items(items):
        if g.first.target.kind == "milestone":
            g.part = MILESTONE
            parts.milestones.append(g)
        else:
            quantitative.append(g)
    table = [g for g in quantitative if any(_is_table_row(i, ctx) for i in g.items)]
    headline: list[Group] = []
    heading = ""
    if not table and ctx is not None:
        titles: dict[str, int] = {}
        for g in quantitative:
            found = [h for h in (ctx.in_headline(i.target.start) for i in g.items) if h is not None]
            if found:
                headline.append(g)
                titles[found[0].title] = titles.get(found[0].title, 0) + 1
        heading = max(titles, key=lambda t: titles[t]) if titles else ""
    if table:
        main, parts.basis = table, BASIS_TABLE
        if ctx is not None:
            tables = [ctx.in_table(i.target.start) for g in table for i in g.items]
            parts.basis_heading = next((h.title for h in tables if h is not None), "")
    elif headline:
        main, parts.basis, parts.basis_heading = headline, BASIS_HEADLINE, heading
    elif ctx is not None and ctx.main_indicators and any(
            g.first.target.indicator in ctx.main_indicators for g in quantitative):
        main = [g for g in quantitative if g.first.target.indicator in ctx.main_indicators]
        parts.basis = BASIS_REVIEW
    else:
        main = [g for g in quantitative if g.has_data and is_indicator(
            g.first.target.indicator, g.first.target.kind, g.first.target.unit)]
        parts.basis = BASIS_DATA
    chosen = {id(g) for g in main}
    for g in quantitative:
        if id(g) in chosen:
            g.part = MAIN
            parts.main.append(g)
        elif is_indicator(g.first.target.indicator, g.first.target.kind, g.first.target.unit):
            g.part = OTHER
            parts.other.append(g)
        else:
            g.part = TASK
            parts.tasks.append(g)
    return parts
