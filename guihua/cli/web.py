"""`guihua serve` and `guihua demo`: the web app over a database, or over the bundled demo.

Examples:
    guihua user add 王芳 --role admin           # serve refuses to start without an administrator
    guihua serve --db guihua.db --port 8000
    guihua serve --host 0.0.0.0 --allowed-host plan.example.gov.cn   # on the office network
    guihua demo            # builds the Hengyang demo database and serves it on http://127.0.0.1:8000
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

from guihua.errors import InputError

PUBLIC_READ = "GUIHUA_PUBLIC_READ"
ALLOWED_HOSTS = "GUIHUA_ALLOWED_HOSTS"


def register(sub: Any) -> None:
    s = sub.add_parser("serve", help="启动网页与 JSON API（离线可用；须先用 guihua user add 建立管理员）",
                       description="在本机启动网页与 JSON API。例：guihua serve --db guihua.db --port 8000")
    _common(s)
    s.add_argument("--db", default=None,
                   help="数据库地址（SQLAlchemy URL 或 SQLite 文件路径；默认取环境变量 GUIHUA_DATABASE_URL 或 ./guihua.db）")
    s.set_defaults(func=serve_handler)
    d = sub.add_parser("demo", help="建立衡阳“十三五”演示库（规划与真实统计数据）和各角色的演示账户，并启动网页",
                       description="建立演示数据库与演示账户（打印账户名和密码，仅供演示）并启动网页。例：guihua demo --port 8000")
    _common(d)
    d.add_argument("--db", default="guihua-demo.db", help="演示数据库文件（默认 guihua-demo.db；已存在则补齐，不会重复导入）")
    d.set_defaults(func=demo_handler)


def _common(p: Any) -> None:
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="除本机名称外允许的主机名或 IP（浏览器地址栏中的名称，可重复；"
                        f"也可用环境变量 {ALLOWED_HOSTS}，逗号分隔）；--host 给出的地址自动允许")
    p.add_argument("--threads", type=int, default=2, metavar="N",
                   help="同时处理的请求数（默认 2；已缓存的网页不占用、不排队；生成报告较多时可调大）")
    p.add_argument("--public-read", action="store_true",
                   help=f"允许未登录的访客浏览网页与 API（只读，如开放数据门户；也可设环境变量 {PUBLIC_READ}=1）；"
                        "默认须登录")


def _check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise InputError("--port", f"端口应在 1-65535 之间，收到 {port}")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError("--port", f"无法在 {host}:{port} 上监听（{exc.strerror}）：端口已被占用或地址无效") from None


def _url(db: str | None, environ: dict[str, str]) -> str | None:
    url = db or environ.get("GUIHUA_DATABASE_URL")
    if url and "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    return url


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _deployment(args: Any, io: Any) -> dict[str, Any]:
    """Settings of the deployment from the options and the environment (options first)."""
    public = bool(args.public_read) or io.environ.get(PUBLIC_READ, "").strip().lower() in ("1", "true", "yes", "on")
    hosts = [h.strip() for h in io.environ.get(ALLOWED_HOSTS, "").split(",") if h.strip()]
    hosts += [h.strip() for h in args.allowed_host if h.strip()]
    if not 1 <= args.threads <= 64:
        raise InputError("--threads", f"同时处理的请求数应在 1-64 之间，收到 {args.threads}")
    return {"public_read": public, "allowed_hosts": (args.host, *hosts), "threads": args.threads}


def _warn(args: Any, io: Any, deployment: dict[str, Any]) -> None:
    if is_loopback(args.host):
        return
    if deployment["public_read"]:
        print(f"guihua: 警告：监听 {args.host} 且允许匿名浏览（--public-read），网络中任何人都能不登录就看到全部规划数据",
              file=io.stderr)
    if args.host in ("0.0.0.0", "::") and len(deployment["allowed_hosts"]) == 1:
        print("guihua: 提示：监听所有地址时，请用 --allowed-host 给出其他电脑访问本机所用的名称或 IP，"
              "否则只接受 127.0.0.1 / localhost 的请求", file=io.stderr)


def _run(url: str | None, args: Any, io: Any, deployment: dict[str, Any]) -> int:
    import uvicorn

    from guihua.web.app import Settings, create_app

    host, port = args.host, args.port
    _check_port(host, port)
    _warn(args, io, deployment)
    app = create_app(Settings(database_url=url, **deployment))
    shown = f"[{host}]" if ":" in host else host
    print(f"guihua 网页已启动：http://{shown}:{port}/  （API 文档 http://{shown}:{port}/api/docs；Ctrl+C 停止）",
          file=io.stdout, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def _require_admin(url: str | None) -> None:
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        if not store.has_admin():
            raise InputError("guihua serve", "数据库中还没有启用的管理员账户，网页拒绝启动；"
                             "请先运行 guihua user add 名字 --role admin（同一 --db）创建管理员")
    finally:
        store.dispose()


def serve_handler(args: Any, io: Any) -> int:
    url = _url(args.db, io.environ) or _url("guihua.db", {})
    deployment = _deployment(args, io)
    _check_port(args.host, args.port)
    _require_admin(url)
    return _run(url, args, io, deployment)


def demo_handler(args: Any, io: Any) -> int:
    from guihua.store.demo import build_demo_database, create_demo_accounts

    _check_port(args.host, args.port)
    url = _url(args.db, {})
    print(f"正在建立演示数据库 {args.db} …", file=io.stderr, flush=True)
    build_demo_database(url)
    accounts = create_demo_accounts(url)
    print("演示账户（仅供演示，每次运行 guihua demo 都重新生成密码）：", file=io.stdout)
    for name, role, department, password in accounts:
        print(f"  {name:<10} {role}{f'（{department}）' if department else ''}  密码 {password}", file=io.stdout)
    return _run(url, args, io, _deployment(args, io))
