"""Two people on the same review queue in a real browser: the second to act on a target someone
changed meanwhile sees 409 and the target as it is now, and can act again from there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import serve_demo, shot

pytestmark = pytest.mark.browser
PLAN = "hengyang-13th"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Its own demo database: the reviews here change the queue."""
    yield from serve_demo()


def test_a_stale_review_page_shows_the_conflict_and_the_current_target(page_as: Any) -> None:
    planner, admin = page_as("planner"), page_as("admin")
    planner.goto(f"/plans/{PLAN}/review", wait_until="networkidle")
    admin.goto(f"/plans/{PLAN}/review", wait_until="networkidle")
    tid = planner.locator("#queue .item.current").get_attribute("data-id")
    assert admin.locator("#queue .item.current").get_attribute("data-id") == tid
    admin.keyboard.press("r")  # the administrator rejects it first
    admin.wait_for_url("**done=*", wait_until="networkidle")
    with planner.expect_response(lambda r: r.request.method == "POST" and f"/review/{tid}" in r.url) as answer:
        planner.keyboard.press("c")  # the planner's page still shows it as 待审核
    assert answer.value.status == 409
    planner.wait_for_load_state("networkidle")
    card = planner.locator("#conflict")
    text = card.inner_text()
    assert "修改冲突" in text and "已被他人修改" in text and "已驳回" in text  # the target as it is now
    shot(planner, "40-review-conflict", full=True)
    now = planner.request.get(f"/api/plans/{PLAN}/targets/{tid}").json()["target"]
    assert now["review"] == "已驳回" and card.locator("input[name=version]").get_attribute("value") == str(
        now["row_version"])  # the form in the card carries the current version
    # acting again from the current state goes through
    card.locator("button[value=confirm]").click()
    planner.wait_for_url("**done=*", wait_until="networkidle")
    assert planner.request.get(f"/api/plans/{PLAN}/targets/{tid}").json()["target"]["review"] == "已确认"
