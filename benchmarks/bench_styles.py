"""Target extraction quality on short documents in other plan styles (tests/data/styles/).

Each DOC.txt has a hand-written gold DOC.gold.jsonl (annotated per tests/data/eval/GUIDELINE.md
before looking at guihua's output). Prints found/exact F1 per document; no assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STYLES = ROOT / "tests" / "data" / "styles"
SCORER = ROOT / "tests" / "data" / "eval" / "score_targets.py"


def score(doc: Path) -> dict[str, float]:
    """Run `guihua targets` on doc and score it with the official scorer."""
    pred = subprocess.run(
        [sys.executable, "-c", "from guihua.cli.main import main; main()", "targets", str(doc)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write(pred)
    gold = doc.with_suffix(".gold.jsonl")
    out = subprocess.run(
        [sys.executable, str(SCORER), str(doc), str(gold), fh.name, "--json"],
        capture_output=True, text=True, check=True,
    ).stdout
    Path(fh.name).unlink()
    result: dict[str, float] = json.loads(out)
    return result


def main() -> None:
    if not SCORER.exists():
        print(f"styles: scorer not found at {SCORER}")
        return
    for doc in sorted(STYLES.glob("*.txt")):
        r = score(doc)
        print(f"styles {doc.stem}: gold {r['gold']} found F1 {r['found_f1']:.3f} exact F1 {r['exact_f1']:.3f}")


if __name__ == "__main__":
    main()
