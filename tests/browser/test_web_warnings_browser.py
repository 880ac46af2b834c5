"""目标责任制 in a real browser: the 预警 list filtered by level, a 规划办 edit of one annual target (and the
409 of a stale one), the annual monitoring of a year and the scorecard download."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import serve_demo, shot

pytestmark = pytest.mark.browser
PLAN = "hengyang-13th"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Its own demo database, with 地区生产总值 led by 市发改委."""
    from guihua.store.repository import open_store

    def assign(url: str) -> None:
        store = open_store(url)
        try:
            gdp = store.find_indicator(PLAN, "地区生产总值")
            assert gdp is not None
            store.assign("indicator", gdp.id, "市发改委", [], user="测试")
        finally:
            store.dispose()

    yield from serve_demo(assign)


def test_warnings_list_filtered_by_level(page_as: Any) -> None:
    page = page_as("viewer")
    page.goto(f"/plans/{PLAN}/warnings?year=2020", wait_until="networkidle")
    rows = page.locator("#warnings tbody tr[data-level]")
    assert rows.count() > 0
    assert "市发改委" in page.locator("#warnings").inner_text()
    page.select_option("select[name=level]", "grey")
    page.wait_for_url("**level=grey**", wait_until="networkidle")
    assert page.locator("#warnings tbody tr[data-level]").count() == 0
    page.select_option("select[name=level]", "yellow")
    page.wait_for_url("**level=yellow**", wait_until="networkidle")
    levels = {page.locator("#warnings tbody tr[data-level]").nth(i).get_attribute("data-level")
              for i in range(page.locator("#warnings tbody tr[data-level]").count())}
    assert levels == {"yellow"}
    shot(page, "60-warnings")


def test_planner_sets_one_annual_target_and_a_stale_form_is_refused(page_as: Any) -> None:
    page = page_as("planner")
    table = page.request.get(f"/api/plans/{PLAN}/annual-targets").json()
    row = next(t for t in table["targets"] if t["indicator"] == "地区生产总值" and t["kind"] == "level")
    cell = next(c for c in row["cells"] if c and c["year"] == 2019)
    page.goto(f"/plans/{PLAN}/annual-targets", wait_until="networkidle")
    stale = page.context.new_page()  # a second tab that read the same version
    stale.goto(f"/plans/{PLAN}/annual-targets", wait_until="networkidle")
    form = page.locator(f"#a-{cell['id']} form")
    form.locator("input[name=value]").fill("3600")
    form.locator("button").click()
    page.wait_for_url("**saved=*", wait_until="networkidle")
    assert "已保存年度目标" in page.locator(".notice").inner_text()
    assert "设定" in page.locator(f"#a-{cell['id']}").inner_text()
    other = stale.locator(f"#a-{cell['id']} form")
    other.locator("input[name=value]").fill("3700")
    other.locator("button").click()
    stale.wait_for_load_state("networkidle")
    assert "未保存" in stale.locator("#error").inner_text()
    got = page.request.get(f"/api/plans/{PLAN}/annual-targets").json()
    row = next(t for t in got["targets"] if t["target_id"] == row["target_id"])
    assert next(c for c in row["cells"] if c and c["year"] == 2019)["value"] == 3600
    shot(page, "61-annual-targets")
    stale.close()


def test_annual_monitoring_and_scorecard(page_as: Any) -> None:
    page = page_as("viewer")
    page.goto(f"/plans/{PLAN}/annual?year=2019", wait_until="networkidle")
    assert "2019 年增速 8%，年度目标 9%" in page.locator("#annual").inner_text()
    page.goto(f"/plans/{PLAN}/scorecard?year=2020", wait_until="networkidle")
    assert "市发改委" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.click("#xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    shot(page, "62-scorecard")
