"""`guihua assign`, `guihua division`, `guihua units` end to end (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from guihua.cli.main import IO, run
from guihua.errors import ExitCode
from guihua.store.repository import open_store
from tests.integration.store_helpers import PLAN, ingest


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def _setup(db_url: str) -> dict[str, int]:
    store = open_store(db_url)
    try:
        ingest(store)
        return {i.name: i.id for i in store.list_indicators(PLAN)}
    finally:
        store.dispose()


def _state(db_url: str) -> dict[tuple[str, int], tuple[str | None, tuple[str, ...]]]:
    store = open_store(db_url)
    try:
        return {k: (r.lead, r.co) for k, r in store.responsibilities(PLAN).items()}
    finally:
        store.dispose()


def test_import_a_table_and_bad_rows_write_nothing(db_url: str, tmp_path: Path) -> None:
    ids = _setup(db_url)
    bad = tmp_path / "坏表.csv"
    bad.write_text("指标或任务,牵头单位,配合单位\n地区生产总值,市发改委,市统计局\n粮食产量,市农业农村局,\n", encoding="utf-8")
    code, out, err = _cli("assign", str(bad), "--plan", PLAN, "--db", db_url)
    assert code == ExitCode.BAD_INPUT
    assert "坏表.csv:3: 第 3 行 A 列（指标或任务）：规划中没有“粮食产量”" in err
    assert _state(db_url) == {}
    good = tmp_path / "分工.csv"
    good.write_text("指标或任务,牵头单位,配合单位\n地区生产总值,市发改委,市统计局、市财政局\n", encoding="gb18030")
    code, out, err = _cli("assign", str(good), "--plan", PLAN, "--json", "--user", "王芳", "--db", db_url)
    assert code == 0, err
    assert json.loads(out) == [{"entity": "indicator", "entity_id": ids["地区生产总值"], "lead": "市发改委",
                                "co": ["市统计局", "市财政局"]}]


def test_bulk_by_chapter_and_domain(db_url: str) -> None:
    ids = _setup(db_url)
    code, out, err = _cli("assign", "--plan", PLAN, "--chapter", "第二章", "--lead", "市林业局", "--co",
                          "市自然资源局,市水利局", "--db", db_url)
    assert code == 0, err
    assert "指标 2 项，目标 2 项" in out
    assert _state(db_url)[("indicator", ids["森林覆盖率"])] == ("市林业局", ("市自然资源局", "市水利局"))
    code, out, err = _cli("assign", "--plan", PLAN, "--domain", "没有的领域", "--lead", "市林业局", "--db", db_url)
    assert code == ExitCode.BAD_INPUT and "没有指标" in err
    code, out, err = _cli("assign", "--plan", PLAN, "--chapter", "ch1", "--db", db_url)
    assert code == ExitCode.BAD_INPUT and "--lead" in err


def test_division_files_and_units(db_url: str, tmp_path: Path) -> None:
    _setup(db_url)
    assert _cli("assign", "--plan", PLAN, "--chapter", "ch1", "--lead", "市发改委", "--db", db_url)[0] == 0
    docx_path, xlsx_path = tmp_path / "分工.docx", tmp_path / "分工.xlsx"
    code, out, err = _cli("division", "--plan", PLAN, "--out", str(docx_path), "--db", db_url)
    assert code == 0, err
    # 3 indicators (GDP assigned; its targets have the same units so they are folded into its row)
    assert "3 项，其中 2 项未明确责任单位" in out
    doc = Document(str(docx_path))
    assert doc.paragraphs[0].text == "《测试规划》主要目标任务分工方案"
    assert [c.text for c in doc.tables[0].rows[2].cells][1:4:2] == ["地区生产总值", "市发改委"]
    assert _cli("division", "--plan", PLAN, "--out", str(xlsx_path), "--db", db_url)[0] == 0
    ws = load_workbook(xlsx_path).active
    assert ws is not None and ws.cell(row=4, column=2).value == "地区生产总值"
    assert _cli("division", "--plan", PLAN, "--out", str(tmp_path / "x.pdf"), "--db", db_url)[0] == ExitCode.BAD_INPUT
    code, out, err = _cli("units", "--add", "耒阳市", "--kind", "县市区", "--json", "--db", db_url)
    assert code == 0, err
    assert {"name": "耒阳市", "kind": "县市区"} in json.loads(out)
    assert {"name": "市发改委", "kind": None} in json.loads(out)
    assert _cli("units", "--add", "耒阳市", "--db", db_url)[0] == ExitCode.BAD_INPUT
