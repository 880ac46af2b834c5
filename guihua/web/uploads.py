"""Uploads waiting for a person's choice (which sheet, which indicator a name is), kept in memory.

The mapping step of the web import shows the unknown names of an uploaded table; the person
confirms them and the same file is imported without being sent again. Pending files are kept per
application, at most MAX_PENDING of them for at most MAX_AGE seconds; a token names each. A pending
file belongs to the account that uploaded it: another account holding the token gets nothing.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

MAX_PENDING = 32
MAX_AGE = 3600.0


@dataclass(frozen=True)
class Pending:
    plan_id: str
    owner: str  # the account that uploaded it
    filename: str
    content: bytes
    created: float


class PendingUploads:
    def __init__(self) -> None:
        self._items: dict[str, Pending] = {}
        self._lock = threading.Lock()

    def put(self, plan_id: str, owner: str, filename: str, content: bytes) -> str:
        token = secrets.token_urlsafe(16)
        now = time.monotonic()
        with self._lock:
            for k in [k for k, v in self._items.items() if now - v.created > MAX_AGE]:
                del self._items[k]
            while len(self._items) >= MAX_PENDING:
                del self._items[min(self._items, key=lambda k: self._items[k].created)]
            self._items[token] = Pending(plan_id, owner, filename, content, now)
        return token

    def get(self, token: str, plan_id: str, owner: str) -> Pending | None:
        with self._lock:
            p = self._items.get(token)
        if p is None or p.plan_id != plan_id or p.owner != owner or time.monotonic() - p.created > MAX_AGE:
            return None
        return p

    def drop(self, token: str) -> None:
        with self._lock:
            self._items.pop(token, None)


def pending_uploads(app: Any) -> PendingUploads:
    """The application's pending uploads (created on first use)."""
    store = getattr(app.state, "pending_uploads", None)
    if store is None:
        store = PendingUploads()
        app.state.pending_uploads = store
    return store
