"""The DOCX as a reader sees it: LibreOffice turns each kind of report on the demo database into a
PDF, pdftoppm into page images (two per kind kept in test-artifacts/reports/ for people to look at),
and the PDF's text shows that indicator names in the main table break only where the report planned
(between words), never inside a word.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from guihua.cli.main import IO, run

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
KINDS = (("annual", 2017), ("midterm", 2018), ("final", 2020))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(not (SOFFICE and PDFTOPPM and PDFTOTEXT),
                                reason="needs LibreOffice and poppler-utils (installed by .ci/run)")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from guihua.store.demo import build_demo_database

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    build_demo_database(url)
    return url


def _pdf(docx: Path, tmp: Path) -> Path:
    assert SOFFICE
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(docx)], check=True, capture_output=True, timeout=300)
    pdf = tmp / (docx.stem + ".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    return pdf


def _page_texts(pdf: Path) -> list[str]:
    assert PDFTOTEXT
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=120).stdout.decode("utf-8")
    return text.split("\f")


@pytest.mark.parametrize(("kind", "year"), KINDS)
def test_docx_pages_as_a_reader_sees_them(demo_url: str, kind: str, year: int, tmp_path: Path) -> None:
    from guihua.monitoring.store_source import evaluate_from_store
    from guihua.reports.context import plan_context_from_store
    from guihua.reports.docx import CELL_PAD_MM, DocxStyle, table_font_size
    from guihua.reports.layout import wrap_words
    from guihua.reports.model import build_report

    err = io.StringIO()
    code = run(["report", "--db", demo_url, "--plan", "hengyang-13th", "--year", str(year), "--kind", kind,
                "--format", "docx", "--out", str(tmp_path)], IO(stdout=io.StringIO(), stderr=err, environ={}))
    assert code == 0, err.getvalue()
    (docx,) = tmp_path.glob("*.docx")
    pdf = _pdf(docx, tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{kind}-page-*.png"):
        old.unlink()
    assert PDFTOPPM
    subprocess.run([PDFTOPPM, "-r", "80", "-png", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / f"{kind}-page")],
                   check=True, timeout=120)
    pages = sorted(ARTIFACTS.glob(f"{kind}-page-*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 10_000 for p in pages)

    # the main table's names: each planned line (breaks between words) is intact in the PDF
    report = build_report(evaluate_from_store(demo_url, "hengyang-13th", year, kind=kind),
                          context=plan_context_from_store(demo_url, "hengyang-13th"))
    main = next(b for s in report.body if s.id == "main" for b in s.blocks if getattr(b, "id", "") == "main")
    assert main.rows
    size, widths = table_font_size(main, DocxStyle())
    em_mm = size * 25.4 / 72
    texts = _page_texts(pdf)
    first = next(i for i, t in enumerate(texts) if "主要指标完成情况" in re.sub(r"\s+", "", t) and "序号" in t)
    last = next(i for i, t in enumerate(texts) if i > first and ("三、重点任务进展" in re.sub(r"\s+", "", t)
                                                               or "图1" in re.sub(r"\s+", "", t)))
    lines = [re.sub(r"\s+", "", line) for t in texts[first:last + 1] for line in t.splitlines()]
    from guihua.reports.docx import _SLACK

    for row in main.rows:
        planned = wrap_words(row.cells[1], (widths[1] - 2 * CELL_PAD_MM) * _SLACK / em_mm).split("\n")
        for piece in planned:
            assert any(re.sub(r"\s+", "", piece) in line for line in lines), (row.cells[1], piece)
