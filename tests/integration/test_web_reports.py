"""The web's report page: choose kind and year, preview the HTML in the page, then download."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = demo_settings(accounts=("viewer",))
    with signed_in(settings, "viewer") as c:  # reading reports: any account
        yield c


def test_the_page_offers_kinds_and_years_and_previews_the_choice(client: TestClient) -> None:
    page = client.get(f"/plans/{PLAN}/reports", params={"kind": "midterm", "year": 2018})
    assert page.status_code == 200
    html = page.text
    for label in ("年度监测报告", "中期评估报告", "终期评估报告"):
        assert label in html
    assert '<option value="2018" selected>' in html and '<option value="midterm" selected>' in html
    assert f'src="/plans/{PLAN}/reports/preview?kind=midterm&amp;year=2018"' in html
    data = client.get(f"/api/plans/{PLAN}/reports", params={"kind": "midterm", "year": 2018}).json()
    assert data["kind"] == "midterm" and data["year"] == 2018 and data["years"] == [2016, 2017, 2018, 2019, 2020]
    assert [f["url"] for f in data["files"]] == [f"/plans/{PLAN}/reports/midterm.{x}?year=2018"
                                                for x in ("html", "docx", "xlsx")]


def test_the_preview_is_the_report_shown_inline(client: TestClient) -> None:
    r = client.get(f"/plans/{PLAN}/reports/preview", params={"kind": "annual", "year": 2017})
    assert r.status_code == 200 and "attachment" not in r.headers.get("content-disposition", "")
    assert "年度监测报告" in r.text and "一、总体评价" in r.text and "下一年度工作建议（建议稿）" in r.text
    download = client.get(f"/plans/{PLAN}/reports/annual.html", params={"year": 2017})
    assert "attachment" in download.headers["content-disposition"]
    # the download is the same report as the preview (the date line aside)
    assert download.text.split("<footer>")[0] == r.text.split("<footer>")[0]


def test_a_year_outside_the_plan_is_refused(client: TestClient) -> None:
    r = client.get(f"/plans/{PLAN}/reports/preview", params={"kind": "final", "year": 1990})
    assert r.status_code == 422 and "1990" in r.text
