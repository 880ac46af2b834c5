"""Cached pages show what is stored now (guihua.web.pages): one app, several accounts, a data round. A
department's to-do page shows the value it has just filled; the dashboard shows a submitted value as
pending at once and drops it once approved (then it is the indicator's value); the cache itself drops
the least recently used pages past its size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from guihua.store.repository import open_store
from guihua.web.app import Settings, create_app
from guihua.web.pages import PageCache
from tests.integration.store_helpers import PLAN, ingest, open_forest_round
from tests.integration.web_fixture import BASE_URL, add_accounts, log_in

YEAR = 2018
OWN = "市林业局"


@pytest.fixture()
def clients(tmp_path: Path) -> Iterator[dict[str, TestClient]]:
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    store = open_store(url)
    try:
        open_forest_round(store, YEAR, OWN)
    finally:
        store.dispose()
    add_accounts(url, ("planner", "forestry", "viewer"))
    app = create_app(Settings(database_url=url))  # one app: its caches are shared by every account
    out = {}
    for name in ("planner", "forestry", "viewer"):
        out[name] = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
        log_in(out[name], name)
    yield out


def _row(client: TestClient) -> dict:  # type: ignore[type-arg]
    [row] = client.get(f"/api/plans/{PLAN}/rounds/{YEAR}/todo").json()["rows"]
    return row  # type: ignore[no-any-return]


def test_the_to_do_page_shows_the_value_just_filled(clients: dict[str, TestClient]) -> None:
    forestry = clients["forestry"]
    mine = f"/plans/{PLAN}/rounds/{YEAR}/mine"
    assert "48.5" not in forestry.get(mine).text  # rendered and kept
    row = _row(forestry)
    r = forestry.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}",
                      json={"value": "48.5", "expected_version": row["row_version"]})
    assert r.status_code == 200, r.text
    page = forestry.get(mine).text
    assert 'value="48.5"' in page or "48.5" in page
    assert "填报中" in page


def test_the_dashboard_shows_a_submission_as_pending_until_approved(clients: dict[str, TestClient]) -> None:
    viewer, forestry, planner = clients["viewer"], clients["forestry"], clients["planner"]
    dashboard = f"/plans/{PLAN}/indicators?year={YEAR}"
    assert "待审定的填报值" not in viewer.get(dashboard).text
    row = _row(forestry)
    r = forestry.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}",
                      json={"value": "48.5", "expected_version": row["row_version"]})
    row = r.json()
    assert "待审定的填报值" not in viewer.get(dashboard).text  # filled, not submitted: nothing pending
    r = forestry.post(f"/api/plans/{PLAN}/rounds/{YEAR}/submit",
                      json={"rows": [{"id": row["id"], "expected_version": row["row_version"]}]})
    assert r.status_code == 200, r.text
    page = viewer.get(dashboard).text
    assert "待审定的填报值" in page and "48.5" in page
    row = _row(planner)
    r = planner.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}/approve",
                     json={"expected_version": row["row_version"]})
    assert r.status_code == 200, r.text
    page = viewer.get(dashboard).text
    assert "待审定的填报值" not in page
    assert "48.5" in page  # now the indicator's value of 2018 on its card


def test_the_page_cache_drops_the_least_recently_used_past_its_size() -> None:
    cache = PageCache(limit=10)
    cache.put(("a",), b"aaaa")
    cache.put(("b",), b"bbbb")
    assert cache.get(("a",)) == b"aaaa"  # a is now the most recently used
    cache.put(("c",), b"cccc")  # 12 bytes > 10: b goes
    assert cache.get(("b",)) is None
    assert cache.get(("a",)) == b"aaaa" and cache.get(("c",)) == b"cccc"
    assert cache.size == 8
    cache.put(("a",), b"x")  # replacing counts the new size only
    assert cache.size == 5


def _dashboard_twice(client: TestClient) -> str:
    """The dashboard, read twice: the second answer comes from the cache (guihua.web.fast_pages)."""
    url = f"/plans/{PLAN}/indicators"
    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.text == again.text
    return again.text


def test_a_cached_page_is_not_served_after_logout(clients: dict[str, TestClient]) -> None:
    viewer = clients["viewer"]
    _dashboard_twice(viewer)
    r = viewer.post("/logout", follow_redirects=False)
    assert r.status_code == 303
    r = viewer.get(f"/plans/{PLAN}/indicators", follow_redirects=False)
    assert r.status_code in (302, 303, 401) and "森林覆盖率" not in r.text


def test_a_cached_page_is_not_served_to_a_deactivated_account(clients: dict[str, TestClient],
                                                              tmp_path: Path) -> None:
    viewer = clients["viewer"]
    _dashboard_twice(viewer)
    store = open_store(f"sqlite:///{tmp_path / 'cache.db'}")
    try:
        store.set_active("viewer", False, user="admin")
    finally:
        store.dispose()
    r = viewer.get(f"/plans/{PLAN}/indicators", follow_redirects=False)
    assert r.status_code in (302, 303, 401) and "森林覆盖率" not in r.text


def test_a_cached_page_of_one_session_is_not_served_to_another(clients: dict[str, TestClient]) -> None:
    forestry, planner = clients["forestry"], clients["planner"]
    mine = f"/plans/{PLAN}/rounds/{YEAR}/mine"
    assert forestry.get(mine).status_code == 200
    own = forestry.get(mine)  # cached for 市林业局's session
    assert own.status_code == 200
    # the planner reads the same address: the route answers for the planner's session (its own CSRF
    # token and account), never 市林业局's cached page
    r = planner.get(mine, follow_redirects=False)
    assert r.status_code == 200 and r.text != own.text
    assert planner.get(mine).text == r.text  # and the planner's own page is cached in turn


def test_a_department_page_stays_cached_while_another_department_fills(tmp_path: Path) -> None:
    """Definition: a to-do page shows the round and the department's own rows; another department's rows
    are not on it, so filling them does not change it (the page is the same object from the cache),
    while a change of the department's own row does."""
    url = f"sqlite:///{tmp_path / 'two.db'}"
    store = open_store(url)
    try:
        ingest(store)
        inds = {i.name: i for i in store.list_indicators(PLAN)}
        store.assign("indicator", inds["森林覆盖率"].id, OWN, [], user="规划办")
        store.assign("indicator", inds["地区生产总值"].id, "市统计局", [], user="规划办")
        store.open_round(PLAN, YEAR, "2099-12-31", user="规划办")
        [stats_row] = store.round_rows(PLAN, YEAR, department="市统计局")
    finally:
        store.dispose()
    add_accounts(url, ("forestry", "statistics"))
    app = create_app(Settings(database_url=url))
    forestry = TestClient(app, base_url=BASE_URL)
    statistics = TestClient(app, base_url=BASE_URL)
    log_in(forestry, "forestry")
    log_in(statistics, "statistics")
    mine = f"/plans/{PLAN}/rounds/{YEAR}/mine"
    before = forestry.get(mine).text
    r = statistics.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{stats_row.id}",
                        json={"value": "4100", "expected_version": stats_row.row_version})
    assert r.status_code == 200, r.text
    pages = app.state.page_cache
    size = len(pages)
    assert forestry.get(mine).text == before
    assert len(pages) == size  # answered from the cache: nothing rendered
    row = _row(forestry)
    forestry.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}",
                  json={"value": "48.5", "expected_version": row["row_version"]})
    assert "48.5" in forestry.get(mine).text
