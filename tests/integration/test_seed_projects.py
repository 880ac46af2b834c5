"""The seed plan end to end through `guihua projects`, scored by the shared scorer."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from guihua.cli.main import IO, run
from tests.conftest import EVAL, SEED

SCORER = EVAL / "score_projects.py"
GOLD = EVAL / "seed_projects_gold.jsonl"
ACTIONS = {"新建", "建成", "续建", "改扩建", "迁建", "推进", "前期", "举办"}



@pytest.fixture(scope="module")
def rows() -> list[dict]:
    out = io.StringIO()
    assert run(["projects", str(SEED)], IO(stdout=out, stderr=io.StringIO())) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture(scope="module")
def figures(rows: list[dict], tmp_path_factory: pytest.TempPathFactory) -> dict:
    pred = tmp_path_factory.mktemp("projects") / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORER), str(SEED), str(GOLD), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_found_f1(figures: dict) -> None:
    assert figures["found_f1"] >= 0.90


def test_exact_f1(figures: dict) -> None:
    assert figures["exact_f1"] >= 0.80


def test_records_are_raw_spans_with_fields(rows: list[dict], seed_raw: str) -> None:
    assert rows
    for r in rows:
        assert seed_raw[r["start"]:r["end"]] == r["quote"]
        assert r["start"] <= r["name_start"] < r["name_end"] <= r["end"]
        assert r["action"] in ACTIONS
        assert r["category"] and r["node_id"]
        assert (r["box"] is None) or (r["article"] is None)


def test_projects_are_placed_in_counties(rows: list[dict]) -> None:
    placed = [r for r in rows if r["places"]]
    assert len(placed) >= 100
    assert any("耒阳" in r["places"] for r in rows)


def test_csv_and_table_formats(tmp_path) -> None:
    for fmt in ("csv", "table"):
        out = io.StringIO()
        assert run(["projects", str(SEED), "--format", fmt], IO(stdout=out, stderr=io.StringIO())) == 0
        assert len(out.getvalue().splitlines()) > 400
    err = io.StringIO()
    assert run(["projects", str(tmp_path / "missing.txt")], IO(stdout=io.StringIO(), stderr=err)) == 2
    assert len(err.getvalue().strip().splitlines()) == 1
