"""`guihua report` and `guihua progress`: evaluation reports and the status of every target.

Examples:
    guihua report --plan hengyang-13th --year 2020 --kind final --format html,docx,xlsx --out out/
    guihua progress --plan hengyang-13th --year 2018
    guihua progress --plan hengyang-13th --year 2018 --json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from guihua.errors import InputError

KINDS = ("midterm", "final", "annual")


def register(sub: Any) -> None:
    r = sub.add_parser("report", help="生成年度监测、中期或终期评估报告（HTML、DOCX、XLSX）",
                       description="由数据库中的规划目标与实际数据生成评估报告。例：guihua report --plan "
                                   "hengyang-13th --year 2020 --kind final --format html,docx,xlsx --out out/")
    _common(r)
    r.add_argument("--kind", choices=KINDS, default=None,
                   help="报告类型：midterm 中期、final 终期、annual 年度（默认按评估年判断）")
    r.add_argument("--format", default="html,docx,xlsx", help="输出格式，逗号分隔：html,docx,xlsx（默认全部）")
    r.add_argument("--out", default=".", help="输出目录（默认当前目录）")
    r.set_defaults(func=report_handler)
    p = sub.add_parser("progress", help="逐项列出目标的完成情况与计算过程",
                       description="例：guihua progress --plan hengyang-13th --year 2018 [--json]")
    _common(p)
    p.add_argument("--json", action="store_true",
                   help="输出 JSON 数组，每个目标一个对象（target_id、indicator、kind、comparator、target_value、unit、"
                        "year、actual、actual_year、status、intl_band、ratio、intl_ratio、method、working 等）")
    p.set_defaults(func=progress_handler)


def _common(p: Any) -> None:
    p.add_argument("--plan", required=True, help="规划编号，如 hengyang-13th")
    p.add_argument("--year", required=True, type=int, help="评估年份，如 2020")
    p.add_argument("--db", default=None, help="数据库地址（SQLAlchemy URL 或 SQLite 文件路径；默认取环境变量或默认库）")


def _evaluation(args: Any, io: Any, kind: str | None) -> Any:
    from guihua.monitoring.store_source import evaluate_from_store

    return evaluate_from_store(args.db, args.plan, args.year, kind=kind, environ=io.environ)


class ProgressBar:
    """A one-line progress bar on stderr (redrawn in place on a terminal, one line per step otherwise)."""

    def __init__(self, stream: TextIO, total: int, width: int = 24) -> None:
        # draws on the terminal itself ("\r"), past guihua.cli.terminal.SafeStream: its labels are ours
        stream = getattr(stream, "raw", stream)
        self.stream, self.total, self.width, self.done = stream, total, width, 0
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def step(self, label: str) -> None:
        self.done += 1
        filled = self.width * self.done // self.total
        bar = "█" * filled + "░" * (self.width - filled)
        line = f"[{bar}] {self.done}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r" + line.ljust(60))
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def report_handler(args: Any, io: Any) -> int:
    from guihua.reports.model import build_report
    from guihua.reports.render import parse_formats, write_reports

    formats = parse_formats(args.format)
    bar = ProgressBar(io.stderr, total=2 + len(formats))
    bar.step("读取规划与数据")
    evaluation = _evaluation(args, io, args.kind)
    from guihua.reports.context import plan_context_from_store
    from guihua.reports.projects import project_section_from_store

    projects = project_section_from_store(args.db, args.plan, io.environ)
    context = plan_context_from_store(args.db, args.plan, io.environ)
    from guihua.reports.alerts import from_store

    alerts, annual = from_store(args.db, args.plan, evaluation, io.environ)
    report = build_report(evaluation, projects=projects, context=context, alerts=alerts, annual=annual)
    if report.font_missing:
        from guihua.reports.fonts import MISSING_FONT_NOTE

        print(f"提示：{MISSING_FONT_NOTE}", file=io.stderr)
    bar.step("完成评估")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError("--out", f"{out} 不是目录")
    paths = write_reports(report, out, formats, on_step=lambda f: bar.step(f"写出 {f.upper()}"))
    counts = "，".join(f"{s} {n}" for s, n in report.summary if n)
    print(f"{report.title}：{counts}", file=io.stdout)
    for p in paths:
        print(p, file=io.stdout)
    return 0


def progress_handler(args: Any, io: Any) -> int:
    from guihua.monitoring.export import progress_record, progress_records

    evaluation = _evaluation(args, io, None)
    out = io.stdout
    if args.json:
        import json

        json.dump(progress_records(evaluation), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    print(f"{evaluation.plan_title}　评估年 {evaluation.year}（规划期 {evaluation.base_year + 1}-"
          f"{evaluation.last_year}）", file=out)
    for item in evaluation.items:
        r = progress_record(item)
        t = item.target
        print(f"[{item.status}] {t.indicator}（{t.kind}，{t.section or ''}）目标 {r['target_text']}"
              f"　实际 {item.actual_text or fmt_number(item.actual)}　应达 {item.expected_text or fmt_number(item.expected)}"
              f"　国际对照 {item.intl_band}", file=out)
        print(f"    {item.method_label}：{item.working}", file=out)
        for w in item.warnings:
            print(f"    ※ {w.message}", file=out)
    for w in evaluation.warnings:
        print(f"※ {w.message}", file=out)
    counts = "，".join(f"{s} {n}" for s, n in evaluation.counts().items())
    print(f"合计 {len(evaluation.items)} 项：{counts}", file=out)
    return 0


def fmt_number(v: float | None) -> str:
    from guihua.monitoring.context import fmt

    return fmt(v)
