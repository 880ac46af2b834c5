"""Which request needs what: one rule per state-changing route, checked by one app-wide dependency.

`authorize` runs before every route of the app:
- Reading (GET/HEAD): anyone when the deployment allows anonymous reading (Settings.public_read),
  else a logged-in account (pages redirect to /login, the API answers 401). /api/docs and
  /api/openapi.json follow the same rule. The login page and /static are always open.
- Writing (POST...): the route's rule in WRITE_RULES; a write route without a rule is refused to
  everyone (403), and tests/integration/test_web_authorization.py fails for it. The account must be
  logged in (401), a session must send its CSRF token (403), the role must hold the permission (403),
  and a department account must own the resource (403): the project of /projects/{project_id}/...,
  the indicator of the target in /plans/{plan}/targets/{target_id}/...; for actual values the import
  refuses rows of other departments' indicators (`entry_scope`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from guihua.store.access import (
    AccessDenied,
    Permission,
    UserInfo,
    can,
    can_edit_indicator,
    can_edit_project,
)
from guihua.web import auth
from guihua.web.params import MAX_ID

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: routes open to everyone, logged in or not
PUBLIC = frozenset({"/login"})


class LoginRequired(Exception):
    """No authenticated account where one is needed (401; pages go to the login form)."""


@dataclass(frozen=True)
class Rule:
    """What a write route needs: a permission, and for department accounts the owned resource
    ("project": the path's project_id; "target": the indicator of the path's target_id; "rows": the
    route passes `entry_scope` to the import; "round": the route passes the account's department to the
    store's round methods, which refuse other departments' rows; None: no department scope)."""

    permission: Permission
    scope: str | None = None


E, P = Permission, Rule
WRITE_RULES: dict[tuple[str, str], Rule] = {
    # actual values: form, JSON, spreadsheet upload
    ("POST", "/plans/{plan}/entry"): P(E.ENTER_DATA, "rows"),
    ("POST", "/api/plans/{plan}/observations"): P(E.ENTER_DATA, "rows"),
    ("POST", "/plans/{plan}/entry/upload"): P(E.ENTER_DATA, "rows"),
    ("POST", "/plans/{plan}/entry/upload/{token}"): P(E.ENTER_DATA, "rows"),
    ("POST", "/api/plans/{plan}/observations/upload"): P(E.ENTER_DATA, "rows"),
    # milestone events of a target
    ("POST", "/plans/{plan}/targets/{target_id}/events"): P(E.ENTER_DATA, "target"),
    ("POST", "/api/plans/{plan}/targets/{target_id}/events"): P(E.ENTER_DATA, "target"),
    # project progress
    ("POST", "/projects/{project_id}/events"): P(E.PROJECT_PROGRESS, "project"),
    # review of extracted targets
    ("POST", "/plans/{plan}/proposals/{proposal_id}"): P(E.APPROVE_DATA),
    ("POST", "/api/plans/{plan}/proposals/{proposal_id}"): P(E.APPROVE_DATA),

    ("POST", "/plans/{plan}/review/{target_id}"): P(E.REVIEW),
    ("POST", "/api/plans/{plan}/targets/{target_id}/review"): P(E.REVIEW),
    # indicators: attribute and responsible departments
    ("POST", "/plans/{plan}/indicators/{key}/edit"): P(E.EDIT_INDICATOR),
    ("POST", "/api/plans/{plan}/indicators/{key}"): P(E.EDIT_INDICATOR),
    # 责任分工: 牵头/配合 units (one entity, bulk by chapter or domain, a 分工方案 table)
    ("POST", "/plans/{plan}/responsibilities/bulk"): P(E.EDIT_INDICATOR),
    ("POST", "/plans/{plan}/responsibilities/upload"): P(E.EDIT_INDICATOR),
    ("POST", "/plans/{plan}/responsibilities/{entity}/{entity_id}"): P(E.EDIT_INDICATOR),
    ("PUT", "/api/plans/{plan}/responsibilities/{entity}/{entity_id}"): P(E.EDIT_INDICATOR),
    ("POST", "/api/plans/{plan}/responsibilities/bulk"): P(E.EDIT_INDICATOR),
    ("POST", "/api/plans/{plan}/responsibilities/import"): P(E.EDIT_INDICATOR),
    # project <-> indicator links
    ("POST", "/projects/{project_id}/links/{link_id}"): P(E.DECIDE_LINK),
    ("POST", "/api/projects/{project_id}/links/{link_id}"): P(E.DECIDE_LINK),
    # 年度目标: 规划办 sets one annual target
    ("POST", "/plans/{plan}/annual-targets/{annual_id}"): P(E.EDIT_INDICATOR),
    ("PUT", "/api/plans/{plan}/annual-targets/{annual_id}"): P(E.EDIT_INDICATOR),
    # one's own account
    ("POST", "/logout"): P(E.OWN_ACCOUNT),
    ("POST", "/account/password"): P(E.OWN_ACCOUNT),
    ("POST", "/account/token"): P(E.OWN_ACCOUNT),
    # data rounds (填报): 规划办 opens, closes, approves, returns; departments fill, submit, upload their own rows
    ("POST", "/plans/{plan}/rounds"): P(E.APPROVE_DATA),
    ("POST", "/api/plans/{plan}/rounds"): P(E.APPROVE_DATA),
    ("POST", "/plans/{plan}/rounds/{year}/close"): P(E.APPROVE_DATA),
    ("POST", "/api/plans/{plan}/rounds/{year}/close"): P(E.APPROVE_DATA),
    ("POST", "/plans/{plan}/rounds/{year}/rows/{row_id}/approve"): P(E.APPROVE_DATA),
    ("POST", "/api/plans/{plan}/rounds/{year}/rows/{row_id}/approve"): P(E.APPROVE_DATA),
    ("POST", "/plans/{plan}/rounds/{year}/rows/{row_id}/return"): P(E.APPROVE_DATA),
    ("POST", "/api/plans/{plan}/rounds/{year}/rows/{row_id}/return"): P(E.APPROVE_DATA),
    ("POST", "/plans/{plan}/rounds/{year}/approve"): P(E.APPROVE_DATA),
    ("POST", "/plans/{plan}/rounds/{year}/rows/{row_id}"): P(E.ENTER_DATA, "round"),
    ("POST", "/api/plans/{plan}/rounds/{year}/rows/{row_id}"): P(E.ENTER_DATA, "round"),
    ("POST", "/plans/{plan}/rounds/{year}/submit"): P(E.ENTER_DATA, "round"),
    ("POST", "/api/plans/{plan}/rounds/{year}/submit"): P(E.ENTER_DATA, "round"),
    ("POST", "/plans/{plan}/rounds/{year}/upload"): P(E.ENTER_DATA, "round"),
    ("POST", "/api/plans/{plan}/rounds/{year}/upload"): P(E.ENTER_DATA, "round"),
    # accounts (administrators)
    ("POST", "/admin/users"): P(E.MANAGE_USERS),
    ("POST", "/admin/users/{name}/active"): P(E.MANAGE_USERS),
}


def rule_for(method: str, path: str) -> Rule | None:
    return WRITE_RULES.get((method.upper(), path))


def user_of(request: Request) -> UserInfo | None:
    account = auth.current(request)
    return account.user if account is not None else None


def allowed(request: Request, permission: Permission | str) -> bool:
    """Whether the request's account holds `permission` (templates hide what it may not do)."""
    return can(user_of(request), Permission(permission))


async def authorize(request: Request) -> None:
    """The app-wide dependency: see the module docstring. Its database reads run in the thread pool,
    never on the event loop."""
    route = request.scope.get("route")
    path = route.path if isinstance(route, APIRoute) else request.url.path
    account = await run_in_threadpool(auth.resolve, request)
    if path in PUBLIC:
        return
    if request.method in SAFE_METHODS:
        if account is None and not request.app.state.settings.public_read:
            raise LoginRequired()
        return
    rule = rule_for(request.method, path)
    if rule is None:
        raise AccessDenied(f"{request.method} {path} 没有设定权限规则，任何人都不能调用")
    if account is None:
        raise LoginRequired()
    if account.via == "session" and not auth.same(await auth.sent_csrf(request), account.csrf):
        raise AccessDenied("请求缺少有效的 CSRF 令牌（请刷新页面后重试；接口请用 X-CSRF-Token 请求头或 API 令牌）")
    user = account.user
    if not can(user, rule.permission):
        raise AccessDenied(f"账户“{user.name}”（{user.role.label}）无权进行此操作")
    if rule.scope == "project":
        await run_in_threadpool(_check_project, request, user)
    elif rule.scope == "target":
        await run_in_threadpool(_check_target, request, user)


def _store(request: Request) -> Any:
    return getattr(request.app.state.site.backend, "store", None)


def _path_id(request: Request, name: str) -> int | None:
    """The path's id when it can name a row (1 .. 2^63-1); None otherwise: the route answers 422 or 404
    (an id beyond a 64-bit integer never reaches the database)."""
    text = str(request.path_params.get(name, ""))
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


def _check_project(request: Request, user: UserInfo) -> None:
    from guihua.errors import InputError
    from guihua.store import projects_repo

    project_id = _path_id(request, "project_id")
    if project_id is None:
        return
    try:
        project = projects_repo.get_project(_store(request), project_id)
    except (InputError, ValueError, KeyError):
        return  # an unknown project: the route answers 404
    if not can_edit_project(user, project):
        raise AccessDenied(f"项目“{project.name}”的责任单位（{project.responsible or '未指定'}）"
                           f"不含您的部门（{user.department}），不能记录其进展")


def _check_target(request: Request, user: UserInfo) -> None:
    from guihua.errors import InputError

    store = _store(request)
    target_id = _path_id(request, "target_id")
    if target_id is None:
        return
    try:
        statement = store.get_statement(target_id)
        indicator = store.get_indicator(statement.indicator_id) if statement.indicator_id is not None else None
    except (InputError, ValueError, KeyError):
        return  # an unknown target: the route answers 404
    if statement.plan_id != request.path_params.get("plan"):
        return  # a target of another plan: the route answers 404
    if not can_edit_indicator(user, indicator):
        raise AccessDenied(f"指标“{statement.indicator}”不属于您的部门（{user.department}），不能为其录入")


def entry_scope(request: Request) -> Callable[[Any], bool] | None:
    """For data entry: None when the account may enter values for any indicator, else the test an
    indicator (guihua.store IndicatorInfo) must pass (`can_edit_indicator`)."""
    user = user_of(request)
    if user is None or user.role.value != "department":
        return None
    return lambda indicator: can_edit_indicator(user, indicator)
