"""The seed plan end to end through `guihua targets`, scored by the shared scorer."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from guihua.cli.main import IO, run
from tests.conftest import EVAL, SEED

SCORER = EVAL / "score_targets.py"
GOLD = EVAL / "seed_gold.jsonl"



@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out, err = io.StringIO(), io.StringIO()
    assert run(["targets", str(SEED)], IO(stdout=out, stderr=err)) == 0
    pred = tmp_path_factory.mktemp("targets") / "pred.jsonl"
    pred.write_text(out.getvalue(), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORER), str(SEED), str(GOLD), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_found_f1(figures: dict) -> None:
    assert figures["found_f1"] >= 0.99  # issue 10: the seed keeps its scores


def test_exact_f1(figures: dict) -> None:
    assert figures["exact_f1"] >= 0.93


def test_quotes_are_raw_spans(seed_raw: str) -> None:
    out = io.StringIO()
    assert run(["targets", str(SEED)], IO(stdout=out, stderr=io.StringIO())) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows
    for r in rows:
        assert seed_raw[r["start"]:r["end"]] == r["quote"]
        assert r["type"] in ("target", "baseline")
        assert r["section"]


def test_bad_input_is_one_line_exit_2(tmp_path) -> None:
    err = io.StringIO()
    assert run(["targets", str(tmp_path / "missing.txt")], IO(stdout=io.StringIO(), stderr=err)) == 2
    assert len(err.getvalue().strip().splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    err = io.StringIO()
    assert run(["targets", str(empty)], IO(stdout=io.StringIO(), stderr=err)) == 2
    err = io.StringIO()
    assert run(["targets", str(SEED), "--period", "2020"], IO(stdout=io.StringIO(), stderr=err)) == 2
    assert "--period" in err.getvalue()


def test_csv_and_table(seed_raw: str) -> None:
    for fmt in ("csv", "table"):
        out = io.StringIO()
        assert run(["targets", str(SEED), "--format", fmt], IO(stdout=out, stderr=io.StringIO())) == 0
        assert len(out.getvalue().splitlines()) > 300
