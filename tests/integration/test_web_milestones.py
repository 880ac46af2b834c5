"""Milestone events on the target page and its JSON twin: recorded through the store (audited),
bad values refused by the field (never a 500), the target's status following the new event.
Project links confirmed or removed from the indicator page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with signed_in(demo_settings(), "admin") as c:
        yield c


def _targets(client: TestClient, kind: str) -> list[dict[str, Any]]:
    return [t for t in client.get(f"/api/plans/{PLAN}/targets").json()["targets"] if t.get("kind") == kind]


def test_form_refuses_bad_values_by_the_field_then_records_and_updates_status(client: TestClient) -> None:
    t = _targets(client, "milestone")[0]
    url = f"/plans/{PLAN}/targets/{t['id']}"
    page = client.get(url)
    assert page.status_code == 200 and 'id="events"' in page.text and "尚无节点事件记录" in page.text
    bad = client.post(url + "/events", data={"date": "2018年6月", "outcome": "完成", "evidence": "市政府公告"},
                      follow_redirects=False)
    assert bad.status_code == 422 and re.search(r'data-field="date">[^<]*YYYY-MM-DD', bad.text)
    assert 'value="市政府公告"' in bad.text  # what was typed is kept
    empty = client.post(url + "/events", data={"date": "2018-06-30", "outcome": "完成", "evidence": " "},
                        follow_redirects=False)
    assert empty.status_code == 422 and 'data-field="evidence"' in empty.text
    odd = client.post(url + "/events", data={"date": "2018-06-30", "outcome": "大概吧", "evidence": "x"},
                      follow_redirects=False)
    assert odd.status_code == 422 and 'data-field="outcome"' in odd.text
    before = client.get(f"/api/plans/{PLAN}/targets/{t['id']}").json()
    assert before["events"] == []
    ok = client.post(url + "/events", data={"date": "2018-06-30", "outcome": "完成", "evidence": "衡政发〔2018〕1号",
                                            "source": "市政府网站", "who": "张三"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].endswith("#events")
    after = client.get(f"/api/plans/{PLAN}/targets/{t['id']}").json()
    assert [(e["date"], e["outcome"], e["by"]) for e in after["events"]] == [("2018-06-30", "完成", "admin")]
    assert after["target"]["status"] != before["target"]["status"]
    assert "衡政发〔2018〕1号" in client.get(url).text


def test_api_records_event_and_refuses_bad_ones_with_422(client: TestClient) -> None:
    t = _targets(client, "milestone")[1]
    api = f"/api/plans/{PLAN}/targets/{t['id']}/events"
    bad = client.post(api, json={"date": "2019-13-40", "evidence": "文件"})
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "date"
    ok = client.post(api, json={"date": "2019-05-01", "outcome": "部分完成", "evidence": "验收报告", "who": "李四"})
    assert ok.status_code == 201
    assert ok.json()["events"][-1]["outcome"] == "部分完成"
    assert client.post(f"/api/plans/{PLAN}/targets/999999/events",
                       json={"date": "2019-05-01", "evidence": "x"}).status_code == 404


def test_events_only_on_milestone_targets(client: TestClient) -> None:
    t = _targets(client, "level")[0]
    assert client.get(f"/api/plans/{PLAN}/targets/{t['id']}").json()["events"] is None
    assert 'id="events"' not in client.get(f"/plans/{PLAN}/targets/{t['id']}").text
    r = client.post(f"/api/plans/{PLAN}/targets/{t['id']}/events", json={"date": "2019-05-01", "evidence": "x"})
    assert r.status_code == 422


def _indicator_with_projects(client: TestClient) -> tuple[str, list[dict[str, Any]]]:
    for card in client.get(f"/api/plans/{PLAN}/indicators").json()["indicators"]:
        key = card["key"]
        projects = client.get(f"/api/plans/{PLAN}/indicators/{key}").json().get("projects") or []
        if len(projects) >= 2:
            return key, projects
    raise AssertionError("the demo links projects to indicators")


def test_indicator_page_confirms_and_removes_project_links(client: TestClient) -> None:
    key, projects = _indicator_with_projects(client)
    page = f"/plans/{PLAN}/indicators/{key}"
    html = client.get(page).text
    first, second = projects[0], projects[1]
    assert f'action="/projects/{first["id"]}/links/{first["link_id"]}"' in html
    assert f'name="version" value="{first["link_version"]}"' in html
    r = client.post(f"/projects/{first['id']}/links/{first['link_id']}",
                    data={"action": "confirm", "who": "王五", "next": page + "#projects", "version": first["link_version"]},
                    follow_redirects=False)
    assert r.status_code == 303 and unquote(r.headers["location"]) == page + "#projects"
    r = client.post(f"/projects/{second['id']}/links/{second['link_id']}",
                    data={"action": "remove", "next": "//evil.example/", "version": second["link_version"]},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/projects/{second['id']}")
    after = {p["link_id"]: p["link_status"] for p in client.get(f"/api/plans/{PLAN}/indicators/{key}").json()["projects"]}
    assert after[first["link_id"]] == "已确认" and second["link_id"] not in after
