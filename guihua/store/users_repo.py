"""Accounts, login sessions and API tokens (tables `users` and `sessions`).

Passwords are stored as Argon2id hashes; session cookies and API tokens only as their SHA-256
(guihua.store.passwords). Every change of an account is audited (entity `user`, plan_id NULL), never
with a password, hash or token in it. Disabling an account or changing its password ends its sessions.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from guihua.errors import InputError
from guihua.store import passwords
from guihua.store import schema as t
from guihua.store.access import Role, UserInfo, parse_role
from guihua.store.base import StoreBase, audit, now

MAX_NAME = 40
DEFAULT_SESSION_HOURS = 12.0


def check_name(name: str, where: str = "NAME") -> str:
    """An account name as stored: trimmed, 1-40 characters, no control characters or inner line breaks."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise InputError(where, "账户名不能为空")
    if len(name) > MAX_NAME:
        raise InputError(where, f"账户名最多 {MAX_NAME} 个字符")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise InputError(where, "账户名不能含控制字符或换行")
    if name.startswith("-"):
        raise InputError(where, "账户名不能以“-”开头")
    return name


def _department(role: Role, department: str | None) -> str | None:
    dep = unicodedata.normalize("NFC", department or "").strip() or None
    if role is Role.DEPARTMENT and dep is None:
        raise InputError("--department", "部门填报账户须指定所属部门（如 --department 市统计局）")
    if role is not Role.DEPARTMENT and dep is not None:
        raise InputError("--department", "只有部门填报（department）账户属于某个部门")
    if dep is not None and (len(dep) > 100 or any(unicodedata.category(c) == "Cc" for c in dep)):
        raise InputError("--department", "部门名称最多 100 个字符，且不能含控制字符")
    return dep


def _info(r: RowMapping) -> UserInfo:
    return UserInfo(id=r["id"], name=r["name"], role=Role(r["role"]), department=r["department"],
                    is_active=bool(r["is_active"]), has_api_token=r["api_token_hash"] is not None,
                    created_at=r["created_at"], created_by=r["created_by"], row_version=r["row_version"])


def _row(conn: Connection, name: str) -> RowMapping:
    r = conn.execute(select(t.users).where(t.users.c.name == name)).mappings().first()
    if r is None:
        raise InputError("NAME", f"没有账户“{name}”")
    return r


def _stamp(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class UsersMixin(StoreBase):
    """Store methods for accounts, sessions and API tokens."""

    # ------------------------------------------------------------------ accounts
    def add_user(self, name: str, role: Role | str, password: str, *, user: str,
                 department: str | None = None) -> UserInfo:
        """A new active account; InputError when the name is taken or a field is invalid."""
        name = check_name(name)
        role = role if isinstance(role, Role) else parse_role(role)
        dep = _department(role, department)
        hashed = passwords.hash_password(password)
        with self.atomic() as conn:
            if conn.execute(select(t.users.c.id).where(t.users.c.name == name)).first() is not None:
                raise InputError("NAME", f"账户“{name}”已存在")
            stamp = now()
            conn.execute(insert(t.users).values(name=name, role=role.value, department=dep, password_hash=hashed,
                                                api_token_hash=None, is_active=True, created_at=stamp,
                                                created_by=user, row_version=1))
            audit(conn, None, user, "add_user", "user", name, None, None,
                  {"role": role.value, "department": dep}, at=stamp)
            return _info(_row(conn, name))

    def list_users(self) -> list[UserInfo]:
        with self.engine.connect() as conn:
            return [_info(r) for r in conn.execute(select(t.users).order_by(t.users.c.id)).mappings()]

    def find_user(self, name: str) -> UserInfo | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.users).where(t.users.c.name == name)).mappings().first()
            return _info(r) if r is not None else None

    def get_user(self, name: str) -> UserInfo:
        with self.engine.connect() as conn:
            return _info(_row(conn, name))

    def has_admin(self) -> bool:
        """Whether an active administrator account exists."""
        with self.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(t.users).where(
                t.users.c.role == Role.ADMIN.value, t.users.c.is_active.is_(True))).scalar_one()
            return bool(n)

    def set_password(self, name: str, password: str, *, user: str) -> None:
        """A new password; the account's sessions end (everywhere it was logged in)."""
        hashed = passwords.hash_password(password)
        with self.atomic() as conn:
            r = _row(conn, name)
            conn.execute(update(t.users).where(t.users.c.id == r["id"])
                         .values(password_hash=hashed, row_version=t.users.c.row_version + 1))
            conn.execute(delete(t.sessions).where(t.sessions.c.user_id == r["id"]))
            audit(conn, None, user, "set_password", "user", r["name"])

    def set_active(self, name: str, active: bool, *, user: str) -> None:
        """Disable (sessions end, API token revoked) or enable an account."""
        with self.atomic() as conn:
            r = _row(conn, name)
            if bool(r["is_active"]) == active:
                return
            if not active and r["role"] == Role.ADMIN.value:
                others = conn.execute(select(func.count()).select_from(t.users).where(
                    t.users.c.role == Role.ADMIN.value, t.users.c.is_active.is_(True),
                    t.users.c.id != r["id"])).scalar_one()
                if not others:
                    raise InputError("NAME", f"“{name}”是唯一启用的管理员，不能停用（先添加另一个管理员）")
            values: dict[str, object] = {"is_active": active, "row_version": t.users.c.row_version + 1}
            if not active:
                values["api_token_hash"] = None
                conn.execute(delete(t.sessions).where(t.sessions.c.user_id == r["id"]))
            conn.execute(update(t.users).where(t.users.c.id == r["id"]).values(**values))
            audit(conn, None, user, "enable_user" if active else "disable_user", "user", r["name"],
                  "is_active", bool(r["is_active"]), active)

    def authenticate(self, name: str, password: str) -> UserInfo | None:
        """The active account whose password this is, else None (same time spent either way)."""
        with self.engine.connect() as conn:
            r = conn.execute(select(t.users).where(t.users.c.name == name.strip())).mappings().first()
        ok = passwords.verify_password(r["password_hash"] if r is not None else None, password)
        if r is None or not ok or not r["is_active"]:
            return None
        if passwords.needs_rehash(r["password_hash"]):
            with self.atomic() as conn:
                conn.execute(update(t.users).where(t.users.c.id == r["id"])
                             .values(password_hash=passwords.hash_password(password)))
        return _info(r)

    # ------------------------------------------------------------------ API tokens
    def new_api_token(self, name: str, *, user: str) -> str:
        """A fresh API token for the account (the old one stops working); shown once, stored hashed."""
        token = "gh_" + passwords.new_secret()
        with self.atomic() as conn:
            r = _row(conn, name)
            if not r["is_active"]:
                raise InputError("NAME", f"账户“{name}”已停用")
            conn.execute(update(t.users).where(t.users.c.id == r["id"])
                         .values(api_token_hash=passwords.digest(token), row_version=t.users.c.row_version + 1))
            audit(conn, None, user, "new_api_token", "user", r["name"])
        return token

    def user_for_token(self, token: str) -> UserInfo | None:
        """The active account holding this API token, else None."""
        if not token.startswith("gh_"):
            return None
        with self.engine.connect() as conn:
            r = conn.execute(select(t.users).where(t.users.c.api_token_hash == passwords.digest(token),
                                                   t.users.c.is_active.is_(True))).mappings().first()
            return _info(r) if r is not None else None

    # ------------------------------------------------------------------ sessions
    def new_session(self, user_id: int, hours: float = DEFAULT_SESSION_HOURS) -> tuple[str, str]:
        """A login session: (cookie token, CSRF token). Expired sessions are cleared on the way."""
        token, csrf = passwords.new_secret(), passwords.new_secret()
        stamp = now()
        with self.atomic() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < stamp))
            conn.execute(insert(t.sessions).values(id=passwords.digest(token), user_id=user_id, csrf_token=csrf,
                                                   created_at=stamp, expires_at=_stamp(hours)))
        return token, csrf

    def session_user(self, token: str) -> tuple[UserInfo, str] | None:
        """(account, CSRF token) of a live session of an active account, else None."""
        if not token or len(token) > 100:
            return None
        q = (select(t.users, t.sessions.c.csrf_token, t.sessions.c.expires_at)
             .join(t.sessions, t.sessions.c.user_id == t.users.c.id)
             .where(t.sessions.c.id == passwords.digest(token)))
        with self.engine.connect() as conn:
            r = conn.execute(q).mappings().first()
        if r is None or r["expires_at"] < now() or not r["is_active"]:
            return None
        return _info(r), str(r["csrf_token"])

    def end_session(self, token: str) -> None:
        with self.atomic() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.id == passwords.digest(token)))
