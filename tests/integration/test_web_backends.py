"""The web app over the store on both databases: a SQLite file and PostgreSQL (same pages, same answers)."""

from __future__ import annotations

from collections.abc import Callable

from guihua.store.demo import build_demo_database
from guihua.web.app import Settings
from tests.integration.web_fixture import add_accounts, signed_in

PLAN = "hengyang-13th"


def test_web_over_the_store(new_db: Callable[[], str]) -> None:
    url = new_db()
    build_demo_database(url)
    add_accounts(url, ("planner",))
    with signed_in(Settings(database_url=url), "planner") as c:
        plans = c.get("/api/plans").json()["plans"]
        assert [p["id"] for p in plans] == [PLAN] and plans[0]["status_counts"]["未完成"] >= 1
        for page in ("/", f"/plans/{PLAN}", f"/plans/{PLAN}/read", f"/plans/{PLAN}/indicators",
                     f"/plans/{PLAN}/review", f"/plans/{PLAN}/entry", "/search?q=森林覆盖率"):
            assert c.get(page).status_code == 200, page
        target = next(t for t in c.get(f"/api/plans/{PLAN}/review").json()["targets"] if t["type"] == "target"
                      and t["value"] is not None)
        r = c.post(f"/api/plans/{PLAN}/targets/{target['id']}/review",
                   json={"action": "correct", "value": target["value"] * 2, "who": "测试",
                         "expected_version": target["row_version"]})
        assert r.status_code == 200 and r.json()["review"] == "已修改"
        r = c.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2020", "value": "65"})
        assert r.status_code == 201, r.text
        hits = c.get("/api/search", params={"q": "森林覆盖率"}).json()["results"]
        assert hits[0]["ref"] and "<mark>" in hits[0]["snippet"]
        ind = c.get(f"/api/plans/{PLAN}/indicators/{hits[0]['ref']}")
        assert ind.status_code == 200 and any(o["value"] == "65" for o in ind.json()["observations"])
        assert c.get(f"/plans/{PLAN}/reports/final.xlsx").content[:2] == b"PK"


def test_recorded_milestone_event_reaches_the_web(new_db: Callable[[], str]) -> None:
    """A milestone done (with evidence) is judged from its event on the web, not left 无数据."""
    from guihua.store.repository import open_store

    url = new_db()
    build_demo_database(url)
    store = open_store(url)
    try:
        milestone = next(s for s in store.list_statements(PLAN) if s.kind == "milestone" and s.year == 2018)
        store.add_milestone_event(milestone.id, date="2018-06-30", evidence="省政府批复文件", user="测试")
    finally:
        store.dispose()
    with signed_in(Settings(database_url=url, public_read=True), None) as c:  # open-data mode: no login
        targets = c.get(f"/api/plans/{PLAN}/targets").json()["targets"]
        [row] = [t for t in targets if t["id"] == str(milestone.id)]
        assert row["status"] == "已完成", row
