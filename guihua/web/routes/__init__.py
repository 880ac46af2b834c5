"""Routes per area; each HTML page and its /api JSON twin call one data function of guihua.web.data."""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import quote, unquote

from fastapi import Request, Response

from guihua.monitoring.status import Status
from guihua.web.data import Site


class StatusParam(StrEnum):
    """A status filter (the official vocabulary of guihua.monitoring.status.Status)."""

    AHEAD = Status.AHEAD.value
    FASTER = Status.FASTER.value
    ON_TRACK = Status.ON_TRACK.value
    LAGGING = Status.LAGGING.value
    DONE = Status.DONE.value
    BASICALLY_DONE = Status.BASICALLY_DONE.value
    NOT_DONE = Status.NOT_DONE.value
    NO_DATA = Status.NO_DATA.value


def site(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def who(request: Request, given: str | None = None) -> str:
    """The person acting: the form's value, else the remembered cookie (percent-encoded), else 网页用户."""
    name = (given or unquote(request.cookies.get("guihua_who") or "")).strip()
    return name[:40] or "网页用户"


def remember_who(response: Response, name: str) -> None:
    response.set_cookie("guihua_who", quote(name, safe=""), samesite="strict")
