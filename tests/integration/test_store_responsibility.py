"""目标责任制 in the store: one 牵头 unit and any number of 配合 units per indicator, target or project,
on SQLite and PostgreSQL (definitions in guihua.store.responsibility_repo)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from guihua.errors import InputError
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, ingest


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _indicator(store: Store, name: str) -> int:
    return next(i.id for i in store.list_indicators(PLAN) if i.name == name)


def test_one_lead_and_co_units_replace_the_earlier_assignment(store: Store) -> None:
    gdp = _indicator(store, "地区生产总值")
    store.assign("indicator", gdp, "市发改委", ["市统计局", "市财政局"], user="规划办")
    r = store.responsibilities(PLAN)[("indicator", gdp)]
    assert (r.lead, r.co) == ("市发改委", ("市统计局", "市财政局"))
    # the responsible units are the indicator's departments (who may enter its values)
    assert sorted(store.get_indicator(gdp).departments) == ["市发改委", "市统计局", "市财政局"]
    store.assign("indicator", gdp, "市统计局", ["市统计局", "市发改委"], user="规划办")
    r = store.responsibilities(PLAN)[("indicator", gdp)]
    assert (r.lead, r.co) == ("市统计局", ("市发改委",))  # a lead unit is not also its own co unit
    assert store.lead_units(PLAN) == {("indicator", gdp): "市统计局"}


def test_assignment_is_audited_with_old_and_new(store: Store) -> None:
    gdp = _indicator(store, "地区生产总值")
    store.assign("indicator", gdp, "市发改委", [], user="王芳")
    store.assign("indicator", gdp, "市统计局", ["市发改委"], user="李明")
    rows = [a for a in store.audit_log(plan_id=PLAN) if a.action == "assign"]
    assert [(a.user, a.old, a.new) for a in rows] == [
        ("王芳", {"lead": None, "co": []}, {"lead": "市发改委", "co": []}),
        ("李明", {"lead": "市发改委", "co": []}, {"lead": "市统计局", "co": ["市发改委"]}),
    ]


def test_targets_and_projects_are_assigned_too_and_unknown_ids_are_refused(store: Store) -> None:
    target = next(s.id for s in store.list_statements(PLAN) if s.type == "target")
    store.assign("target", target, "市林业局", [], user="规划办")
    assert store.lead_units(PLAN)[("target", target)] == "市林业局"
    with pytest.raises(InputError):
        store.assign("project", 999999, "市交通局", [], user="规划办")
    with pytest.raises(InputError):
        store.assign("chapter", target, "市交通局", [], user="规划办")


def test_units_list_keeps_kind(store: Store) -> None:
    store.add_unit("耒阳市", "县市区", user="admin")
    store.add_unit("市发改委", "部门", user="admin")
    assert ("耒阳市", "县市区") in store.list_units()
    with pytest.raises(InputError):
        store.add_unit("某单位", "公司", user="admin")
