"""The 责任分工 page and /api: table with filters, bulk and single edits (409 when stale), the 分工方案
upload (bad rows listed, nothing written), DOCX/XLSX download; the 牵头单位 on the indicator page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from guihua.store.demo import PLAN_ID
from guihua.store.repository import open_store
from guihua.web.app import Settings
from tests.integration.web_fixture import demo_settings, signed_in

PLAN = PLAN_ID


@pytest.fixture(scope="module")
def settings() -> Settings:
    return demo_settings(accounts=("planner", "forestry", "viewer"))


@pytest.fixture
def planner(settings: Settings) -> Iterator[TestClient]:
    with signed_in(settings, "planner") as c:
        yield c


def _units(settings: Settings) -> dict[tuple[str, int], tuple[str | None, tuple[str, ...]]]:
    store = open_store(settings.database_url)
    try:
        return {k: (r.lead, r.co) for k, r in store.responsibilities(PLAN).items()}
    finally:
        store.dispose()


def _indicator_id(settings: Settings, name: str) -> int:
    store = open_store(settings.database_url)
    try:
        ind = store.find_indicator(PLAN, name)
        assert ind is not None
        return ind.id
    finally:
        store.dispose()


def _item(data: dict[str, Any], entity: str, entity_id: int) -> dict[str, Any]:
    return next(i for i in data["items"] if (i["entity"], i["entity_id"]) == (entity, entity_id))


def test_table_filters_and_page(planner: TestClient, settings: Settings) -> None:
    data = planner.get(f"/api/plans/{PLAN}/responsibilities").json()
    gdp = _indicator_id(settings, "地区生产总值")
    assert _item(data, "indicator", gdp)["lead"] == "市发改委"  # the demo's assignment
    assert data["total"] == len(data["items"])
    assert {"name": "耒阳市", "kind": "县市区"} in data["units"]
    ch11 = next(c for c in data["chapters"] if c["title"].startswith("第十一章"))
    only = planner.get(f"/api/plans/{PLAN}/responsibilities", params={"chapter": ch11["key"]}).json()
    assert 0 < only["count"] < data["count"] and all(i["chapter"].startswith("第十一章") for i in only["items"])
    forest = _indicator_id(settings, "森林覆盖率")
    domain = _item(data, "indicator", forest)["domain"]
    by_domain = planner.get(f"/api/plans/{PLAN}/responsibilities", params={"domain": domain,
                                                                           "entity": "indicator"}).json()
    assert by_domain["count"] >= 1 and {i["domain"] for i in by_domain["items"]} == {domain}
    page = planner.get(f"/plans/{PLAN}/responsibilities")
    assert page.status_code == 200 and "批量分工" in page.text and '<datalist id="units">' in page.text
    assert planner.get("/api/plans/nope/responsibilities").status_code == 404
    # the filter form sends every field, the empty ones too
    assert planner.get(f"/plans/{PLAN}/responsibilities?chapter=&domain=&entity=").status_code == 200


def test_single_edit_and_stale_edit(planner: TestClient, settings: Settings) -> None:
    ind = _indicator_id(settings, "一般公共预算收入")
    url = f"/api/plans/{PLAN}/responsibilities/indicator/{ind}"
    r = planner.put(url, json={"lead": "市财政局", "co": ["市税务局", "市发改委"], "expected_lead": "市财政局",
                               "expected_co": ["市税务局"]})
    assert r.status_code == 200, r.text
    assert (r.json()["lead"], r.json()["co"]) == ("市财政局", ["市税务局", "市发改委"])
    stale = planner.put(url, json={"lead": "市统计局", "co": [], "expected_lead": "市财政局", "expected_co": ["市税务局"]})
    assert stale.status_code == 409
    assert stale.json()["current"]["co"] == ["市税务局", "市发改委"]
    assert _units(settings)[("indicator", ind)] == ("市财政局", ("市税务局", "市发改委"))
    # the page form: a stale form answers 409 with the current units
    form = {"lead": "市统计局", "co": "", "expected_lead": "市财政局", "expected_co": "市税务局"}
    r = planner.post(f"/plans/{PLAN}/responsibilities/indicator/{ind}", data=form, follow_redirects=False)
    assert r.status_code == 409 and 'id="conflict"' in r.text
    form["expected_co"] = "市税务局、市发改委"
    r = planner.post(f"/plans/{PLAN}/responsibilities/indicator/{ind}", data=form, follow_redirects=False)
    assert r.status_code == 303
    assert _units(settings)[("indicator", ind)] == ("市统计局", ())
    assert planner.put(f"/api/plans/{PLAN}/responsibilities/project/999999", json={"lead": "x"}).status_code == 404


def test_bulk_by_chapter_form_and_api(planner: TestClient, settings: Settings) -> None:
    data = planner.get(f"/api/plans/{PLAN}/responsibilities").json()
    ch13 = next(c for c in data["chapters"] if c["title"].startswith("第十三章"))
    expected = {(i["entity"], i["entity_id"]) for i in planner.get(
        f"/api/plans/{PLAN}/responsibilities", params={"chapter": ch13["key"]}).json()["items"]}
    assert expected
    r = planner.post(f"/plans/{PLAN}/responsibilities/bulk",
                     data={"by": "chapter", "chapter": ch13["key"], "lead": "市司法局", "co": "市公安局、市民政局"},
                     follow_redirects=False)
    assert r.status_code == 303
    units = _units(settings)
    assert {k for k, v in units.items() if v == ("市司法局", ("市公安局", "市民政局"))} == expected
    r = planner.post(f"/api/plans/{PLAN}/responsibilities/bulk", json={"domain": "没有这个领域", "lead": "市司法局"})
    assert r.status_code == 422
    r = planner.post(f"/plans/{PLAN}/responsibilities/bulk", data={"by": "chapter", "chapter": "第九十章", "lead": "x"})
    assert r.status_code == 422 and "没有章节" in r.text


def test_upload_lists_bad_rows_and_writes_nothing(planner: TestClient, settings: Settings) -> None:
    before = _units(settings)
    bad = "指标或任务,牵头单位,配合单位\n森林覆盖率,市自然资源局,\n粮食产量不存在,市农业农村局,\n".encode()
    r = planner.post(f"/plans/{PLAN}/responsibilities/upload", files={"file": ("分工.csv", bad, "text/csv")})
    assert r.status_code == 422
    assert "分工.csv:3: 第 3 行 A 列（指标或任务）：规划中没有“粮食产量不存在”" in r.text
    api = planner.post(f"/api/plans/{PLAN}/responsibilities/import", files={"file": ("分工.csv", bad, "text/csv")})
    assert api.status_code == 422 and api.json()["problems"][0]["field"] == "分工.csv:3"
    assert _units(settings) == before
    good = "指标或任务,牵头单位,配合单位\n人工造林,市林业局,市自然资源局\n".encode()
    api = planner.post(f"/api/plans/{PLAN}/responsibilities/import", files={"file": ("分工.csv", good, "text/csv")})
    assert api.status_code == 200 and api.json()["count"] == 1
    assert _units(settings)[("indicator", _indicator_id(settings, "人工造林"))] == ("市林业局", ("市自然资源局",))


def test_division_downloads(planner: TestClient) -> None:
    r = planner.get(f"/api/plans/{PLAN}/division", params={"format": "docx"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(r.content))
    assert doc.paragraphs[0].text == "《衡阳市国民经济和社会发展第十三个五年规划纲要》主要目标任务分工方案"
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert any(row[1] == "森林覆盖率" and row[3] == "市林业局" for row in rows)
    r = planner.get(f"/plans/{PLAN}/division", params={"format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None and ws.cell(row=2, column=4).value == "牵头单位"
    assert planner.get(f"/plans/{PLAN}/division", params={"format": "pdf"}).status_code == 422


def test_readers_see_but_cannot_write(settings: Settings) -> None:
    forest = _indicator_id(settings, "森林覆盖率")
    for name in ("forestry", "viewer"):
        with signed_in(settings, name) as c:
            page = c.get(f"/plans/{PLAN}/responsibilities")
            assert page.status_code == 200 and "批量分工" not in page.text
            assert c.put(f"/api/plans/{PLAN}/responsibilities/indicator/{forest}",
                         json={"lead": "市林业局", "co": []}).status_code == 403


def test_indicator_page_shows_the_lead_unit(planner: TestClient) -> None:
    card = planner.get(f"/api/plans/{PLAN}/indicators/森林覆盖率").json()["card"]
    assert card["lead"] == "市林业局"
    assert "牵头单位 市林业局" in planner.get(f"/plans/{PLAN}/indicators/森林覆盖率").text
