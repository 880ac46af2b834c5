"""Data round (填报) commands: `guihua round open|close|status|todo|template|upload|fill|submit|approve|return`.

Examples:
    guihua round open --plan hengyang-13th --year 2021 --deadline 2022-03-31 --user 规划办
    guihua round status --plan hengyang-13th --year 2021 --json
    guihua round template --plan hengyang-13th --year 2021 --department 市林业局 --out 林业局.xlsx
    guihua round upload 林业局.xlsx --plan hengyang-13th --year 2021 --department 市林业局 --user 张三
    guihua round submit --plan hengyang-13th --year 2021 --department 市林业局 --user 张三
    guihua round approve --plan hengyang-13th --year 2021 --rows 12 13 --user 李四
    guihua round return --plan hengyang-13th --year 2021 --row 12 --comment "请核对口径" --user 李四
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guihua.cli.store import _db, _store, _user, _who


def _common(p: Any, department: bool = False, user: bool = False) -> None:
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--year", required=True, type=int, help="填报年份")
    if department:
        p.add_argument("--department", required=True, metavar="D", help="填报单位（只处理该单位的行）")
    _db(p)
    if user:
        _user(p, required=True)


def register(sub: Any) -> None:
    top = sub.add_parser("round", help="数据填报轮次：开启、关闭、进度、部门模板、上传、提交、审定、退回",
                         description="规划办开启某年的填报轮次，各单位（牵头单位）填报本单位的指标数值与项目进展，"
                                     "提交后由规划办审定或退回；只有审定的数值进入评估。")
    rs = top.add_subparsers(dest="round_command", metavar="COMMAND", required=True)
    p = rs.add_parser("open", help="开启填报轮次（默认覆盖所有已指定牵头单位的指标与项目）",
                      description="例：guihua round open --plan hengyang-13th --year 2021 --deadline 2022-03-31")
    _common(p, user=True)
    p.add_argument("--deadline", metavar="YYYY-MM-DD", help="截止日期")
    p.add_argument("--indicators", nargs="+", type=int, metavar="ID", help="只列入这些指标（编号；与 --projects 一起给出范围）")
    p.add_argument("--projects", nargs="+", type=int, metavar="ID", help="列入这些项目（编号）")
    p.add_argument("--skip-unassigned", action="store_true", help="跳过没有牵头单位的指标或项目（默认拒绝并列出）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=open_handler)
    p = rs.add_parser("close", help="关闭填报轮次（各单位不能再填报或提交）")
    _common(p, user=True)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=close_handler)
    p = rs.add_parser("status", help="填报进度：各单位各状态的行数、逾期单位、每一行的状态",
                      description="例：guihua round status --plan hengyang-13th --year 2021 --json")
    _common(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=status_handler)
    p = rs.add_parser("todo", help="一个单位的待办：本单位的行及往年数值")
    _common(p, department=True)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=todo_handler)
    p = rs.add_parser("template", help="生成一个单位的 Excel 填报模板",
                      description="例：guihua round template --plan hengyang-13th --year 2021 --department 市林业局 "
                                  "--out 林业局.xlsx")
    _common(p, department=True)
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出文件")
    p.set_defaults(func=template_handler)
    p = rs.add_parser("upload", help="上传填好的模板（逐格校验，有错则全部不写入）")
    p.add_argument("path", metavar="FILE.xlsx", help="填好的模板")
    _common(p, department=True, user=True)
    p.set_defaults(func=upload_handler)
    p = rs.add_parser("fill", help="填报一行：数值（指标）或进展（项目）与备注")
    _common(p, user=True)
    p.add_argument("--row", required=True, type=int, help="填报行编号")
    p.add_argument("--value", help="数值（按该行单位）")
    p.add_argument("--progress", help="项目进展")
    p.add_argument("--note", help="备注")
    p.add_argument("--department", metavar="D", help="以该单位身份填报（只能填报本单位的行）")
    p.set_defaults(func=fill_handler)
    p = rs.add_parser("submit", help="提交：一个单位的全部已填报行，或所列的行")
    _common(p, user=True)
    p.add_argument("--department", metavar="D", help="提交该单位已填报（填报中/已退回）的全部行")
    p.add_argument("--rows", nargs="+", type=int, metavar="ID", help="只提交这些行")
    p.set_defaults(func=submit_handler)
    p = rs.add_parser("approve", help="审定所列的行（或一个单位已提交的全部行）；数值写入实际值")
    _common(p, user=True)
    p.add_argument("--department", metavar="D", help="审定该单位已提交的全部行")
    p.add_argument("--rows", nargs="+", type=int, metavar="ID", help="审定这些行")
    p.set_defaults(func=approve_handler)
    p = rs.add_parser("return", help="退回一行并写明原因")
    _common(p, user=True)
    p.add_argument("--row", required=True, type=int, help="填报行编号")
    p.add_argument("--comment", required=True, help="退回意见（必填）")
    p.set_defaults(func=return_handler)


def _emit(io: Any, data: Any) -> None:
    io.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _ids(store: Any, args: Any, states: tuple[str, ...]) -> list[int]:
    from guihua.errors import InputError

    if args.rows:
        return _of_round(store, args, list(args.rows))
    if not args.department:
        raise InputError("--rows", "请给出 --rows 或 --department")
    ids = [r.id for r in store.round_rows(args.plan, args.year, department=args.department, states=list(states))]
    if not ids:
        raise InputError("--department", f"{args.department}没有{'或'.join(states)}的行")
    return ids


def _of_round(store: Any, args: Any, ids: list[int]) -> list[int]:
    """`ids`, each a row of the round named by --plan and --year (else InputError)."""
    from guihua.errors import InputError

    mine = {r.id for r in store.round_rows(args.plan, args.year)}
    other = [i for i in ids if i not in mine]
    if other:
        raise InputError("--rows", f"{'、'.join(map(str, other))} 不是 {args.year} 年填报轮次的行")
    return ids


def open_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        rnd = store.open_round(args.plan, args.year, args.deadline, indicator_ids=args.indicators,
                               project_ids=args.projects, skip_unassigned=args.skip_unassigned, user=_who(args, io))
        rows = store.round_rows(args.plan, args.year)
    finally:
        store.dispose()
    if args.json:
        _emit(io, {**rnd.to_dict(), "rows": len(rows)})
    else:
        deps = len({r.department for r in rows})
        print(f"已开启 {rnd.year} 年填报轮次（截止 {rnd.deadline or '未定'}）：{len(rows)} 行，{deps} 个单位",
              file=io.stdout)
    return 0


def close_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        rnd = store.close_round(args.plan, args.year, user=_who(args, io))
    finally:
        store.dispose()
    if args.json:
        _emit(io, rnd.to_dict())
    else:
        print(f"已关闭 {rnd.year} 年填报轮次", file=io.stdout)
    return 0


def status_handler(args: Any, io: Any) -> int:
    from guihua.store.rounds_repo import ROW_STATES

    store = _store(args, io)
    try:
        status = store.round_status(args.plan, args.year)
    finally:
        store.dispose()
    if args.json:
        _emit(io, status.to_dict())
        return 0
    rnd = status.round
    print(f"{rnd.year} 年填报轮次　{rnd.state_label}　截止 {rnd.deadline or '未定'}", file=io.stdout)
    for d in status.departments:
        counts = "，".join(f"{s} {d.counts[s]}" for s in ROW_STATES if d.counts[s])
        print(f"{d.department}　共 {d.total} 行：{counts}" + ("　【逾期】" if d.overdue else ""), file=io.stdout)
    if status.overdue:
        print(f"逾期单位：{'、'.join(status.overdue)}", file=io.stdout)
    for r in status.rows:
        print(f"  [{r.state}] {r.id}　{r.department}　{r.name}　{_shown(r)}", file=io.stdout)
    return 0


def _shown(r: Any) -> str:
    if r.indicator_id is None:
        return r.progress or "—"
    return f"{r.value_text or '—'}{r.unit or ''}" if r.value is not None else "—"


def todo_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        rows = store.todo(args.plan, args.year, args.department)
    finally:
        store.dispose()
    if args.json:
        _emit(io, [r.to_dict() for r in rows])
        return 0
    for r in rows:
        hist = "；".join(f"{p}：{v}" for p, v, _ in r.history) or "无往年数值"
        print(f"[{r.state}] {r.id}　{r.name}（{r.unit or '—'}）　{_shown(r)}　往年：{hist}"
              + (f"　退回意见：{r.comment}" if r.comment else ""), file=io.stdout)
    return 0


def template_handler(args: Any, io: Any) -> int:
    from guihua.store.round_templates import template_bytes

    store = _store(args, io)
    try:
        data = template_bytes(store, args.plan, args.year, args.department)
    finally:
        store.dispose()
    Path(args.out).write_bytes(data)
    print(f"已生成 {args.department} {args.year} 年填报模板：{args.out}", file=io.stdout)
    return 0


def upload_handler(args: Any, io: Any) -> int:
    from guihua.errors import InputError
    from guihua.store.round_templates import read_template

    path = Path(args.path)
    if not path.is_file():
        raise InputError(str(path), "文件不存在")
    store = _store(args, io)
    try:
        result = read_template(store, args.plan, args.year, args.department, path.read_bytes(), filename=path.name,
                               user=_who(args, io))
    finally:
        store.dispose()
    print(f"已保存 {result.saved} 行（跳过 {result.skipped} 行）；提交请用 guihua round submit", file=io.stdout)
    return 0


def fill_handler(args: Any, io: Any) -> int:
    from guihua.store import rounds

    store = _store(args, io)
    try:
        _of_round(store, args, [args.row])
        r = rounds.fill(store, args.row, value=args.value, progress=args.progress, note=args.note,
                        user=_who(args, io), department=args.department)
    finally:
        store.dispose()
    print(f"已保存填报行 {r.id}（{r.name}）：{_shown(r)}　{r.state}", file=io.stdout)
    return 0


def submit_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        ids = _ids(store, args, ("填报中", "已退回"))
        rows = store.submit_round_rows(ids, user=_who(args, io), department=args.department)
    finally:
        store.dispose()
    print(f"已提交 {len(rows)} 行", file=io.stdout)
    return 0


def approve_handler(args: Any, io: Any) -> int:
    from guihua.store import rounds

    store = _store(args, io)
    try:
        rows = rounds.approve(store, _ids(store, args, ("已提交",)), user=_who(args, io))
    finally:
        store.dispose()
    print(f"已审定 {len(rows)} 行；数值已写入实际值", file=io.stdout)
    return 0


def return_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        _of_round(store, args, [args.row])
        [r] = store.return_round_rows({args.row: args.comment}, user=_who(args, io))
    finally:
        store.dispose()
    print(f"已退回填报行 {r.id}（{r.name}）：{r.comment}", file=io.stdout)
    return 0
