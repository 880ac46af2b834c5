"""One validation path: the same rows fed to `guihua import-actuals`, the web form, the JSON API and the web
upload are accepted or refused alike, with the same reason, and leave the same values (SQLite and PostgreSQL).

Each channel writes into its own fresh database holding the same small plan, so that a row accepted
by one channel is not a duplicate for the next.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guihua.cli.main import IO, run
from guihua.store.repository import open_store
from tests.integration.store_helpers import PLAN, ingest

FIELDS = ("indicator", "year", "value", "unit", "measure", "source")
# (row, refused field or None): each row a different indicator-year-measure, so none duplicates another
CASES: list[tuple[dict[str, str], str | None]] = [
    ({"indicator": "森林覆盖率", "year": "2019年", "value": "49.5", "unit": "%"}, None),
    ({"indicator": "地区生产总值", "year": "2019", "value": "3,300", "unit": ""}, None),  # blank unit: the indicator's
    ({"indicator": "地区生产总值", "year": "2018", "value": "3,046.03亿元", "unit": ""}, None),
    ({"indicator": "森林覆盖率", "year": "２０１８", "value": "４９．２％", "unit": ""}, None),
    ({"indicator": "地区生产总值", "year": "2017", "value": "9", "unit": "%", "measure": "growth"}, None),
    ({"indicator": "地区生产总值", "year": "2016", "value": "9.1", "unit": "", "measure": "growth"}, None),
    ({"indicator": "三次产业结构", "year": "2017", "value": "11:45:44", "unit": ""}, None),
    ({"indicator": "地区生产总值", "year": "2017", "value": "3100", "unit": "亿元", "measure": "水平"}, None),
    ({"indicator": "森林覆盖率", "year": "20x0", "value": "49", "unit": "%"}, "year"),
    ({"indicator": "森林覆盖率", "year": "2031", "value": "49", "unit": "%"}, "year"),
    ({"indicator": "森林覆盖率", "year": "2017", "value": "约49", "unit": "%"}, "value"),
    ({"indicator": "森林覆盖率", "year": "2016", "value": "49", "unit": "吨"}, "unit"),
    ({"indicator": "林木覆盖率", "year": "2017", "value": "49", "unit": "%"}, "indicator"),
    ({"indicator": "地区生产总值", "year": "2015", "value": "9", "unit": "亿元", "measure": "growth"}, "unit"),
    ({"indicator": "地区生产总值", "year": "2014", "value": "3000", "unit": "亿元", "measure": "总额"}, "measure"),
    ({"indicator": "", "year": "2017", "value": "1", "unit": ""}, "indicator"),
    ({"indicator": "森林覆盖率", "year": "2015", "value": "", "unit": "%"}, "value"),
]


def _full(row: dict[str, str]) -> dict[str, str]:
    return {f: row.get(f, "") for f in FIELDS}


def _db(new_db: Callable[[], str]) -> str:
    url = new_db()
    s = open_store(url)
    ingest(s)
    s.dispose()
    return url


def _csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(FIELDS), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(_full(r))
    return buf.getvalue()


def _stored(url: str) -> list[tuple[Any, ...]]:
    s = open_store(url)
    try:
        names = {i.id: i.name for i in s.list_indicators(PLAN)}
        return sorted((names[o.indicator_id], o.period, o.measure, o.value, o.values, o.unit, o.value_converted,
                       o.unit_converted) for o in s.list_observations(plan_id=PLAN))
    finally:
        s.dispose()


def test_cli_form_api_and_upload_accept_and_refuse_alike(new_db: Callable[[], str], tmp_path: Path) -> None:
    from guihua.web.app import Settings
    from tests.integration.web_fixture import add_accounts, signed_in

    cli_db, form_db, api_db, upload_db = _db(new_db), _db(new_db), _db(new_db), _db(new_db)
    for url in (form_db, api_db, upload_db):  # entering values needs an account that may: the planning office
        add_accounts(url, ("planner",))
    form = signed_in(Settings(database_url=form_db), "planner")
    api = signed_in(Settings(database_url=api_db), "planner")
    for k, (row, refused) in enumerate(CASES):
        # the CLI: a one-row file
        path = tmp_path / f"row{k}.csv"
        path.write_text(_csv([row]), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = run(["import-actuals", str(path), "--plan", PLAN, "--db", cli_db], IO(stdout=out, stderr=err, environ={}))
        # the web form, as a browser sends it (the measure select defaults to level)
        sent = {**_full(row), "measure": row.get("measure") or "level"}
        page = form.post(f"/plans/{PLAN}/entry", data=sent, follow_redirects=False)
        # the JSON API
        body = {k2: v for k2, v in _full(row).items() if v}
        body.setdefault("indicator", "")
        body.setdefault("value", "")
        answer = api.post(f"/api/plans/{PLAN}/observations", json=body)
        if refused is None:
            assert code == 0, (row, err.getvalue())
            assert page.status_code == 303, (row, page.text[-800:])
            assert answer.status_code == 201, (row, answer.text)
            continue
        assert code == 2, row
        assert page.status_code == 422 and answer.status_code == 422, row
        problems = answer.json()["problems"]
        assert [p["field"] for p in problems] == [refused], (row, problems)
        reason = problems[0]["reason"]
        assert reason in err.getvalue(), (row, reason, err.getvalue())
        assert reason in html.unescape(page.text), (row, reason)
        assert re.search(rf'name="{refused}"[^>]*aria-invalid="true"', page.text), (row, refused)
    # the upload: all rows in one file are refused (one bad row refuses the file), listing the same reasons
    up = signed_in(Settings(database_url=upload_db), "planner")
    all_rows = _csv([r for r, _ in CASES]).encode("utf-8")
    answer = up.post(f"/api/plans/{PLAN}/observations/upload", files={"file": ("全部.csv", all_rows, "text/csv")})
    assert answer.status_code == 422
    refused_lines = sorted({p["line"] for p in answer.json()["problems"]})
    assert refused_lines == [k + 2 for k, (_, refused) in enumerate(CASES) if refused]
    good = _csv([r for r, refused in CASES if refused is None]).encode("utf-8")
    assert up.post(f"/api/plans/{PLAN}/observations/upload",
                   files={"file": ("好.csv", good, "text/csv")}).status_code == 201
    # every channel stored the same values
    stored = _stored(cli_db)
    assert len(stored) == sum(1 for _, refused in CASES if refused is None)
    assert _stored(form_db) == stored and _stored(api_db) == stored and _stored(upload_db) == stored
    by = {(n, p, m): (v, vs, u, vc, uc) for n, p, m, v, vs, u, vc, uc in stored}
    assert by[("地区生产总值", "2019", "level")] == (3300.0, None, "亿元", 3300.0, "亿元")
    assert by[("森林覆盖率", "2018", "level")] == (49.2, None, "%", 49.2, "%")
    assert by[("地区生产总值", "2016", "growth")][2] == "%"
    assert by[("三次产业结构", "2017", "structure")][1] == [11.0, 45.0, 44.0]
