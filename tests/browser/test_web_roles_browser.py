"""Each demo account logs in through the form in a real browser and finds what its role lets it see and do:
管理员 manages accounts, 规划办 reviews, 部门填报 (市林业局) enters values for its own indicators only,
只读 reads and changes nothing; logging out closes the pages again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import forget_login, log_in_form, shot

pytestmark = pytest.mark.browser
PLAN = "/plans/hengyang-13th"


def test_anonymous_visitor_is_sent_to_login_and_back(anonymous_page: Any, accounts: dict[str, str]) -> None:
    page = anonymous_page
    page.goto(f"{PLAN}/indicators", wait_until="networkidle")
    assert page.url.split("?")[0].endswith("/login") and page.locator("h1").inner_text() == "登录"
    log_in_form(page, "viewer", "wrong-password")
    assert "账户名或密码不正确" in page.locator("#login-error").inner_text()
    shot(page, "30-login-refused")
    log_in_form(page, "viewer", accounts["viewer"])
    assert page.url.endswith(f"{PLAN}/indicators")  # back where the visitor wanted to go
    assert page.locator("article.ind").count() > 10


def test_viewer_reads_everything_and_changes_nothing(page_as: Any) -> None:
    page = page_as("viewer")
    page.goto(f"{PLAN}/review", wait_until="networkidle")
    assert page.locator("#queue .item").count() > 0 and page.locator("#queue form").count() == 0
    assert "只有规划办与管理员可以审核" in page.locator("#readonly").inner_text()
    page.keyboard.press("c")  # the review keys do nothing without the forms
    page.wait_for_timeout(300)
    assert "done=" not in page.url
    page.goto(f"{PLAN}/entry", wait_until="networkidle")
    assert page.locator("form.entry").count() == 0 and "只能浏览" in page.locator("#readonly").inner_text()
    page.goto(f"{PLAN}/indicators/森林覆盖率", wait_until="networkidle")
    assert page.locator("details.edit").count() == 0 and page.locator("form.linkdecide").count() == 0
    assert page.locator("header.top .who a[href='/admin/users']").count() == 0
    shot(page, "31-viewer-indicator", full=True)
    page.goto("/admin/users", wait_until="networkidle")
    assert "无权" in page.locator("main").inner_text()
    # logging out: the pages close again
    page.goto(f"{PLAN}", wait_until="networkidle")
    page.click("header.top form.logout button")
    page.wait_for_url("**/login", wait_until="networkidle")
    forget_login("viewer")  # that session is over: a later page_as("viewer") logs in again
    page.goto(f"{PLAN}/review", wait_until="networkidle")
    assert "/login" in page.url


def test_department_enters_values_only_for_its_own_indicators(page_as: Any) -> None:
    page = page_as("forestry")
    page.goto(f"{PLAN}/entry", wait_until="networkidle")
    assert "市林业局" in page.locator("form.entry").locator("xpath=..").inner_text()
    page.fill("input[name=indicator]", "地区生产总值")  # not 市林业局's
    page.fill("input[name=year]", "2019")
    page.fill("input[name=value]", "3300")
    page.click("form.entry button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "不是本部门负责的指标" in page.locator("#err-indicator").inner_text()
    shot(page, "32-department-refused")
    page.fill("input[name=indicator]", "森林覆盖率")
    page.fill("input[name=value]", "66.1")
    page.fill("input[name=source]", "市林业局年报")
    page.click("form.entry button[type=submit]")
    page.wait_for_url("**saved=*")
    row = page.locator("table.grid tr", has_text="市林业局年报")
    assert "66.1" in row.inner_text() and "forestry" in row.inner_text()  # entered by the account
    page.goto(f"{PLAN}/review", wait_until="networkidle")
    assert page.locator("#queue form").count() == 0
    page.goto(f"{PLAN}/indicators/森林覆盖率", wait_until="networkidle")
    assert page.locator("details.edit").count() == 0
    shot(page, "33-department-saved", full=True)


def test_planner_reviews_with_one_key(page_as: Any) -> None:
    page = page_as("planner")
    page.goto(f"{PLAN}/review", wait_until="networkidle")
    first = page.locator("#queue .item").first.get_attribute("data-id")
    page.keyboard.press("r")
    page.wait_for_url("**done=*")
    page.goto(f"{PLAN}/targets/{first}", wait_until="networkidle")
    history = page.locator("section.card", has_text="修改历史").inner_text()
    assert "planner" in history and "已驳回" in history
    page.goto(f"{PLAN}/indicators/森林覆盖率", wait_until="networkidle")
    assert page.locator("details.edit").count() == 1
    assert page.locator("header.top .who a[href='/admin/users']").count() == 0


def test_admin_adds_an_account_that_can_then_log_in(page: Any, anonymous_page: Any) -> None:
    page.goto("/admin/users", wait_until="networkidle")
    assert {"admin", "planner", "forestry", "viewer"} <= set(page.locator("#users tbody td:first-child").all_inner_texts())
    page.fill("form[action='/admin/users'] input[name=name]", "统计局填报员")
    page.select_option("form[action='/admin/users'] select[name=role]", "department")
    page.fill("form[action='/admin/users'] input[name=department]", "市统计局")
    page.fill("form[action='/admin/users'] input[name=password]", "tongji-2020-pass")
    page.click("form[action='/admin/users'] button[type=submit]")
    page.wait_for_url("**saved=1", wait_until="networkidle")
    assert "统计局填报员" in page.locator("#users").inner_text()
    shot(page, "34-admin-users", full=True)
    other = anonymous_page
    other.goto("/login", wait_until="networkidle")
    log_in_form(other, "统计局填报员", "tongji-2020-pass")
    other.goto("/account", wait_until="networkidle")
    assert other.locator("#account-role").inner_text() == "部门填报" and "市统计局" in other.locator("main").inner_text()
