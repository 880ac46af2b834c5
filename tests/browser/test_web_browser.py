"""The acceptance walk in a real browser: dashboard -> filter -> indicator -> review -> data entry ->
search -> report download, with every request watched (none may leave 127.0.0.1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, shot

pytestmark = pytest.mark.browser
PLAN = "/plans/hengyang-13th"


def test_dashboard_filter_and_indicator(page: Any) -> None:
    page.goto(f"{PLAN}/indicators", wait_until="networkidle")
    assert page.locator("article.ind").count() > 10
    page.select_option("select[name=status]", "未完成")
    page.wait_for_url("**status=*", wait_until="networkidle")
    cards = page.locator("article.ind")
    assert cards.count() >= 1
    for i in range(cards.count()):
        assert "未完成" in cards.nth(i).locator("header .badge").inner_text()
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0 && "
                           "Chart.getChart(document.querySelector('canvas[data-chart]'))")
    shot(page, "01-dashboard-filtered", full=True)
    first = cards.nth(0).locator("h2 a")
    name = first.inner_text()
    first.click()
    page.wait_for_load_state("networkidle")
    assert name in page.locator("h1").inner_text()
    assert page.locator("text=实际值与来源").count() == 1
    shot(page, "02-indicator", full=True)


def test_review_correct_by_keyboard(page: Any) -> None:
    page.goto(f"{PLAN}/review", wait_until="networkidle")
    first = page.locator("#queue .item").first
    target_id = first.get_attribute("data-id")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("e")
    field = first.locator("input[name=value]")
    assert field.evaluate("el => el === document.activeElement")
    field.fill("12345")
    field.press("Enter")
    page.wait_for_url("**done=*")
    assert page.locator(f"#r-{target_id}").count() == 0  # left the 待审核 queue
    page.goto(f"{PLAN}/review?state=已修改", wait_until="networkidle")
    item = page.locator(f"#r-{target_id}")
    assert item.count() == 1
    assert "12345" in item.inner_text()
    shot(page, "03-review-corrected", full=False)
    page.goto(f"{PLAN}/targets/{target_id}", wait_until="networkidle")
    assert "admin" in page.locator("section.card", has_text="修改历史").inner_text()  # audited: the logged-in account
    # one keystroke confirms the next item
    page.goto(f"{PLAN}/review", wait_until="networkidle")
    nxt = page.locator("#queue .item").first.get_attribute("data-id")
    page.keyboard.press("c")
    page.wait_for_url("**done=*")
    page.goto(f"{PLAN}/review?state=已确认", wait_until="networkidle")
    assert page.locator(f"#r-{nxt}").count() == 1


def test_data_entry_refuses_bad_and_saves_good(page: Any) -> None:
    page.goto(f"{PLAN}/entry", wait_until="networkidle")
    page.fill("input[name=indicator]", "森林覆盖率")
    page.fill("input[name=year]", "2020")
    page.fill("input[name=value]", "六十五")
    page.click("form.entry button[type=submit]")
    page.wait_for_load_state("networkidle")
    err = page.locator("#err-value")
    assert err.count() == 1 and "不是数字" in err.inner_text()
    assert page.locator("input[name=indicator]").input_value() == "森林覆盖率"  # the form keeps what was typed
    shot(page, "04-entry-refused")
    page.fill("input[name=value]", "65.2")
    page.fill("input[name=source]", "衡阳市2020年统计公报")
    page.click("form.entry button[type=submit]")
    page.wait_for_url("**saved=*")
    assert "已保存" in page.locator(".notice").inner_text()
    assert "65.2" in page.locator("table.grid").inner_text()
    shot(page, "05-entry-saved")


def test_search_forest_cover(page: Any) -> None:
    page.goto("/", wait_until="networkidle")
    page.fill("form.search input[name=q]", "森林覆盖率")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?*", wait_until="networkidle")
    results = page.locator("ol.results li")
    assert results.count() >= 2
    assert page.locator("ol.results mark", has_text="森林覆盖率").count() >= 2
    shot(page, "06-search")
    results.first.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert "森林覆盖率" in page.locator("h1").inner_text()


def test_download_final_report(page: Any) -> None:
    page.goto(f"{PLAN}/reports", wait_until="networkidle")
    # choose the kind and year, preview the HTML in the page, then download
    page.select_option("#report-kind", "midterm")
    page.select_option("#report-year", "2018")
    page.get_by_role("button", name="预览").click()
    page.wait_for_url("**/reports?kind=midterm&year=2018", wait_until="networkidle")
    preview = page.frame_locator("iframe.report-preview")
    assert "中期评估报告" in preview.locator("h1").inner_text()
    assert preview.locator("h2", has_text="一、总体评价").count() == 1
    # the report's one script runs in the preview: rows without data can be hidden
    no_data = preview.locator('table[data-table="main"] tr[data-status="无数据"]')
    assert no_data.count() > 0 and no_data.first.is_visible()  # the demo has indicators without data in 2018
    preview.locator("#hide-no-data").check()
    assert not no_data.first.is_visible()
    preview.locator("#hide-no-data").uncheck()
    shot(page, "07-reports")
    page.select_option("#report-kind", "final")
    page.select_option("#report-year", "2020")
    page.get_by_role("button", name="预览").click()
    page.wait_for_url("**/reports?kind=final&year=2020", wait_until="networkidle")
    for fmt, magic in (("DOCX", b"PK"), ("XLSX", b"PK"), ("HTML", b"<!")):
        with page.expect_download() as info:
            page.locator("form.report-choice").get_by_text(f"下载 {fmt}").click()
        download = info.value
        path = ARTIFACTS / download.suggested_filename
        download.save_as(str(path))
        head = path.read_bytes()[:16]
        assert head.lstrip().startswith(magic), (fmt, head)
        assert "final" in download.suggested_filename


def test_reader_hover_and_click(page: Any) -> None:
    page.goto(f"{PLAN}/read", wait_until="networkidle")
    mark = page.locator("mark.t.target").first
    mark.scroll_into_view_if_needed()
    mark.hover()
    tip = page.locator("#tip")
    assert tip.is_visible() and "目标" in tip.inner_text()
    shot(page, "08-reader-hover")
    target_id = mark.get_attribute("data-id")
    mark.click()
    page.wait_for_url(f"**/targets/{target_id}#span", wait_until="networkidle")
    assert page.locator("mark#span").inner_text().strip()
    shot(page, "09-target-source")


@pytest.mark.parametrize("path", ["/", PLAN, f"{PLAN}/read", f"{PLAN}/indicators", f"{PLAN}/targets",
                                  f"{PLAN}/review", f"{PLAN}/entry", "/search?q=森林", f"{PLAN}/reports",
                                  "/api/docs", f"{PLAN}/indicators/地区生产总值", "/plans/不存在"])
def test_every_page_renders_offline(page: Any, path: str) -> None:
    """Outside hosts do not resolve and are refused: each page still renders completely."""
    page.set_viewport_size({"width": 1920, "height": 1080})  # projector size
    page.goto(path, wait_until="networkidle")
    if path == "/api/docs":
        page.wait_for_selector(".swagger-ui .info .title")
        assert page.locator(".opblock").count() >= 5
    else:
        assert page.locator("header.top").is_visible()
        css_ok = page.evaluate("getComputedStyle(document.querySelector('header.top')).position === 'sticky'")
        assert css_ok, "样式表未加载"
    if path.endswith("/indicators") or "indicators/" in path:
        page.wait_for_function("[...document.querySelectorAll('canvas[data-chart]')].slice(0,1)"
                               ".every(c => Chart.getChart(c))")
    name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or "home"
    shot(page, f"offline-{name}")
    assert page.watcher.seen and all("127.0.0.1" in u for u in page.watcher.seen)
