"""The API docs at /api/docs, from the vendored swagger-ui (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from guihua.web.pages import html_page

router = APIRouter()


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return html_page(request, "apidocs.html", {})


@router.get("/api/openapi.json", include_in_schema=False)
def openapi(request: Request) -> JSONResponse:
    """The OpenAPI document; like every read, anonymous visitors get it only in open-reading mode."""
    return JSONResponse(request.app.openapi())


@router.get("/api", include_in_schema=False)
def api_root() -> dict[str, object]:
    return {"docs": "/api/docs", "openapi": "/api/openapi.json",
            "endpoints": ["/api/plans", "/api/plans/{plan}", "/api/plans/{plan}/targets",
                          "/api/plans/{plan}/indicators", "/api/plans/{plan}/indicators/{key}",
                          "/api/plans/{plan}/read", "/api/plans/{plan}/review", "/api/plans/{plan}/observations",
                          "/api/plans/{plan}/reports", "/api/search?q=", "/api/me", "/api/jobs/{job_id}"]}
