"""Write a report model in the requested formats (the one entry point the CLI and web call)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from guihua.errors import InputError
from guihua.names import check_plan_id
from guihua.reports.model import Report

FORMATS = ("html", "docx", "xlsx")


def parse_formats(text: str) -> list[str]:
    """"html,docx" -> ["html", "docx"]; unknown names are an InputError naming the argument."""
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise InputError("--format", f"不支持的格式 {','.join(bad) or '（空）'}；可选 {','.join(FORMATS)}")
    return list(dict.fromkeys(wanted))


def file_stem(report: Report) -> str:
    """"<plan id>-<year>-<kind>": the plan id is checked (letters, digits, - and _), so no path in it."""
    return f"{check_plan_id(report.plan_id, 'plan_id')}-{int(report.year)}-{report.kind}"


def write_reports(report: Report, out_dir: Path, formats: Sequence[str],
                  on_step: Callable[[str], None] | None = None) -> list[Path]:
    """Write one file per format into ``out_dir`` (created if missing); each write is atomic."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for fmt in formats:
        if on_step:
            on_step(fmt)
        path = out_dir / f"{file_stem(report)}.{fmt}"
        if path.resolve().parent != out_dir.resolve():  # never outside out_dir, whatever the name holds
            raise InputError("--out", f"报告文件名“{path.name}”会写到 {out_dir} 之外")
        if fmt == "html":
            from guihua.reports.html import write_html

            write_html(report, path)
        elif fmt == "docx":
            from guihua.reports.docx import write_docx

            write_docx(report, path)
        elif fmt == "xlsx":
            from guihua.reports.xlsx import write_xlsx

            write_xlsx(report, path)
        else:
            raise InputError("--format", f"不支持的格式 {fmt}")
        paths.append(path)
    return paths
