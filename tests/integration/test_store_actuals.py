"""Actual values: period values, unit conversion, conflicts, mapping, bad rows (SQLite and PostgreSQL).

Written from the definitions in guihua.store.actuals.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from guihua.errors import ConflictError, InputError
from guihua.store.actuals import ActualsError, import_actuals, parse_period
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, ingest

HEAD = "indicator,year,value,unit,measure,source,note\n"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _csv(tmp_path: Path, body: str, name: str = "a.csv") -> Path:
    p = tmp_path / name
    p.write_text(HEAD + body, encoding="utf-8")
    return p


def _obs(store: Store, name: str) -> list:
    ind = store.find_indicator(PLAN, name)
    assert ind is not None
    return store.list_observations(indicator_id=ind.id)


def test_parse_period() -> None:
    assert parse_period("2018") == ("2018", 2018, 2018)
    assert parse_period("2016-2020") == ("2016-2020", 2016, 2020)
    assert parse_period("2016—2020年") == ("2016-2020", 2016, 2020)
    assert parse_period("2018.0") == ("2018", 2018, 2018)
    assert parse_period("2020-2016") is None
    assert parse_period("十三五") is None


def test_levels_convert_to_the_indicator_unit_and_periods_are_kept(store: Store, tmp_path: Path) -> None:
    p = _csv(tmp_path, "地区生产总值,2018,304.603,十亿元 (billion yuan),,s1,\n"
                       "地区生产总值,2016-2020,7.4,%,growth,s2,\n"
                       "地区生产总值,2019,8,%,growth,s2,\n"
                       "三次产业结构,2020,12.6:33.0:54.4,ratio,,s3,\n")
    s = import_actuals(store, PLAN, p, user="u")
    assert s.rows == 4 and s.conflicts == 0
    by = {(o.period, o.measure): o for o in _obs(store, "地区生产总值")}
    level = by[("2018", "level")]
    assert (level.value, level.unit, level.value_converted, level.unit_converted) == (
        304.603, "十亿元 (billion yuan)", 3046.03, "亿元")
    period = by[("2016-2020", "growth")]
    assert (period.year_start, period.year_end, period.is_period, period.value_converted) == (2016, 2020, True, 7.4)
    assert not by[("2019", "growth")].is_period
    ratio = _obs(store, "三次产业结构")[0]
    assert (ratio.measure, ratio.values, ratio.value) == ("structure", [12.6, 33.0, 54.4], None)
    assert level.import_line == 2 and level.import_file == "a.csv" and level.source == "s1"


def test_two_values_for_one_year_are_kept_side_by_side_as_a_conflict(store: Store, tmp_path: Path) -> None:
    p = _csv(tmp_path, "森林覆盖率,2015,45.91,%,,英文政府网,\n"
                       "森林覆盖率,2015,44.67,%,,城市概况,\n"
                       "地区生产总值,2023,4190.87,亿元,,s1,\n"
                       "地区生产总值,2023,41908.7,十亿元,,s2,\n"
                       "地区生产总值,2022,3800,亿元,,s1,\n"
                       "地区生产总值,2022,380,十亿元,,s2,\n")
    import_actuals(store, PLAN, p, user="u")
    forest = _obs(store, "森林覆盖率")
    assert sorted(o.value for o in forest) == [44.67, 45.91] and all(o.is_conflict for o in forest)
    gdp = {(o.period, o.source): o for o in _obs(store, "地区生产总值")}
    assert not gdp[("2022", "s1")].is_conflict and not gdp[("2022", "s2")].is_conflict  # same after conversion
    assert gdp[("2023", "s1")].is_conflict and gdp[("2023", "s2")].is_conflict
    # correcting the wrong one clears both flags (audited)
    wrong = gdp[("2023", "s2")]
    fixed = store.set_observation(wrong.id, {"value": 419.087}, user="审核员", expected_version=wrong.row_version)
    assert fixed.value_converted == 4190.87 and not fixed.is_conflict
    assert not store.get_observation(gdp[("2023", "s1")].id).is_conflict
    with pytest.raises(ConflictError):
        store.set_observation(wrong.id, {"note": "x"}, user="另一人", expected_version=wrong.row_version)
    assert any(e.field == "is_conflict" and e.new is False for e in store.audit_log(plan_id=PLAN))


def test_a_later_import_conflicting_with_a_stored_value_flags_both(store: Store, tmp_path: Path) -> None:
    import_actuals(store, PLAN, _csv(tmp_path, "森林覆盖率,2016,46,%,,a,\n", "1.csv"), user="u")
    import_actuals(store, PLAN, _csv(tmp_path, "森林覆盖率,2016,47,%,,b,\n", "2.csv"), user="u")
    assert [o.is_conflict for o in _obs(store, "森林覆盖率")] == [True, True]


def test_every_bad_row_is_reported_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    import_actuals(store, PLAN, _csv(tmp_path, "森林覆盖率,2016,46,%,,stored,\n", "first.csv"), user="u")
    before = store.list_observations(plan_id=PLAN)
    audit = store.audit_log(plan_id=PLAN)
    p = _csv(tmp_path, "地区生产总值,2016,2853.02,亿元,,s,\n"          # 2 good
                       "未知指标,2016,1,%,,s,\n"                       # 3 unknown indicator
                       "地区生产总值,2017,约3000,亿元,,s,\n"            # 4 not a number
                       "地区生产总值,2017,3000,万吨,,s,\n"              # 5 wrong dimension
                       "地区生产总值,2031,3000,亿元,,s,\n"              # 6 outside the plan's range
                       "地区生产总值,2016,2853.02,亿元,,s,\n"           # 7 duplicate of line 2
                       "森林覆盖率,2016,46,%,,stored,\n"               # 8 duplicate of a stored value
                       "地区生产总值,2017,9,亿元,growth,s,\n"           # 9 growth not in %
                       "地区生产总值,二〇一七,9,%,growth,s,\n"          # 10 not a year
                       "三次产业结构,2020,12.6/33/54.4,,structure,s,\n"  # 11 not a ratio
                       "地区生产总值,2018,3000,亿元,,s,\n")             # 12 good
    with pytest.raises(ActualsError) as err:
        import_actuals(store, PLAN, p, user="u")
    assert [line for line, _ in err.value.problems] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    reasons = dict(err.value.problems)
    assert "未知指标" in reasons[3] and "不是数字" in reasons[4] and "量纲" in reasons[5]
    assert "超出规划期" in reasons[6] and "第 2 行" in reasons[7] and "数据库" in reasons[8]
    assert store.list_observations(plan_id=PLAN) == before
    assert store.audit_log(plan_id=PLAN) == audit


def test_header_synonyms_extra_columns_and_multiline_records(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "pub.csv"
    p.write_text('indicator_cn,year,value,unit,note,source_url,source_quote,whatever\n'
                 '森林覆盖率,2016,46,%,"two\nlines",http://x,"原文 46%",z\n'
                 '森林覆盖率,2017,abc,%,,http://x,,z\n', encoding="utf-8")
    with pytest.raises(ActualsError) as err:
        import_actuals(store, PLAN, p, user="u")
    assert err.value.problems[0][0] == 3  # the record number, as a spreadsheet shows it


def test_xlsx_import(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["indicator", "year", "value", "unit", "measure", "source", "note"])
    ws.append(["森林覆盖率", 2017, 47.5, "%", None, "xlsx", None])
    ws.append(["地区生产总值", "2016-2020", 7.4, "%", "growth", "xlsx", None])
    ws.append(["地区生产总值", 2017, "n/a", "亿元", None, "xlsx", None])
    p = tmp_path / "a.xlsx"
    wb.save(p)
    with pytest.raises(ActualsError) as err:
        import_actuals(store, PLAN, p, user="u")
    assert err.value.problems == [(4, "数值“n/a”不是数字")]
    ws.delete_rows(4)
    wb.save(p)
    assert import_actuals(store, PLAN, p, user="u").rows == 2
    assert [o.value for o in _obs(store, "森林覆盖率")] == [47.5]


def test_mapping_names_indicators_flags_and_new_series(store: Store, tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text(
        "source_indicator,years,unit,plan_indicator,measure,unit_as,flag,reason,note\n"
        "GDP,,,地区生产总值,level,,,,\n"
        "GDP,2018+,,地区生产总值,level,,not_comparable,经济普查修订,\n"
        "粮食总产量,,,粮食产量,level,,,,\n"
        "粮食总产量,2016..2017,,粮食产量,level,,not_comparable,统计范围不同,\n"
        "GDP增速,,,地区生产总值,growth,,,,\n", encoding="utf-8")
    p = _csv(tmp_path, "GDP,2016,2853.02,亿元,,s,\n"
                       "GDP,2019,3300,亿元,,s,\n"
                       "GDP增速,2019,8,%,,s,\n"
                       "粮食总产量,2016,331.78,万吨,,s,\n"
                       "粮食总产量,2018,3167454,吨,,s,\n"
                       "粮食总产量,2019,330,万吨,,s,\n")
    s = import_actuals(store, PLAN, p, mapping=mapping, user="u")
    assert s.indicators_created == ["粮食产量"] and s.not_comparable == 2
    gdp = {(o.period, o.measure): o for o in _obs(store, "地区生产总值")}
    assert not gdp[("2016", "level")].is_not_comparable
    assert gdp[("2019", "level")].comparability_reason == "经济普查修订"
    assert gdp[("2019", "growth")].source_indicator == "GDP增速"
    grain = {o.period: o for o in _obs(store, "粮食产量")}
    assert store.find_indicator(PLAN, "粮食产量").origin == "data"  # type: ignore[union-attr]
    assert grain["2018"].value_converted == 316.7454 and grain["2018"].unit_converted == "万吨"
    assert grain["2016"].is_not_comparable and not grain["2018"].is_not_comparable
    with pytest.raises(ActualsError):  # without the mapping, "GDP" is unknown
        import_actuals(store, PLAN, _csv(tmp_path, "GDP,2020,1,亿元,,t,\n", "b.csv"), user="u")


def test_a_bad_mapping_file_names_its_line(store: Store, tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text("source_indicator,years,plan_indicator,flag,reason\nGDP,,地区生产总值,scope,\n",
                       encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_actuals(store, PLAN, _csv(tmp_path, "GDP,2020,1,亿元,,t,\n"), mapping=mapping, user="u")
    assert err.value.where.endswith("m.csv:2")


def test_an_indicator_given_only_as_a_rate_takes_its_unit_from_the_data(store: Store, tmp_path: Path) -> None:
    from tests.integration.store_helpers import RAW, statements

    stmts = statements()
    stmts[1].indicator = stmts[1].indicator_key = "居民收入"  # only a growth target
    ingest(store, raw=RAW + "x", stmts=stmts)
    p = _csv(tmp_path, "居民收入,2016,2.1,万元,,s,\n居民收入,2017,22000,元,,s,\n")
    import_actuals(store, PLAN, p, user="u")
    ind = store.find_indicator(PLAN, "居民收入")
    assert ind is not None and ind.unit == "万元"
    assert [o.value_converted for o in store.list_observations(indicator_id=ind.id)] == [2.1, 2.2]


def test_rows_in_memory_import_the_same_way(store: Store) -> None:
    from guihua.store.actuals import import_rows

    rows = [{"indicator": "森林覆盖率", "year": 2017, "value": 47.5, "unit": "%"},
            {"indicator": "森林覆盖率", "year": "2018", "value": "四十八", "unit": "%"}]
    with pytest.raises(ActualsError) as err:
        import_rows(store, PLAN, rows, name="网页填报", user="u")
    assert err.value.problems == [(3, "数值“四十八”不是数字")]
    s = import_rows(store, PLAN, rows[:1], name="网页填报", user="u")
    o = store.get_observation(s.observation_ids[0])
    assert (o.period, o.value, o.import_file, o.import_line) == ("2017", 47.5, "网页填报", 2)
