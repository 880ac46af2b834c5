"""Reports end to end: one model, three files, read back; the statuses agree across formats."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import BaselineInput, Evaluation, ObservationInput, TargetInput
from guihua.reports.model import build_report
from guihua.reports.render import write_reports
from tests.integration.report_readers import docx_tables, html_rows, html_tables, main_statuses, xlsx_tables


def hand_built_evaluation() -> Evaluation:
    """The acceptance case built by hand: the 13th-plan GDP, industry and structure targets."""
    t = TargetInput
    targets = [
        t("gdp-growth", "地区生产总值", "growth", "~", 9, "%", 2020, quote="地区生产总值年均增长 9%左右",
          section="art:5", chapter="第一章 总体要求", domain="经济发展"),
        t("gdp-level", "地区生产总值", "level", ">=", 4000, "亿元", 2020, quote="2020 年总量达到 4000 亿元",
          context="（按 2015 年可比价计算）", section="art:5", chapter="第一章 总体要求", domain="经济发展"),
        t("ind-95", "规模工业增加值", "growth", ">=", 9.5, "%", 2020, quote="规模工业增加值年均增长 9.5%",
          section="art:5", chapter="第一章 总体要求", domain="经济发展"),
        t("ind-85", "规模工业增加值", "growth", ">=", 8.5, "%", 2020, quote="规模工业增加值年均增长 8.5%",
          section="ch:6", chapter="第六章 工业", domain="经济发展"),
        t("fai", "固定资产投资", "growth", ">=", 16, "%", 2020, section="art:5", chapter="第一章 总体要求", domain="经济发展"),
        t("structure", "三次产业结构", "structure", "~", 11, "比例", 2020, values=[11, 45, 44], chapter="第一章 总体要求", domain="经济发展"),
        t("unemployment", "城镇调查失业率", "level", "<=", 6, "%", 2020, chapter="第十章 民生", domain="民生福祉"),
        t("city", "创建全国文明城市", "milestone", ">=", None, None, 2017, chapter="第十一章 文化", domain="民生福祉"),
    ]
    baselines = [BaselineInput("地区生产总值", "level", 2601.57, "亿元", 2015)]
    o = ObservationInput
    observations = [
        o("地区生产总值", "level", 3508.50, "亿元", 2020, price_basis="current", source="http://example/2020"),
        o("地区生产总值", "level", 304.603, "十亿元", 2018),
        o("地区生产总值", "growth", 8.0, "%", 2019),
        o("地区生产总值", "growth", 4.0, "%", 2020),
        o("地区生产总值", "period_growth", 7.4, "%", 2020, period_start=2016),
        o("固定资产投资", "period_growth", 12, "%", 2020, period_start=2016),
        o("规模工业增加值", "period_growth", 7.2, "%", 2020, period_start=2016),
        o("三次产业结构", "structure", None, "ratio", 2020, values=[12.6, 33.0, 54.4]),
    ]
    return evaluate(plan_id="hengyang-13th", plan_title="衡阳市国民经济和社会发展第十三个五年规划纲要",
                    targets=targets, baselines=baselines, observations=observations, year=2020,
                    kind="final", base_year=2015, last_year=2020)


# --------------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Evaluation, dict[str, Path]]:
    ev = hand_built_evaluation()
    out = tmp_path_factory.mktemp("reports")
    paths = write_reports(build_report(ev, generated="2021-01-01"), out, ["html", "docx", "xlsx"])
    return ev, {p.suffix[1:]: p for p in paths}


def test_three_files_hold_the_same_tables(written: tuple[Evaluation, dict[str, Path]]) -> None:
    _, paths = written
    h, d, x = html_tables(paths["html"]), docx_tables(paths["docx"]), xlsx_tables(paths["xlsx"])
    assert len(h) >= 5
    assert sorted(h) == sorted(d) == sorted(x)


def test_main_table_statuses_agree_with_the_evaluation(written: tuple[Evaluation, dict[str, Path]]) -> None:
    ev, paths = written
    # no indicator table, no goals heading, nothing marked 主要: the main table lists the indicators
    # with data, one row each (every target of the hand-built plan is stated once); the milestone is a task
    with_data = [i for i in ev.items if i.target.kind != "milestone" and str(i.status) != "无数据"]
    statuses = {str(n): str(i.status) for n, i in enumerate(with_data, 1)}
    for read in (html_tables, docx_tables, xlsx_tables):
        assert main_statuses(read(paths[read.__name__.split("_")[0]])) == statuses
    _, charts = xlsx_statuses_and_charts(paths["xlsx"])
    assert charts >= 1


def xlsx_statuses_and_charts(path: Path) -> tuple[dict[str, str], int]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return main_statuses(xlsx_tables(path)), sum(len(s._charts) for s in wb.worksheets)


def test_gdp_growth_not_done_and_warnings_printed(written: tuple[Evaluation, dict[str, Path]]) -> None:
    ev, paths = written
    by_key = {i.target.key: i for i in ev.items}
    assert str(by_key["gdp-growth"].status) == "未完成"
    html = paths["html"].read_text(encoding="utf-8")
    # the price-basis warning sits in the GDP level's row
    row = re.search(r'<tr data-key="gdp-level"[^>]*>.*?</tr>', html, re.S)
    assert row and "价格口径不可比" in row.group(0)
    assert "9.5%" in html and "8.5%" in html and "规划文本内部不一致" in html
    from docx import Document

    doc = Document(str(paths["docx"]))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "规划文本内部不一致" in text and "价格口径不可比" in cells
    from openpyxl import load_workbook

    from guihua.reports.xlsx import MAIN_SHEET

    ws = load_workbook(paths["xlsx"])[MAIN_SHEET]
    head = [c.value for c in ws[2]]
    row_values = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "地区生产总值"
                      and "4000" in str(r[head.index("目标值")]))
    assert "价格口径不可比" in str(row_values[head.index("说明")])
    notes = " ".join(str(c.value) for c in load_workbook(paths["xlsx"])["数据说明"]["A"])
    assert "规划文本内部不一致" in notes and "9.5%" in notes and "8.5%" in notes


def test_html_is_self_contained(written: tuple[Evaluation, dict[str, Path]]) -> None:
    html = written[1]["html"].read_text(encoding="utf-8")
    assert "<svg" in html
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)
    assert "<script src" not in html and "@import" not in html


def test_docx_converts_to_pdf(written: tuple[Evaluation, dict[str, Path]], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: cannot check the PDF conversion")
    docx = written[1]["docx"]
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (docx.stem + ".pdf")
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"


# --------------------------------------------------------------------------- the CLI on the seed

def seed_plan_data(seed_path: Path) -> object:
    """The seed's extracted targets and the published statistics, as the store would hand them over."""
    import csv

    from guihua.cli.targets import load_document
    from guihua.documents import build_outline
    from guihua.extraction import extract_targets
    from guihua.monitoring.sources import chapters_from_outline, observation_input, target_inputs
    from guihua.monitoring.store_source import PlanData

    doc = load_document(str(seed_path))
    result = extract_targets(doc)
    targets, baselines = target_inputs(getattr(result, "statements", result), doc.raw,
                                       chapters_from_outline(build_outline(doc).walk()))
    obs = []
    csv_path = Path(__file__).resolve().parents[2] / "data" / "hengyang-13th-fyp" / "actuals.csv"
    with csv_path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            o = observation_input(r["indicator_cn"], r["year"], r["value"], r["unit"], note=r["note"],
                                  source=r["source_url"], quote=r["source_quote"])
            if o is not None:
                obs.append(o)
    return PlanData("hengyang-13th", "衡阳市国民经济和社会发展第十三个五年规划纲要", 2016, 2020, targets, baselines, obs)


def test_cli_report_and_progress_on_the_seed(seed_path: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from guihua.cli.main import IO, run
    from guihua.monitoring import store_source

    data = seed_plan_data(seed_path)
    monkeypatch.setattr(store_source, "load_plan_data", lambda url, plan_id: data)
    out, err = io.StringIO(), io.StringIO()
    code = run(["report", "--plan", "hengyang-13th", "--year", "2020", "--kind", "final",
                "--format", "html,docx,xlsx", "--out", str(tmp_path)], IO(stdout=out, stderr=err, environ={}))
    assert code == 0, err.getvalue()
    assert "5/5" in err.getvalue()  # the progress bar reached its end
    files = {p.suffix[1:]: p for p in tmp_path.iterdir()}
    assert set(files) == {"html", "docx", "xlsx"}
    h = html_tables(files["html"])
    assert sorted(h) == sorted(docx_tables(files["docx"])) == sorted(xlsx_tables(files["xlsx"]))
    # the GDP growth target (年均增长 9%左右, realised 7.4%) is 未完成 in the main table
    rows = [(attrs, cells) for attrs, cells in html_rows(files["html"], "main") if cells[1] == "地区生产总值"
            and "年均增长 9%" in cells[4]]
    assert rows and all(attrs["data-status"] == "未完成" and "7.4%" in cells[5] for attrs, cells in rows)
    html = files["html"].read_text(encoding="utf-8")
    assert "规划文本内部不一致：规模工业增加值" in html
    out2 = io.StringIO()
    assert run(["progress", "--plan", "hengyang-13th", "--year", "2020"], IO(stdout=out2, stderr=err, environ={})) == 0
    assert "[未完成] 地区生产总值（growth" in out2.getvalue()


def test_cli_rejects_unknown_format(tmp_path: Path) -> None:
    import io

    from guihua.cli.main import IO, run

    err = io.StringIO()
    code = run(["report", "--plan", "x", "--year", "2020", "--format", "pdf", "--out", str(tmp_path)],
               IO(stdout=io.StringIO(), stderr=err, environ={}))
    assert code == 2 and "--format" in err.getvalue()


# --------------------------------------------------------------------------- acceptance, from a real database

@pytest.fixture(scope="module")
def seed_database(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> str:
    """The seed ingested and the acceptance actuals imported, through the store's public API."""
    from guihua.store.ingest import ingest_path
    from guihua.store.records import NewObservation
    from guihua.store.repository import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'guihua.db'}"
    store = open_store(url)
    try:
        ingest_path(store, seed_path, plan_id="hengyang-13th", user="测试")
        ids = {}
        for name in ("地区生产总值", "固定资产投资", "规模工业增加值"):
            ind = store.find_indicator("hengyang-13th", name)
            assert ind is not None, name
            ids[name] = ind.id
        store.add_observations("hengyang-13th", [
            NewObservation(ids["地区生产总值"], "2016-2020", 2016, 2020, "growth", 7.4, "7.4", "%"),
            NewObservation(ids["固定资产投资"], "2016-2020", 2016, 2020, "growth", 12.0, "12", "%"),
            NewObservation(ids["规模工业增加值"], "2016-2020", 2016, 2020, "growth", 7.2, "7.2", "%"),
            NewObservation(ids["地区生产总值"], "2020", 2020, 2020, "level", 3508.50, "3508.50", "亿元"),
        ], user="测试")
    finally:
        store.dispose()
    return url


def test_acceptance_final_report_from_the_database(seed_database: str, tmp_path: Path) -> None:
    import io

    from docx import Document
    from openpyxl import load_workbook

    from guihua.cli.main import IO, run
    from guihua.reports.xlsx import MAIN_SHEET

    out, err = io.StringIO(), io.StringIO()
    code = run(["report", "--db", seed_database, "--plan", "hengyang-13th", "--year", "2020", "--kind", "final",
                "--format", "html,docx,xlsx", "--out", str(tmp_path / "out")], IO(stdout=out, stderr=err, environ={}))
    assert code == 0, err.getvalue()
    files = {p.suffix[1:]: p for p in (tmp_path / "out").iterdir()}
    assert set(files) == {"html", "docx", "xlsx"}
    h, d, x = html_tables(files["html"]), docx_tables(files["docx"]), xlsx_tables(files["xlsx"])
    assert sorted(h) == sorted(d) == sorted(x)
    statuses = main_statuses(h)
    assert statuses == main_statuses(d) == main_statuses(x)

    # which 序号 is the GDP growth target and which the GDP level: read from the XLSX rows
    ws = load_workbook(files["xlsx"])[MAIN_SHEET]
    col = {name: i for i, name in enumerate(c.value for c in ws[2])}
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] is not None]
    growth = [r for r in rows if r[col["指标"]] == "地区生产总值" and "年均增长 9" in str(r[col["目标值"]])]
    level = [r for r in rows if r[col["指标"]] == "地区生产总值" and "4000" in str(r[col["目标值"]])]
    assert growth and level
    for r in growth:
        assert statuses[str(r[0])] == "未完成"
    assert all("价格口径不可比" in str(r[col["说明"]]) and "3508.5" in str(r[col["说明"]]) for r in level)

    html = files["html"].read_text(encoding="utf-8")
    for r in level:
        row = re.search(rf'<tr data-key="[^"]*" data-status="[^"]*" data-number="{r[0]}"[^>]*>.*?</tr>', html, re.S)
        assert row and "价格口径不可比" in row.group(0)
    doc = Document(str(files["docx"]))
    text = "\n".join(p.text for p in doc.paragraphs)
    main = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["序号", "指标", "属性"])
    notes_after_level = [main.rows[i + 1].cells[1].text for i, row in enumerate(main.rows[:-1])
                         if row.cells[0].text.strip() in {str(r[0]) for r in level}]
    assert notes_after_level and all("价格口径不可比" in n for n in notes_after_level)
    for content in (html, text):
        assert re.search(r"规模工业增加值.*9\.5%.*8\.5%", content)


def test_midterm_report_uses_the_interim_vocabulary(seed_database: str, tmp_path: Path) -> None:
    from guihua.monitoring.status import INTERIM_STATUSES
    from guihua.monitoring.store_source import evaluate_from_store

    ev = evaluate_from_store(seed_database, "hengyang-13th", 2018, kind="midterm")
    assert ev.kind == "midterm" and all(i.status in INTERIM_STATUSES for i in ev.items)
    report = build_report(ev)
    assert report.title.endswith("中期评估报告")
    (html,) = write_reports(report, tmp_path, ["html"])
    assert set(main_statuses(html_tables(html)).values()) <= {str(s) for s in INTERIM_STATUSES}


def test_demo_database_final_evaluation(tmp_path: Path) -> None:
    """The bundled demo (real Hengyang statistics through the mapping) evaluated at 2020."""
    demo = pytest.importorskip("guihua.store.demo", reason="the store's demo builder is not available")
    from guihua.monitoring.store_source import evaluate_from_store

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    demo.build_demo_database(url)
    ev = evaluate_from_store(url, "hengyang-13th", 2020, kind="final")
    gdp_growth = [i for i in ev.items if i.target.indicator == "地区生产总值" and i.target.kind == "growth"]
    gdp_level = [i for i in ev.items if i.target.indicator == "地区生产总值" and i.target.kind == "level"
                 and i.target.value == 4000]
    assert gdp_growth and all(str(i.status) == "未完成" for i in gdp_growth)
    assert gdp_level and all(any(w.code == "price_basis" and "3508.5" in w.message for w in i.warnings)
                             for i in gdp_level)
    assert any(w.code == "plan_conflict" and "规模工业增加值" in w.message for w in ev.warnings)
