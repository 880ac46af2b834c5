"""The 任务分工方案 (guihua.reports.division): rows, groups and the DOCX/XLSX read back, expected rows
written from the definition in the module's docstring."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from docx import Document
from openpyxl import load_workbook

from guihua.reports.division import COLUMNS, Division, DivisionRow, GroupRow, division
from guihua.reports.division_docx import render_division_docx
from guihua.reports.division_xlsx import render_division_xlsx
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, ingest

TITLE = "《测试规划》主要目标任务分工方案"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    ids = {i.name: i for i in s.list_indicators(PLAN)}
    s.update_indicator(ids["地区生产总值"].id, {"attribute": "预期性"}, user="t")
    s.update_indicator(ids["森林覆盖率"].id, {"attribute": "约束性"}, user="t")
    s.assign("indicator", ids["地区生产总值"].id, "市发改委", ["市统计局", "市财政局"], user="t")
    forest_target = next(x.id for x in s.list_statements(PLAN, type="target") if x.indicator == "森林覆盖率")
    s.assign("target", forest_target, "市林业局", [], user="t")  # differs from its (unassigned) indicator
    gdp_level = next(x.id for x in s.list_statements(PLAN, type="target") if x.quote == "地区生产总值达到4000亿元")
    s.assign("target", gdp_level, "市发改委", ["市财政局", "市统计局"], user="t")  # same units as its indicator
    p = s.add_project(PLAN, name="测试大道", user="t")  # mentioned nowhere in the text
    s.assign("project", p.id, "市交通运输局", ["市住建局"], user="t")
    yield s
    s.dispose()


def expected_lines() -> list[GroupRow | tuple[int, str, str, str, str]]:
    return [
        GroupRow("第一章 经济发展", 1),
        (1, "地区生产总值", "≥4000亿元（2020年，预期性）；年均增长9%左右（2020年，预期性）", "市发改委", "市统计局、市财政局"),
        GroupRow("第二章 生态环境", 1),
        (2, "森林覆盖率达到50%", "≥50%（2020年，约束性）", "市林业局", ""),
        GroupRow("其他", 1),
        (3, "测试大道", "", "市交通运输局", "市住建局"),
        GroupRow("未明确责任单位", 1),
        (4, "森林覆盖率", "≥50%（2020年，约束性）", "", ""),
        (5, "三次产业结构", "10:40:50（2020年）", "", ""),
    ]


def _flat(d: Division) -> list[GroupRow | tuple[int, str, str, str, str]]:
    return [(x.number, x.item, x.target, x.lead, x.co) if isinstance(x, DivisionRow) else x for x in d.lines]


def test_rows_grouped_by_chapter_with_unassigned_last(store: Store) -> None:
    d = division(store, PLAN)
    assert d.title == TITLE
    assert _flat(d) == expected_lines()


def test_docx_reads_back_title_header_groups_and_rows(store: Store) -> None:
    doc = Document(io.BytesIO(render_division_docx(division(store, PLAN), "2026-12-07")))
    assert doc.paragraphs[0].text == TITLE
    (table,) = doc.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert tuple(rows[0]) == COLUMNS
    want = []
    for x in expected_lines():
        want.append([x.title] * 5 if isinstance(x, GroupRow) else [str(x[0]), *x[1:]])
    assert rows[1:] == want


def test_xlsx_reads_back_and_imports_back_unchanged(store: Store) -> None:
    data = render_division_xlsx(division(store, PLAN))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    values = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    assert values[0][0] == TITLE
    assert tuple(values[1]) == COLUMNS
    want = []
    for x in expected_lines():
        want.append([x.title, None, None, None, None] if isinstance(x, GroupRow)
                    else [x[0], *(v or None for v in x[1:])])
    assert [list(v) for v in values[2:]] == want
    before = {k: (r.lead, r.co) for k, r in store.responsibilities(PLAN).items()}
    store.import_assignments(PLAN, "分工方案.xlsx", data, user="t")  # the generated table is a valid import
    assert {k: (r.lead, r.co) for k, r in store.responsibilities(PLAN).items()} == before


def test_xlsx_text_never_runs_as_a_formula(store: Store) -> None:
    gdp = next(i.id for i in store.list_indicators(PLAN) if i.name == "地区生产总值")
    store.assign("indicator", gdp, "=HYPERLINK(\"http://x\")", [], user="t")
    ws = load_workbook(io.BytesIO(render_division_xlsx(division(store, PLAN)))).active
    assert ws is not None
    cell = ws.cell(row=4, column=4)
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
