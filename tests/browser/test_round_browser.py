"""A whole data round in a real browser: 规划办 opens the round of 2020 -> 市林业局 (demo account
"forestry") fills and submits its row, and can neither see nor change another department's rows ->
规划办 returns the row with a comment -> the department fixes it and submits again -> 规划办 approves
-> the indicator dashboard shows the new value. The 预警 list follows the round: the deadline (2021-03-31) has
passed, so a department's row still 未填报 / 填报中 / 已退回 is a grey 数据逾期 warning naming it
(guihua.monitoring.warnings.rule_data_overdue); a submitted or approved row is not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import serve_demo, shot

pytestmark = pytest.mark.browser
PLAN = "hengyang-13th"
P = f"/plans/{PLAN}"
YEAR = 2020


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve_demo()  # a server of its own: the round changes the demo's values


def _row(page: Any, name: str) -> Any:
    return page.locator("#todo tr", has_text=name)


def _overdue(page: Any, unit: str) -> list[str]:
    """The grey 数据逾期 warnings of 2020 the 预警 page lists for `unit` (the indicators they name)."""
    page.goto(f"{P}/warnings?year={YEAR}&level=grey&unit={unit}", wait_until="networkidle")
    rows = page.locator("#warnings tbody tr[data-kind=data_overdue]")
    return [rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())]


def test_a_whole_round(page_as: Any) -> None:
    planner = page_as("planner")
    planner.goto(f"{P}/rounds", wait_until="networkidle")
    planner.fill("#open-form input[name=year]", str(YEAR))
    planner.fill("#open-form input[name=deadline]", "2021-03-31")
    planner.click("#open-form button[type=submit]")
    planner.wait_for_url(f"**{P}/rounds/{YEAR}", wait_until="networkidle")
    departments = planner.locator("#departments").inner_text()
    assert "市林业局" in departments and "市发改委" in departments
    shot(planner, "60-round-opened")
    assert "森林覆盖率" in _overdue(planner, "市林业局")  # owed after the deadline: grey
    assert _overdue(planner, "市发改委")  # every department that owes rows

    forestry = page_as("forestry")
    forestry.goto(f"{P}/rounds/{YEAR}", wait_until="networkidle")
    assert forestry.url.endswith(f"{P}/rounds/{YEAR}/mine")  # its own list, not every department's
    todo = forestry.locator("#todo").inner_text()
    assert "森林覆盖率" in todo and "地区生产总值" not in todo and "城镇化率" not in todo
    assert "2015：" in _row(forestry, "森林覆盖率").locator("td.history").inner_text()  # earlier years shown
    # another department's row: not to be read, not to be changed
    other = planner.request.get(f"/api{P}/rounds/{YEAR}").json()
    other_row = next(r for r in other["rows"] if r["department"] == "市发改委")
    assert forestry.request.get(f"/api{P}/rounds/{YEAR}/rows/{other_row['id']}").status == 404
    token = forestry.request.get("/api/me").json()["csrf_token"]
    changed = forestry.request.post(f"/api{P}/rounds/{YEAR}/rows/{other_row['id']}",
                                    data={"value": "1", "expected_version": other_row["row_version"]},
                                    headers={"X-CSRF-Token": token})
    assert changed.status == 403
    # fill and submit
    row = _row(forestry, "森林覆盖率")
    row.locator("input[name=value]").fill("50.1")
    row.locator("input[name=note]").fill("林业统计年报")
    row.locator("button[type=submit]").click()
    forestry.wait_for_load_state("networkidle")
    assert _row(forestry, "森林覆盖率").locator("td.state").inner_text().startswith("填报中")
    forestry.click("#submit-form button[type=submit]")
    forestry.wait_for_load_state("networkidle")
    assert "已提交" in forestry.locator("#saved").inner_text()
    assert _row(forestry, "森林覆盖率").locator("td.state").inner_text().startswith("已提交")
    shot(forestry, "61-round-submitted")
    assert "森林覆盖率" not in _overdue(planner, "市林业局")  # submitted: no longer owed
    assert _overdue(planner, "市发改委")  # the others still owe theirs

    # 规划办 returns it with a comment
    planner.goto(f"{P}/rounds/{YEAR}", wait_until="networkidle")
    line = planner.locator("#rows tr", has_text="森林覆盖率")
    assert "50.1" in line.locator("td.value").inner_text()
    line.locator("form.return input[name=comment]").fill("与林业年报不一致，请核对")
    line.locator("form.return button").click()
    planner.wait_for_load_state("networkidle")
    assert planner.locator("#rows tr", has_text="森林覆盖率").get_attribute("data-state") == "已退回"
    assert "森林覆盖率" in _overdue(planner, "市林业局")  # returned after the deadline: owed again

    # the department sees the comment, fixes the value, submits again
    forestry.goto(f"{P}/rounds/{YEAR}/mine", wait_until="networkidle")
    row = _row(forestry, "森林覆盖率")
    assert "与林业年报不一致，请核对" in row.locator(".comment").inner_text()
    row.locator("input[name=value]").fill("50.3")
    row.locator("button[type=submit]").click()
    forestry.wait_for_load_state("networkidle")
    forestry.click("#submit-form button[type=submit]")
    forestry.wait_for_load_state("networkidle")
    assert _row(forestry, "森林覆盖率").get_attribute("data-state") == "已提交"

    # pending on the dashboard until approved
    planner.goto(f"{P}/indicators?year={YEAR}", wait_until="networkidle")
    assert "森林覆盖率 2020 年：50.3" in planner.locator("#pending").inner_text()
    assert "50.3" not in planner.locator("article.ind", has_text="森林覆盖率").first.inner_text()  # not evaluated
    planner.goto(f"{P}/rounds/{YEAR}", wait_until="networkidle")
    planner.locator("#rows tr", has_text="森林覆盖率").locator("form.approve button").click()
    planner.wait_for_load_state("networkidle")
    assert planner.locator("#rows tr", has_text="森林覆盖率").get_attribute("data-state") == "已审定"
    shot(planner, "62-round-approved", full=True)
    assert "森林覆盖率" not in _overdue(planner, "市林业局")

    # the dashboard evaluates the approved value
    planner.goto(f"{P}/indicators?year={YEAR}", wait_until="networkidle")
    card = planner.locator("article.ind", has_text="森林覆盖率").first
    assert "50.3" in card.inner_text()
    pending = planner.locator("#pending")
    assert pending.count() == 0 or "森林覆盖率 2020 年" not in pending.inner_text()
    shot(planner, "63-dashboard-after-round")
