"""`guihua annual-targets`, `guihua warnings`, `guihua scorecard` on the demo database: JSON shapes and the
demo's warnings with their real reasons."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import load_workbook

from guihua.cli.main import IO, run
from guihua.store.demo import PLAN_ID, build_demo_database


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


def test_annual_targets_warnings_and_scorecard(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo_database(url)
    code, out, err = _cli("annual-targets", "--plan", PLAN_ID, "--json", "--db", url)
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all(set(r) == {"id", "target_id", "indicator", "kind", "year", "value", "unit", "method",
                                   "row_version"} for r in rows)
    gdp = {r["year"]: r["value"] for r in rows if r["indicator"] == "地区生产总值" and r["kind"] == "level"}
    assert abs(gdp[2016] - 2601.57 * (4000 / 2601.57) ** (1 / 5)) < 1e-6  # the demo proposes at build

    code, out, err = _cli("warnings", "--plan", PLAN_ID, "--year", "2020", "--json", "--db", url)
    assert code == 0, err
    found = json.loads(out)
    keys = {"level", "kind", "target_id", "indicator", "lead_unit", "reason"}
    for w in found:
        assert set(w) == keys | ({"projected_value"} if w["kind"] == "projected_miss" else set())
        assert w["level"] in ("red", "yellow", "grey")
    # the Hengyang 2020 figures: GDP grew 7.4 % a year against 9 % (expected indicator: yellow)
    gdp_w = [w for w in found if w["indicator"] == "地区生产总值" and "7.4%" in w["reason"]]
    assert gdp_w and gdp_w[0]["level"] == "yellow" and gdp_w[0]["kind"] == "behind"
    code, out, err = _cli("warnings", "--plan", PLAN_ID, "--year", "2020", "--db", url)
    assert code == 0 and "2020 年预警" in out

    xlsx = tmp_path / "考核.xlsx"
    code, out, err = _cli("scorecard", "--plan", PLAN_ID, "--year", "2020", "--json", "--out", str(xlsx), "--db", url)
    assert code == 0, err
    cards = json.loads(out)
    assert all(set(c) == {"unit", "kind", "statuses", "indicators", "timeliness", "projects", "late_projects"}
               for c in cards)
    assert load_workbook(xlsx).sheetnames[0] == "汇总"
    code, _, err = _cli("warnings", "--plan", PLAN_ID, "--year", "2020", "--today", "2020-13-01", "--db", url)
    assert code == 2 and "--today" in err
