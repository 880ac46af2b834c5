"""Mid-term and final evaluations gain a project section (HTML, DOCX, XLSX agree on it)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from guihua.cli.main import IO, run
from guihua.reports.projects import build_project_section
from guihua.store import projects_repo as pr
from guihua.store.demo import PLAN_ID, build_demo_database
from guihua.store.records import ProjectInfo
from guihua.store.repository import open_store


def _p(i: int, status: str, category: str, investment: float | None = None) -> ProjectInfo:
    return ProjectInfo(id=i, plan_id="p", version_id=1, name=f"项目{i}", full_name=None, action="新建",
                       category=category, box=None, article=None, places=[], start=None, end=None, quote=None,
                       status=status, created_at="", row_version=1, investment=investment,
                       investment_unit="亿元" if investment is not None else None)


def test_section_counts_not_started_and_investment_completed() -> None:
    s = build_project_section([_p(1, "规划", "水利", 10), _p(2, "建成", "水利", 4), _p(3, "在建", "道路"),
                               _p(4, "前期", "道路", 6)])
    assert dict(s.by_status) == {"规划": 1, "前期": 1, "在建": 1, "建成": 1, "停缓建": 0}
    assert dict(s.by_category) == {"水利": 2, "道路": 2}
    assert s.not_started == 2 and s.not_started_names == ["项目1", "项目4"]
    assert s.investment == [("亿元", "20", "4", "20%")]


def test_midterm_report_has_the_project_section_in_every_format(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo_database(url)
    store = open_store(url)
    try:
        first = store.list_projects(PLAN_ID)[0]
        pr.add_event(store, first.id, date="2018", status="建成", evidence="竣工", user="t")
        total = len(store.list_projects(PLAN_ID))
    finally:
        store.dispose()
    out, err = io.StringIO(), io.StringIO()
    code = run(["report", "--db", url, "--plan", PLAN_ID, "--year", "2018", "--kind", "midterm",
                "--format", "html,docx,xlsx", "--out", str(tmp_path / "r")], IO(stdout=out, stderr=err, environ={}))
    assert code == 0, err.getvalue()
    files = {p.suffix[1:]: p for p in (tmp_path / "r").iterdir()}
    html = files["html"].read_text(encoding="utf-8")
    assert "重大项目推进情况" in html and f"规划点名的项目共 {total} 个" in html and "建成 1 个" in html
    with zipfile.ZipFile(files["docx"]) as z:
        assert f"规划点名的项目共 {total} 个" in z.read("word/document.xml").decode("utf-8")
    from openpyxl import load_workbook

    wb = load_workbook(files["xlsx"], read_only=True)
    try:
        from guihua.reports.xlsx import TEXT_SHEET

        assert "重大项目" in wb.sheetnames
        cells = [c for row in wb["重大项目"].iter_rows(values_only=True) for c in row if c is not None]
        text = [c for row in wb[TEXT_SHEET].iter_rows(values_only=True) for c in row if c is not None]
        assert ("建成" in cells) and any(isinstance(c, str) and f"共 {total} 个" in c for c in text)
    finally:
        wb.close()
