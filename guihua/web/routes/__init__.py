"""Routes per area; each HTML page and its /api JSON twin call one data function of guihua.web.data."""

from __future__ import annotations

from enum import StrEnum

from fastapi import Request

from guihua.monitoring.status import Status
from guihua.web.data import Site

StatusParam = StrEnum("StatusParam", {s.name: s.value for s in Status})  # type: ignore[misc]


def site(request: Request) -> Site:
    return request.app.state.site  # type: ignore[no-any-return]


def who(request: Request, given: str | None = None) -> str:
    name = (given or request.cookies.get("guihua_who") or "").strip()
    return name[:40] or "网页用户"
