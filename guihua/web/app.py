"""The web application: `create_app(settings)` builds the FastAPI app over one backend.

Every HTML page has a JSON twin under /api built by the same data function (guihua.web.data).
Errors: an unknown id is a 404 (JSON under /api, a page elsewhere); a bad query parameter a 422
with the reason; a bad form value a message by the field; no login 401 (pages go to /login), no right
403. Nothing is loaded from outside hosts: scripts, styles and the API docs are served from
guihua/web/static. Who may do what: guihua.web.access; Host, Origin and headers: guihua.web.security.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from guihua import __version__
from guihua.errors import InputError
from guihua.store.access import AccessDenied
from guihua.web.access import SAFE_METHODS, LoginRequired, authorize
from guihua.web.auth import LoginLimiter
from guihua.web.backend import Backend, open_backend
from guihua.web.data import Site
from guihua.web.records import NotFound
from guihua.web.render import templates

HERE = Path(__file__).resolve().parent
FIELD_NAMES = {"year": "年份", "status": "状态", "q": "查询词", "domain": "领域", "chapter": "章",
               "department": "责任部门", "attribute": "属性", "state": "审核状态", "limit": "条数"}


@dataclass
class Settings:
    """What the app is built from: a database URL (None: GUIHUA_DATABASE_URL, else ./guihua.db) or a backend,
    and how it is deployed.

    public_read: anonymous visitors may read every page and the JSON API (an open data portal); by
    default they must log in. allowed_hosts: Host names answered besides the loopback names.
    session_hours: how long a login lasts. Cookies are marked Secure when the request came over HTTPS
    (behind a reverse proxy, uvicorn takes the scheme from X-Forwarded-Proto)."""

    database_url: str | None = None
    backend: Backend | None = None
    title: str = "guihua 规划监测"
    public_read: bool = False
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)
    session_hours: float = 12.0


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backend = settings.backend or open_backend(settings.database_url)
    app = FastAPI(title=settings.title, version=__version__, docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(authorize)],
                  description="guihua 的 JSON API：每个网页都有同源数据的 JSON 版本（在路径前加 /api）。"
                              "修改数据须登录：API 客户端在请求头发送 `Authorization: Bearer 令牌`（guihua user token），"
                              "或用登录会话的 Cookie 并在 `X-CSRF-Token` 请求头中发送 /api/me 给出的令牌。")
    app.state.site = Site(backend)
    app.state.settings = settings
    app.state.page_cache = {}
    app.state.login_limiter = LoginLimiter()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _errors(app)
    from guihua.web.routes import (
        account,
        docs,
        entry,
        indicators,
        plans,
        projects,
        proposals,
        reports,
        review,
        search,
    )

    modules = (plans, indicators, review, entry, search, reports, docs, account, projects, proposals)
    for module in modules:
        app.include_router(module.router)
    from guihua.web.uploads import PendingUploads

    app.state.pending_uploads = PendingUploads()
    app.state.route_table = [r for m in modules for r in m.router.routes if isinstance(r, APIRoute)]
    _document_access(app)
    from guihua.web.security import SecurityMiddleware

    app.add_middleware(SecurityMiddleware, hosts=settings.allowed_hosts)
    return app


def route_table(app: FastAPI) -> list[APIRoute]:
    """Every route of the app (the routers' own routes: no router is mounted under a prefix)."""
    table: list[APIRoute] = app.state.route_table
    return list(table)


def _document_access(app: FastAPI) -> None:
    """The OpenAPI document says that every operation may answer 401 (no login: reading needs one
    unless the deployment is open) and every write also 403 (no right, or no CSRF token)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            for ops in spec.get("paths", {}).values():
                for method, op in ops.items():
                    responses = op.setdefault("responses", {})
                    responses.setdefault("401", {"description": "未登录（无会话或 API 令牌）"})
                    if method.upper() not in SAFE_METHODS:
                        responses.setdefault("403", {"description": "无权进行此操作，或缺少 CSRF 令牌"})
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error(request: Request, status: int, title: str, message: str, details: list[dict[str, Any]] | None = None) -> Response:
    if _is_api(request):
        body: dict[str, Any] = {"error": title, "detail": message}
        if details:
            body["problems"] = details
        return JSONResponse(body, status_code=status)
    return templates.TemplateResponse(request, "error.html", {"status": status, "title": title, "message": message,
                                                             "problems": details or []}, status_code=status)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if (not _is_api(request) or request.url.path == "/api/docs") and request.method in SAFE_METHODS:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        response = _error(request, 401, "需要登录", "请先登录（网页：/login；接口：Authorization: Bearer 令牌）")
        response.headers["WWW-Authenticate"] = 'Bearer realm="guihua"'
        return response

    @app.exception_handler(AccessDenied)
    async def access_denied(request: Request, exc: AccessDenied) -> Response:
        details = [{"field": f"第 {line} 行", "reason": reason} for line, reason in exc.problems] or None
        return _error(request, 403, "无权操作", exc.reason, details)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, "未找到", str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return _error(request, 422, "参数有误", str(exc), [{"field": exc.where, "reason": exc.reason}])

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body", "form")]
            field = ".".join(loc) or "request"
            problems.append({"field": field, "reason": _reason(e), "input": _plain(e.get("input"))})
        message = "；".join(f"{FIELD_NAMES.get(p['field'], p['field'])}：{p['reason']}" for p in problems)
        return _error(request, 422, "参数有误", message, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _error(request, 404, "未找到", f"没有这个地址：{request.url.path}")
        if exc.status_code == 405:
            return _error(request, 405, "方法不允许", f"{request.method} 不适用于 {request.url.path}")
        return _error(request, exc.status_code, "请求有误", str(exc.detail))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:  # a bug: say so, never a bare trace
        return _error(request, 500, "内部错误", f"服务器内部错误（请报告）：{type(exc).__name__}")


def _reason(e: dict[str, Any]) -> str:
    kind = e.get("type", "")
    ctx = e.get("ctx") or {}
    if kind == "missing":
        return "缺少此参数"
    if kind in ("int_parsing", "int_type"):
        return "应为整数"
    if kind in ("float_parsing", "float_type"):
        return "应为数字"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')}"
    if kind in ("enum", "literal_error"):
        return f"应为以下之一：{ctx.get('expected', '')}"
    if kind == "string_too_long":
        return f"过长（最多 {ctx.get('max_length')} 字）"
    if kind == "string_too_short":
        return f"过短（至少 {ctx.get('min_length')} 字）"
    return str(e.get("msg", "无效"))


def _plain(v: Any) -> Any:
    return v if isinstance(v, str | int | float | bool) or v is None else str(v)
