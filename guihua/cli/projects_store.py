"""Project library commands: import-projects (status, years, investment, progress) and export-projects.

Examples:
    guihua export-projects --plan hengyang-13th --out projects.xlsx
    guihua import-projects projects.csv --plan hengyang-13th --user 王芳
"""

from __future__ import annotations

from typing import Any

from guihua.cli.store import _db, _store, _user, _who
from guihua.errors import ExitCode


def register(sub: Any) -> None:
    p = sub.add_parser("import-projects", help="导入项目状态与进展（CSV/XLSX）；有错行时列出行号与原因，不写入任何数据",
                       description="表头：project,status,start_year,end_year,investment,unit,responsible,"
                                   "event_date,evidence,note（或用 id 列指明项目；多余列忽略）。"
                                   "例：guihua import-projects projects.csv --plan hengyang-13th")
    p.add_argument("file", metavar="FILE", help="CSV 或 XLSX 文件")
    p.add_argument("--plan", required=True, help="规划编号")
    _db(p)
    _user(p)
    p.set_defaults(func=import_handler)

    p = sub.add_parser("export-projects", help="导出项目库（状态、年份、投资、责任单位、最近进展）为 CSV/XLSX",
                       description="例：guihua export-projects --plan hengyang-13th --out projects.xlsx")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--out", required=True, metavar="FILE", help="输出文件（.csv 或 .xlsx）")
    _db(p)
    p.set_defaults(func=export_handler)


def import_handler(args: Any, io: Any) -> int:
    from guihua.store.project_status import ProjectImportError, import_project_status

    store = _store(args, io)
    try:
        s = import_project_status(store, args.plan, args.file, user=_who(args, io))
    except ProjectImportError as exc:
        for line in exc.lines():
            print(line, file=io.stderr)
        print(f"guihua: {exc}", file=io.stderr)
        return int(ExitCode.BAD_INPUT)
    finally:
        store.dispose()
    print(f"已导入 {s.rows} 行：{s.projects_changed} 个项目有改动，新增 {s.events_added} 条进展", file=io.stdout)
    return 0


def export_handler(args: Any, io: Any) -> int:
    from guihua.store.project_status import export_project_status

    store = _store(args, io)
    try:
        n = export_project_status(store, args.plan, args.out)
    finally:
        store.dispose()
    print(f"已导出 {n} 个项目到 {args.out}", file=io.stdout)
    return 0
