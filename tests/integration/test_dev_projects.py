"""Project extraction on the real documents of the dev set (a district work report, a national plan)
and the seed, scored by the shared scorer against their gold: the floors of issue 11.

Offsets: `guihua projects` gives offsets into the text as guihua reads it; the scorer reads the
file with open(path, encoding="utf-8"), which keeps a byte-order mark as one character, so the
offsets are shifted by it for scoring.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from tests.conftest import EVAL, SEED

SCORER = EVAL / "score_projects.py"
DEV = EVAL / "dev"
CASES = {
    "hailar_2018": (DEV / "docs" / "hailar_district_gov_report_2018.txt", DEV / "hailar_2018_projects.jsonl", 0.70),
    "national_10th": (DEV / "docs" / "national_10th_fyp_outline_punct_stripped.txt",
                      DEV / "national_10th_projects.jsonl", 0.70),
    "seed": (SEED, EVAL / "seed_projects_gold.jsonl", 0.90),
}


def _score(doc: Path, gold: Path, tmp: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    assert run(["projects", str(doc)], IO(stdout=out, stderr=err)) == 0, err.getvalue()
    shift = 1 if doc.read_text(encoding="utf-8").startswith("\ufeff") else 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    pred = tmp / f"{doc.stem}.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for r in rows:
            r["start"] += shift
            r["end"] += shift
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    proc = subprocess.run([sys.executable, str(SCORER), str(doc), str(gold), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


@pytest.mark.parametrize("case", sorted(CASES))
def test_exact_f1_floor(case: str, tmp_path: Path) -> None:
    doc, gold, floor = CASES[case]
    figures = _score(doc, gold, tmp_path)
    assert figures["exact_f1"] >= floor, figures
