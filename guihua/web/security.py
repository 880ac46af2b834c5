"""The app's outer layer (an ASGI middleware): allowed Host names, no cross-site writes, security headers.

- Host: only the names the deployment serves (loopback names, the host given to `guihua serve`, and
  Settings.allowed_hosts) are answered; any other Host header gets 400. This stops DNS rebinding:
  a page on another name that resolves to 127.0.0.1 cannot read or write.
- A state-changing request (POST, PUT, PATCH, DELETE) whose Origin (or, without one, Referer) is not
  this site, or that the browser marks Sec-Fetch-Site: cross-site, is refused with 403 before it
  reaches any route (the CSRF token check in guihua.web.access comes on top of this).
- Every response carries Content-Security-Policy (scripts only from this site, no inline script, no
  framing), X-Content-Type-Options: nosniff, X-Frame-Options: DENY and Referrer-Policy; responses other
  than static files are not stored by caches. A response that sets its own CSP and X-Frame-Options keeps
  them: the report preview, shown in a frame of the report page, sends `framed_by_this_site` (the same
  policy, framing by this site's own pages only, and the report's one inline script by its hash).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = ("127.0.0.1", "localhost", "::1")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def framed_by_this_site(script_hashes: Iterable[str] = ()) -> dict[str, str]:
    """The headers of a page shown inside this site's own pages (the report preview's iframe): the same
    policy, framing by this site only, and besides this site's scripts only the inline scripts whose
    CSP hashes ("'sha256-…'") are given."""
    csp = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    csp = csp.replace("script-src 'self'", " ".join(("script-src 'self'", *script_hashes)))
    return {"content-security-policy": csp, "x-frame-options": "SAMEORIGIN"}


def host_name(host: str) -> str:
    """The name part of a Host header or netloc: "127.0.0.1:8000" -> "127.0.0.1", "[::1]:80" -> "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed_hosts(extra: Iterable[str]) -> frozenset[str]:
    """Loopback names plus the configured ones (a bind-all address such as 0.0.0.0 names no host)."""
    names = {host_name(h) for h in extra if h and h.strip()}
    return frozenset(LOOPBACK) | {n for n in names if n not in ("0.0.0.0", "::", "")}


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.hosts = allowed_hosts(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if host_name(host) not in self.hosts:
            await _refuse(scope, send, 400, "主机名不允许",
                          f"本服务不接受主机名“{host_name(host)[:100]}”的请求；"
                          "请用 127.0.0.1 访问，或在 guihua serve 中用 --allowed-host 加入该名称")
            return
        if scope.get("method", "GET").upper() in UNSAFE and _cross_site(headers, host):
            await _refuse(scope, send, 403, "拒绝跨站请求", "来自其他网站的修改请求已被拒绝（Origin 不是本站）")
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                raw += [(k, v) for k, v in HEADERS if k not in present]
                if not static and b"cache-control" not in present:
                    raw.append((b"cache-control", b"no-store"))
                if scope.get("scheme") == "https":
                    raw.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cross_site(headers: dict[str, str], host: str) -> bool:
    """Whether a browser says this write comes from another site."""
    if headers.get("sec-fetch-site") == "cross-site":
        return True
    source = headers.get("origin") or headers.get("referer")
    if source is None:
        return False  # not a browser (curl, an API client): the token checks still apply
    if source == "null":
        return True
    netloc = urlsplit(source).netloc.lower()
    return netloc != host.strip().lower()


async def _refuse(scope: Scope, send: Send, status: int, title: str, message: str) -> None:
    api = scope.get("path", "").startswith("/api")
    if api:
        body = json.dumps({"error": title, "detail": message}, ensure_ascii=False).encode()
        ctype = b"application/json"
    else:
        body = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{status} {title}</title>'
                f"<h1>{status} · {title}</h1><p>{_escape(message)}</p></html>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), *HEADERS,
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
