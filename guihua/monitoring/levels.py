"""Level targets ("森林覆盖率达到 66% 以上", "控制在 4.5% 以内", "总量达到 4000 亿元") and targets
without a value ("单位能耗持续下降"), judged on the indicator's levels.

Level targets, in order:
- no baseline: met or not, no path (no progress ratio, no international ratio);
- met at the baseline already (a floor or ceiling the base year satisfies): a "maintain" target,
  met -> 提前实现 / 已完成 and 已达目标, not met -> 滞后 / 未完成 and 偏离目标, no path ratio;
- target year not after the base year: met or not, no path;
- otherwise the path from the baseline: the official progress ratio against the expected value
  (compound for money and output, straight otherwise) and the international ratio of actual to
  required CAGR (straight line where a value is zero or negative); a met target is met whatever
  the path (提前实现 / 已完成, 已达目标).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from guihua.monitoring import progress as pg
from guihua.monitoring.comparability import (
    price_basis_warning,
    scope_warning,
    series_break_warnings,
    target_price_basis,
)
from guihua.monitoring.context import Context, finish, fmt, no_data, pct, term
from guihua.monitoring.direction import level_sign, trend_sign
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput, Warning
from guihua.monitoring.observed import Base, Levels, base_level, latest, levels, published_or_rates
from guihua.monitoring.status import IntlBand, Status, trend_band
from guihua.monitoring.units import grows_by_nature

_RULE = {">=": "≥ {}", "<=": "≤ {}", "~": "{} 左右", "=": "= {}"}


def rule_text(comparator: str, value: float, unit: str | None, tol: float | None = None) -> str:
    text = _RULE.get(comparator, "{}").format(f"{fmt(value)}{unit or ''}")
    if comparator in ("~", "=") and tol is not None:
        text += f"（允许偏差 ±{fmt(tol, 3)}）"
    return text


def intl_text(r: pg.IntlRatio) -> str:
    if r.method == "cagr":
        return f"年均增速（CAGR）实际 {pct(r.actual_rate)} ÷ 所需 {pct(r.required_rate)} = {fmt(r.ratio, 3)}"
    return (f"直线（数值为零或负，复合增速无定义）：年均变化 实际 {fmt(r.actual_rate, 3)} ÷ 所需 "
            f"{fmt(r.required_rate, 3)} = {fmt(r.ratio, 3)}")


def compound_path(unit: str | None, growth_target: float | None, base: float | None, target: float) -> bool:
    """Whether a level target's expected path is compound (money and output, or an indicator that also
    has a growth target) rather than straight; never compound when the baseline or target is not positive."""
    if base is not None and (base <= 0 or target <= 0):
        return False
    return grows_by_nature(unit) or growth_target is not None


def assess_level(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                 ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """A level at the target year: actual against the value expected on the path from the baseline."""
    comp = target.comparator or ">="
    t_val = float(target.value or 0.0)
    t_year = target.year or ctx.last_year
    base_year = target.base_year or ctx.base_year
    eval_year = min(ctx.year, t_year)
    found = levels(obs, eval_year, target.unit)
    base = base_level(baseline, found, base_year, target.unit)
    warnings: list[Warning] = []
    compound = compound_path(target.unit, growth_target, base.value if base is not None else None, t_val)
    basis = target_price_basis(target)

    actual: float | None = None
    data_year: int | None = None
    note, derived = "", None
    sources: list[ObservationInput] = []
    method, label = ("expected_compound", "复合增长路径") if compound else ("expected_linear", "直线路径")
    real_used = False
    if basis and base is not None:
        realised = published_or_rates(obs, base.year + 1, eval_year)
        if realised is not None:
            actual = pg.expected_from_growth(base.value, realised.value, eval_year - base.year)
            data_year, real_used, sources = eval_year, True, realised.sources
            derived = f"{fmt(base.value)} × (1+{pct(realised.value)})^{eval_year - base.year} = {fmt(actual)}"
            note = f"按可比价增速推算：{derived}（{realised.label}）"
            label += "，可比价总量由增速推算"
    # the actual comes after the baseline; a target due at (or before) its baseline year is judged on its own year
    after = base.year if base is not None and t_year > base.year else t_year - 100
    nominal_year = latest(found, after, eval_year, ctx.thresholds.max_data_lag)
    if nominal_year is not None:
        v, o = found[nominal_year]
        w = price_basis_warning(target, o)
        if w is not None:
            warnings.append(w)
        sw = scope_warning(target, o)
        if sw is not None:
            warnings.append(sw)
        if not real_used:
            actual, data_year, sources = v, nominal_year, [o]
            note = f"{nominal_year} 年实际值 {fmt(v)}" + ("（现价，与可比价目标不可比，仅供参考）" if w is not None else "")
            if base is not None:
                warnings += series_break_warnings(target.indicator, base.year, nominal_year)
    if actual is None or data_year is None:
        return no_data(target, _why_no_data(target, obs, found, base_year, eval_year, ctx), method, label, warnings)

    if any(o.measure == "level" and o.year is not None and t_year < o.year <= ctx.year for o in obs):
        note += f"（{t_year} 年以后的数据不用于这一目标）"
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method=method, method_label=label, working="",
                          actual=actual, actual_year=data_year, actual_note=note, sources=sources,
                          warnings=warnings, derived=derived)
    if derived is not None:
        ev.actual_text = f"{fmt(actual)}{target.unit or ''}（推算值：{derived}，按可比价增速）"
    ev.series = sorted((y, v) for y, (v, _o) in found.items())
    if real_used:
        ev.inputs["现价实际值"] = {y: v for y, (v, _o) in found.items() if y > base_year}
        ev.series = [(y, v) for y, v in ev.series if y <= base_year] + [(data_year, actual)]
    tol = ctx.thresholds.tolerance(t_val, target.unit, (t_val - base.value) if base is not None else None)
    rule = rule_text(comp, t_val, target.unit, tol)
    ev.met = ev.achieved = pg.meets(comp, actual, t_val, tol, base.value if base is not None else None)
    verdict = "已达到" if ev.met else "未达到"
    due = ctx.year >= t_year
    ev.expected = t_val
    ev.gap = actual - t_val
    if base is None:
        ev.method, ev.method_label = "target_only", "无基期值，只判断是否达到"
        ev.working = f"{note}；目标 {rule}：{verdict}；无基期值，不计进度比"
        ev.path = [(t_year, t_val)]
        return finish(ev, ctx, due=due, intl="" if ev.met else "无基期值，无法计算年均增速比")
    ev.baseline, ev.baseline_year, ev.baseline_source = base.value, base.year, base.source
    if all(y != base.year for y, _v in ev.series):
        ev.series = sorted([*ev.series, (base.year, base.value)])
    ev.inputs.update({"基期值": base.value, "基期年": base.year, "目标值": t_val, "目标年": t_year,
                      "实际值": round(actual, 4), "数据年": data_year})
    head = f"基期 {base.year} 年 {fmt(base.value)}（{base.source}）{base.note}，目标 {t_year} 年 {rule}"
    met_at_base = (pg.within_tolerance(base.value, t_val, tol) if comp in ("~", "=")
                   else pg.meets(comp, base.value, t_val))
    if met_at_base:
        return _maintain(ev, ctx, head, note, verdict, due)
    if t_year <= base.year:
        return _no_path(ev, ctx, head, note, verdict, due, level_sign(comp, target.direction, base.value, t_val))
    ev.expected = (pg.expected_compound if compound else pg.expected_linear)(base.value, base.year, t_val, t_year,
                                                                              data_year)
    ev.gap = actual - ev.expected
    fn = pg.expected_compound if compound else pg.expected_linear
    ev.path = [(y, fn(base.value, base.year, t_val, t_year, y)) for y in range(base.year, t_year + 1)]
    formula = _official_ratio(ev, base, t_val, compound)
    r = pg.intl_ratio(base.value, base.year, actual, data_year, t_val, t_year) if data_year > base.year else None
    if r is not None:
        ev.intl_ratio, ev.intl_method = r.ratio, r.method
    path_word = "复合增长" if compound else "直线"
    ev.working = f"{head}，{path_word}路径 {data_year} 年应达 {fmt(ev.expected)}；{note}：{verdict}目标"
    if formula and ev.ratio is not None:
        ev.working += f"；进度比 {formula} = {fmt(ev.ratio, 3)}"
    return finish(ev, ctx, due=due, intl=intl_text(r) if r is not None else "")


def _official_ratio(ev: TargetEvaluation, base: Base, t_val: float, compound: bool) -> str:
    """Set the official progress ratio and share done; return the ratio's formula."""
    actual, expected, b = ev.actual or 0.0, ev.expected or 0.0, base.value
    if compound and actual > 0 and expected > 0 and not pg.close(expected, b):
        ev.ratio = math.log(actual / b) / math.log(expected / b)
        ev.share_done = math.log(actual / b) / math.log(t_val / b) if t_val != b else None
        return f"ln({fmt(actual)}/{fmt(b)}) / ln({fmt(expected)}/{fmt(b)})"
    if not pg.close(expected, b):
        ev.ratio = (actual - b) / (expected - b)
        ev.share_done = (actual - b) / (t_val - b) if t_val != b else None
        return f"({term(actual)} − {term(b)}) / ({term(expected)} − {term(b)})"
    return ""


def _maintain(ev: TargetEvaluation, ctx: Context, head: str, note: str, verdict: str, due: bool) -> TargetEvaluation:
    """A target met at the baseline already: kept or not, no path."""
    ev.method, ev.method_label = "maintain", "基期已达到，按保持目标判断"
    ev.intl_method = "maintain"
    ev.working = f"{head}：基期已达到，按保持目标判断（不计进度比）；{note}：{verdict}目标"
    if ev.met:
        return finish(ev, ctx, due=due)
    return finish(ev, ctx, due=due, band=IntlBand.AWAY, intl="基期已达到的目标现未达到")


def _no_path(ev: TargetEvaluation, ctx: Context, head: str, note: str, verdict: str, due: bool,
             sign: int) -> TargetEvaluation:
    """A target year not after the base year: no path to be on."""
    ev.method, ev.method_label = "target_only", "目标年不晚于基期年，只判断是否达到"
    ev.working = f"{head}：目标年不晚于基期年，没有应达路径；{note}：{verdict}目标"
    if ev.met:
        return finish(ev, ctx, due=True)
    toward = sign * ((ev.actual or 0.0) - (ev.baseline or 0.0)) >= 0
    band = IntlBand.INSUFFICIENT if toward else IntlBand.AWAY
    why = "所需年均进展无穷大，进展比按 0 计" + ("（朝目标方向）" if toward else "，且背离目标方向")
    return finish(ev, ctx, due=True, band=band, intl=why)


def _why_no_data(target: TargetInput, obs: Sequence[ObservationInput], found: Levels, base_year: int,
                 eval_year: int, ctx: Context) -> str:
    units = sorted({o.unit or "" for o in obs if o.measure == "level" and o.value is not None})
    if units and not found:
        return f"实际值单位（{'、'.join(units)}）不能换算为目标单位（{target.unit}）"
    if found and max(found) < eval_year - ctx.thresholds.max_data_lag:
        return f"最新实际值为 {max(found)} 年，距评估年 {eval_year} 年过远，不作判断"
    return f"缺少 {base_year + 1}-{eval_year} 年的实际值"


# --------------------------------------------------------------------------- without a value

def assess_trend(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                 ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """A target without a value ("持续下降"): the trend of the levels in the desired direction.

    Official: moved the desired way since the baseline -> 基本符合预期 (已完成 at the end), else
    滞后 (未完成). International, as the peers do without a target: the CAGR in the desired
    direction >= 1.5 %/yr 显著进展, >= 0.5 %/yr 适度进展, >= 0 进展不足, < 0 偏离目标 (the straight line
    relative to the base where a value is not positive).
    """
    label = "无目标值，按趋势判断"
    read = trend_sign(target.comparator, target.direction, target.quote)
    if read is None:
        return no_data(target, "目标没有数值，也看不出要求的方向（提高或降低）", "trend", label)
    sign, how = read
    t_year = target.year or ctx.last_year
    base_year = target.base_year or ctx.base_year
    eval_year = min(ctx.year, t_year)
    found = levels(obs, eval_year, target.unit if target.kind == "level" else None)
    unit = target.unit if target.kind == "level" else None
    base = base_level(baseline, found, base_year, unit)
    data_year = latest(found, base.year, eval_year, ctx.thresholds.max_data_lag) if base is not None else None
    if base is None or data_year is None:
        return no_data(target, f"缺少基期值或 {base_year + 1}-{eval_year} 年的实际值", "trend", label)
    actual, o = found[data_year]
    th = ctx.thresholds
    trend = pg.trend_growth(base.value, base.year, actual, data_year, sign)
    moved = sign * (actual - base.value) > 0 and not pg.close(actual, base.value)
    word = "提高" if sign > 0 else "降低"
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="trend", method_label=label, working="",
                          baseline=base.value, baseline_year=base.year, baseline_source=base.source,
                          actual=actual, actual_year=data_year, sources=[o], met=moved,
                          intl_method="trend")
    ev.series = sorted([(y, v) for y, (v, _o) in found.items()])
    ev.working = (f"要求{word}{how}；基期 {base.year} 年 {fmt(base.value)}（{base.source}）{base.note}，"
                  f"{data_year} 年 {fmt(actual)}：{'已' if moved else '未'}{word}")
    if ctx.final:
        status = Status.DONE if moved else Status.NOT_DONE
    else:
        status = Status.ON_TRACK if moved else Status.LAGGING
    if trend is None:
        return finish(ev, ctx, status=status, band=IntlBand.NONE, intl="基期值为零，无法计算趋势")
    g, how_g = trend
    ev.intl_ratio = None
    ev.inputs = {"趋势（%/年）": round(g, 4)}
    words = "年均增速（CAGR）" if how_g == "cagr" else "直线年均变化（相对基期，数值非正）"
    intl = (f"无目标值，按趋势：{words}朝要求方向 {pct(g)}/年（≥ {fmt(th.trend_significant)}% 显著、"
            f"≥ {fmt(th.trend_moderate)}% 适度、≥ {fmt(th.trend_insufficient)} 不足、< 0 偏离）")
    return finish(ev, ctx, status=status, band=trend_band(g, th), intl=intl)
