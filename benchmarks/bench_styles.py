"""Extraction quality on documents in other plan styles (tests/data/styles/).

Each DOC.txt has a hand-written targets gold DOC.gold.jsonl (tests/data/eval/GUIDELINE.md) and may have
a projects gold DOC.projects.jsonl (tests/data/eval/PROJECTS_GUIDELINE.md), both annotated before looking
at guihua's output. Prints found/exact F1 per document for targets and, where a projects gold exists,
for projects; no assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STYLES = ROOT / "tests" / "data" / "styles"
EVAL = ROOT / "tests" / "data" / "eval"
SCORER = EVAL / "score_targets.py"
PROJECT_SCORER = EVAL / "score_projects.py"


def _scored(command: str, doc: Path, gold: Path, scorer: Path) -> dict[str, float]:
    """Run `guihua COMMAND doc` and score its JSONL output against gold with the official scorer."""
    pred = subprocess.run(
        [sys.executable, "-c", "from guihua.cli.main import main; main()", command, str(doc)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write(pred)
    try:
        out = subprocess.run(
            [sys.executable, str(scorer), str(doc), str(gold), fh.name, "--json"],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        Path(fh.name).unlink()
    result: dict[str, float] = json.loads(out)
    return result


def score(doc: Path) -> dict[str, float]:
    """Targets and baselines of doc (`guihua targets`) scored against DOC.gold.jsonl."""
    return _scored("targets", doc, doc.with_suffix(".gold.jsonl"), SCORER)


def project_gold(doc: Path) -> Path:
    return doc.with_suffix(".projects.jsonl")


def score_projects(doc: Path) -> dict[str, float] | None:
    """Projects of doc (`guihua projects`) scored against DOC.projects.jsonl; None without that gold."""
    gold = project_gold(doc)
    if not gold.exists():
        return None
    return _scored("projects", doc, gold, PROJECT_SCORER)


def main() -> None:
    if not SCORER.exists():
        print(f"styles: scorer not found at {SCORER}")
        return
    for doc in sorted(STYLES.glob("*.txt")):
        r = score(doc)
        print(f"styles {doc.stem}: targets gold {r['gold']} found F1 {r['found_f1']:.3f} "
              f"exact F1 {r['exact_f1']:.3f}")
        p = score_projects(doc)
        if p is not None:
            print(f"styles {doc.stem}: projects gold {p['gold']} found F1 {p['found_f1']:.3f} "
                  f"exact F1 {p['exact_f1']:.3f}")


if __name__ == "__main__":
    main()
