"""The sections of a report, in the genre's order, from the rows and problems the model computed.

Every section says something: when it has nothing to show, one sentence says why (no data yet, no
milestones in the plan, no project library). Coverage is stated before any judgement, and no
sentence claims an absence of lagging indicators beyond the indicators that have data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from guihua.monitoring.assess import fmt
from guihua.monitoring.model import Evaluation
from guihua.monitoring.notes import INTL_READING
from guihua.monitoring.status import BEHIND, FINAL_STATUSES, INTERIM_STATUSES, Status
from guihua.reports.classify import BASIS_DATA, BASIS_HEADLINE, BASIS_REVIEW, BASIS_TABLE
from guihua.reports.document import DRAFT_MARK, Figure, Para, Section, Table, TableRow
from guihua.reports.problems import names
from guihua.reports.rows import Row

if TYPE_CHECKING:
    from guihua.reports.model import Report

INDICATOR_COLUMNS = ["序号", "指标", "属性", "基期值", "目标值", "实际值", "完成情况", "出处"]
NO_DATA = str(Status.NO_DATA)
_BEHIND = {str(s) for s in BEHIND}
ADVICE_TITLES = {"annual": "下一年度工作建议", "midterm": "推进规划后期实施的建议", "final": "对下一个五年规划的建议"}


def _final(report: Report, ev: Evaluation) -> bool:
    return report.kind == "final" or ev.year >= ev.last_year


def _period(report: Report, ev: Evaluation) -> str:
    if _final(report, ev):
        return f"规划期内（{ev.base_year + 1}—{ev.last_year} 年）"
    if report.kind == "midterm":
        return f"规划实施以来（{ev.base_year + 1}—{ev.year} 年）"
    return f"截至 {ev.year} 年"


def _counts(rows: Sequence[Row], order: Sequence[str]) -> str:
    found: dict[str, int] = {}
    for r in rows:
        found[r.status] = found.get(r.status, 0) + 1
    return "，".join(f"{s} {found[s]} 项" for s in order if found.get(s))


def lines(text: str) -> str:
    """A value cell: an explanation in brackets on its own line ("2601.57\n（2015 年）"), so that
    no typesetter has to break the number before it."""
    return text.replace("（", "\n（", 1) if "（" in text.lstrip("（") else text


def places(row: Row) -> str:
    """The places stating a target, one a line."""
    return row.where.replace("；", "\n")


def indicator_table(table_id: str, title: str, rows: Sequence[Row], sheet: str, empty: str) -> Table:
    return Table(table_id, title, list(INDICATOR_COLUMNS), [
        TableRow([str(r.number), r.indicator, r.attribute, lines(r.baseline), lines(r.target), lines(r.actual),
                  r.status, places(r)],
                 key=r.key, status=r.status, notes=list(r.notes), detail=f"{r.method}：{r.working}")
        for r in rows], status_col=6, wrap_cols=(1,), whole_cols=(7,), number_cols=(0,), sheet=sheet, empty=empty)


# --------------------------------------------------------------------------- 一、总体评价

def overview_text(report: Report, ev: Evaluation) -> list[str]:
    c = report.coverage
    order = [str(s) for s in (FINAL_STATUSES if _final(report, ev) else INTERIM_STATUSES) if s != Status.NO_DATA]
    merged = c.statements - c.indicators - c.tasks - c.milestones
    attr = f"约束性指标 {c.binding} 项" + (f"，属性（约束性/预期性）未标明的 {c.unmarked} 项" if c.unmarked else "")
    first = (f"《{ev.plan_title}》提出量化指标 {c.indicators} 项，其中主要指标 {c.main} 项；{attr}。"
             f"另有量化任务 {c.tasks} 项、节点任务 {c.milestones} 项。")
    if merged > 0:
        first += f"同一目标在多处重复表述的 {merged} 条已合并为一行。"
    share = fmt(100 * c.share, 1)
    first += (f"{_period(report, ev)}，有数据可评估的指标 {c.evaluable} 项，占全部指标的 {share}%"
              f"（主要指标 {c.evaluable_main}/{c.main} 项）。")
    out = [first]
    indicators = report.indicator_rows
    judged = [r for r in indicators if r.status != NO_DATA]
    if not judged:
        out.append("由于尚无任何指标的监测数据，本报告不对规划实施进度作出判断；导入统计数据后重新生成即可。")
    else:
        text = ""
        if c.share < 0.5:
            text += (f"由于多数指标尚无数据，以下判断只反映有数据的 {c.evaluable} 项指标，"
                     "不能代表规划实施的整体情况。")
        text += f"在有数据的 {len(judged)} 项指标中：{_counts(judged, order)}。"
        behind = [r for r in judged if r.status in _BEHIND]
        if behind:
            binding = [r for r in behind if r.attribute.startswith("约束性")]
            text += f"{'未完成' if _final(report, ev) else '滞后'}的有{names(binding + [r for r in behind if r not in binding], 8)}"
            text += f"（其中约束性指标 {len(binding)} 项），详见“存在的主要问题”。" if binding else "，详见“存在的主要问题”。"
        else:
            rest = c.indicators - c.evaluable
            text += (f"有数据的指标中没有{'未完成' if _final(report, ev) else '滞后'}的"
                     + (f"；其余 {rest} 项指标无数据，尚不能判断。" if rest else "。"))
        intl = [(b, n) for b, n in report.summary_intl if n]
        if intl:
            text += INTL_READING + "：" + "，".join(f"{b} {n} 项" for b, n in intl) + "。"
        out.append(text)
    if report.milestone_rows:
        ms = report.milestone_rows
        out.append(f"节点任务 {len(ms)} 项：{_counts(ms, [str(s) for s in (*order, Status.NO_DATA)])}。")
    conflicts = sum(1 for w in ev.warnings if w.code == "plan_conflict")
    if conflicts:
        out.append(f"规划文本中有 {conflicts} 处同一指标的目标前后不一致，见“存在的主要问题”。")
    return out


def counts_table(report: Report, ev: Evaluation) -> Table:
    parts = [("主要指标", report.main_rows), ("其他指标", report.other_rows), ("量化任务", report.task_rows),
             ("节点任务", report.milestone_rows)]
    order = [str(s) for s in (FINAL_STATUSES if _final(report, ev) else INTERIM_STATUSES)]
    every = report.rows

    def line(label: str, test: Callable[[Row], bool]) -> TableRow:
        cells = [label] + [str(sum(1 for r in rows if test(r))) for _, rows in parts]
        return TableRow(cells + [str(sum(1 for r in every if test(r)))])

    rows = [line("项数", lambda r: True), line("其中：约束性", lambda r: r.attribute.startswith("约束性")),
            line("有数据可评估", lambda r: r.status != NO_DATA)]
    for status in order:
        def same(r: Row, status: str = status) -> bool:
            return r.status == status

        rows.append(TableRow(line(status, same).cells, status=status))
    return Table("counts", "监测对象与完成情况汇总", ["项目"] + [p for p, _ in parts] + ["合计"], rows,
                 status_col=None, number_cols=(1, 2, 3, 4, 5), sheet="总体评价")


def overview_section(report: Report, ev: Evaluation) -> Section:
    s = Section("总体评价", id="overview")
    s.add(*(Para(t) for t in report.overview.split("\n")))
    s.add(counts_table(report, ev))
    return s


# --------------------------------------------------------------------------- 二、主要指标完成情况

def basis_sentence(report: Report, heading: str) -> str:
    n = len(report.main_rows)
    if report.basis == BASIS_TABLE:
        where = f"“{heading}”" if heading else "主要指标表"
        return f"主要指标取规划{where}所列的 {n} 项指标。"
    if report.basis == BASIS_HEADLINE:
        return (f"规划未附主要指标表，主要指标取规划“{heading}”部分提出的 {n} 项量化指标。")
    if report.basis == BASIS_REVIEW:
        return f"规划未附主要指标表，主要指标取审核中标为主要指标的 {n} 项。"
    return (f"规划未附主要指标表，审核中也未标明主要指标，本表列出有监测数据的 {n} 项指标；"
            "其余指标见附表。")


def main_section(report: Report, ev: Evaluation, heading: str) -> Section:
    s = Section("主要指标完成情况", id="main")
    s.add(Para(basis_sentence(report, heading)))
    rows = report.main_rows
    if rows:
        judged = [r for r in rows if r.status != NO_DATA]
        order = [str(x) for x in (FINAL_STATUSES if _final(report, ev) else INTERIM_STATUSES)]
        text = f"{len(rows)} 项主要指标中，有数据可评估的 {len(judged)} 项"
        text += (f"：{_counts(judged, order)}；无数据 {len(rows) - len(judged)} 项。" if judged
                 else "，暂无数据，完成情况待数据导入后评估。")
        s.add(Para(text))
    empty = ("尚无指标有监测数据，因此本表为空；导入统计数据后重新生成报告即可列出。" if report.basis == BASIS_DATA
             else "规划中没有可列入本表的量化指标。")
    s.add(indicator_table("main", "主要指标完成情况", rows, "主要指标", empty))
    s.add(Para("表中基期值后括注基期年份；目标值未括注年份的为规划末年目标；“出处”为目标在规划中的位置，"
               "同一目标多处表述的全部列出；计算过程见附表一。", "note"))
    s.add(*(Figure(c) for c in report.charts))
    return s


# --------------------------------------------------------------------------- 三、重点任务进展

def _short_chapter(chapter: str) -> str:
    return chapter.split()[0] if chapter.strip() else "其他"


def tasks_section(report: Report, ev: Evaluation) -> Section:
    s = Section("重点任务进展", id="tasks")
    ms, tasks = report.milestone_rows, report.task_rows
    order = [str(x) for x in (*(FINAL_STATUSES if _final(report, ev) else INTERIM_STATUSES),)]
    if ms:
        s.add(Para(f"规划提出有明确时限的节点任务 {len(ms)} 项：{_counts(ms, order)}。"
                   "“无数据”表示尚未录入进展或完成情况（未录入不等于未完成）。"))
    else:
        s.add(Para("规划中没有抽取到有明确完成时限的定性任务（节点任务），本节只汇总量化任务。", "empty"))
    if tasks:
        judged = [r for r in tasks if r.status != NO_DATA]
        s.add(Para(f"规划专栏和正文中的建设数量类量化任务 {len(tasks)} 项，有进展数据的 {len(judged)} 项"
                   + (f"（{_counts(judged, order)}）" if judged else "") + "，逐项见附表。"))
    first_at: dict[str, int] = {}
    for r in ms + tasks:
        at = r.start if r.start is not None else 10**12
        first_at[r.chapter] = min(first_at.get(r.chapter, at), at)
    chapters = sorted(first_at, key=lambda c: first_at[c])
    if tasks:
        per = [(c, sum(1 for t in tasks if t.chapter == c)) for c in chapters]
        s.add(Para("量化任务按章分布：" + "，".join(f"{_short_chapter(c)} {n} 项" for c, n in per if n) + "。"))
    for chapter in chapters:
        rows = [r for r in ms if r.chapter == chapter]
        if not rows:
            continue
        sub = Section(chapter or "其他")
        sub.add(Table(f"milestones-{len(s.blocks)}", f"{_short_chapter(chapter)}节点任务进展",
                      ["序号", "任务", "时限", "完成情况", "进展与依据", "出处"],
                      [TableRow([str(i), r.indicator, f"{r.year} 年" if r.year else "—", r.status,
                                 "\n".join(r.events) or "尚未录入进展", places(r)], key=r.key, status=r.status,
                                detail=f"{r.method}：{r.working}") for i, r in enumerate(rows, 1)],
                      status_col=3, wrap_cols=(1, 4), whole_cols=(5,), number_cols=(0,), sheet="重点任务"))
        s.add(sub)
    return s


# --------------------------------------------------------------------------- 四、重大项目推进情况

def projects_section(report: Report) -> Section:
    s = Section("重大项目推进情况", id="projects")
    p = report.projects
    if p is None:
        return s.add(Para("本报告未接入项目库（没有可用的数据库），无法统计重大项目推进情况；"
                          "用 guihua report --db 由数据库生成即可包含本节。", "empty"))
    s.add(Para(p.summary))
    if not p.total:
        return s
    s.add(Table("projects-status", "重大项目按推进状态统计", ["状态", "项目数"],
                [TableRow([st, str(n)]) for st, n in p.by_status], number_cols=(1,), sheet="重大项目"))
    s.add(Table("projects-category", "重大项目按类别统计", ["类别", "项目数"],
                [TableRow([c, str(n)]) for c, n in p.by_category], number_cols=(1,), sheet="重大项目类别"))
    if p.investment:
        s.add(Table("projects-investment", "重大项目投资完成情况", ["单位", "计划总投资", "已建成项目投资", "完成比例"],
                    [TableRow(list(v)) for v in p.investment], number_cols=(1, 2, 3), sheet="项目投资"))
    if p.not_started_names:
        more = f"等 {p.not_started} 个" if p.not_started > len(p.not_started_names) else ""
        s.add(Para(f"尚未开工的项目：{'、'.join(p.not_started_names)}{more}。"))
    return s


# --------------------------------------------------------------------------- 年度目标完成情况 (annual reports)

def annual_section(report: Report) -> Section:
    """Each quantitative target's value of the year against its annual target (guihua.monitoring.annual)."""
    s = Section("年度目标完成情况", id="annual")
    rows = [j for j in report.annual or [] if j.annual_target is not None]
    judged = [j for j in rows if j.status != Status.NO_DATA]
    if rows:
        counts: dict[str, int] = {}
        for j in judged:
            counts[str(j.status)] = counts.get(str(j.status), 0) + 1
        text = f"{report.year} 年有年度目标的量化目标 {len(rows)} 项，当年有已审定数据可对照的 {len(judged)} 项"
        text += ("：" + "，".join(f"{k} {n} 项" for k, n in counts.items()) + "。") if judged else "。"
        s.add(Para(text))

    def num(v: float | None, unit: str | None) -> str:
        return "—" if v is None else f"{fmt(v)}{unit or ''}"

    return s.add(Table("annual", f"{report.year} 年年度目标完成情况", ["序号", "指标", "年度目标", "实际", "差距", "完成情况"],
                       [TableRow([str(i), j.indicator, num(j.annual_target, j.unit), num(j.actual, j.unit),
                                  num(j.gap, None), str(j.status)], status=str(j.status), detail=j.working)
                        for i, j in enumerate(rows, 1)],
                       status_col=5, wrap_cols=(1,), number_cols=(0, 2, 3, 4), sheet="年度目标",
                       empty="没有年度目标（guihua annual-targets --propose 按应达路径生成）。"))


# --------------------------------------------------------------------------- 预警 (issue 16 fills it)

def alerts_section(report: Report) -> Section:
    s = Section("预警情况", id="alerts")
    alerts = report.alerts or []
    if not alerts:
        return s.add(Para("按预警规则，本期没有需要预警的指标或项目。", "empty"))
    level = {"red": "红色", "yellow": "黄色", "grey": "灰色"}
    return s.add(Table("alerts", "预警清单", ["序号", "等级", "指标", "原因", "牵头单位"],
                       [TableRow([str(i), level.get(a.level, a.level), a.indicator, a.reason, a.lead_unit or "—"])
                        for i, a in enumerate(alerts, 1)], wrap_cols=(2, 3), number_cols=(0,), sheet="预警"))


# --------------------------------------------------------------------------- 存在的主要问题、建议

def problems_section(report: Report) -> Section:
    s = Section("存在的主要问题", id="problems")
    if not report.problems:
        c = report.coverage
        why = ("尚无监测数据，无法据以发现问题；" if not c.evaluable else
               f"在有数据的 {c.evaluable} 项指标中没有发现滞后、数据冲突或口径问题；")
        return s.add(Para(why + "本节待数据补齐后重新生成。", "empty"))
    lagging = report.lagging
    if lagging:
        lagging = sorted(lagging, key=lambda r: (not r.attribute.startswith("约束性"), r.part != "main"))
        s.add(Table("lagging", "滞后指标及差距", ["序号", "指标", "属性", "目标值", "实际值", "应达值", "差距", "完成情况"],
                    [TableRow([str(i), r.indicator, r.attribute, lines(r.target), lines(r.actual), r.expected, r.gap, r.status],
                              key=r.key, status=r.status) for i, r in enumerate(lagging, 1)],
                    status_col=7, wrap_cols=(1,), number_cols=(0, 5, 6), sheet="滞后指标"))
    for p in report.problems:
        s.add(Section(p.title).add(Para(p.text)))
    return s


def advice_section(report: Report) -> Section:
    s = Section(ADVICE_TITLES.get(report.kind, "下一步工作建议") + "（建议稿）", id="advice")
    if not report.problems:
        return s.add(Para("上节未列出问题，本节暂无针对性建议，待规划办根据实际情况撰写。", "empty"))
    s.add(Para("以下建议由 guihua 根据监测结果逐条起草，供规划办修改完善，不代表规划办意见；"
               "定稿前请删除“建议稿”标记。", "note"))
    for p in report.problems:
        s.add(Section(f"针对“{p.title}”").add(Para(f"{DRAFT_MARK}{p.suggestion}", "draft")))
    return s


# --------------------------------------------------------------------------- 附表、数据说明

def appendices(report: Report) -> list[Section]:
    out = []
    working = Section("主要指标计算过程", id="working").add(Table(
        "working", "主要指标计算过程", ["序号", "指标", "方法", "计算过程", "出处"],
        [TableRow([str(r.number), r.indicator, r.method, r.working + (f"（国际对照：{r.intl}）" if r.status != NO_DATA else ""),
                   places(r)], key=r.key) for r in report.main_rows],
        wrap_cols=(1, 2), whole_cols=(4,), number_cols=(0,), sheet="计算过程", empty="没有主要指标。"))
    out.append(working)
    other = Section("其他指标完成情况", id="other")
    other.add(indicator_table("other", "其他指标完成情况", report.other_rows, "其他指标",
                              "除主要指标外，规划没有其他量化指标。"))
    judged = [r for r in report.other_rows if r.status != NO_DATA]
    if judged:
        other.add(Para("有数据的其他指标的计算过程：" + "；".join(f"{r.number}. {r.indicator}：{r.working}" for r in judged)
                       + "。", "note"))
    out.append(other)
    out.append(Section("量化任务完成情况", id="task-list").add(Table(
        "tasks", "量化任务完成情况", ["序号", "任务", "目标", "实际", "完成情况", "出处"],
        [TableRow([str(r.number), r.indicator, lines(r.target), lines(r.actual), r.status, places(r)], key=r.key,
                  status=r.status, notes=list(r.notes), detail=f"{r.method}：{r.working}") for r in report.task_rows],
        status_col=4, wrap_cols=(1,), whole_cols=(5,), number_cols=(0,), sheet="量化任务", empty="规划中没有建设数量类的量化任务。")))
    out.append(Section("数据来源", id="sources").add(Table(
        "sources", "实际值的数据来源", ["指标", "年份", "数值", "单位", "来源"],
        [TableRow([x.indicator, x.year, x.value, x.unit, x.url or "未注明"]) for x in report.sources],
        wrap_cols=(0, 4), number_cols=(2,), sheet="数据来源", empty="暂无实际数据。")))
    return out


def notes_section(report: Report) -> Section:
    s = Section("数据说明", id="notes")
    for n in report.plan_notes:
        s.add(Para(n, "note"))
    for k, n in enumerate(report.data_notes, 1):
        s.add(Para(f"{k}. {n}", "note"))
    return s


def assemble(report: Report, ev: Evaluation, heading: str) -> None:
    """Fill report.overview, report.body and report.appendices."""
    report.overview = "\n".join(overview_text(report, ev))
    main = main_section(report, ev, heading)
    if report.annual is not None and report.kind == "annual":  # inside 主要指标: every kind keeps its numbering
        main.add(annual_section(report))
    body = [overview_section(report, ev), main, tasks_section(report, ev), projects_section(report)]
    if report.alerts is not None:
        body.append(alerts_section(report))
    body += [problems_section(report), advice_section(report)]
    report.body = body
    report.appendices = appendices(report) + [notes_section(report)]
