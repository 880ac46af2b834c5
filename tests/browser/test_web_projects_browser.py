"""The project library in a real browser: county map -> project -> the indicator it serves -> back to
the project from the indicator's list; and the map fits a phone's width."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser
PLAN = "/plans/hengyang-13th"


def test_library_map_project_and_indicator_projects(page: Any) -> None:
    page.goto(f"{PLAN}/projects", wait_until="networkidle")
    tile = page.locator("svg.tilemap a").filter(has_text="珠晖")
    tile.click()
    page.wait_for_url("**county=*", wait_until="networkidle")
    assert page.locator("select[name=county]").input_value() == "珠晖区"
    shot(page, "10-projects-by-county")
    page.locator("table.grid a", has_text="珠晖水厂").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == "珠晖水厂"
    page.locator("a", has_text="城市供水普及率").first.click()
    page.wait_for_load_state("networkidle")
    assert "城市供水普及率" in page.locator("h1").inner_text()
    section = page.locator("section#projects")
    rows = section.locator("tbody tr")
    assert rows.count() >= 3
    row = rows.filter(has_text="珠晖水厂")
    assert "珠晖区" in row.inner_text() and "建议" in row.inner_text()
    section.scroll_into_view_if_needed()
    shot(page, "11-indicator-projects", full=True)
    row.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == "珠晖水厂"


def test_county_map_fits_a_phone(page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{PLAN}/projects", wait_until="networkidle")
    box = page.locator("svg.tilemap").bounding_box()
    card = page.locator("svg.tilemap").locator("xpath=..").bounding_box()
    assert box["x"] + box["width"] <= card["x"] + card["width"] + 1
    shot(page, "12-projects-phone")
