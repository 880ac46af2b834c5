"""Accounts in the store (SQLite and PostgreSQL) and the `guihua user` commands; `guihua serve` without
an administrator; what CLI writes record as "who"."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from guihua.cli.main import IO, run
from guihua.errors import InputError
from guihua.store import schema as t
from guihua.store.access import (
    Permission,
    Role,
    UserInfo,
    can,
    can_edit_indicator,
    can_edit_project,
    parse_role,
)
from guihua.store.repository import open_store


def _cli(*argv: str, stdin: str = "", environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdin=io.StringIO(stdin), stdout=out, stderr=err,
                              environ=environ if environ is not None else {"USER": "wang"}))
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------------------ the rules
def _user(role: Role, department: str | None = None, active: bool = True) -> UserInfo:
    return UserInfo(1, "x", role, department, active, False, "", "", 1)


def test_roles_by_english_or_chinese_name() -> None:
    assert [parse_role(w) for w in ("admin", "管理员", "Planner", "规划办", "department", "部门填报", "viewer", "只读")] \
        == [Role.ADMIN, Role.ADMIN, Role.PLANNER, Role.PLANNER, Role.DEPARTMENT, Role.DEPARTMENT, Role.VIEWER,
            Role.VIEWER]
    with pytest.raises(InputError, match="--role"):
        parse_role("局长")


def test_what_each_role_may_do() -> None:
    admin, planner = _user(Role.ADMIN), _user(Role.PLANNER)
    dept, viewer = _user(Role.DEPARTMENT, "市统计局"), _user(Role.VIEWER)
    assert can(admin, Permission.MANAGE_USERS) and not can(planner, Permission.MANAGE_USERS)
    for p in (Permission.REVIEW, Permission.EDIT_INDICATOR, Permission.DECIDE_LINK):
        assert can(admin, p) and can(planner, p) and not can(dept, p) and not can(viewer, p)
    assert can(dept, Permission.ENTER_DATA) and not can(viewer, Permission.ENTER_DATA)
    assert not can(_user(Role.ADMIN, active=False), Permission.REVIEW)  # a disabled account may nothing
    assert not can(None, Permission.OWN_ACCOUNT)


def test_department_scope_from_the_indicator_and_project_assignment() -> None:
    dept = _user(Role.DEPARTMENT, "市统计局")
    assert can_edit_indicator(dept, {"departments": ["市发改委", "市统计局"]})
    assert not can_edit_indicator(dept, {"departments": ["市发改委"]})
    assert not can_edit_indicator(dept, {"departments": []})  # unassigned: the planning office's
    assert can_edit_project(dept, {"responsible": "市发改委、市统计局"})
    assert can_edit_project(dept, {"responsible": "市统计局"})
    assert not can_edit_project(dept, {"responsible": "市统计局衡南分局"})  # a unit's name is matched whole
    assert not can_edit_project(dept, {"responsible": None})
    assert can_edit_indicator(_user(Role.PLANNER), {"departments": []})
    assert not can_edit_indicator(_user(Role.VIEWER), {"departments": ["市统计局"]})


# ------------------------------------------------------------------------------ the store
def test_accounts_sessions_and_tokens_in_the_store(db_url: str) -> None:
    store = open_store(db_url)
    try:
        assert not store.has_admin()
        u = store.add_user("王芳", "管理员", "a-good-password", user="测试")
        assert (u.role, u.department, u.is_active) == (Role.ADMIN, None, True) and store.has_admin()
        with pytest.raises(InputError, match="已存在"):
            store.add_user("王芳", "viewer", "another-password", user="测试")
        with pytest.raises(InputError, match="--department"):
            store.add_user("统计员", "department", "a-good-password", user="测试")
        with pytest.raises(InputError, match="至少 8"):
            store.add_user("短密码", "viewer", "short", user="测试")
        with pytest.raises(InputError, match="控制字符"):
            store.add_user("bad\x1b[31m", "viewer", "a-good-password", user="测试")
        store.add_user("统计员", "部门填报", "a-good-password", department="市统计局", user="王芳")
        # the password is stored as an Argon2id hash, never as given
        with store.engine.connect() as conn:
            stored = conn.execute(select(t.users.c.password_hash).where(t.users.c.name == "统计员")).scalar_one()
        assert stored.startswith("$argon2id$") and "a-good-password" not in stored
        assert store.authenticate("统计员", "a-good-password") is not None
        assert store.authenticate("统计员", "a-wrong-password") is None
        assert store.authenticate("没有", "a-good-password") is None
        # sessions: stored hashed, found by the cookie, ended by logout, password change and disabling
        token, csrf = store.new_session(store.get_user("统计员").id)
        with store.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(t.sessions.c.id))]
        assert token not in ids and len(ids) == 1
        found = store.session_user(token)
        assert found is not None and found[0].name == "统计员" and found[1] == csrf
        store.end_session(token)
        assert store.session_user(token) is None
        token, _ = store.new_session(store.get_user("统计员").id)
        store.set_password("统计员", "a-newer-password", user="王芳")
        assert store.session_user(token) is None and store.authenticate("统计员", "a-newer-password")
        expired, _ = store.new_session(store.get_user("统计员").id, hours=-0.01)
        assert store.session_user(expired) is None
        # API tokens: shown once, stored hashed, revoked by a new one and by disabling
        api = store.new_api_token("统计员", user="王芳")
        assert store.user_for_token(api).name == "统计员"  # type: ignore[union-attr]
        api2 = store.new_api_token("统计员", user="王芳")
        assert store.user_for_token(api) is None and store.user_for_token(api2) is not None
        token, _ = store.new_session(store.get_user("统计员").id)
        store.set_active("统计员", False, user="王芳")
        assert store.session_user(token) is None and store.user_for_token(api2) is None
        assert store.authenticate("统计员", "a-newer-password") is None
        with pytest.raises(InputError, match="唯一"):
            store.set_active("王芳", False, user="王芳")  # the last administrator stays
        # every change is audited, and no secret is in the audit log
        entries = store.audit_log(entity="user")
        assert [e.action for e in entries] == ["add_user", "add_user", "set_password", "new_api_token",
                                               "new_api_token", "disable_user"]
        text = json.dumps([(e.old, e.new) for e in entries], ensure_ascii=False)
        assert "password" not in text.replace("set_password", "") and "gh_" not in text and "$argon2" not in text
    finally:
        store.dispose()


# ------------------------------------------------------------------------------ the CLI
def test_user_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    code, out, err = _cli("user", "add", "王芳", "--role", "管理员", "--password-stdin", "--db", db,
                          stdin="first-password\n")
    assert code == 0 and "王芳（管理员）" in out, err
    code, out, err = _cli("user", "add", "统计员", "--role", "department", "--department", "市统计局",
                          "--password-stdin", "--user", "王芳", "--db", db, stdin="stats-password\n")
    assert code == 0 and "部门 市统计局" in out, err
    assert _cli("user", "add", "x", "--role", "boss", "--password-stdin", "--db", db, stdin="long-enough\n")[0] == 2
    code, _, err = _cli("user", "add", "y", "--role", "viewer", "--password-stdin", "--db", db, stdin="")
    assert code == 2 and "标准输入" in err
    code, _, err = _cli("user", "add", "z", "--role", "viewer", "--db", db)  # no terminal to prompt on
    assert code == 2 and "--password-stdin" in err and err.count("\n") == 1
    code, out, _ = _cli("user", "list", "--json", "--db", db)
    users = {u["name"]: u for u in json.loads(out)}
    assert set(users) == {"王芳", "统计员"} and users["统计员"]["role"] == "department"
    assert "hash" not in out and "first-password" not in out
    assert users["统计员"]["created_by"] == "王芳（系统用户 wang）"  # the account given with --user and the OS user
    code, out, _ = _cli("user", "list", "--db", db)
    assert "统计员\tdepartment（部门填报）\t市统计局\t启用" in out
    code, out, err = _cli("user", "token", "统计员", "--db", db)
    assert code == 0 and out.startswith("gh_") and "只显示这一次" in err
    assert _cli("user", "passwd", "统计员", "--password-stdin", "--db", db, stdin="newer-password\n")[0] == 0
    assert _cli("user", "passwd", "没有", "--password-stdin", "--db", db, stdin="newer-password\n")[0] == 2
    assert _cli("user", "disable", "统计员", "--db", db)[0] == 0
    code, _, err = _cli("user", "disable", "王芳", "--db", db)
    assert code == 2 and "唯一" in err
    store = open_store(f"sqlite:///{db}")
    try:
        assert store.authenticate("统计员", "newer-password") is None  # disabled
        assert not store.get_user("统计员").is_active
        assert store.authenticate("王芳", "first-password") is not None
    finally:
        store.dispose()
    assert _cli("user", "enable", "统计员", "--db", db)[0] == 0


def test_cli_writes_record_the_account_and_the_os_user(tmp_path: Path) -> None:
    from guihua.store.demo import demo_paths

    db = str(tmp_path / "w.db")
    plan = demo_paths()["plan"]
    assert _cli("ingest", str(plan), "--plan", "p", "--user", "王芳", "--db", db)[0] == 0
    assert _cli("ingest", str(plan), "--plan", "q", "--db", db, environ={"USERNAME": "li"})[0] == 0
    store = open_store(f"sqlite:///{db}")
    try:
        assert {e.user for e in store.audit_log(plan_id="p")} == {"王芳（系统用户 wang）"}
        assert {e.user for e in store.audit_log(plan_id="q")} == {"li"}  # no --user: the OS user alone
    finally:
        store.dispose()


def test_serve_refuses_to_start_without_an_administrator(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    code, out, err = _cli("serve", "--db", db, "--port", "59999")
    assert code == 2 and "guihua user add" in err and "--role admin" in err and err.count("\n") == 1
    assert out == ""


def test_serve_warns_when_anonymous_reading_is_on_and_the_host_is_not_loopback() -> None:
    from guihua.cli.web import _deployment, _warn, is_loopback

    class Args:
        host, public_read, allowed_host, threads = "0.0.0.0", True, ["plan.example.gov.cn"], 2

    err = io.StringIO()
    env: dict[str, str] = {}
    _warn(Args, IO(stderr=err, environ=env), _deployment(Args, IO(environ=env)))
    assert "匿名" in err.getvalue()
    Args.public_read = False
    err = io.StringIO()
    _warn(Args, IO(stderr=err, environ=env), _deployment(Args, IO(environ=env)))
    assert err.getvalue() == ""
    Args.host, Args.public_read = "127.0.0.1", False
    deployment = _deployment(Args, IO(environ={"GUIHUA_PUBLIC_READ": "1", "GUIHUA_ALLOWED_HOSTS": "a.example, b"}))
    assert deployment == {"public_read": True, "allowed_hosts": ("127.0.0.1", "a.example", "b", "plan.example.gov.cn"),
                          "threads": 2}
    Args.threads = 0
    with pytest.raises(InputError, match="--threads"):
        _deployment(Args, IO(environ={}))
    Args.threads = 2
    err = io.StringIO()
    _warn(Args, IO(stderr=err, environ={}), deployment)
    assert err.getvalue() == ""  # loopback: nobody else can reach it
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_demo_accounts_one_per_role_printed_with_working_passwords(tmp_path: Path) -> None:
    from guihua.store.demo import build_demo_database, create_demo_accounts

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo_database(url)
    accounts = create_demo_accounts(url)
    assert sorted(a[1] for a in accounts) == sorted(["管理员", "规划办", "部门填报", "只读"])
    again = create_demo_accounts(url)  # a second run: new passwords, the same accounts
    store = open_store(url)
    try:
        for name, _, _, secret in again:
            assert store.authenticate(name, secret) is not None, name
        old = {a[0]: a[3] for a in accounts}
        assert all(store.authenticate(n, old[n]) is None for n, *_ in again)
        forest = store.find_indicator("hengyang-13th", "森林覆盖率")
        assert forest is not None and forest.departments == ["市林业局"]
    finally:
        store.dispose()
