"""The web tests' database: built by the same code `guihua demo` runs, so the demo cannot rot; and
accounts of every role to log in with."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

from guihua.web.app import Settings, create_app

#: test accounts: name -> (role, department). 市林业局 is the demo's department (森林覆盖率 ...);
#: 市统计局 is a department with none of those indicators (the "other department").
ACCOUNTS = {"admin": ("admin", None), "planner": ("planner", None), "forestry": ("department", "市林业局"),
            "statistics": ("department", "市统计局"), "viewer": ("viewer", None)}
BASE_URL = "http://127.0.0.1"  # a loopback Host name: others are refused (guihua.web.security)


def password(name: str) -> str:
    return f"{name}-test-password"


def add_accounts(url: str, names: tuple[str, ...] = tuple(ACCOUNTS)) -> None:
    """Create the named test accounts in the database at `url`."""
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        for name in names:
            role, department = ACCOUNTS[name]
            store.add_user(name, role, password(name), department=department, user="测试")
    finally:
        store.dispose()


def demo_settings(directory: Path | None = None, accounts: tuple[str, ...] = ("admin",)) -> Settings:
    """A fresh demo: the bundled Hengyang plan with the real statistics, and the named test accounts.

    Through guihua.store.demo.build_demo_database into a SQLite file.
    """
    from guihua.store.demo import build_demo_database

    directory = directory or Path(tempfile.mkdtemp(prefix="guihua-web-"))
    url = f"sqlite:///{directory / 'demo.db'}"
    build_demo_database(url)
    add_accounts(url, accounts)
    return Settings(database_url=url)


def login_token(html: str) -> str:
    """The CSRF token of the login form in a page (the page may carry a session's own token elsewhere)."""
    m = re.search(r'<form method="post" action="/login">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', html)
    assert m, html[:500]
    return m.group(1)


def log_in(client: TestClient, name: str, secret: str | None = None) -> str:
    """Log `client` in through the login form; returns the session's CSRF token and sends it with
    every later request (header X-CSRF-Token), as the pages' forms do with their hidden field."""
    token = login_token(client.get("/login").text)
    r = client.post("/login", data={"name": name, "password": secret or password(name), "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    csrf = client.get("/api/me").json()["csrf_token"]
    client.headers["x-csrf-token"] = csrf
    return str(csrf)


def signed_in(settings: Settings, name: str | None = "admin") -> TestClient:
    """A client of a new app over `settings`, logged in as `name` (None: anonymous)."""
    client = TestClient(create_app(settings), base_url=BASE_URL, raise_server_exceptions=False)
    if name is not None:
        log_in(client, name)
    return client
