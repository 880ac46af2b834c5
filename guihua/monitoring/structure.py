"""Structure targets ("三次产业结构调整为 11∶45∶44"), judged part by part.

Target, baseline and actual parts are normalised to a whole of 100. Each part is meant to move
from its baseline towards its target: a part meant to rise is met once it reaches its target
(less the tolerance ``structure_points``) however far it overshoots, a part meant to fall once
it is at or below its target (plus the tolerance), and a part whose target is within the
tolerance of its baseline is kept when it stays within the tolerance of the target. The
structure is met when every part is. Its progress ratio is that of its slowest part not yet met
(per part: share of the required change made over the share of the period elapsed); the
international ratio likewise, per part actual over required CAGR. Without a baseline the
direction of a part is unknown and each part must be within the tolerance of its target.
"""

from __future__ import annotations

from collections.abc import Sequence

from guihua.monitoring import progress as pg
from guihua.monitoring.context import Context, finish, fmt, no_data
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput
from guihua.monitoring.status import IntlBand, Status

_LABEL = "结构分项比较（按各项应升应降）"


def _normalised(values: Sequence[float]) -> list[float]:
    total = sum(values)
    return [v * 100 / total for v in values]


def _base(target: TargetInput, baseline: BaselineInput | None, cands: list[ObservationInput],
          base_year: int) -> tuple[list[float], int, str] | None:
    n = len(target.values or [])
    if baseline is not None and baseline.values and len(baseline.values) == n and baseline.year:
        return list(baseline.values), baseline.year, "规划文本"
    before = [o for o in cands if (o.year or 0) <= base_year]
    if before:
        o = max(before, key=lambda x: x.year or 0)
        return list(o.values or []), o.year or base_year, "统计数据"
    later = sorted((o for o in cands if (o.year or 0) > base_year), key=lambda x: x.year or 0)
    if len(later) > 1:
        return list(later[0].values or []), later[0].year or base_year, "统计数据"
    return None


def assess_structure(target: TargetInput, baseline: BaselineInput | None, obs: list[ObservationInput],
                     ctx: Context, growth_target: float | None) -> TargetEvaluation:
    """A structure (11:45:44): each part in the direction it is meant to move, within a tolerance in points."""
    values = target.values or []
    t_year = target.year or ctx.last_year
    base_year = target.base_year or ctx.base_year
    eval_year = min(ctx.year, t_year)
    cands = [o for o in obs if o.measure == "structure" and o.values and o.year is not None and o.year <= eval_year
             and len(o.values) == len(values) and sum(o.values) > 0]
    if not values or sum(values) <= 0 or not cands:
        return no_data(target, "缺少实际结构数据", "structure_parts", _LABEL)
    base = _base(target, baseline, cands, base_year)
    later = [o for o in cands if base is None or (o.year or 0) > base[1]]
    if not later:
        return no_data(target, f"缺少基期 {base[1] if base else base_year} 年以后的实际结构数据", "structure_parts",
                       _LABEL)
    o = max(later, key=lambda x: x.year or 0)
    year = o.year or eval_year
    if year < eval_year - ctx.thresholds.max_data_lag:
        return no_data(target, f"最新实际结构数据为 {year} 年，距评估年 {eval_year} 年过远，不作判断",
                       "structure_parts", _LABEL)
    tol = ctx.thresholds.structure_points
    t_parts, a_parts = _normalised(values), _normalised(o.values or [])
    b_parts = _normalised(base[0]) if base is not None and sum(base[0]) > 0 else None
    ev = TargetEvaluation(target=target, status=Status.NO_DATA, method="structure_parts", method_label=_LABEL,
                          working="", sources=[o], actual_year=year,
                          actual_text=":".join(fmt(v, 1) for v in (o.values or [])),
                          expected_text=":".join(fmt(v, 1) for v in values))
    if base is not None:
        ev.baseline_year, ev.baseline_source = base[1], base[2]
    texts, ratios, intl_ratios = [], [], []
    all_met, kept_broken = True, False
    for i, (t, a) in enumerate(zip(t_parts, a_parts, strict=True)):
        b = b_parts[i] if b_parts is not None else None
        move = 0 if b is None or abs(t - b) <= tol else (1 if t > b else -1)
        if move > 0:
            met = a >= t - tol or pg.close(a, t - tol)
        elif move < 0:
            met = a <= t + tol or pg.close(a, t + tol)
        else:
            met = pg.within_tolerance(a, t, tol)
        word = {1: f"应升 {fmt(b, 1)}→{fmt(t, 1)}", -1: f"应降 {fmt(b, 1)}→{fmt(t, 1)}"}.get(
            move, f"应保持 {fmt(t, 1)}" if b is not None else f"目标 {fmt(t, 1)}")
        text = f"第 {i + 1} 项 {word}，实际 {fmt(a, 1)}：{'达到' if met else '未达到'}"
        if not met:
            all_met = False
            if move == 0:
                kept_broken = True
            elif b is not None and base is not None and t_year > base[1] and year > base[1]:
                elapsed = (year - base[1]) / (t_year - base[1])
                r = (a - b) / (t - b) / elapsed
                ratios.append(r)
                ir = pg.intl_ratio(b, base[1], a, year, t, t_year).ratio
                if ir is not None:
                    intl_ratios.append(ir)
                text += f"（进度比 {fmt(r, 3)}）"
        texts.append(text)
    ev.met = ev.achieved = all_met
    if not all_met and not kept_broken and ratios:
        ev.ratio = min(ratios)
        ev.intl_ratio = min(intl_ratios) if intl_ratios else None
        ev.intl_method = "cagr"
    worst = max(abs(a - t) for t, a in zip(t_parts, a_parts, strict=True))
    ev.gap = worst
    base_text = (f"（基期 {base[1]} 年 {':'.join(fmt(v, 1) for v in base[0])}，{base[2]}）" if base is not None
                 else "（无基期结构，各项须在目标允许偏差内）")
    ev.working = (f"{year} 年 {ev.actual_text} 对目标 {ev.expected_text}{base_text}：{'；'.join(texts)}；"
                  f"允许偏差 ±{fmt(tol)} 个百分点")
    if ev.ratio is not None:
        ev.working += f"；结构的进度比取未达到各项中最慢的 {fmt(ev.ratio, 3)}"
    ev.inputs = {"目标": values, "实际": o.values, "最大偏差": round(worst, 3)}
    due = ctx.year >= t_year
    if kept_broken:
        return finish(ev, ctx, due=due, band=IntlBand.AWAY, intl="应保持的分项已偏离")
    intl = f"未达到各项中最慢的年均增速比 {fmt(ev.intl_ratio, 3)}" if ev.intl_ratio is not None else ""
    return finish(ev, ctx, due=due, intl=intl)
