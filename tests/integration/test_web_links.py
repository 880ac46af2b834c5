"""Sources and evidence people type become links only when they are http(s) addresses: a
"javascript:" or "data:" source is shown as text on every page that shows it, never as a link."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"
SCRIPT = "javascript:alert(document.cookie)"
DATA = "data:text/html,<script>alert(1)</script>"
WEB = "https://tjj.hengyang.gov.cn/gbxx/2019.html"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with signed_in(demo_settings(accounts=("planner",)), "planner") as c:
        yield c


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_observation_sources_link_only_to_http_addresses(client: TestClient) -> None:
    for year, source in (("2017", SCRIPT), ("2018", DATA), ("2019", WEB)):
        r = client.post(f"/api/plans/{PLAN}/observations",
                        json={"indicator": "森林覆盖率", "year": year, "value": "50", "source": source})
        assert r.status_code == 201, r.text
    for page in (f"/plans/{PLAN}/indicators/森林覆盖率", f"/plans/{PLAN}/entry"):
        html = client.get(page).text
        assert WEB in _hrefs(html), page  # the web address is a link
        assert not [h for h in _hrefs(html) if h.lower().startswith(("javascript:", "data:"))], page
        assert "javascript:alert(document.cookie)" in html  # ...and the others are shown as text
        assert "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_milestone_and_project_evidence_link_only_to_http_addresses(client: TestClient) -> None:
    milestone = next(t for t in client.get(f"/api/plans/{PLAN}/targets").json()["targets"] if t["kind"] == "milestone")
    url = f"/api/plans/{PLAN}/targets/{milestone['id']}/events"
    assert client.post(url, json={"date": "2018-01-02", "evidence": SCRIPT, "source": SCRIPT}).status_code == 201
    assert client.post(url, json={"date": "2018-02-03", "evidence": WEB, "source": WEB}).status_code == 201
    html = client.get(f"/plans/{PLAN}/targets/{milestone['id']}").text
    assert WEB in _hrefs(html) and not [h for h in _hrefs(html) if h.lower().startswith("javascript:")]
    assert html.count(SCRIPT) >= 2  # evidence and source (and the history), as text
    project = client.get(f"/api/plans/{PLAN}/projects").json()["projects"][0]["id"]
    for evidence in (SCRIPT, WEB):
        version = client.get(f"/api/projects/{project}").json()["project"]["row_version"]
        r = client.post(f"/projects/{project}/events", data={"date": "2018-05", "evidence": evidence,
                                                             "version": version}, follow_redirects=False)
        assert r.status_code == 303
    html = client.get(f"/projects/{project}").text
    assert WEB in _hrefs(html) and not [h for h in _hrefs(html) if h.lower().startswith("javascript:")]
    assert SCRIPT in html
