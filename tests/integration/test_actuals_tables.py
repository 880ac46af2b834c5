"""Actual values as a statistics bureau sends them (SQLite and PostgreSQL): percent cells, wide tables
on the second sheet, units in cells, refusals naming sheet, line and column, confirmed aliases.

Expected values follow from the definitions in guihua.store.actuals and guihua.store.tables_in.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guihua.cli.main import IO, run
from guihua.errors import InputError
from guihua.store.actuals import ActualsError, import_actuals
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, ingest


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]], formats: dict[tuple[str, str], str] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    for n, (title, rows) in enumerate(sheets.items()):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = title
        for r in rows:
            ws.append(r)
    for (title, ref), fmt in (formats or {}).items():
        wb[title][ref].number_format = fmt
    wb.save(path)
    return path


def _obs(store: Store, name: str) -> dict[tuple[str, str], Any]:
    ind = store.find_indicator(PLAN, name)
    assert ind is not None
    return {(o.period, o.measure): o for o in store.list_observations(indicator_id=ind.id)}


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def test_an_excel_percentage_is_a_percent(store: Store, tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "a.xlsx", {"数据": [["指标", "年份", "数值"], ["森林覆盖率", 2019, 0.475]]},
              {("数据", "C2"): "0.0%"})
    import_actuals(store, PLAN, p, user="u")
    o = _obs(store, "森林覆盖率")[("2019", "level")]
    assert (o.value, o.unit, o.value_converted, o.unit_converted, o.value_text) == (47.5, "%", 47.5, "%", "47.5%")


def test_a_bureau_workbook_wide_on_the_second_sheet(store: Store, tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "统计局.xlsx", {
        "说明": [["本表数据由市统计局提供。"]],
        "主要指标": [["某市主要经济社会指标"],
                     ["指标", "单位", "2018年", "２０１９年", "2020年"],
                     ["地区生产总值", "亿元", "3,046.03亿元", 3300, "3,508.5"],
                     ["森林覆盖率", "%", 0.492, 0.495, "—"],
                     ["注：2020年为快报数。"]],
    }, {("主要指标", "C4"): "0.0%", ("主要指标", "D4"): "0.00%"})
    s = import_actuals(store, PLAN, p, user="u")
    assert (s.rows, s.sheet, s.layout) == (5, "主要指标", "wide")
    gdp = _obs(store, "地区生产总值")
    assert [(k, gdp[k].value_converted) for k in sorted(gdp)] == [
        (("2018", "level"), 3046.03), (("2019", "level"), 3300.0), (("2020", "level"), 3508.5)]
    assert gdp[("2018", "level")].import_line == 3 and gdp[("2018", "level")].import_file == "统计局.xlsx"
    forest = _obs(store, "森林覆盖率")
    assert {k[0]: o.value for k, o in forest.items()} == {"2018": 49.2, "2019": 49.5}


def test_refusals_name_the_sheet_line_and_column_and_write_nothing(store: Store, tmp_path: Path) -> None:
    before, audit = store.list_observations(plan_id=PLAN), store.audit_log(plan_id=PLAN)
    p = _xlsx(tmp_path / "错.xlsx", {"主要指标": [
        ["某市主要经济社会指标"],
        ["指标", "单位", "2019年", "2020年"],
        ["地区生产总值", "亿元", "约3300", "3,508.5万吨"],
        ["森林覆盖率", "%", 49.5, 50],
    ]})
    with pytest.raises(ActualsError) as err:
        import_actuals(store, PLAN, p, user="u")
    lines = err.value.lines()
    assert lines == [f"{p}（工作表“主要指标”）第 3 行 C 列（2019年）：数值“约3300”不是数字",
                     f"{p}（工作表“主要指标”）第 3 行 B 列（单位）：数值中的单位“万吨”与单位列的“亿元”不一致"]
    assert store.list_observations(plan_id=PLAN) == before and store.audit_log(plan_id=PLAN) == audit
    code, _, stderr = _cli("import-actuals", str(p), "--plan", PLAN, "--db", store.engine.url.render_as_string(
        hide_password=False))
    assert code == 2 and lines[0] in stderr and "未写入任何数据" in stderr


def test_units_from_the_name_and_a_unit_line_and_none_at_all(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "u.csv"
    p.write_text("单位：亿元\n指标,2016年,2017年\n地区生产总值,2853.02,3100\n", encoding="utf-8")
    import_actuals(store, PLAN, p, user="u")
    p2 = tmp_path / "u2.csv"
    p2.write_text("指标,年份,数值\n地区生产总值（十亿元）,2018,304.603\n地区生产总值,2019,3300\n", encoding="utf-8")
    import_actuals(store, PLAN, p2, user="u")
    gdp = _obs(store, "地区生产总值")
    assert gdp[("2016", "level")].unit == "亿元" and gdp[("2017", "level")].value_converted == 3100
    assert (gdp[("2018", "level")].unit, gdp[("2018", "level")].value_converted) == ("十亿元", 3046.03)
    assert gdp[("2019", "level")].unit == "亿元"  # none given: the indicator's unit, stored as the value's


def test_unknown_names_get_suggestions_and_confirmed_aliases_are_remembered(store: Store, db_url: str,
                                                                            tmp_path: Path) -> None:
    p = tmp_path / "局.csv"
    p.write_text("指标,单位,2018年,2019年\n全市森林覆盖率,%,49.2,49.5\nGDP增速,%,7.9,8.0\n", encoding="utf-8")
    code, out, err = _cli("import-actuals", str(p), "--plan", PLAN, "--db", db_url)
    assert code == 2
    assert f"{p} 第 2 行 A 列（指标）：未知指标“全市森林覆盖率”，可能是：森林覆盖率（%）" in err
    assert f"{p} 第 3 行 A 列（指标）：未知指标“GDP增速”，可能是：地区生产总值（亿元）" in err
    assert "--alias" in err and store.list_observations(plan_id=PLAN) == []
    code, out, err = _cli("import-actuals", str(p), "--plan", PLAN, "--db", db_url, "--user", "王芳",
                          "--alias", "全市森林覆盖率=森林覆盖率", "--alias", "GDP增速=地区生产总值（亿元）")
    assert code == 0, err
    assert "记为别名 2 个" in out
    forest = store.find_indicator(PLAN, "森林覆盖率")
    assert forest is not None and "全市森林覆盖率" in forest.aliases
    entries = [e for e in store.audit_log(plan_id=PLAN) if e.entity == "indicator" and e.field == "aliases"]
    assert {e.user for e in entries} == {"王芳（系统用户 tester）"} and any(e.new == ["全市森林覆盖率"] for e in entries)
    gdp = _obs(store, "地区生产总值")
    assert gdp[("2019", "growth")].value == 8.0  # a name published as a growth rate is the indicator's growth
    # next year's table of the same layout needs no confirmation at all
    p2 = tmp_path / "局2020.csv"
    p2.write_text("指标,单位,2020年\n全市森林覆盖率,%,49.7\nGDP增速,%,4.0\n", encoding="utf-8")
    code, out, err = _cli("import-actuals", str(p2), "--plan", PLAN, "--db", db_url)
    assert code == 0, err
    assert _obs(store, "森林覆盖率")[("2020", "level")].value == 49.7


def test_an_alias_to_an_indicator_the_plan_lacks_is_refused(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("指标,年份,数值\n林木覆盖率,2019,49\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_actuals(store, PLAN, p, aliases={"林木覆盖率": "绿化率"}, user="u")
    assert err.value.where == "--alias" and "绿化率" in err.value.reason
    assert store.find_indicator(PLAN, "森林覆盖率").aliases == []  # type: ignore[union-attr]


def test_the_sheet_option_of_the_cli(store: Store, db_url: str, tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "两表.xlsx", {"2019": [["指标", "年份", "数值"], ["森林覆盖率", 2019, 49.5]],
                                       "2020": [["指标", "年份", "数值"], ["森林覆盖率", 2020, 49.7]]})
    code, _, err = _cli("import-actuals", str(p), "--plan", PLAN, "--db", db_url)
    assert code == 2 and "有多个含数据的工作表（“2019”、“2020”）" in err
    code, out, err = _cli("import-actuals", str(p), "--plan", PLAN, "--db", db_url, "--sheet", "2020")
    assert code == 0 and "工作表“2020”" in out
    assert list(_obs(store, "森林覆盖率")) == [("2020", "level")]


def test_a_kou_jing_column_gives_the_measure_or_keeps_a_scope_word_as_a_note(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "k.csv"
    p.write_text("指标,口径,单位,2019年\n地区生产总值,现价,亿元,3300\n地区生产总值,增速,%,8.0\n", encoding="utf-8")
    import_actuals(store, PLAN, p, user="u")
    gdp = _obs(store, "地区生产总值")
    assert (gdp[("2019", "level")].value, gdp[("2019", "level")].note) == (3300.0, "口径：现价")
    assert gdp[("2019", "growth")].value == 8.0
    # a `measure` column is strict: an unknown word is refused, naming the column
    p2 = tmp_path / "m.csv"
    p2.write_text("indicator,year,value,measure\n森林覆盖率,2019,49,share\n", encoding="utf-8")
    with pytest.raises(ActualsError) as err:
        import_actuals(store, PLAN, p2, user="u")
    assert [(d.line, d.field, d.column, d.header) for d in err.value.details] == [(2, "measure", "D", "measure")]
