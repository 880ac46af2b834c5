"""Data rounds in the web (pages and /api), in-process against the demo database: 规划办 opens a round
and decides rows; a department account (市林业局) sees and changes only its own rows (another
department's rows: 404 to read, 403 to change); the template download and upload; 409 on stale versions;
pending values on the dashboard until approved."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"
YEAR = 2020  # the demo has a round of 2019; these tests open 2020
OWN = "市林业局"


@dataclass
class Clients:
    planner: TestClient
    forestry: TestClient
    statistics: TestClient
    viewer: TestClient


@pytest.fixture(scope="module")
def c() -> Iterator[Clients]:
    settings = demo_settings(accounts=("planner", "forestry", "statistics", "viewer"))
    from guihua.store.repository import open_store

    store = open_store(settings.database_url)
    try:  # the demo makes 市林业局 the lead unit of 森林覆盖率; here also of 人工造林
        ind = store.find_indicator(PLAN, "人工造林")
        assert ind is not None
        store.assign("indicator", ind.id, OWN, [], user="测试")
        project = next(p for p in store.list_projects(PLAN) if p.name == "省级林下经济示范基地")
        store.assign("project", project.id, OWN, [], user="测试")
    finally:
        store.dispose()
    with signed_in(settings, "planner") as p, signed_in(settings, "forestry") as f, \
            signed_in(settings, "statistics") as s, signed_in(settings, "viewer") as v:
        yield Clients(p, f, s, v)


def _ind_id(c: Clients, name: str) -> int:
    page = c.planner.get(f"/api/plans/{PLAN}/indicators/{name}").json()
    return int(page["id"]) if "id" in page else int(page["indicator"]["id"])


def _row(client: TestClient, name: str, year: int = YEAR) -> dict:  # type: ignore[type-arg]
    rows = client.get(f"/api/plans/{PLAN}/rounds/{year}/todo", params={"department": OWN}).json()["rows"]
    return next(r for r in rows if r["name"] == name)


def _csrf(client: TestClient) -> str:
    return str(client.headers["x-csrf-token"])


@pytest.fixture(scope="module")
def opened(c: Clients) -> Clients:
    page = c.planner.get(f"/plans/{PLAN}/rounds").text
    ids = {n: re.search(rf'value="(\d+)"> {n}', page).group(1) for n in ("森林覆盖率", "人工造林")}  # type: ignore[union-attr]
    r = c.planner.post(f"/plans/{PLAN}/rounds", data={"year": str(YEAR), "deadline": "2021-03-31",
                                                      "coverage": "chosen", "indicator": list(ids.values())},
                       follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/plans/{PLAN}/rounds/{YEAR}", r.text[:500]
    return c


def test_the_demo_has_a_round_with_rows_in_several_states(c: Clients) -> None:
    status = c.planner.get(f"/api/plans/{PLAN}/rounds/2019").json()
    states = {r["state"] for r in status["rows"]}
    assert {"未填报", "填报中", "已提交", "已退回"} <= states
    # its deadline (2020-03-31) has passed: 市林业局 submitted its one row, 市发改委 and 市住建局 did not
    assert {"市发改委", "市住建局"} <= set(status["overdue"]) and "市林业局" not in status["overdue"]
    page = c.planner.get(f"/plans/{PLAN}/rounds/2019")
    assert page.status_code == 200 and "逾期未报齐的单位" in page.text


def test_opening_twice_is_refused_with_the_reason(opened: Clients) -> None:
    r = opened.planner.post(f"/plans/{PLAN}/rounds", data={"year": str(YEAR), "coverage": "all"})
    assert r.status_code == 422 and "已有 2020 年" in r.text
    api = opened.planner.post(f"/api/plans/{PLAN}/rounds", json={"year": YEAR})
    assert api.status_code == 422


def test_a_department_sees_only_its_own_rows(opened: Clients) -> None:
    f = opened.forestry
    todo = f.get(f"/api/plans/{PLAN}/rounds/{YEAR}/todo").json()
    assert todo["department"] == OWN and sorted(r["name"] for r in todo["rows"]) == ["人工造林", "森林覆盖率"]
    # asking for another department's list still gives its own
    other = f.get(f"/api/plans/{PLAN}/rounds/2019/todo", params={"department": "市发改委"}).json()
    assert {r["department"] for r in other["rows"]} == {OWN}
    page = f.get(f"/plans/{PLAN}/rounds/{YEAR}/mine")
    assert page.status_code == 200 and "森林覆盖率" in page.text and "地区生产总值" not in page.text
    forest = _row(f, "森林覆盖率")
    assert [h["period"] for h in forest["history"]] == ["2015", "2015"]  # the earlier years' values
    # the status of every department is 规划办's
    assert f.get(f"/plans/{PLAN}/rounds/{YEAR}", follow_redirects=False).headers["location"].endswith("/mine")
    assert f.get(f"/api/plans/{PLAN}/rounds/{YEAR}").status_code == 403


def test_a_department_cannot_read_or_change_another_departments_row(opened: Clients) -> None:
    other_row = next(r for r in opened.planner.get(f"/api/plans/{PLAN}/rounds/2019").json()["rows"]
               if r["department"] == "市发改委")
    f = opened.forestry
    assert f.get(f"/api/plans/{PLAN}/rounds/2019/rows/{other_row['id']}").status_code == 404
    r = f.post(f"/api/plans/{PLAN}/rounds/2019/rows/{other_row['id']}",
               json={"value": "1", "expected_version": other_row["row_version"]})
    assert r.status_code == 403
    r = f.post(f"/plans/{PLAN}/rounds/2019/rows/{other_row['id']}", data={"value": "1", "version": other_row["row_version"]})
    assert r.status_code == 403
    r = f.post(f"/plans/{PLAN}/rounds/2019/submit", data={"row": str(other_row["id"])})
    assert r.status_code == 403
    # 市统计局 owns none of 市林业局's rows either
    own = _row(f, "人工造林")
    r = opened.statistics.post(f"/api/plans/{PLAN}/rounds/{YEAR}/submit",
                               json={"rows": [{"id": own["id"], "expected_version": own["row_version"]}]})
    assert r.status_code == 403
    after = next(r for r in opened.planner.get(f"/api/plans/{PLAN}/rounds/2019").json()["rows"] if r["id"] == other_row["id"])
    assert after["row_version"] == other_row["row_version"]  # unchanged


def test_fill_return_fix_approve_through_pages_and_api(opened: Clients) -> None:
    f, p = opened.forestry, opened.planner
    row = _row(f, "森林覆盖率")
    bad = f.post(f"/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}", data={"version": row["row_version"],
                                                                      "value": "五十"})
    assert bad.status_code == 422 and "五十" in bad.text
    ok = f.post(f"/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}", data={"version": row["row_version"],
                                                                     "value": "50.1", "note": "年报"},
                follow_redirects=False)
    assert ok.status_code == 303
    sub = f.post(f"/plans/{PLAN}/rounds/{YEAR}/submit", data={"row": str(row["id"])}, follow_redirects=False)
    assert sub.status_code == 303 and _row(f, "森林覆盖率")["state"] == "已提交"
    # pending on the dashboard, not evaluated
    dash = p.get(f"/api/plans/{PLAN}/indicators", params={"year": YEAR}).json()
    assert any(x["name"] == "森林覆盖率" and x["value_text"] == "50.1" for x in dash["pending"])
    assert "待审定的填报值" in p.get(f"/plans/{PLAN}/indicators", params={"year": YEAR}).text
    row = _row(p, "森林覆盖率")
    no_comment = p.post(f"/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}/return", data={"version": row["row_version"]})
    assert no_comment.status_code == 422 and "退回须写明原因" in no_comment.text
    back = p.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}/return",
                  json={"comment": "与林业年报不一致", "expected_version": row["row_version"]})
    assert back.status_code == 200 and back.json()["state"] == "已退回"
    assert "与林业年报不一致" in f.get(f"/plans/{PLAN}/rounds/{YEAR}/mine").text
    row = _row(f, "森林覆盖率")
    fixed = f.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}",
                   json={"value": "50.3", "note": "已核对", "expected_version": row["row_version"]})
    assert fixed.status_code == 200 and fixed.json()["value"] == 50.3
    stale = f.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}",
                   json={"value": "50.4", "expected_version": row["row_version"]})
    assert stale.status_code == 409
    row = _row(f, "森林覆盖率")
    assert f.post(f"/api/plans/{PLAN}/rounds/{YEAR}/submit",
                  json={"rows": [{"id": row["id"], "expected_version": row["row_version"]}]}).status_code == 200
    row = _row(p, "森林覆盖率")
    # a department may not approve its own values
    assert f.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}/approve",
                  json={"expected_version": row["row_version"]}).status_code == 403
    first = p.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}/approve",
                   json={"expected_version": row["row_version"]})
    second = p.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}/approve",
                    json={"expected_version": row["row_version"]})
    assert (first.status_code, second.status_code) == (200, 409)
    oid = first.json()["observation_id"]
    obs = next(o for o in p.get(f"/api/plans/{PLAN}/observations").json()["observations"] if o["id"] == str(oid))
    assert (obs["indicator"], obs["year"], float(obs["value"]), obs["source"], obs["entered_by"]) == (
        "森林覆盖率", "2020", 50.3, "填报：市林业局", "planner")
    dash = p.get(f"/api/plans/{PLAN}/indicators", params={"year": YEAR}).json()
    assert not any(x["name"] == "森林覆盖率" and x["year"] == YEAR for x in dash["pending"])


def test_template_download_and_upload_back(opened: Clients) -> None:
    f = opened.forestry
    r = f.get(f"/plans/{PLAN}/rounds/{YEAR}/template.xlsx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["填报"]
    names = [ws.cell(k, 2).value for k in range(4, ws.max_row + 1)]
    assert sorted(names) == ["人工造林", "森林覆盖率"]
    line = 4 + names.index("人工造林")
    ws.cell(line, 7).value = "很多"
    buf = io.BytesIO()
    wb.save(buf)
    bad = f.post(f"/plans/{PLAN}/rounds/{YEAR}/upload", files={"file": ("林业.xlsx", buf.getvalue())})
    assert bad.status_code == 422 and f"工作表“填报”第 {line} 行 G 列（2020年数值）" in bad.text
    ws.cell(line, 7).value = 1.25
    buf = io.BytesIO()
    wb.save(buf)
    good = f.post(f"/plans/{PLAN}/rounds/{YEAR}/upload", files={"file": ("林业.xlsx", buf.getvalue())},
                  follow_redirects=False)
    assert good.status_code == 303, good.text[:500]
    assert _row(f, "人工造林")["value"] == 1.25
    # another department uploading 市林业局's template: refused, nothing written
    denied = opened.statistics.post(f"/plans/{PLAN}/rounds/{YEAR}/upload", files={"file": ("林业.xlsx", buf.getvalue())})
    assert denied.status_code == 403
    denied = opened.statistics.post(f"/api/plans/{PLAN}/rounds/{YEAR}/upload",
                                    files={"file": ("林业.xlsx", buf.getvalue())})
    assert denied.status_code == 403 and "市林业局" in denied.json()["problems"][0]["reason"]
    # the same through the API: 201 with the count, 422 naming the cell
    ws.cell(line, 7).value = 1.5
    buf = io.BytesIO()
    wb.save(buf)
    api = f.post(f"/api/plans/{PLAN}/rounds/{YEAR}/upload", files={"file": ("林业.xlsx", buf.getvalue())})
    assert api.status_code == 201 and api.json()["saved"] >= 1 and _row(f, "人工造林")["value"] == 1.5
    ws.cell(line, 7).value = "一点五"
    buf = io.BytesIO()
    wb.save(buf)
    api = f.post(f"/api/plans/{PLAN}/rounds/{YEAR}/upload", files={"file": ("林业.xlsx", buf.getvalue())})
    assert api.status_code == 422 and api.json()["problems"][0]["field"].endswith(f"第 {line} 行 G 列（2020年数值）")


def test_viewers_read_but_cannot_write(opened: Clients) -> None:
    v = opened.viewer
    assert v.get(f"/plans/{PLAN}/rounds/{YEAR}").status_code == 200
    row = _row(opened.planner, "人工造林")
    assert v.post(f"/api/plans/{PLAN}/rounds/{YEAR}/rows/{row['id']}",
                  json={"value": "1", "expected_version": row["row_version"]}).status_code == 403


def test_a_round_of_chosen_projects_and_progress_filled_in_the_page(c: Clients) -> None:
    page = c.planner.get(f"/plans/{PLAN}/rounds").text
    pid = re.search(r'name="project" value="(\d+)"> 省级林下经济示范基地', page).group(1)  # type: ignore[union-attr]
    r = c.planner.post(f"/plans/{PLAN}/rounds", data={"year": "2021", "coverage": "chosen", "project": pid},
                       follow_redirects=False)
    assert r.status_code == 303
    [row] = c.forestry.get(f"/api/plans/{PLAN}/rounds/2021/todo").json()["rows"]
    assert (row["kind"], row["name"], row["unit"]) == ("project", "省级林下经济示范基地", None)
    r = c.forestry.post(f"/plans/{PLAN}/rounds/2021/rows/{row['id']}",
                        data={"version": row["row_version"], "progress": "基地已挂牌"}, follow_redirects=False)
    assert r.status_code == 303
    after = c.forestry.get(f"/api/plans/{PLAN}/rounds/2021/rows/{row['id']}").json()
    assert (after["state"], after["progress"]) == ("填报中", "基地已挂牌")
