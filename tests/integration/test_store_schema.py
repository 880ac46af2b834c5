"""Migrations build exactly the tables of guihua.store.schema; export/restore refusals (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from guihua.errors import InputError
from guihua.store import migrate
from guihua.store.exchange import export_plan, restore
from guihua.store.repository import create_store_engine, open_store
from guihua.store.schema import metadata
from tests.integration.store_helpers import PLAN, ingest


def test_migrations_match_the_schema_and_run_down_and_up(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        assert migrate.current(engine) is None
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert diff == []
        migrate.downgrade(engine, "base")
        assert migrate.current(engine) is None
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
    finally:
        engine.dispose()


def test_migration_history_is_linear_and_never_squashed() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrate.MIGRATIONS))
    chain = [rev.revision for rev in script.walk_revisions()]  # head first
    assert chain[-2:] == ["0002_audit_append_only", "0001_initial"]  # the released history stays
    assert len(script.get_heads()) == 1
    files = sorted(p.stem for p in (migrate.MIGRATIONS / "versions").glob("0*.py"))
    assert sorted(chain) == files


def test_restore_refuses_an_existing_plan_and_bad_files(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        ingest(store)
        text = export_plan(store, PLAN)
        with pytest.raises(InputError, match="已有规划"):
            restore(store, text)
        with pytest.raises(InputError, match="JSON"):
            restore(store, text[:100])
        with pytest.raises(InputError, match="format"):
            restore(store, json.dumps({"tables": {}}))
        data = json.loads(text)
        data["tables"]["statements"][0]["surprise"] = 1
        with pytest.raises(InputError, match="surprise"):
            restore(store, json.dumps(data))
        # a second plan whose ids collide with the first one's cannot keep its ids
        data = json.loads(text)
        data["plan_id"] = data["tables"]["plans"][0]["id"] = "q"
        for rows in data["tables"].values():  # every row of the export belongs to its plan (checked first)
            for row in rows:
                if row.get("plan_id") == PLAN:
                    row["plan_id"] = "q"
        with pytest.raises(InputError, match="编号"):
            restore(store, json.dumps(data, ensure_ascii=False))
        assert [p.id for p in store.list_plans()] == [PLAN]
    finally:
        store.dispose()


def test_upgrading_a_populated_database_keeps_its_rows(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        migrate.upgrade(engine, "0002_audit_append_only")
    finally:
        engine.dispose()
    # write rows with the 0002 schema, then upgrade to head
    from sqlalchemy import insert, text

    from guihua.store import schema as t

    engine = create_store_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(t.plans).values(id="old", title="旧库", created_at="2020-01-01T00:00:00Z",
                                                row_version=1))
            # the 0002 columns only (the head table has columns with defaults that 0002 does not know)
            conn.execute(text("INSERT INTO indicators (id, plan_id, key, name, aliases_json, origin, created_at, "
                              "row_version) VALUES (1, 'old', 'k', '指标', '[]', 'plan', '2020-01-01T00:00:00Z', 1)"))
            conn.execute(text("INSERT INTO departments (id, name) VALUES (1, '市统计局')"))
            conn.execute(insert(t.indicator_departments).values(indicator_id=1, department_id=1))
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
    finally:
        engine.dispose()
    store = open_store(db_url)
    try:
        ind = store.list_indicators("old")[0]
        assert (ind.name, ind.departments) == ("指标", ["市统计局"])
        store.update_indicator(ind.id, {"unit": "单位" * 40}, user="u")  # longer than the old VARCHAR(50)
        assert store.get_indicator(ind.id).unit == "单位" * 40
    finally:
        store.dispose()
