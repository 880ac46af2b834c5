"""Statuses end to end on a small plan written for these tests (plan text -> ingest -> actuals ->
`guihua progress --json` and the web's target JSON), on SQLite and PostgreSQL; and where the
约束性/预期性 of an indicator comes from (plan, proposed, review)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from guihua.monitoring.export import PROGRESS_FIELDS
from guihua.store.repository import open_store

PLAN = "qingchuan-13th"
PLAN_TEXT = """青川市国民经济和社会发展第十三个五年规划纲要

第一章 发展基础

“十二五”时期，全市经济平稳发展。2015年，地区生产总值达到100亿元，城镇登记失业率为4.0%，森林覆盖率达到67%。

第二章 发展目标

到2020年，地区生产总值年均增长7.5%左右。城镇登记失业率控制在4.5%以内。森林覆盖率达到66%以上。单位地区生产总值能源消耗累计降低15%。
"""
ACTUALS = """indicator,year,value,unit,measure,source,note
地区生产总值,2018,122,亿元,level,统计公报,
城镇登记失业率,2018,4.6,%,level,统计公报,
森林覆盖率,2018,67.5,%,level,统计公报,
单位地区生产总值能源消耗,2015,1.0,吨标准煤,level,统计公报,
单位地区生产总值能源消耗,2018,0.9,吨标准煤,level,统计公报,
"""


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def loaded(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN_TEXT, encoding="utf-8")
    code, _, err = _cli("ingest", str(plan), "--plan", PLAN, "--period", "2016-2020", "--db", db_url)
    assert code == 0, err
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(ACTUALS, encoding="utf-8")
    code, _, err = _cli("import-actuals", str(actuals), "--plan", PLAN, "--db", db_url)
    assert code == 0, err
    return db_url, plan


def _by_indicator(records: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {r["indicator"]: r for r in records}


def test_progress_json_statuses_on_a_small_plan(loaded: tuple[str, Path]) -> None:
    db_url, _ = loaded
    code, out, err = _cli("progress", "--plan", PLAN, "--year", "2018", "--json", "--db", db_url)
    assert code == 0, err
    records = json.loads(out)
    assert isinstance(records, list) and len(records) == 4
    for r in records:
        assert list(r) == list(PROGRESS_FIELDS)
        assert r["working"]
    by = _by_indicator(records)
    # 年均增长 7.5% 左右 from the plan's 100 亿元 (2015) to 122 亿元 (2018), no growth rates published:
    # (122/100)^(1/3) - 1 = 6.853 %; 6.853 / 7.5 = 0.914 -> 基本符合预期, 适度进展
    gdp = by["地区生产总值"]
    assert (gdp["kind"], gdp["comparator"], gdp["target_value"], gdp["unit"], gdp["year"]) == ("growth", "~", 7.5, "%", 2020)
    assert gdp["method"] == "growth_from_levels" and gdp["actual_year"] == 2018
    assert gdp["actual"] == pytest.approx((1.22 ** (1 / 3) - 1) * 100, abs=1e-5)
    assert gdp["ratio"] == pytest.approx(0.9137, abs=1e-4) and gdp["intl_ratio"] == pytest.approx(0.9137, abs=1e-4)
    assert (gdp["status"], gdp["intl_band"]) == ("基本符合预期", "适度进展")
    assert gdp["derived"] and "122" in gdp["derived"]
    # 控制在 4.5% 以内 from 4.0: 4.6 breaches the cap
    cap = by["城镇登记失业率"]
    assert (cap["status"], cap["intl_band"], cap["ratio"]) == ("滞后", "偏离目标", None)
    assert cap["target_text"] == "≤ 4.5%"
    # 达到 66% 以上 from 67 (met at base), 67.5: kept
    forest = by["森林覆盖率"]
    assert (forest["status"], forest["intl_band"], forest["method"]) == ("提前实现", "已达目标", "maintain")
    # 累计降低 15%: 1.0 -> 0.9 by 2018 is -10 % against (0.85^0.6 - 1) = -9.29 % expected -> ratio 1.077
    energy = by["单位地区生产总值能源消耗"]
    assert energy["target_text"] == "较基期降低 15%"
    assert energy["actual"] == pytest.approx(-10.0)
    assert energy["ratio"] == pytest.approx(10 / (100 * (1 - 0.85 ** 0.6)), abs=1e-4)
    assert (energy["status"], energy["intl_band"]) == ("快于预期", "显著进展")
    # the database predates directions from extraction here: the working says how it was read
    if energy["direction"] is None:
        assert "未记录增减方向" in str(energy["working"])


def test_web_target_json_uses_the_same_field_names(loaded: tuple[str, Path]) -> None:
    from guihua.web.app import Settings
    from tests.integration.web_fixture import add_accounts, signed_in

    db_url, _ = loaded
    _, out, _ = _cli("progress", "--plan", PLAN, "--year", "2018", "--json", "--db", db_url)
    cli = {r["target_id"]: r for r in json.loads(out)}
    add_accounts(db_url, ("viewer",))  # reading needs a login; any account may read
    with signed_in(Settings(database_url=db_url), "viewer") as client:
        for target_id, expected in cli.items():
            data = client.get(f"/api/plans/{PLAN}/targets/{target_id}", params={"year": 2018}).json()["target"]
            assert set(PROGRESS_FIELDS) <= set(data)
            for field in ("target_id", "kind", "comparator", "target_value", "unit", "year", "actual", "actual_year",
                          "status", "intl_band", "ratio", "intl_ratio", "method", "working", "attribute"):
                assert data[field] == expected[field], field
        # the proposed attribute is marked as such on the indicator's page
        forest = next(r for r in cli.values() if r["indicator"] == "森林覆盖率")
        key = client.get(f"/api/plans/{PLAN}/targets/{forest['target_id']}").json()["target"]["indicator_key"]
        page = client.get(f"/plans/{PLAN}/indicators/{key}").text
        assert "约束性（拟定，待审核）" in page


def test_attribute_proposed_from_the_national_list_until_reviewed(loaded: tuple[str, Path]) -> None:
    db_url, plan = loaded
    store = open_store(db_url)
    try:
        inds = {i.name: i for i in store.list_indicators(PLAN)}
        # 森林覆盖率 and 单位GDP能耗 are binding in the national plans; the plan itself does not say
        assert (inds["森林覆盖率"].attribute, inds["森林覆盖率"].attribute_source) == ("约束性", "proposed")
        energy = inds["单位地区生产总值能源消耗"]
        assert (energy.attribute, energy.attribute_source) == ("约束性", "proposed")
        # 城镇登记失业率 is not on the list: no attribute is made up
        assert (inds["城镇登记失业率"].attribute, inds["城镇登记失业率"].attribute_source) == (None, None)
        proposals = [a for a in store.audit_log(plan_id=PLAN, entity="indicator") if a.field == "attribute_source"]
        assert {a.new for a in proposals} == {"proposed"}
        forest_id = inds["森林覆盖率"].id
    finally:
        store.dispose()
    _, out, _ = _cli("progress", "--plan", PLAN, "--year", "2018", "--json", "--db", db_url)
    forest = _by_indicator(json.loads(out))["森林覆盖率"]
    assert (forest["attribute"], forest["attribute_source"]) == ("约束性", "proposed")

    # a person reviews it (here: says 预期性); a new version of the plan does not overturn the review
    code, _, err = _cli("indicator", str(forest_id), "--set", "attribute=预期性", "--user", "审核人", "--db", db_url)
    assert code == 0, err
    plan.write_text(PLAN_TEXT + "\n第三章 保障措施\n\n加强组织领导。\n", encoding="utf-8")
    code, out, err = _cli("ingest", str(plan), "--plan", PLAN, "--period", "2016-2020", "--db", db_url)
    assert code == 0 and "第 2 版" in out, err
    store = open_store(db_url)
    try:
        forest_ind = store.get_indicator(forest_id)
        assert (forest_ind.attribute, forest_ind.attribute_source) == ("预期性", "review")
    finally:
        store.dispose()
    code, out, _ = _cli("indicators", "--plan", PLAN, "--db", db_url)
    assert "约束性（拟定）" in out  # the energy indicator is still a proposal
    assert "\t预期性\t" in out


def test_attribute_from_the_plan_wins_over_the_list(new_db: object, tmp_path: Path) -> None:
    from guihua.store.attributes import binding_match

    assert binding_match(["单位GDP能耗"]) is not None
    assert binding_match(["地表水达到或好于Ⅲ类水体比例"]) is not None
    assert binding_match(["城市PM2.5平均浓度"]) is not None
    assert binding_match(["单位工业增加值能耗"]) is None  # not the GDP energy intensity
    assert binding_match(["单位工业增加值用水量"]) is None
    assert binding_match(["万元地区生产总值用水量"]) is not None
    assert binding_match(["城镇登记失业率"]) is None
    url = new_db()  # type: ignore[operator]
    from guihua.extraction.model import Statement
    from guihua.store.attributes import propose_attributes

    store = open_store(url)
    try:
        said = Statement(type="target", kind="level", indicator="森林覆盖率", value=66, unit="%", comparator=">=",
                         year=2020, quote="森林覆盖率达到66%以上", start=0, end=11, attribute="预期性")
        store.ingest(plan_id="p", title="t", region=None, period=(2016, 2020), period_source=None, source="x",
                     format="txt", encoding="utf-8", sha256="0" * 64, raw_text="森林覆盖率达到66%以上。", repairs=[],
                     nodes=[], statements=[said], user="u")
        (ind,) = store.list_indicators("p")  # ingest proposed attributes in its own transaction
        assert (ind.attribute, ind.attribute_source) == ("预期性", "plan")
        with store.atomic() as conn:
            again = propose_attributes(conn, "p", user="u", stamp="2026-01-01T00:00:00.000000Z")
        assert (again.plan, again.proposed, again.reviewed) == (0, 0, 0)  # nothing more to change
    finally:
        store.dispose()


def test_migration_0008_marks_existing_attributes(db_url: str) -> None:
    """An attribute a person changed (audited update) becomes `review`, any other existing one `plan`."""
    from sqlalchemy import insert, text

    from guihua.store import migrate
    from guihua.store import schema as t
    from guihua.store.repository import create_store_engine

    engine = create_store_engine(db_url)
    try:
        migrate.upgrade(engine, "0006_direction_attribute")
        stamp = "2020-01-01T00:00:00Z"
        with engine.begin() as conn:
            conn.execute(insert(t.plans).values(id="old", title="旧库", created_at=stamp, row_version=1))
            for i, attr in ((1, "约束性"), (2, "预期性"), (3, None)):
                # the 0006 columns only (the head table has later columns with defaults)
                conn.execute(text("INSERT INTO indicators (id, plan_id, key, name, aliases_json, attribute, origin, "
                                  "created_at, row_version) VALUES (:i, 'old', :k, :n, '[]', :a, 'plan', :s, 1)"),
                             {"i": i, "k": f"k{i}", "n": f"指标{i}", "a": attr, "s": stamp})
            conn.execute(insert(t.audit_log).values(plan_id="old", at=stamp, user="甲", action="update",
                                                    entity="indicator", entity_id="2", field="attribute",
                                                    old="null", new='"预期性"'))
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    store = open_store(db_url)
    try:
        got = {i.id: (i.attribute, i.attribute_source) for i in store.list_indicators("old")}
    finally:
        store.dispose()
    assert got == {1: ("约束性", "plan"), 2: ("预期性", "review"), 3: (None, None)}
