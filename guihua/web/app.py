"""The web application: `create_app(settings)` builds the FastAPI app over one backend.

Every HTML page has a JSON twin under /api built by the same data function (guihua.web.data).
Errors: an unknown id is a 404 (JSON under /api, a page elsewhere); a bad query parameter a 422
with the reason; a bad form value a message by the field; no login 401 (pages go to /login), no right
403. Nothing is loaded from outside hosts: scripts, styles and the API docs are served from
guihua/web/static. Who may do what: guihua.web.access; Host, Origin and headers: guihua.web.security.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from guihua import __version__
from guihua.web import errors, openapi
from guihua.web.access import authorize
from guihua.web.auth import LoginLimiter
from guihua.web.backend import Backend, open_backend
from guihua.web.data import Site
from guihua.web.pages import PageCache

HERE = Path(__file__).resolve().parent


@dataclass
class Settings:
    """What the app is built from: a database URL (None: GUIHUA_DATABASE_URL, else ./guihua.db) or a backend,
    and how it is deployed.

    public_read: anonymous visitors may read every page and the JSON API (an open data portal); by
    default they must log in. allowed_hosts: Host names answered besides the loopback names.
    session_hours: how long a login lasts. Cookies are marked Secure when the request came over HTTPS
    (behind a reverse proxy, uvicorn takes the scheme from X-Forwarded-Proto). upload_wait: how many
    seconds an upload's answer waits for its import (run in a worker thread) before it answers with
    the import's job instead (a page that refreshes itself; 202 and the job for the API)."""

    database_url: str | None = None
    backend: Backend | None = None
    title: str = "guihua 规划监测"
    public_read: bool = False
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)
    session_hours: float = 12.0
    upload_wait: float = 2.0
    threads: int = 2  # requests handled at once (the others wait their turn; see `_lifespan`)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Handle at most `Settings.threads` requests at once. The pages are Python work that holds the
    interpreter's lock: forty threads taking turns at it (the server's default) finish later, each, than
    a few working while the rest wait in line (measured by benchmarks/bench_rounds_scale.py)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.settings.threads
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backend = settings.backend or open_backend(settings.database_url)
    app = FastAPI(title=settings.title, version=__version__, docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(authorize)], lifespan=_lifespan,
                  description="guihua 的 JSON API：每个网页都有同源数据的 JSON 版本（在路径前加 /api）。"
                              "修改数据须登录：API 客户端在请求头发送 `Authorization: Bearer 令牌`（guihua user token），"
                              "或用登录会话的 Cookie 并在 `X-CSRF-Token` 请求头中发送 /api/me 给出的令牌。")
    app.state.site = Site(backend)
    app.state.settings = settings
    app.state.page_cache = PageCache()
    app.state.login_limiter = LoginLimiter()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    errors.install(app)
    from guihua.web.routes import (
        account,
        assign,
        docs,
        entry,
        indicators,
        plans,
        projects,
        proposals,
        reports,
        review,
        rounds,
        search,
        warnings,
    )

    modules = (plans, indicators, review, entry, search, reports, docs, account, projects, proposals, assign,
               warnings, rounds)
    for module in modules:
        app.include_router(module.router)
    from guihua.web.jobs import Jobs
    from guihua.web.uploads import PendingUploads

    app.state.pending_uploads = PendingUploads()
    app.state.jobs = Jobs()
    app.state.route_table = [r for m in modules for r in m.router.routes if isinstance(r, APIRoute)]
    openapi.install(app)
    from guihua.web.fast_pages import FastPages
    from guihua.web.limits import BodyLimit
    from guihua.web.security import SecurityMiddleware

    # the last one added is the outermost: security headers wrap every answer, a bug's 500 and a 413 too
    app.add_middleware(FastPages)
    app.add_middleware(errors.InternalErrors)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityMiddleware, hosts=settings.allowed_hosts)
    return app


def route_table(app: FastAPI) -> list[APIRoute]:
    """Every route of the app (the routers' own routes: no router is mounted under a prefix)."""
    table: list[APIRoute] = app.state.route_table
    return list(table)
