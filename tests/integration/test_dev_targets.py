"""`guihua targets` on the development set (real work reports and a plan of other places and years,
tests/data/eval/dev), scored by the official scorer: the issue 10 floors per document."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from tests.conftest import EVAL

DEV = EVAL / "dev"
SCORER = EVAL / "score_targets.py"
DOCUMENTS = {
    "shanghai_2021": ("docs/shanghai_gov_report_2021.txt", "shanghai_2021.jsonl"),
    "hailar_2018": ("docs/hailar_district_gov_report_2018.txt", "hailar_2018.jsonl"),
    "national_10th": ("docs/national_10th_fyp_outline_punct_stripped.txt", "national_10th.jsonl"),
}


def figures(name: str, tmp: Path) -> dict:
    doc, gold = (DEV / p for p in DOCUMENTS[name])
    out = io.StringIO()
    assert run(["targets", str(doc)], IO(stdout=out, stderr=io.StringIO())) == 0
    pred = tmp / f"{name}.jsonl"
    pred.write_text(out.getvalue(), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORER), str(doc), str(gold), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    result: dict = json.loads(proc.stdout)
    return result


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_dev_document_floors(name: str, tmp_path: Path) -> None:
    r = figures(name, tmp_path)
    assert r["found_f1"] >= 0.95, r
    assert r["exact_f1"] >= 0.80, r


def test_work_report_statements_carry_direction_on_growth_and_change(tmp_path: Path) -> None:
    doc = DEV / DOCUMENTS["shanghai_2021"][0]
    out = io.StringIO()
    assert run(["targets", str(doc)], IO(stdout=out, stderr=io.StringIO())) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    moving = [r for r in rows if r["kind"] in ("growth", "change")]
    assert moving and all(r.get("direction") in ("increase", "decrease") for r in moving)
    assert {r["year"] for r in rows if r["type"] == "target" and r["kind"] != "milestone"} <= {2021, 2025}
