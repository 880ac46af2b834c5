"""Issue 4 acceptance, on SQLite and PostgreSQL, through the real pipeline and the CLI:
ingest the seed twice (the second changes nothing), import the Hengyang data through the mapping,
export, restore into a new database, export again: identical. A CSV with three bad rows among good
ones: exit 2, the three line numbers and reasons, nothing written, the export unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from guihua.cli.main import IO, run
from guihua.store.demo import PLAN_ID, build_demo_database, demo_paths
from guihua.store.repository import open_store

PATHS = demo_paths()


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def _export(url: str, path: Path) -> bytes:
    code, _, err = _cli("export", "--plan", PLAN_ID, "--out", str(path), "--db", url)
    assert code == 0, err
    return path.read_bytes()


def test_ingest_twice_import_export_restore_identical(new_db: Callable[[], str], tmp_path: Path) -> None:
    url = new_db()
    code, out, err = _cli("ingest", str(PATHS["plan"]), "--plan", PLAN_ID, "--period", "2016-2020", "--db", url)
    assert code == 0, err
    first = _export(url, tmp_path / "first.json")

    code, out, err = _cli("ingest", str(PATHS["plan"]), "--plan", PLAN_ID, "--db", url)
    assert code == 0, err
    assert "未做任何改动" in out
    assert _export(url, tmp_path / "second.json") == first  # audit log included: nothing at all changed

    code, out, err = _cli("import-actuals", str(PATHS["actuals"]), "--plan", PLAN_ID,
                          "--mapping", str(PATHS["mapping"]), "--db", url)
    assert code == 0, err
    store = open_store(url)
    try:
        obs = store.list_observations(plan_id=PLAN_ID)
        data_rows = sum(1 for line in PATHS["actuals"].read_text(encoding="utf-8").splitlines()[1:] if line.strip())
        assert len(obs) == data_rows  # nothing dropped: rows that cannot be compared are flagged
        assert all(o.source and o.quote for o in obs)  # each keeps its source and quote
        assert any(o.is_not_comparable and o.comparability_reason for o in obs)
        assert sum(o.is_conflict for o in obs) >= 2  # 森林覆盖率 2015: 45.91 and 44.67
        milestone = next(s for s in store.list_statements(PLAN_ID, type="target") if s.kind == "milestone")
    finally:
        store.dispose()
    # a recorded milestone event travels with the export too
    code, _, err = _cli("milestone", str(milestone.id), "--date", "2017-11-14", "--evidence", "通报",
                        "--user", "tester", "--db", url)
    assert code == 0, err
    # and a data round (rows in several states, departments by name)
    from guihua.store.demo import build_demo_round

    store = open_store(url)
    try:
        for key in ("森林覆盖率", "人工造林"):
            ind = store.find_indicator(PLAN_ID, key)
            assert ind is not None
            store.assign("indicator", ind.id, "市林业局", [], user="tester")
        build_demo_round(store)
        states = {r.name: r.state for r in store.round_rows(PLAN_ID, 2019)}
    finally:
        store.dispose()

    # responsibilities (departments by name) and the unit kinds travel too
    store = open_store(url)
    try:
        gdp = store.find_indicator(PLAN_ID, "地区生产总值")
        assert gdp is not None
        store.add_unit("市发改委", "部门", user="tester")
        store.assign("indicator", gdp.id, "市发改委", ["市统计局"], user="tester")
        target = store.list_statements(PLAN_ID, type="target")[0]
        store.assign("target", target.id, "耒阳市", [], user="tester")
        store.add_unit("耒阳市", "县市区", user="tester")
        assigned = {k: (r.lead, r.co) for k, r in store.responsibilities(PLAN_ID).items()}
    finally:
        store.dispose()

    # so do the proposed annual targets (年度目标)
    code, _, err = _cli("annual-targets", "--plan", PLAN_ID, "--propose", "--db", url)
    assert code == 0, err

    exported = _export(url, tmp_path / "a.json")
    assert '"milestone_events"' in exported.decode("utf-8") and '"2017-11-14"' in exported.decode("utf-8")
    assert '"annual_targets"' in exported.decode("utf-8") and '"compound"' in exported.decode("utf-8")
    assert '"round_rows"' in exported.decode("utf-8") and '"市林业局"' in exported.decode("utf-8")
    other = new_db()
    code, _, err = _cli("restore", str(tmp_path / "a.json"), "--db", other)
    assert code == 0, err
    assert _export(other, tmp_path / "b.json") == exported

    # the restored database keeps working: a new edit gets a fresh id, not a collision
    store = open_store(other)
    try:
        assert {k: (r.lead, r.co) for k, r in store.responsibilities(PLAN_ID).items()} == assigned
        kinds = dict(store.list_units())
        assert (kinds["市发改委"], kinds["耒阳市"], kinds["市统计局"]) == ("部门", "县市区", None)
        assert "市统计局" in (store.find_indicator(PLAN_ID, "地区生产总值") or gdp).departments
        store.assign("indicator", gdp.id, "市统计局", [], user="tester")  # a fresh responsibilities id
        s = store.list_statements(PLAN_ID, type="target")[0]
        store.review_statement(s.id, "已确认", user="tester")
        assert store.audit_log(plan_id=PLAN_ID, newest_first=True, limit=1)[0].entity_id == str(s.id)
        assert {r.name: r.state for r in store.round_rows(PLAN_ID, 2019)} == states
        [row] = [r for r in store.round_rows(PLAN_ID, 2019) if r.state == "已提交"]
        store.return_round_rows({row.id: "恢复后退回"}, user="tester")
    finally:
        store.dispose()


BAD_CSV = """indicator,year,value,unit,measure,source,note,extra column
地区生产总值,2016,2853.02,亿元,level,test-a,good,x
地区生产总值,2017,abc,亿元,level,test-a,not a number,x
森林覆盖率,2016,46.5,%,level,test-a,good,x
不存在的指标,2017,12,%,level,test-a,unknown indicator,x
地区生产总值,2017,8.1,%,growth,test-a,good,x
地区生产总值,2018,3046.03,万吨,level,test-a,wrong dimension,x
"""


def test_three_bad_rows_nothing_written(db_url: str, tmp_path: Path) -> None:
    build_demo_database(db_url)
    before = _export(db_url, tmp_path / "before.json")
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    code, out, err = _cli("import-actuals", str(bad), "--plan", PLAN_ID, "--db", db_url)
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith(f"{bad} 第 ")]
    assert [int(line.split(" ")[2]) for line in lines] == [3, 5, 7]  # "FILE 第 3 行 C 列（value）：…"
    assert "不是数字" in lines[0] and "未知指标" in lines[1] and "量纲" in lines[2]
    assert _export(db_url, tmp_path / "after.json") == before


def test_demo_build_twice_changes_nothing(db_url: str, tmp_path: Path) -> None:
    build_demo_database(db_url)
    first = _export(db_url, tmp_path / "1.json")
    build_demo_database(db_url)
    assert _export(db_url, tmp_path / "2.json") == first
