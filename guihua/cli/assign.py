"""目标责任制 commands: import a 分工方案 table, assign in bulk, write the 任务分工方案, manage the unit list.

Examples:
    guihua assign 分工方案.xlsx --plan hengyang-13th --user 王芳
    guihua assign --plan hengyang-13th --chapter 第十一章 --lead 市生态环境局 --co 市林业局,市水利局
    guihua assign --plan hengyang-13th --domain 资源环境 --lead 市生态环境局
    guihua division --plan hengyang-13th --out 分工方案.docx
    guihua units --add 耒阳市 --kind 县市区
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guihua.cli.store import _db, _store, _user, _who
from guihua.errors import ExitCode, InputError, RowErrors
from guihua.store.assignment_in import split_units
from guihua.store.responsibility_repo import UNIT_KINDS, Responsibility

_ENTITY_LABEL = {"indicator": "指标", "target": "目标", "project": "项目"}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "assign", help="分工：导入分工方案表（指标或任务、牵头单位、配合单位），或按章节/领域批量指定牵头与配合单位",
        description="例：guihua assign 分工方案.xlsx --plan hengyang-13th（表有误时逐行列出、不写入任何数据）；"
                    "guihua assign --plan hengyang-13th --chapter 第十一章 --lead 市生态环境局 --co 市林业局,市水利局")
    p.add_argument("file", nargs="?", metavar="FILE", help="分工方案表（.csv 或 .xlsx；列：指标或任务、牵头单位、配合单位）")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--chapter", default=None, metavar="KEY",
                   help="批量：章节（结构树节点的键，或标题如“第十一章”“坚持绿色发展 建设生态文明示范区”）中的全部指标、目标与项目")
    p.add_argument("--domain", default=None, metavar="D", help="批量：该领域的全部指标及其目标")
    p.add_argument("--lead", default=None, metavar="U", help="批量：牵头单位（一个）")
    p.add_argument("--co", default="", metavar="U,V", help="批量：配合单位（逗号或顿号分隔，可多个）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出分工结果（每项一个对象）")
    _db(p)
    _user(p)
    p.set_defaults(func=assign_handler)

    p = sub.add_parser("division", help="生成任务分工方案（DOCX 或 XLSX）：按篇章分组，未分工的列于末尾",
                       description="例：guihua division --plan hengyang-13th --out 分工方案.docx")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--out", required=True, metavar="FILE", help="输出文件（.docx 或 .xlsx）")
    _db(p)
    p.set_defaults(func=division_handler)

    p = sub.add_parser("units", help="责任单位名录：列出部门与县市区，或用 --add 新增",
                       description="例：guihua units；guihua units --add 耒阳市 --kind 县市区")
    p.add_argument("--add", default=None, metavar="NAME", help="新增（或改类别）的单位名称")
    p.add_argument("--kind", default=None, choices=UNIT_KINDS, help="单位类别（与 --add 同用）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    _db(p)
    _user(p)
    p.set_defaults(func=units_handler)


def _as_dict(r: Responsibility) -> dict[str, Any]:
    return {"entity": r.entity, "entity_id": r.entity_id, "lead": r.lead, "co": list(r.co)}


def assign_handler(args: Any, io: Any) -> int:
    bulk = args.chapter is not None or args.domain is not None
    if args.file and bulk:
        raise InputError("FILE", "导入分工方案表与批量分工（--chapter/--domain）不能同时使用")
    if not args.file and not bulk:
        raise InputError("FILE", "请给出分工方案表，或用 --chapter/--domain 与 --lead 批量分工")
    if bulk and not args.lead:
        raise InputError("--lead", "批量分工须指定牵头单位（--lead）")
    store = _store(args, io)
    try:
        if args.file:
            path = Path(args.file)
            if not path.is_file():
                raise InputError(args.file, "文件不存在")
            try:
                done = store.import_assignments(args.plan, path.name, path.read_bytes(), user=_who(args, io))
            except RowErrors as exc:
                for line in exc.lines():
                    print(line, file=io.stderr)
                print(f"guihua: {exc}", file=io.stderr)
                return int(ExitCode.BAD_INPUT)
            what = f"已导入分工方案 {path.name}"
        else:
            done = store.assign_bulk(args.plan, args.lead, split_units(args.co), chapter=args.chapter,
                                     domain=args.domain, user=_who(args, io))
            what = f"已按{'章节“' + args.chapter if args.chapter is not None else '领域“' + args.domain}”批量分工"
    finally:
        store.dispose()
    if args.json:
        io.stdout.write(json.dumps([_as_dict(r) for r in done], ensure_ascii=False, indent=1) + "\n")
        return 0
    counts = {k: sum(1 for r in done if r.entity == k) for k in _ENTITY_LABEL}
    listed = "，".join(f"{_ENTITY_LABEL[k]} {n} 项" for k, n in counts.items() if n)
    print(f"{what}：{listed or '0 项'}", file=io.stdout)
    return 0


def division_handler(args: Any, io: Any) -> int:
    import datetime as dt

    from guihua.reports.division import division
    from guihua.reports.division_docx import write_division_docx
    from guihua.reports.division_xlsx import write_division_xlsx

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise InputError("--out", f"输出文件应为 .docx 或 .xlsx，收到“{out.suffix}”")
    store = _store(args, io)
    try:
        d = division(store, args.plan)
    finally:
        store.dispose()
    if suffix == ".docx":
        write_division_docx(d, out, dt.date.today().isoformat())
    else:
        write_division_xlsx(d, out)
    assigned = sum(1 for r in d.rows if r.lead)
    print(f"已生成 {out}：{len(d.rows)} 项，其中 {len(d.rows) - assigned} 项未明确责任单位", file=io.stdout)
    return 0


def units_handler(args: Any, io: Any) -> int:
    if (args.add is None) != (args.kind is None):
        raise InputError("--add/--kind", "新增单位须同时给出名称（--add）与类别（--kind 部门 或 县市区）")
    store = _store(args, io)
    try:
        if args.add is not None:
            store.add_unit(args.add.strip(), args.kind, user=_who(args, io))
        units = store.list_units()
    finally:
        store.dispose()
    if args.json:
        io.stdout.write(json.dumps([{"name": n, "kind": k} for n, k in units], ensure_ascii=False, indent=1) + "\n")
        return 0
    for name, kind in units:
        print(f"{name}\t{kind or '—'}", file=io.stdout)
    print(f"共 {len(units)} 个单位", file=io.stdout)
    return 0
