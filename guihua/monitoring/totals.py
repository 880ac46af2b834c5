"""Cumulative targets: a total over the plan period ("新建学校 35 所", "新增建设用地控制在 X 以内").

A goal (``>=``) compares the share done with the share of the period elapsed (时间过半、任务过半);
a total already reached is reached (提前实现). Internationally the running total starts from zero,
where compound growth is undefined, so the ratio is the straight line: (total / years elapsed) /
(target / years of the period), the same number. A quota (``<=``) is a limit: within it so far ->
基本符合预期 (已完成 at the end) and 已达目标, exceeded -> 滞后 (未完成) and 偏离目标.
"""

from __future__ import annotations

import math

from guihua.monitoring import progress as pg
from guihua.monitoring.context import Context, finish, fmt, no_data
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput, Warning
from guihua.monitoring.observed import levels
from guihua.monitoring.status import IntlBand, Status
from guihua.monitoring.units import convert

_LABEL = "累计进度（时间过半、任务过半）"


def assess_cumulative(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                      ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """A total over the period: running total against the share of the period elapsed."""
    comp = target.comparator or ">="
    t_val = float(target.value or 0.0)
    base_year = target.base_year or ctx.base_year
    t_year = target.year or ctx.last_year
    eval_year = min(ctx.year, t_year)
    if t_year <= base_year or t_val == 0:
        return no_data(target, f"目标年 {t_year} 不晚于基期年 {base_year} 或目标值为 0，无法计算累计进度",
                       "cumulative_share", _LABEL)
    totals = [o for o in obs if o.measure == "cumulative" and o.value is not None and o.year is not None
              and base_year < o.year <= eval_year]
    warnings: list[Warning] = []
    total: float | None = None
    sources: list[ObservationInput] = []
    how, data_year = "", eval_year
    if totals:
        o = max(totals, key=lambda x: x.year or 0)
        total = convert(o.value or 0.0, o.unit, target.unit) if target.unit else o.value
        sources, how, data_year = [o], f"截至 {o.year} 年累计 {fmt(total)}", o.year or eval_year
    else:
        annual = levels(obs, eval_year, target.unit) if target.unit else levels(obs, eval_year, None)
        years = [y for y in range(base_year + 1, eval_year + 1) if y in annual]
        if years:
            total = sum(annual[y][0] for y in years)
            sources = [annual[y][1] for y in years]
            how = " + ".join(fmt(annual[y][0]) for y in years) + f" = {fmt(total)}"
            missing = [y for y in range(base_year + 1, eval_year + 1) if y not in annual]
            if missing:
                warnings.append(Warning("partial", f"缺少 {'、'.join(map(str, missing))} 年数据，累计数偏小。",
                                        target.indicator, [target.key]))
    if total is None:
        return no_data(target, f"缺少 {base_year + 1}-{eval_year} 年的累计或逐年数据", "cumulative_share",
                       _LABEL, warnings)
    share = pg.cumulative_share(total, t_val, base_year, t_year, eval_year)
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="cumulative_share", method_label=_LABEL,
                          working="", actual=total, actual_year=data_year, expected=t_val * share.elapsed_share,
                          sources=sources, warnings=warnings)
    ev.gap = total - (ev.expected or 0.0)
    ev.share_done = share.done_share
    ev.path = [(y, t_val * (y - base_year) / (t_year - base_year)) for y in range(base_year, t_year + 1)]
    ev.series = [(eval_year, total)]
    ev.inputs = {"累计": total, "目标": t_val, "完成比例": share.done_share, "时间进度": share.elapsed_share}
    ev.working = (f"{how}；完成 {fmt(share.done_share * 100, 1)}%，时间进度 {fmt(share.elapsed_share * 100, 1)}%"
                  f"（{base_year + 1}-{t_year} 年已过 {eval_year - base_year} 年）")
    if comp == "<=":
        holds = pg.meets("<=", total, t_val)
        ev.met = ev.achieved = holds
        ev.intl_method = "limit"
        ev.working += f"；目标累计不超过 {fmt(t_val)}{target.unit or ''}：{'未超过' if holds else '已超过'}（限额目标，不计进度比）"
        if ctx.final:
            status = Status.DONE if holds else Status.NOT_DONE
        else:
            status = Status.ON_TRACK if holds else Status.LAGGING
        if holds:
            return finish(ev, ctx, status=status)
        return finish(ev, ctx, status=status, band=IntlBand.AWAY, intl="已超过限额")
    ev.met = ev.achieved = pg.meets(">=", total, t_val)
    ev.ratio = share.ratio
    ev.intl_ratio = share.ratio if math.isfinite(share.ratio) else None
    ev.intl_method = "linear"
    ev.working += f"；比值 {fmt(share.ratio, 3)}"
    intl = f"直线（累计从零起，复合增速无定义）：完成比例 ÷ 时间进度 = {fmt(share.ratio, 3)}"
    return finish(ev, ctx, due=ctx.year >= t_year, intl=intl)
