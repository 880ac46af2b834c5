"""Statuses in the official vocabulary, the international reading beside them, and their thresholds.

Official (国内规划评估的通行说法):
- before the plan's last year: 提前实现 (the final target is already reached), 快于预期,
  基本符合预期, 滞后;
- at or after the last year: 已完成, 基本完成, 未完成;
- 无数据 when there is nothing to judge by.

They are decided from the *progress ratio* r = actual progress / expected progress to date,
which each method defines (see guihua.monitoring.progress): for a growth target the realised
average growth over the target growth; for a level on a straight path (actual - base) /
(expected - base); on a compound path the same in logarithms (i.e. in growth terms); for a
cumulative target the share done over the share of the period elapsed (时间过半、任务过半).

International (Eurostat SDG monitoring, Statistics Canada, Open SDG): the ratio of the actual to
the required average growth since the base year, in four bands: >= 0.95 significant progress,
0.60-0.95 moderate progress, 0-0.60 insufficient progress, < 0 movement away from the target.

All thresholds live in ``Thresholds`` (one place, configurable): pass another instance to
change them; the report prints the ones it used.
"""

from __future__ import annotations

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
    SIGNIFICANT = "显著进展"
    MODERATE = "适度进展"
    INSUFFICIENT = "进展不足"
    AWAY = "偏离目标"
    NONE = "无法评估"


INTL_BAND_EN = {
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
    approx_points: tolerance of a ``~`` target written in %, ‰ or 个百分点 (absolute points).
    approx_relative: tolerance of any other ``~`` target, as a share of the target value.
    structure_points: tolerance of each part of a structure target (points of the whole).
    intl_significant / intl_moderate / intl_insufficient: the international bands' lower edges.
    max_data_lag: a level may be judged on data at most this many years older than the evaluation
        year (statistics lag a year); older values are not used.
    """

    faster_ratio: float = 1.05
    on_track_ratio: float = 0.90
    basically_done_ratio: float = 0.90
    approx_points: float = 0.5
    approx_relative: float = 0.02
    structure_points: float = 1.0
    intl_significant: float = 0.95
    intl_moderate: float = 0.60
    intl_insufficient: float = 0.0
    max_data_lag: int = 1

    def tolerance(self, target: float, unit: str | None) -> float:
        """Absolute tolerance of a ``~`` target of value ``target`` written in ``unit``."""
        if unit in ("%", "‰", "个百分点"):
            return self.approx_points
        return abs(target) * self.approx_relative

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
) -> Status:
    """The official status from whether the final target is met and the progress ratio.

    ``final`` is True at or after the plan's last year. ``met`` says whether the actual value
    already meets the final target; ``ratio`` is the progress ratio to date (None if unknown).
    """
    if not has_data or (met is None and ratio is None):
        return Status.NO_DATA
    if final:
        if met:
            return Status.DONE
        if ratio is not None and ratio >= thresholds.basically_done_ratio:
            return Status.BASICALLY_DONE
        return Status.NOT_DONE
    if met:
        return Status.AHEAD
    if ratio is None:  # judged, not met, and no measure of the pace: behind
        return Status.LAGGING if met is False else Status.NO_DATA
    if ratio >= thresholds.faster_ratio:
        return Status.FASTER
    if ratio >= thresholds.on_track_ratio:
        return Status.ON_TRACK
    return Status.LAGGING


def intl_band(ratio: float | None, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> IntlBand:
    """The international band of the ratio of actual to required growth."""
    if ratio is None:
        return IntlBand.NONE
    if ratio >= thresholds.intl_significant:
        return IntlBand.SIGNIFICANT
    if ratio >= thresholds.intl_moderate:
        return IntlBand.MODERATE
    if ratio >= thresholds.intl_insufficient:
        return IntlBand.INSUFFICIENT
    return IntlBand.AWAY
