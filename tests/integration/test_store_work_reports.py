"""A later year's work report against the seed plan's project library (SQLite and PostgreSQL).

The report below is written for this test (a short 2018 report of the plan's city): its review of
2017 names projects of the plan with status phrases, one project under a shorter name (without its
county), one the plan does not have, and its tasks part states intentions. Ingesting it must
propose events for review with a confidence, never merge or change the library by itself.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from guihua.errors import ConflictError, InputError
from guihua.store import project_proposals as pp
from guihua.store import projects_repo as pr
from guihua.store.demo import PLAN_ID, demo_paths
from guihua.store.repository import open_store
from guihua.web.app import Settings
from tests.integration.web_fixture import add_accounts, signed_in

REPORT = """衡阳市人民政府工作报告
——2018年1月10日在衡阳市第十五届人民代表大会第三次会议上

一、2017年工作回顾

过去的一年，全市上下攻坚克难，交通、水利和城市建设取得新进展。怀邵衡铁路建成通车，衡阳至永州高速公路开工建设，龙口灌区完成提质改造，雁栖湖公园投入使用，东洲岛大桥建成通车。

二、2018年工作安排

力争狮子山公园年内建成开放，加快推进酃湖公园建设。
"""


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def seeded(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    code, _, err = _cli("ingest", str(demo_paths()["plan"]), "--plan", PLAN_ID, "--period", "2016-2020",
                        "--region", "衡阳市", "--db", db_url)
    assert code == 0, err
    report = tmp_path / "衡阳市2018年政府工作报告.txt"
    report.write_text(REPORT, encoding="utf-8")
    return db_url, report


def test_report_proposes_events_for_the_plans_projects_and_changes_nothing(seeded: tuple[str, Path]) -> None:
    url, report = seeded
    store = open_store(url)
    try:
        before = {p.id: (p.status, p.row_version) for p in store.list_projects(PLAN_ID)}
        r = pp.ingest_report(store, PLAN_ID, report, user="王芳")
        assert r.report_year == 2018 and r.events == 5 and r.added == 5 and r.matched == 4
        props = {p.name: p for p in pp.list_proposals(store, PLAN_ID)}
        projects = {p.id: p for p in store.list_projects(PLAN_ID)}

        rail = props["怀邵衡铁路"]
        assert projects[rail.project_id].display_name == "怀邵衡铁路"
        assert (rail.status, rail.event_year, rail.decision) == ("建成", 2017, "待审核")
        assert rail.confidence >= 0.9 and "名称相同" in (rail.reason or "")
        assert rail.quote == "怀邵衡铁路建成通车" and REPORT[rail.start:rail.end] == rail.quote

        assert props["衡阳至永州高速公路"].status == "在建"
        # the report leaves out the county the plan writes: the gazetteer sees the same project
        canal = props["龙口灌区"]
        assert projects[canal.project_id].display_name == "衡阳县龙口灌区"
        assert 0.5 <= canal.confidence < rail.confidence and "去掉地名" in (canal.reason or "")
        assert canal.action == "改扩建" and canal.status == "建成"
        # a bridge to the island is not the island's own project: no match, no merge
        bridge = props["东洲岛大桥"]
        assert bridge.project_id is None and bridge.confidence == 0.0
        # intentions of the tasks part are no events
        assert "狮子山公园" not in props and "酃湖公园" not in props
        # nothing in the library changed
        assert {p.id: (p.status, p.row_version) for p in store.list_projects(PLAN_ID)} == before
        assert pr.list_events(store, plan_id=PLAN_ID) == []
        # the same report again adds nothing
        again = pp.ingest_report(store, PLAN_ID, report, user="王芳")
        assert again.added == 0 and again.repeated == 5
    finally:
        store.dispose()
    # the project's page and its JSON twin show the proposal for review
    add_accounts(url, ("viewer",))  # reading needs a login; any account may read
    with signed_in(Settings(database_url=url), "viewer") as client:
        data = client.get(f"/api/projects/{rail.project_id}").json()
        assert [(q["quote"], q["status"], q["event_year"], q["decision"]) for q in data["proposals"]] == [
            ("怀邵衡铁路建成通车", "建成", 2017, "待审核")]
        page = client.get(f"/projects/{rail.project_id}").text
        assert "政府工作报告中的进展建议" in page and "怀邵衡铁路建成通车" in page


def test_accepting_adds_an_event_and_the_status_rejecting_changes_nothing(seeded: tuple[str, Path]) -> None:
    url, report = seeded
    store = open_store(url)
    try:
        pp.ingest_report(store, PLAN_ID, report, user="王芳")
        props = {p.name: p for p in pp.list_proposals(store, PLAN_ID)}
        rail = props["怀邵衡铁路"]
        done = pp.decide(store, rail.id, "已接受", user="李明", expected_version=rail.row_version)
        assert done.decision == "已接受" and done.event_id is not None and done.decided_by == "李明"
        project = pr.get_project(store, rail.project_id)
        assert project.status == "建成"
        events = pr.list_events(store, project_id=project.id)
        assert [(e.date, e.status, e.evidence) for e in events] == [("2017", "建成", "怀邵衡铁路建成通车")]
        audit = store.audit_log(entity="project_proposal", entity_id=rail.id)
        assert audit and audit[-1].user == "李明"
        with pytest.raises(InputError):
            pp.decide(store, rail.id, "已驳回", user="李明")  # decided once

        bridge = props["东洲岛大桥"]
        with pytest.raises(InputError):
            pp.decide(store, bridge.id, "已接受", user="李明")  # no project to record it on
        assert pp.decide(store, bridge.id, "已驳回", user="李明").decision == "已驳回"

        park = props["雁栖湖公园"]
        with pytest.raises(ConflictError):
            pp.decide(store, park.id, "已接受", user="李明", expected_version=park.row_version + 1)
        assert pr.get_project(store, park.project_id).status == "规划"  # the conflict wrote nothing
    finally:
        store.dispose()


def test_cli_import_report_list_and_decide(seeded: tuple[str, Path]) -> None:
    url, report = seeded
    code, out, err = _cli("import-report", str(report), "--plan", PLAN_ID, "--db", url)
    assert code == 0, err
    assert "所报年份 2017" in out and "新增建议 5 条" in out and "匹配到规划项目 4 条" in out
    code, out, _ = _cli("project-proposals", "--plan", PLAN_ID, "--decision", "待审核", "--db", url)
    assert code == 0 and "怀邵衡铁路" in out and "（无匹配项目）" in out
    pid = next(line.split("\t")[0] for line in out.splitlines() if "怀邵衡铁路建成通车" in line)
    code, out, err = _cli("project-proposal", pid, "--accept", "--user", "王芳", "--db", url)
    assert code == 0 and "记进展 2017 年 建成" in out, err
    code, _, err = _cli("project-proposal", pid, "--reject", "--user", "王芳", "--db", url)
    assert code == 2 and err.strip()
    code, _, err = _cli("import-report", str(report.with_name("missing.txt")), "--plan", PLAN_ID, "--db", url)
    assert code == 2 and "missing.txt" in err


def test_export_and_restore_keep_the_proposals(seeded: tuple[str, Path], new_db, tmp_path: Path) -> None:
    url, report = seeded
    store = open_store(url)
    try:
        pp.ingest_report(store, PLAN_ID, report, user="王芳")
        expected = [(p.display_name, p.decision, p.project_id) for p in pp.list_proposals(store, PLAN_ID)]
    finally:
        store.dispose()
    assert expected, "the report proposes events"
    dump = tmp_path / "plan.json"
    code, _, err = _cli("export", "--plan", PLAN_ID, "--out", str(dump), "--db", url)
    assert code == 0, err
    other = new_db()
    code, _, err = _cli("restore", str(dump), "--db", other)
    assert code == 0, err
    restored = open_store(other)
    try:
        got = [(p.display_name, p.decision, p.project_id) for p in pp.list_proposals(restored, PLAN_ID)]
    finally:
        restored.dispose()
    assert got == expected
