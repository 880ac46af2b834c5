"""Milestone events in the store, on SQLite and PostgreSQL: add / list / delete with audit entries and
version checks, export/restore byte for byte, the CLI, and monitoring reading them back."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from guihua.errors import ConflictError, InputError
from guihua.extraction.model import Statement
from guihua.monitoring.status import Status
from guihua.monitoring.store_source import evaluate_from_store
from guihua.store.exchange import export_plan, restore
from guihua.store.repository import Store, open_store
from tests.integration import store_helpers as h

RAW = h.RAW + "第三章 文化\n力争2017年成功创建全国文明城市。\n"
QUOTE = "力争2017年成功创建全国文明城市"


def _ingest(store: Store) -> int:
    start = RAW.index(QUOTE)
    milestone = Statement(type="target", kind="milestone", indicator="创建全国文明城市", start=start,
                          end=start + len(QUOTE), quote=QUOTE, year=2017, node_id="ch2",
                          indicator_key="创建全国文明城市")
    h.ingest(store, raw=RAW, stmts=[*h.statements(), milestone])
    (s,) = [s for s in store.list_statements(h.PLAN) if s.kind == "milestone"]
    return s.id


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def test_add_list_delete_with_audit_and_version_checks(db_url: str) -> None:
    store = open_store(db_url)
    try:
        sid = _ingest(store)
        e1 = store.add_milestone_event(sid, date="2017-11-14", evidence="中央文明委通报", source="市文明办", user="王芳")
        e2 = store.add_milestone_event(sid, date="2016-12-01", evidence="进入提名城市", outcome="部分完成", user="李明")
        assert (e1.plan_id, e1.statement_id, e1.outcome, e1.row_version) == (h.PLAN, sid, "完成", 1)
        assert e1.indicator_id == store.get_statement(sid).indicator_id is not None
        assert [e.id for e in store.list_milestone_events(plan_id=h.PLAN)] == [e2.id, e1.id]  # oldest date first
        assert [e.id for e in store.list_milestone_events(statement_id=sid)] == [e2.id, e1.id]
        (created,) = store.audit_log(entity="milestone_event", entity_id=e1.id)
        assert (created.action, created.user, created.new["evidence"]) == ("create", "王芳", "中央文明委通报")

        with pytest.raises(ConflictError):
            store.delete_milestone_event(e2.id, user="李明", expected_version=5)
        assert len(store.list_milestone_events(plan_id=h.PLAN)) == 2  # nothing removed
        store.delete_milestone_event(e2.id, user="李明", expected_version=1)
        assert [e.id for e in store.list_milestone_events(plan_id=h.PLAN)] == [e1.id]
        deleted = store.audit_log(entity="milestone_event", entity_id=e2.id)[-1]
        assert deleted.action == "delete" and deleted.old["evidence"] == "进入提名城市"

        gdp = next(s for s in store.list_statements(h.PLAN) if s.kind == "level")
        for kwargs, field in ((dict(statement_id=gdp.id, date="2017-01-01", evidence="x"), "TARGET_ID"),
                              (dict(statement_id=sid, date="2017-13-01", evidence="x"), "--date"),
                              (dict(statement_id=sid, date="2017", evidence="x"), "--date"),
                              (dict(statement_id=sid, date="2017-01-01", evidence=" "), "--evidence"),
                              (dict(statement_id=sid, date="2017-01-01", evidence="x", outcome="done"), "--outcome"),
                              (dict(statement_id=10**6, date="2017-01-01", evidence="x"), "TARGET_ID")):
            with pytest.raises(InputError) as exc:
                store.add_milestone_event(user="王芳", **kwargs)  # type: ignore[arg-type]
            assert exc.value.where == field
        assert len(store.list_milestone_events(plan_id=h.PLAN)) == 1
    finally:
        store.dispose()


def test_events_survive_export_restore_byte_for_byte_and_monitoring_reads_them(new_db: Callable[[], str]) -> None:
    url = new_db()
    store = open_store(url)
    try:
        sid = _ingest(store)
        store.add_milestone_event(sid, date="2017-11-14", evidence="中央文明委通报", source="市文明办", user="王芳")
        exported = export_plan(store, h.PLAN)
    finally:
        store.dispose()
    assert '"milestone_events"' in exported and "中央文明委通报" in exported
    other = new_db()
    store = open_store(other)
    try:
        restore(store, exported)
        assert export_plan(store, h.PLAN) == exported
        # the restored database keeps working: a new event gets a fresh id
        e = store.add_milestone_event(sid, date="2018-01-05", evidence="授牌", user="李明")
        assert e.id > 1
    finally:
        store.dispose()
    # monitoring: done 2017-11-14, due 2017 -> 提前实现 in 2018, 已完成 in 2020, with date and evidence
    for year, status in ((2018, Status.AHEAD), (2020, Status.DONE)):
        ev = evaluate_from_store(url, h.PLAN, year)
        (item,) = [i for i in ev.items if i.target.kind == "milestone"]
        assert item.status is status
        assert "2017-11-14" in item.working and "中央文明委通报" in item.working


def test_cli_records_and_lists_milestones(db_url: str) -> None:
    store = open_store(db_url)
    try:
        sid = _ingest(store)
    finally:
        store.dispose()
    code, out, err = _cli("milestones", "--plan", h.PLAN, "--year", "2018", "--db", db_url)
    assert code == 0, err
    assert "[无数据]" in out and "创建全国文明城市" in out and "合计 1 项节点任务" in out
    code, out, err = _cli("milestone", str(sid), "--date", "2018-03-02", "--evidence", "复查未通过",
                          "--outcome", "未完成", "--user", "王芳", "--db", db_url)
    assert code == 0, err
    assert "2018-03-02 未完成" in out
    code, out, err = _cli("milestones", "--plan", h.PLAN, "--year", "2018", "--db", db_url)
    assert code == 0, err
    assert "[滞后]" in out and "复查未通过" in out and "2018-03-02" in out
    code, out, err = _cli("milestones", "--plan", h.PLAN, "--year", "2020", "--db", db_url)
    assert "[未完成]" in out
    # a user error is one line and exit 2, nothing written
    code, out, err = _cli("milestone", str(sid), "--date", "2018/03/02", "--evidence", "x", "--user", "王芳",
                          "--db", db_url)
    assert code == 2 and "--date" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    store = open_store(db_url)
    try:
        assert len(store.list_milestone_events(plan_id=h.PLAN)) == 1
        assert store.audit_log(entity="milestone_event")[-1].user == "王芳（系统用户 tester）"  # --user and the OS user
    finally:
        store.dispose()


def test_export_file_written_by_the_cli_keeps_events(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        sid = _ingest(store)
    finally:
        store.dispose()
    assert _cli("milestone", str(sid), "--date", "2017-11-14", "--evidence", "通报", "--user", "王芳",
                "--db", db_url)[0] == 0
    out = tmp_path / "p.json"
    code, _, err = _cli("export", "--plan", h.PLAN, "--out", str(out), "--db", db_url)
    assert code == 0, err
    assert '"event_date": "2017-11-14"' in out.read_text(encoding="utf-8")
