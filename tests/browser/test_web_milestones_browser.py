"""A milestone target in a real browser: a bad date refused next to its field, then an event recorded
and listed on the page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser
PLAN = "hengyang-13th"


def test_record_a_milestone_event(page: Any) -> None:
    targets = page.request.get(f"/api/plans/{PLAN}/targets").json()["targets"]
    t = next(t for t in targets if t.get("kind") == "milestone")
    page.goto(f"/plans/{PLAN}/targets/{t['id']}", wait_until="networkidle")
    form = page.locator("section#events form")
    form.locator("input[name=date]").fill("2018年6月")
    form.locator("input[name=evidence]").fill("衡政发〔2018〕12号")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "YYYY-MM-DD" in page.locator("section#events [data-field=date]").inner_text()
    assert page.locator("section#events input[name=evidence]").input_value() == "衡政发〔2018〕12号"
    shot(page, "20-milestone-bad-date")
    page.locator("section#events input[name=date]").fill("2018-06-30")
    page.locator("section#events select[name=outcome]").select_option("部分完成")
    page.locator("section#events button[type=submit]").click()
    page.wait_for_url("**#events", wait_until="networkidle")
    assert "部分完成" in page.locator("section#events ul").inner_text()
    assert "衡政发〔2018〕12号" in page.locator("section#events ul").inner_text()
    page.locator("section#events").scroll_into_view_if_needed()
    shot(page, "21-milestone-recorded", full=True)
