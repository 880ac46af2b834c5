"""Who is asking: the login session (cookie) or the API token (Authorization: Bearer) of a request,
the session cookie itself, the CSRF token that goes with it, and the login rate limit.

- The session cookie `guihua_session` is HttpOnly, SameSite=Lax, Secure when the request came over
  HTTPS (directly or through a proxy uvicorn trusts), and expires with the session (12 hours).
- A session carries a CSRF token: forms send it as the hidden field `csrf_token`, JSON clients using
  the cookie as the header `X-CSRF-Token` (GET /api/me gives it). API-token clients need none: the
  token is not sent by a browser on its own.
- Before login there is no session, so the login form's token is a double-submit cookie
  (`guihua_login`, SameSite=Strict) matched against the form field.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from guihua.store.access import UserInfo
from guihua.store.passwords import new_secret

SESSION_COOKIE = "guihua_session"
LOGIN_COOKIE = "guihua_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Account:
    """The authenticated account of a request and how it authenticated ("session" or "token")."""

    user: UserInfo
    via: str
    csrf: str | None = None

    @property
    def name(self) -> str:
        return self.user.name


def _store(request: Request) -> Any:
    """The guihua.store Store behind the app (accounts live in the same database as the plans)."""
    return getattr(request.app.state.site.backend, "store", None)


def resolve(request: Request) -> Account | None:
    """The account of a request: an API token if one is sent, else the session cookie (cached per request)."""
    if hasattr(request.state, "account"):
        account: Account | None = request.state.account
        return account
    account = None
    store = _store(request)
    if store is not None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            user = store.user_for_token(token.strip())
            account = Account(user, "token") if user is not None else None
        elif request.cookies.get(SESSION_COOKIE):
            found = store.session_user(request.cookies[SESSION_COOKIE])
            account = Account(found[0], "session", found[1]) if found is not None else None
    request.state.account = account
    return account


def current(request: Request) -> Account | None:
    """The account already resolved for this request (None: anonymous)."""
    return getattr(request.state, "account", None) or resolve(request)


def cache_identity(request: Request) -> tuple[int, str | None] | None:
    """What makes a cached page this session's own: the account and its CSRF token (None: anonymous)."""
    account = current(request)
    return (account.user.id, account.csrf) if account is not None else None


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens (False when either is missing)."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


async def sent_csrf(request: Request) -> str | None:
    """The CSRF token the request carries: the X-CSRF-Token header, else the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def secure(request: Request) -> bool:
    """Cookies are Secure when the request came over HTTPS (directly or through a trusted proxy)."""
    return request.url.scheme == "https"


def start_session(request: Request, response: Response, user: UserInfo) -> None:
    """Log `user` in: a new session (any earlier one of this browser ends) and its cookie."""
    store = _store(request)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        store.end_session(old)
    hours = float(request.app.state.settings.session_hours)
    token, _csrf = store.new_session(user.id, hours)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(hours * 3600), httponly=True, samesite="lax",
                        secure=secure(request), path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")


def end_session(request: Request, response: Response) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        _store(request).end_session(token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure(request))


def login_token(request: Request) -> str:
    """The login form's CSRF token: the browser's `guihua_login` cookie, or a new one (see set_login_cookie)."""
    token = request.cookies.get(LOGIN_COOKIE)
    return token if token and 20 <= len(token) <= 100 else new_secret()


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict",
                        secure=secure(request), path="/login")


class LoginLimiter:
    """Failed logins per account name and per client address in a sliding window.

    After `per_name` failures for one name (or `per_client` from one address) within `window`
    seconds, further attempts are refused until the oldest failure leaves the window, whatever the
    password. Kept in memory: one guihua process serves a deployment.
    """

    def __init__(self, per_name: int = 5, per_client: int = 20, window: float = 900.0) -> None:
        self.per_name, self.per_client, self.window = per_name, per_client, window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, at: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= at - self.window:
            q.popleft()
        return q

    def wait(self, name: str, client: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        at = time.monotonic()
        with self._lock:
            waits = []
            for key, limit in ((f"n:{name}", self.per_name), (f"c:{client}", self.per_client)):
                q = self._recent(key, at)
                if len(q) >= limit:
                    waits.append(int(q[-limit] + self.window - at) + 1)
            return max(waits, default=0)

    def failed(self, name: str, client: str) -> None:
        at = time.monotonic()
        with self._lock:
            for key in (f"n:{name}", f"c:{client}"):
                self._recent(key, at).append(at)
            if len(self._fails) > 10000:  # forget idle keys so memory stays bounded
                for key in [k for k, q in self._fails.items() if not q or q[-1] <= at - self.window]:
                    del self._fails[key]

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._fails.pop(f"n:{name}", None)
