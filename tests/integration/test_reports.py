"""Reports end to end: one model, three files, read back; the statuses agree across formats."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import BaselineInput, Evaluation, ObservationInput, TargetInput
from guihua.reports.model import build_report
from guihua.reports.render import write_reports


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


# --------------------------------------------------------------------------- reading the files back

class _StatusCells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, str] = {}
        self._key: str | None = None
        self._in_status = False
        self._in_indicators = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._in_indicators = a.get("class") == "indicators"
        if tag == "tr" and self._in_indicators:
            self._key = a.get("data-number")
        if tag == "td" and a.get("class") == "status" and self._key:
            self._in_status = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_status = False

    def handle_data(self, data: str) -> None:
        if self._in_status and self._key:
            self.rows[int(self._key)] = data.strip()
            self._key = None


def html_statuses(path: Path) -> dict[int, str]:
    """序号 -> 完成情况 of the indicator tables."""
    parser = _StatusCells()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.rows


def docx_statuses(path: Path) -> dict[int, str]:
    from docx import Document

    doc = Document(str(path))
    out: dict[int, str] = {}
    for table in doc.tables:
        head = [c.text for c in table.rows[0].cells]
        if head[:2] != ["序号", "指标"] or head[-1] != "完成情况":
            continue
        for row in table.rows[1:]:
            cells = row.cells
            if cells[0].text.strip().isdigit():
                out[int(cells[0].text)] = cells[-1].text.strip()
    return out


def xlsx_statuses(path: Path) -> tuple[dict[int, str], int]:
    from openpyxl import load_workbook

    from guihua.reports.xlsx import INDICATOR_SHEET, STATUS_COLUMN

    wb = load_workbook(path)
    ws = wb[INDICATOR_SHEET]
    out = {int(ws.cell(row=r, column=1).value): str(ws.cell(row=r, column=STATUS_COLUMN).value)
           for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value is not None}
    charts = sum(len(s._charts) for s in wb.worksheets)
    return out, charts


# --------------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Evaluation, dict[str, Path]]:
    ev = hand_built_evaluation()
    out = tmp_path_factory.mktemp("reports")
    paths = write_reports(build_report(ev, generated="2021-01-01"), out, ["html", "docx", "xlsx"])
    return ev, {p.suffix[1:]: p for p in paths}


def test_three_files_agree_on_every_status(written: tuple[Evaluation, dict[str, Path]]) -> None:
    ev, paths = written
    expected = {n: str(i.status) for n, i in enumerate(ev.items, 1)}
    xs, charts = xlsx_statuses(paths["xlsx"])
    assert html_statuses(paths["html"]) == expected
    assert docx_statuses(paths["docx"]) == expected
    assert xs == expected
    assert charts >= 1


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

    text = "\n".join(p.text for p in Document(str(paths["docx"])).paragraphs)
    cells = "\n".join(c.text for t in Document(str(paths["docx"])).tables for r in t.rows for c in r.cells)
    assert "规划文本内部不一致" in text and "价格口径不可比" in cells
    from openpyxl import load_workbook

    from guihua.reports.xlsx import INDICATOR_SHEET, NOTES_COLUMN

    wb = load_workbook(paths["xlsx"])
    ws = wb[INDICATOR_SHEET]
    number = next(n for n, i in enumerate(ev.items, 1) if i.target.key == "gdp-level")
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == number)
    assert "价格口径不可比" in str(row[NOTES_COLUMN - 1])
    notes = " ".join(str(c.value) for c in wb["数据说明"]["A"])
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
    h, d, (x, charts) = html_statuses(files["html"]), docx_statuses(files["docx"]), xlsx_statuses(files["xlsx"])
    assert h == d == x and charts >= 1
    html = files["html"].read_text(encoding="utf-8")
    gdp_growth = re.search(r'<tr data-key="[^"]*" data-number="(\d+)"[^>]*><td>地区生产总值<details><summary>计算过程'
                           r"</summary>[^<]*?年均增长 7\.4%", html)
    assert gdp_growth and h[int(gdp_growth.group(1))] == "未完成"
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
    from guihua.reports.xlsx import INDICATOR_SHEET, NOTES_COLUMN

    out, err = io.StringIO(), io.StringIO()
    code = run(["report", "--db", seed_database, "--plan", "hengyang-13th", "--year", "2020", "--kind", "final",
                "--format", "html,docx,xlsx", "--out", str(tmp_path / "out")], IO(stdout=out, stderr=err, environ={}))
    assert code == 0, err.getvalue()
    files = {p.suffix[1:]: p for p in (tmp_path / "out").iterdir()}
    assert set(files) == {"html", "docx", "xlsx"}
    h, d, (x, charts) = html_statuses(files["html"]), docx_statuses(files["docx"]), xlsx_statuses(files["xlsx"])
    assert h == d == x and charts >= 1

    # which 序号 is the GDP growth target and which the GDP level: read from the XLSX rows
    ws = load_workbook(files["xlsx"])[INDICATOR_SHEET]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    col = {name: i for i, name in enumerate(c.value for c in ws[3])}
    growth = [r for r in rows if r[col["指标"]] == "地区生产总值" and "年均增长 9" in str(r[col["目标值"]])]
    level = [r for r in rows if r[col["指标"]] == "地区生产总值" and "4000" in str(r[col["目标值"]])]
    assert growth and level
    for r in growth:
        assert h[r[0]] == d[r[0]] == x[r[0]] == "未完成"
    assert all("价格口径不可比" in str(r[NOTES_COLUMN - 1]) and "3508.5" in str(r[NOTES_COLUMN - 1]) for r in level)

    html = files["html"].read_text(encoding="utf-8")
    for r in level:
        row = re.search(rf'<tr data-key="[^"]*" data-number="{r[0]}"[^>]*>.*?</tr>', html, re.S)
        assert row and "价格口径不可比" in row.group(0)
    doc = Document(str(files["docx"]))
    text = "\n".join(p.text for p in doc.paragraphs)
    notes_after_level = [
        t.rows[i + 1].cells[1].text for t in doc.tables if t.rows[0].cells[-1].text == "完成情况"
        for i, row in enumerate(t.rows[:-1]) if row.cells[0].text.strip() in {str(r[0]) for r in level}
    ]
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
    assert set(html_statuses(html).values()) <= {str(s) for s in INTERIM_STATUSES}


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
