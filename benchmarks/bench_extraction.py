"""Extraction quality and speed: the official scorer's figures on the seed and on the development set
(real documents of other kinds, places and years, tests/data/eval/dev), per document and per kind,
and the time to extract the whole seed."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"
EVAL = ROOT / "tests" / "data" / "eval"
DEV = EVAL / "dev"
# (name, document, gold): the seed first, then the development set
DOCUMENTS = (
    ("seed", SEED, EVAL / "seed_gold.jsonl"),
    ("shanghai_2021", DEV / "docs" / "shanghai_gov_report_2021.txt", DEV / "shanghai_2021.jsonl"),
    ("hailar_2018", DEV / "docs" / "hailar_district_gov_report_2018.txt", DEV / "hailar_2018.jsonl"),
    ("national_10th", DEV / "docs" / "national_10th_fyp_outline_punct_stripped.txt", DEV / "national_10th.jsonl"),
)


def score(path: Path, gold: Path) -> tuple[dict, Counter, Counter, Counter]:
    """The scorer's result for `guihua targets` on `path`, and gold / found / exact counts per kind."""
    from guihua.cli.targets import load_document
    from guihua.extraction import extract_targets

    sys.path.insert(0, str(EVAL))
    import score_targets as st  # type: ignore[import-not-found]

    preds = [json.loads(json.dumps(s.to_dict(), ensure_ascii=False))
             for s in extract_targets(load_document(str(path))).statements]
    golds = st.load_jsonl(gold)
    result, missed, _, wrong = st.score(path.read_text(encoding="utf-8"), golds, preds)
    per = Counter((g["type"], g["kind"]) for g in golds)
    miss = Counter((g["type"], g["kind"]) for g in missed)
    bad = Counter((g["type"], g["kind"]) for _, g in wrong)
    found = Counter({k: per[k] - miss[k] for k in per})
    exact = Counter({k: found[k] - bad[k] for k in per})
    return result, per, found, exact


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from guihua.cli.targets import load_document
    from guihua.extraction import extract_targets

    doc = load_document(str(SEED))
    extract_targets(doc)  # warm the lexicon and segmenter caches
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        result = extract_targets(doc)
        runs.append(time.perf_counter() - t)
    print(f"extraction of the seed: best {min(runs):.3f} s, median {sorted(runs)[2]:.3f} s "
          f"({len(result.statements)} statements)")
    print(f"period: {result.period_source}")
    if not (EVAL / "score_targets.py").exists():
        print("scorer not found; skipped")
        return
    print("targets scored by tests/data/eval/score_targets.py (found F1 / exact F1; floors: seed 0.99 / 0.93, "
          "dev 0.95 / 0.80)")
    print(f"  {'document':14s} {'gold':>5s} {'pred':>5s} {'found':>6s} {'exact':>6s}  field accuracy on found")
    kinds: list[tuple[str, Counter, Counter, Counter]] = []
    for name, path, gold in DOCUMENTS:
        if not path.exists() or not gold.exists():
            print(f"  {name:14s} missing")
            continue
        r, per, found, exact = score(path, gold)
        fields = " ".join(f"{k} {v:.2f}" for k, v in r["field_accuracy"].items())
        print(f"  {name:14s} {r['gold']:5d} {r['predicted']:5d} {r['found_f1']:6.3f} {r['exact_f1']:6.3f}  {fields}")
        kinds.append((name, per, found, exact))
    print("per kind (gold / found / exact):")
    for name, per, found, exact in kinds:
        cells = "  ".join(f"{t[:4]}.{k} {per[(t, k)]}/{found[(t, k)]}/{exact[(t, k)]}" for t, k in sorted(per))
        print(f"  {name:14s} {cells}")


if __name__ == "__main__":
    main()
