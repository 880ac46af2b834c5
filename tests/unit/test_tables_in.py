"""Reading tables as offices hold them (guihua.store.tables_in): cells with their real types, long and
wide layouts, titles and notes around the table, the choice of sheet. Tables written here by hand."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from guihua.errors import InputError
from guihua.store.tables_in import (
    Cell,
    SheetChoice,
    cell_period,
    cell_quantity,
    column_letter,
    is_unit,
    read_table_bytes,
    split_name_unit,
)


def _xlsx(sheets: dict[str, list[list[Any]]], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for title, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        for r in rows:
            ws.append(r)
    for (title, ref), fmt in (formats or {}).items():
        wb[title][ref].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- cells

def test_numbers_as_people_write_them() -> None:
    assert cell_quantity(Cell("3,508.5亿元")) == (3508.5, "亿元")
    assert cell_quantity(Cell("12,345,678")) == (12345678.0, None)
    assert cell_quantity(Cell("４．５％")) == (4.5, "%")  # full-width digits and sign
    assert cell_quantity(Cell("7.4％")) == (7.4, "%")
    assert cell_quantity(Cell(" -2.5 ")) == (-2.5, None)
    assert cell_quantity(Cell("10.7年")) == (10.7, "年")
    assert cell_quantity(Cell("2.6件/万人")) == (2.6, "件/万人")


@pytest.mark.parametrize("text", ["约3000", "3,50", "12,34.5", "三千", "3000左右", "n/a", "1.2.3"])
def test_what_is_not_a_number_is_refused_with_the_text(text: str) -> None:
    with pytest.raises(ValueError) as err:
        cell_quantity(Cell(text))
    assert text in str(err.value)


def test_blank_value_says_it_is_missing() -> None:
    with pytest.raises(ValueError, match="缺少数值"):
        cell_quantity(Cell("  "))


def test_a_percentage_cell_is_a_percent_not_a_fraction() -> None:
    assert cell_quantity(Cell("4.5%", number=0.045, percent=True)) == (4.5, "%")
    assert cell_quantity(Cell("7.3%", number=0.073, percent=True)) == (7.3, "%")  # no binary noise
    assert cell_quantity(Cell("0.045", number=0.045)) == (0.045, None)  # a plain number stays as it is


def test_years_and_periods() -> None:
    assert cell_period(Cell("2020")) == ("2020", 2020, 2020)
    assert cell_period(Cell("2020年")) == ("2020", 2020, 2020)
    assert cell_period(Cell("２０２０年")) == ("2020", 2020, 2020)
    assert cell_period(Cell("2020年度")) == ("2020", 2020, 2020)
    assert cell_period(Cell("2016—2020年")) == ("2016-2020", 2016, 2020)
    assert cell_period(Cell("2016年-2020年")) == ("2016-2020", 2016, 2020)
    assert cell_period(Cell("2019-12-31", year=2019)) == ("2019", 2019, 2019)  # a date cell
    assert cell_period(Cell("2020", number=2020.0)) == ("2020", 2020, 2020)
    for bad in ("二〇二〇", "20x0", "2020-2016", "十三五", "2020.5"):
        assert cell_period(Cell(bad)) is None


def test_unit_in_the_name() -> None:
    assert split_name_unit("粮食产量（万吨）") == ("粮食产量", "万吨")
    assert split_name_unit("人均地区生产总值(元)") == ("人均地区生产总值", "元")
    # a bracket that is a remark, not a unit, stays part of the name
    assert split_name_unit("城镇化率(常住)") == ("城镇化率(常住)", None)
    assert split_name_unit("每千人拥有执业(助理)医师数") == ("每千人拥有执业(助理)医师数", None)


def test_units_are_told_from_words() -> None:
    assert all(is_unit(u) for u in ("亿元", "万吨", "%", "件/万人", "十亿元", "个百分点", "万人次"))
    assert not any(is_unit(u) for u in ("十三五", "常住", "七普", "现价", ""))


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 2, 25, 26, 27)] == ["A", "C", "Z", "AA", "AB"]


# ---------------------------------------------------------------------------- layouts

def test_long_table_with_chinese_headers_a_title_above_and_a_note_below() -> None:
    csv_text = ("某市主要指标完成情况\n"
                "\n"
                "指标,年份,数值,单位,来源\n"
                "森林覆盖率,2019年,49.5,%,统计公报\n"
                "地区生产总值,2019,\"3,300\",亿元,统计公报\n"
                "注：2019年数据为快报数。\n")
    t = read_table_bytes("表.csv", csv_text.encode("utf-8"))
    assert (t.layout, t.header_line, t.sheet) == ("long", 3, None)
    assert [r.line for r in t.records] == [4, 5]
    assert t.records[1].text("value") == "3,300"
    assert t.records[0].cells["year"].column == "B" and t.records[0].cells["year"].header == "年份"


def test_wide_table_years_as_columns_with_unit_row_heading_and_no_data_marks() -> None:
    csv_text = ("某市国民经济主要指标（2016-2020年）\n"
                "单位：万吨\n"
                "指标,2016年,2017年,２０１８年,2019,2020年\n"
                "一、农业\n"
                "粮食产量,331.8,\"3,320.5\",—,330,\n"
                "蔬菜产量,,200,210,…,220\n"
                "资料来源：市统计局。\n")
    t = read_table_bytes("宽表.csv", csv_text.encode("gb18030"))
    assert t.layout == "wide" and t.table_unit == "万吨"
    got = [(r.line, r.text("indicator"), r.text("year"), r.text("value"), r.cells["value"].column) for r in t.records]
    assert got == [(5, "粮食产量", "2016年", "331.8", "B"), (5, "粮食产量", "2017年", "3,320.5", "C"),
                   (5, "粮食产量", "2019", "330", "E"), (6, "蔬菜产量", "2017年", "200", "C"),
                   (6, "蔬菜产量", "2018年", "210", "D"), (6, "蔬菜产量", "2020年", "220", "F")]
    assert t.records[0].cells["value"].header == "2016年"


def test_wide_table_with_unit_and_measure_columns_and_a_nameless_first_header() -> None:
    data = _xlsx({"Sheet1": [["", "单位", "口径", 2019, 2020],
                             ["城镇调查失业率", "%", "", 0.051, 0.052],
                             ["地区生产总值", "亿元", "现价", 3300, 3508.5]]},
                 {("Sheet1", "D2"): "0.0%", ("Sheet1", "E2"): "0.0%"})
    t = read_table_bytes("宽表.xlsx", data)
    assert t.layout == "wide" and t.sheet == "Sheet1"
    first = t.records[0]
    assert first.text("indicator") == "城镇调查失业率" and first.cells["value"].percent
    assert cell_quantity(first.cells["value"]) == (5.1, "%")
    assert t.records[2].text("measure") == "现价" and t.records[2].cells["measure"].header == "口径"


def test_a_date_cell_in_the_year_column_is_its_year() -> None:
    data = _xlsx({"数据": [["指标", "年份", "数值"], ["森林覆盖率", dt.date(2019, 12, 31), 49.5]]})
    t = read_table_bytes("a.xlsx", data)
    assert cell_period(t.records[0].cells["year"]) == ("2019", 2019, 2019)


def test_no_header_found_is_said_in_chinese_naming_the_file() -> None:
    with pytest.raises(InputError) as err:
        read_table_bytes("乱.csv", "甲,乙\n1,2\n".encode())
    assert err.value.where.startswith("乱.csv") and "未找到表头" in err.value.reason


def test_long_header_missing_a_column_names_it() -> None:
    with pytest.raises(InputError) as err:
        read_table_bytes("缺.csv", "指标,数值\n森林覆盖率,49\n".encode())
    assert "年份（year）" in err.value.reason and err.value.where == "缺.csv:1"


# ---------------------------------------------------------------------------- sheets

def test_the_only_sheet_with_data_is_read_and_named() -> None:
    data = _xlsx({"说明": [["本表由市统计局提供，数据截至2021年3月。"]],
                  "主要指标": [["指标", "2019年", "2020年"], ["森林覆盖率", 49.5, 49.7]]})
    t = read_table_bytes("统计局.xlsx", data)
    assert t.sheet == "主要指标" and t.where == "统计局.xlsx（工作表“主要指标”）"
    assert len(t.records) == 2


def test_several_sheets_with_data_ask_which_and_a_choice_is_honoured() -> None:
    data = _xlsx({"2019": [["指标", "年份", "数值"], ["森林覆盖率", 2019, 49.5]],
                  "2020": [["指标", "年份", "数值"], ["森林覆盖率", 2020, 49.7]]})
    with pytest.raises(SheetChoice) as err:
        read_table_bytes("两表.xlsx", data)
    assert err.value.sheets == ["2019", "2020"] and "--sheet" in err.value.reason
    assert read_table_bytes("两表.xlsx", data, sheet="2020").records[0].text("year") == "2020"
    assert read_table_bytes("两表.xlsx", data, sheet="1").sheet == "2019"  # by number
    with pytest.raises(InputError) as bad:
        read_table_bytes("两表.xlsx", data, sheet="2021")
    assert "没有名为“2021”的工作表" in bad.value.reason and "“2019”" in bad.value.reason


def test_a_damaged_workbook_and_an_unknown_type_are_refused() -> None:
    with pytest.raises(InputError, match="Excel"):
        read_table_bytes("坏.xlsx", b"not a zip")
    with pytest.raises(InputError, match="不支持的文件类型"):
        read_table_bytes("表.ods", b"x")
