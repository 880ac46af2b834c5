"""Growth targets ("年均增长 7.5%", "年均下降 3%") and change targets ("提高 5 个百分点", "累计降低
17%", "翻一番"), read as movements in their direction (guihua.monitoring.direction).

A movement with a bound "at least" or "about" is a goal: the progress ratio is actual over
required (a fall of 2.4 %/yr against a required 3 %: 0.8), which is also the international ratio
(a ratio of growth rates); a change target already reached is reached (提前实现), an average growth
is judged on its pace until its period ends. A movement "at most" ("增长控制在 3% 以内", "零增长")
is a limit: kept -> 基本符合预期 (已完成 at the end) and 已达目标, exceeded -> 滞后 (未完成) and 偏离目标,
no path ratio.
"""

from __future__ import annotations

import math
from dataclasses import replace

from guihua.monitoring import progress as pg
from guihua.monitoring.comparability import scope_warning, series_break_warnings
from guihua.monitoring.context import Context, finish, fmt, no_data, pct
from guihua.monitoring.direction import Movement, movement
from guihua.monitoring.levels import intl_text
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput
from guihua.monitoring.observed import annual_rates, base_level, latest, level_unit, levels, realised_growth
from guihua.monitoring.status import IntlBand, Status
from guihua.monitoring.wording import target_text


def _limit(ev: TargetEvaluation, ctx: Context, holds: bool, due: bool) -> TargetEvaluation:
    """A limit on a movement: kept or exceeded, no path ratio."""
    ev.met = ev.achieved = holds
    ev.ratio = ev.intl_ratio = None
    ev.intl_method = "limit"
    if ctx.final or due:
        status = Status.DONE if holds else (Status.NOT_DONE if ctx.final else Status.LAGGING)
    else:
        status = Status.ON_TRACK if holds else Status.LAGGING
    ev.working += f"：{'未超过限值' if holds else '已超过限值'}（限值目标，不计进度比）"
    if holds:
        return finish(ev, ctx, status=status)
    return finish(ev, ctx, status=status, band=IntlBand.AWAY, intl="已超过限值")


# --------------------------------------------------------------------------- growth

def assess_growth(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                  ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """年均增长 / 下降 X%: the realised average growth against the required one."""
    mv = movement(target.comparator, float(target.value or 0.0), target.direction, target.quote)
    base_year = target.base_year or ctx.base_year
    t_year = target.year or ctx.last_year
    end = min(ctx.year, t_year)
    over = ctx.year >= t_year  # the period the average is taken over has ended
    realised = realised_growth(obs, baseline, base_year, end, ctx.thresholds.max_data_lag, target.indicator)
    if realised is None:
        return no_data(target, f"缺少 {base_year + 1}-{end} 年的期间年均增速、各年增速或首末年总量",
                       "growth", "年均增速")
    g, req = realised.value, mv.signed
    m = mv.sign * g  # the movement in the target's direction
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method=realised.method,
                          method_label=realised.label, working="", expected=req, actual=g,
                          actual_year=realised.end, gap=g - req, sources=realised.sources,
                          warnings=[replace(w, target_keys=[target.key]) for w in realised.warnings],
                          baseline_year=base_year, derived=realised.derived)
    if realised.derived is not None:
        ev.actual_text = f"年均 {pct(g)}（计算值：{realised.derived}）"
    ev.inputs = {"目标增速": req, "实际年均增速": round(g, 4), "期间": f"{base_year + 1}-{realised.end}"}
    _growth_charts(ev, obs, ctx, base_year, t_year, realised.end, req)
    rule = target_text("growth", target.comparator, float(target.value or 0.0), unit="%", direction=target.direction,
                       quote=target.quote)
    ev.working = f"{realised.working}；目标 {rule}{mv.note}"
    if mv.is_limit:
        holds = (m <= mv.size or pg.close(m, mv.size)) if mv.bound == "at_most" else (m >= 0 or pg.close(m, 0))
        return _limit(ev, ctx, holds, over)
    tol = ctx.thresholds.tolerance(mv.size, "%", mv.size) if mv.bound == "about" else 0.0
    met_now = pg.meets(">=", m, mv.size) if mv.bound == "at_least" else pg.meets("~", m, mv.size, tol, 0.0)
    ev.achieved = met_now
    # an average rate cannot be "reached early": before its period ends only the pace counts
    ev.met = met_now if over else False
    ev.ratio = ev.intl_ratio = ev.share_done = pg.progress_ratio(g, req)
    ev.intl_method = "cagr"
    if mv.bound == "about":
        ev.working += f"（允许偏差 ±{fmt(tol, 3)} 个百分点）"
    ratio = f"实际/目标 = {pct(g)}/{pct(req)} = {fmt(ev.ratio, 3)}" if ev.ratio is not None else "目标增速为 0"
    ev.working += f"；{ratio}"
    return finish(ev, ctx, due=over, intl=("年均增速之比 " + ratio) if ev.ratio is not None else "")


def _growth_charts(ev: TargetEvaluation, obs: list[ObservationInput], ctx: Context, base_year: int, t_year: int,
                   end: int, req: float) -> None:
    """Growth drawn as an index (base year = 100): expected at the target rate, actual from the
    yearly rates where every year is known, and the realised average at the end year."""
    ev.path = [(y, 100 * (1 + req / 100) ** (y - base_year)) for y in range(base_year, t_year + 1)]
    rates = annual_rates(obs, ctx.year)
    index, series = 100.0, [(base_year, 100.0)]
    for y in range(base_year + 1, end + 1):
        if y not in rates or rates[y].value is None:
            break
        index *= 1 + (rates[y].value or 0.0) / 100
        series.append((y, index))
    if series[-1][0] < end and ev.actual is not None:
        series.append((end, 100 * (1 + ev.actual / 100) ** (end - base_year)))
    ev.series = series


# --------------------------------------------------------------------------- change

def assess_change(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                  ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """提高 X 个百分点 / 累计降低 X% / 翻一番: the change since the base year against X."""
    unit = target.unit or "%"
    mode = "个百分点" if unit == "个百分点" else ("倍" if unit == "倍" else "%")
    value = float(target.value or 0.0)
    mv = (Movement(1, value, movement(target.comparator, value, "increase", "").bound, "") if mode == "倍"
          else movement(target.comparator, value, target.direction, target.quote))
    required = value if mode == "倍" else mv.signed
    base_year = target.base_year or ctx.base_year
    t_year = target.year or ctx.last_year
    eval_year = min(ctx.year, t_year)
    u = level_unit(obs, baseline)
    found = levels(obs, eval_year, u)
    base = base_level(baseline, found, base_year, u)
    data_year = latest(found, base.year, eval_year, ctx.thresholds.max_data_lag) if base is not None else None
    if base is None or data_year is None:
        return no_data(target, f"缺少 {base_year} 年基期值或其后的实际值", "change_against_base", "较基期变化")
    actual, o = found[data_year]
    try:
        change = pg.change_against_base(base.value, actual, mode)
    except ValueError:
        return no_data(target, f"基期 {base.year} 年值为 0，相对变化无定义", "change_against_base", "较基期变化")
    t = (data_year - base.year) / (t_year - base.year) if t_year > base.year else 1.0
    req_now = required_to_date(mode, required, t)
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="change_against_base",
                          method_label="较基期变化", working="", baseline=base.value, baseline_year=base.year,
                          baseline_source=base.source, expected=req_now, actual=change, actual_year=data_year,
                          gap=change - req_now, sources=[o],
                          actual_note=f"{data_year} 年 {fmt(actual)}，较 {base.year} 年 {fmt(base.value)}{base.note}")
    ev.derived = f"{_change_formula(mode, base.value, actual)} = {fmt(change)}"
    ev.actual_text = f"{fmt(change)}{mode}（计算值：{ev.derived}）".replace("-", "−")
    ev.warnings += series_break_warnings(target.indicator, base.year, data_year)
    sw = scope_warning(target, o)
    if sw is not None:
        ev.warnings.append(sw)
    ev.inputs = {"基期值": base.value, "实际值": actual, "数据年": data_year, "目标变化": required}
    shown = f"（{fmt(required)}{mode}）".replace("-", "−") if mode != "倍" and mv.sign < 0 else ""
    rule = target_text("change", target.comparator, value, unit=mode, direction=target.direction, quote=target.quote)
    ev.working = (f"{ev.actual_note}：变化 {fmt(change)}{mode}；目标 {rule}"
                  f"{shown}{mv.note}，{data_year} 年应达 {fmt(req_now)}{mode}").replace("-", "−")
    moved = change if mode == "倍" else mv.sign * change  # the change in the target's direction
    if mv.is_limit:
        return _limit(ev, ctx, moved <= mv.size or pg.close(moved, mv.size), ctx.year >= t_year)
    if mode == "倍":
        ok = change > 0 and required > 0 and req_now not in (0, 1)
        ev.ratio = math.log(change) / math.log(req_now) if ok else None
        ev.share_done = math.log(change) / math.log(required) if change > 0 and required not in (0, 1) else None
    else:
        ev.ratio = pg.progress_ratio(change, req_now)
        ev.share_done = pg.progress_ratio(change, required)
    tol = ctx.thresholds.tolerance(mv.size, mode, mv.size) if mv.bound == "about" else 0.0
    ev.met = ev.achieved = (pg.meets(">=", moved, mv.size) if mv.bound == "at_least"
                            else pg.meets("~", moved, mv.size, tol, 0.0))
    ev.working += f"；进度比 = {fmt(ev.ratio, 3)}" if ev.ratio is not None else ""
    target_level = {"个百分点": base.value + required, "倍": base.value * required}.get(
        mode, base.value * (1 + required / 100))
    r = (pg.intl_ratio(base.value, base.year, actual, data_year, target_level, t_year)
         if data_year > base.year and t_year > base.year else None)
    if r is not None:
        ev.intl_ratio, ev.intl_method = r.ratio, r.method
    intl = (f"目标水平 {fmt(target_level)}，" + intl_text(r)) if r is not None else ""
    return finish(ev, ctx, due=ctx.year >= t_year, intl=intl)


def required_to_date(mode: str, required: float, share: float) -> float:
    """The change a change target requires after ``share`` of its period (0..1), in its ``mode``.

    个百分点: straight, required × share; %: compound, ((1 + required/100) ** share − 1) × 100;
    倍: compound, required ** share. Example: 累计降低 17% after 3 of 5 years: (0.83 ** 0.6 − 1) × 100 = −10.58 %.
    """
    if mode == "个百分点":
        return required * share
    if mode == "倍":
        return required ** share if required > 0 else required
    return ((1 + required / 100) ** share - 1) * 100


def _change_formula(mode: str, base: float, actual: float) -> str:
    if mode == "个百分点":
        return f"{fmt(actual)} − {fmt(base)}"
    if mode == "倍":
        return f"{fmt(actual)} / {fmt(base)}"
    return f"({fmt(actual)} / {fmt(base)} − 1) × 100"
