"""The web import of a bureau table (sheet choice, the mapping step, remembered aliases) and the review of
proposed actuals, in-process against the demo database."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"
REPORT = "tests/data/reports/bulletin_2020.txt"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = demo_settings(accounts=("planner",))
    from guihua.store.report_actuals import import_report
    from guihua.store.repository import open_store
    from tests.conftest import ROOT

    store = open_store(settings.database_url)
    try:
        import_report(store, PLAN, ROOT / REPORT, user="录入员")
    finally:
        store.dispose()
    # the planning office: enters values and approves the proposed ones (permission approve_data)
    with signed_in(settings, "planner") as c:
        yield c


def _xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for n, (title, rows) in enumerate(sheets.items()):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = title
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _grain(client: TestClient) -> dict[str, str]:
    page = client.get(f"/api/plans/{PLAN}/indicators/粮食总产").json()
    return {o["year"]: o["value"] for o in page["observations"]}


def _posts_its_csrf_token(client: TestClient, html: str, form_id: str) -> bool:
    """The form carries the session's CSRF token (as a browser sends a form, without the client's header)."""
    form = re.search(rf'<form method="post"[^>]*id="{form_id}">(.*?)</form>', html, re.S)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.group(1)) if form else None
    return token is not None and token.group(1) == client.headers["x-csrf-token"]


def test_sheet_choice_then_mapping_step_then_the_same_table_again_without_it(client: TestClient) -> None:
    book = _xlsx({"2019": [["指标", "年份", "数值", "单位"], ["粮食总产量", 2019, 330.5, "万吨"]],
                  "主要指标": [["某市主要指标"], ["指标", "单位", "2021年"], ["粮食总产量", "万吨", 333.1]]})
    r = client.post(f"/plans/{PLAN}/entry/upload", files={"file": ("统计局.xlsx", book)})
    assert r.status_code == 422 and 'id="sheet-step"' in r.text
    assert "有多个含数据的工作表（“2019”、“主要指标”）" in r.text
    token = re.search(r'/entry/upload/([\w-]+)"', r.text)
    assert token is not None
    assert _posts_its_csrf_token(client, r.text, "sheet-step")  # a browser sends the form as it is
    r = client.post(f"/plans/{PLAN}/entry/upload/{token.group(1)}", data={"sheet": "主要指标"})
    assert r.status_code == 422 and 'id="mapping-step"' in r.text
    assert "第 3 行：“粮食总产量”" in r.text and "粮食总产（万吨）" in r.text
    assert _posts_its_csrf_token(client, r.text, "mapping-step")
    pick = re.search(r'name="pick_0" value="(\d+)" checked', r.text)
    assert pick is not None  # the close suggestion is offered pre-chosen; the person still confirms it
    assert "2021" not in _grain(client)
    r = client.post(f"/plans/{PLAN}/entry/upload/{token.group(1)}",
                    data={"sheet": "主要指标", "name": "粮食总产量", "pick_0": pick.group(1)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("imported=1&aliases=1")
    assert _grain(client)["2021"] == "333.1"
    page = client.get(r.headers["location"])
    assert "记住别名 1 个" in page.text
    history = client.get(f"/api/plans/{PLAN}/indicators/粮食总产").json()["history"]
    assert any(h["action"] == "update" and "粮食总产量" in str(h["new"]) for h in history)
    # the next table of the same bureau: no mapping step
    nxt = _xlsx({"主要指标": [["指标", "单位", "2022年"], ["粮食总产量", "万吨", 334.0]]})
    r = client.post(f"/plans/{PLAN}/entry/upload", files={"file": ("统计局2022.xlsx", nxt)}, follow_redirects=False)
    assert r.status_code == 303 and "imported=1" in r.headers["location"]


def test_the_api_upload_lists_unknown_names_with_candidates_and_takes_aliases(client: TestClient) -> None:
    table = "指标,年份,数值,单位\n生猪出栏,2021,560,万头\n".encode()
    url = f"/api/plans/{PLAN}/observations/upload"
    r = client.post(url, files={"file": ("猪.csv", table, "text/csv")})
    assert r.status_code == 422
    [unknown] = r.json()["unknown"]
    assert unknown["name"] == "生猪出栏" and unknown["lines"] == [2]
    assert unknown["candidates"][0]["label"] == "出栏生猪（万头）"
    r = client.post(url, files={"file": ("猪.csv", table, "text/csv")}, data={"aliases": '{"生猪出栏": "出栏生猪"}'})
    assert r.status_code == 201 and r.json()["aliases_added"] == [["生猪出栏", "出栏生猪"]]
    r = client.post(url, files={"file": ("猪.csv", table, "text/csv")}, data={"aliases": "[1"})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "aliases"


def test_an_expired_mapping_step_says_so(client: TestClient) -> None:
    r = client.post(f"/plans/{PLAN}/entry/upload/no-such-token", data={"name": "x", "pick_0": "1"})
    assert r.status_code == 422 and "已过期" in r.text


def test_proposed_actuals_page_and_twin_accept_and_reject(client: TestClient) -> None:
    data = client.get(f"/api/plans/{PLAN}/proposals").json()
    assert data["state"] == "待审核" and data["count"] == data["counts"]["待审核"] > 0
    page = client.get(f"/plans/{PLAN}/proposals")
    assert page.status_code == 200 and 'data-key="a"' in page.text and "bulletin_2020.txt" in page.text
    # the bulletin's "年末全市森林覆盖率49.7%": the indicator named without the time and the whole area
    forest = next(p for p in data["proposals"] if p["quote"] == "年末全市森林覆盖率49.7%")
    assert forest["source_indicator"] == forest["indicator"] == "森林覆盖率"
    # a name sent along is not who decides: the audit records the logged-in account
    r = client.post(f"/plans/{PLAN}/proposals/{forest['id']}",
                    data={"action": "accept", "who": "王芳", "version": forest["row_version"]}, follow_redirects=False)
    assert r.status_code == 303 and f"done={forest['id']}" in r.headers["location"]
    values = client.get(f"/api/plans/{PLAN}/indicators/森林覆盖率").json()["observations"]
    assert any(o["year"] == "2020" and o["value"] == "49.7" and o["quote"] == forest["quote"] for o in values)
    # deciding twice is a conflict: 409, the reason and the proposal as it is now
    r = client.post(f"/plans/{PLAN}/proposals/{forest['id']}", data={"action": "accept", "version": forest["row_version"]})
    assert r.status_code == 409 and "已被 planner 处理" in r.text and 'id="conflict"' in r.text and "已接受" in r.text
    unmatched = next((p for p in data["proposals"] if p["indicator_id"] is None), None)
    if unmatched is not None:
        r = client.post(f"/api/plans/{PLAN}/proposals/{unmatched['id']}",
                        json={"action": "accept", "expected_version": unmatched["row_version"]})
        assert r.status_code == 422 and "请先选择" in r.json()["detail"]
    growth = next(p for p in data["proposals"] if p["source_indicator"] == "地区生产总值" and p["period"] == "2020"
                  and p["measure"] == "growth")
    r = client.post(f"/api/plans/{PLAN}/proposals/{growth['id']}",
                    json={"action": "reject", "who": "王芳", "expected_version": growth["row_version"]})
    assert r.status_code == 200 and (r.json()["state"], r.json()["reviewed_by"]) == ("已驳回", "planner")
    again = client.post(f"/api/plans/{PLAN}/proposals/{growth['id']}",
                        json={"action": "accept", "expected_version": growth["row_version"]})
    assert again.status_code == 409 and again.json()["current"]["state"] == "已驳回"
    after = client.get(f"/api/plans/{PLAN}/proposals", params={"state": "已接受"}).json()
    assert [p["id"] for p in after["proposals"]] == [forest["id"]]
    assert client.get(f"/api/plans/{PLAN}/proposals", params={"state": "乱写"}).status_code == 422
    assert client.post(f"/api/plans/{PLAN}/proposals/999999",
                       json={"action": "accept", "expected_version": 0}).status_code == 404


def test_an_upload_still_importing_shows_its_job_then_its_result(tmp_path: Any) -> None:
    """When the import is not done within Settings.upload_wait, the form answers with the job's page,
    which says what is happening and refreshes itself until it shows the result; the API answers 202
    with the job, whose JSON carries the upload's answer when done. Nothing runs on the event loop:
    the import waits its turn in the job queue (held here) while the server answers."""
    settings = demo_settings(tmp_path, accounts=("planner", "viewer"))
    settings.upload_wait = 0
    table = "指标,年份,数值,单位\n森林覆盖率,2021,66.1,%\n森林覆盖率,2022,66.4,%\n".encode()
    with signed_in(settings, "planner") as c:
        slots = c.app.state.jobs._slots  # type: ignore[attr-defined]  # hold every worker: the job queues
        for _ in range(2):
            slots.acquire()
        r = c.post(f"/plans/{PLAN}/entry/upload", files={"file": ("林业.csv", table, "text/csv")},
                   follow_redirects=False)
        assert r.status_code == 303 and "/entry/jobs/" in r.headers["location"]
        job_page = r.headers["location"]
        page = c.get(job_page, follow_redirects=False)
        assert page.status_code == 200 and "正在导入：林业.csv" in page.text and "排队中" in page.text
        assert '<meta http-equiv="refresh" content="1">' in page.text
        assert c.get(f"/plans/{PLAN}").status_code == 200  # the server answers meanwhile
        api = c.post(f"/api/plans/{PLAN}/observations/upload", files={"file": ("坏.csv", b"x,y\n1,2\n", "text/csv")})
        assert api.status_code == 202 and api.json()["state"] == "排队中" and not api.json()["done"]
        status_url = api.json()["status_url"]
        with signed_in(settings, "viewer") as other:  # a job is its account's own
            assert other.get(status_url).status_code == 404 and other.get(job_page).status_code == 404
        for _ in range(2):
            slots.release()
        for _ in range(400):
            page = c.get(job_page, follow_redirects=False)
            if page.status_code != 200:
                break
            time.sleep(0.05)
        assert page.status_code == 303 and page.headers["location"].endswith("imported=2")
        values = {o["year"]: o["value"] for o in c.get(f"/api/plans/{PLAN}/indicators/森林覆盖率").json()["observations"]}
        assert values["2021"] == "66.1" and values["2022"] == "66.4"
        for _ in range(400):
            done = c.get(status_url).json()
            if done["done"]:
                break
            time.sleep(0.05)
        assert done["state"] == "已完成" and done["status"] == 422
        assert done["result"]["error"] == "文件有误" and done["result"]["problems"]


def test_spreadsheet_bombs_uploaded_in_the_web_are_refused_before_expansion(
        client: TestClient, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The web upload (form and API) reads through guihua.store.tables_in and its limits: a small XLSX whose
    one cell expands to 30 MB is refused from the zip's directory, never handed to openpyxl; one whose sheet
    declares ten million rows is refused from its declared dimension, no row read."""
    import openpyxl

    from tests.unit.test_table_limits import _inline, _sheet, _xlsx

    cell = _xlsx(tmp_path / "cell.xlsx", _sheet(f'<row r="1">{_inline("A1", "a" * 30_000_000)}</row>', "A1:A1"))
    rows = _xlsx(tmp_path / "rows.xlsx", _sheet(f'<row r="1">{_inline("A1", "x")}</row>', "A1:C10000000"))

    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("openpyxl.load_workbook was called")

    for bomb, reason in ((cell, "压缩比"), (rows, "10000000 行")):
        data = bomb.read_bytes()
        assert len(data) < 200_000
        with monkeypatch.context() as m:
            if bomb is cell:  # refused from the zip's directory: openpyxl never opens it
                m.setattr(openpyxl, "load_workbook", refuse)
            r = client.post(f"/api/plans/{PLAN}/observations/upload", files={"file": (bomb.name, data)})
            assert r.status_code == 422 and reason in r.json()["problems"][0]["reason"], r.text
            page = client.post(f"/plans/{PLAN}/entry/upload", files={"file": (bomb.name, data)})
            assert page.status_code == 422 and "未写入任何行" in page.text and reason in page.text


def test_a_bug_during_an_import_is_shown_with_its_error_id(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """An import that fails by a bug (not by bad rows): the job ends 出错, the page and the API say
    “错误编号 …”, the log has the same id with the traceback, and the server goes on serving."""
    import logging

    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("a bug in the import")

    monkeypatch.setattr(client.app.state.site.backend, "import_file", broken)  # type: ignore[attr-defined]
    table = "指标,年份,数值\n森林覆盖率,2021,66\n".encode()
    with caplog.at_level(logging.ERROR, logger="guihua.web"):
        r = client.post(f"/api/plans/{PLAN}/observations/upload", files={"file": ("a.csv", table, "text/csv")})
        page = client.post(f"/plans/{PLAN}/entry/upload", files={"file": ("a.csv", table, "text/csv")})
    assert r.status_code == 500 and r.json()["error_id"] and r.json()["error_id"] in r.json()["detail"]
    assert r.json()["error_id"] in caplog.text and "a bug in the import" in caplog.text
    assert page.status_code == 500 and "错误编号" in page.text and "未写入任何行" in page.text
    assert client.get(f"/plans/{PLAN}/entry").status_code == 200
