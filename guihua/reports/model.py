"""What a report says: one model that every renderer (HTML, DOCX, XLSX) reads and none recomputes.

`build_report(evaluation)` follows the genre of a planning office's evaluation, per kind (年度监测,
中期评估, 终期评估): 一、总体评价 (coverage first, then the judgement), 二、主要指标完成情况 (the plan's
main indicators with 属性 约束性/预期性), 三、重点任务进展 (milestones by chapter, with their events),
四、重大项目推进情况, [预警, when issue 16's warnings are passed], 存在的主要问题 (from the evidence),
下一步工作建议 (drafts, marked 建议稿), then 附表 and 数据说明. Sections are built in
guihua.reports.sections; which target goes where in guihua.reports.classify.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from guihua.monitoring.annual import AnnualJudgement
from guihua.monitoring.assess import fmt
from guihua.monitoring.model import Evaluation, TargetEvaluation
from guihua.monitoring.notes import method_notes
from guihua.monitoring.status import BEHIND, FINAL_STATUSES, INTERIM_STATUSES, IntlBand, Status
from guihua.reports.classify import Group, split_parts
from guihua.reports.context import PlanContext
from guihua.reports.document import Chart, Section
from guihua.reports.problems import Problem, build_problems
from guihua.reports.projects import ProjectSection
from guihua.reports.rows import Row, make_row

__all__ = ["Alert", "Chart", "Coverage", "Report", "Row", "Source", "STATUS_COLOURS", "build_report"]

KIND_TITLES = {"midterm": "中期评估报告", "final": "终期评估报告", "annual": "年度监测报告"}

#: colours of the statuses (fill, as RRGGBB), shared by every renderer
STATUS_COLOURS: dict[str, str] = {
    Status.AHEAD: "C6EFCE", Status.DONE: "C6EFCE", Status.FASTER: "DDEBF7",
    Status.ON_TRACK: "FFF2CC", Status.BASICALLY_DONE: "FFF2CC",
    Status.LAGGING: "F8CBAD", Status.NOT_DONE: "F8CBAD", Status.NO_DATA: "E7E6E6",
}


@dataclass
class Source:
    indicator: str
    year: str
    value: str
    unit: str
    url: str
    quote: str


@dataclass
class Alert:
    """One 预警 (early warning). The slot issue 16 fills: `build_report(..., alerts=[...])` adds a
    预警情况 section; without alerts (None) the report has no such section."""

    level: str  # red | yellow | grey
    kind: str  # behind | breached | projected_miss | data_overdue | project_late
    indicator: str
    reason: str
    lead_unit: str = ""
    target_id: str = ""
    projected_value: float | None = None


@dataclass
class Coverage:
    """How much of the plan the report can judge: stated before any judgement."""

    statements: int  # target statements evaluated (before duplicates were merged)
    indicators: int  # quantitative indicators, one per row (main + other)
    main: int
    binding: int  # of the indicators, 约束性
    binding_main: int
    unmarked: int  # indicators whose 属性 nobody has stated
    evaluable: int  # indicators with data to judge by
    evaluable_main: int
    tasks: int
    tasks_evaluable: int
    milestones: int
    milestones_evaluable: int

    @property
    def share(self) -> float:
        return self.evaluable / self.indicators if self.indicators else 0.0


@dataclass
class Report:
    title: str
    subtitle: str
    plan_id: str
    year: int
    kind: str
    generated: str
    summary: list[tuple[str, int]]  # (status, rows) over every row of the report, official order
    summary_intl: list[tuple[str, int]]  # (international band, rows) of the indicators with data
    coverage: Coverage
    overview: str  # the 总体评价 text (coverage, then judgement)
    body: list[Section]  # numbered 一、二、… by the renderers
    appendices: list[Section]  # 附表一、附表二… and 数据说明
    main_rows: list[Row]
    other_rows: list[Row]
    task_rows: list[Row]
    milestone_rows: list[Row]
    problems: list[Problem]
    charts: list[Chart]
    plan_notes: list[str]  # conflicts inside the plan
    data_notes: list[str]  # method, thresholds, comparability, fonts
    sources: list[Source]
    thresholds: dict[str, float]
    basis: str  # how the main indicators were chosen: table | headline | review | data
    projects: ProjectSection | None = None
    alerts: list[Alert] | None = None
    annual: list[AnnualJudgement] | None = None  # 年度目标完成情况 (annual reports, over a database)
    font_missing: bool = False  # no CJK font for the charts: said in data_notes and by the CLI

    @property
    def rows(self) -> list[Row]:
        """Every row of the report's target tables: main, other indicators, tasks, milestones."""
        return self.main_rows + self.other_rows + self.task_rows + self.milestone_rows

    @property
    def indicator_rows(self) -> list[Row]:
        return self.main_rows + self.other_rows

    @property
    def lagging(self) -> list[Row]:
        return [r for r in self.indicator_rows if r.status in {str(s) for s in BEHIND}]

    def to_dict(self) -> dict[str, Any]:
        """The whole model as plain data (the JSON twin of a rendered report)."""
        d = asdict(self)
        d["rows"] = [asdict(r) for r in self.rows]
        d["coverage"]["share"] = self.coverage.share
        return d

    def statuses(self) -> dict[str, str]:
        """row key -> status, for checking that renderers agree."""
        return {r.key: r.status for r in self.rows}


def build_report(ev: Evaluation, *, max_charts: int = 6, generated: str | None = None,
                 projects: ProjectSection | None = None, context: PlanContext | None = None,
                 alerts: list[Alert] | None = None, annual: list[AnnualJudgement] | None = None) -> Report:
    """The report model of an evaluation.

    `projects` (guihua.reports.projects) fills 重大项目推进情况; `context` (guihua.reports.context:
    the plan's headings, indicators marked 主要, departments) lets the main indicators be the plan's
    own; `alerts` (issue 16) adds a 预警 section; `annual` (the judgement against the year's annual
    targets, guihua.monitoring.annual) adds 年度目标完成情况 to an annual report."""
    from guihua.reports.sections import assemble

    final = ev.kind == "final" or ev.year >= ev.last_year
    parts = split_parts(ev.items, context)
    groups: dict[str, Group] = {}
    tables: dict[str, list[Row]] = {}
    for name, gs in (("main", parts.main), ("other", parts.other), ("tasks", parts.tasks),
                     ("milestones", parts.milestones)):
        rows = []
        for n, g in enumerate(gs, 1):
            row = make_row(g, n, ev.last_year)
            groups[row.key] = g
            rows.append(row)
        tables[name] = rows
    main, other, tasks, milestones = tables["main"], tables["other"], tables["tasks"], tables["milestones"]
    indicators = main + other
    no_data = str(Status.NO_DATA)
    coverage = Coverage(
        statements=len(ev.items), indicators=len(indicators), main=len(main),
        binding=sum(r.attribute.startswith("约束性") for r in indicators), binding_main=sum(r.attribute.startswith("约束性") for r in main),
        unmarked=sum(not r.attribute.startswith(("约束性", "预期性")) for r in indicators),
        evaluable=sum(r.status != no_data for r in indicators), evaluable_main=sum(r.status != no_data for r in main),
        tasks=len(tasks), tasks_evaluable=sum(r.status != no_data for r in tasks),
        milestones=len(milestones), milestones_evaluable=sum(r.status != no_data for r in milestones))
    order = FINAL_STATUSES if final else INTERIM_STATUSES
    counts: dict[str, int] = {}
    for r in main + other + tasks + milestones:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = [(str(s), counts.get(str(s), 0)) for s in order]
    summary += [(s, n) for s, n in counts.items() if s not in {str(o) for o in order}]
    intl: dict[str, int] = {}
    for r in indicators:
        item = groups[r.key].first
        if item.status != Status.NO_DATA and item.intl_band != IntlBand.NONE:
            intl[str(item.intl_band)] = intl.get(str(item.intl_band), 0) + 1
    summary_intl = [(str(b), intl.get(str(b), 0)) for b in IntlBand if b != IntlBand.NONE]
    charts = _charts([groups[r.key].first for r in indicators], max_charts)
    problems = build_problems(ev, groups, indicators, milestones, projects,
                              context.departments if context else {}, main)
    font_missing = False
    data_notes = _method_notes(ev)
    if charts:
        from guihua.reports.fonts import MISSING_FONT_NOTE, cjk_font

        if cjk_font() is None:
            font_missing = True
            data_notes.append(MISSING_FONT_NOTE)
    seen: set[str] = set()
    for r in indicators + tasks:
        for note in r.notes:
            if note not in seen:
                seen.add(note)
                data_notes.append(f"{r.indicator}：{note}")
    kind_title = KIND_TITLES.get(ev.kind, "评估报告")
    report = Report(
        title=f"{ev.plan_title}实施情况{kind_title}",
        subtitle=f"评估年份：{ev.year} 年　规划期：{ev.base_year + 1}—{ev.last_year} 年",
        plan_id=ev.plan_id, year=ev.year, kind=ev.kind, generated=generated or date.today().isoformat(),
        summary=summary, summary_intl=summary_intl, coverage=coverage, overview="", body=[], appendices=[],
        main_rows=main, other_rows=other, task_rows=tasks, milestone_rows=milestones, problems=problems,
        charts=charts, plan_notes=[w.message for w in ev.warnings], data_notes=data_notes,
        sources=_sources([i for r in indicators + tasks for i in groups[r.key].items]),
        thresholds=ev.thresholds.describe(), basis=parts.basis, projects=projects, alerts=alerts,
        annual=annual, font_missing=font_missing)
    assemble(report, ev, parts.basis_heading)
    return report


def _method_notes(ev: Evaluation) -> list[str]:
    return [
        *method_notes(ev.thresholds),
        "同一指标同一目标在规划多处表述的，表中只列一行，“出处”列出全部位置；目标值不同的分列并在问题中说明。"
        "指标指有统计口径的量（增速、比率、比重、总量、人均值等）；“新建学校 35 所”一类建设数量列为量化任务。",
    ]


def _charts(items: list[TargetEvaluation], limit: int) -> list[Chart]:
    """Key indicators: growth and level targets with both a path and actual values, lagging first."""
    cands = [i for i in items if i.path and i.target.kind in ("growth", "level", "cumulative")
             and (i.series or (i.target.kind == "growth" and i.actual is not None))
             and len({y for y, _ in list(i.path) + list(i.series)}) >= 2]  # a path needs two years
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
            if o.measure == "event":
                continue
            year = f"{o.period_start}-{o.year}" if o.period_start else str(o.year or "")
            value = ":".join(fmt(v) for v in o.values) if o.values else fmt(o.value)
            k = (o.indicator, year, value)
            if k in seen:
                continue
            seen.add(k)
            out.append(Source(o.indicator, year, value, o.unit or "", o.source or "", o.quote or ""))
    return out

