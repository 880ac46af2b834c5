"""The project library in the store (SQLite and PostgreSQL): ingest groups the seed's project
mentions into projects with link suggestions; status import with bad rows writes nothing; people's
edits, events and link decisions survive export/restore byte for byte."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from guihua.cli.main import IO, run
from guihua.extraction.links import project_key
from guihua.store import projects_repo as pr
from guihua.store.demo import PLAN_ID, demo_paths
from guihua.store.repository import open_store


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def _ingest(url: str) -> None:
    code, _, err = _cli("ingest", str(demo_paths()["plan"]), "--plan", PLAN_ID, "--period", "2016-2020", "--db", url)
    assert code == 0, err


def test_ingest_fills_the_library_with_mentions_and_links(db_url: str) -> None:
    _ingest(db_url)
    store = open_store(db_url)
    try:
        projects = store.list_projects(PLAN_ID)
        mentions = pr.list_mentions(store, plan_id=PLAN_ID)
        assert len(projects) >= 300 and len(mentions) >= len(projects)
        assert len({p.key for p in projects}) == len(projects)  # one row per normalised full name
        assert all(p.status == "规划" for p in projects)
        for m in mentions[:50]:
            raw = store.get_version(PLAN_ID).raw_text
            assert raw[m.start:m.end] == m.quote
        # the water plants of box 22 serve the water-supply target
        indicators = {i.id: i for i in store.list_indicators(PLAN_ID)}
        plants = [p for p in projects if p.box == "22" and p.display_name.endswith("水厂")
                  and "污水" not in p.display_name]
        assert len(plants) >= 3
        for p in plants:
            names = [indicators[lk.indicator_id].name for lk in pr.list_links(store, project_id=p.id)]
            assert any("供水普及率" in n for n in names), (p.display_name, names)
            assert all(lk.status == "建议" for lk in pr.list_links(store, project_id=p.id))
    finally:
        store.dispose()


def test_status_import_with_bad_rows_names_each_line_and_writes_nothing(db_url: str, tmp_path: Path) -> None:
    _ingest(db_url)
    store = open_store(db_url)
    try:
        projects = store.list_projects(PLAN_ID)
        a, b = projects[0], projects[1]
        before = store.dump_plan(PLAN_ID)
    finally:
        store.dispose()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "project,status,start_year,end_year,investment,unit,responsible,event_date,evidence,note\n"
        f"{a.display_name},在建,2016,2018,12.5,亿元,市住建局,2017-03,开工令,\n"           # 2 good
        f"{b.display_name},施工中,,,,,,,,\n"                                               # 3 bad status
        "没有这个项目,在建,,,,,,,,\n"                                                        # 4 unknown
        f"{b.display_name},,2019,2017,,,,,,\n"                                             # 5 start > end
        f"{b.display_name},,,,-3,,,2017-13,,\n",                                           # 6 investment, date
        encoding="utf-8")
    code, out, err = _cli("import-projects", str(bad), "--plan", PLAN_ID, "--db", db_url)
    assert code == 2
    for line in (3, 4, 5, 6):
        assert f"{bad}:{line}:" in err
    assert f"{bad}:2:" not in err
    store = open_store(db_url)
    try:
        assert store.dump_plan(PLAN_ID) == before  # nothing written, not even to the audit log
    finally:
        store.dispose()

    good = tmp_path / "good.csv"
    good.write_text(bad.read_text(encoding="utf-8").splitlines()[0] + "\n"
                    + bad.read_text(encoding="utf-8").splitlines()[1] + "\n", encoding="utf-8")
    code, out, err = _cli("import-projects", str(good), "--plan", PLAN_ID, "--db", db_url, "--user", "王芳")
    assert code == 0, err
    store = open_store(db_url)
    try:
        p = pr.get_project(store, a.id)
        assert (p.status, p.start_year, p.end_year, p.investment, p.investment_unit, p.responsible) == \
            ("在建", 2016, 2018, 12.5, "亿元", "市住建局")
        events = pr.list_events(store, project_id=a.id)
        assert [(e.date, e.status, e.evidence, e.import_line) for e in events] == [("2017-03", "在建", "开工令", 2)]
        assert {e.field for e in store.audit_log(entity="project", entity_id=a.id)} >= {"status", "investment"}
        after = store.dump_plan(PLAN_ID)
    finally:
        store.dispose()
    # the same file again: no change at all
    assert _cli("import-projects", str(good), "--plan", PLAN_ID, "--db", db_url)[0] == 0
    # and an export imports as no change
    out_csv = tmp_path / "projects.csv"
    assert _cli("export-projects", "--plan", PLAN_ID, "--out", str(out_csv), "--db", db_url)[0] == 0
    assert _cli("import-projects", str(out_csv), "--plan", PLAN_ID, "--db", db_url)[0] == 0
    store = open_store(db_url)
    try:
        assert store.dump_plan(PLAN_ID) == after
    finally:
        store.dispose()


def test_link_decisions_events_and_reingest_survive_export_restore(new_db: Callable[[], str], tmp_path: Path) -> None:
    url = new_db()
    _ingest(url)
    store = open_store(url)
    try:
        links = pr.list_links(store, plan_id=PLAN_ID)
        confirmed = pr.decide_link(store, links[0].id, "已确认", user="甲")
        removed = pr.decide_link(store, links[1].id, "已移除", user="甲")
        assert (confirmed.status, confirmed.decided_by, removed.status) == ("已确认", "甲", "已移除")
        assert [e.field for e in store.audit_log(entity="project_link", entity_id=links[1].id)][0] == "status"
        p = store.list_projects(PLAN_ID)[5]
        pr.add_event(store, p.id, date="2018", status="建成", evidence="竣工验收", user="乙")
        assert pr.get_project(store, p.id).status == "建成"
    finally:
        store.dispose()
    # the same file again changes nothing; removed links stay removed
    code, out, err = _cli("ingest", str(demo_paths()["plan"]), "--plan", PLAN_ID, "--db", url)
    assert code == 0 and "未做任何改动" in out
    first = tmp_path / "a.json"
    assert _cli("export", "--plan", PLAN_ID, "--out", str(first), "--db", url)[0] == 0
    other = new_db()
    code, _, err = _cli("restore", str(first), "--db", other)
    assert code == 0, err
    second = tmp_path / "b.json"
    assert _cli("export", "--plan", PLAN_ID, "--out", str(second), "--db", other)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert '"project_mentions"' in text and '"project_links"' in text and "竣工验收" in text


def test_project_key_groups_spacing_and_width() -> None:
    assert project_key("城南 水厂") == project_key("城南水厂")
    assert project_key("Ｇ１０７改线") == project_key("G107改线")


def test_a_new_version_keeps_project_ids_status_and_decisions(db_url: str, tmp_path: Path) -> None:
    raw = demo_paths()["plan"].read_text(encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(raw, encoding="utf-8")
    assert _cli("ingest", str(plan), "--plan", PLAN_ID, "--period", "2016-2020", "--db", db_url)[0] == 0
    store = open_store(db_url)
    try:
        before = {p.key: p.id for p in store.list_projects(PLAN_ID)}
        some = store.list_projects(PLAN_ID)[3]
        pr.update_project(store, some.id, {"status": "在建", "responsible": "市发改委"}, user="甲")
        link = pr.list_links(store, plan_id=PLAN_ID)[0]
        pr.decide_link(store, link.id, "已移除", user="甲")
        n_links = len(pr.list_links(store, plan_id=PLAN_ID))
    finally:
        store.dispose()
    plan.write_text(raw.replace("。", "。\n", 1), encoding="utf-8")  # a changed file: version 2
    code, out, err = _cli("ingest", str(plan), "--plan", PLAN_ID, "--db", db_url)
    assert code == 0, err
    store = open_store(db_url)
    try:
        assert store.get_plan(PLAN_ID).current_version == 2
        after = {p.key: p.id for p in store.list_projects(PLAN_ID)}
        assert after == before  # same projects, same ids
        p = pr.get_project(store, some.id)
        assert (p.status, p.responsible) == ("在建", "市发改委")
        v2 = store.get_version(PLAN_ID).id
        mentions = pr.list_mentions(store, project_id=some.id)
        assert {m.version_id for m in mentions} >= {v2} and len({m.version_id for m in mentions}) == 2
        assert [lk.status for lk in pr.list_links(store, plan_id=PLAN_ID) if lk.id == link.id] == ["已移除"]
        assert len(pr.list_links(store, plan_id=PLAN_ID)) == n_links  # nothing suggested twice
    finally:
        store.dispose()


def test_xlsx_status_import_and_export(db_url: str, tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    _ingest(db_url)
    store = open_store(db_url)
    try:
        p = store.list_projects(PLAN_ID)[2]
    finally:
        store.dispose()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["id", "状态", "总投资", "单位", "日期", "依据"])
    ws.append([p.id, "建成", 3.2, "亿元", "2019-12-30", "竣工验收报告"])
    ws.append([999999, "建成", None, None, None, None])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    code, out, err = _cli("import-projects", str(path), "--plan", PLAN_ID, "--db", db_url)
    assert code == 2 and f"{path}:3:" in err and f"{path}:2:" not in err
    ws.delete_rows(3)
    wb.save(path)
    code, out, err = _cli("import-projects", str(path), "--plan", PLAN_ID, "--db", db_url)
    assert code == 0, err
    out_x = tmp_path / "out.xlsx"
    assert _cli("export-projects", "--plan", PLAN_ID, "--out", str(out_x), "--db", db_url)[0] == 0
    rows = list(load_workbook(out_x, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("id")] == p.id)
    assert row[header.index("status")] == "建成" and row[header.index("investment")] == 3.2
    assert row[header.index("event_date")] == "2019-12-30" and row[header.index("evidence")] == "竣工验收报告"
