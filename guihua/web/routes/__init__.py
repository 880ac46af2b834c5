"""Routes per area; each HTML page and its /api JSON twin call one data function of guihua.web.data."""

from __future__ import annotations

from enum import StrEnum

from fastapi import Request

from guihua.monitoring.status import Status
from guihua.web import auth
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


def who(request: Request) -> str:
    """The account acting, as the audit log records it: always the authenticated account, never a name
    the client sends (guihua.web.access lets no write through without one)."""
    account = auth.current(request)
    if account is None:
        raise RuntimeError("a write reached a route without an authenticated account")
    return account.name
