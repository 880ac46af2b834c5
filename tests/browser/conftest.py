"""Browser tests: Playwright drives Debian's chromium against the app served on a free localhost port.

Every request the browser makes is watched; any that leaves 127.0.0.1 is recorded and refused, and
the test that caused it fails. Outside names do not even resolve (host-resolver rules), so a page
that depended on a CDN or a remote font would render incompletely and be caught.
Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The app over the demo data, served by uvicorn in a background thread."""
    import uvicorn

    from guihua.web.app import Settings, create_app
    from tests.integration.web_fixture import demo_settings

    settings: Settings = demo_settings()
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


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


@pytest.fixture()
def page(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 850}, locale="zh-CN", accept_downloads=True,
                                  base_url=server)
    watcher = RequestWatcher()
    context.route("**/*", watcher.route)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # a request the browser itself cancelled (navigating away, a download) is not a failure
    pg.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else watcher.failed.append(r.url))
    pg.on("response", lambda r: watcher.failed.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    pg.watcher = watcher
    pg.js_errors = errors
    yield pg
    context.close()
    assert not watcher.outside, f"请求离开了 127.0.0.1：{watcher.outside}"
    assert not errors, f"页面脚本错误：{errors}"
    assert not [f for f in watcher.failed if not f.startswith(tuple(watcher.outside))], f"请求失败：{watcher.failed}"


def shot(page: Any, name: str, full: bool = False) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path
