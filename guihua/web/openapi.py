"""The OpenAPI document says what every operation may answer, and it is true.

Every operation may answer 401 (no login: reading needs one unless the deployment is open); every
write also 403 (no right, no CSRF token); an operation with a path, query or body parameter 404 (an
id that names nothing) and 422 (a value out of range or malformed). A route declares what only it
may answer (409 for a stale version, 413 for a too large upload, 202 for an import still running)
with `responses=documented(...)`. A write may also answer 413 (a body larger than any upload). Every error answer of the JSON API has the one body `ErrorBody`
(guihua.web.errors); the documented operations outside /api (the report preview and files) answer
errors as pages.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from guihua.web.access import SAFE_METHODS
from guihua.web.errors import ErrorBody, is_api

DESCRIPTIONS = {
    401: "未登录（无会话或 API 令牌）",
    403: "无权进行此操作，或缺少 CSRF 令牌",
    404: "编号或名称不存在",
    409: "修改冲突：记录已被他人修改（版本号过期），附当前内容",
    413: "上传的文件过大",
    422: "参数有误：逐项说明原因",
}
_REF = {"$ref": "#/components/schemas/ErrorBody"}


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route for the error answers only it gives (409, 413)."""
    return {code: {"model": ErrorBody, "description": DESCRIPTIONS[code]} for code in codes}


def install(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _complete(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(spec: dict[str, Any]) -> dict[str, Any]:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    error = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error.pop("$defs", {}))
    schemas["ErrorBody"] = error
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            responses = op.setdefault("responses", {})
            has_params = bool(op.get("parameters")) or "requestBody" in op
            codes = [401]
            if method.upper() not in SAFE_METHODS:
                codes += [403, 413]  # any write: a body over guihua.web.limits.MAX_BODY is refused unread
            if has_params:
                codes += [404, 422]
            for code in codes:
                responses.setdefault(str(code), {"description": DESCRIPTIONS[code]})
            for code, answer in responses.items():
                if code.startswith(("4", "5")):
                    answer["content"] = ({"application/json": {"schema": _REF}} if is_api(path)
                                         else {"text/html": {"schema": {"type": "string"}}})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec
