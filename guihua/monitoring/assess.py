"""Assess one target at one evaluation year from its matched observations.

One function per target kind picks the method (a function of guihua.monitoring.progress), reads
the inputs from the observations, and writes the working out in Chinese so that a reader can
redo it by hand. Nothing here touches the store.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from guihua.monitoring import progress as pg
from guihua.monitoring.comparability import (
    price_basis_warning,
    scope_warning,
    series_break_warnings,
    target_price_basis,
)
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput, Warning
from guihua.monitoring.status import Status, Thresholds, intl_band, official_status
from guihua.monitoring.units import convert, grows_by_nature

_FALL_WORDS = ("降低", "下降", "减少", "削减", "压减", "缩小", "降")


@dataclass(frozen=True)
class Context:
    year: int  # evaluation year
    base_year: int  # the plan's base year (the year before its first year)
    last_year: int  # the plan's last year
    thresholds: Thresholds

    @property
    def final(self) -> bool:
        return self.year >= self.last_year


def fmt(v: float | None, digits: int = 2) -> str:
    """A number as a report prints it: no trailing zeros, at most ``digits`` decimals."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    s = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def assess(target: TargetInput, baseline: BaselineInput | None, observations: Sequence[ObservationInput],
           ctx: Context, growth_target: float | None = None) -> TargetEvaluation:
    """Evaluate ``target`` at ``ctx.year``; ``growth_target`` is the indicator's growth target, if any."""
    handler: Callable[..., TargetEvaluation] = _HANDLERS.get(target.kind, _unknown)
    if target.kind != "milestone" and target.value is None:
        return _no_data(target, "目标值缺失，无法评估")
    result = handler(target, baseline, list(observations), ctx, growth_target)
    if target.comparator is None and target.kind != "milestone":
        result.working += "（目标未注明方向，按规划文本惯例“不低于”理解）"
    return result


# --------------------------------------------------------------------------- helpers

def _comparator(target: TargetInput) -> str:
    return target.comparator or ">="


def _no_data(target: TargetInput, why: str, method: str = "none", label: str = "无可用数据",
             warnings: list[Warning] | None = None) -> TargetEvaluation:
    return TargetEvaluation(target=target, status=Status.NO_DATA, method=method, method_label=label,
                            working=why, warnings=warnings or [])


def _levels(target: TargetInput, obs: Sequence[ObservationInput], until: int) -> dict[int, tuple[float, ObservationInput]]:
    """Level observations by year (first one of a year wins), converted to the target's unit."""
    out: dict[int, tuple[float, ObservationInput]] = {}
    for o in obs:
        if o.measure != "level" or o.value is None or o.year is None or o.year > until or o.year in out:
            continue
        v = convert(o.value, o.unit, target.unit) if target.unit else o.value
        if v is None:
            continue
        out[o.year] = (v, o)
    return out


def _annual_rates(obs: Sequence[ObservationInput], until: int) -> dict[int, ObservationInput]:
    out: dict[int, ObservationInput] = {}
    for o in obs:
        if o.measure == "growth" and o.value is not None and o.year is not None and o.year <= until:
            out.setdefault(o.year, o)
    return out


def _period_growth(obs: Sequence[ObservationInput], start: int, end: int) -> ObservationInput | None:
    for o in obs:
        if o.measure == "period_growth" and o.value is not None and o.period_start == start and o.year == end:
            return o
    return None


@dataclass
class _Growth:
    value: float
    method: str
    label: str
    working: str
    sources: list[ObservationInput]


def _realised_growth(obs: Sequence[ObservationInput], start: int, end: int) -> _Growth | None:
    """Realised average growth over start..end (start = first year of growth), best method first."""
    n = end - start + 1
    published = _period_growth(obs, start, end)
    if published is not None and published.value is not None:
        g = pg.growth_published(published.value)
        return _Growth(g, "growth_published", "公布的期间年均增速",
                       f"{start}-{end} 年年均增长 {fmt(g)}%（公布数，直接采用）", [published])
    rates = _annual_rates(obs, end)
    years = list(range(start, end + 1))
    if n > 0 and all(y in rates for y in years):
        values = [rates[y].value or 0.0 for y in years]
        g = pg.growth_from_annual_rates(values)
        factors = " × ".join(f"(1+{fmt(v)}%)" for v in values)
        return _Growth(g, "growth_from_annual_rates", "由各年增速几何平均",
                       f"[{factors}]^(1/{n}) − 1 = {fmt(g)}%", [rates[y] for y in years])
    return None


def _finish(ev: TargetEvaluation, ctx: Context, has_data: bool = True) -> TargetEvaluation:
    ev.status = official_status(has_data=has_data, met=ev.met, ratio=ev.ratio, final=ctx.final,
                                thresholds=ctx.thresholds)
    ev.intl_band = intl_band(ev.intl_ratio, ctx.thresholds)
    return ev


# --------------------------------------------------------------------------- growth

def _assess_growth(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                   ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """年均增长 X%: realised average growth against X."""
    comp = _comparator(target)
    g_t = float(target.value or 0.0)
    base_year = target.base_year or ctx.base_year
    end = min(ctx.year, target.year or ctx.last_year)
    realised = _realised_growth(obs, base_year + 1, end)
    warnings: list[Warning] = []
    if realised is None:
        levels = _levels(target, obs, end)
        b = _base_level(target, baseline, levels, base_year)
        if b is not None and end in levels and end > b[1]:
            v_end, o_end = levels[end]
            g = pg.growth_from_levels(b[0], b[1], v_end, end)
            realised = _Growth(g, "growth_from_levels", "由首末年总量推算",
                               f"({fmt(v_end)} / {fmt(b[0])})^(1/{end - b[1]}) − 1 = {fmt(g)}%", [o_end])
            if o_end.price_basis != "comparable":
                warnings.append(Warning("price_basis", "增速由现价总量推算，含价格因素，与可比价增速目标不完全可比。",
                                        target.indicator, [target.key]))
            warnings += series_break_warnings(target.indicator, b[1], end)
    if realised is None:
        return _no_data(target, f"缺少 {base_year + 1}-{end} 年的期间年均增速、各年增速或首末年总量",
                        "growth", "年均增速", warnings)
    g = realised.value
    tol = ctx.thresholds.tolerance(g_t, "%")
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method=realised.method,
                          method_label=realised.label, working="", expected=g_t, actual=g,
                          gap=g - g_t, sources=realised.sources, warnings=warnings,
                          baseline_year=base_year)
    if comp == "<=":
        ev.ratio = 1.0 if g <= g_t else (g_t / g if g > 0 and g_t > 0 else 0.0)
    else:
        ev.ratio = g / g_t if g_t else None
    ev.intl_ratio = ev.ratio
    ev.share_done = ev.ratio
    # an average rate cannot be "reached early": before the last year only the pace counts
    ev.met = pg.meets(comp, g, g_t, tol) if ctx.final else False
    rule = {">=": f"≥ {fmt(g_t)}%", "<=": f"≤ {fmt(g_t)}%"}.get(comp, f"{fmt(g_t)}% ± {fmt(tol)} 个百分点")
    ev.working = (f"{realised.working}；目标 {rule}；实际/目标 = {fmt(g)}/{fmt(g_t)} = {fmt(ev.ratio, 3)}"
                  if ev.ratio is not None else realised.working)
    # charts compare growth as an index (base year = 100): expected at the target rate, actual
    # from the yearly rates where every year is known, and the realised average at the end year
    ev.path = [(y, 100 * (1 + g_t / 100) ** (y - base_year)) for y in range(base_year, (target.year or ctx.last_year) + 1)]
    rates = _annual_rates(obs, ctx.year)
    index, series = 100.0, [(base_year, 100.0)]
    for y in range(base_year + 1, end + 1):
        if y not in rates or rates[y].value is None:
            break
        index *= 1 + (rates[y].value or 0.0) / 100
        series.append((y, index))
    if series[-1][0] < end:
        series.append((end, 100 * (1 + g / 100) ** (end - base_year)))
    ev.series = series
    ev.inputs = {"目标增速": g_t, "实际年均增速": round(g, 4), "期间": f"{base_year + 1}-{end}"}
    return _finish(ev, ctx)


# --------------------------------------------------------------------------- level

def _base_level(target: TargetInput, baseline: BaselineInput | None,
                levels: dict[int, tuple[float, ObservationInput]], base_year: int) -> tuple[float, int, str] | None:
    """(value, year, source) of the baseline: from the plan, else the earliest observation."""
    if baseline is not None and baseline.value is not None and baseline.year is not None:
        v = convert(baseline.value, baseline.unit, target.unit) if target.unit else baseline.value
        if v is not None:
            return v, baseline.year, "规划文本"
    if levels:  # the earliest observation: at or before the base year, or followed by a later one
        y = min(levels)
        if y <= base_year or len(levels) > 1:
            return levels[y][0], y, "统计数据"
    return None


def _assess_level(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                  ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """A level at the target year: actual against the value expected on the path from the baseline."""
    comp = _comparator(target)
    t_val = float(target.value or 0.0)
    t_year = target.year or ctx.last_year
    base_year = target.base_year or ctx.base_year
    eval_year = min(ctx.year, t_year)
    levels = _levels(target, obs, eval_year)
    base = _base_level(target, baseline, levels, base_year)
    warnings: list[Warning] = []
    compound = grows_by_nature(target.unit) or growth_target is not None
    if base is not None and (base[0] <= 0 or t_val <= 0):
        compound = False
    tol = ctx.thresholds.tolerance(t_val, target.unit)
    basis = target_price_basis(target)

    actual: float | None = None
    data_year: int | None = None
    note = ""
    sources: list[ObservationInput] = []
    method, label = ("expected_compound", "复合增长路径") if compound else ("expected_linear", "直线路径")
    real_used = False
    if basis and base is not None:
        realised = _realised_growth(obs, base[1] + 1, eval_year)
        if realised is not None:
            actual = pg.expected_from_growth(base[0], realised.value, eval_year - base[1])
            data_year = eval_year
            real_used = True
            sources = realised.sources
            note = (f"按可比价增速推算：{fmt(base[0])} × (1+{fmt(realised.value)}%)^{eval_year - base[1]}"
                    f" = {fmt(actual)}（{realised.label}）")
            method, label = method, label + "，可比价总量由增速推算"
    later = [y for y in levels if y > (base[1] if base else base_year - 100)
             and y >= eval_year - ctx.thresholds.max_data_lag]
    nominal_year = max(later) if later else None
    if nominal_year is not None:
        v, o = levels[nominal_year]
        w = price_basis_warning(target, o)
        if w is not None:
            warnings.append(w)
        sw = scope_warning(target, o)
        if sw is not None:
            warnings.append(sw)
        if not real_used:
            actual, data_year, sources = v, nominal_year, [o]
            note = f"{nominal_year} 年实际值" + ("（现价，与可比价目标不可比，仅供参考）" if w is not None else "")
            if base is not None:
                warnings += series_break_warnings(target.indicator, base[1], nominal_year)
    if actual is None or data_year is None:
        units = sorted({o.unit or "" for o in obs if o.measure == "level" and o.value is not None})
        if units and not levels:
            why = f"实际值单位（{'、'.join(units)}）不能换算为目标单位（{target.unit}）"
        elif levels and max(levels) < eval_year - ctx.thresholds.max_data_lag:
            why = f"最新实际值为 {max(levels)} 年，距评估年 {eval_year} 年过远，不作判断"
        else:
            why = f"缺少 {base_year + 1}-{eval_year} 年的实际值"
        return _no_data(target, why, method, label, warnings)

    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method=method, method_label=label, working="",
                          actual=actual, actual_note=note, sources=sources, warnings=warnings)
    ev.met = pg.meets(comp, actual, t_val, tol, base[0] if base else None)
    ev.series = sorted((y, v) for y, (v, _o) in levels.items())
    if real_used:
        ev.inputs["现价实际值"] = {y: v for y, (v, _o) in levels.items() if y > base_year}
        ev.series = [(y, v) for y, v in ev.series if y <= base_year] + [(data_year, actual)]
    if base is None:
        ev.expected = t_val
        ev.gap = actual - t_val
        ev.ratio = actual / t_val if comp != "<=" and t_val else (t_val / actual if actual else None)
        ev.working = (f"{note}；无基期值，只能与目标值比较：实际/目标 = {fmt(actual)}/{fmt(t_val)}"
                      f" = {fmt(ev.ratio, 3)}")
        ev.path = [(t_year, t_val)]
        return _finish(ev, ctx)
    b_val, b_year, b_src = base
    ev.baseline, ev.baseline_year, ev.baseline_source = b_val, b_year, b_src
    if all(y != b_year for y, _v in ev.series):
        ev.series = sorted([*ev.series, (b_year, b_val)])
    if t_year <= b_year:
        ev.expected = t_val
    elif compound:
        ev.expected = pg.expected_compound(b_val, b_year, t_val, t_year, data_year)
    else:
        ev.expected = pg.expected_linear(b_val, b_year, t_val, t_year, data_year)
    ev.gap = actual - ev.expected
    path_years = range(b_year, t_year + 1)
    if t_year > b_year:
        fn = pg.expected_compound if compound else pg.expected_linear
        ev.path = [(y, fn(b_val, b_year, t_val, t_year, y)) for y in path_years]
    if compound and actual > 0 and ev.expected > 0 and ev.expected != b_val:
        ev.ratio = math.log(actual / b_val) / math.log(ev.expected / b_val)
        ev.share_done = math.log(actual / b_val) / math.log(t_val / b_val) if t_val != b_val else None
        formula = f"ln({fmt(actual)}/{fmt(b_val)}) / ln({fmt(ev.expected)}/{fmt(b_val)})"
    elif ev.expected != b_val:
        ev.ratio = (actual - b_val) / (ev.expected - b_val)
        ev.share_done = (actual - b_val) / (t_val - b_val) if t_val != b_val else None
        formula = f"({fmt(actual)} − {fmt(b_val)}) / ({fmt(ev.expected)} − {fmt(b_val)})"
    else:
        formula = ""
    if data_year > b_year and t_year > b_year:
        if compound and actual > 0:
            g_a = pg.growth_from_levels(b_val, b_year, actual, data_year)
            g_r = pg.required_growth(b_val, t_val, t_year - b_year)
            ev.intl_ratio = pg.progress_ratio(g_a, g_r)
        else:
            ev.intl_ratio = pg.progress_ratio((actual - b_val) / (data_year - b_year),
                                              (t_val - b_val) / (t_year - b_year))
    path_word = "复合增长" if compound else "直线"
    ev.working = (f"基期 {b_year} 年 {fmt(b_val)}（{b_src}）→ 目标 {t_year} 年 {fmt(t_val)}，"
                  f"{path_word}路径 {data_year} 年应达 {fmt(ev.expected)}；{note}")
    if formula and ev.ratio is not None:
        ev.working += f"；进度比 {formula} = {fmt(ev.ratio, 3)}"
    ev.inputs.update({"基期值": b_val, "基期年": b_year, "目标值": t_val, "目标年": t_year,
                      "实际值": round(actual, 4), "数据年": data_year})
    return _finish(ev, ctx)


# --------------------------------------------------------------------------- change

def _assess_change(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                   ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """提高 X 个百分点 / 累计降低 X% / 翻一番: the change since the base year against X."""
    comp = _comparator(target)
    x = float(target.value or 0.0)
    unit = target.unit or "%"
    mode = "个百分点" if unit == "个百分点" else ("倍" if unit == "倍" else "%")
    falls = mode != "倍" and any(w in (target.quote or "") for w in _FALL_WORDS)
    required = -abs(x) if falls else x
    base_year = target.base_year or ctx.base_year
    t_year = target.year or ctx.last_year
    eval_year = min(ctx.year, t_year)
    level_unit_target = TargetInput(key=target.key, indicator=target.indicator, kind="level", comparator=comp,
                                    value=None, unit=None, year=t_year)
    levels = _levels(level_unit_target, obs, eval_year)
    base = None
    if baseline is not None and baseline.value is not None and baseline.year is not None:
        base = (baseline.value, baseline.year, "规划文本")
    elif base_year in levels:
        base = (levels[base_year][0], base_year, "统计数据")
    later = [y for y in levels if base is not None and y > base[1]]
    if base is None or not later:
        return _no_data(target, f"缺少 {base_year} 年基期值或其后的实际值", "change_against_base", "较基期变化")
    data_year = max(later)
    actual, o = levels[data_year]
    change = pg.change_against_base(base[0], actual, mode)
    t = (data_year - base[1]) / (t_year - base[1]) if t_year > base[1] else 1.0
    if mode == "个百分点":
        req_now = required * t
    elif mode == "倍":
        req_now = required ** t
    else:
        req_now = ((1 + required / 100) ** t - 1) * 100
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="change_against_base",
                          method_label="较基期变化", working="", baseline=base[0], baseline_year=base[1],
                          baseline_source=base[2], expected=req_now, actual=change, gap=change - req_now,
                          sources=[o], actual_note=f"{data_year} 年 {fmt(actual)}，较 {base[1]} 年 {fmt(base[0])}")
    if mode == "倍":
        ev.ratio = math.log(change) / math.log(req_now) if change > 0 and req_now not in (0, 1) else None
        final_ratio = math.log(change) / math.log(required) if change > 0 and required not in (0, 1) else None
    else:
        ev.ratio = pg.progress_ratio(change, req_now)
        final_ratio = pg.progress_ratio(change, required)
    ev.intl_ratio = ev.ratio
    ev.share_done = final_ratio
    if comp == "<=":
        ev.met = change <= required if not falls else change >= required
    elif comp in ("~", "="):
        ev.met = pg.meets("~", change, required, ctx.thresholds.tolerance(required, mode))
    else:
        ev.met = final_ratio is not None and final_ratio >= 1 - 1e-9
    ev.warnings += series_break_warnings(target.indicator, base[1], data_year)
    sw = scope_warning(target, o)
    if sw is not None:
        ev.warnings.append(sw)
    ev.working = (f"{ev.actual_note}：变化 {fmt(change)}{mode}；目标 {fmt(required)}{mode}，"
                  f"{data_year} 年应达 {fmt(req_now)}{mode}；进度比 = {fmt(ev.ratio, 3)}")
    ev.inputs = {"基期值": base[0], "实际值": actual, "数据年": data_year, "目标变化": required}
    return _finish(ev, ctx)


# --------------------------------------------------------------------------- cumulative

def _assess_cumulative(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                       ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """A total over the period: running total against the share of the period elapsed."""
    comp = _comparator(target)
    t_val = float(target.value or 0.0)
    base_year = target.base_year or ctx.base_year
    t_year = target.year or ctx.last_year
    eval_year = min(ctx.year, t_year)
    totals = [o for o in obs if o.measure == "cumulative" and o.value is not None and o.year is not None
              and base_year < o.year <= eval_year]
    warnings: list[Warning] = []
    total: float | None = None
    sources: list[ObservationInput] = []
    how = ""
    if totals:
        o = max(totals, key=lambda x: x.year or 0)
        total = convert(o.value or 0.0, o.unit, target.unit) if target.unit else o.value
        sources, how = [o], f"截至 {o.year} 年累计 {fmt(total)}"
    else:
        annual = _levels(target, obs, eval_year)
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
        return _no_data(target, f"缺少 {base_year + 1}-{eval_year} 年的累计或逐年数据",
                        "cumulative_share", "累计进度（时间过半、任务过半）", warnings)
    share = pg.cumulative_share(total, t_val, base_year, t_year, eval_year)
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="cumulative_share",
                          method_label="累计进度（时间过半、任务过半）", working="", actual=total,
                          expected=t_val * share.elapsed_share, sources=sources, warnings=warnings)
    ev.gap = total - (ev.expected or 0.0)
    ev.share_done = share.done_share
    if comp == "<=":
        ev.met = total <= t_val if ctx.final else False
        ev.ratio = (share.elapsed_share / share.done_share) if share.done_share > 0 else math.inf
    else:
        ev.met = total >= t_val - 1e-9
        ev.ratio = share.ratio
    ev.intl_ratio = ev.ratio if math.isfinite(ev.ratio) else None
    ev.working = (f"{how}；完成 {fmt(share.done_share * 100, 1)}%，时间进度 {fmt(share.elapsed_share * 100, 1)}%"
                  f"（{base_year + 1}-{t_year} 年已过 {eval_year - base_year} 年）；比值 {fmt(share.ratio, 3)}")
    ev.path = [(y, t_val * (y - base_year) / (t_year - base_year)) for y in range(base_year, t_year + 1)]
    ev.series = [(eval_year, total)]
    ev.inputs = {"累计": total, "目标": t_val, "完成比例": share.done_share, "时间进度": share.elapsed_share}
    return _finish(ev, ctx)


# --------------------------------------------------------------------------- structure

def _assess_structure(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                      ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """A structure (11:45:44): each part against the actual parts, within a tolerance in points."""
    values = target.values or []
    eval_year = min(ctx.year, target.year or ctx.last_year)
    cands = [o for o in obs if o.measure == "structure" and o.values and o.year is not None and o.year <= eval_year
             and len(o.values) == len(values)]
    if not values or not cands:
        return _no_data(target, "缺少实际结构数据", "structure_parts", "结构分项比较")
    o = max(cands, key=lambda x: x.year or 0)
    parts = pg.structure_parts(values, o.values or [])
    tol = ctx.thresholds.structure_points
    worst = max(abs(p.gap) for p in parts)
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="structure_parts",
                          method_label="结构分项比较", working="", sources=[o],
                          actual_text=":".join(fmt(v, 1) for v in (o.values or [])),
                          expected_text=":".join(fmt(v, 1) for v in values))
    ev.met = worst <= tol + 1e-9
    if baseline is not None and baseline.values and len(baseline.values) == len(values) and baseline.year:
        d0 = sum(abs(p.gap) for p in pg.structure_parts(values, baseline.values))
        dy = sum(abs(p.gap) for p in parts)
        t_year = target.year or ctx.last_year
        elapsed = (o.year or eval_year) - baseline.year
        if d0 > 0 and t_year > baseline.year and elapsed > 0:
            ev.ratio = ((d0 - dy) / d0) / (elapsed / (t_year - baseline.year))
    gaps = "，".join(f"第 {p.index + 1} 项 {fmt(p.actual, 1)} 对 {fmt(p.target, 1)}（{p.gap:+.1f}）" for p in parts)
    ev.working = f"{o.year} 年 {ev.actual_text} 对目标 {ev.expected_text}：{gaps}；允许偏差 ±{fmt(tol)} 个百分点"
    ev.inputs = {"目标": values, "实际": o.values, "最大偏差": round(worst, 3)}
    ev.gap = worst
    return _finish(ev, ctx)


# --------------------------------------------------------------------------- milestone

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


def _assess_milestone(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
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
        ev.met = True
        ev.status = Status.DONE if ctx.final else Status.AHEAD
        if done_year < due:
            timing = f"提前 {due - done_year} 年完成"
        elif done_year == due:
            timing = "按期完成"
        else:
            timing = f"逾期 {done_year - due} 年完成"
        ev.actual_text = f"{first_done.date or done_year} 完成" + ("（逾期）" if done_year > due else "")
        ev.working = f"到期 {due} 年；{_event_text(first_done)}：{timing}"
    elif state == "not_yet_due":
        # not yet due is on track only when someone has recorded its progress; else nothing to judge by
        ev.status = Status.ON_TRACK if latest is not None else Status.NO_DATA
        ev.actual_text = "未到期"
        ev.working = f"到期 {due} 年，评估年 {ctx.year} 年尚未到期" + (
            f"；最近记录：{_event_text(latest)}" if latest is not None else "，尚无进展记录")
    elif latest is not None:
        ev.met = False
        ev.status = Status.NOT_DONE if ctx.final else Status.LAGGING
        ev.actual_text = "逾期未完成"
        ev.working = f"到期 {due} 年，截至 {ctx.year} 年未完成；最近记录：{_event_text(latest)}"
    else:
        ev.actual_text = "无记录"
        ev.working = f"到期 {due} 年，截至 {ctx.year} 年未录入完成事件（如已完成，请录入完成日期及证明材料）"
    return ev


def _unknown(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
             ctx: Context, growth_target: float | None) -> TargetEvaluation:
    return _no_data(target, f"未知的目标类型 {target.kind!r}")


_HANDLERS: dict[str, Callable[..., TargetEvaluation]] = {
    "growth": _assess_growth,
    "level": _assess_level,
    "change": _assess_change,
    "cumulative": _assess_cumulative,
    "structure": _assess_structure,
    "milestone": _assess_milestone,
}
