"""The JSON API in-process against the demo data: twins, errors, review, data entry, uploads, search."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"


@pytest.fixture()
def client() -> Iterator[TestClient]:
    with signed_in(demo_settings(), "admin") as c:
        yield c


def test_plans_with_status_counts(client: TestClient) -> None:
    data = client.get("/api/plans").json()
    [plan] = [p for p in data["plans"] if p["id"] == PLAN]
    assert plan["first_year"] == 2016 and plan["last_year"] == 2020
    assert sum(plan["status_counts"].values()) == plan["targets"] > 100
    assert plan["status_counts"]["未完成"] >= 1  # GDP growth 7.4% against 9%


def test_targets_carry_status(client: TestClient) -> None:
    data = client.get(f"/api/plans/{PLAN}/targets").json()
    targets = [t for t in data["targets"] if t["type"] == "target"]
    assert targets and all(t["status"] for t in targets)
    gdp = [t for t in targets if t["indicator_key"] == "地区生产总值" and t["kind"] == "growth"]
    assert gdp and gdp[0]["status"] == "未完成" and gdp[0]["actual"] == pytest.approx(7.4)
    only = client.get(f"/api/plans/{PLAN}/targets", params={"status": "未完成"}).json()["targets"]
    assert only and {t["status"] for t in only} == {"未完成"}


def test_indicator_filters_and_page(client: TestClient) -> None:
    all_ = client.get(f"/api/plans/{PLAN}/indicators").json()
    behind = client.get(f"/api/plans/{PLAN}/indicators", params={"status": "未完成"}).json()
    assert 0 < behind["count"] < all_["count"]
    assert all("未完成" in c["statuses"] for c in behind["indicators"])
    chapter = all_["facets"]["chapter"][0][0]
    by_chapter = client.get(f"/api/plans/{PLAN}/indicators", params={"chapter": chapter}).json()
    assert by_chapter["count"] and all(chapter in c["chapters"] for c in by_chapter["indicators"])
    gdp = client.get(f"/api/plans/{PLAN}/indicators/地区生产总值").json()
    assert gdp["targets"] and gdp["observations"]
    assert any("可比价" in w or "价格" in w for w in gdp["warnings"])  # nominal 2020 value vs comparable target
    assert all(o["source"] for o in gdp["observations"])


def test_unknown_ids_are_404_json_under_api_and_pages_elsewhere(client: TestClient) -> None:
    for url in ("/api/plans/nope", f"/api/plans/{PLAN}/indicators/没有这个指标", f"/api/plans/{PLAN}/targets/999999",
                "/api/nothing-here"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/json"), url
        assert r.json()["error"] == "未找到"
    r = client.get("/plans/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "规划“nope”不存在" in r.text
    assert client.get(f"/plans/{PLAN}/reports/final.pdf").status_code == 404


@pytest.mark.parametrize("url,field", [
    (f"/api/plans/{PLAN}/targets?year=abc", "year"),
    (f"/api/plans/{PLAN}/targets?year=1800", "year"),
    (f"/api/plans/{PLAN}/indicators?status=差不多", "status"),
    ("/api/search", "q"),
    ("/api/search?q=" + "长" * 200, "q"),
    ("/api/search?q=森林&limit=0", "limit"),
    (f"/api/plans/{PLAN}/review?state=随便", "state"),
])
def test_bad_query_parameters_are_422_with_reason(client: TestClient, url: str, field: str) -> None:
    r = client.get(url)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["problems"][0]["field"] == field and body["problems"][0]["reason"]


def test_year_outside_the_plan_is_422_not_500(client: TestClient) -> None:
    r = client.get(f"/api/plans/{PLAN}/indicators?year=2090")
    assert r.status_code == 422 and "2090" in r.json()["detail"]


def test_review_correct_keeps_original_and_audits(client: TestClient) -> None:
    t = next(t for t in client.get(f"/api/plans/{PLAN}/targets").json()["targets"] if t["type"] == "target"
             and t["value"] is not None)
    r = client.post(f"/api/plans/{PLAN}/targets/{t['id']}/review",
                    json={"action": "correct", "value": t["value"] + 1, "who": "张三", "expected_version": t["row_version"]})
    assert r.status_code == 200, r.text
    rec = r.json()
    assert rec["review"] == "已修改" and rec["value"] == t["value"] + 1 and rec["original"]["value"] == t["value"]
    page = client.get(f"/api/plans/{PLAN}/targets/{t['id']}").json()
    changed = [h for h in page["history"] if "value" in (h["new"] or {})]
    # the audit log names the logged-in account, never the name the client sent
    assert [(h["who"], h["old"]["value"], h["new"]["value"]) for h in changed] == [("admin", t["value"], t["value"] + 1)]
    assert client.get(f"/api/plans/{PLAN}/review", params={"state": "已修改"}).json()["count"] == 1


def test_review_queue_lists_the_least_confident_first(client: TestClient) -> None:
    queue = client.get(f"/api/plans/{PLAN}/review", params={"limit": 1000}).json()["targets"]
    conf = [t["confidence"] for t in queue]
    assert len(set(conf)) > 1  # the demo plan's statements are not all equally certain
    assert conf == sorted(conf)


def test_review_reject_removes_target_from_evaluation(client: TestClient) -> None:
    before = client.get(f"/api/plans/{PLAN}").json()["targets"]
    t = client.get(f"/api/plans/{PLAN}/review").json()["targets"]
    target = next(x for x in t if x["type"] == "target")
    assert client.post(f"/api/plans/{PLAN}/targets/{target['id']}/review",
                       json={"action": "reject", "expected_version": target["row_version"]}).status_code == 200
    assert client.get(f"/api/plans/{PLAN}").json()["targets"] == before - 1


def test_review_bad_values_are_refused(client: TestClient) -> None:
    t = client.get(f"/api/plans/{PLAN}/review").json()["targets"][1]
    tid, v = t["id"], t["row_version"]
    url = f"/api/plans/{PLAN}/targets/{tid}/review"
    r = client.post(url, json={"action": "correct", "year": 1700, "expected_version": v})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "year"
    r = client.post(url, json={"action": "delete", "expected_version": v})
    assert r.status_code == 422
    r = client.post(url, json={"action": "correct", "expected_version": v})
    assert r.status_code == 422 and "没有修改" in r.json()["detail"]
    r = client.post(url, json={"action": "confirm"})  # without the version it read: refused, nothing written
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "expected_version"
    assert client.post(f"/api/plans/{PLAN}/targets/999999/review",
                       json={"action": "confirm", "expected_version": 0}).status_code == 404
    # confirming a corrected value is a transition the store refuses: a 422 with the reason, never a 500
    r = client.post(url, json={"action": "correct", "value": 123456.0, "expected_version": v})
    assert r.status_code == 200
    r = client.post(url, json={"action": "confirm", "expected_version": r.json()["row_version"]})
    assert r.status_code == 422 and r.json()["detail"]


def test_a_stale_version_is_409_with_the_current_record(client: TestClient) -> None:
    """Two reviewers read the same target; the second to write gets 409, the target as it is now and
    a Chinese reason, and nothing of theirs is written."""
    t = next(t for t in client.get(f"/api/plans/{PLAN}/review").json()["targets"]
             if t["type"] == "target" and t["value"] is not None)
    url = f"/api/plans/{PLAN}/targets/{t['id']}/review"
    first = client.post(url, json={"action": "correct", "value": t["value"] + 7, "expected_version": t["row_version"]})
    assert first.status_code == 200
    second = client.post(url, json={"action": "reject", "expected_version": t["row_version"]})
    assert second.status_code == 409
    body = second.json()
    assert body["error"] == "修改冲突" and "已被他人修改" in body["detail"]
    assert body["current"]["review"] == "已修改" and body["current"]["value"] == t["value"] + 7
    assert body["current"]["row_version"] == first.json()["row_version"] > t["row_version"]
    now = client.get(f"/api/plans/{PLAN}/targets/{t['id']}").json()["target"]
    assert now["review"] == "已修改" and now["value"] == t["value"] + 7  # the reject was not written


def test_enter_actual_value_field_by_field(client: TestClient) -> None:
    url = f"/api/plans/{PLAN}/observations"
    r = client.post(url, json={"indicator": "森林覆盖率", "year": "2020", "value": "很多"})
    assert r.status_code == 422 and r.json()["problems"] == [{"field": "value", "reason": "数值“很多”不是数字"}]
    r = client.post(url, json={"indicator": "森林覆盖率", "year": "2020", "value": "65", "unit": "吨"})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "unit"
    r = client.post(url, json={"indicator": "不存在的指标", "year": "2031", "value": "1"})
    fields = {p["field"] for p in r.json()["problems"]}
    assert r.status_code == 422 and fields == {"indicator", "year"}
    n = client.get(url).json()["count"]
    r = client.post(url, json={"indicator": "森林覆盖率", "year": "2020", "value": "65.2", "source": "公报", "who": "李四"})
    assert r.status_code == 201 and r.json()["unit"] == "%"
    assert client.get(url).json()["count"] == n + 1
    page = client.get(f"/api/plans/{PLAN}/indicators/森林覆盖率").json()
    assert any(o["year"] == "2020" and o["value"] == "65.2" for o in page["observations"])
    assert page["history"][-1]["who"] == "admin"  # not the "who" of the request body


def test_two_values_for_one_year_are_a_conflict(client: TestClient) -> None:
    page = client.get(f"/api/plans/{PLAN}/indicators/森林覆盖率").json()
    conflicts = [o for o in page["observations"] if o["conflict"]]
    assert {o["value"] for o in conflicts} == {"45.91", "44.67"}  # two published 2015 figures


def test_upload_with_bad_rows_writes_nothing_and_lists_every_row(client: TestClient) -> None:
    csv_text = ("indicator,year,value,unit,measure,source,note\n"
                "森林覆盖率,2019,50.1,%,level,公报,\n"
                "森林覆盖率,二〇一九,50.1,%,level,公报,\n"      # line 3: year
                "没有的指标,2019,1,,level,,\n"                  # line 4: indicator
                "森林覆盖率,2018,abc,%,level,,\n"               # line 5: value
                "森林覆盖率,2019,50.3,%,level,公报,\n")          # line 6: duplicate of line 2
    url = f"/api/plans/{PLAN}/observations"
    n = client.get(url).json()["count"]
    r = client.post(f"{url}/upload", files={"file": ("actuals.csv", csv_text.encode(), "text/csv")})
    assert r.status_code == 422
    lines = sorted({p["line"] for p in r.json()["problems"]})
    assert lines == [3, 4, 5, 6]
    assert client.get(url).json()["count"] == n


def test_upload_xlsx(client: TestClient) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["指标", "年份", "数值", "单位", "来源"])
    ws.append(["森林覆盖率", 2019, 50.1, "%", "公报"])
    ws.append(["森林覆盖率", 2020, 50.6, "%", "公报"])
    buf = io.BytesIO()
    wb.save(buf)
    r = client.post(f"/api/plans/{PLAN}/observations/upload",
                    files={"file": ("数据.xlsx", buf.getvalue(), "application/octet-stream")})
    assert r.status_code == 201 and r.json()["imported"] == 2
    r = client.post(f"/api/plans/{PLAN}/observations/upload", files={"file": ("bad.xlsx", b"not a zip", "x")})
    assert r.status_code == 422 and "Excel" in r.json()["problems"][0]["reason"]


def test_search_ranked_and_highlighted(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "森林覆盖率"}).json()
    assert data["count"] >= 2
    top = data["results"][0]
    assert top["kind"] == "indicator" and top["ref"] == "森林覆盖率"
    assert all("<mark>森林覆盖率</mark>" in r["snippet"] for r in data["results"])
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    short = client.get("/api/search", params={"q": "森林"}).json()  # shorter than a trigram
    assert short["count"] >= data["count"]
    both = client.get("/api/search", params={"q": "森林 覆盖率"}).json()
    assert both["count"] >= 1
    evil = client.get("/api/search", params={"q": "<script>"}).json()
    assert all("<script>" not in r["snippet"] for r in evil["results"])


def test_reports_download(client: TestClient) -> None:
    listing = client.get(f"/api/plans/{PLAN}/reports").json()
    final = next(r for r in listing["reports"] if r["kind"] == "final")
    for f in final["files"]:
        r = client.get(f["url"])
        assert r.status_code == 200 and len(r.content) > 1000
        assert "attachment" in r.headers["content-disposition"]
    docx = client.get(final["files"][1]["url"])
    assert docx.content[:2] == b"PK"


def test_edit_indicator_attribute_and_departments(client: TestClient) -> None:
    url = f"/api/plans/{PLAN}/indicators/森林覆盖率"
    version = client.get(url).json()["card"]["row_version"]
    r = client.post(url, json={"attribute": "约束性", "departments": ["市林业局", "市生态环境局"], "who": "赵六",
                               "expected_version": version})
    assert r.status_code == 200, r.text
    assert r.json()["attributes"] == ["约束性"] and r.json()["departments"] == ["市林业局", "市生态环境局"]
    assert r.json()["row_version"] > version
    # a second editor who read the old version: 409 with the indicator as it is now, nothing written
    stale = client.post(url, json={"attribute": "预期性", "expected_version": version})
    assert stale.status_code == 409 and stale.json()["current"]["attributes"] == ["约束性"]
    assert stale.json()["current"]["row_version"] == r.json()["row_version"]
    assert client.get(url).json()["card"]["attributes"] == ["约束性"]
    version = r.json()["row_version"]
    dash = client.get(f"/api/plans/{PLAN}/indicators", params={"department": "市林业局"}).json()
    # the department filter lists the indicators 市林业局 answers for, this one among them
    assert "森林覆盖率" in [c["key"] for c in dash["indicators"]]
    assert all("市林业局" in c["departments"] for c in dash["indicators"])
    others = client.get(f"/api/plans/{PLAN}/indicators", params={"department": "市生态环境局"}).json()
    assert "森林覆盖率" in [c["key"] for c in others["indicators"]]
    assert client.get(f"/api/plans/{PLAN}/indicators", params={"attribute": "约束性"}).json()["count"] >= 1
    whos = {h["who"] for h in client.get(url).json()["history"]}
    assert "admin" in whos and "赵六" not in whos
    bad = client.post(url, json={"attribute": "重要", "expected_version": version})
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "attribute"
    assert client.post(f"/api/plans/{PLAN}/indicators/没有",
                       json={"attribute": "约束性", "expected_version": 0}).status_code == 404


def test_entry_defaults_unit_and_measure(client: TestClient) -> None:
    url = f"/api/plans/{PLAN}/observations"
    r = client.post(url, json={"indicator": "地区生产总值", "year": "2019", "value": "3300"})
    assert r.status_code == 201 and r.json()["unit"] == "亿元"  # the level target's unit, not the growth target's %
    r = client.post(url, json={"indicator": "三次产业结构", "year": "2019", "value": "11.5:34:54.5"})
    assert r.status_code == 201 and r.json()["measure"] == "structure"
    r = client.post(url, json={"indicator": "地区生产总值", "year": "2016-2020", "value": "7.5", "measure": "growth",
                               "unit": "亿元"})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "unit"


def test_out_of_range_ids_and_control_characters_are_422_with_a_chinese_reason(client: TestClient) -> None:
    """A project id >= 2^63, a NUL in a search term or a plan id with "/" never reach the database: 422,
    the reason in Chinese, in the one error body."""
    for url, field in (("/api/projects/9223372036854775808", "project_id"),
                       (f"/api/plans/{PLAN}/targets/99999999999999999999", "target_id"),
                       ("/api/search?q=%00", "q"), ("/api/search?q=a%1Bb", "q"),
                       ("/api/plans/..%5Cx", "plan"), (f"/api/plans/{PLAN}/indicators/a%00b", "key")):
        r = client.get(url)
        assert r.status_code == 422, (url, r.text)
        body = r.json()
        assert body["error"] == "参数有误" and body["problems"][0]["field"] == field, url
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["problems"][0]["reason"]), body  # a Chinese reason
    r = client.get("/api/search", params={"q": "森林\x00覆盖率"})
    assert r.status_code == 422 and "控制字符" in r.json()["detail"]
    r = client.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2019",
                                                             "value": "50", "source": "公报\x00"})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "source"
    r = client.post(f"/plans/{PLAN}/entry", data={"indicator": "森林覆盖率", "year": "2019", "value": "50",
                                                  "note": "说明\x00"})
    assert r.status_code == 422 and "控制字符" in r.text
    r = client.post(f"/api/plans/{PLAN}/targets/1/review", content=b"\xff\xfe{", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["problems"] == [{"field": "body", "reason": "无法解析"}]


def test_an_upload_too_large_is_413_before_it_is_read(client: TestClient) -> None:
    url = f"/api/plans/{PLAN}/observations/upload"
    n = client.get(f"/api/plans/{PLAN}/observations").json()["count"]
    big = b"indicator,year,value\n" + b"x" * (6 * 1024 * 1024)
    r = client.post(url, files={"file": ("大.csv", big, "text/csv")})
    assert r.status_code == 413 and r.json()["error"] == "文件过大" and "超过上限" in r.json()["detail"]
    assert r.headers["x-content-type-options"] == "nosniff"
    just_over = b"indicator,year,value\n" + b"x" * (5 * 1024 * 1024)  # over 5 MB, inside the envelope's room
    r = client.post(url, files={"file": ("大.csv", just_over, "text/csv")})
    assert r.status_code == 413 and "超过 5 MB" in r.json()["detail"]
    page = client.post(f"/plans/{PLAN}/entry/upload", files={"file": ("大.csv", big, "text/csv")})
    assert page.status_code == 413 and "文件过大" in page.text
    assert client.get(f"/api/plans/{PLAN}/observations").json()["count"] == n


def test_an_indicator_marked_main_in_review_is_shown_and_kept(client: TestClient) -> None:
    """Issue 14: without an indicator table, the report's main indicators are those marked 主要 in review."""
    url = f"/api/plans/{PLAN}/indicators/森林覆盖率"
    card = client.get(url).json()["card"]
    r = client.post(url, json={"is_main": not card["is_main"], "expected_version": card["row_version"]})
    assert r.status_code == 200, r.text
    assert r.json()["is_main"] is (not card["is_main"])
    assert client.get(url).json()["card"]["is_main"] is (not card["is_main"])
    history = client.get(url).json()["history"]
    assert any("is_main" in (h.get("new") or {}) and h["who"] == "admin" for h in history), history
