"""The demo plan shows 目标责任制 (guihua.store.demo.DEMO_ASSIGNMENTS), and the demo department account
(市林业局) may still enter 森林覆盖率 values."""

from __future__ import annotations

from guihua.reports.division import division
from guihua.store.access import can_edit_indicator
from guihua.store.demo import DEMO_ASSIGNMENTS, PLAN_ID, build_demo, create_demo_accounts
from guihua.store.repository import open_store


def test_demo_assignments_and_the_forestry_account(db_url: str) -> None:
    build_demo(db_url)
    create_demo_accounts(db_url)
    build_demo(db_url)  # run again: nothing changes
    store = open_store(db_url)
    try:
        units = store.responsibilities(PLAN_ID)
        gdp = store.find_indicator(PLAN_ID, "地区生产总值")
        forest = store.find_indicator(PLAN_ID, "森林覆盖率")
        assert gdp is not None and forest is not None
        assert (units[("indicator", gdp.id)].lead, units[("indicator", gdp.id)].co) == ("市发改委", ("市统计局",))
        assert units[("indicator", forest.id)].lead == "市林业局"
        for s in store.list_statements(PLAN_ID, type="target", indicator_id=forest.id, include_rejected=False):
            assert units[("target", s.id)].lead == "市林业局"
        assert len([k for k in units if k[0] == "indicator"]) >= len(DEMO_ASSIGNMENTS)
        forestry = store.get_user("forestry")
        assert can_edit_indicator(forestry, store.get_indicator(forest.id))
        assert not can_edit_indicator(forestry, store.get_indicator(gdp.id))
        planted = store.find_indicator(PLAN_ID, "人工造林")  # the demo account's, made its 牵头 unit
        assert planted is not None and units[("indicator", planted.id)].lead == "市林业局"
        assert can_edit_indicator(forestry, planted)
        assert ("耒阳市", "县市区") in store.list_units()
        rows = division(store, PLAN_ID).rows
        assert any(r.item == "森林覆盖率" and r.lead == "市林业局" for r in rows)
    finally:
        store.dispose()
