"""Data rounds (填报) in the store, on SQLite and PostgreSQL: opening, the department's to-do list, every
transition of the state machine (guihua.store.rounds_repo docstring), illegal ones refused, department
scope, concurrency, and only approved values becoming observations."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from guihua.errors import ConflictError, InputError
from guihua.store import rounds
from guihua.store.access import AccessDenied
from guihua.store.records import NewObservation
from guihua.store.repository import Store, open_store
from guihua.store.responsibility_repo import department_id
from tests.integration.store_helpers import PLAN, ingest

YEAR = 2018
FOREST = "市林业局"
DRC = "市发改委"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    gdp, forest = _ind(s, "地区生产总值"), _ind(s, "森林覆盖率")
    s.assign("indicator", gdp, DRC, ["市统计局"], user="规划办")
    s.assign("indicator", forest, FOREST, [], user="规划办")
    # an earlier year's value, shown in the to-do list
    s.add_observations(PLAN, [NewObservation(indicator_id=forest, period="2016", year_start=2016, year_end=2016,
                                             measure="level", value=45.1, value_text="45.1", unit="%",
                                             value_converted=45.1, unit_converted="%", source="统计年鉴")],
                       user="录入员")
    yield s
    s.dispose()


def _ind(store: Store, name: str) -> int:
    return next(i.id for i in store.list_indicators(PLAN) if i.name == name)


def _row(store: Store, name: str, year: int = YEAR) -> int:
    return next(r.id for r in store.round_rows(PLAN, year) if r.name == name)


def _opened(store: Store) -> tuple[int, int]:
    store.open_round(PLAN, YEAR, "2019-03-31", user="规划办")
    return _row(store, "地区生产总值"), _row(store, "森林覆盖率")


def test_open_creates_one_row_per_lead_indicator_owed_by_the_lead_unit(store: Store) -> None:
    rnd = store.open_round(PLAN, YEAR, "2019-03-31", user="规划办")
    assert (rnd.year, rnd.deadline, rnd.state, rnd.opened_by) == (YEAR, "2019-03-31", "open", "规划办")
    rows = store.round_rows(PLAN, YEAR)
    # 三次产业结构 has no lead unit: not covered by default
    assert sorted((r.name, r.department, r.unit, r.state) for r in rows) == [
        ("地区生产总值", DRC, "亿元", "未填报"), ("森林覆盖率", FOREST, "%", "未填报")]
    with pytest.raises(InputError, match="已有 2018 年"):
        store.open_round(PLAN, YEAR, None, user="规划办")


def test_open_refuses_chosen_entities_without_a_lead_unit_unless_told_to_skip(store: Store) -> None:
    chosen = [_ind(store, "森林覆盖率"), _ind(store, "三次产业结构")]
    with pytest.raises(InputError, match="没有牵头单位.*三次产业结构"):
        store.open_round(PLAN, YEAR, None, indicator_ids=chosen, user="规划办")
    assert store.list_rounds(PLAN) == []  # nothing written
    store.open_round(PLAN, YEAR, None, indicator_ids=chosen, skip_unassigned=True, user="规划办")
    assert [r.name for r in store.round_rows(PLAN, YEAR)] == ["森林覆盖率"]


def test_open_refuses_bad_deadline_and_year(store: Store) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        store.open_round(PLAN, YEAR, "2019/3/31", user="规划办")
    with pytest.raises(InputError, match="超出规划期"):
        store.open_round(PLAN, 1990, None, user="规划办")


def test_project_rows_carry_progress(store: Store) -> None:
    pid = store.add_project(PLAN, name="城区污水处理厂", user="规划办").id
    store.assign("project", pid, "市住建局", [], user="规划办")
    store.open_round(PLAN, YEAR, None, project_ids=[pid], user="规划办")
    [row] = store.round_rows(PLAN, YEAR)
    assert (row.kind, row.department, row.unit) == ("project", "市住建局", None)
    with pytest.raises(InputError, match="未填报.*不能提交"):
        store.submit_round_rows([row.id], user="住建")
    rounds.fill(store, row.id, progress="主体完工", user="住建", department="市住建局")
    store.submit_round_rows([row.id], user="住建", department="市住建局")
    [done] = rounds.approve(store, [row.id], user="规划办")
    assert (done.state, done.progress, done.observation_id) == ("已审定", "主体完工", None)
    from guihua.store.projects_repo import list_events

    [event] = list_events(store, project_id=pid)
    assert (event.date, event.note, event.evidence, event.import_file, event.created_by) == (
        "2018", "主体完工", "填报：市住建局（2018 年填报轮次）", "round 2018", "规划办")


def test_the_whole_path_and_only_approved_values_become_observations(store: Store) -> None:
    gdp_row, forest_row = _opened(store)
    forest = _ind(store, "森林覆盖率")
    filled = rounds.fill(store, forest_row, value="62.5", note="年报口径", user="林业局张三", department=FOREST)
    assert (filled.state, filled.value, filled.note, filled.updated_by) == ("填报中", 62.5, "年报口径", "林业局张三")
    [sub] = store.submit_round_rows([forest_row], user="林业局张三", department=FOREST)
    assert (sub.state, sub.submitted_by) == ("已提交", "林业局张三")
    # submitted, not approved: pending, not an observation
    assert [r.id for r in store.pending_values(PLAN, YEAR)] == [forest_row]
    assert [o.period for o in store.list_observations(indicator_id=forest)] == ["2016"]
    [back] = store.return_round_rows({forest_row: "请核对口径"}, user="规划办")
    assert (back.state, back.comment, back.decided_by) == ("已退回", "请核对口径", "规划办")
    rounds.fill(store, forest_row, value="62.7", user="林业局张三", department=FOREST)
    store.submit_round_rows([forest_row], user="林业局张三", department=FOREST)
    [ok] = rounds.approve(store, [forest_row], user="规划办李四")
    assert ok.state == "已审定" and ok.observation_id is not None
    obs = store.get_observation(ok.observation_id)
    assert (obs.indicator_id, obs.period, obs.value, obs.unit, obs.source, obs.import_file, obs.created_by) == (
        forest, "2018", 62.7, "%", "填报：市林业局", "round 2018", "规划办李四")
    assert store.pending_values(PLAN, YEAR) == []
    # the other department's row never reached an observation
    assert store.get_round_row(gdp_row).state == "未填报"


def test_every_transition_is_audited_with_old_and_new(store: Store) -> None:
    _, row = _opened(store)
    rounds.fill(store, row, value="60", user="张三", department=FOREST)
    store.submit_round_rows([row], user="张三")
    store.return_round_rows({row: "偏低"}, user="李四")
    trail = [(a.action, a.field, a.old, a.new, a.user) for a in store.audit_log(plan_id=PLAN)
             if a.entity == "round_row" and a.entity_id == str(row)]
    assert ("fill", "state", "未填报", "填报中", "张三") in trail
    assert ("fill", "value", None, 60.0, "张三") in trail
    assert ("submit", "state", "填报中", "已提交", "张三") in trail
    assert ("return", "state", "已提交", "已退回", "李四") in trail
    assert ("return", "comment", None, "偏低", "李四") in trail
    assert any(a.action == "open" and a.entity == "round" for a in store.audit_log(plan_id=PLAN))


@pytest.mark.parametrize("value, reason", [("abc", "数值"), ("", "请填写数值"), ("62.5亿元", "单位"),
                                           ("nan", "不是数字"), ("inf", "不是数字")])
def test_fill_checks_the_value_as_an_import_does(store: Store, value: str, reason: str) -> None:
    _, row = _opened(store)
    with pytest.raises(InputError, match=reason):
        rounds.fill(store, row, value=value, user="张三", department=FOREST)
    assert store.get_round_row(row).state == "未填报"


def test_fill_reads_numbers_as_an_import_does(store: Store) -> None:
    gdp_row, _ = _opened(store)
    r = rounds.fill(store, gdp_row, value="３,１２０.５", user="王五", department=DRC)
    assert (r.value, r.value_text) == (3120.5, "３,１２０.５")


def test_illegal_transitions_are_refused_in_chinese(store: Store) -> None:
    _, row = _opened(store)
    with pytest.raises(InputError, match="未填报.*不能审定"):
        rounds.approve(store, [row], user="规划办")
    with pytest.raises(InputError, match="不能退回"):
        store.return_round_rows({row: "x"}, user="规划办")
    rounds.fill(store, row, value="60", user="张三")
    store.submit_round_rows([row], user="张三")
    with pytest.raises(InputError, match="已提交.*不能填报"):
        rounds.fill(store, row, value="61", user="张三")
    with pytest.raises(InputError, match="不能提交"):
        store.submit_round_rows([row], user="张三")
    with pytest.raises(InputError, match="退回须写明原因"):
        store.return_round_rows({row: "  "}, user="规划办")
    rounds.approve(store, [row], user="规划办")
    for act in (lambda: rounds.fill(store, row, value="1", user="张三"),
                lambda: store.return_round_rows({row: "晚了"}, user="规划办"),
                lambda: rounds.approve(store, [row], user="规划办")):
        with pytest.raises(InputError, match="已审定"):
            act()


def test_submit_is_all_or_nothing_and_refuses_rows_without_a_value(store: Store) -> None:
    gdp_row, forest_row = _opened(store)
    rounds.fill(store, forest_row, value="60", user="张三")
    with pytest.raises(InputError, match="地区生产总值"):
        store.submit_round_rows([forest_row, gdp_row], user="规划办")
    assert store.get_round_row(forest_row).state == "填报中"


def test_a_department_touches_only_its_own_rows(store: Store) -> None:
    gdp_row, forest_row = _opened(store)
    assert [r.name for r in store.todo(PLAN, YEAR, FOREST)] == ["森林覆盖率"]
    with pytest.raises(AccessDenied):
        store.get_round_row(gdp_row, department=FOREST)
    with pytest.raises(AccessDenied):
        rounds.fill(store, gdp_row, value="3000", user="林业局张三", department=FOREST)
    rounds.fill(store, forest_row, value="60", user="张三", department=FOREST)
    with pytest.raises(AccessDenied):
        store.submit_round_rows([forest_row], user="发改委", department=DRC)
    assert store.get_round_row(gdp_row).state == "未填报"


def test_todo_shows_earlier_years_values(store: Store) -> None:
    _opened(store)
    [row] = store.todo(PLAN, YEAR, FOREST)
    assert row.history == (("2016", 45.1, "%"),)


def test_status_counts_by_department_and_lists_overdue(store: Store) -> None:
    _, forest_row = _opened(store)
    rounds.fill(store, forest_row, value="60", user="张三")
    store.submit_round_rows([forest_row], user="张三")
    before = store.round_status(PLAN, YEAR, today=date(2019, 3, 31))
    assert before.overdue == []
    after = store.round_status(PLAN, YEAR, today=date(2019, 4, 1))
    assert after.overdue == [DRC]  # 市林业局 submitted everything
    counts = {d.department: d.counts for d in after.departments}
    assert counts[FOREST]["已提交"] == 1 and counts[DRC]["未填报"] == 1
    assert {r.id: r.state for r in after.rows}[forest_row] == "已提交"


def test_a_closed_round_takes_no_more_fills_but_can_still_be_decided(store: Store) -> None:
    gdp_row, forest_row = _opened(store)
    rounds.fill(store, forest_row, value="60", user="张三")
    store.submit_round_rows([forest_row], user="张三")
    closed = store.close_round(PLAN, YEAR, user="规划办")
    assert (closed.state, closed.closed_by) == ("closed", "规划办")
    with pytest.raises(InputError, match="已关闭"):
        rounds.fill(store, gdp_row, value="3000", user="王五")
    with pytest.raises(InputError, match="已关闭"):
        store.close_round(PLAN, YEAR, user="规划办")
    [ok] = rounds.approve(store, [forest_row], user="规划办")
    assert ok.state == "已审定"


def test_stale_versions_conflict(store: Store) -> None:
    _, row = _opened(store)
    v = store.get_round_row(row).row_version
    rounds.fill(store, row, value="60", user="张三", expected_version=v)
    with pytest.raises(ConflictError):
        rounds.fill(store, row, value="61", user="李四", expected_version=v)


def test_two_approvers_one_wins_the_other_gets_a_conflict(store: Store) -> None:
    _, row = _opened(store)
    rounds.fill(store, row, value="60", user="张三")
    [sub] = store.submit_round_rows([row], user="张三")
    outcomes: list[str] = []
    gate = threading.Barrier(2)

    def approver(name: str) -> None:
        gate.wait()
        try:
            rounds.approve(store, [row], user=name, expected_versions={row: sub.row_version})
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=approver, args=(n,)) for n in ("甲", "乙")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    forest = _ind(store, "森林覆盖率")
    assert [o.period for o in store.list_observations(indicator_id=forest)] == ["2016", "2018"]  # one written


def test_rounds_survive_export_restore_byte_for_byte_with_departments_by_name(new_db: Callable[[], str]) -> None:
    from guihua.store.exchange import export_plan, restore

    s = open_store(new_db())
    try:
        ingest(s)
        s.assign("indicator", _ind(s, "地区生产总值"), DRC, [], user="规划办")
        s.assign("indicator", _ind(s, "森林覆盖率"), FOREST, [], user="规划办")
        gdp_row, forest_row = _opened(s)
        rounds.fill(s, forest_row, value="60", user="张三")
        s.submit_round_rows([forest_row], user="张三")
        rounds.approve(s, [forest_row], user="规划办")
        rounds.fill(s, gdp_row, value="3000", user="王五")
        exported = export_plan(s, PLAN)
    finally:
        s.dispose()
    assert '"round_rows"' in exported and '"department":"市林业局"' in exported.replace(" ", "")
    target = open_store(new_db())
    try:
        with target.atomic() as conn:  # department ids differ from the source database
            department_id(conn, "先有的单位")
        restore(target, exported)
        assert export_plan(target, PLAN) == exported
        assert {r.name: (r.department, r.state) for r in target.round_rows(PLAN, YEAR)} == {
            "地区生产总值": (DRC, "填报中"), "森林覆盖率": (FOREST, "已审定")}
        # the restored round keeps working
        target.submit_round_rows([gdp_row], user="王五", department=DRC)
    finally:
        target.dispose()


def test_default_coverage_includes_projects_with_a_lead_unit(store: Store) -> None:
    led = store.add_project(PLAN, name="城区污水处理厂", user="规划办").id
    store.add_project(PLAN, name="无人牵头的项目", user="规划办")
    store.assign("project", led, "市住建局", [], user="规划办")
    store.open_round(PLAN, YEAR, None, user="规划办")
    assert sorted((r.kind, r.name) for r in store.round_rows(PLAN, YEAR)) == [
        ("indicator", "地区生产总值"), ("indicator", "森林覆盖率"), ("project", "城区污水处理厂")]
