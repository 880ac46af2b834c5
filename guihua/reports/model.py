"""What a report says: one model that every renderer (HTML, DOCX, XLSX) reads and none recomputes.

`build_report(evaluation)` turns a monitoring Evaluation into text cells, ordered sections,
summary counts, chart series, lagging indicators, notes and sources. Renderers only lay it out,
so the three formats cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from guihua.monitoring.assess import fmt
from guihua.monitoring.model import Evaluation, TargetEvaluation
from guihua.monitoring.notes import INTL_READING, attribute_text, method_notes
from guihua.monitoring.status import BEHIND, FINAL_STATUSES, INTERIM_STATUSES, IntlBand, Status
from guihua.monitoring.wording import target_text
from guihua.reports.projects import ProjectSection

KIND_TITLES = {"midterm": "中期评估报告", "final": "终期评估报告", "annual": "年度监测报告"}
_SECTION_NAMES = {"art": "第{}条", "box": "专栏{}", "ch": "第{}章", "sec": "第{}节"}

#: colours of the statuses (fill, as RRGGBB), shared by every renderer
STATUS_COLOURS: dict[str, str] = {
    Status.AHEAD: "C6EFCE", Status.DONE: "C6EFCE", Status.FASTER: "DDEBF7",
    Status.ON_TRACK: "FFF2CC", Status.BASICALLY_DONE: "FFF2CC",
    Status.LAGGING: "F8CBAD", Status.NOT_DONE: "F8CBAD", Status.NO_DATA: "E7E6E6",
}


@dataclass
class Row:
    """One target as every renderer prints it (all cells are text already)."""

    key: str
    number: int  # 1-based position in the evaluation: the 序号 every format prints
    indicator: str
    unit: str
    attribute: str  # 属性: 约束性/预期性 (marked 拟定 when only proposed), "—" when unknown; never the kind
    baseline: str
    target: str
    actual: str
    status: str
    expected: str
    gap: str
    share: str  # share of the way from baseline to target done, in percent
    ratio: str
    intl: str
    method: str
    working: str
    where: str
    quote: str
    domain: str  # 领域 (from the indicator registry), "" when unknown
    chapter: str  # the section of the report it is listed under (the plan's chapter, else its domain)
    notes: list[str] = field(default_factory=list)  # comparability warnings, printed next to the row
    numbers: dict[str, float | None] = field(default_factory=dict)  # raw numbers behind the cells (XLSX)


@dataclass
class Chart:
    """Actual against the expected path of one key indicator."""

    key: str
    title: str
    unit: str
    expected: list[tuple[int, float]]
    actual: list[tuple[int, float]]
    status: str
    target_year: int | None = None
    target_value: float | None = None


@dataclass
class Section:
    title: str
    rows: list[Row]


@dataclass
class Source:
    indicator: str
    year: str
    value: str
    unit: str
    url: str
    quote: str


@dataclass
class Report:
    title: str
    subtitle: str
    plan_id: str
    year: int
    kind: str
    generated: str
    summary: list[tuple[str, int]]  # (status, count) in the official order
    summary_intl: list[tuple[str, int]]  # (international band, count) of the targets with data
    overview: str  # 总体评价 paragraph
    sections: list[Section]
    lagging: list[Row]
    charts: list[Chart]
    plan_notes: list[str]  # conflicts inside the plan, conflicting data
    data_notes: list[str]  # method, thresholds, comparability
    sources: list[Source]
    thresholds: dict[str, float]
    projects: ProjectSection | None = None  # mid-term and final evaluations: the project library

    @property
    def rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows]

    def to_dict(self) -> dict[str, Any]:
        """The whole model as plain data (the JSON twin of a rendered report)."""
        d = asdict(self)
        d["rows"] = [asdict(r) for r in self.rows]
        return d

    def statuses(self) -> dict[str, str]:
        """key -> status, for checking that renderers agree."""
        return {r.key: r.status for r in self.rows}


def build_report(ev: Evaluation, *, max_charts: int = 6, generated: str | None = None,
                 projects: ProjectSection | None = None) -> Report:
    """The report model of an evaluation; `projects` (guihua.reports.projects) adds the project
    section to mid-term and final evaluations."""
    kind_title = KIND_TITLES.get(ev.kind, "评估报告")
    title = f"{ev.plan_title}实施情况{kind_title}"
    subtitle = f"评估年份：{ev.year} 年　规划期：{ev.base_year + 1}—{ev.last_year} 年"
    order = FINAL_STATUSES if ev.year >= ev.last_year else INTERIM_STATUSES
    counts = ev.counts()
    summary = [(str(s), counts.get(s, 0)) for s in order]
    summary += [(str(s), n) for s, n in counts.items() if s not in order]
    rows_by_domain: dict[str, list[Row]] = {}
    all_rows = [_row(item, n, ev.last_year) for n, item in enumerate(ev.items, 1)]
    for row in all_rows:
        rows_by_domain.setdefault(row.chapter, []).append(row)
    sections = [Section(name, rows) for name, rows in rows_by_domain.items()]
    lagging = [r for r in all_rows if r.status in BEHIND]
    charts = _charts(ev.items, max_charts)
    plan_notes = [w.message for w in ev.warnings]
    judged = sum(n for s, n in counts.items() if s != Status.NO_DATA)
    parts = "，".join(f"{s} {n} 项" for s, n in summary if n)
    overview = (f"《{ev.plan_title}》共监测目标 {len(ev.items)} 项，其中有数据可评估的 {judged} 项。"
                f"截至 {ev.year} 年：{parts}。")
    if lagging:
        names = "、".join(dict.fromkeys(r.indicator for r in lagging[:8]))
        overview += f"滞后或未完成的主要有：{names}等，详见“滞后指标及差距”。"
    intl_counts: dict[str, int] = {}
    for item in ev.items:
        if item.status != Status.NO_DATA and item.intl_band != IntlBand.NONE:
            intl_counts[str(item.intl_band)] = intl_counts.get(str(item.intl_band), 0) + 1
    summary_intl = [(str(b), intl_counts.get(str(b), 0)) for b in IntlBand if b != IntlBand.NONE]
    if intl_counts:
        overview += (INTL_READING + "："
                     + "，".join(f"{b} {n} 项" for b, n in summary_intl if n) + "。")
    if plan_notes:
        overview += f"规划文本中有 {sum(1 for w in ev.warnings if w.code == 'plan_conflict')} 处目标前后不一致，已在“数据说明”中列出。"
    th = ev.thresholds
    data_notes = method_notes(th)
    seen: set[str] = set()
    for item in ev.items:
        for w in item.warnings:
            if w.message not in seen:
                seen.add(w.message)
                data_notes.append(f"{item.target.indicator}：{w.message}")
    return Report(title=title, subtitle=subtitle, plan_id=ev.plan_id, year=ev.year, kind=ev.kind,
                  generated=generated or date.today().isoformat(), summary=summary,
                  summary_intl=summary_intl, overview=overview,
                  sections=sections, lagging=lagging, charts=charts, plan_notes=plan_notes,
                  data_notes=data_notes, sources=_sources(ev.items), thresholds=th.describe(),
                  projects=projects if ev.kind in ("midterm", "final") else None)


def _where(section: str | None) -> str:
    if not section or ":" not in section:
        return section or ""
    kind, num = section.split(":", 1)
    if kind == "sec":
        ch, _, sec = num.partition(".")
        return f"第{ch}章第{sec}节"
    return _SECTION_NAMES.get(kind, "{}").format(num)


def _target_text(item: TargetEvaluation, last_year: int) -> str:
    t = item.target
    if t.kind == "milestone":
        return f"{t.year} 年前完成" if t.year else "完成"
    text = target_text(t.kind, t.comparator, t.value, value_max=t.value_max, values=t.values, unit=t.unit,
                       direction=t.direction, quote=t.quote)
    year = f"（{t.year} 年）" if t.year and t.kind == "level" and t.year != last_year else ""
    return text + year


def _actual_text(item: TargetEvaluation) -> str:
    if item.actual_text:
        return item.actual_text
    if item.actual is None:
        return "—"
    t = item.target
    unit = t.unit or ""
    if t.kind == "growth":
        return f"年均 {fmt(item.actual)}%"
    return f"{fmt(item.actual)}{unit}"


def _row(item: TargetEvaluation, number: int, last_year: int) -> Row:
    t = item.target
    baseline = "—"
    if item.baseline is not None:
        baseline = f"{fmt(item.baseline)}（{item.baseline_year} 年）"
    expected = item.expected_text or (fmt(item.expected) if item.expected is not None else "—")
    notes = [w.message for w in item.warnings]
    if item.actual_note and "现价" in item.actual_note:
        notes.insert(0, item.actual_note)
    return Row(
        key=t.key, number=number, indicator=t.indicator + (f"（{t.scope}）" if t.scope else ""), unit=t.unit or "",
        attribute=attribute_text(t.binding, t.binding_source), baseline=baseline, target=_target_text(item, last_year),
        actual=_actual_text(item), status=str(item.status), expected=expected,
        gap=fmt(item.gap) if item.gap is not None else "—",
        share=f"{fmt(item.share_done * 100, 1)}%" if item.share_done is not None else "—",
        ratio=fmt(item.ratio, 3) if item.ratio is not None else "—",
        intl=str(item.intl_band), method=item.method_label, working=item.working, where=_where(t.section),
        quote=_one_line(t.quote), domain=t.domain or "", chapter=t.chapter or t.domain or "其他", notes=notes,
        numbers={"应达值": item.expected, "差距": item.gap, "进度比": item.ratio,
                 "完成进度": item.share_done, "实际值": item.actual, "基期值": item.baseline},
    )


def _one_line(text: str) -> str:
    """A quote as one line: line breaks of the source (and spaces around them) removed."""
    return re.sub(r"\s*\n\s*", "", text or "").strip()


def _charts(items: list[TargetEvaluation], limit: int) -> list[Chart]:
    """Key indicators: growth and level targets with both a path and actual values, lagging first."""
    cands = [i for i in items if i.path and i.target.kind in ("growth", "level", "cumulative")
             and (i.series or (i.target.kind == "growth" and i.actual is not None))]
    seen: set[tuple[str, str]] = set()
    charts: list[Chart] = []
    for i in sorted(cands, key=lambda i: (i.status not in BEHIND, i.target.kind != "growth")):
        key = (i.target.indicator, i.target.kind)
        if key in seen:
            continue
        seen.add(key)
        kind = "年均增速" if i.target.kind == "growth" else ("累计" if i.target.kind == "cumulative" else "")
        unit = i.target.unit or ""
        title = f"{i.target.indicator}{kind}：实际与预期路径"
        if i.target.kind == "growth":  # drawn as a growth index, see assess._assess_growth
            unit = f"指数（{i.baseline_year}年=100）"
            title = f"{i.target.indicator}（目标年均增长 {fmt(i.target.value)}%）：增长指数实际与预期路径"
        charts.append(Chart(i.target.key, title, unit, list(i.path), list(i.series), str(i.status),
                            i.target.year, i.target.value))
        if len(charts) >= limit:
            break
    return charts


def _sources(items: list[TargetEvaluation]) -> list[Source]:
    out: list[Source] = []
    seen: set[tuple[str, str, str]] = set()
    for item in items:
        for o in item.sources:
            year = f"{o.period_start}-{o.year}" if o.period_start else str(o.year or "")
            value = ":".join(fmt(v) for v in o.values) if o.values else fmt(o.value)
            k = (o.indicator, year, value)
            if k in seen:
                continue
            seen.add(k)
            out.append(Source(o.indicator, year, value, o.unit or "", o.source or "", o.quote or ""))
    return out
