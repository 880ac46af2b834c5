"""Comparability warnings, observation naming, unit conversion and per-kind assessment on small inputs."""

from __future__ import annotations

import pytest

from guihua.monitoring.comparability import (
    conflicting_observations,
    plan_conflicts,
    price_basis_warning,
    series_break_warnings,
    target_price_basis,
)
from guihua.monitoring.evaluation import classify_observation, evaluate
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetInput
from guihua.monitoring.sources import chapters_from_outline, chinese_number, domain_at, observation_input
from guihua.monitoring.status import Status
from guihua.monitoring.units import convert, grows_by_nature


def _t(key: str, indicator: str, kind: str, comparator: str | None, value: float | None, unit: str | None,
       year: int = 2020, **kw: object) -> TargetInput:
    return TargetInput(key, indicator, kind, comparator, value, unit, year, **kw)  # type: ignore[arg-type]


def _eval(targets: list[TargetInput], obs: list[ObservationInput], year: int = 2020,
          baselines: list[BaselineInput] | None = None) -> list:
    ev = evaluate(plan_id="p", plan_title="t", targets=targets, baselines=baselines or [], observations=obs,
                  year=year, kind="final" if year >= 2020 else "midterm", base_year=2015, last_year=2020)
    return ev.items


def test_units_convert_within_a_base() -> None:
    assert convert(304.603, "十亿元 (billion yuan)", "亿元") == pytest.approx(3046.03)
    assert convert(3167454, "吨", "万吨") == pytest.approx(316.7454)
    assert convert(5.28, "万元", "元") == pytest.approx(52800)
    assert convert(5.28, "万元", "美元") is None
    assert grows_by_nature("亿元") and not grows_by_nature("%")


def test_classify_observation_names() -> None:
    assert classify_observation("地区生产总值年均增速(十三五)", 2016) == ("地区生产总值", "period_growth")
    assert classify_observation("规模工业增加值增速", None) == ("规模工业增加值", "growth")
    assert classify_observation("贫困村出列(累计)", None) == ("贫困村出列", "cumulative")
    assert classify_observation("人均GDP", None) == ("人均地区生产总值", "level")
    obs = observation_input("三次产业结构", "2020", "12.6:33.0:54.4", "ratio")
    assert obs is not None and obs.measure == "structure" and obs.values == [12.6, 33.0, 54.4]
    assert observation_input("x", "2020", "n/a", "%") is None


def test_price_basis_from_target_words() -> None:
    t = _t("a", "地区生产总值", "level", ">=", 4000, "亿元", context="总量达到 4000 亿元（按 2015 年可比价计算）")
    assert target_price_basis(t) == "comparable:2015"
    nominal = ObservationInput("地区生产总值", "level", 3508.5, "亿元", 2020, price_basis="current")
    w = price_basis_warning(t, nominal)
    assert w is not None and "3508.5" in w.message and "2015 年可比价" in w.message
    # a rate target has no price basis to worry about
    assert price_basis_warning(_t("b", "城镇化率", "level", ">=", 60, "%"), nominal) is None


def test_series_breaks() -> None:
    assert [w.code for w in series_break_warnings("地区生产总值", 2015, 2020)] == ["series_break"]
    assert series_break_warnings("地区生产总值", 2018, 2020) == []
    assert len(series_break_warnings("人均地区生产总值", 2015, 2020)) == 2  # economic census and population census
    assert series_break_warnings("森林覆盖率", 2015, 2020) == []


def test_plan_conflict_needs_two_places() -> None:
    a = _t("a", "规模工业增加值", "growth", ">=", 9.5, "%", section="art:5")
    b = _t("b", "规模工业增加值", "growth", ">=", 8.5, "%", section="ch:6")
    c = _t("c", "规模工业增加值", "growth", ">=", 9.5, "%", section="ch:6")
    w = plan_conflicts([a, b])
    assert len(w) == 1 and "9.5%" in w[0].message and "8.5%" in w[0].message and w[0].target_keys == ["a", "b"]
    assert plan_conflicts([a, c]) == []  # the same value twice is no conflict
    d = _t("d", "线路", "cumulative", ">=", 390, "公里", section="box:9")
    e = _t("e", "线路", "cumulative", ">=", 450, "公里", section="box:9")
    assert plan_conflicts([d, e]) == []


def test_conflicting_observations_after_unit_conversion() -> None:
    same = [ObservationInput("一般公共预算收入", "level", 195.61, "亿元", 2023),
            ObservationInput("一般公共预算收入", "level", 19.561, "十亿元", 2023)]
    assert conflicting_observations(same) == []
    diff = [ObservationInput("森林覆盖率", "level", 45.91, "%", 2015),
            ObservationInput("森林覆盖率", "level", 44.67, "%", 2015)]
    assert len(conflicting_observations(diff)) == 1


def test_growth_from_annual_rates_at_midterm() -> None:
    # 9 % target; 10 %, 8 %, 9 % in 2016-2018: geometric mean 8.997 %, ratio 0.9997 -> 基本符合预期
    obs = [ObservationInput("X", "growth", r, "%", y) for y, r in ((2016, 10), (2017, 8), (2018, 9))]
    (item,) = _eval([_t("g", "X", "growth", ">=", 9, "%")], obs, year=2018)
    assert item.method == "growth_from_annual_rates"
    assert item.actual == pytest.approx(((1.10 * 1.08 * 1.09) ** (1 / 3) - 1) * 100)
    assert item.status is Status.ON_TRACK


def test_inverted_level_target_ahead_and_done() -> None:
    target = _t("u", "失业率", "level", "<=", 6, "%")
    obs = [ObservationInput("失业率", "level", 4.5, "%", 2017)]
    (item,) = _eval([target], obs, year=2017)
    assert item.status is Status.AHEAD  # already within the limit before the last year
    obs = [ObservationInput("失业率", "level", 6.4, "%", 2020)]
    (item,) = _eval([target], obs, baselines=[BaselineInput("失业率", "level", 7.0, "%", 2015)])
    # 7.0 -> 6.4 of a required 7.0 -> 6.0: 60 % of the way, not met -> 未完成
    assert item.ratio == pytest.approx(0.6)
    assert item.status is Status.NOT_DONE


def test_level_compound_path_at_midterm() -> None:
    # 100 -> 200 (亿元) in 2015-2020; 2018 expected 151.57; actual 150: ratio ln1.5/ln1.515717 = 0.405465/0.415888 = 0.9749
    t = _t("v", "产值", "level", ">=", 200, "亿元")
    obs = [ObservationInput("产值", "level", 150, "亿元", 2018)]
    (item,) = _eval([t], obs, year=2018, baselines=[BaselineInput("产值", "level", 100, "亿元", 2015)])
    assert item.expected == pytest.approx(151.5717, abs=1e-4)
    assert item.ratio == pytest.approx(0.9749, abs=1e-4)
    assert item.status is Status.ON_TRACK
    assert item.intl_ratio == pytest.approx(((1.5 ** (1 / 3)) - 1) / ((2 ** 0.2) - 1))


def test_approx_growth_within_tolerance_is_done() -> None:
    obs = [ObservationInput("GDP", "period_growth", 8.6, "%", 2020, period_start=2016)]
    (item,) = _eval([_t("g", "地区生产总值", "growth", "~", 9, "%")], obs)
    assert item.status is Status.DONE
    obs = [ObservationInput("GDP", "period_growth", 7.4, "%", 2020, period_start=2016)]
    (item,) = _eval([_t("g", "地区生产总值", "growth", "~", 9, "%")], obs)
    assert item.status is Status.NOT_DONE


def test_cumulative_from_annual_flows() -> None:
    obs = [ObservationInput("新建学校", "level", n, "所", y) for y, n in ((2016, 6), (2017, 7), (2018, 8))]
    (item,) = _eval([_t("c", "新建学校", "cumulative", ">=", 35, "所")], obs, year=2018)
    assert item.actual == 21 and item.share_done == pytest.approx(0.6)
    assert item.ratio == pytest.approx(1.0)
    assert item.status is Status.ON_TRACK


def test_change_in_points() -> None:
    # 提高 5 个百分点 from 49.2 (2015): 53.61 in 2018 is +4.41 against 3 expected -> 快于预期
    obs = [ObservationInput("城镇化率", "level", 49.2, "%", 2015), ObservationInput("城镇化率", "level", 53.61, "%", 2018)]
    (item,) = _eval([_t("c", "城镇化率", "change", ">=", 5, "个百分点", quote="城镇化率提高 5 个百分点")], obs,
                    year=2018)
    assert item.actual == pytest.approx(4.41)
    assert item.expected == pytest.approx(3.0)
    assert item.status is Status.FASTER


def test_milestone_overdue_with_record_and_without() -> None:
    t = _t("m", "创建文明城市", "milestone", ">=", None, None, year=2017)
    (item,) = _eval([t], [ObservationInput("创建文明城市", "event", 0, None, 2018)], year=2018)
    assert item.status is Status.LAGGING and item.inputs["状态"] == "overdue"
    (item,) = _eval([t], [], year=2018)
    assert item.status is Status.NO_DATA  # no record at all: nothing to judge by
    (item,) = _eval([t], [ObservationInput("创建文明城市", "event", 1, None, 2017, source="文件")], year=2020)
    assert item.status is Status.DONE


def test_chapters_for_domains() -> None:
    from guihua.documents import build_outline, read_text

    raw = "前言\n第一章 总体要求\n正文。\n第十二章 生态文明\n正文二。"
    chapters = chapters_from_outline(build_outline(read_text(raw)).walk())
    assert [c[1] for c in chapters] == ["第一章 总体要求", "第十二章 生态文明"]
    assert domain_at(chapters, raw.index("正文二")) == "第十二章 生态文明"
    assert domain_at(chapters, 0) is None
    assert [chinese_number(n) for n in (1, 10, 12, 20, 35, 100)] == ["一", "十", "十二", "二十", "三十五", "100"]
