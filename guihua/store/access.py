"""Who may do what: roles, their permissions, and the department scope of data entry.

Roles (stored in `users.role`; the Chinese names are accepted wherever a role is typed):
- admin 管理员: accounts, plans and settings, and everything a planner may do.
- planner 规划办: reviews targets, approves and enters data, edits indicators, decides project links,
  writes reports.
- department 部门填报: enters actual values, milestone events and project progress, only for the
  indicators and projects of its own department (`can_edit_indicator`, `can_edit_project`).
- viewer 只读: reads everything, changes nothing.

The department rule lives in `can_edit_indicator` / `can_edit_project` alone, so a later rule (lead and
co-operating units per indicator, data rounds) changes it in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from guihua.errors import ExitCode, GuihuaError, InputError


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    DEPARTMENT = "department"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.ADMIN: "管理员", Role.PLANNER: "规划办", Role.DEPARTMENT: "部门填报", Role.VIEWER: "只读"}


class Permission(StrEnum):
    """What a state-changing request does; each write route names one."""

    MANAGE_USERS = "manage_users"  # add, disable accounts
    REVIEW = "review"  # confirm / correct / reject extracted targets
    EDIT_INDICATOR = "edit_indicator"  # attribute, responsible departments
    DECIDE_LINK = "decide_link"  # confirm / remove a project's link to an indicator
    ENTER_DATA = "enter_data"  # actual values (form, API, upload), milestone events  (department: scoped)
    PROJECT_PROGRESS = "project_progress"  # project progress events  (department: scoped)
    APPROVE_DATA = "approve_data"  # accept / reject values proposed from documents (guihua import-report)
    OWN_ACCOUNT = "own_account"  # change one's own password, API token; log out


_ALL = frozenset(Permission)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _ALL,
    Role.PLANNER: _ALL - {Permission.MANAGE_USERS},
    Role.DEPARTMENT: frozenset({Permission.ENTER_DATA, Permission.PROJECT_PROGRESS, Permission.OWN_ACCOUNT}),
    Role.VIEWER: frozenset({Permission.OWN_ACCOUNT}),
}
#: permissions a department account holds only within its department
SCOPED = frozenset({Permission.ENTER_DATA, Permission.PROJECT_PROGRESS})


class AccessDenied(GuihuaError):
    """The account may not do this (the web answers 403). `problems` lists (line, reason) of an
    uploaded file's rows outside the account's department."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, reason: str, problems: list[tuple[int, str]] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.problems = problems or []


@dataclass(frozen=True)
class UserInfo:
    """An account as stored (never its password hash or token hash)."""

    id: int
    name: str
    role: Role
    department: str | None
    is_active: bool
    has_api_token: bool
    created_at: str
    created_by: str
    row_version: int

    @property
    def role_label(self) -> str:
        return self.role.label

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role.value, "role_label": self.role.label,
                "department": self.department, "is_active": self.is_active, "has_api_token": self.has_api_token,
                "created_at": self.created_at, "created_by": self.created_by}


_ROLE_WORDS = {**{r.value: r for r in Role}, **{label: r for r, label in ROLE_LABELS.items()}}


def parse_role(text: str) -> Role:
    """`admin` or 管理员 -> Role.ADMIN, and so on; anything else is an InputError naming --role."""
    role = _ROLE_WORDS.get(text.strip().lower()) or _ROLE_WORDS.get(text.strip())
    if role is None:
        choices = " / ".join(f"{r.value}（{r.label}）" for r in Role)
        raise InputError("--role", f"角色应为 {choices}，收到“{text}”")
    return role


def can(user: UserInfo | None, permission: Permission) -> bool:
    """Whether the account's role allows `permission` at all (department scope is checked apart)."""
    return user is not None and user.is_active and permission in ROLE_PERMISSIONS[user.role]


def _unit_names(text: str | None) -> set[str]:
    """Unit names of a free-text list: "市发改委、市交通运输局" -> {"市发改委", "市交通运输局"}."""
    return {p.strip() for p in re.split(r"[,，、;；/\s]+", text or "") if p.strip()}


def _get(obj: Any, name: str) -> Any:
    """A field of a record or of its dict form (pages hold dicts)."""
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def can_edit_indicator(user: UserInfo | None, indicator: Any) -> bool:
    """May the account enter values (and milestone events) for this indicator?

    Admins and planners: any indicator. A department account: an indicator its department is
    assigned to (`indicator.departments`, the indicator–department assignment). Everyone else: no.
    """
    if not can(user, Permission.ENTER_DATA):
        return False
    assert user is not None
    if user.role is not Role.DEPARTMENT:
        return True
    return bool(user.department) and user.department in set(_get(indicator, "departments") or [])


def can_edit_project(user: UserInfo | None, project: Any) -> bool:
    """May the account record progress of this project?

    Admins and planners: any project. A department account: a project whose responsible units
    (`project.responsible`, names separated by 、 , ; or spaces) include its department.
    """
    if not can(user, Permission.PROJECT_PROGRESS):
        return False
    assert user is not None
    if user.role is not Role.DEPARTMENT:
        return True
    return bool(user.department) and user.department in _unit_names(_get(project, "responsible"))
