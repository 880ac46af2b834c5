"""Project extraction on the seed: the scorer's figures (overall and per gold action) and the time."""

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
    from guihua.documents import build_outline, read
    from guihua.extraction.projects import extract_projects

    doc = read(SEED)
    root = build_outline(doc)
    extract_projects(doc, root)  # warm the lexicon caches
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        mentions = extract_projects(doc, root)
        runs.append(time.perf_counter() - t)
    print(f"project extraction of the seed: best {min(runs):.3f} s, median {sorted(runs)[2]:.3f} s "
          f"({len(mentions)} mentions)")
    scorer, gold = EVAL / "score_projects.py", EVAL / "seed_projects_gold.jsonl"
    if not scorer.exists() or not gold.exists():
        print("scorer not found; skipped")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for m in mentions:
            f.write(json.dumps(m.to_dict(), ensure_ascii=False) + "\n")
    proc = subprocess.run([sys.executable, str(scorer), str(SEED), str(gold), f.name],
                          capture_output=True, text=True)
    print(proc.stdout.rstrip())
    sys.path.insert(0, str(EVAL))
    import score_projects as sp

    raw = SEED.read_text(encoding="utf-8")
    golds = sp.load_jsonl(gold)
    preds = sp.load_jsonl(f.name)
    _, missed, spurious = sp.score(raw, golds, preds)
    missed_ids = {id(g) for g in missed}
    total = Counter(g["action"] for g in golds)
    found = Counter(g["action"] for g in golds if id(g) not in missed_ids)
    predicted = Counter(p["action"] for p in preds)
    wrong = Counter(p["action"] for p in spurious)
    print("per gold action: gold / found (recall) / predicted / spurious")
    for action, n in total.most_common():
        print(f"  {action}\t{n}\t{found[action]} ({found[action] / n:.3f})\t{predicted[action]}\t"
              f"{wrong[action]}")
    exact_by_action: Counter[str] = Counter()
    # exact per action from the scorer's own matching on the subset of each gold action
    for action in total:
        sub = [g for g in golds if g["action"] == action]
        r, _, _ = sp.score(raw, sub, [p for p in preds if p["action"] == action])
        exact_by_action[action] = r["exact"]
    print("exact matches per action (gold and prediction restricted to that action): "
          + ", ".join(f"{a} {exact_by_action[a]}/{total[a]}" for a, _ in total.most_common()))


if __name__ == "__main__":
    main()
