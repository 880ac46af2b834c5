"""Indicator tables read as tables: Word (python-docx), PDF (LibreOffice from the same .docx, read with
pdfplumber), markdown and plain text. The expected records are written from the table's meaning:
the table's period is 2021-2025 (header years 2020 and 2025), so 2020 values are baselines and 2025
values targets; 年均增长 is a growth target; a "〔 〕" value is a total over the period (a change in
percentage points for a rate, a change for a stock whose levels the row gives, else cumulative);
">"/"<" and 左右 are comparators; the unit is in the indicator cell; 属性 gives the attribute.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from guihua.documents import build_outline, locate, read, read_text, section_label
from guihua.documents.tables import Cell, Table
from guihua.extraction import extract_targets
from guihua.extraction.model import Statement
from guihua.extraction.table_cells import name_and_unit, value_text
from guihua.extraction.table_grid import table_statements

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "tests" / "data" / "tables"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_tables", TABLES / "build_tables.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


P, T = "预期性", "约束性"
EXPECTED = {
    ("baseline", "level", "地区生产总值", 3200, "亿元", None, 2020, P),
    ("target", "level", "地区生产总值", 4500, "亿元", ">=", 2025, P),
    ("target", "growth", "地区生产总值", 7, "%", "~", 2025, P),
    ("target", "growth", "全员劳动生产率", 6.5, "%", ">=", 2025, P),
    ("baseline", "level", "常住人口城镇化率", 58.6, "%", None, 2020, P),
    ("target", "level", "常住人口城镇化率", 65, "%", ">=", 2025, P),
    ("target", "change", "常住人口城镇化率", 6.4, "个百分点", ">=", 2025, P),
    ("baseline", "level", "研发经费投入强度", 2.1, "%", None, 2020, P),
    ("target", "level", "研发经费投入强度", 2.8, "%", ">=", 2025, P),
    ("target", "change", "研发经费投入强度", 0.7, "个百分点", ">=", 2025, P),
    ("baseline", "level", "每万人口高价值发明专利拥有量", 3.5, "件", None, 2020, P),
    ("target", "level", "每万人口高价值发明专利拥有量", 8, "件", ">=", 2025, P),
    ("target", "change", "每万人口高价值发明专利拥有量", 4.5, "件", ">=", 2025, P),
    ("target", "cumulative", "城镇新增就业人数", 30, "万人", ">=", 2025, P),
    ("baseline", "level", "城镇调查失业率", 5.2, "%", None, 2020, P),
    ("target", "level", "城镇调查失业率", 5.5, "%", "<=", 2025, P),
    ("target", "change", "单位地区生产总值能源消耗", 13.5, "%", ">=", 2025, T),
    ("baseline", "level", "森林覆盖率", 62.1, "%", None, 2020, T),
    ("target", "level", "森林覆盖率", 63, "%", ">=", 2025, T),
}


def _records(sts: list[Statement]) -> set[tuple[object, ...]]:
    return {(s.type, s.kind, s.indicator, s.value, s.unit, s.comparator, s.year, s.attribute) for s in sts}


def _check_offsets(raw: str, sts: list[Statement]) -> None:
    for s in sts:
        assert raw[s.start:s.end] == s.quote
        a, b = s.extra["cell"]
        assert s.end == b and s.start < a
        cell = raw[a:b]
        assert cell.strip() and cell.replace(" ", "").replace("\n", "") in s.quote.replace(" ", "").replace("\n", "")
        assert value_text(cell).lstrip("[〔(<>").startswith(f"{s.value:g}"[:3])


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "indicator_table.docx"
    _builder().build_docx(path)
    return path


def test_word_table_is_read_with_its_cells_and_merged_categories(docx_path: Path) -> None:
    doc = read(docx_path)
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows
    assert [c.text for c in rows[0]] == ["类别", "指标", "2020年", "2025年", "年均增长〔累计〕", "属性"]
    for row in rows:
        for c in row:
            assert doc.raw[c.start:c.end] == c.text
    # 经济发展 is merged down over three rows: written once in the raw text, carried by the rows below
    assert [(c.text, c.merged) for c in (rows[1][0], rows[2][0], rows[3][0])] == [
        ("经济发展", False), ("经济发展", True), ("经济发展", True)]
    assert doc.raw.count("经济发展") == 1
    line = doc.raw.splitlines()[doc.raw[:rows[2][1].start].count("\n")]
    assert line.startswith("\t全员劳动生产率增长（%）\t—\t—\t>6.5\t预期性")


def test_word_indicator_table_gives_one_record_per_value(docx_path: Path) -> None:
    doc = read(docx_path)
    result = extract_targets(doc)
    assert result.period == (2021, 2025)
    assert _records(result.statements) == EXPECTED
    assert len(result.statements) == len(EXPECTED)
    _check_offsets(doc.raw, result.statements)
    root = build_outline(doc)
    assert {s.section for s in result.statements} == {section_label(locate(root, result.statements[0].start))}
    growth = [s for s in result.statements if s.kind == "growth" and s.indicator == "地区生产总值"][0]
    assert growth.base_year == 2020 and growth.direction == "increase"
    energy = [s for s in result.statements if s.indicator == "单位地区生产总值能源消耗"][0]
    assert energy.direction == "decrease"


def test_pdf_made_from_the_word_table_gives_the_same_records() -> None:
    pdf = TABLES / "indicator_table.pdf"
    doc = read(pdf)
    assert doc.format == "pdf" and len(doc.tables) == 1
    for row in doc.tables[0].rows:
        for c in row:
            assert doc.raw[c.start:c.end] == c.text
    result = extract_targets(doc)
    assert _records(result.statements) == EXPECTED
    _check_offsets(doc.raw, result.statements)


MARKDOWN = """# 某某县国民经济和社会发展第十四个五年规划纲要

专栏1 主要指标

| 类别 | 指标 | 单位 | 2020年 | 2025年 | 年均增长〔累计〕 | 属性 |
|---|---|---|---|---|---|---|
| 经济发展 | 地区生产总值 | 亿元 | 820 | 1150 | 7 | 预期性 |
| 民生福祉 | 城镇登记失业率① | % | 3.6 | <4 | — | 预期性 |
| 绿色生态 | 单位地区生产总值二氧化碳排放降低 | % | — | — | 〔18〕 | 约束性 |
"""


def test_markdown_table_with_unit_column_attribute_and_footnote() -> None:
    doc = read_text(MARKDOWN)
    sts = extract_targets(doc).statements
    assert _records(sts) == {
        ("baseline", "level", "地区生产总值", 820, "亿元", None, 2020, "预期性"),
        ("target", "level", "地区生产总值", 1150, "亿元", ">=", 2025, "预期性"),
        ("target", "growth", "地区生产总值", 7, "%", ">=", 2025, "预期性"),
        ("baseline", "level", "城镇登记失业率", 3.6, "%", None, 2020, "预期性"),
        ("target", "level", "城镇登记失业率", 4, "%", "<=", 2025, "预期性"),
        ("target", "change", "单位地区生产总值二氧化碳排放", 18, "%", ">=", 2025, "约束性"),
    }
    _check_offsets(doc.raw, sts)


PLAIN = """某某市“十四五”规划纲要
表1 主要指标
指标 2020年 2025年 年均增长[累计] 属性
城乡居民人均可支配收入增长（%） — — 7左右 预期性
森林覆盖率（%） 45.2 46 [0.8] 约束性
新建保障性住房（万套） — — [1.2] 约束性
"""


def test_plain_text_table_rows() -> None:
    doc = read_text(PLAIN)
    sts = extract_targets(doc).statements
    assert _records(sts) == {
        ("target", "growth", "城乡居民人均可支配收入", 7, "%", "~", 2025, "预期性"),
        ("baseline", "level", "森林覆盖率", 45.2, "%", None, 2020, "约束性"),
        ("target", "level", "森林覆盖率", 46, "%", ">=", 2025, "约束性"),
        ("target", "change", "森林覆盖率", 0.8, "个百分点", ">=", 2025, "约束性"),
        ("target", "cumulative", "新建保障性住房", 1.2, "万套", ">=", 2025, "约束性"),
    }
    _check_offsets(doc.raw, sts)


def _grid(raw: str, rows: list[list[str | None]]) -> Table:
    """A table whose cells are found in `raw` left to right (None: merged with the cell above)."""
    table = Table(source="docx")
    pos = 0
    above: dict[int, Cell] = {}
    for row in rows:
        cells = []
        for col, text in enumerate(row):
            if text is None:
                cells.append(Cell(above[col].text, above[col].start, above[col].end, col, merged=True))
                continue
            if not text:
                continue
            at = raw.index(text, pos)
            cells.append(Cell(text, at, at + len(text), col))
            above[col] = cells[-1]
            pos = at + len(text)
        table.rows.append(cells)
    return table


def test_two_header_rows_under_a_spanning_cell() -> None:
    # "规划目标" spans the target year and the growth column; the years sit in the row below
    raw = "指标\t单位\t2020年\t规划目标\t属性\n\t\t\t2025年\t年均增长\t\n粮食总产量\t万吨\t310\t≥310\t—\t约束性\n"
    table = _grid(raw, [["指标", "单位", "2020年", "规划目标", "", "属性"],
                        ["", "", "", "2025年", "年均增长", ""],
                        ["粮食总产量", "万吨", "310", "≥310", "—", "约束性"]])
    # the spanning cell covers the growth column too
    table.rows[0][3] = Cell("规划目标", table.rows[0][3].start, table.rows[0][3].end, 3, span=2)
    sts = table_statements(raw, table, None)
    assert _records(sts) == {
        ("baseline", "level", "粮食总产量", 310, "万吨", None, 2020, "约束性"),
        ("target", "level", "粮食总产量", 310, "万吨", ">=", 2025, "约束性"),
    }


def test_a_table_without_years_gives_nothing() -> None:
    raw = "项目名称\t建设内容\t总投资（亿元）\n城市快速路\t新建快速路20公里\t35\n"
    table = _grid(raw, [["项目名称", "建设内容", "总投资（亿元）"], ["城市快速路", "新建快速路20公里", "35"]])
    assert table_statements(raw, table, (2021, 2025)) == []


@pytest.mark.parametrize("cell,expected", [
    ("地区生产总值（亿元）①", ("地区生产总值", "亿元")),
    ("森林覆盖率（%）*", ("森林覆盖率", "%")),
    ("（3）每千人口执业（助理）医师数（人）", ("每千人口执业（助理）医师数", "人")),
    ("PM２.５年均浓度（微克/立方米）", ("PM2.5年均浓度", "微克/立方米")),
])
def test_indicator_cell_gives_name_and_unit_without_footnote_marks(cell: str, expected: tuple[str, str]) -> None:
    name, unit = name_and_unit(cell)
    assert (name.replace("(", "（").replace(")", "）"), unit) == expected


@pytest.mark.parametrize("cell,expected", [
    ("65①", "65"), ("[16]", "[16]"), ("〔6.4〕", "〔6.4〕"), ("4.2*", "4.2"), ("7 左右", "7左右"), ("３２００", "3200"),
])
def test_value_cells_keep_brackets_and_drop_footnote_marks(cell: str, expected: str) -> None:
    assert value_text(cell) == expected
