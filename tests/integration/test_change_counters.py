"""Change counters (guihua.store.changes), on SQLite and PostgreSQL. Definition: every committed
transaction that audits a change of a plan increments that plan's counter once — `data` for the plan's
data, `rounds` for its data rounds' rows — in the same transaction; a transaction that fails moves
nothing; changes of no plan count under "". The web's caches are valid exactly while the counters stay."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from guihua.errors import ConflictError, InputError
from guihua.store import migrate, rounds
from guihua.store import schema as t
from guihua.store.base import audit_row
from guihua.store.exchange import export_plan, restore
from guihua.store.repository import create_store_engine, open_store
from tests.integration.store_helpers import PLAN, ingest, open_forest_round

OTHER = "q"


def _data(store, plan: str) -> int:  # type: ignore[no-untyped-def]
    return store.change_counters(plan)[plan][0]


def _rounds(store, plan: str) -> int:  # type: ignore[no-untyped-def]
    return store.change_counters(plan)[plan][1]


def test_a_write_moves_its_own_plans_data_counter_once_and_no_other(db_url: str) -> None:
    store = open_store(db_url)
    try:
        ingest(store)
        ingest(store, plan_id=OTHER)
        before = store.change_counters()
        st = store.list_statements(PLAN, type="target")[0]
        # one transaction, several audit rows (status and value): one increment
        store.review_statement(st.id, "已修改", changes={"value": 4100.0}, user="王芳",
                               expected_version=st.row_version)
        after = store.change_counters()
        assert after[PLAN] == (before[PLAN][0] + 1, before[PLAN][1])
        assert after[OTHER] == before[OTHER]
    finally:
        store.dispose()


def test_a_refused_write_moves_nothing(db_url: str) -> None:
    store = open_store(db_url)
    try:
        ingest(store)
        st = store.list_statements(PLAN, type="target")[0]
        before = store.change_counters()
        with pytest.raises(ConflictError):
            store.review_statement(st.id, "已修改", changes={"value": 1.0}, user="王芳",
                                   expected_version=st.row_version + 5)
        with pytest.raises(InputError):
            store.review_statement(st.id, "不存在的状态", user="王芳")
        assert store.change_counters() == before
    finally:
        store.dispose()


def test_round_rows_count_as_rounds_and_approval_as_both(db_url: str) -> None:
    store = open_store(db_url)
    try:
        open_forest_round(store)
        data, rnds = _data(store, PLAN), _rounds(store, PLAN)
        [row] = store.round_rows(PLAN, 2018)
        row = rounds.fill(store, row.id, value="48.5", user="林业局填报员", department="市林业局",
                          expected_version=row.row_version)
        assert (_data(store, PLAN), _rounds(store, PLAN)) == (data, rnds + 1)
        store.submit_round_rows([row.id], user="林业局填报员", department="市林业局")
        assert (_data(store, PLAN), _rounds(store, PLAN)) == (data, rnds + 2)
        assert store.pending_keys(PLAN) == ((row.id, row.row_version + 1),)
        rounds.approve(store, [row.id], user="规划办")  # writes an observation: the plan's data changed
        assert (_data(store, PLAN), _rounds(store, PLAN)) == (data + 1, rnds + 3)
        assert store.pending_keys(PLAN) == ()
    finally:
        store.dispose()


def test_changes_of_no_plan_count_under_the_empty_name(db_url: str) -> None:
    store = open_store(db_url)
    try:
        ingest(store)
        before = store.change_counters()
        store.add_unit("市统计局", "部门", user="规划办")
        after = store.change_counters()
        assert after[""] == (before.get("", (0, 0))[0] + 1, before.get("", (0, 0))[1])
        assert after[PLAN] == before[PLAN]
    finally:
        store.dispose()


def test_a_restored_plan_has_counters(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(db_url)
    try:
        ingest(store)
        text = export_plan(store, PLAN)
    finally:
        store.dispose()
    fresh = open_store(f"sqlite:///{tmp_path / 'restored.db'}")
    try:
        assert PLAN not in fresh.change_counters()
        restore(fresh, text)
        data, rnds = fresh.change_counters(PLAN)[PLAN]
        assert data >= 1 and rnds >= 1
    finally:
        fresh.dispose()


def test_the_migration_counts_the_audit_rows_already_written(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        migrate.upgrade(engine, "0011_responsibility")
        rows = ([audit_row(PLAN, "u", "create", "statement", i) for i in range(3)]
                + [audit_row(PLAN, "u", "fill", "round_row", i) for i in range(2)]
                + [audit_row(None, "u", "add_user", "user", 1)])
        with engine.begin() as conn:
            conn.execute(insert(t.audit_log), rows)
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    store = open_store(db_url)
    try:
        assert store.change_counters() == {PLAN: (3, 2), "": (1, 0)}
    finally:
        store.dispose()
