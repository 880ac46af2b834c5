"""年度目标 in the store (guihua.store.annual_targets_repo), the round rows read for 预警 and 考核
(guihua.store.round_status_repo), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import insert

from guihua.errors import ConflictError, InputError
from guihua.monitoring.annual_source import annual_rows, propose_for_plan
from guihua.monitoring.warnings_source import plan_scorecards, plan_warnings
from guihua.store import schema as t
from guihua.store.exchange import export_plan, restore
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, ingest


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _target(store: Store, indicator: str, kind: str) -> int:
    return next(s.id for s in store.list_statements(PLAN, type="target") if s.indicator == indicator and s.kind == kind)


def test_proposal_from_the_expected_path_and_manual_values_are_kept(store: Store) -> None:
    gdp = _target(store, "地区生产总值", "level")
    growth = _target(store, "地区生产总值", "growth")
    assert propose_for_plan(store, PLAN, user="规划办") == 10  # GDP level and growth, 2016-2020; 森林覆盖率 has no baseline
    rows = {(a.statement_id, a.year): a for a in store.list_annual_targets(PLAN)}
    assert rows[(gdp, 2016)].value == pytest.approx(2601.57 * (4000 / 2601.57) ** (1 / 5))
    assert rows[(gdp, 2018)].method == "compound" and rows[(gdp, 2018)].unit == "亿元"
    assert {rows[(growth, y)].value for y in range(2016, 2021)} == {9.0}
    assert [a.year for a in store.list_annual_targets(PLAN, year=2018)] == [2018, 2018]
    assert propose_for_plan(store, PLAN, user="规划办") == 0  # nothing changed: nothing written

    cell = rows[(gdp, 2018)]
    edited = store.set_annual_target(cell.id, 3300.0, user="王芳", expected_version=cell.row_version)
    assert (edited.value, edited.method, edited.updated_by, edited.row_version) == (3300.0, "manual", "王芳", 2)
    log = [(a.field, a.old, a.new) for a in store.audit_log(plan_id=PLAN) if a.entity == "annual_target"
           and a.entity_id == str(cell.id) and a.action == "update"]
    assert ("value", cell.value, 3300.0) in log and ("method", "compound", "manual") in log
    with pytest.raises(ConflictError):
        store.set_annual_target(cell.id, 3400.0, user="李明", expected_version=cell.row_version)
    with pytest.raises(InputError):
        store.set_annual_target(cell.id, float("nan"), user="李明")
    with pytest.raises(InputError):
        store.set_annual_target(999999, 1.0, user="李明")
    assert propose_for_plan(store, PLAN, user="规划办") == 0
    assert store.get_annual_target(cell.id).value == 3300.0  # a manual value is never overwritten

    years, table = annual_rows(store, PLAN)
    assert years == [2016, 2017, 2018, 2019, 2020]
    forest = next(r for r in table if r.indicator == "森林覆盖率")
    assert forest.cells == {}


def test_annual_targets_travel_with_the_plan_export(store: Store, db_url: str, new_db: object) -> None:
    propose_for_plan(store, PLAN, user="规划办")
    exported = export_plan(store, PLAN)
    assert '"annual_targets"' in exported
    other = open_store(new_db())  # type: ignore[operator]
    try:
        restore(other, exported)
        assert export_plan(other, PLAN) == exported
        assert len(other.list_annual_targets(PLAN)) == 10
    finally:
        other.dispose()


def _round(store: Store, year: int, deadline: str, rows: list[tuple[str, str, str | None]]) -> None:
    """A round with rows (department, state, submitted_at), written as the schema defines it."""
    indicators = [i.id for i in store.list_indicators(PLAN)]
    with store.atomic() as conn:
        rid = conn.execute(insert(t.rounds).values(plan_id=PLAN, year=year, deadline=deadline, state="open",
                                                   opened_at="2020-01-01T00:00:00", opened_by="规划办", row_version=1)
                           .returning(t.rounds.c.id)).scalar_one()
        for (dep, state, submitted), ind in zip(rows, indicators, strict=False):
            dep_id = conn.execute(t.departments.select().where(t.departments.c.name == dep)).first()
            if dep_id is None:
                dep_id = conn.execute(insert(t.departments).values(name=dep, kind="部门")
                                      .returning(t.departments.c.id)).first()
            conn.execute(insert(t.round_rows).values(round_id=rid, plan_id=PLAN, department_id=dep_id[0],
                                                     indicator_id=ind, state=state, submitted_at=submitted,
                                                     row_version=1))


def test_round_rows_give_grey_warnings_and_timeliness(store: Store) -> None:
    _round(store, 2019, "2020-03-31", [("市统计局", "未填报", None), ("市林业局", "已审定", "2020-03-30T10:00:00"),
                                       ("市林业局", "已提交", "2020-04-02T10:00:00")])
    rows = store.round_row_statuses(PLAN, year=2019)
    assert [(r.department, r.state, r.deadline) for r in rows] == [
        ("市林业局", "已审定", "2020-03-31"), ("市林业局", "已提交", "2020-03-31"), ("市统计局", "未填报", "2020-03-31")]
    assert all(r.item for r in rows)
    grey = [w for w in plan_warnings(store, PLAN, 2019, today="2020-04-10") if w.level == "grey"]
    assert [(w.kind, w.lead_unit) for w in grey] == [("data_overdue", "市统计局")]
    assert [w for w in plan_warnings(store, PLAN, 2019, today="2020-03-31") if w.level == "grey"] == []
    cards = {c.unit: c for c in plan_scorecards(store, PLAN, 2019, today="2020-04-10")}
    assert cards["市林业局"].timeliness == {"on_time": 1, "late": 1, "overdue": 0, "pending": 0}
    assert cards["市统计局"].timeliness == {"on_time": 0, "late": 0, "overdue": 1, "pending": 0}


def test_warnings_name_the_lead_unit_of_the_target_or_its_indicator(store: Store) -> None:
    gdp_level = _target(store, "地区生产总值", "level")
    gdp = next(i.id for i in store.list_indicators(PLAN) if i.name == "地区生产总值")
    store.assign("indicator", gdp, "市发改委", [], user="规划办")
    from guihua.monitoring.warnings_source import target_leads

    leads = target_leads(store, PLAN)
    assert leads[str(gdp_level)] == "市发改委"
    store.assign("target", gdp_level, "市统计局", [], user="规划办")
    assert target_leads(store, PLAN)[str(gdp_level)] == "市统计局"  # the target's own lead first
