"""Milestone targets judged from recorded events (date, outcome, evidence), worked out by hand.

Plan 2016-2020 (base year 2015, last year 2020); the milestone "创建全国文明城市" is due in 2017.
"""

from __future__ import annotations

from types import SimpleNamespace

from guihua.monitoring.assess import EVENT_OUTCOMES, event_value
from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import ObservationInput, TargetEvaluation, TargetInput
from guihua.monitoring.status import Status
from guihua.monitoring.store_source import milestone_observations

CITY = TargetInput("7", "创建全国文明城市", "milestone", None, None, None, 2017, quote="力争2017年成功创建全国文明城市")


def _event(date: str, outcome: str = "完成", evidence: str = "中央文明委通报", source: str | None = "市文明办",
           target_key: str | None = "7") -> ObservationInput:
    return ObservationInput(CITY.indicator, "event", event_value(outcome), None, int(date[:4]), source=source,
                            note=evidence, date=date, target_key=target_key, key=f"e{date}")


def _one(events: list[ObservationInput], year: int, target: TargetInput = CITY) -> TargetEvaluation:
    ev = evaluate(plan_id="p", plan_title="t", targets=[target], baselines=[], observations=events, year=year,
                  kind="final" if year >= 2020 else "midterm", base_year=2015, last_year=2020)
    (item,) = ev.items
    return item


def test_outcome_words_and_values_round_trip() -> None:
    assert [event_value(w) for w in ("完成", "部分完成", "未完成", "其他")] == [1.0, 0.5, 0.0, None]
    assert all(event_value(w) == v for v, w in EVENT_OUTCOMES.items())


def test_done_early_before_the_last_year_is_ahead_and_shows_date_and_evidence() -> None:
    # done 2016-11-20, due 2017; at 2018 (< 2020) the final state is reached -> 提前实现, 1 year early
    item = _one([_event("2016-11-20", evidence="文明委〔2016〕5号")], 2018)
    assert item.status is Status.AHEAD and item.met is True
    assert item.inputs["状态"] == "done" and item.inputs["完成日期"] == "2016-11-20"
    assert "2016-11-20" in item.working and "文明委〔2016〕5号" in item.working and "市文明办" in item.working
    assert "提前 1 年完成" in item.working
    assert item.sources and item.sources[0].date == "2016-11-20"


def test_done_on_time_at_the_end_is_done() -> None:
    item = _one([_event("2017-11-14")], 2020)
    assert item.status is Status.DONE and "按期完成" in item.working


def test_done_late_is_done_and_says_so() -> None:
    # due 2017, done 2019-03-01: at 2020 it is done, the working says 2 years late
    item = _one([_event("2017-12-01", "部分完成"), _event("2019-03-01")], 2020)
    assert item.status is Status.DONE and "逾期 2 年完成" in item.working and "逾期" in (item.actual_text or "")


def test_overdue_with_a_not_done_record() -> None:
    # due 2017, last record 2018-06-30 says 部分完成: at 2018 -> 滞后; at 2020 -> 未完成
    events = [_event("2017-12-20", "未完成", evidence="复查未通过"), _event("2018-06-30", "部分完成", evidence="进入提名城市")]
    item = _one(events, 2018)
    assert item.status is Status.LAGGING and item.met is False and item.inputs["状态"] == "overdue"
    assert "2018-06-30" in item.working and "部分完成" in item.working and "进入提名城市" in item.working
    assert _one(events, 2020).status is Status.NOT_DONE


def test_overdue_without_any_record_is_no_data() -> None:
    item = _one([], 2018)
    assert item.status is Status.NO_DATA and item.inputs["状态"] == "overdue"


def test_not_yet_due() -> None:
    due_2019 = TargetInput("8", "建成综合交通枢纽", "milestone", None, None, None, 2019)
    # 2017 < 2019: with a progress record -> 基本符合预期, without -> 无数据
    progress = [_event("2017-05-01", "部分完成", evidence="主体工程开工", target_key="8")]
    item = _one(progress, 2017, due_2019)
    assert item.status is Status.ON_TRACK and item.inputs["状态"] == "not_yet_due" and "主体工程开工" in item.working
    assert _one([], 2017, due_2019).status is Status.NO_DATA


def test_events_after_the_evaluation_year_do_not_count() -> None:
    # done in 2019 but evaluated at 2018: not done yet, and the 2019 record is not evidence at 2018
    item = _one([_event("2019-01-10")], 2018)
    assert item.status is Status.NO_DATA and item.inputs["事件数"] == 0


def test_an_event_of_one_target_is_not_given_to_another_of_the_same_name() -> None:
    other = TargetInput("9", CITY.indicator, "milestone", None, None, None, 2017)
    ev = evaluate(plan_id="p", plan_title="t", targets=[CITY, other], baselines=[], year=2020, kind="final",
                  observations=[_event("2017-11-14")], base_year=2015, last_year=2020)
    assert [i.status for i in ev.items] == [Status.DONE, Status.NO_DATA]
    assert not ev.warnings  # a history of events is not a data conflict


def test_stored_events_find_their_target_by_statement_then_by_indicator() -> None:
    statements = {"7": SimpleNamespace(indicator_id=3)}
    events = [
        SimpleNamespace(id=1, statement_id=7, indicator_id=3, event_date="2017-11-14", outcome="完成",
                        evidence="通报", source="文明办"),
        # recorded on the statement of an older document version: found through the indicator
        SimpleNamespace(id=2, statement_id=2, indicator_id=3, event_date="2016-05-01", outcome="部分完成",
                        evidence="提名", source=None),
        SimpleNamespace(id=3, statement_id=99, indicator_id=42, event_date="2016-05-01", outcome="完成",
                        evidence="别的指标", source=None),
    ]
    obs = milestone_observations(events, [CITY], statements)
    assert [(o.target_key, o.value, o.year, o.date, o.note) for o in obs] == [
        ("7", 1.0, 2017, "2017-11-14", "通报"), ("7", 0.5, 2016, "2016-05-01", "提名")]
