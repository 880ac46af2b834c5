"""Browser tests: Playwright drives Debian's chromium against the app served on a free localhost port.

Every request the browser makes is watched; any that leaves 127.0.0.1 is recorded and refused, and
the test that caused it fails. Outside names do not even resolve (host-resolver rules), so a page
that depended on a CDN or a remote font would render incompletely and be caught.
Screenshots go to test-artifacts/browser/.

The server runs the demo as `guihua demo` builds it, with its demo accounts (one per role, fresh
passwords in `accounts`); a test module that needs more in its database overrides `server` with
`serve_demo(prepare)`. The `page` fixture is logged in as the administrator (its session taken from
one login through the form, per server); `page_as(name)` opens another logged-in page; `anonymous_page`
none.
A console message about a Content-Security-Policy refusal fails the test like a script error.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def accounts(server: str) -> dict[str, str]:
    """The demo accounts' passwords by name (admin, planner, forestry of 市林业局, viewer) on `server`."""
    return dict(_ACCOUNTS[server])


#: the demo accounts' passwords of each server started (address -> name -> password)
_ACCOUNTS: dict[str, dict[str, str]] = {}


def serve_demo(prepare: Callable[[str], None] | None = None) -> Iterator[str]:
    """The app over the demo data (then `prepare(database_url)`, if given) with the demo accounts, served
    by uvicorn in a background thread on a free port; yields its address, stops it afterwards."""
    import tempfile

    import uvicorn

    from guihua.store.demo import build_demo_database, create_demo_accounts
    from guihua.web.app import Settings, create_app

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='guihua-browser-')) / 'demo.db'}"
    build_demo_database(url)
    if prepare is not None:
        prepare(url)
    accounts = {name: secret for name, _, _, secret in create_demo_accounts(url)}
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(database_url=url)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    address = f"http://127.0.0.1:{port}"
    _ACCOUNTS[address] = accounts
    yield address
    srv.should_exit = True
    thread.join(timeout=10)
    _ACCOUNTS.pop(address, None)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The demo, as `guihua demo` builds it."""
    yield from serve_demo()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian 的 chromium 未安装（.ci/run 会安装）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class RequestWatcher:
    """Every URL the page asked for; those not on 127.0.0.1 are refused and listed in `outside`."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        self.seen.append(url)
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


def log_in_form(pg: Any, name: str, secret: str) -> None:
    """Log in through the login form as a person would (the page is on /login)."""
    pg.fill("form[action='/login'] input[name=name]", name)
    pg.fill("form[action='/login'] input[name=password]", secret)
    pg.click("form[action='/login'] button[type=submit]")
    pg.wait_for_load_state("networkidle")


class Pages:
    """Browser contexts of one test, each watched; checked when the test ends."""

    def __init__(self, browser: Any, server: str) -> None:
        self.browser, self.server = browser, server
        self.opened: list[tuple[Any, Any, list[str]]] = []

    def open(self, state: Any = None) -> Any:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        context = self.browser.new_context(viewport={"width": 1366, "height": 850}, locale="zh-CN",
                                           accept_downloads=True, base_url=self.server, storage_state=state)
        watcher = RequestWatcher()
        context.route("**/*", watcher.route)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        # a request the browser itself cancelled (navigating away, a download) is not a failure
        pg.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else watcher.failed.append(r.url))
        pg.on("response", lambda r: watcher.failed.append(f"{r.status} {r.url}") if r.status >= 500 else None)
        pg.watcher = watcher
        pg.js_errors = errors
        self.opened.append((context, watcher, errors))
        return pg

    def close(self) -> None:
        for context, watcher, errors in self.opened:
            context.close()
            assert not watcher.outside, f"请求离开了 127.0.0.1：{watcher.outside}"
            assert not errors, f"页面脚本错误：{errors}"
            assert not [f for f in watcher.failed if not f.startswith(tuple(watcher.outside))], \
                f"请求失败：{watcher.failed}"


#: logged-in browser states by (server, account name)
_STATES: dict[tuple[str, str], Any] = {}


def forget_login(name: str) -> None:
    """After `name` logged out: a later page of that account logs in again."""
    for key in [k for k in _STATES if k[1] == name]:
        del _STATES[key]


def _state(browser: Any, server: str, name: str) -> Any:
    """A logged-in browser state (its session cookie) per server and account, from one login through the form."""
    if (server, name) not in _STATES:
        context = browser.new_context(base_url=server)
        pg = context.new_page()
        pg.goto("/login")
        log_in_form(pg, name, _ACCOUNTS[server][name])
        assert pg.locator("header.top .who").inner_text().startswith(name)
        _STATES[(server, name)] = context.storage_state()
        context.close()
    return _STATES[(server, name)]


@pytest.fixture()
def pages(browser: Any, server: str) -> Iterator[Pages]:
    p = Pages(browser, server)
    yield p
    p.close()


@pytest.fixture()
def page(pages: Pages, browser: Any, server: str) -> Any:
    """A page logged in as the demo administrator."""
    return pages.open(_state(browser, server, "admin"))


@pytest.fixture()
def page_as(pages: Pages, browser: Any, server: str) -> Any:
    """page_as("viewer"): a page logged in as that demo account."""
    return lambda name: pages.open(_state(browser, server, name))


@pytest.fixture()
def anonymous_page(pages: Pages) -> Any:
    return pages.open()


def shot(page: Any, name: str, full: bool = False) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path
