"""Real statistics in, in a real browser: a bureau workbook through the mapping step, and a value read from
a 统计公报 accepted with one key."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import serve_demo, shot

pytestmark = pytest.mark.browser
PLAN = "hengyang-13th"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Its own demo database with the test bulletin imported as proposals, served on a free port."""
    from guihua.store.report_actuals import import_report
    from guihua.store.repository import open_store
    from tests.conftest import ROOT

    def proposals(url: str) -> None:
        store = open_store(url)
        try:
            import_report(store, PLAN, ROOT / "tests" / "data" / "reports" / "bulletin_2020.txt", user="录入员")
        finally:
            store.dispose()

    yield from serve_demo(proposals)


def test_accept_a_proposed_value_with_one_key(page_as: Any) -> None:
    page = page_as("planner")  # accepting a proposed value needs approve_data: the planning office
    first = page.request.get(f"/api/plans/{PLAN}/proposals").json()["proposals"][0]
    page.goto(f"/plans/{PLAN}/proposals", wait_until="networkidle")
    assert page.locator("#queue .item.current").get_attribute("data-id") == str(first["id"])
    shot(page, "30-proposals")
    page.keyboard.press("a")
    page.wait_for_url("**done=*", wait_until="networkidle")
    assert "已处理建议" in page.locator(".notice").inner_text()
    accepted = page.request.get(f"/api/plans/{PLAN}/proposals?state=已接受").json()["proposals"]
    assert [p["id"] for p in accepted] == [first["id"]] and accepted[0]["observation_id"]
    assert accepted[0]["reviewed_by"] == "planner"  # the logged-in account, as the audit records it


def test_a_bureau_workbook_through_the_mapping_step(page_as: Any) -> None:
    page = page_as("planner")  # values of any indicator: the planning office
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "主要指标"
    for row in (["某市主要指标"], ["指标", "单位", "2021年"], ["粮食总产量", "万吨", 333.1]):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    page.goto(f"/plans/{PLAN}/entry", wait_until="networkidle")
    page.set_input_files("form.upload input[type=file]", files=[{
        "name": "统计局.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buf.getvalue()}])
    page.click("form.upload button[type=submit]")
    page.wait_for_load_state("networkidle")
    step = page.locator("#mapping-step")
    assert step.count() == 1 and "粮食总产量" in step.inner_text()
    assert step.locator("input[type=radio]:checked").count() == 1
    shot(page, "31-mapping-step", full=True)
    step.locator("button[type=submit]").click()
    page.wait_for_url("**imported=1*", wait_until="networkidle")
    assert "记住别名 1 个" in page.locator(".notice").inner_text()
