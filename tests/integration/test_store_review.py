"""Review transitions, optimistic concurrency, the audit log and versions, on SQLite and PostgreSQL.

Written from the definitions in guihua.store.repository's docstring.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from guihua.errors import ConflictError, InputError
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, RAW, ingest, statements


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _gdp_target(store: Store) -> int:
    return next(s.id for s in store.list_statements(PLAN) if s.type == "target" and s.kind == "level"
                and s.indicator == "地区生产总值")


def test_new_statements_wait_for_review_with_the_original_beside(store: Store) -> None:
    for s in store.list_statements(PLAN):
        assert s.status == "待审核" and s.row_version == 1 and not s.is_modified
        assert s.original["quote"] == s.quote == RAW[s.start:s.end]


def test_indicator_registry_groups_level_growth_and_baseline(store: Store) -> None:
    inds = {i.name: i for i in store.list_indicators(PLAN)}
    gdp = inds["地区生产总值"]
    kinds = sorted((s.type, s.kind) for s in store.list_statements(PLAN, indicator_id=gdp.id))
    assert kinds == [("baseline", "level"), ("target", "growth"), ("target", "level")]
    assert gdp.unit == "亿元"
    assert gdp.domain == "经济发展" and inds["森林覆盖率"].domain == "资源环境"  # from the chapter titles


def test_confirm_modify_reject_reopen(store: Store) -> None:
    sid = _gdp_target(store)
    s = store.review_statement(sid, "已确认", user="甲")
    assert s.status == "已确认" and s.reviewed_by == "甲" and s.row_version == 2
    with pytest.raises(InputError):  # confirming is not correcting
        store.review_statement(sid, "已确认", user="甲", changes={"value": 4100.0})
    with pytest.raises(InputError):  # a "modification" equal to the original is a confirmation
        store.review_statement(sid, "已修改", user="甲", changes={"value": 4000.0})
    s = store.review_statement(sid, "已修改", user="乙", changes={"value": 4100.0, "year": 2021})
    assert (s.status, s.value, s.year) == ("已修改", 4100.0, 2021)
    assert (s.original["value"], s.original["year"]) == (4000.0, 2020) and s.is_modified
    with pytest.raises(InputError):  # values differ from the extraction: not a confirmation
        store.review_statement(sid, "已确认", user="乙")
    with pytest.raises(InputError):
        store.review_statement(sid, "已驳回", user="乙", changes={"value": 1.0})
    s = store.review_statement(sid, "已驳回", user="丙")
    assert s.status == "已驳回" and s.value == 4100.0
    assert sid not in [x.id for x in store.list_statements(PLAN, include_rejected=False)]
    s = store.review_statement(sid, "待审核", user="丙")
    assert (s.status, s.value, s.year, s.reviewed_by) == ("待审核", 4000.0, 2020, None)
    with pytest.raises(InputError):
        store.review_statement(sid, "通过", user="丙")
    with pytest.raises(InputError):
        store.review_statement(sid, "已修改", user="丙", changes={"quote": "x"})


def test_changing_the_indicator_relinks_the_statement(store: Store) -> None:
    sid = next(s.id for s in store.list_statements(PLAN) if s.indicator == "森林覆盖率")
    s = store.review_statement(sid, "已修改", user="甲", changes={"indicator": "森林蓄积量"})
    ind = store.get_indicator(s.indicator_id or 0)
    assert ind.name == "森林蓄积量" and ind.origin == "review"


def test_every_change_is_audited_with_old_and_new(store: Store) -> None:
    sid = _gdp_target(store)
    n = len(store.audit_log(plan_id=PLAN))
    store.review_statement(sid, "已修改", user="乙", changes={"value": 4100.0})
    new = store.audit_log(plan_id=PLAN)[n:]
    assert {(e.field, e.old, e.new, e.user, e.entity, e.entity_id) for e in new} == {
        ("status", "待审核", "已修改", "乙", "statement", str(sid)),
        ("value", 4000.0, 4100.0, "乙", "statement", str(sid)),
    }
    ind = store.list_indicators(PLAN)[0]
    store.update_indicator(ind.id, {"departments": ["市统计局", "市发改委"], "attribute": "预期性"}, user="丁")
    got = store.get_indicator(ind.id)
    assert got.departments == ["市发改委", "市统计局"] and got.attribute == "预期性"
    fields = {e.field: (e.old, e.new) for e in store.audit_log(entity="indicator", entity_id=ind.id)}
    assert fields["attribute"] == (None, "预期性")
    assert sorted(fields["departments"][1]) == ["市发改委", "市统计局"]
    with pytest.raises(InputError):
        store.update_indicator(ind.id, {"attribute": "重要性"}, user="丁")


def test_audit_log_is_append_only(store: Store) -> None:
    for sql in ("UPDATE audit_log SET \"user\" = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), store.atomic() as conn:
            conn.execute(text(sql))
    assert all(e.user == "tester" for e in store.audit_log(plan_id=PLAN))


def test_two_writers_the_later_gets_a_conflict(store: Store, db_url: str) -> None:
    other = open_store(db_url)
    try:
        sid = _gdp_target(store)
        mine = store.get_statement(sid)
        theirs = other.get_statement(sid)
        store.review_statement(sid, "已修改", user="甲", changes={"value": 4100.0}, expected_version=mine.row_version)
        with pytest.raises(ConflictError):
            other.review_statement(sid, "已修改", user="乙", changes={"value": 4200.0},
                                   expected_version=theirs.row_version)
        # a stale writer is told of the conflict even when its decision would also break a rule
        # (confirming a value that was corrected meanwhile), and even when it would change nothing
        with pytest.raises(ConflictError):
            other.review_statement(sid, "已确认", user="乙", expected_version=theirs.row_version)
        with pytest.raises(ConflictError):
            other.review_statement(sid, "待审核", user="乙", expected_version=theirs.row_version)
        assert store.get_statement(sid).value == 4100.0
        assert [e.user for e in store.audit_log(entity="statement", entity_id=sid)] == ["甲", "甲"]
        ind = store.list_indicators(PLAN)[0]
        store.update_indicator(ind.id, {"unit": "万元"}, user="甲", expected_version=ind.row_version)
        with pytest.raises(ConflictError):
            other.update_indicator(ind.id, {"unit": "元"}, user="乙", expected_version=ind.row_version)
    finally:
        other.dispose()


def test_same_document_again_changes_nothing(store: Store) -> None:
    log = store.audit_log(plan_id=PLAN)
    r = ingest(store)
    assert not r.changed and r.version == 1
    assert store.audit_log(plan_id=PLAN) == log


def test_a_changed_document_is_a_new_version_carrying_decisions(store: Store) -> None:
    sid = _gdp_target(store)
    forest = next(s.id for s in store.list_statements(PLAN) if s.indicator == "森林覆盖率")
    growth = next(s.id for s in store.list_statements(PLAN) if s.kind == "growth")
    store.review_statement(sid, "已修改", user="甲", changes={"value": 4100.0})
    store.review_statement(forest, "已驳回", user="甲")
    store.review_statement(growth, "已确认", user="甲")
    raw2 = RAW.replace("年均增长9%", "年均增长8.5%")  # the growth statement's quote changes
    stmts = statements()
    for s in stmts:
        if s.kind == "growth":
            s.quote, s.value = "年均增长8.5%", 8.5
    r = ingest(store, raw=raw2, stmts=stmts)
    assert r.changed and r.version == 2 and r.carried_over == 2
    new = {(s.indicator, s.kind, s.type): s for s in store.list_statements(PLAN)}
    gdp = new[("地区生产总值", "level", "target")]
    assert (gdp.status, gdp.value, gdp.original["value"]) == ("已修改", 4100.0, 4000.0)
    assert new[("森林覆盖率", "level", "target")].status == "已驳回"
    assert new[("地区生产总值", "growth", "target")].status == "待审核"  # its text changed
    assert store.get_plan(PLAN).current_version == 2
    old = store.list_statements(PLAN, version=1)
    assert {s.id for s in old}.isdisjoint({s.id for s in new.values()})
    assert store.get_version(PLAN, 1).raw_text == RAW and store.get_version(PLAN).raw_text == raw2
    assert len(store.list_indicators(PLAN)) == 3  # indicators persist across versions


def test_corrections_must_fit_the_statement_model(store: Store) -> None:
    sid = _gdp_target(store)
    for bad in ({"kind": "大约"}, {"type": "goal"}, {"comparator": "≥"}, {"indicator": " "}):
        with pytest.raises(InputError):
            store.review_statement(sid, "已修改", user="甲", changes=bad)
    s = store.review_statement(sid, "已修改", user="甲", changes={"comparator": "<=", "values": [1.0, 2.0]})
    assert (s.comparator, s.values) == ("<=", [1.0, 2.0])


def test_a_decision_follows_its_quote_even_when_the_extraction_names_it_differently(store: Store) -> None:
    forest = next(s.id for s in store.list_statements(PLAN) if s.indicator == "森林覆盖率")
    store.review_statement(forest, "已驳回", user="甲")
    stmts = statements()
    for s in stmts:
        if s.indicator == "森林覆盖率":
            s.indicator = s.indicator_key = "森林覆盖"
    r = ingest(store, raw=RAW + "\n", stmts=stmts)
    assert r.carried_over == 1
    assert next(s for s in store.list_statements(PLAN) if s.indicator == "森林覆盖").status == "已驳回"


def test_marking_an_indicator_main_is_audited_and_read_by_the_reports(store: Store, db_url: str) -> None:
    from guihua.reports.context import plan_context_from_store

    forest = next(i for i in store.list_indicators(PLAN) if i.name == "森林覆盖率")
    assert forest.is_main is False
    store.update_indicator(forest.id, {"is_main": True}, user="王芳")
    assert store.get_indicator(forest.id).is_main is True
    entry = [a for a in store.audit_log(plan_id=PLAN) if a.field == "is_main"]
    assert [(a.user, a.old, a.new) for a in entry] == [("王芳", False, True)]
    context = plan_context_from_store(db_url, PLAN)
    assert context is not None and "森林覆盖率" in context.main_indicators
    with pytest.raises(InputError):
        store.update_indicator(forest.id, {"is_main": "是"}, user="王芳")
