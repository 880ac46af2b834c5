"""The fast path of cached pages: a GET of a page this session has seen, when nothing it shows has changed
since, is answered before routing (guihua.web.pages.cached_page), so that people reading the dashboard do
not wait in line behind departments saving their figures.

It answers exactly what the route would: the cached page is the one the route rendered for this same
session at this address, and its key holds everything that could make the route answer otherwise (the
accounts and units as well as the plans' data: a changed role or a closed session changes it). Sits inside
the security middleware (allowed hosts, response headers) and the last-resort error handler; anything
else (other methods, /api, /static, a page not cached) goes on to the app as before.

The check runs on the event loop itself: it is two or three indexed reads (the session or API token, the
change counters, a dashboard's pending rows or a to-do page's own rows), and handing it to a thread costs
more than it does: under load each hand-over waits for the interpreter's lock behind the requests that
write (measured: benchmarks/bench_rounds_scale.py, p95 of a cached page about three times lower).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from guihua.web.pages import cached_page


class FastPages:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or scope.get("method") != "GET" or path.startswith(("/api/", "/static/")):
            await self.app(scope, receive, send)
            return
        body = cached_page(Request(scope, receive))
        if body is None:
            await self.app(scope, receive, send)
            return
        await HTMLResponse(body)(scope, receive, send)
