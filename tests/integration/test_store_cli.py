"""The store's CLI commands end to end on the seed (SQLite and PostgreSQL): versions through the real
pipeline, review exit codes, listings, projects."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from guihua.errors import ConflictError, InputError
from guihua.store.demo import PLAN_ID, demo_paths
from guihua.store.repository import open_store


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def test_a_changed_plan_file_becomes_version_2_with_decisions_carried(db_url: str, tmp_path: Path) -> None:
    raw = demo_paths()["plan"].read_text(encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(raw, encoding="utf-8")
    assert _cli("ingest", str(plan), "--plan", PLAN_ID, "--db", db_url)[0] == 0
    store = open_store(db_url)
    try:
        targets = [s for s in store.list_statements(PLAN_ID, type="target") if s.value is not None]
        keep, change = targets[0], targets[1]
        assert keep.quote != change.quote and keep.quote not in change.quote
        code, out, err = _cli("review", str(keep.id), "--status", "已确认", "--user", "甲", "--db", db_url)
        assert code == 0, err
        code, out, err = _cli("review", str(change.id), "--status", "已驳回", "--user", "甲", "--db", db_url)
        assert code == 0, err
        # edit the file where the second target is written: its quote changes, the first one's does not
        edited = raw[:change.start] + change.quote.replace(f"{change.value:g}", f"{change.value:g}0", 1) + raw[change.end:]
        assert edited != raw
        plan.write_text(edited, encoding="utf-8")
        code, out, err = _cli("ingest", str(plan), "--plan", PLAN_ID, "--db", db_url)
        assert code == 0, err
        assert "第 2 版" in out
        after = store.list_statements(PLAN_ID)
        assert store.get_plan(PLAN_ID).current_version == 2
        kept = [s for s in after if s.quote == keep.quote and s.kind == keep.kind]
        assert kept and kept[0].status == "已确认"
        assert all(s.status == "待审核" for s in after if s.start == change.start)
        assert store.get_version(PLAN_ID, 1).raw_text == raw
    finally:
        store.dispose()


def test_review_exit_codes_and_listings(db_url: str) -> None:
    assert _cli("ingest", str(demo_paths()["plan"]), "--plan", PLAN_ID, "--db", db_url)[0] == 0
    code, out, _ = _cli("indicators", "--plan", PLAN_ID, "--json", "--db", db_url)
    assert code == 0
    rows = json.loads(out)
    sid = next(s["id"] for r in rows for s in r["statements"] if s["value"] is not None)
    code, _, err = _cli("review", str(sid), "--status", "已修改", "--set", "value=abc", "--user", "甲", "--db", db_url)
    assert code == 2 and "value" in err
    code, _, err = _cli("review", str(sid), "--status", "已修改", "--set", "value=12345", "--user", "甲",
                        "--expect-version", "1", "--db", db_url)
    assert code == 0, err
    code, _, err = _cli("review", str(sid), "--status", "已修改", "--set", "value=54321", "--user", "乙",
                        "--expect-version", "1", "--db", db_url)
    assert code == 3 and "已被他人修改" in err
    code, _, err = _cli("review", "999999", "--status", "已确认", "--user", "乙", "--db", db_url)
    assert code == 2
    code, out, _ = _cli("audit", "--plan", PLAN_ID, "--entity", "statement", "--db", db_url)
    assert code == 0 and "12345" in out and "54321" not in out
    code, out, _ = _cli("indicators", "--plan", PLAN_ID, "--targets", "--db", db_url)
    assert code == 0 and f"#{sid} " in out
    assert _cli("indicators", "--plan", "nope", "--db", db_url)[0] == 2


def test_projects_status_is_audited_and_versioned(db_url: str) -> None:
    assert _cli("ingest", str(demo_paths()["plan"]), "--plan", PLAN_ID, "--db", db_url)[0] == 0
    store = open_store(db_url)
    try:
        p = store.add_project(PLAN_ID, name="衡阳综合保税区", user="甲", places=["衡阳市"], category="开放平台")
        assert p.status == "规划" and p.places == ["衡阳市"]
        q = store.set_project_status(p.id, "在建", user="乙", expected_version=p.row_version)
        assert q.status == "在建"
        with pytest.raises(ConflictError):
            store.set_project_status(p.id, "建成", user="丙", expected_version=p.row_version)
        with pytest.raises(InputError):
            store.set_project_status(p.id, "完工", user="丙")
        log = store.audit_log(entity="project", entity_id=p.id)
        assert [(e.field, e.old, e.new) for e in log][-1] == ("status", "规划", "在建")
    finally:
        store.dispose()


def test_unusable_database_urls_and_paths_are_input_errors(tmp_path: Path) -> None:
    for url in (str(tmp_path / "missing" / "dir" / "a.db"), "nosuchdialect://x/y"):
        code, _, err = _cli("indicators", "--plan", PLAN_ID, "--db", url)
        assert code == 2 and err.startswith("guihua: --db:"), err
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert _cli("ingest", str(tmp_path / "nope.txt"), "--plan", PLAN_ID, "--db", db)[0] == 2
    assert _cli("import-actuals", str(tmp_path / "nope.csv"), "--plan", PLAN_ID, "--db", db)[0] == 2
    assert _cli("restore", str(tmp_path / "nope.json"), "--db", db)[0] == 2
    assert _cli("ingest", str(demo_paths()["plan"]), "--plan", PLAN_ID, "--db", db)[0] == 0
    code, _, err = _cli("export", "--plan", PLAN_ID, "--out", str(tmp_path / "no" / "x.json"), "--db", db)
    assert code == 2 and "不存在" in err


def test_indicator_edits_departments_and_attribute(db_url: str) -> None:
    assert _cli("ingest", str(demo_paths()["plan"]), "--plan", PLAN_ID, "--db", db_url)[0] == 0
    code, out, err = _cli("indicator", "1", "--set", "departments=市统计局，市发改委", "--set", "attribute=约束性",
                          "--user", "甲", "--expect-version", "1", "--db", db_url)
    assert code == 0, err
    assert "市发改委、市统计局" in out and "约束性" in out
    code, _, err = _cli("indicator", "1", "--set", "domain=民生福祉", "--user", "乙", "--expect-version", "1",
                        "--db", db_url)
    assert code == 3
    code, _, err = _cli("indicator", "1", "--set", "attribute=重要", "--user", "乙", "--db", db_url)
    assert code == 2 and "约束性" in err
    code, _, err = _cli("indicator", "1", "--set", "key=x", "--user", "乙", "--db", db_url)
    assert code == 2
    code, out, _ = _cli("audit", "--plan", PLAN_ID, "--entity", "indicator", "--id", "1", "--db", db_url)
    assert "departments" in out and "attribute" in out
    code, out, err = _cli("indicator", "1", "--set", "is_main=是", "--user", "乙", "--db", db_url)
    assert code == 0 and "主要指标" in out, err
    code, _, err = _cli("indicator", "1", "--set", "is_main=也许", "--user", "乙", "--db", db_url)
    assert code == 2 and "是 或 否" in err
