"""Builds the indicator-table test documents: indicator_table.docx (python-docx) and, from it,
indicator_table.pdf (LibreOffice: soffice --headless --convert-to pdf).

The table is written for the tests in the usual layout of a plan's main indicators (专栏1):
类别 | 指标 | 2020年 | 2025年 | 年均增长〔累计〕 | 属性, 类别 cells merged down the rows, units in the
indicator cell, "〔 〕" for values over the period, footnote marks after two indicator names.
The tests build the .docx afresh each run; the .pdf is checked in (rebuild it with
`python tests/data/tables/build_tables.py` when the table changes).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["类别", "指标", "2020年", "2025年", "年均增长〔累计〕", "属性"]
# (类别 or None where the cell above continues, 指标, 2020年, 2025年, 年均增长〔累计〕, 属性)
ROWS = [
    ("经济发展", "地区生产总值（亿元）", "3200", "4500", "7左右", "预期性"),
    (None, "全员劳动生产率增长（%）", "—", "—", ">6.5", "预期性"),
    (None, "常住人口城镇化率（%）①", "58.6", "65", "〔6.4〕", "预期性"),
    ("创新驱动", "研发经费投入强度（%）", "2.1", "2.8", "〔0.7〕", "预期性"),
    (None, "每万人口高价值发明专利拥有量（件）", "3.5", "8", "〔4.5〕", "预期性"),
    ("民生福祉", "城镇新增就业人数（万人）", "—", "—", "〔>30〕", "预期性"),
    (None, "城镇调查失业率（%）", "5.2", "<5.5", "—", "预期性"),
    ("绿色生态", "单位地区生产总值能源消耗降低（%）", "—", "—", "〔13.5〕", "约束性"),
    (None, "森林覆盖率（%）*", "62.1", "63", "—", "约束性"),
]
BEFORE = [
    "某某市国民经济和社会发展第十四个五年规划纲要",
    "第二章 发展目标",
    "到2025年，全市经济实力、创新能力和人民生活水平迈上新台阶。",
    "专栏1 “十四五”时期经济社会发展主要指标",
]
AFTER = [
    "注：①按第七次全国人口普查口径。*以国土调查数据为准。〔 〕内为五年累计数。",
    "第三章 重点任务",
    "推进制造业高质量发展，建设现代产业体系。",
]


def build_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for text in BEFORE:
        document.add_paragraph(text)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    table.style = "Table Grid"  # ruled, as printed plans are
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    first = 1
    for r, row in enumerate(ROWS, start=1):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    # merge each 类别 cell down over the rows that continue it
    for r, row in enumerate(ROWS, start=1):
        if row[0] is not None:
            first = r
        last_of_group = r == len(ROWS) or ROWS[r][0] is not None
        if last_of_group and r > first:
            merged = table.cell(first, 0).merge(table.cell(r, 0))
            merged.text = ROWS[first - 1][0] or ""
    for text in AFTER:
        document.add_paragraph(text)
    document.save(str(path))


def build_pdf(docx_path: Path, pdf_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found (Debian package libreoffice-writer, installed by .ci/run)")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"  # a profile of its own: other soffice runs do not block it
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, str(docx_path)], check=True, capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / (docx_path.stem + ".pdf")), pdf_path)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    docx_path = out / "indicator_table.docx"
    build_docx(docx_path)
    build_pdf(docx_path, out / "indicator_table.pdf")
    docx_path.unlink()  # the tests build the .docx themselves
    print(out / "indicator_table.pdf")
