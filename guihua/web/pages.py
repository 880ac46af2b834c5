"""Rendering an HTML page from its data dict, with a cache of GET pages that lives until data changes."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from guihua.web import auth
from guihua.web.data import Site
from guihua.web.render import templates

_PAGE_CACHE_SIZE = 512


def html_page(request: Request, template: str, data: dict[str, Any], status: int = 200,
              cache: bool = True) -> HTMLResponse:
    """Render a page; a GET page that rendered fine is kept until any plan's data changes
    (the key holds every plan's version, so a write anywhere makes a fresh page), for this session
    only (a page shows its account and carries the session's CSRF token). `cache=False`: always render.

    The template gets a copy of ``data``: rendering adds ``request`` to its context, and the data
    functions' results are shared with the JSON twins."""
    data = dict(data)
    if request.method != "GET" or status != 200 or not cache:
        return templates.TemplateResponse(request, template, data, status_code=status)
    site: Site = request.app.state.site
    pages: dict[tuple[Any, ...], bytes] = request.app.state.page_cache
    key = (str(request.url.path), str(request.url.query), auth.cache_identity(request), site.versions())
    body = pages.get(key)
    if body is None:
        body = bytes(templates.TemplateResponse(request, template, data).body)
        if len(pages) >= _PAGE_CACHE_SIZE:
            pages.clear()
        pages[key] = body
    return HTMLResponse(body)
