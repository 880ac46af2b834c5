"""Progress methods and statuses on cases worked out by hand from the definitions."""

from __future__ import annotations

import pytest

from guihua.monitoring import progress as p
from guihua.monitoring.status import IntlBand, Status, Thresholds, intl_band, official_status


def test_linear_path() -> None:
    # 50 % in 2015 -> 60 % in 2020: 2 points a year, so 56 % in 2018
    assert p.expected_linear(50, 2015, 60, 2020, 2018) == pytest.approx(56.0)


def test_compound_path() -> None:
    # 100 -> 200 over 5 years: at year 3, 100 * 2 ** 0.6 = 151.5717
    assert p.expected_compound(100, 2015, 200, 2020, 2018) == pytest.approx(151.5717, abs=1e-4)
    # ends at the target, starts at the baseline
    assert p.expected_compound(100, 2015, 200, 2020, 2020) == pytest.approx(200)
    assert p.expected_compound(100, 2015, 200, 2020, 2015) == pytest.approx(100)


def test_compound_path_rejects_non_positive() -> None:
    with pytest.raises(ValueError):
        p.expected_compound(0, 2015, 200, 2020, 2018)


def test_expected_from_growth_and_required_growth() -> None:
    # 1.09 ** 5 = 1.538624, * 2601.57 = 4002.84
    assert p.expected_from_growth(2601.57, 9, 5) == pytest.approx(4002.84, abs=0.01)
    # 100 -> 121 in 2 years: 10 %
    assert p.required_growth(100, 121, 2) == pytest.approx(10.0)


def test_growth_from_annual_rates_is_geometric() -> None:
    # 10 % then 0 %: sqrt(1.10) - 1 = 4.8809 %, not the arithmetic 5 %
    assert p.growth_from_annual_rates([10, 0]) == pytest.approx(4.8809, abs=1e-4)
    # a constant rate averages to itself
    assert p.growth_from_annual_rates([7.4] * 5) == pytest.approx(7.4)


def test_growth_from_levels() -> None:
    assert p.growth_from_levels(100, 2015, 121, 2017) == pytest.approx(10.0)
    with pytest.raises(ValueError):
        p.growth_from_levels(100, 2017, 121, 2017)


def test_growth_published_taken_as_is() -> None:
    assert p.growth_published(7.4) == 7.4


def test_change_against_base() -> None:
    assert p.change_against_base(49.2, 54.93, "个百分点") == pytest.approx(5.73)
    assert p.change_against_base(100, 77, "%") == pytest.approx(-23.0)
    assert p.change_against_base(100, 200, "倍") == pytest.approx(2.0)


def test_cumulative_share_time_half_task_half() -> None:
    # 20 of 35 schools by 2018 in 2016-2020: 57.14 % done, 60 % of the time elapsed
    share = p.cumulative_share(20, 35, 2015, 2020, 2018)
    assert share.done_share == pytest.approx(20 / 35)
    assert share.elapsed_share == pytest.approx(0.6)
    assert share.ratio == pytest.approx((20 / 35) / 0.6)
    # with the thresholds' defaults 0.952 is 基本符合预期, not 滞后
    status = official_status(has_data=True, met=False, ratio=share.ratio, final=False)
    assert status is Status.ON_TRACK


def test_structure_parts_normalised() -> None:
    parts = p.structure_parts([11, 45, 44], [12.6, 33.0, 54.4])
    assert [round(x.gap, 1) for x in parts] == [1.6, -12.0, 10.4]
    # parts summing to other than 100 are normalised: 1:1 vs 30:70
    parts = p.structure_parts([1, 1], [30, 70])
    assert [x.gap for x in parts] == pytest.approx([-20.0, 20.0])


def test_milestone_overdue_done_not_yet_due() -> None:
    assert p.milestone_state(2017, None, 2016) == "not_yet_due"
    assert p.milestone_state(2017, None, 2017) == "overdue"
    assert p.milestone_state(2017, None, 2020) == "overdue"
    assert p.milestone_state(2017, 2017, 2020) == "done"
    # an event recorded after the evaluation year does not count yet
    assert p.milestone_state(2017, 2019, 2018) == "overdue"


def test_inverted_target() -> None:
    # 控制在 6% 以内: 5.5 meets it, 6.5 does not
    assert p.meets("<=", 5.5, 6.0)
    assert not p.meets("<=", 6.5, 6.0)
    assert p.direction_sign("<=") == -1
    # a required fall of 2 points and an actual fall of 1 point: ratio +0.5 (positive)
    assert p.progress_ratio(-1.0, -2.0) == pytest.approx(0.5)
    # rising instead: negative ratio, the international reading says movement away
    assert intl_band(p.progress_ratio(+1.0, -2.0)) is IntlBand.AWAY


def test_approximate_target_tolerance() -> None:
    th = Thresholds()
    tol = th.tolerance(9, "%")  # 0.5 point for rates
    assert tol == 0.5
    assert p.meets("~", 8.6, 9, tol)  # within 9 ± 0.5
    assert not p.meets("~", 8.4, 9, tol)
    assert p.meets("~", 10.0, 9, tol)  # beyond it on the side the target moves to
    # a `~` target that falls from its baseline (降至 20 左右 from 30): 22 is not met, 18 is
    assert not p.meets("~", 22, 20, th.tolerance(20, "万吨"), base=30)
    assert p.meets("~", 18, 20, th.tolerance(20, "万吨"), base=30)
    # relative tolerance for other units: 2 % of 4000 = 80
    assert th.tolerance(4000, "亿元") == pytest.approx(80)


def test_direction_is_never_defaulted() -> None:
    with pytest.raises(ValueError):
        p.direction_sign(None)


def test_official_statuses_interim_and_final() -> None:
    th = Thresholds()
    assert official_status(has_data=True, met=True, ratio=1.3, final=False) is Status.AHEAD
    assert official_status(has_data=True, met=False, ratio=1.10, final=False) is Status.FASTER
    assert official_status(has_data=True, met=False, ratio=0.92, final=False) is Status.ON_TRACK
    assert official_status(has_data=True, met=False, ratio=0.5, final=False) is Status.LAGGING
    assert official_status(has_data=True, met=True, ratio=1.0, final=True) is Status.DONE
    assert official_status(has_data=True, met=False, ratio=0.93, final=True) is Status.BASICALLY_DONE
    # 7.4 % against 9 %: ratio 0.822 -> 未完成
    assert official_status(has_data=True, met=False, ratio=7.4 / 9, final=True, thresholds=th) is Status.NOT_DONE
    assert official_status(has_data=False, met=None, ratio=None, final=True) is Status.NO_DATA


def test_thresholds_are_configurable() -> None:
    loose = Thresholds(basically_done_ratio=0.8)
    assert official_status(has_data=True, met=False, ratio=7.4 / 9, final=True, thresholds=loose) is (
        Status.BASICALLY_DONE
    )


def test_intl_bands() -> None:
    assert intl_band(0.95) is IntlBand.SIGNIFICANT
    assert intl_band(0.94) is IntlBand.MODERATE
    assert intl_band(0.60) is IntlBand.MODERATE
    assert intl_band(0.1) is IntlBand.INSUFFICIENT
    assert intl_band(-0.1) is IntlBand.AWAY
    assert intl_band(None) is IntlBand.NONE
