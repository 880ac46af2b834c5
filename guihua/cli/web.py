"""`guihua serve` and `guihua demo`: the web app over a database, or over the bundled demo.

Examples:
    guihua serve --db guihua.db --port 8000
    guihua demo            # builds the Hengyang demo database and serves it on http://127.0.0.1:8000
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from guihua.errors import InputError


def register(sub: Any) -> None:
    s = sub.add_parser("serve", help="启动网页与 JSON API（离线可用）",
                       description="在本机启动网页与 JSON API。例：guihua serve --db guihua.db --port 8000")
    _common(s)
    s.add_argument("--db", default=None,
                   help="数据库地址（SQLAlchemy URL 或 SQLite 文件路径；默认取环境变量 GUIHUA_DATABASE_URL 或 ./guihua.db）")
    s.set_defaults(func=serve_handler)
    d = sub.add_parser("demo", help="建立衡阳“十三五”演示库（规划与真实统计数据）并启动网页",
                       description="建立演示数据库并启动网页。例：guihua demo --port 8000")
    _common(d)
    d.add_argument("--db", default="guihua-demo.db", help="演示数据库文件（默认 guihua-demo.db；已存在则补齐，不会重复导入）")
    d.set_defaults(func=demo_handler)


def _common(p: Any) -> None:
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")


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


def _run(url: str | None, host: str, port: int, io: Any) -> int:
    import uvicorn

    from guihua.web.app import Settings, create_app

    _check_port(host, port)
    app = create_app(Settings(database_url=url))
    shown = f"[{host}]" if ":" in host else host
    print(f"guihua 网页已启动：http://{shown}:{port}/  （API 文档 http://{shown}:{port}/api/docs；Ctrl+C 停止）",
          file=io.stdout, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def serve_handler(args: Any, io: Any) -> int:
    url = _url(args.db, io.environ) or _url("guihua.db", {})
    return _run(url, args.host, args.port, io)


def demo_handler(args: Any, io: Any) -> int:
    _check_port(args.host, args.port)
    url = _url(args.db, {})
    try:
        from guihua.store.demo import build_demo_database
    except ImportError:
        print("guihua: 存储模块尚未提供 build_demo_database，演示改用内存中的衡阳规划与统计数据", file=io.stderr)
        return _run(None, args.host, args.port, io)
    print(f"正在建立演示数据库 {args.db} …", file=io.stderr, flush=True)
    build_demo_database(url)
    return _run(url, args.host, args.port, io)
