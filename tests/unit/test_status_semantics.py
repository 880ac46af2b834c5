"""The status semantics a planning office signs, one test per case (plan period 2016-2020, base 2015).

Expected values follow from the definitions in docs/architecture.md, worked out in the comments.
"""

from __future__ import annotations

import math

import pytest

from guihua.monitoring import progress as p
from guihua.monitoring.direction import movement
from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetEvaluation, TargetInput
from guihua.monitoring.status import IntlBand, Status, Thresholds, intl_band, official_status, trend_band
from guihua.monitoring.wording import target_text

Obs = ObservationInput


def _one(target: TargetInput, obs: list[ObservationInput], year: int,
         baselines: list[BaselineInput] | None = None) -> TargetEvaluation:
    ev = evaluate(plan_id="p", plan_title="t", targets=[target], baselines=baselines or [], observations=obs,
                  year=year, kind="final" if year >= 2020 else "midterm", base_year=2015, last_year=2020)
    return ev.items[0]


def _level(comparator: str, value: float, unit: str = "%", year: int = 2020, **kw: object) -> TargetInput:
    return TargetInput("t", "指标", "level", comparator, value, unit, year, **kw)  # type: ignore[arg-type]


def _base(value: float, unit: str = "%") -> list[BaselineInput]:
    return [BaselineInput("指标", "level", value, unit, 2015)]


def test_met_floor_is_ahead_midterm_and_done_final_whatever_the_path() -> None:
    # 达到 60% 以上 from 50: 61 in 2017 is far off the straight path (54) but the floor is met
    item = _one(_level(">=", 60), [Obs("指标", "level", 61, "%", 2017)], 2017, _base(50))
    assert (item.status, item.intl_band) == (Status.AHEAD, IntlBand.ACHIEVED)
    item = _one(_level(">=", 60), [Obs("指标", "level", 60, "%", 2020)], 2020, _base(50))
    assert (item.status, item.intl_band) == (Status.DONE, IntlBand.ACHIEVED)


def test_met_ceiling_on_a_reduction_path_is_ahead() -> None:
    # 降至 6% 以下 from 7: 5.9 in 2016 is below the ceiling already
    item = _one(_level("<=", 6), [Obs("指标", "level", 5.9, "%", 2016)], 2016, _base(7))
    assert (item.status, item.intl_band) == (Status.AHEAD, IntlBand.ACHIEVED)


def test_breached_cap_is_lagging_and_away() -> None:
    # 城镇登记失业率控制在 4.5% 以内, base 4.0 (within), 2018 4.6: never ahead of schedule
    item = _one(_level("<=", 4.5), [Obs("指标", "level", 4.6, "%", 2018)], 2018, _base(4.0))
    assert (item.status, item.intl_band) == (Status.LAGGING, IntlBand.AWAY)
    assert item.ratio is None and "保持" in item.working


def test_breached_cap_is_not_done_at_the_end() -> None:
    item = _one(_level("<=", 4.5), [Obs("指标", "level", 4.6, "%", 2020)], 2020, _base(4.0))
    assert (item.status, item.intl_band) == (Status.NOT_DONE, IntlBand.AWAY)


def test_target_met_at_base_is_a_maintain_target() -> None:
    # 森林覆盖率达到 66% 以上, base 67: kept at 67.5 -> achieved, no path ratio; lost at 65.5 -> away
    kept = _one(_level(">=", 66), [Obs("指标", "level", 67.5, "%", 2018)], 2018, _base(67))
    assert (kept.status, kept.intl_band, kept.ratio, kept.method) == (Status.AHEAD, IntlBand.ACHIEVED, None, "maintain")
    lost = _one(_level(">=", 66), [Obs("指标", "level", 65.5, "%", 2018)], 2018, _base(67))
    assert (lost.status, lost.intl_band, lost.ratio) == (Status.LAGGING, IntlBand.AWAY, None)


def test_growth_falls_back_to_first_and_last_levels_unitless() -> None:
    # 年均增长 7.5% 左右 with levels 100 (2015) -> 122 (2018) in 亿元 and no growth rates:
    # (122/100)^(1/3) - 1 = 6.853 %; 6.853 / 7.5 = 0.914 -> 基本符合预期
    t = TargetInput("t", "指标", "growth", "~", 7.5, "%", 2020, direction="increase")
    item = _one(t, [Obs("指标", "level", 100, "亿元", 2015), Obs("指标", "level", 1.22, "百亿元", 2018)], 2018)
    assert item.method == "growth_from_levels"
    assert item.actual == pytest.approx((1.22 ** (1 / 3) - 1) * 100)
    assert item.ratio == pytest.approx(0.9137, abs=1e-4)
    assert item.status is Status.ON_TRACK
    assert item.derived and "122" in item.derived and "计算值" in (item.actual_text or "")


def test_growth_from_levels_uses_the_plan_baseline() -> None:
    # plan baseline 2601.57 亿元 (2015), 2018 level 3200 亿元: ((3200/2601.57)^(1/3) - 1) = 7.14 %
    t = TargetInput("t", "指标", "growth", ">=", 8, "%", 2020, direction="increase")
    item = _one(t, [Obs("指标", "level", 3200, "亿元", 2018)], 2018, [BaselineInput("指标", "level", 2601.57, "亿元", 2015)])
    assert item.actual == pytest.approx(((3200 / 2601.57) ** (1 / 3) - 1) * 100)


def test_le_growth_uses_actual_over_required() -> None:
    # an older record "≤ −3 %" (a fall of at least 3 % a year) against a fall of 2.4 %/yr: 2.4/3 = 0.8
    old = TargetInput("t", "指标", "growth", "<=", -3, "%", 2020)
    item = _one(old, [Obs("指标", "period_growth", -2.4, "%", 2018, period_start=2016)], 2018)
    assert item.ratio == pytest.approx(0.8) and item.intl_ratio == pytest.approx(0.8)
    assert (item.status, item.intl_band) == (Status.LAGGING, IntlBand.MODERATE)
    assert "按负值读作下降" in item.working


def test_recorded_direction_decides_a_fall() -> None:
    # 年均下降 3%: value 3, direction decrease; the quote says nothing of it here
    t = TargetInput("t", "指标", "growth", ">=", 3, "%", 2020, quote="年均 3%", direction="decrease")
    item = _one(t, [Obs("指标", "period_growth", -2.4, "%", 2018, period_start=2016)], 2018)
    assert item.ratio == pytest.approx(0.8) and "未记录增减方向" not in item.working


def test_direction_from_the_quote_only_when_not_recorded_and_said_so() -> None:
    mv = movement(">=", 3, None, "化肥使用量年均下降 3%")
    assert (mv.sign, mv.size, mv.bound) == (-1, 3, "at_least") and "原文用词" in mv.note
    mv = movement(">=", 3, "increase", "化肥使用量年均下降 3%")  # the recorded direction wins
    assert mv.sign == 1 and mv.note == ""
    mv = movement(">=", 5, None, "收入年均增长 5%")
    assert mv.sign == 1 and "读作增长" in mv.note


def test_growth_limit_is_kept_or_exceeded_without_a_path_ratio() -> None:
    # 用水总量年均增长控制在 3% 以内: 2 %/yr kept, 3.5 %/yr exceeded
    t = TargetInput("t", "指标", "growth", "<=", 3, "%", 2020, direction="increase")
    kept = _one(t, [Obs("指标", "period_growth", 2.0, "%", 2018, period_start=2016)], 2018)
    assert (kept.status, kept.intl_band, kept.ratio) == (Status.ON_TRACK, IntlBand.ACHIEVED, None)
    over = _one(t, [Obs("指标", "period_growth", 3.5, "%", 2018, period_start=2016)], 2018)
    assert (over.status, over.intl_band) == (Status.LAGGING, IntlBand.AWAY)


def test_baseline_is_latest_observation_at_or_before_base_year() -> None:
    # statistics 2013, 2014, 2015 and no plan baseline: the baseline is 2015's 54, not 2013's 50
    obs = [Obs("指标", "level", v, "%", y) for y, v in ((2013, 50), (2014, 52), (2015, 54), (2018, 56))]
    item = _one(_level(">=", 60), obs, 2018)
    assert (item.baseline, item.baseline_year, item.baseline_source) == (54, 2015, "统计数据")


def test_plan_baseline_comes_before_statistics() -> None:
    obs = [Obs("指标", "level", 54, "%", 2015), Obs("指标", "level", 56, "%", 2018)]
    item = _one(_level(">=", 60), obs, 2018, _base(53))
    assert (item.baseline, item.baseline_source) == (53, "规划文本")


def test_band_edges_compare_with_relative_tolerance() -> None:
    th = Thresholds()
    below = 0.6 - 9e-16  # 0.6 computed with a rounding error
    assert below < 0.6 and intl_band(below, th) is IntlBand.MODERATE
    assert official_status(has_data=True, met=False, ratio=0.9 - 1e-16, final=False) is Status.ON_TRACK
    assert official_status(has_data=True, met=False, ratio=0.9 - 1e-16, final=True) is Status.BASICALLY_DONE
    # a real shortfall is still below the edge
    assert intl_band(0.5999, th) is IntlBand.INSUFFICIENT
    # the level path: 1.0 -> 1.5 straight, 2018 expected 1.3, actual 1.27: (0.27 / 0.3) = 0.9 by definition
    item = _one(_level(">=", 1.5), [Obs("指标", "level", 1.27, "%", 2018)], 2018, _base(1.0))
    assert item.ratio is not None and item.ratio < 0.9  # the float is 0.8999999999999999
    assert item.status is Status.ON_TRACK


def test_approx_tolerance_is_proportional_to_required_change() -> None:
    th = Thresholds()
    # 研发经费投入强度达到 2.5% 左右 from 2.0: 10 % of the 0.5-point change = 0.05 point
    assert th.tolerance(2.5, "%", 0.5) == pytest.approx(0.05)
    # never more than the cap: a 10-point change allows 0.5 point, not 1
    assert th.tolerance(60, "%", 10) == pytest.approx(0.5)
    # without a baseline the cap alone
    assert th.tolerance(2.5, "%") == pytest.approx(0.5)
    t = _level("~", 2.5)
    at_base = _one(t, [Obs("指标", "level", 2.0, "%", 2018)], 2018, _base(2.0))
    assert at_base.met is False and at_base.status is Status.LAGGING
    near = _one(t, [Obs("指标", "level", 2.46, "%", 2020)], 2020, _base(2.0))
    assert near.status is Status.DONE


def test_structure_judged_per_part_in_its_direction() -> None:
    # 11:45:44 from 15.2:44.6:40.2: the services share (meant to rise) overshooting to 46.5 is met,
    # the primary share (meant to fall) at 9.0 is below its target: every part met
    t = TargetInput("t", "三次产业结构", "structure", "~", 11, "比例", 2020, values=[11, 45, 44])
    base = [BaselineInput("三次产业结构", "structure", None, "比例", 2015, values=[15.2, 44.6, 40.2])]
    ok = _one(t, [Obs("三次产业结构", "structure", None, "比例", 2020, values=[9.0, 44.5, 46.5])], 2020, base)
    assert (ok.status, ok.intl_band) == (Status.DONE, IntlBand.ACHIEVED)
    # a part meant to stay (45) falling to 33 fails the structure
    bad = _one(t, [Obs("三次产业结构", "structure", None, "比例", 2020, values=[12.6, 33.0, 54.4])], 2020, base)
    assert (bad.status, bad.intl_band) == (Status.NOT_DONE, IntlBand.AWAY)


def test_intl_ratio_is_cagr_where_positive_and_straight_line_otherwise() -> None:
    r = p.intl_ratio(100, 2015, 150, 2018, 200, 2020)
    assert r.method == "cagr"
    assert r.ratio == pytest.approx((1.5 ** (1 / 3) - 1) / (2 ** (1 / 5) - 1))
    z = p.intl_ratio(0, 2015, 6, 2018, 10, 2020)  # zero base: CAGR undefined
    assert z.method == "linear" and z.ratio == pytest.approx((6 / 3) / (10 / 5))
    # a share (rates and shares too use CAGR, as the peers do), with the working saying which
    item = _one(_level(">=", 60), [Obs("指标", "level", 56, "%", 2018)], 2018, _base(50))
    assert item.intl_method == "cagr" and "CAGR" in item.working
    assert item.intl_ratio == pytest.approx((1.12 ** (1 / 3) - 1) / (1.2 ** (1 / 5) - 1))


def test_intl_trend_bands_without_a_target_value() -> None:
    assert trend_band(1.5) is IntlBand.SIGNIFICANT and trend_band(1.49) is IntlBand.MODERATE
    assert trend_band(0.5) is IntlBand.MODERATE and trend_band(0.0) is IntlBand.INSUFFICIENT
    assert trend_band(-0.01) is IntlBand.AWAY
    # 化肥使用量持续下降: 100 -> 95 in 3 years: -[(0.95)^(1/3) - 1] = 1.695 %/yr in the desired direction
    t = TargetInput("t", "指标", "level", None, None, "万吨", 2020, quote="化肥使用量持续下降")
    item = _one(t, [Obs("指标", "level", 100, "万吨", 2015), Obs("指标", "level", 95, "万吨", 2018)], 2018)
    assert item.inputs["趋势（%/年）"] == pytest.approx(-(0.95 ** (1 / 3) - 1) * 100, abs=1e-4)
    assert (item.status, item.intl_band) == (Status.ON_TRACK, IntlBand.SIGNIFICANT)


def test_achieved_band_comes_before_the_ratio_bands() -> None:
    assert intl_band(0.1, achieved=True) is IntlBand.ACHIEVED
    assert intl_band(None, achieved=True) is IntlBand.ACHIEVED


def test_reduction_targets_read_as_reductions() -> None:
    assert target_text("change", ">=", 17, unit="%", direction="decrease") == "较基期降低 17%"
    assert target_text("change", ">=", 17, unit="%", quote="单位能耗累计降低17%") == "较基期降低 17%"
    assert target_text("growth", ">=", 3, unit="%", direction="decrease") == "年均下降 3%"
    assert target_text("growth", "<=", -3, unit="%") == "年均下降 3%"
    assert target_text("growth", "<=", 3, unit="%", direction="increase") == "年均增长不超过 3%"
    assert target_text("level", "<=", 4.5, unit="%") == "≤ 4.5%"
    assert target_text("growth", "~", 9, unit="%", direction="increase") == "年均增长 9%左右"
    assert "≥" not in target_text("change", ">=", 15, unit="%", direction="decrease")


def test_derived_comparable_price_level_is_labelled_with_its_formula() -> None:
    # 4000 亿元 at 2015 comparable prices; growth 7.4 %/yr published for 2016-2018: 2601.57 × 1.074^3
    t = _level(">=", 4000, "亿元", context="总量达到 4000 亿元（按 2015 年可比价计算）")
    obs = [Obs("指标", "period_growth", 7.4, "%", 2018, period_start=2016), Obs("指标", "level", 3300, "亿元", 2018)]
    item = _one(t, obs, 2018, [BaselineInput("指标", "level", 2601.57, "亿元", 2015)])
    assert item.actual == pytest.approx(2601.57 * 1.074 ** 3)
    assert item.derived and "2601.57" in item.derived and "^3" in item.derived
    assert item.actual_text and "推算值" in item.actual_text


def test_every_ratio_is_finite_or_none() -> None:
    item = _one(TargetInput("t", "指标", "cumulative", ">=", 10, "个", 2020), [Obs("指标", "cumulative", 3, "个", 2016)],
                2016)
    assert item.ratio is None or math.isfinite(item.ratio)
