"""`guihua round ...`: a whole round from the command line (open, status --json, template, upload,
submit, return, fill, approve), and refusals as exit codes with Chinese messages."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import load_workbook

from guihua.cli.main import IO, run
from guihua.store.repository import open_store
from tests.integration.store_helpers import PLAN, ingest


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def test_a_round_from_the_command_line(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        ingest(store)
        ids = {i.name: i.id for i in store.list_indicators(PLAN)}
        store.assign("indicator", ids["森林覆盖率"], "市林业局", [], user="规划办")
        store.assign("indicator", ids["地区生产总值"], "市发改委", [], user="规划办")
    finally:
        store.dispose()
    db = ["--db", db_url, "--plan", PLAN, "--year", "2018"]
    code, out, _ = _cli("round", "open", *db, "--deadline", "2000-01-31", "--user", "规划办", "--json")
    assert code == 0 and json.loads(out)["rows"] == 2
    code, _, err = _cli("round", "open", *db, "--user", "规划办")
    assert code != 0 and "已有 2018 年" in err
    xlsx = tmp_path / "林业.xlsx"
    assert _cli("round", "template", *db, "--department", "市林业局", "--out", str(xlsx))[0] == 0
    wb = load_workbook(xlsx)
    ws = wb["填报"]
    ws.cell(4, 7).value = 61.5
    wb.save(xlsx)
    code, out, err = _cli("round", "upload", str(xlsx), *db, "--department", "市林业局", "--user", "张三")
    assert code == 0, err
    assert _cli("round", "submit", *db, "--department", "市林业局", "--user", "张三")[0] == 0
    status = json.loads(_cli("round", "status", *db, "--json")[1])
    row = next(r for r in status["rows"] if r["name"] == "森林覆盖率")
    assert (row["state"], row["value"], row["department"]) == ("已提交", 61.5, "市林业局")
    assert status["overdue"] == ["市发改委"]  # the deadline has passed; 市林业局 submitted everything
    rid = str(row["id"])
    code, _, err = _cli("round", "return", *db, "--row", rid, "--comment", "", "--user", "李四")
    assert code != 0 and "退回须写明原因" in err
    assert _cli("round", "return", *db, "--row", rid, "--comment", "请核对", "--user", "李四")[0] == 0
    code, _, err = _cli("round", "fill", *db, "--row", rid, "--value", "abc", "--user", "张三")
    assert code != 0 and "abc" in err
    assert _cli("round", "fill", *db, "--row", rid, "--value", "62", "--user", "张三",
                "--department", "市林业局")[0] == 0
    assert _cli("round", "submit", *db, "--rows", rid, "--user", "张三")[0] == 0
    code, out, err = _cli("round", "approve", *db, "--rows", rid, "--user", "李四")
    assert code == 0, err
    store = open_store(db_url)
    try:
        [obs] = [o for o in store.list_observations(plan_id=PLAN) if o.source == "填报：市林业局"]
        assert (obs.period, obs.value) == ("2018", 62.0)
    finally:
        store.dispose()
    code, out, _ = _cli("round", "close", *db, "--user", "规划办")
    assert code == 0 and "已关闭" in out
