"""存在的主要问题 and 下一步工作建议, generated from the evidence of an evaluation.

Problems, in this order: binding (约束性) indicators lagging (one problem each), other lagging
indicators, indicators slower than the expected path though not yet lagging, milestones overdue,
data gaps, conflicting sources, the plan's own inconsistencies, comparability, projects not started.
Each problem states its evidence (the numbers and the gap); each gets one drafted suggestion, a
text for the planning office to rewrite (shown marked 建议稿), never presented as its own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from guihua.monitoring.assess import fmt
from guihua.monitoring.model import Evaluation, TargetEvaluation
from guihua.monitoring.status import BEHIND, IntlBand, Status
from guihua.reports.classify import Group
from guihua.reports.projects import ProjectSection
from guihua.reports.rows import Row

_LISTED = 12  # names listed in one sentence before "等 N 项"
_AT_RISK = (Status.ON_TRACK, Status.BASICALLY_DONE)
_COMPARABILITY = ("price_basis", "series_break", "scope", "unit", "not_comparable")


@dataclass
class Problem:
    code: str  # lagging_binding | lagging | slow | milestones | data_gap | conflict | plan_conflict | comparability | projects
    title: str
    text: str  # the evidence
    suggestion: str  # the drafted suggestion (建议稿)


def names(rows: Sequence[Row], limit: int = _LISTED) -> str:
    """"甲、乙、丙" or "甲、乙…等 N 项" (N counting rows, as the sentence around it does)."""
    shown = list(dict.fromkeys(r.indicator for r in rows))
    text = "、".join(shown[:limit])
    return text + (f"等 {len(rows)} 项" if len(shown) > limit else "")


def _join(messages: Sequence[str]) -> str:
    """Messages as one sentence: "甲；乙。" (their own full stops removed first)."""
    return "；".join(m.rstrip("。；") for m in messages) + "。"


def _who(rows: Sequence[Row], departments: dict[str, list[str]]) -> str:
    found = list(dict.fromkeys(d for r in rows for d in departments.get(r.indicator, [])))
    return "、".join(found) if found else "责任单位（待明确）"


def _gap_text(row: Row) -> str:
    parts = [f"目标{row.target}", f"实际{row.actual}"]
    if row.expected != "—":
        parts.append(f"应达{row.expected}")
    if row.gap != "—":
        parts.append(f"差距 {row.gap}")
    return f"{row.indicator}（{'，'.join(parts)}）"


def remaining_effort(item: TargetEvaluation, ev: Evaluation) -> str:
    """What the rest of the period asks for, when the numbers allow saying it ("" otherwise):
    a level target from its latest actual value, a growth target from the realised average growth."""
    t = item.target
    last = t.year or ev.last_year
    if t.value is None or item.actual is None:
        return ""
    if t.kind == "level" and item.series:
        year, value = item.series[-1]
        left = last - year
        if left <= 0:
            return ""
        step = (t.value - value) / left
        verb = "提高" if step >= 0 else "降低"
        per = {"%": " 个百分点", "‰": " 个千分点"}.get(t.unit or "", t.unit or "")  # a rate moves by points
        return (f"按 {year} 年实际值 {fmt(value)}{t.unit or ''} 测算，余下 {left} 年需年均{verb} "
                f"{fmt(abs(step), 2)}{per}方能达到目标")
    if t.kind == "growth":
        period = str(item.inputs.get("期间", "")) if isinstance(item.inputs, dict) else ""
        m = re.fullmatch(r"(\d{4})-(\d{4})", period)
        if not m:
            return ""
        start, end = int(m.group(1)), int(m.group(2))
        done, total = end - start + 1, last - start + 1
        left = total - done
        if left <= 0 or item.actual <= -100 or t.value <= -100:
            return ""
        need = ((1 + t.value / 100) ** total / (1 + item.actual / 100) ** done) ** (1 / left) - 1
        return (f"按 {start}—{end} 年实际年均增长 {fmt(item.actual)}% 测算，余下 {left} 年需年均增长 "
                f"{fmt(need * 100, 1)}% 方能实现规划期年均 {fmt(t.value)}% 的目标")
    return ""


def build_problems(ev: Evaluation, groups: dict[str, Group], rows: Sequence[Row], milestones: Sequence[Row],
                   projects: ProjectSection | None, departments: dict[str, list[str]],
                   main_rows: Sequence[Row]) -> list[Problem]:
    """The problems of an evaluation, most pressing first. `groups` maps a row's key to its group;
    `rows` are the indicator rows (main and other), `milestones` the milestone rows."""
    final = ev.kind == "final" or ev.year >= ev.last_year
    out: list[Problem] = []
    behind = [r for r in rows if r.status in {str(s) for s in BEHIND}]
    binding = [r for r in behind if r.attribute.startswith("约束性")]
    others = [r for r in behind if not r.attribute.startswith("约束性")]
    word = "未完成" if final else "进度滞后"
    for r in binding:
        effort = "" if final else remaining_effort(groups[r.key].first, ev)
        text = f"约束性指标{_gap_text(r)}，{word}。" + (f"{effort}。" if effort else "")
        if final:
            tip = (f"约束性指标{r.indicator}在规划期末未完成目标，建议认真分析原因，在下一个五年规划中继续设置该指标，"
                   f"明确{_who([r], departments)}的责任和分年度目标，纳入年度考核。")
        else:
            tip = (f"建议将{r.indicator}列为规划后半期重点督办的约束性指标，由{_who([r], departments)}分析滞后原因，"
                   f"制定分年度推进计划并落实到项目和资金" + (f"；{effort}" if effort else "") + "。")
        out.append(Problem("lagging_binding", f"约束性指标{r.indicator}{word}", text, tip))
    if others:
        listed = "；".join(_gap_text(r) for r in others[:_LISTED])
        more = f"；另有 {len(others) - _LISTED} 项" if len(others) > _LISTED else ""
        text = f"{len(others)} 项指标{word}：{listed}{more}。"
        if final:
            tip = (f"建议对{names(others)}逐项总结未完成的原因，区分外部环境变化与工作落实问题，"
                   "在下一个五年规划中合理确定同类指标的目标值。")
        else:
            tip = (f"建议对{names(others)}逐项分析滞后原因：属于外部环境变化、目标明显偏高的，可按程序提出调整建议；"
                   f"属于工作推进不够的，由{_who(others, departments)}制定赶超措施，加大推进力度。")
        out.append(Problem("lagging", f"部分指标{word}", text, tip))
    slow = [r for r in rows if r.status in {str(s) for s in _AT_RISK} and _slower(groups[r.key].first)]
    if slow:
        text = (f"{len(slow)} 项指标虽判为{'基本完成' if final else '基本符合预期'}，但慢于应达进度或国际口径进展不足："
                + "；".join(_gap_text(r) for r in slow[:_LISTED]) + "。")
        tip = (f"建议加强对{names(slow)}的跟踪监测，按季度分析进度，防止转为滞后。" if not final else
               f"建议在下一个五年规划中关注{names(slow)}的持续推进。")
        out.append(Problem("slow", "部分指标进度偏慢", text, tip))
    late = [r for r in milestones if r.status in {str(s) for s in BEHIND}]
    if late:
        text = f"{len(late)} 项节点任务到期未完成：" + "；".join(
            f"{r.indicator}（{r.target}" + (f"，最近进展：{r.events[-1]}" if r.events else "") + "）"
            for r in late[:_LISTED]) + "。"
        tip = (f"建议对{names(late)}逐项明确完成时限和责任单位，按月调度，完成后及时录入完成日期和证明材料。")
        out.append(Problem("milestones", "部分重点任务未按期完成", text, tip))
    no_data_main = [r for r in main_rows if r.status == str(Status.NO_DATA)]
    no_data = [r for r in rows if r.status == str(Status.NO_DATA)]
    if no_data:
        text = (f"{len(rows)} 项量化指标中 {len(no_data)} 项暂无可用于评估的数据"
                f"（覆盖率 {fmt(100 * (len(rows) - len(no_data)) / len(rows), 1)}%）")
        text += (f"，其中主要指标 {len(no_data_main)} 项：{names(no_data_main)}。" if no_data_main else "。")
        text += "这些指标的完成情况无法判断，本报告的结论只反映有数据的指标。"
        focus = no_data_main or no_data
        tip = (f"建议由统计部门会同{_who(focus, departments)}建立规划指标年度数据报送制度，"
               f"优先补齐{names(focus)}的统计数据，并注明数据来源和统计口径。")
        out.append(Problem("data_gap", "监测数据不全", text, tip))
    conflicts = _warnings(ev, rows, groups, ("conflict",))
    if conflicts:
        out.append(Problem("conflict", "部分指标的数据来源不一致", _join(conflicts[:_LISTED]),
                           "建议以统计部门正式发布的数据为准，核实不同来源数值不一致的原因，在数据说明中注明采用的来源。"))
    plan = [w.message for w in ev.warnings if w.code == "plan_conflict"]
    if plan:
        tip = ("建议在编制下一个五年规划时统一同一指标在指标表和各章节中的目标表述。" if final else
               "建议在中期评估中按程序明确以哪一处目标为准，必要时对规划目标作出调整说明。")
        out.append(Problem("plan_conflict", "规划文本中同一指标的目标表述不一致", _join(plan[:_LISTED]), tip))
    comparability = _warnings(ev, rows, groups, _COMPARABILITY)
    if comparability:
        out.append(Problem("comparability", "部分指标的统计口径与规划目标不完全可比",
                           _join(comparability[:_LISTED] + (["……"] if len(comparability) > _LISTED else [])),
                           "建议统计部门提供与规划目标口径一致的数据（如按可比价计算的总量、口径调整后的历史数据），"
                           "无法取得时在评估中说明口径差异的影响。"))
    if projects is not None and projects.total and projects.not_started:
        text = (f"规划点名的 {projects.total} 个项目中，{projects.not_started} 个尚未开工（规划、前期阶段）"
                + (f"，如{'、'.join(projects.not_started_names[:6])}等" if projects.not_started_names else "") + "。")
        tip = ("建议对尚未开工的项目逐一梳理前期工作和要素保障情况，能开工的加快开工，确实不具备条件的按程序调整出项目库。"
               if not final else "建议将确有必要、尚未实施的项目滚动纳入下一个五年规划的项目库。")
        out.append(Problem("projects", "部分重大项目推进较慢", text, tip))
    return out


def _slower(item: TargetEvaluation) -> bool:
    return (item.ratio is not None and item.ratio < 1.0) or item.intl_band in (IntlBand.INSUFFICIENT, IntlBand.AWAY)


def _warnings(ev: Evaluation, rows: Sequence[Row], groups: dict[str, Group], codes: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for w in ev.warnings:
        if w.code in codes and w.message not in seen:
            seen.append(w.message)
    for r in rows:
        for item in groups[r.key].items:
            for w in item.warnings:
                text = f"{r.indicator}：{w.message}"
                if w.code in codes and w.message not in " ".join(seen) and text not in seen:
                    seen.append(text)
    return seen
