"""Logging in and out, one's own account (password, API token), and the administrators' account list."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guihua.errors import InputError
from guihua.store.access import ROLE_LABELS, AccessDenied, Permission
from guihua.web import auth
from guihua.web.access import LoginRequired, allowed
from guihua.web.pages import html_page

router = APIRouter()
log = logging.getLogger("guihua.web.auth")
Field = Annotated[str, Form(max_length=200)]


def _store(request: Request) -> Any:
    store = getattr(request.app.state.site.backend, "store", None)
    if store is None:
        raise InputError("account", "此后端不提供账户")
    return store


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site ("/plans/x?y"), else `default` (no open redirects)."""
    t = (target or "").strip()
    ok = t.startswith("/") and not t.startswith("//") and "\\" not in t and not any(ord(c) < 32 for c in t)
    return t if ok and not t.startswith("/login") else default


def _login_page(request: Request, status: int = 200, message: str | None = None, name: str = "",
                next_: str = "/", retry_after: int | None = None) -> HTMLResponse:
    token = auth.login_token(request)
    account = auth.current(request)
    response = html_page(request, "login.html", {"message": message, "name": name, "next": local_path(next_),
                                                 "login_csrf": token, "signed_in": account,
                                                 "public_read": request.app.state.settings.public_read},
                         status=status, cache=False)
    auth.set_login_cookie(request, response, token)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return _login_page(request, next_=next)


@router.post("/login", include_in_schema=False)
def login(request: Request, name: Field = "", password: Field = "", csrf_token: Field = "",
          next_: Annotated[str, Form(alias="next", max_length=300)] = "/") -> Response:
    name = name.strip()
    if not auth.same(csrf_token, request.cookies.get(auth.LOGIN_COOKIE)):
        return _login_page(request, 403, "登录表单已过期，请重新输入（浏览器需允许本站的 Cookie）", name, next_)
    client = request.client.host if request.client else "?"
    limiter: auth.LoginLimiter = request.app.state.login_limiter
    wait = limiter.wait(name, client)
    if wait:
        log.warning("login refused (too many failures) from %s", client)
        minutes = max(1, round(wait / 60))
        return _login_page(request, 429, f"登录失败次数过多，请约 {minutes} 分钟后再试", name, next_, retry_after=wait)
    user = _store(request).authenticate(name, password) if name and password else None
    if user is None:
        limiter.failed(name, client)
        log.warning("login failed from %s", client)
        return _login_page(request, 401, "账户名或密码不正确（或账户已停用）", name, next_)
    limiter.succeeded(name)
    log.info("login %r (%s) from %s", user.name, user.role.value, client)
    response = RedirectResponse(local_path(next_), status_code=303)
    auth.start_session(request, response, user)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    auth.end_session(request, response)
    return response


@router.get("/api/me", summary="当前账户（角色、部门）与会话的 CSRF 令牌")
def me(request: Request) -> dict[str, Any]:
    account = auth.current(request)
    if account is None:
        return {"user": None, "via": None, "csrf_token": None}
    return {"user": account.user.to_dict(), "via": account.via, "csrf_token": account.csrf}


def _account_page(request: Request, status: int = 200, **extra: Any) -> HTMLResponse:
    account = auth.current(request)
    if account is None:
        raise LoginRequired()
    data = {"user": account.user, "errors": {}, "token": None, "saved": request.query_params.get("saved"), **extra}
    return html_page(request, "account.html", data, status=status, cache=False)


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request) -> HTMLResponse:
    return _account_page(request)


@router.post("/account/password", include_in_schema=False)
def change_password(request: Request, current: Field = "", new: Field = "", again: Field = "") -> Response:
    account = auth.current(request)
    assert account is not None  # authorize() let only logged-in accounts through
    store = _store(request)
    if store.authenticate(account.name, current) is None:
        return _account_page(request, 422, errors={"current": "当前密码不正确"})
    if new != again:
        return _account_page(request, 422, errors={"again": "两次输入的新密码不一致"})
    try:
        store.set_password(account.name, new, user=account.name)
    except InputError as exc:
        return _account_page(request, 422, errors={"new": exc.reason})
    response = RedirectResponse("/account?saved=password", status_code=303)
    auth.start_session(request, response, account.user)  # other sessions ended with the old password
    return response


@router.post("/account/token", include_in_schema=False)
def new_token(request: Request) -> Response:
    account = auth.current(request)
    assert account is not None
    token = _store(request).new_api_token(account.name, user=account.name)
    return _account_page(request, token=token)


# ---------------------------------------------------------------------- administrators: accounts

def _users_page(request: Request, status: int = 200, **extra: Any) -> HTMLResponse:
    if not allowed(request, Permission.MANAGE_USERS):
        raise AccessDenied("只有管理员可以管理账户")
    data = {"users": _store(request).list_users(), "roles": ROLE_LABELS, "errors": {}, "form": {},
            "saved": request.query_params.get("saved"), **extra}
    return html_page(request, "users.html", data, status=status, cache=False)


@router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request) -> HTMLResponse:
    return _users_page(request)


@router.post("/admin/users", include_in_schema=False)
def add_user(request: Request, name: Field = "", role: Field = "", department: Field = "",
             password: Field = "") -> Response:
    account = auth.current(request)
    assert account is not None
    form = {"name": name, "role": role, "department": department}
    try:
        _store(request).add_user(name, role, password, department=department or None, user=account.name)
    except InputError as exc:
        field = {"NAME": "name", "--role": "role", "--department": "department"}.get(exc.where, "password")
        return _users_page(request, 422, errors={field: exc.reason}, form=form)
    return RedirectResponse("/admin/users?saved=1", status_code=303)


@router.post("/admin/users/{name}/active", include_in_schema=False)
def set_active(request: Request, name: str, active: Annotated[str, Form(max_length=1)] = "0") -> Response:
    account = auth.current(request)
    assert account is not None
    try:
        _store(request).set_active(name, active == "1", user=account.name)
    except InputError as exc:
        return _users_page(request, 422, errors={"list": exc.reason})
    return RedirectResponse("/admin/users?saved=1", status_code=303)
