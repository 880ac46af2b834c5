"""A department's Excel template of a round (guihua.store.round_templates): prefilled, protected, with
number validation; filled in and read back, every bad cell named, all lines or none."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from guihua.errors import InputError
from guihua.store import rounds
from guihua.store.access import AccessDenied
from guihua.store.records import NewObservation
from guihua.store.repository import Store, open_store
from guihua.store.round_templates import TemplateError, read_template, template_bytes
from guihua.store.table_limits import TableLimits
from tests.integration.store_helpers import PLAN, ingest

YEAR = 2018
FOREST = "市林业局"
DRC = "市发改委"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    ids = {i.name: i.id for i in s.list_indicators(PLAN)}
    s.assign("indicator", ids["地区生产总值"], DRC, [], user="规划办")
    s.assign("indicator", ids["森林覆盖率"], FOREST, [], user="规划办")
    s.assign("indicator", ids["三次产业结构"], FOREST, [], user="规划办")
    s.add_observations(PLAN, [NewObservation(indicator_id=ids["森林覆盖率"], period="2017", year_start=2017,
                                             year_end=2017, measure="level", value=46.5, value_text="46.5",
                                             unit="%", value_converted=46.5, unit_converted="%")], user="录入员")
    s.open_round(PLAN, YEAR, "2019-03-31", indicator_ids=[ids["地区生产总值"], ids["森林覆盖率"]], user="规划办")
    yield s
    s.dispose()


def _sheet(data: bytes):  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(data))
    return wb, wb["填报"]


def _save(wb) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _line(ws, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == name)


def test_template_is_prefilled_protected_and_validates_numbers(store: Store) -> None:
    wb, ws = _sheet(template_bytes(store, PLAN, YEAR, FOREST))
    headers = [c.value for c in ws[3]]
    assert headers == ["编号", "指标或项目", "单位", "2015年", "2016年", "2017年", "2018年数值", "项目进展", "备注",
                       "状态", "退回意见"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert [(r[1], r[2], r[5], r[9]) for r in rows] == [("森林覆盖率", "%", 46.5, "未填报")]  # own rows only
    assert ws.column_dimensions["A"].hidden
    assert ws.protection.sheet
    line = _line(ws, "森林覆盖率")
    assert ws.cell(line, 7).protection.locked is False and ws.cell(line, 9).protection.locked is False
    assert ws.cell(line, 2).protection.locked and ws.cell(line, 3).protection.locked
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "decimal" and f"G{line}" in str(dv.sqref)


def test_filled_template_round_trips_into_the_rows(store: Store) -> None:
    wb, ws = _sheet(template_bytes(store, PLAN, YEAR, FOREST))
    line = _line(ws, "森林覆盖率")
    ws.cell(line, 7).value = 47.2
    ws.cell(line, 9).value = "林业统计年报"
    result = read_template(store, PLAN, YEAR, FOREST, _save(wb), filename="林业.xlsx", user="林业局张三")
    assert (result.saved, result.skipped) == (1, 0)
    [row] = store.todo(PLAN, YEAR, FOREST)
    assert (row.state, row.value, row.note, row.updated_by) == ("填报中", 47.2, "林业统计年报", "林业局张三")
    # the next template shows what was saved
    _, ws2 = _sheet(template_bytes(store, PLAN, YEAR, FOREST))
    assert ws2.cell(_line(ws2, "森林覆盖率"), 7).value == 47.2


def test_bad_cells_are_named_and_nothing_is_written(store: Store) -> None:
    wb, ws = _sheet(template_bytes(store, PLAN, YEAR, FOREST))
    forest = _line(ws, "森林覆盖率")
    ws.cell(forest, 7).value = "很多"
    ws.append([9999, "伪造", "%", None, None, None, 1])
    with pytest.raises(TemplateError) as exc:
        read_template(store, PLAN, YEAR, FOREST, _save(wb), filename="林业.xlsx", user="张三")
    lines = exc.value.lines()
    assert any(f":{forest}: G 列（2018年数值）" in x and "填报" in x for x in lines), lines
    assert any(f":{ws.max_row}: A 列（编号）" in x for x in lines), lines
    assert store.todo(PLAN, YEAR, FOREST)[0].state == "未填报"


def test_a_changed_unit_is_refused(store: Store) -> None:
    wb, ws = _sheet(template_bytes(store, PLAN, YEAR, FOREST))
    line = _line(ws, "森林覆盖率")
    ws.cell(line, 3).value = "‰"
    ws.cell(line, 7).value = 470
    with pytest.raises(TemplateError) as exc:
        read_template(store, PLAN, YEAR, FOREST, _save(wb), filename="林业.xlsx", user="张三")
    assert "C 列（单位）" in exc.value.lines()[0]


def test_rows_of_another_department_are_refused(store: Store) -> None:
    wb, ws = _sheet(template_bytes(store, PLAN, YEAR, DRC))
    ws.cell(_line(ws, "地区生产总值"), 7).value = 2900
    with pytest.raises(AccessDenied) as exc:
        read_template(store, PLAN, YEAR, FOREST, _save(wb), filename="发改.xlsx", user="张三")
    assert exc.value.problems and "市发改委" in exc.value.problems[0][1]
    assert store.round_rows(PLAN, YEAR, department=DRC)[0].state == "未填报"


def test_not_a_template_and_too_large_are_refused(store: Store) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.active.append(["指标", "年份", "数值"])
    with pytest.raises(InputError, match="不是 2018 年填报模板"):
        read_template(store, PLAN, YEAR, FOREST, _save(wb), filename="x.xlsx", user="张三")
    data = template_bytes(store, PLAN, YEAR, FOREST)
    with pytest.raises(InputError, match="超过"):
        read_template(store, PLAN, YEAR, FOREST, data, filename="x.xlsx", user="张三",
                      limits=TableLimits(max_file_bytes=len(data) - 1))


def test_submitted_rows_are_skipped_when_unchanged_and_refused_when_changed(store: Store) -> None:
    [row] = store.todo(PLAN, YEAR, FOREST)
    rounds.fill(store, row.id, value="47", user="张三", department=FOREST)
    store.submit_round_rows([row.id], user="张三", department=FOREST)
    data = template_bytes(store, PLAN, YEAR, FOREST)
    assert read_template(store, PLAN, YEAR, FOREST, data, filename="x.xlsx", user="张三").skipped == 1
    wb, ws = _sheet(data)
    ws.cell(_line(ws, "森林覆盖率"), 7).value = 48
    with pytest.raises(TemplateError, match="1 行有误"):
        read_template(store, PLAN, YEAR, FOREST, _save(wb), filename="x.xlsx", user="张三")
