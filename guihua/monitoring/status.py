"""Statuses in the official vocabulary, the international reading beside them, and their thresholds.

Official (国内规划评估的通行说法):
- before the plan's last year: 提前实现 (the final target is already reached), 快于预期,
  基本符合预期, 滞后;
- at or after the last year: 已完成, 基本完成, 未完成;
- 无数据 when there is nothing to judge by.

They are decided from whether the target is met and the *progress ratio* r = actual progress /
expected progress to date, which each method defines (see guihua.monitoring.progress). A met
floor or ceiling is met whatever the path; a target already met at the base year is a
"maintain" target with no path ratio (met: 提前实现 / 已完成; not met: 滞后 / 未完成).

International (Eurostat SDG monitoring, Statistics Canada, Open SDG sdg-build): 已达目标 first
(the current value meets the target); otherwise the ratio of the actual to the required compound
annual growth rate (CAGR) since the base year, where base, actual and target are positive (the
straight line where CAGR is undefined), in four bands: >= 0.95 显著进展, >= 0.60 适度进展,
>= 0 进展不足, < 0 偏离目标. Without a target value the trend itself is banded: the CAGR in the
desired direction >= 1.5 %/yr, >= 0.5 %/yr, >= 0, < 0.

All thresholds live in ``Thresholds`` (one place, configurable): pass another instance to
change them; the report prints the ones it used. Band edges compare with a relative tolerance
(``edge_tolerance``), so 0.6 computed as 0.5999999999999991 is 0.6.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from enum import StrEnum


class Status(StrEnum):
    AHEAD = "提前实现"
    FASTER = "快于预期"
    ON_TRACK = "基本符合预期"
    LAGGING = "滞后"
    DONE = "已完成"
    BASICALLY_DONE = "基本完成"
    NOT_DONE = "未完成"
    NO_DATA = "无数据"


INTERIM_STATUSES = (Status.AHEAD, Status.FASTER, Status.ON_TRACK, Status.LAGGING, Status.NO_DATA)
FINAL_STATUSES = (Status.DONE, Status.BASICALLY_DONE, Status.NOT_DONE, Status.NO_DATA)
#: statuses a report lists among the lagging indicators
BEHIND = (Status.LAGGING, Status.NOT_DONE)


class IntlBand(StrEnum):
    ACHIEVED = "已达目标"
    SIGNIFICANT = "显著进展"
    MODERATE = "适度进展"
    INSUFFICIENT = "进展不足"
    AWAY = "偏离目标"
    NONE = "无法评估"


INTL_BAND_EN = {
    IntlBand.ACHIEVED: "target achieved",
    IntlBand.SIGNIFICANT: "significant progress",
    IntlBand.MODERATE: "moderate progress",
    IntlBand.INSUFFICIENT: "insufficient progress",
    IntlBand.AWAY: "movement away from target",
    IntlBand.NONE: "not assessable",
}


@dataclass(frozen=True)
class Thresholds:
    """Every threshold the statuses use, in one place.

    faster_ratio: r at or above it before the last year -> 快于预期.
    on_track_ratio: r at or above it (and below faster_ratio) -> 基本符合预期; below -> 滞后.
    basically_done_ratio: at the end, a target not met but with r at or above it -> 基本完成;
        below -> 未完成 (r 0.90: nine tenths of the required progress made).
    approx_points: largest tolerance of a ``~`` (左右) target written in %, ‰ or 个百分点 (points).
    approx_relative: largest tolerance of any other ``~`` target, as a share of the target value.
    approx_change_share: the tolerance of a ``~`` target is this share of the required change
        |target - baseline| (a growth target's required change is its rate), capped by the two
        above; without a baseline (or when nothing is to change) the caps alone apply.
    structure_points: tolerance of each part of a structure target (points of the whole).
    intl_significant / intl_moderate / intl_insufficient: the international bands' lower edges
        (ratio of actual to required annual growth).
    trend_significant / trend_moderate / trend_insufficient: the bands of the trend (compound
        annual growth in the desired direction, %/yr) of a target without a value.
    max_data_lag: a level may be judged on data at most this many years older than the evaluation
        year (statistics lag a year); older values are not used.
    edge_tolerance: relative tolerance of every comparison with a band edge or a target value.
    """

    faster_ratio: float = 1.05
    on_track_ratio: float = 0.90
    basically_done_ratio: float = 0.90
    approx_points: float = 0.5
    approx_relative: float = 0.02
    approx_change_share: float = 0.10
    structure_points: float = 1.0
    intl_significant: float = 0.95
    intl_moderate: float = 0.60
    intl_insufficient: float = 0.0
    trend_significant: float = 1.5
    trend_moderate: float = 0.5
    trend_insufficient: float = 0.0
    max_data_lag: int = 1
    edge_tolerance: float = 1e-9

    def tolerance(self, target: float, unit: str | None, required_change: float | None = None) -> float:
        """Absolute tolerance of a ``~`` target of value ``target`` written in ``unit``.

        The cap is ``approx_points`` for %, ‰ and 个百分点, else ``approx_relative`` of the
        target; when the required change is known and not zero the tolerance is
        ``approx_change_share`` of it, at most the cap. Example: 研发经费投入强度 2.5 % 左右 from
        2.0 %: 0.1 x 0.5 = 0.05 point (the cap 0.5 would have counted the base itself as met).
        """
        cap = self.approx_points if unit in ("%", "‰", "个百分点") else abs(target) * self.approx_relative
        if required_change is None or required_change == 0:
            return cap
        return min(cap, abs(required_change) * self.approx_change_share)

    def at_least(self, value: float, edge: float) -> bool:
        """``value >= edge`` up to the relative edge tolerance (and 1e-12 absolute around zero)."""
        return value >= edge or math.isclose(value, edge, rel_tol=self.edge_tolerance, abs_tol=1e-12)

    def at_most(self, value: float, edge: float) -> bool:
        return value <= edge or math.isclose(value, edge, rel_tol=self.edge_tolerance, abs_tol=1e-12)

    def describe(self) -> dict[str, float]:
        return asdict(self)


DEFAULT_THRESHOLDS = Thresholds()


def official_status(
    *,
    has_data: bool,
    met: bool | None,
    ratio: float | None,
    final: bool,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    due: bool = False,
) -> Status:
    """The official status from whether the final target is met and the progress ratio.

    ``final`` is True at or after the plan's last year. ``met`` says whether the actual value
    already meets the final target; ``ratio`` is the progress ratio to date (None if there is no
    path: a maintain target, a target without a baseline). ``due`` is True when the target's own
    year has passed: not met is then 滞后 before the plan's end whatever the ratio.
    """
    if not has_data or (met is None and ratio is None):
        return Status.NO_DATA
    at_least = thresholds.at_least
    if final:
        if met:
            return Status.DONE
        if ratio is not None and at_least(ratio, thresholds.basically_done_ratio):
            return Status.BASICALLY_DONE
        return Status.NOT_DONE
    if met:
        return Status.AHEAD
    if ratio is None or due:  # judged, not met, and no path to be on: behind
        return Status.LAGGING if met is False else Status.NO_DATA
    if at_least(ratio, thresholds.faster_ratio):
        return Status.FASTER
    if at_least(ratio, thresholds.on_track_ratio):
        return Status.ON_TRACK
    return Status.LAGGING


def intl_band(ratio: float | None, thresholds: Thresholds = DEFAULT_THRESHOLDS, *,
              achieved: bool = False) -> IntlBand:
    """The international band: 已达目标 when ``achieved``, else the ratio of actual to required growth."""
    if achieved:
        return IntlBand.ACHIEVED
    if ratio is None or math.isnan(ratio):
        return IntlBand.NONE
    at_least = thresholds.at_least
    if at_least(ratio, thresholds.intl_significant):
        return IntlBand.SIGNIFICANT
    if at_least(ratio, thresholds.intl_moderate):
        return IntlBand.MODERATE
    if at_least(ratio, thresholds.intl_insufficient):
        return IntlBand.INSUFFICIENT
    return IntlBand.AWAY


def trend_band(growth_pct: float | None, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> IntlBand:
    """The band of a trend without a target value: compound annual growth in the desired direction (%/yr)."""
    if growth_pct is None or math.isnan(growth_pct):
        return IntlBand.NONE
    at_least = thresholds.at_least
    if at_least(growth_pct, thresholds.trend_significant):
        return IntlBand.SIGNIFICANT
    if at_least(growth_pct, thresholds.trend_moderate):
        return IntlBand.MODERATE
    if at_least(growth_pct, thresholds.trend_insufficient):
        return IntlBand.INSUFFICIENT
    return IntlBand.AWAY
