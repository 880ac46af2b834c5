"""How much a request may send: a body declared larger than MAX_BODY (the largest upload, 5 MB, and
room for the form around it) is refused with 413 before any of it is read, so a huge upload never
fills the disk or the memory. (A body sent without Content-Length is read to its end by the form
parser, and the upload route refuses a file over 5 MB with the same 413.)
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from guihua.web.validate import MAX_UPLOAD

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = MAX_UPLOAD + 256 * 1024


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope.get("headers", [])).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.limit:
                await _too_large(scope, send, int(length), self.limit)
                return
        await self.app(scope, receive, send)


async def _too_large(scope: Scope, send: Send, length: int, limit: int) -> None:
    from guihua.web.errors import is_api

    message = (f"请求内容 {length / 1048576:.1f} MB，超过上限 {limit / 1048576:.1f} MB"
               f"（上传的文件最大 {MAX_UPLOAD // 1048576} MB），未读取")
    if is_api(scope.get("path", "")):
        body = json.dumps({"error": "文件过大", "detail": message,
                           "problems": [{"field": "file", "reason": message}]}, ensure_ascii=False).encode()
        ctype = b"application/json"
    else:
        body = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>413 文件过大 · guihua</title>'
                f'<link rel="stylesheet" href="/static/app.css"></head><body><main><section class="error">'
                f"<h1>413 · 文件过大</h1><p>{message}</p><p><a href=\"/\">返回首页</a></p></section></main></body></html>"
                ).encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
