"""Extraction on the seed: the scorer's figures and the time to extract the whole seed."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"
EVAL = ROOT / "tests" / "data" / "eval"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from guihua.cli.targets import load_document
    from guihua.extraction import extract_targets

    doc = load_document(str(SEED))
    extract_targets(doc)  # warm the lexicon caches
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        result = extract_targets(doc)
        runs.append(time.perf_counter() - t)
    print(f"extraction of the seed: best {min(runs):.3f} s, median {sorted(runs)[2]:.3f} s "
          f"({len(result.statements)} statements)")
    print(f"period: {result.period_source}")
    scorer, gold = EVAL / "score_targets.py", EVAL / "seed_gold.jsonl"
    if not scorer.exists():
        print("scorer not found; skipped")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for s in result.statements:
            f.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
    proc = subprocess.run([sys.executable, str(scorer), str(SEED), str(gold), f.name],
                          capture_output=True, text=True)
    print(proc.stdout.rstrip())
    # per kind: found and exact counts by the gold kind
    sys.path.insert(0, str(EVAL))
    import score_targets as st  # type: ignore[import-not-found]

    raw = SEED.read_text(encoding="utf-8")
    golds = st.load_jsonl(gold)
    preds = st.load_jsonl(f.name)
    _, missed, _, wrong = st.score(raw, golds, preds)
    per = Counter((g["type"], g["kind"]) for g in golds)
    miss = Counter((g["type"], g["kind"]) for g in missed)
    bad = Counter((g["type"], g["kind"]) for _, g in wrong)
    print("per kind (gold / found / exact):")
    for k in sorted(per):
        found = per[k] - miss[k]
        print(f"  {k[0]:8s} {k[1]:10s} {per[k]:4d} {found:4d} {found - bad[k]:4d}")
    Path(f.name).unlink()


if __name__ == "__main__":
    main()
