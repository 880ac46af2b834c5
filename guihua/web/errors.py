"""How the app answers when something goes wrong: one error body for the whole JSON API, the
exception handlers, and the last-resort guard for bugs.

- Every error of the JSON API has one shape, `ErrorBody` (published in the OpenAPI document):
  `error` (a short Chinese title), `detail` (the reason), and as the case may be `problems` (one per
  field or row), `current` (409: the record as it is now) or `error_id` (500). Pages show the same
  in templates/error.html, or re-show their form.
- An unexpected exception (a bug) is caught by `InternalErrors`, a middleware inside the security
  headers: it is logged with a short id, the user sees "错误编号 <id>", the response is an ordinary
  500 that carries the security headers, and the connection stays open (keep-alive): the exception
  is not re-raised to the server, which would drop the connection.
"""

from __future__ import annotations

import html
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from guihua.errors import ConflictError, InputError
from guihua.store.access import AccessDenied
from guihua.web.access import SAFE_METHODS, LoginRequired
from guihua.web.records import NotFound
from guihua.web.render import templates

log = logging.getLogger("guihua.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: names of query and form fields in messages
FIELD_NAMES = {"year": "年份", "status": "状态", "q": "查询词", "domain": "领域", "chapter": "章",
               "department": "责任部门", "attribute": "属性", "state": "审核状态", "limit": "条数",
               "plan": "规划编号", "key": "指标", "expected_version": "版本号"}
#: the pattern of text that may not hold control characters (guihua.web.params); its message
NO_CONTROL_MESSAGE = "不能含控制字符（如 NUL、换行符）"
PLAN_ID_MESSAGE = "规划编号只能由英文字母、数字、“-”和“_”组成（最多 64 个字符）"


class Problem(BaseModel):
    """One thing wrong: the field (or row, column, file) and why. Uploads add line, column, header."""

    model_config = ConfigDict(extra="allow")
    field: str = Field(description="字段名，或“第 N 行”、file")
    reason: str = Field(description="原因（中文）")


class ErrorBody(BaseModel):
    """The body of every error answer of the JSON API."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"description": "错误：标题、原因，及逐项问题"})
    error: str = Field(description="标题，如“参数有误”“未找到”“修改冲突”")
    detail: str = Field(description="原因（中文）")
    problems: list[Problem] | None = Field(None, description="逐字段或逐行的问题")
    current: dict[str, Any] | None = Field(None, description="409：记录的当前内容（含当前版本号）")
    error_id: str | None = Field(None, description="500：错误编号（服务器日志中有同一编号）")


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/api"


def error_response(request: Request, status: int, title: str, message: str,
                   details: list[dict[str, Any]] | None = None, *, current: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """The error as JSON (ErrorBody) under /api, else as the error page."""
    if is_api(request.url.path):
        body: dict[str, Any] = {"error": title, "detail": message}
        if details:
            body["problems"] = details
        if current is not None:
            body["current"] = current
        return JSONResponse(body, status_code=status, headers=headers)
    return templates.TemplateResponse(request, "error.html", {"status": status, "title": title, "message": message,
                                                             "problems": details or []},
                                      status_code=status, headers=headers)


def conflict_response(request: Request, exc: ConflictError, current: dict[str, Any]) -> Response:
    """409 for the JSON API: the store's reason and the record as it is now."""
    return error_response(request, 409, "修改冲突", conflict_message(exc), current=current)


def conflict_message(exc: ConflictError) -> str:
    return f"{exc}。您看到的内容已过时：请查看当前内容，确认后再提交。"


def install(app: FastAPI) -> None:
    """The exception handlers of the app (the last-resort guard is the middleware `InternalErrors`)."""

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        from urllib.parse import quote

        if (not is_api(request.url.path) or request.url.path == "/api/docs") and request.method in SAFE_METHODS:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return error_response(request, 401, "需要登录", "请先登录（网页：/login；接口：Authorization: Bearer 令牌）",
                              headers={"WWW-Authenticate": 'Bearer realm="guihua"'})

    @app.exception_handler(AccessDenied)
    async def access_denied(request: Request, exc: AccessDenied) -> Response:
        details = [{"field": f"第 {line} 行", "reason": reason} for line, reason in exc.problems] or None
        return error_response(request, 403, "无权操作", exc.reason, details)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, "未找到", str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, "参数有误", str(exc), [{"field": exc.where, "reason": exc.reason}])

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> Response:  # a route that has no current record
        return error_response(request, 409, "修改冲突", conflict_message(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body", "form")]
            field = ".".join(loc) or "request"
            problems.append({"field": field, "reason": reason(e), "input": _plain(e.get("input"))})
        message = "；".join(f"{FIELD_NAMES.get(p['field'], p['field'])}：{p['reason']}" for p in problems)
        return error_response(request, 422, "参数有误", message, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 404:
            return error_response(request, 404, "未找到", f"没有这个地址：{request.url.path}", headers=headers)
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
            return error_response(request, 405, "方法不允许", f"{request.method} 不适用于 {request.url.path}",
                                  headers=headers)
        if exc.status_code == 400:  # a body that cannot be parsed: malformed like any other bad value
            return error_response(request, 422, "参数有误", "请求体无法解析（应为 UTF-8 编码的 JSON 或表单）",
                                  [{"field": "body", "reason": "无法解析"}], headers=headers)
        return error_response(request, exc.status_code, "请求有误", str(exc.detail), headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers at this path (a 405's Allow header names them all,
    not only those of the first route that matched the path)."""
    from starlette.routing import Match

    methods: set[str] = set()
    scope = {**request.scope, "method": "GET"}
    for route in getattr(request.app.state, "route_table", ()):
        match, _ = route.matches(scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def reason(e: dict[str, Any]) -> str:
    """A pydantic validation error in Chinese."""
    kind = e.get("type", "")
    ctx = e.get("ctx") or {}
    if kind == "missing":
        return "缺少此参数"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return "应为数字（有限的数）"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {ctx.get('le', ctx.get('lt'))}"
    if kind in ("enum", "literal_error"):
        return f"应为以下之一：{ctx.get('expected', '')}"
    if kind == "string_too_long":
        return f"过长（最多 {ctx.get('max_length')} 字）"
    if kind == "string_too_short":
        return f"过短（至少 {ctx.get('min_length')} 字）"
    if kind == "string_pattern_mismatch":
        from guihua.web.params import PLAN_ID_PATTERN

        return PLAN_ID_MESSAGE if ctx.get("pattern") == PLAN_ID_PATTERN else NO_CONTROL_MESSAGE
    if kind in ("string_type", "string_unicode"):
        return "应为文字"
    if kind in ("bool_type", "bool_parsing"):
        return "应为 true 或 false"
    if kind in ("list_type",):
        return "应为列表"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "应为 JSON 对象"
    if kind == "json_invalid":
        return "不是有效的 JSON"
    if kind == "extra_forbidden":
        return "不认识的字段"
    return "无效的值"


def _plain(v: Any) -> Any:
    return v if isinstance(v, str | int | float | bool) or v is None else str(v)


def new_error_id() -> str:
    """A short id to find an error in the log ("错误编号 7f3a9c21")."""
    return secrets.token_hex(4)


class InternalErrors:
    """The last resort for bugs: log the exception with an id and answer 500 saying that id. The
    exception is not re-raised (the server would drop the keep-alive connection); placed inside the
    security middleware, so the 500 carries the security headers like every other response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if started:  # part of the answer is sent already: only the server can end it
                raise
            error_id = new_error_id()
            log.exception("内部错误 %s：%s %s", error_id, scope.get("method"), scope.get("path"))
            await _internal_error(scope, send, error_id)


async def _internal_error(scope: Scope, send: Send, error_id: str) -> None:
    message = f"服务器内部错误，已记录。错误编号 {error_id}（报告问题时请附上此编号）"
    if is_api(scope.get("path", "")):
        body = json.dumps({"error": "内部错误", "detail": message, "error_id": error_id}, ensure_ascii=False).encode()
        ctype = b"application/json"
    else:  # a page of its own: rendering the site's templates might fail the same way
        body = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>500 内部错误 · guihua</title>'
                f'<link rel="stylesheet" href="/static/app.css"></head><body><main><section class="error">'
                f'<h1>500 · 内部错误</h1><p>{html.escape(message)}</p><p><a href="/">返回首页</a></p>'
                f"</section></main></body></html>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 500,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
