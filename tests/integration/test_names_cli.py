"""Plan ids and names at every door (SQLite and PostgreSQL): the CLI's --plan, ingest, restore and report
paths refuse ids other than letters, digits, - and _; names with control characters are refused; what a
database already holds is printed with visible escapes (guihua.names, guihua.cli.terminal)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import insert

from guihua.cli.main import IO, run
from guihua.errors import InputError
from guihua.store import schema as t
from guihua.store.exchange import export_plan, restore
from guihua.store.repository import open_store
from tests.integration.store_helpers import PLAN, ingest

PLAN_TXT = "第一章 总体要求\n到2020年，地区生产总值达到4000亿元。\n"


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def test_a_plan_id_with_a_path_is_refused_everywhere(db_url: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN_TXT, encoding="utf-8")
    for argv in (["ingest", str(plan)], ["indicators"], ["export", "--out", str(tmp_path / "x.json")],
                 ["report", "--year", "2020", "--out", str(tmp_path / "out")], ["progress", "--year", "2020"],
                 ["import-actuals", str(plan)], ["export-projects", "--out", str(tmp_path / "p.csv")]):
        code, out, err = _cli(*argv, "--plan", "../../x", "--db", db_url)
        assert code == 2, (argv, err)
        assert "规划编号“../../x”只能由英文字母、数字、“-”和“_”组成" in err, argv
    assert not (tmp_path / "out").exists() and not any(tmp_path.parent.glob("x*"))
    store = open_store(db_url)
    try:
        assert store.list_plans() == []
        with pytest.raises(InputError):  # the store itself refuses, whoever calls it
            ingest(store, plan_id="../x")
    finally:
        store.dispose()


def test_restore_refuses_a_bad_plan_id_and_rows_of_another_plan(new_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(new_db())
    try:
        ingest(store)
        text = export_plan(store, PLAN)
    finally:
        store.dispose()
    data = json.loads(text)
    target = open_store(new_db())
    try:
        bad = dict(data, plan_id="../x")
        bad["tables"] = dict(data["tables"], plans=[dict(data["tables"]["plans"][0], id="../x")])
        with pytest.raises(InputError) as err:
            restore(target, json.dumps(bad))
        assert "规划编号" in err.value.reason
        other = json.loads(text)
        other["tables"]["statements"][0]["plan_id"] = "someone-else"
        with pytest.raises(InputError) as err:
            restore(target, json.dumps(other))
        assert "someone-else" in err.value.reason and err.value.where == "restore:statements[0]"
        assert target.list_plans() == []
        assert restore(target, text) == PLAN  # the file as exported restores
    finally:
        target.dispose()


def test_a_report_is_never_written_outside_out(tmp_path: Path) -> None:
    from guihua.reports.model import build_report
    from guihua.reports.render import write_reports
    from tests.integration.test_reports import hand_built_evaluation

    report = build_report(hand_built_evaluation())
    out = tmp_path / "out"
    assert [p.parent for p in write_reports(report, out, ["html"])] == [out]
    evil = type(report)(**{**report.__dict__, "plan_id": "../../escaped"})
    with pytest.raises(InputError):
        write_reports(evil, out, ["html"])
    assert sorted(p.name for p in tmp_path.rglob("*.html")) == ["hengyang-13th-2020-final.html"]


def test_control_characters_are_refused_in_names(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        ingest(store)
        ind = store.find_indicator(PLAN, "森林覆盖率")
        assert ind is not None
    finally:
        store.dispose()
    cases = [
        ["indicator", str(ind.id), "--set", "name=\x1b[2J森林", "--user", "甲"],
        ["indicator", str(ind.id), "--set", "departments=市林业局,市\u202e局", "--user", "甲"],
        ["indicator", str(ind.id), "--set", "note=正常备注", "--user", "\x1b]0;市长\x07"],
    ]
    for argv in cases:
        code, out, err = _cli(*argv, "--db", db_url)
        assert code == 2, (argv, out, err)
        assert "控制字符或不可见字符" in err and "\x1b" not in err and "\u202e" not in err
    mapping = tmp_path / "m.csv"
    mapping.write_text("source_indicator,plan_indicator\nX,新\x07指标\n", encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("indicator,year,value,unit\nX,2018,1,个\n", encoding="utf-8")
    code, out, err = _cli("import-actuals", str(data), "--plan", PLAN, "--mapping", str(mapping), "--db", db_url)
    assert code == 2 and "U+0007" in err
    store = open_store(db_url)
    try:
        assert store.get_indicator(ind.id).name == "森林覆盖率" and store.get_indicator(ind.id).departments == []
        assert store.list_observations(plan_id=PLAN) == []
        assert not any(e.entity == "indicator" and e.action == "update" for e in store.audit_log(plan_id=PLAN))
    finally:
        store.dispose()


def test_what_the_database_holds_is_printed_with_visible_escapes(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        ingest(store)
        with store.atomic() as conn:  # rows written before names were checked (or by another tool)
            conn.execute(insert(t.audit_log).values(plan_id=PLAN, at="2020-01-01T00:00:00Z", user="\x1b[2J旧用户",
                                                    action="update", entity="indicator", entity_id="1",
                                                    field="name\ttab", old=None, new='"\\u001b"'))
            conn.execute(t.indicators.update().where(t.indicators.c.key == "森林覆盖率").values(name="森林\x1b[31m覆盖率"))
    finally:
        store.dispose()
    code, out, err = _cli("audit", "--plan", PLAN, "--db", db_url)
    assert code == 0, err
    line = next(x for x in out.splitlines() if "旧用户" in x)
    assert "\\x1b[2J旧用户" in line and "name\\x09tab" in line and "\x1b" not in out
    assert len(line.split("\t")) == 8  # the tab in the field did not split the table
    code, out, err = _cli("indicators", "--plan", PLAN, "--db", db_url)
    assert code == 0 and "森林\\x1b[31m覆盖率" in out and "\x1b" not in out
