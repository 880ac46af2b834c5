"""A real server (uvicorn) under concurrent use, on SQLite and PostgreSQL: no lost correction, a
stale version is a 409; an import runs off the event loop while other requests are answered; an
unexpected error is a 500 with an error id that keeps the connection and the security headers."""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from guihua.store.demo import build_demo_database
from guihua.store.repository import open_store
from guihua.web.app import Settings
from tests.integration.live_server import app_of, live_server
from tests.integration.web_fixture import add_accounts

PLAN = "hengyang-13th"
CLIENTS = 20
CORRECTIONS = 20


def _demo(url: str) -> str:
    """The demo database with a planner; returns the planner's API token."""
    build_demo_database(url)
    add_accounts(url, ("planner",))
    store = open_store(url)
    try:
        return store.new_api_token("planner", user="测试")
    finally:
        store.dispose()


def test_twenty_clients_twenty_corrections_nothing_lost(new_db: Callable[[], str]) -> None:
    """20 clients each correct the same target 20 times, each time sending the version it read:
    every accepted correction is in the audit trail, one after the other (each one's old value is
    the previous one's new value: none overwrote another unseen); every other one got 409 with the
    target as it is now; nothing else (no 500, no silent overwrite)."""
    url = new_db()
    token = _demo(url)
    auth = {"Authorization": f"Bearer {token}"}
    answers: list[tuple[float, int, dict[str, Any], int]] = []  # (value sent, status, body, version sent)
    lock = threading.Lock()
    with live_server(Settings(database_url=url)) as base:
        with httpx.Client(base_url=base, headers=auth) as c:
            target = next(t for t in c.get(f"/api/plans/{PLAN}/targets").json()["targets"]
                          if t["type"] == "target" and t["kind"] == "level" and t["value"] is not None)
        tid = target["id"]

        def client(k: int) -> None:
            with httpx.Client(base_url=base, headers=auth, timeout=120) as http_:
                for n in range(CORRECTIONS):
                    seen = http_.get(f"/api/plans/{PLAN}/targets/{tid}").json()["target"]
                    value = 10_000.0 + k * 100 + n  # unique per correction, never the extracted value
                    r = http_.post(f"/api/plans/{PLAN}/targets/{tid}/review",
                                   json={"action": "correct", "value": value, "expected_version": seen["row_version"]})
                    with lock:
                        answers.append((value, r.status_code, r.json(), seen["row_version"]))

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(answers) == CLIENTS * CORRECTIONS
    statuses = Counter(status for _, status, _, _ in answers)
    assert set(statuses) <= {200, 409}, statuses
    accepted = {value for value, status, _, _ in answers if status == 200}
    refused = [(value, body, sent) for value, status, body, sent in answers if status == 409]
    assert accepted and refused  # 20 clients at once: some lose the race
    for _, body, sent in refused:
        assert body["error"] == "修改冲突" and "已被他人修改" in body["detail"]
        assert body["current"]["id"] == tid and body["current"]["row_version"] != sent
    store = open_store(url)
    try:
        trail = [a for a in store.audit_log(plan_id=PLAN) if a.entity == "statement" and a.entity_id == tid
                 and a.field == "value"]
        final = store.get_statement(int(tid))
    finally:
        store.dispose()
    assert sorted(a.new for a in trail) == sorted(accepted)  # every accepted one kept, no refused one written
    assert [a.old for a in trail] == [target["value"]] + [a.new for a in trail[:-1]]  # none overwritten unseen
    assert final.value == trail[-1].new and final.status == "已修改"


def _rows(n: int, names: list[str]) -> bytes:
    """n actual values over the plan's indicators and the years around its period, each from its own source."""
    lines = ["indicator,year,value,source"]
    years = list(range(2013, 2024))
    for i in range(n):
        lines.append(f"{names[i % len(names)]},{years[(i // len(names)) % len(years)]},{100 + i % 997},来源{i}")
    return ("\n".join(lines) + "\n").encode()


def test_other_requests_are_answered_while_a_large_import_runs(new_db: Callable[[], str]) -> None:
    """A large upload is imported by a worker thread: the API answers 202 with a job at once, the job's
    state is visible while it runs, other requests (pages, the API, another user's write) are
    answered meanwhile, and the job ends with the import's result."""
    url = new_db()
    token = _demo(url)
    auth = {"Authorization": f"Bearer {token}"}
    with live_server(Settings(database_url=url, upload_wait=0)) as base, \
            httpx.Client(base_url=base, headers=auth, timeout=120) as c:
        names = sorted({o["indicator"] for o in c.get(f"/api/plans/{PLAN}/observations").json()["observations"]
                        if o["measure"] == "level" and o["unit"] in ("%", "亿元", "万人")})[:10]
        assert names
        n = 30_000
        r = c.post(f"/api/plans/{PLAN}/observations/upload", files={"file": ("大表.csv", _rows(n, names), "text/csv")})
        assert r.status_code == 202, r.text
        job = r.json()
        assert job["state"] in ("排队中", "进行中") and not job["done"] and r.headers["location"] == job["status_url"]
        answered_while_running = 0
        states = []
        review = next(t for t in c.get(f"/api/plans/{PLAN}/review").json()["targets"] if t["type"] == "target")
        wrote = None
        while True:
            for path in (f"/api/plans/{PLAN}", "/api/me", f"/plans/{PLAN}/indicators"):
                assert c.get(path).status_code == 200, path
            if wrote is None:  # another piece of work written while the import runs
                wrote = c.post(f"/api/plans/{PLAN}/targets/{review['id']}/review",
                               json={"action": "reject", "expected_version": review["row_version"]})
            status = c.get(job["status_url"]).json()
            states.append(status["state"])
            if status["done"]:
                break
            answered_while_running += 1
            time.sleep(0.05)
        print("DEBUG", answered_while_running, Counter(states))
        assert answered_while_running >= 1, states  # requests answered while the job was still running
        assert "进行中" in states
        assert status["state"] == "已完成" and status["status"] == 201, status
        assert status["result"]["imported"] == n
        assert wrote is not None and wrote.status_code == 200, wrote.text
        # the job belongs to its account: another account does not see it
        add_accounts(url, ("viewer",))
        store = open_store(url)
        viewer = store.new_api_token("viewer", user="测试")
        store.dispose()
        other = httpx.get(base + job["status_url"], headers={"Authorization": f"Bearer {viewer}"})
        assert other.status_code == 404


def test_an_unexpected_error_keeps_the_connection_and_gives_an_error_id(
        tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A bug behind a route: 500 with 错误编号 (the same id in the log), the security headers, and the
    keep-alive connection still serves the next request."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    token = _demo(url)
    settings = Settings(database_url=url)

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a bug")

    with live_server(settings) as base:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
        headers = {"Authorization": f"Bearer {token}", "Host": "127.0.0.1"}
        conn.request("GET", "/api/plans", headers=headers)
        first = conn.getresponse()
        first.read()
        assert first.status == 200
        sock = conn.sock
        app = app_of(base)
        app.state.site.plans = broken  # a bug in one data function
        with caplog.at_level(logging.ERROR, logger="guihua.web"):
            conn.request("GET", "/api/plans", headers=headers)
            r = conn.getresponse()
            body = r.read().decode()
        assert r.status == 500
        answer = json.loads(body)
        assert answer["error"] == "内部错误" and "错误编号" in answer["detail"]
        assert answer["error_id"] in answer["detail"] and answer["error_id"] in caplog.text
        assert r.getheader("content-security-policy") and r.getheader("x-content-type-options") == "nosniff"
        assert r.getheader("connection") != "close"
        # the page twin: the error id on a page
        conn.request("GET", "/", headers=headers)
        page = conn.getresponse()
        text = page.read().decode()
        assert page.status == 500 and "错误编号" in text and page.getheader("x-frame-options") == "DENY"
        del app.state.site.plans
        conn.request("GET", "/api/plans", headers=headers)
        again = conn.getresponse()
        again.read()
        assert again.status == 200
        assert conn.sock is sock  # the same connection served all four requests
        conn.close()

