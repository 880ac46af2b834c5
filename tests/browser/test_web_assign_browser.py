"""责任分工 in a real browser: 规划办 filters by chapter, assigns the chapter in bulk with units picked from
the managed list, edits one row, uploads a 分工方案 with a bad row (listed, nothing written), downloads
the 任务分工方案; a department account sees the table without any form."""

from __future__ import annotations

from typing import Any

import pytest
from docx import Document

from tests.browser.conftest import ARTIFACTS, shot

pytestmark = pytest.mark.browser
PLAN = "hengyang-13th"


def _api(page: Any, **params: str) -> dict[str, Any]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    data: dict[str, Any] = page.request.get(f"/api/plans/{PLAN}/responsibilities?{query}").json()
    return data


def test_planner_assigns_a_chapter_edits_a_row_and_downloads(page_as: Any) -> None:
    page = page_as("planner")
    page.goto(f"/plans/{PLAN}/responsibilities", wait_until="networkidle")
    chapter = next(c for c in _api(page)["chapters"] if c["title"].startswith("第十三章"))
    page.select_option("#filters select[name=chapter]", chapter["key"])
    page.click("#filters button[type=submit]")
    page.wait_for_url(f"**chapter={chapter['key']}**", wait_until="networkidle")
    in_chapter = _api(page, chapter=chapter["key"])["items"]
    assert page.locator("#responsibilities tbody tr").count() == len(in_chapter) > 0
    # the units of the managed list are offered while typing (a datalist)
    assert page.locator("datalist#units option[value='耒阳市']").count() == 1
    page.click("#bulk summary")
    page.select_option("#bulk select[name=chapter]", chapter["key"])
    page.fill("#bulk input[name=lead]", "市司法局")
    page.fill("#bulk input[name=co]", "市公安局、耒阳市")
    page.click("#bulk button[type=submit]")
    page.wait_for_url("**saved=*", wait_until="networkidle")
    assert f"已保存（{len(in_chapter)} 项）" in page.locator(".notice").inner_text()
    leads = page.locator("#responsibilities td.lead").all_inner_texts()
    assert leads and set(leads) == {"市司法局"}
    shot(page, "40-responsibilities", full=False)
    # one row edited in place
    first = in_chapter[0]
    row = page.locator(f"#{first['entity']}-{first['entity_id']}")
    row.locator("input[name=lead]").fill("市公安局")
    row.locator("input[name=co]").fill("市司法局")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#{first['entity']}-{first['entity_id']}")
    assert row.locator("td.lead").inner_text() == "市公安局" and row.locator("td.co").inner_text() == "市司法局"
    # a 分工方案 with a bad row: listed, nothing written
    before = _api(page)["items"]
    page.click("#upload summary")
    page.set_input_files("#upload input[type=file]", files=[{
        "name": "分工.csv", "mimeType": "text/csv",
        "buffer": "指标或任务,牵头单位,配合单位\n森林覆盖率,市自然资源局,\n不存在的指标,市林业局,\n".encode()}])
    page.click("#upload button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "第 3 行 A 列（指标或任务）：规划中没有“不存在的指标”" in page.locator("#upload-errors").inner_text()
    assert _api(page)["items"] == before
    with page.expect_download() as info:
        page.click("#division-docx")
    path = ARTIFACTS / "分工方案.docx"
    info.value.save_as(str(path))
    rows = [[c.text for c in r.cells] for r in Document(str(path)).tables[0].rows]
    assert any(r[1] == "森林覆盖率" and r[3] == "市林业局" for r in rows)


def test_a_department_account_reads_without_forms(page_as: Any) -> None:
    page = page_as("forestry")
    page.goto(f"/plans/{PLAN}/responsibilities", wait_until="networkidle")
    assert page.locator("#responsibilities tbody tr").count() > 0
    assert page.locator("form.assign-one").count() == 0 and page.locator("#bulk").count() == 0
