"""The project library's map and places follow the plan's region: a plan of a region without a
gazetteer (here a short national plan written for the test) shows no map of another region and
no Hengyang counties; the seed keeps its map."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from guihua.cli.main import IO, run
from guihua.web.app import Settings
from tests.integration.web_fixture import add_accounts, signed_in

NATIONAL = """国民经济和社会发展第十一个五年规划纲要

第一章 基础设施

建设青藏铁路延伸线、京沪高速铁路，开工建设金沙江溪洛渡水电站，建设南岳至衡山高速公路。
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    d = tmp_path_factory.mktemp("region")
    url = f"sqlite:///{d / 'db.sqlite'}"
    plan = Path(d / "national.txt")
    plan.write_text(NATIONAL, encoding="utf-8")
    err = io.StringIO()
    code = run(["ingest", str(plan), "--plan", "national-11th", "--region", "全国", "--db", url],
               IO(stdout=io.StringIO(), stderr=err, environ={"USER": "tester"}))
    assert code == 0, err.getvalue()
    add_accounts(url, ("viewer",))  # reading needs a login; any account may read
    with signed_in(Settings(database_url=url), "viewer") as c:
        yield c


def test_a_plan_without_a_gazetteer_has_no_map_of_another_region(client: TestClient) -> None:
    data = client.get("/api/plans/national-11th/projects").json()
    names = {p["name"] for p in data["projects"]}
    assert {"京沪高速铁路", "金沙江溪洛渡水电站", "南岳至衡山高速公路"} <= names
    assert data["region"] is None
    assert data["map"]["tiles"] == []
    assert data["by_county"] == {} and data["options"]["county"] == []
    # "南岳" is a Hengyang county in the bundled gazetteer, but this plan is not Hengyang's
    assert all(p["counties"] == [] for p in data["projects"])
    page = client.get("/plans/national-11th/projects")
    assert page.status_code == 200
    assert 'id="no-map"' in page.text and "<svg class=\"tilemap\"" not in page.text
    assert "珠晖" not in page.text
