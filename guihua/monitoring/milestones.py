"""Milestone targets ("力争 2017 年成功创建全国文明城市"): done, not yet due or overdue, from recorded events."""

from __future__ import annotations

from guihua.monitoring import progress as pg
from guihua.monitoring.context import Context, fmt
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput
from guihua.monitoring.status import IntlBand, Status

#: what a recorded event's value means (the store records the word; monitoring reads the number)
EVENT_OUTCOMES: dict[float, str] = {1.0: "完成", 0.5: "部分完成", 0.0: "未完成"}


def event_value(outcome: str) -> float | None:
    """The value of an event recorded as ``outcome`` (完成 1, 部分完成 0.5, 未完成 0; None if unknown)."""
    return next((v for v, word in EVENT_OUTCOMES.items() if word == outcome), None)


def _event_done(o: ObservationInput) -> bool:
    return o.value is None or o.value >= 1


def _event_text(o: ObservationInput) -> str:
    """One recorded event as the working prints it: date, outcome, evidence, source."""
    word = "完成" if o.value is None else EVENT_OUTCOMES.get(o.value, f"完成度 {fmt(o.value)}")
    when = o.date or f"{o.year} 年"
    text = f"{when} 记录“{word}”"
    if o.note:
        text += f"，证据：{o.note}"
    if o.source:
        text += f"（来源：{o.source}）"
    return text


def assess_milestone(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                      ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """Done / not yet due / overdue from recorded events (``event`` observations with a date and evidence).

    An event's value says what happened: 1 (or empty) 完成, 0.5 部分完成, 0 未完成; only events dated
    in or before the evaluation year count. The due year is the target's year (else the plan's last).
    done (a 完成 event by the evaluation year) -> 提前实现 before the plan's last year, 已完成 at or
    after it (a completion later than the due year is still done, and the working says 逾期完成);
    not yet due -> 基本符合预期 when a progress record exists, else 无数据; overdue with a record
    saying not (or partly) done -> 滞后 / 未完成; overdue with no record at all -> 无数据 (an
    unrecorded event is not evidence that it did not happen).
    """
    due = target.year or ctx.last_year
    events = sorted((o for o in obs if o.measure == "event" and o.year is not None and o.year <= ctx.year),
                    key=lambda o: (o.date or str(o.year), o.key or ""))
    done = [o for o in events if _event_done(o)]
    first_done = done[0] if done else None
    done_year = first_done.year if first_done is not None else None
    state = pg.milestone_state(due, done_year, ctx.year)
    latest = events[-1] if events else None
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="milestone_state",
                          method_label="节点任务（完成/未到期/逾期）", working="", sources=done[:1] or events,
                          inputs={"到期年": due, "完成年": done_year, "状态": state,
                                  "完成日期": first_done.date if first_done is not None else None,
                                  "事件数": len(events)})
    if state == "done" and first_done is not None and done_year is not None:
        ev.met = ev.achieved = True
        ev.status = Status.DONE if ctx.final else Status.AHEAD
        ev.intl_band, ev.intl_method, ev.actual_year = IntlBand.ACHIEVED, "achieved", done_year
        if done_year < due:
            timing = f"提前 {due - done_year} 年完成"
        elif done_year == due:
            timing = "按期完成"
        else:
            timing = f"逾期 {done_year - due} 年完成"
        ev.actual_text = f"{first_done.date or done_year} 完成" + ("（逾期）" if done_year > due else "")
        ev.working = f"到期 {due} 年；{_event_text(first_done)}：{timing}；国际口径：{IntlBand.ACHIEVED}"
    elif state == "not_yet_due":
        # not yet due is on track only when someone has recorded its progress; else nothing to judge by
        ev.status = Status.ON_TRACK if latest is not None else Status.NO_DATA
        ev.actual_text = "未到期"
        ev.working = f"到期 {due} 年，评估年 {ctx.year} 年尚未到期" + (
            f"；最近记录：{_event_text(latest)}" if latest is not None else "，尚无进展记录")
    elif latest is not None:
        ev.met = ev.achieved = False
        ev.actual_year = latest.year
        ev.status = Status.NOT_DONE if ctx.final else Status.LAGGING
        ev.actual_text = "逾期未完成"
        ev.working = f"到期 {due} 年，截至 {ctx.year} 年未完成；最近记录：{_event_text(latest)}"
    else:
        ev.actual_text = "无记录"
        ev.working = f"到期 {due} 年，截至 {ctx.year} 年未录入完成事件（如已完成，请录入完成日期及证明材料）"
    return ev
