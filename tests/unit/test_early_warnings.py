"""预警 rules (guihua.monitoring.warnings) and 考核 timeliness (guihua.monitoring.scorecard), each rule on hand-built
evaluations; the trend projection checked against a hand computation."""

from __future__ import annotations

import pytest

from guihua.monitoring.model import Evaluation, TargetEvaluation, TargetInput
from guihua.monitoring.scorecard import TimelinessRow, scorecard_xlsx, scorecards, timeliness
from guihua.monitoring.status import DEFAULT_THRESHOLDS, Status
from guihua.monitoring.warnings import (
    ProjectLine,
    RoundRow,
    collect,
    project,
    rule_behind,
    rule_breached,
    rule_data_overdue,
    rule_project_late,
    rule_projected_miss,
    trend_weights,
    weighted_trend,
)


def _ev(status: Status, *, key: str = "1", indicator: str = "森林覆盖率", kind: str = "level", comparator: str = ">=",
        value: float = 50.0, unit: str = "%", year: int = 2020, binding: str | None = None,
        method: str = "expected_linear", **kw: object) -> TargetEvaluation:
    t = TargetInput(key=key, indicator=indicator, kind=kind, comparator=comparator, value=value, unit=unit, year=year,
                    binding=binding)
    return TargetEvaluation(target=t, status=status, method=method, method_label="", working="", **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- trend

def test_weights_grow_by_one_each_calendar_year_from_the_earliest() -> None:
    assert trend_weights([2015, 2016, 2017]) == [1.0, 2.0, 3.0]
    assert trend_weights([2015, 2016, 2018]) == [1.0, 2.0, 4.0]  # a missing year keeps its place


def test_weighted_trend_by_hand() -> None:
    pts = [(2015, 100.0), (2016, 104.0), (2017, 106.0)]
    # weights 1, 2, 3: x̄ = (2015 + 4032 + 6051) / 6 = 2016 1/3, ȳ = (100 + 208 + 318) / 6 = 104 1/3
    # Sxy = 1(−4/3)(−13/3) + 2(−1/3)(−1/3) + 3(2/3)(5/3) = 52/9 + 2/9 + 30/9 = 84/9
    # Sxx = 1(16/9) + 2(1/9) + 3(4/9) = 30/9  ->  slope 84/30 = 2.8
    slope, intercept = weighted_trend(pts)
    assert slope == pytest.approx(2.8)
    assert intercept + slope * (2016 + 1 / 3) == pytest.approx(104 + 1 / 3)
    assert project(pts, 2020) == pytest.approx(104 + 1 / 3 + 2.8 * (2020 - 2016 - 1 / 3))  # 114.6
    assert project(pts, 2020) == pytest.approx(114.6)
    # equal weights would give slope 3 and 2020 at 116 5/6: the recent slowdown counts more here
    with pytest.raises(ValueError):
        weighted_trend([(2015, 1.0), (2015, 2.0)])


# --------------------------------------------------------------------------- behind / breached

def test_behind_is_red_for_binding_and_yellow_otherwise() -> None:
    kw = {"actual": 46.0, "actual_year": 2018, "expected": 48.0, "ratio": 1 / 3, "baseline": 45.0}
    red = rule_behind(_ev(Status.LAGGING, binding="约束性", **kw), "市林业局")
    assert red is not None and (red.level, red.kind, red.lead_unit, red.target_id) == ("red", "behind", "市林业局", "1")
    assert "2018 年实际 46%" in red.reason and "应达 48%" in red.reason and "0.333" in red.reason
    yellow = rule_behind(_ev(Status.LAGGING, binding="预期性", **kw), "")
    assert yellow is not None and yellow.level == "yellow"
    assert rule_behind(_ev(Status.NOT_DONE, **kw), "") is not None  # 未完成 at the end is behind too
    for fine in (Status.ON_TRACK, Status.FASTER, Status.AHEAD, Status.NO_DATA, Status.DONE):
        assert rule_behind(_ev(fine, **kw), "") is None


def test_a_cap_is_breached_where_it_applies() -> None:
    kw = {"comparator": "<=", "value": 4.5, "indicator": "城镇登记失业率", "actual": 4.8, "actual_year": 2018,
          "achieved": False}
    kept_at_base = _ev(Status.LAGGING, method="maintain", **kw)
    w = rule_breached(kept_at_base, 2018, "市人社局")
    assert w is not None and (w.level, w.kind) == ("red", "breached") and "4.8%" in w.reason and "4.5%" in w.reason
    # a cap the path is still coming down to is not breached before its year ...
    on_path = _ev(Status.LAGGING, method="expected_linear", **kw)
    assert rule_breached(on_path, 2018, "") is None
    # ... but is from its target year on
    assert rule_breached(on_path, 2020, "") is not None
    assert rule_breached(_ev(Status.ON_TRACK, method="maintain", **{**kw, "achieved": True}), 2018, "") is None
    floor = _ev(Status.LAGGING, method="maintain", **{**kw, "comparator": ">="})
    assert rule_breached(floor, 2018, "") is None
    # a limit on a movement ("增长控制在 3% 以内") exceeded
    limit = _ev(Status.LAGGING, kind="growth", method="growth_from_annual_rates", intl_method="limit",
                **{**kw, "value": 3.0, "actual": 3.6})
    assert rule_breached(limit, 2018, "") is not None


def test_a_breached_cap_is_not_also_listed_as_behind() -> None:
    ev = _ev(Status.LAGGING, method="maintain", comparator="<=", value=4.5, actual=4.8, actual_year=2018,
             achieved=False, binding="约束性")
    found = collect(_evaluation([ev], 2018), {"1": "市人社局"})
    assert [(w.level, w.kind) for w in found] == [("red", "breached")]


# --------------------------------------------------------------------------- projected miss

def test_projected_miss_projects_the_weighted_trend_to_the_target_year() -> None:
    series = [(2015, 100.0), (2016, 104.0), (2017, 106.0)]
    ev = _ev(Status.ON_TRACK, value=120.0, unit="亿元", series=series, baseline=100.0, binding="约束性")
    w = rule_projected_miss(ev, 2017, "市发改委")
    assert w is not None and (w.level, w.kind) == ("red", "projected_miss")
    assert w.projected_value == pytest.approx(114.6)
    assert "114.6亿元" in w.reason and "权重 1、2、3" in w.reason and "2020" in w.reason
    assert w.as_json()["projected_value"] == pytest.approx(114.6)
    # a target the trend reaches: nothing
    assert rule_projected_miss(_ev(Status.ON_TRACK, value=110.0, series=series, baseline=100.0), 2017, "") is None
    # a "less is better" target the rising trend misses
    cap = _ev(Status.ON_TRACK, comparator="<=", value=110.0, series=series, baseline=100.0)
    assert rule_projected_miss(cap, 2017, "") is not None
    # too few observed years, or the target year reached: no projection
    assert rule_projected_miss(_ev(Status.ON_TRACK, value=120.0, series=series[:2], baseline=100.0), 2017, "") is None
    assert rule_projected_miss(_ev(Status.LAGGING, value=120.0, series=series, year=2017), 2017, "") is None
    # values after the evaluation year are not used
    late = _ev(Status.ON_TRACK, value=120.0, series=[*series, (2019, 200.0)], baseline=100.0)
    w = rule_projected_miss(late, 2017, "")
    assert w is not None and w.projected_value == pytest.approx(114.6)


def test_projected_miss_of_an_average_growth_from_the_index() -> None:
    # index of the yearly rates: 2015 = 100, 2016 +8 %, 2017 +7 %
    series = [(2015, 100.0), (2016, 108.0), (2017, 115.56)]
    ev = _ev(Status.LAGGING, kind="growth", indicator="地区生产总值", value=9.0, unit="%",
             method="growth_from_annual_rates", series=series, baseline_year=2015)
    w = rule_projected_miss(ev, 2017, "")
    # weights 1, 2, 3: x̄ = 2016 1/3, ȳ = (100 + 216 + 346.68) / 6 = 110.4467
    xbar, ybar = 2016 + 1 / 3, (100 + 216 + 346.68) / 6
    sxy = 1 * (-4 / 3) * (100 - ybar) + 2 * (-1 / 3) * (108 - ybar) + 3 * (2 / 3) * (115.56 - ybar)
    sxx = 30 / 9
    index = ybar + sxy / sxx * (2020 - xbar)
    g = ((index / 100) ** (1 / 5) - 1) * 100
    assert w is not None and w.projected_value == pytest.approx(g)
    assert g < 9.0
    assert rule_projected_miss(_ev(Status.ON_TRACK, kind="growth", value=5.0, unit="%",
                                   method="growth_from_annual_rates", series=series, baseline_year=2015),
                               2017, "") is None


def test_projected_miss_of_a_change_target_from_its_levels() -> None:
    fall = TargetInput(key="9", indicator="单位地区生产总值能耗", kind="change", comparator=">=", value=17.0, unit="%",
                       year=2020, direction="decrease", binding="约束性")
    ev = TargetEvaluation(target=fall, status=Status.ON_TRACK, method="change_against_base", method_label="",
                          working="")
    slow = [(2015, 100.0), (2016, 98.0), (2017, 97.0)]
    # weights 1, 2, 3: ȳ = (100 + 196 + 291) / 6 = 97.8333, Sxy = −4 2/3, Sxx = 3 1/3: slope −1.4
    # 2020: 97.8333 − 1.4 × 3 2/3 = 92.7, a fall of 7.3 % against 17 %: red (binding)
    w = rule_projected_miss(ev, 2017, "市发改委", levels=slow)
    assert w is not None and (w.level, w.kind) == ("red", "projected_miss")
    assert w.projected_value == pytest.approx(-7.3)
    assert "92.7" in w.reason
    fast = [(2015, 100.0), (2016, 95.0), (2017, 90.0)]  # slope −5: 75 in 2020, a fall of 25 %
    assert rule_projected_miss(ev, 2017, "", levels=fast) is None
    assert rule_projected_miss(ev, 2017, "", levels=slow[:2]) is None
    found = collect(_evaluation([ev], 2017), {}, levels={"9": slow})
    assert [(w.kind, w.target_id) for w in found] == [("projected_miss", "9")]


# --------------------------------------------------------------------------- data and projects

def test_data_overdue_after_the_deadline_for_outstanding_rows_only() -> None:
    row = RoundRow(2019, "2020-03-31", "市统计局", "地区生产总值", "未填报")
    w = rule_data_overdue(row, 2019, "2020-04-01")
    assert w is not None and (w.level, w.kind, w.lead_unit, w.indicator) == ("grey", "data_overdue", "市统计局",
                                                                             "地区生产总值")
    assert "2020-03-31" in w.reason and "未填报" in w.reason
    assert rule_data_overdue(row, 2019, "2020-03-31") is None  # the deadline day itself is still in time
    for state in ("填报中", "已退回"):
        assert rule_data_overdue(RoundRow(2019, "2020-03-31", "市统计局", "x", state), 2019, "2020-04-01")
    for state in ("已提交", "已审定"):
        assert rule_data_overdue(RoundRow(2019, "2020-03-31", "市统计局", "x", state), 2019, "2020-04-01") is None
    assert rule_data_overdue(row, 2020, "2021-01-01") is None  # another year's round
    assert rule_data_overdue(RoundRow(2019, None, "市统计局", "x", "未填报"), 2019, "2021-01-01") is None


def test_project_late_when_its_end_year_has_passed_unbuilt() -> None:
    p = ProjectLine(7, "衡阳综合保税区", 2018, "在建", "市商务局")
    w = rule_project_late(p, 2019)
    assert w is not None and (w.level, w.kind, w.lead_unit) == ("grey", "project_late", "市商务局")
    assert "2018" in w.reason and "在建" in w.reason
    assert rule_project_late(p, 2018) is None
    assert rule_project_late(ProjectLine(7, "x", 2018, "建成", ""), 2019) is None
    assert rule_project_late(ProjectLine(7, "x", None, "规划", ""), 2019) is None


def _evaluation(items: list[TargetEvaluation], year: int) -> Evaluation:
    return Evaluation(plan_id="p", plan_title="测试规划", year=year, kind="annual", base_year=2015, last_year=2020,
                      items=items, warnings=[], thresholds=DEFAULT_THRESHOLDS)


def test_collect_orders_by_level_and_gives_exactly_the_fields() -> None:
    items = [_ev(Status.LAGGING, key="1", binding="预期性", actual=1.0, actual_year=2018),
             _ev(Status.LAGGING, key="2", binding="约束性", actual=1.0, actual_year=2018),
             _ev(Status.LAGGING, key="3", binding="预期性", actual=1.0, actual_year=2018)]  # word for word as 1
    found = collect(_evaluation(items, 2018), {"2": "市林业局"},
                    [RoundRow(2018, "2019-03-31", "市统计局", "x", "未填报")], [ProjectLine(1, "p", 2017, "在建", "")],
                    "2019-05-01")
    assert [(w.level, w.kind, w.target_id) for w in found] == [
        ("red", "behind", "2"), ("yellow", "behind", "1"), ("grey", "data_overdue", ""), ("grey", "project_late", "")]
    assert found[0].lead_unit == "市林业局"
    assert set(found[0].as_json()) == {"level", "kind", "target_id", "indicator", "lead_unit", "reason"}


# --------------------------------------------------------------------------- scorecard

def test_timeliness_of_round_rows() -> None:
    def row(state: str, submitted: str | None, deadline: str | None = "2019-03-31") -> TimelinessRow:
        return TimelinessRow(2018, deadline, "市统计局", "x", state, submitted)

    assert timeliness(row("已审定", "2019-03-31T23:00:00"), "2019-06-01") == "on_time"
    assert timeliness(row("已提交", "2019-04-01T08:00:00"), "2019-06-01") == "late"
    assert timeliness(row("已退回", "2019-03-01T08:00:00"), "2019-06-01") == "overdue"
    assert timeliness(row("未填报", None), "2019-03-31") == "pending"
    assert timeliness(row("填报中", None, None), "2030-01-01") == "pending"


def test_scorecards_per_unit_and_xlsx() -> None:
    items = [_ev(Status.LAGGING, key="1"), _ev(Status.ON_TRACK, key="2"), _ev(Status.LAGGING, key="3"),
             _ev(Status.LAGGING, key="4")]
    rows = [TimelinessRow(2018, "2019-03-31", "市林业局", "a", "已审定", "2019-03-01T00:00:00"),
            TimelinessRow(2018, "2019-03-31", "市林业局", "b", "未填报", None),
            TimelinessRow(2019, "2020-03-31", "市林业局", "c", "未填报", None)]  # a later round: not counted
    projects = [ProjectLine(1, "=HYPERLINK(\"x\")", 2017, "在建", "衡南县"), ProjectLine(2, "q", 2020, "规划", "市林业局")]
    cards = scorecards(_evaluation(items, 2018), {"1": "市林业局", "2": "市林业局", "3": "衡南县"}, rows, projects,
                       "2019-06-01", {"衡南县": "县市区", "市林业局": "部门"})
    by = {c.unit: c for c in cards}
    assert [c.unit for c in cards] == sorted(["市林业局", "衡南县"])
    assert by["市林业局"].statuses == {"基本符合预期": 1, "滞后": 1}
    assert by["市林业局"].timeliness == {"on_time": 1, "late": 0, "overdue": 1, "pending": 0}
    assert by["市林业局"].projects == {"规划": 1} and by["市林业局"].late_projects == []
    assert by["衡南县"].kind == "县市区" and by["衡南县"].late_projects == ["=HYPERLINK(\"x\")"]
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(scorecard_xlsx(cards, "测试规划", 2018)))
    assert wb.sheetnames[0] == "汇总" and set(wb.sheetnames[1:]) == {"市林业局", "衡南县"}
    cells = [c for row in wb["衡南县"].iter_rows() for c in row if c.value == "=HYPERLINK(\"x\")"]
    assert cells and all(c.data_type == "s" for c in cells)  # text, never a formula
