"""Project extraction: the scorer's figures per document (the seed and the dev set's real documents),
per gold action on the seed, the time per document, and the time on the seed repeated 1, 2 and 4
times (extraction should stay linear in the document's length)."""

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
DEV = EVAL / "dev"
DOCUMENTS = (
    ("seed (衡阳十三五规划)", SEED, EVAL / "seed_projects_gold.jsonl"),
    ("hailar_2018 (区政府工作报告)", DEV / "docs" / "hailar_district_gov_report_2018.txt",
     DEV / "hailar_2018_projects.jsonl"),
    ("national_10th (国家十五计划)", DEV / "docs" / "national_10th_fyp_outline_punct_stripped.txt",
     DEV / "national_10th_projects.jsonl"),
)


def _timed(fn, runs: int = 5):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[0], times[len(times) // 2], result


def _write(mentions, shift: int) -> str:  # type: ignore[no-untyped-def]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for m in mentions:
            d = m.to_dict()
            d["start"] += shift  # the scorer keeps a byte-order mark as a character
            d["end"] += shift
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return f.name


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from guihua.documents import build_outline, read, read_text
    from guihua.extraction.projects import extract_projects

    scorer = EVAL / "score_projects.py"
    t = time.perf_counter()
    extract_projects(read_text("第一章 任务\n\n建成青石湾大桥。\n"))  # load jieba and the lexicons once
    print(f"first call (segmenter dictionary and lexicons): {time.perf_counter() - t:.2f} s")
    print("document\tchars\tbest s\tmedian s\tmentions\tfound F1\texact P\texact R\texact F1")
    seed_preds = ""
    for label, path, gold in DOCUMENTS:
        if not path.exists() or not gold.exists():
            print(f"{label}: not found; skipped")
            continue
        doc = read(path)
        root = build_outline(doc)
        extract_projects(doc, root)  # warm the word caches for this document
        best, median, mentions = _timed(lambda doc=doc, root=root: extract_projects(doc, root))
        shift = 1 if path.read_text(encoding="utf-8").startswith("\ufeff") else 0
        pred = _write(mentions, shift)
        if path == SEED:
            seed_preds = pred
        proc = subprocess.run([sys.executable, str(scorer), str(path), str(gold), pred, "--json"],
                              capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout)
        print(f"{label}\t{len(doc.raw)}\t{best:.3f}\t{median:.3f}\t{len(mentions)}\t{r['found_f1']:.3f}\t"
              f"{r['exact_precision']:.3f}\t{r['exact_recall']:.3f}\t{r['exact_f1']:.3f}")
    _linearity()
    if seed_preds:
        _per_action(seed_preds)


def _linearity() -> None:
    from guihua.documents import build_outline, read_text
    from guihua.extraction.projects import extract_projects

    text = SEED.read_text(encoding="utf-8")
    print("the seed repeated k times (linear: time / k stays flat)")
    base = None
    for k in (1, 2, 4):
        doc = read_text(text * k)
        root = build_outline(doc)
        extract_projects(doc, root)
        best, _, mentions = _timed(lambda doc=doc, root=root: extract_projects(doc, root), runs=3)
        base = base or best
        print(f"  x{k}\t{len(doc.raw)} chars\t{best:.3f} s\t{best / k:.3f} s per copy\t"
              f"ratio to x1 {best / base:.2f}\t{len(mentions)} mentions")


def _per_action(pred: str) -> None:
    sys.path.insert(0, str(EVAL))
    import score_projects as sp  # type: ignore[import-not-found]

    gold = EVAL / "seed_projects_gold.jsonl"
    raw = SEED.read_text(encoding="utf-8")
    golds = sp.load_jsonl(gold)
    preds = sp.load_jsonl(pred)
    _, missed, spurious = sp.score(raw, golds, preds)
    missed_ids = {id(g) for g in missed}
    total = Counter(g["action"] for g in golds)
    found = Counter(g["action"] for g in golds if id(g) not in missed_ids)
    predicted = Counter(p["action"] for p in preds)
    wrong = Counter(p["action"] for p in spurious)
    print("seed, per gold action: gold / found (recall) / predicted / spurious")
    for action, n in total.most_common():
        print(f"  {action}\t{n}\t{found[action]} ({found[action] / n:.3f})\t{predicted[action]}\t{wrong[action]}")


if __name__ == "__main__":
    main()
