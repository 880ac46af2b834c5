"""Project library pages and JSON twins on the demo database (SQLite built by build_demo_database)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from guihua.cli.main import IO, run
from guihua.gazetteer.tiles import tiles
from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with signed_in(demo_settings(), "admin") as c:
        yield c


def test_library_shows_the_seeds_projects_by_county_on_an_offline_map(client: TestClient) -> None:
    data = client.get(f"/api/plans/{PLAN}/projects").json()
    assert data["total"] >= 300 and data["count"] == data["total"]
    counties = {t.name for t in tiles("hengyang")}
    assert len(counties) == 12
    assert set(data["by_county"]) <= counties and len(data["by_county"]) >= 10
    assert {t["name"] for t in data["map"]["tiles"]} == counties
    for t in data["map"]["tiles"]:
        assert t["count"] == data["by_county"].get(t["name"], 0)
    page = client.get(f"/plans/{PLAN}/projects")
    assert page.status_code == 200
    assert "<svg" in page.text and not re.search(r'(?:src|href)="(?:https?:)?//', page.text)
    top = max(data["by_county"], key=data["by_county"].get)
    assert f"{top}：{data['by_county'][top]} 个项目" in page.text


def test_filters_narrow_the_list_and_the_counts(client: TestClient) -> None:
    county = "衡山县"
    data = client.get(f"/api/plans/{PLAN}/projects", params={"county": county}).json()
    assert 0 < data["count"] < data["total"]
    assert all(county in p["counties"] for p in data["projects"])
    both = client.get(f"/api/plans/{PLAN}/projects", params={"county": county, "action": "新建"}).json()
    assert all(p["action"] == "新建" and county in p["counties"] for p in both["projects"])
    assert both["count"] <= data["count"]
    assert client.get(f"/api/plans/{PLAN}/projects", params={"status": "在建"}).json()["count"] == 0
    assert client.get("/api/plans/nope/projects").status_code == 404


def test_water_plants_of_box_22_serve_the_water_supply_target_and_a_person_decides(client: TestClient) -> None:
    projects = client.get(f"/api/plans/{PLAN}/projects").json()["projects"]
    plants = [p for p in projects if p["box"] == "22" and p["name"].endswith("水厂") and "污水" not in p["name"]]
    assert len(plants) >= 3
    for p in plants:
        detail = client.get(f"/api/projects/{p['id']}").json()
        assert detail["mentions"] and all(m["quote"] for m in detail["mentions"])
        assert any("供水普及率" in (lk["indicator"] or "") for lk in detail["links"]), p["name"]
    detail = client.get(f"/api/projects/{plants[0]['id']}").json()
    link = next(lk for lk in detail["links"] if "供水普及率" in lk["indicator"])
    r = client.post(f"/projects/{plants[0]['id']}/links/{link['id']}",
                    data={"action": "confirm", "who": "王芳", "version": link["row_version"]}, follow_redirects=False)
    assert r.status_code == 303
    # the same decision from a page read before it: 409, the project page with the link as it is now
    r = client.post(f"/projects/{plants[0]['id']}/links/{link['id']}",
                    data={"action": "remove", "version": link["row_version"]}, follow_redirects=False)
    assert r.status_code == 409 and 'id="conflict"' in r.text and "已被他人修改" in r.text
    after = client.get(f"/api/projects/{plants[0]['id']}").json()
    got = next(lk for lk in after["links"] if lk["id"] == link["id"])
    assert (got["status"], got["decided_by"]) == ("已确认", "admin")  # the account, not the form's "who"
    # the indicator lists its projects
    ind = client.get(f"/api/plans/{PLAN}/indicators/{link['indicator_key']}/projects").json()
    assert plants[0]["id"] in [p["id"] for p in ind["projects"]]
    page = client.get(f"/plans/{PLAN}/indicators/{link['indicator_key']}/projects")
    assert page.status_code == 200 and plants[0]["name"] in page.text
    # removing takes it off the indicator's list
    stale = client.post(f"/api/projects/{plants[0]['id']}/links/{link['id']}",
                        json={"status": "已移除", "expected_version": link["row_version"]})
    assert stale.status_code == 409 and stale.json()["current"]["status"] == "已确认"
    r = client.post(f"/api/projects/{plants[0]['id']}/links/{link['id']}",
                    json={"status": "已移除", "who": "王芳", "expected_version": stale.json()["current"]["row_version"]})
    assert r.status_code == 200 and r.json()["status"] == "已移除"
    ind = client.get(f"/api/plans/{PLAN}/indicators/{link['indicator_key']}/projects").json()
    assert plants[0]["id"] not in [p["id"] for p in ind["projects"]]
    bad = client.post(f"/api/projects/{plants[0]['id']}/links/{link['id']}",
                      json={"status": "随便", "expected_version": r.json()["row_version"]})
    assert bad.status_code == 422


def test_project_page_and_progress_event(client: TestClient) -> None:
    pid = client.get(f"/api/plans/{PLAN}/projects").json()["projects"][0]["id"]
    page = client.get(f"/projects/{pid}")
    assert page.status_code == 200 and "规划原文中的提及" in page.text
    version = client.get(f"/api/projects/{pid}").json()["project"]["row_version"]
    r = client.post(f"/projects/{pid}/events", data={"date": "2018-13", "status": "在建", "evidence": "x",
                                                     "version": version}, follow_redirects=False)
    assert r.status_code == 422 and "月份" in r.text
    r = client.post(f"/projects/{pid}/events", data={"date": "2018-06", "status": "在建", "evidence": "开工令",
                                                     "who": "李明", "version": version}, follow_redirects=False)
    assert r.status_code == 303
    d = client.get(f"/api/projects/{pid}").json()
    assert d["project"]["status"] == "在建" and d["project"]["row_version"] > version
    assert [(e["date"], e["evidence"], e["by"]) for e in d["events"]] == [("2018-06", "开工令", "admin")]
    # a status change from a page read before that one: 409, nothing written (not even the event)
    r = client.post(f"/projects/{pid}/events", data={"date": "2018-09", "status": "停缓建", "evidence": "停工",
                                                     "version": version}, follow_redirects=False)
    assert r.status_code == 409 and 'id="conflict"' in r.text and "在建" in r.text
    d = client.get(f"/api/projects/{pid}").json()
    assert d["project"]["status"] == "在建" and len(d["events"]) == 1
    assert client.get("/projects/999999").status_code == 404
    assert client.get("/api/projects/999999").status_code == 404


def _water_plants(client: TestClient) -> list[dict[str, Any]]:
    projects = client.get(f"/api/plans/{PLAN}/projects").json()["projects"]
    return [p for p in projects if p["box"] == "22" and p["name"].endswith("水厂") and "污水" not in p["name"]]


def test_indicator_page_and_its_twin_list_the_water_plants_of_box_22(client: TestClient) -> None:
    key = next(i["key"] for i in client.get(f"/api/plans/{PLAN}/indicators").json()["indicators"]
               if i["name"] == "城市供水普及率")
    # what each plant's own page says about its link to this indicator (another test may remove one)
    expected: dict[int, str] = {}
    plants = _water_plants(client)
    for p in plants:
        for lk in client.get(f"/api/projects/{p['id']}").json()["links"]:
            if lk["indicator_key"] == key and lk["status"] != "已移除":
                expected[p["id"]] = lk["status"]
    assert len(plants) >= 3 and len(expected) >= len(plants) - 1
    data = client.get(f"/api/plans/{PLAN}/indicators/{key}").json()
    listed = {p["id"]: p for p in data["projects"]}
    assert {i: listed[i]["link_status"] for i in expected} == expected
    assert data["projects"] == client.get(f"/api/plans/{PLAN}/indicators/{key}/projects").json()["projects"]
    page = client.get(f"/plans/{PLAN}/indicators/{key}")
    assert page.status_code == 200 and "相关项目" in page.text
    for p in data["projects"]:  # the page shows what the twin gives: name, link, status, counties
        row = re.search(rf'<tr><td><a href="{p["url"]}">{re.escape(p["name"])}</a></td>(.*?)</tr>', page.text, re.S)
        assert row, p["name"]
        assert p["status"] in row.group(1) and p["link_status"] in row.group(1)
        assert all(c in row.group(1) for c in p["counties"])
        assert client.get(p["url"]).status_code == 200


def _project_section(html: str) -> str:
    start = html.index("<h2>四、重大项目推进情况</h2>")
    end = html.find("<h2>", start + 1)
    return html[start:end if end > 0 else None]


def test_downloaded_final_report_has_the_project_section_like_the_cli(tmp_path: Path) -> None:
    settings = demo_settings(tmp_path)
    assert settings.database_url is not None
    with signed_in(settings, "admin") as web:
        plant = _water_plants(web)[0]
        version = web.get(f"/api/projects/{plant['id']}").json()["project"]["row_version"]
        r = web.post(f"/projects/{plant['id']}/events", data={"date": "2019-12", "status": "建成",
                                                               "evidence": "通水", "who": "李明", "version": version},
                     follow_redirects=False)
        assert r.status_code == 303
        got = web.get(f"/plans/{PLAN}/reports/final.html", params={"year": 2020})
        docx = web.get(f"/plans/{PLAN}/reports/final.docx", params={"year": 2020})
        annual = web.get(f"/plans/{PLAN}/reports/annual.html", params={"year": 2018})
    assert got.status_code == 200 and docx.status_code == 200
    section = _project_section(got.text)
    assert "规划点名的项目共" in section and "建成 1 个" in section
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        assert "四、重大项目推进情况" in z.read("word/document.xml").decode("utf-8")
    # an annual monitoring report covers the projects too (section 四 of every kind), as in the CLI
    assert annual.status_code == 200 and "规划点名的项目共" in _project_section(annual.text)
    out, err = io.StringIO(), io.StringIO()
    code = run(["report", "--db", settings.database_url, "--plan", PLAN, "--year", "2020", "--kind", "final",
                "--format", "html", "--out", str(tmp_path / "cli")], IO(stdout=out, stderr=err, environ={}))
    assert code == 0, err.getvalue()
    cli = next((tmp_path / "cli").glob("*.html")).read_text(encoding="utf-8")
    assert _project_section(cli) == section
