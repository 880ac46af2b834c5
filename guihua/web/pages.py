"""Rendering an HTML page from its data dict, with a cache of GET pages that lives until data changes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from guihua.web import auth
from guihua.web.data import Site
from guihua.web.render import templates

PAGE_CACHE_BYTES = 96 * 1024 * 1024  # rendered pages kept (least recently used go first)
ADDRESSES = 20_000  # addresses remembered for the fast path (guihua.web.fast_pages)
PageData = dict[str, Any] | Callable[[], dict[str, Any]]
#: what a page shows of the data rounds, read again on every request (`page_key`)
RoundKey = Callable[[Site], Hashable]


@dataclass(frozen=True)
class Address:
    """How to find a page again without routing: its plan (None: no plan's page) and its `RoundKey`."""

    plan: str | None
    round_key: RoundKey | None


class PageCache:
    """Rendered GET pages by key, least recently used dropped past `limit` bytes. Thread-safe."""

    def __init__(self, limit: int = PAGE_CACHE_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self._pages: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._addresses: OrderedDict[tuple[Any, ...], Address] = OrderedDict()
        self._lock = threading.Lock()

    def address(self, where: tuple[Any, ...]) -> Address | None:
        """How the page at `where` (address, query, session: `where_of`) was keyed when last rendered."""
        with self._lock:
            return self._addresses.get(where)

    def remember(self, where: tuple[Any, ...], address: Address) -> None:
        with self._lock:
            self._addresses[where] = address
            self._addresses.move_to_end(where)
            while len(self._addresses) > ADDRESSES:
                self._addresses.popitem(last=False)

    def get(self, key: tuple[Any, ...]) -> bytes | None:
        with self._lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
            return body

    def put(self, key: tuple[Any, ...], body: bytes) -> None:
        with self._lock:
            old = self._pages.pop(key, None)
            self.size -= len(old) if old is not None else 0
            self._pages[key] = body
            self.size += len(body)
            while self.size > self.limit and len(self._pages) > 1:
                _, dropped = self._pages.popitem(last=False)
                self.size -= len(dropped)

    def __len__(self) -> int:
        return len(self._pages)


def where_of(request: Request) -> tuple[Any, ...]:
    """A page's address, query and session (a page shows its account and carries the session's CSRF token)."""
    return (str(request.url.path), str(request.url.query), auth.cache_identity(request))


def page_key(request: Request, site: Site, plan: str | None, round_key: Hashable = None) -> tuple[Any, ...]:
    """What a cached page depends on: its address and session (`where_of`), the day (deadlines pass without
    a write), every plan's data version (pages name other plans) and what it shows of the data rounds:
    `round_key` when the page says (a dashboard: its pending values), else on a plan's pages how often its
    rounds changed, elsewhere every plan's."""
    counters = site.backend.changes()
    data = tuple(sorted((p, d) for p, (d, _) in counters.items()))
    rounds = (round_key if round_key is not None else counters.get(plan, (0, 0))[1] if plan is not None
              else tuple(sorted((p, r) for p, (_, r) in counters.items())))
    return (*where_of(request), date.today().isoformat(), data, rounds)


def cached_page(request: Request) -> bytes | None:
    """The page cached for this GET request, found without routing it: the page this session saw last at
    this address, when nothing it depends on (`page_key`) has changed since; else None. The request's
    account is resolved on the way (and kept for the route)."""
    app = request.app
    if auth.resolve(request) is None and not app.state.settings.public_read:
        return None
    pages: PageCache = app.state.page_cache
    address = pages.address(where_of(request))
    if address is None:
        return None
    site: Site = app.state.site
    round_key = address.round_key(site) if address.round_key is not None else None
    return pages.get(page_key(request, site, address.plan, round_key))


def html_page(request: Request, template: str, data: PageData, status: int = 200,
              cache: bool = True, round_key: RoundKey | None = None) -> HTMLResponse:
    """Render a page; a GET page that rendered fine is kept until the data it may show changes
    (`page_key`). `data` may be a function: it is then called only when the page is not in the cache, so
    a cached page costs one read of the change counters. `cache=False`: always render. `round_key`: reads
    all the page shows of the data rounds (see `page_key`). The next GET of the page by the same session
    is answered before routing when nothing changed (`cached_page`, guihua.web.fast_pages).

    The template gets a copy of the data: rendering adds ``request`` to its context, and the data
    functions' results are shared with the JSON twins."""
    if request.method != "GET" or status != 200 or not cache:
        return templates.TemplateResponse(request, template, dict(data() if callable(data) else data),
                                          status_code=status)
    site: Site = request.app.state.site
    pages: PageCache = request.app.state.page_cache
    plan = request.path_params.get("plan")
    plan = plan if isinstance(plan, str) else None
    key = page_key(request, site, plan, round_key(site) if round_key is not None else None)
    body = pages.get(key)
    if body is None:
        body = bytes(templates.TemplateResponse(request, template, dict(data() if callable(data) else data)).body)
        pages.put(key, body)
    pages.remember(where_of(request), Address(plan, round_key))
    return HTMLResponse(body)
