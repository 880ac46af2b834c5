"""Exports a spreadsheet cannot run, imported back unchanged; report links only to http(s) sources.

The project library is exported to CSV and XLSX with text that spreadsheets take for formulas
(written from guihua.cells: CSV cells get one apostrophe, XLSX cells are strings with quotePrefix,
never formulas), then imported again: nothing changes. The HTML report links an http source and
shows a javascript: source as text; the XLSX report holds no formula.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from pathlib import Path

from guihua.extraction.projects import ProjectMention
from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import ObservationInput, TargetInput
from guihua.reports.html import render_html
from guihua.reports.model import build_report
from guihua.reports.xlsx import render_xlsx
from guihua.store.project_status import export_project_status, import_project_status
from guihua.store.repository import open_store
from tests.integration.store_helpers import NODES, PLAN, RAW, statements

EVIL = {"responsible": "=HYPERLINK(\"http://evil.example\",\"点此查看\")", "note": "@SUM(1+1)*cmd|' /C calc'!A0",
        "evidence": "-2+3"}


def _store_with_projects(url: str):  # type: ignore[no-untyped-def]
    store = open_store(url)
    quote = "地区生产总值达到4000亿元"
    start = RAW.find(quote)
    mention = ProjectMention(name="衡阳大桥", action="建设", category="交通", box=None, article=None, start=start,
                             end=start + len(quote), quote=quote, node_id="ch1", confidence=1.0)
    store.ingest(plan_id=PLAN, title="测试规划", region="测试市", period=(2016, 2020), period_source="test",
                 source="t.txt", format="txt", encoding="utf-8", sha256=hashlib.sha256(RAW.encode()).hexdigest(),
                 raw_text=RAW, repairs=[], nodes=NODES, statements=statements(), user="t", projects=[mention])
    return store


def _cells_of_sheet(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode()


def test_project_exports_do_not_run_and_import_back_unchanged(db_url: str, tmp_path: Path) -> None:
    store = _store_with_projects(db_url)
    try:
        good = tmp_path / "in.csv"
        with good.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["project", "status", "responsible", "event_date", "evidence", "note"])
            w.writerow(["衡阳大桥", "在建", EVIL["responsible"], "2018-05", EVIL["evidence"], EVIL["note"]])
        import_project_status(store, PLAN, good, user="甲")
        [p] = store.list_projects(PLAN)
        assert p.responsible == EVIL["responsible"]
        before = store.dump_plan(PLAN)

        out_csv = tmp_path / "out.csv"
        export_project_status(store, PLAN, out_csv)
        rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
        assert rows[0]["responsible"] == "'" + EVIL["responsible"]
        assert rows[0]["note"] == "'" + EVIL["note"] and rows[0]["evidence"] == "'" + EVIL["evidence"]
        assert rows[0]["project"] == "衡阳大桥"

        out_xlsx = tmp_path / "out.xlsx"
        export_project_status(store, PLAN, out_xlsx)
        xml = _cells_of_sheet(out_xlsx)
        assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
        from openpyxl import load_workbook

        ws = load_workbook(out_xlsx).active
        assert ws is not None
        cells = {c.value: c for row in ws.iter_rows() for c in row}
        for text in EVIL.values():
            assert cells[text].data_type == "s" and cells[text].quotePrefix, text
        assert not cells["衡阳大桥"].quotePrefix

        for f in (out_csv, out_xlsx):
            s = import_project_status(store, PLAN, f, user="乙")
            assert s.projects_changed == 0 and s.events_added == 0, f
        assert store.dump_plan(PLAN) == before
    finally:
        store.dispose()


def _report():  # type: ignore[no-untyped-def]
    targets = [TargetInput("forest", "=cmd|' /C calc'!A0", "level", ">=", 50, "%", 2020, quote="森林覆盖率达到50%",
                           chapter="第二章", domain="生态"),
               TargetInput("water", "供水普及率", "level", ">=", 98, "%", 2020, quote="供水普及率达到98%",
                           chapter="第二章", domain="生态")]
    o = ObservationInput
    observations = [o("=cmd|' /C calc'!A0", "level", 47.0, "%", 2018, source="javascript:alert(document.cookie)"),
                    o("供水普及率", "level", 96.0, "%", 2018, source="https://tjj.example.gov.cn/2018.html")]
    ev = evaluate(plan_id="p", plan_title="测试规划", targets=targets, baselines=[], observations=observations,
                  year=2018, kind="annual", base_year=2015, last_year=2020)
    return build_report(ev)


def test_html_report_links_only_http_sources() -> None:
    html = render_html(_report())
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert "https://tjj.example.gov.cn/2018.html" in hrefs
    assert not any("javascript" in h.lower() for h in hrefs)
    assert "javascript:alert(document.cookie)" in html.replace("<wbr>", "")  # still shown, as text


def test_xlsx_report_holds_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_xlsx(_report()))
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(re.search(r"<f[ >]", zf.read(n).decode()) for n in sheets)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    found = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0"]
    assert found and all(c.data_type == "s" and c.quotePrefix for c in found)
