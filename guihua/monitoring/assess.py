"""Assess one target at one evaluation year from its matched observations.

The handler of the target's kind picks the method (functions of guihua.monitoring.progress),
reads its inputs from the observations and writes the working out in Chinese so that a reader
can redo it by hand: levels and targets without a value in guihua.monitoring.levels, growth and
change in guihua.monitoring.rates, totals in guihua.monitoring.totals, structures in
guihua.monitoring.structure, milestones in guihua.monitoring.milestones. Nothing here touches
the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from guihua.monitoring.context import Context, fmt, no_data
from guihua.monitoring.levels import assess_level, assess_trend
from guihua.monitoring.milestones import EVENT_OUTCOMES, assess_milestone, event_value
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput
from guihua.monitoring.rates import assess_change, assess_growth
from guihua.monitoring.structure import assess_structure
from guihua.monitoring.totals import assess_cumulative

__all__ = ["Context", "EVENT_OUTCOMES", "assess", "event_value", "fmt"]

Handler = Callable[[TargetInput, BaselineInput | None, list[ObservationInput], Context, float | None],
                   TargetEvaluation]

_HANDLERS: dict[str, Handler] = {
    "growth": assess_growth,
    "level": assess_level,
    "change": assess_change,
    "cumulative": assess_cumulative,
    "structure": assess_structure,
    "milestone": assess_milestone,
}
#: kinds whose target may be a bare direction ("持续下降"): judged on the trend when they have no value
_TREND_KINDS = ("level", "growth", "change")


def assess(target: TargetInput, baseline: BaselineInput | None, observations: Sequence[ObservationInput],
           ctx: Context, growth_target: float | None = None) -> TargetEvaluation:
    """Evaluate ``target`` at ``ctx.year``; ``growth_target`` is the indicator's growth target, if any."""
    handler = _HANDLERS.get(target.kind)
    if handler is None:
        return no_data(target, f"未知的目标类型 {target.kind!r}")
    if target.kind != "milestone" and target.value is None and target.kind != "structure":
        if target.kind in _TREND_KINDS:
            handler = assess_trend
        else:
            return no_data(target, "目标值缺失，无法评估")
    if target.kind == "structure" and not target.values:
        return no_data(target, "结构目标缺少各项数值，无法评估")
    result = handler(target, baseline, list(observations), ctx, growth_target)
    if target.comparator is None and target.kind not in ("milestone",) and target.value is not None:
        result.working += "（目标未注明比较方向，按规划文本惯例“不低于”理解）"
    return result
