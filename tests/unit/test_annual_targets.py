"""年度目标 proposed from the expected path and the annual judgement (guihua.monitoring.annual); expected values
computed by hand from the definitions in the module docstring."""

from __future__ import annotations

import math

import pytest

from guihua.monitoring.annual import StoredAnnual, judge_year, propose
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetInput
from guihua.monitoring.status import Status


def _t(key: str, indicator: str, kind: str, value: float, unit: str, comparator: str = ">=", year: int = 2020,
       direction: str | None = None) -> TargetInput:
    return TargetInput(key=key, indicator=indicator, kind=kind, comparator=comparator, value=value, unit=unit,
                       year=year, direction=direction)


GDP = _t("1", "地区生产总值", "level", 4000.0, "亿元")
GDP_BASE = BaselineInput("地区生产总值", "level", 2601.57, "亿元", 2015)


def _by_year(targets: list[TargetInput], baselines: list[BaselineInput],
             obs: list[ObservationInput] | None = None) -> dict[tuple[int, int], tuple[float, str | None, str]]:
    return {(p.statement_id, p.year): (p.value, p.unit, p.method)
            for p in propose(targets, baselines, obs or [], 2016, 2020)}


def test_money_level_follows_the_compound_path_from_the_baseline() -> None:
    got = _by_year([GDP], [GDP_BASE])
    assert sorted(y for _, y in got) == [2016, 2017, 2018, 2019, 2020]
    for k in range(1, 6):
        value, unit, method = got[(1, 2015 + k)]
        assert value == pytest.approx(2601.57 * (4000 / 2601.57) ** (k / 5))
        assert (unit, method) == ("亿元", "compound")
    assert got[(1, 2016)][0] == pytest.approx(2835.31, abs=0.01)
    assert got[(1, 2020)][0] == pytest.approx(4000)


def test_share_level_follows_the_straight_path_and_a_baseline_may_come_from_the_data() -> None:
    forest = _t("2", "森林覆盖率", "level", 50.0, "%")
    obs = [ObservationInput("森林覆盖率", "level", 45.0, "%", year=2015)]
    got = _by_year([forest], [], obs)
    assert [got[(2, y)] for y in range(2016, 2021)] == [(46.0, "%", "linear"), (47.0, "%", "linear"),
                                                         (48.0, "%", "linear"), (49.0, "%", "linear"),
                                                         (50.0, "%", "linear")]


def test_a_level_without_baseline_has_no_annual_targets_and_a_target_year_ends_them() -> None:
    assert _by_year([_t("3", "出栏生猪", "level", 1000.0, "万头")], []) == {}
    early = _t("4", "地区生产总值", "level", 3200.0, "亿元", year=2018)
    got = _by_year([early], [GDP_BASE])
    assert sorted(y for _, y in got) == [2016, 2017, 2018]
    assert got[(4, 2017)][0] == pytest.approx(2601.57 * (3200 / 2601.57) ** (2 / 3))


def test_growth_is_the_same_signed_rate_every_year() -> None:
    got = _by_year([_t("5", "地区生产总值", "growth", 9.0, "%", comparator="~"),
                    _t("6", "单位能耗", "growth", 3.0, "%", direction="decrease")], [])
    assert {got[(5, y)] for y in range(2016, 2021)} == {(9.0, "%", "compound")}
    assert {got[(6, y)] for y in range(2016, 2021)} == {(-3.0, "%", "compound")}


def test_change_targets_require_their_change_to_date() -> None:
    points = _t("7", "城镇化率", "change", 5.0, "个百分点")
    fall = _t("8", "单位地区生产总值综合能源消耗", "change", 17.0, "%", direction="decrease")
    double = _t("9", "居民收入", "change", 2.0, "倍")
    got = _by_year([points, fall, double], [])
    assert [got[(7, y)][0] for y in range(2016, 2021)] == pytest.approx([1.0, 2.0, 3.0, 4.0, 5.0])
    assert got[(7, 2016)][2] == "linear"
    # 累计降低 17%: (0.83 ** (k/5) − 1) × 100; k = 3: −10.577
    assert got[(8, 2018)] == (pytest.approx((0.83 ** 0.6 - 1) * 100), "%", "compound")
    assert got[(8, 2018)][0] == pytest.approx(-10.577, abs=1e-3)
    assert got[(8, 2020)][0] == pytest.approx(-17.0)
    # 翻一番: 2 ** (k/5)
    assert got[(9, 2019)] == (pytest.approx(2 ** 0.8), "倍", "compound")


def _judge(targets: list[TargetInput], baselines: list[BaselineInput], obs: list[ObservationInput],
           annual: dict[tuple[str, int], StoredAnnual], year: int) -> dict[str, object]:
    return {j.target_id: j for j in judge_year(targets, baselines, obs, annual, year, 2016, 2020)}


def test_a_level_is_judged_on_its_own_year_against_the_annual_target() -> None:
    at = 2601.57 * (4000 / 2601.57) ** (3 / 5)
    obs = [ObservationInput("地区生产总值", "level", 3200.0, "亿元", year=2018)]
    j = _judge([GDP], [GDP_BASE], obs, {("1", 2018): StoredAnnual(at, "亿元", "compound")}, 2018)["1"]
    ratio = math.log(3200 / 2601.57) / math.log(at / 2601.57)  # 0.802: below 0.90 -> 滞后
    assert j.ratio == pytest.approx(ratio)
    assert j.status == Status.LAGGING
    assert j.annual_target == pytest.approx(at) and j.actual == 3200.0 and j.gap == pytest.approx(3200 - at)
    # 规划办 lowered the year's target by hand: the same value is now on track (straight ratio for manual)
    j = _judge([GDP], [GDP_BASE], obs, {("1", 2018): StoredAnnual(3250.0, "亿元", "manual")}, 2018)["1"]
    assert j.ratio == pytest.approx((3200 - 2601.57) / (3250 - 2601.57))  # 0.923
    assert j.status == Status.ON_TRACK
    # no value of 2018 itself: no data (the annual judgement does not borrow another year)
    j = _judge([GDP], [GDP_BASE], [ObservationInput("地区生产总值", "level", 3000.0, "亿元", year=2017)],
               {("1", 2018): StoredAnnual(at, "亿元", "compound")}, 2018)["1"]
    assert j.status == Status.NO_DATA and j.actual is None


def test_growth_is_judged_on_the_years_rate() -> None:
    g = _t("5", "地区生产总值", "growth", 9.0, "%")
    obs = [ObservationInput("地区生产总值", "growth", 8.55, "%", year=2017)]
    j = _judge([g], [], obs, {("5", 2017): StoredAnnual(9.0, "%", "compound")}, 2017)["5"]
    assert j.ratio == pytest.approx(8.55 / 9.0)  # 0.95 -> 基本符合预期
    assert j.status == Status.ON_TRACK
    assert j.gap == pytest.approx(-0.45)
    missing = _judge([g], [], obs, {}, 2017)["5"]
    assert missing.status == Status.NO_DATA and missing.annual_target is None


def test_change_and_limit_targets_are_judged_on_the_year() -> None:
    points = _t("7", "城镇化率", "change", 5.0, "个百分点")
    base = BaselineInput("城镇化率", "level", 50.0, "%", 2015)
    obs = [ObservationInput("城镇化率", "level", 52.4, "%", year=2018)]
    j = _judge([points], [base], obs, {("7", 2018): StoredAnnual(3.0, "个百分点", "linear")}, 2018)["7"]
    # change 52.4 − 50 = 2.4 points against 3 required by 2018: ratio 0.8 -> 滞后
    assert j.actual == pytest.approx(2.4) and j.ratio == pytest.approx(0.8) and j.status == Status.LAGGING
    cap = _t("8", "能源消费总量", "growth", 3.0, "%", comparator="<=")
    annual = {("8", 2018): StoredAnnual(3.0, "%", "compound")}
    over = _judge([cap], [], [ObservationInput("能源消费总量", "growth", 3.5, "%", year=2018)], annual, 2018)["8"]
    kept = _judge([cap], [], [ObservationInput("能源消费总量", "growth", 2.9, "%", year=2018)], annual, 2018)["8"]
    assert (over.status, kept.status) == (Status.LAGGING, Status.ON_TRACK)
    assert over.ratio is None and "超过限值" in over.working
