"""Accounts of the web app: `guihua user add | list | disable | enable | passwd | token`.

Examples:
    guihua user add 王芳 --role admin                       # prompts for the password twice
    echo 's3cret-pass' | guihua user add 统计员 --role 部门填报 --department 市统计局 --password-stdin
    guihua user list
    guihua user passwd 王芳
    guihua user disable 统计员
    guihua user token 接口账户                              # a new API token, shown once

Roles: admin 管理员, planner 规划办, department 部门填报 (needs --department), viewer 只读.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

from guihua.cli.store import _db, _store, _user, _who
from guihua.errors import ExitCode, InputError
from guihua.store.access import ROLE_LABELS, Role

_ROLES = " / ".join(f"{r.value}（{label}）" for r, label in ROLE_LABELS.items())


def register(sub: Any) -> None:
    u = sub.add_parser("user", help="网页账户：添加、列出、停用、启用、改密码、API 令牌",
                       description="管理网页与 API 的账户。例：guihua user add 王芳 --role admin")
    users = u.add_subparsers(dest="user_command", metavar="ACTION")

    p = users.add_parser("add", help="添加账户（不带 --password-stdin 时提示输入两次密码）",
                         description=f"角色：{_ROLES}。例：guihua user add 统计员 --role 部门填报 --department 市统计局")
    p.add_argument("name", metavar="NAME", help="账户名（登录用，最多 40 字）")
    p.add_argument("--role", required=True, metavar="ROLE", help=f"角色：{_ROLES}")
    p.add_argument("--department", default=None, metavar="D", help="所属部门（部门填报账户必填，如 市统计局）")
    _password(p)
    _db(p)
    _user(p)
    p.set_defaults(func=add_handler)

    p = users.add_parser("list", help="列出账户（角色、部门、是否停用、有无 API 令牌）",
                         description="例：guihua user list --json")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    _db(p)
    p.set_defaults(func=list_handler)

    for name, active, text in (("disable", False, "停用账户：立即退出所有登录、API 令牌作废"),
                               ("enable", True, "重新启用停用的账户")):
        p = users.add_parser(name, help=text, description=f"{text}。例：guihua user {name} 统计员")
        p.add_argument("name", metavar="NAME", help="账户名")
        _db(p)
        _user(p)
        p.set_defaults(func=active_handler, active=active)

    p = users.add_parser("passwd", help="设置账户的新密码（该账户的所有登录随之退出）",
                         description="例：guihua user passwd 王芳")
    p.add_argument("name", metavar="NAME", help="账户名")
    _password(p)
    _db(p)
    _user(p)
    p.set_defaults(func=passwd_handler)

    p = users.add_parser("token", help="为账户生成新的 API 令牌（只显示这一次；旧令牌作废）",
                         description="API 客户端在请求头中发送 Authorization: Bearer 令牌。例：guihua user token 接口账户")
    p.add_argument("name", metavar="NAME", help="账户名")
    _db(p)
    _user(p)
    p.set_defaults(func=token_handler)
    u.set_defaults(func=lambda args, io: _usage(u, io))


def _usage(parser: Any, io: Any) -> int:
    parser.print_help(io.stdout)
    return int(ExitCode.BAD_INPUT)


def _password(p: Any) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="从标准输入读取密码（第一行），用于脚本；否则在终端提示输入两次")


def read_password(args: Any, io: Any) -> str:
    """The new password: the first line of stdin (--password-stdin), else typed twice at the terminal."""
    if args.password_stdin:
        line = io.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password.removesuffix("\r")
        if not password:
            raise InputError("--password-stdin", "标准输入中没有密码")
        return str(password)
    if not io.stdin.isatty():
        raise InputError("--password-stdin", "不在终端中运行：请用 --password-stdin 从标准输入提供密码")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise InputError("password", "两次输入的密码不一致，未做改动")
    return first


def add_handler(args: Any, io: Any) -> int:
    from guihua.store.access import parse_role

    role = parse_role(args.role)
    password = read_password(args, io)
    store = _store(args, io)
    try:
        u = store.add_user(args.name, role, password, department=args.department, user=_who(args, io))
    finally:
        store.dispose()
    where = f"，部门 {u.department}" if u.department else ""
    print(f"已添加账户 {u.name}（{u.role.label}{where}）", file=io.stdout)
    return int(ExitCode.OK)


def list_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        users = store.list_users()
    finally:
        store.dispose()
    if args.json:
        io.stdout.write(json.dumps([u.to_dict() for u in users], ensure_ascii=False, indent=1) + "\n")
        return int(ExitCode.OK)
    io.stdout.write("\t".join(["账户", "角色", "部门", "状态", "API 令牌", "创建时间", "创建人"]) + "\n")
    for u in users:
        io.stdout.write("\t".join([u.name, f"{u.role.value}（{u.role.label}）", u.department or "",
                                   "启用" if u.is_active else "已停用", "有" if u.has_api_token else "",
                                   u.created_at, u.created_by]) + "\n")
    if not any(u.role is Role.ADMIN and u.is_active for u in users):
        print("尚无启用的管理员账户：guihua user add 名字 --role admin", file=io.stderr)
    return int(ExitCode.OK)


def active_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        store.set_active(args.name, args.active, user=_who(args, io))
    finally:
        store.dispose()
    print(f"账户 {args.name} 已{'启用' if args.active else '停用（登录已全部退出，API 令牌已作废）'}", file=io.stdout)
    return int(ExitCode.OK)


def passwd_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        store.get_user(args.name)  # an unknown name is refused before asking for a password
        store.set_password(args.name, read_password(args, io), user=_who(args, io))
    finally:
        store.dispose()
    print(f"账户 {args.name} 的密码已更改（该账户的登录已全部退出）", file=io.stdout)
    return int(ExitCode.OK)


def token_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        token = store.new_api_token(args.name, user=_who(args, io))
    finally:
        store.dispose()
    print(token, file=io.stdout)
    print(f"这是账户 {args.name} 的新 API 令牌，只显示这一次（旧令牌已作废）。"
          "请求时发送请求头 Authorization: Bearer 令牌", file=io.stderr)
    return int(ExitCode.OK)
