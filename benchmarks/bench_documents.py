"""Reading and outlining the bundled seed: time, tree counts, repairs, agreement with the gold sections."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from pathlib import Path

from guihua.documents import build_outline, locate, read, section_label
from guihua.documents.quotes import quote_index

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"
GOLD = ROOT / "tests" / "data" / "eval" / "seed_gold.jsonl"
DEV = ROOT / "tests" / "data" / "eval" / "dev" / "docs"


def _gold_agreement(raw: str, root: object) -> tuple[int, int]:
    index = quote_index(raw)
    agree = total = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        labels = {section_label(locate(root, start)) for start, _ in index.find(g["quote"])}  # type: ignore[arg-type]
        total += 1
        agree += g.get("section") in labels
    return agree, total


def main() -> None:
    read_times, outline_times = [], []
    for _ in range(7):
        t0 = time.perf_counter()
        doc = read(SEED)
        t1 = time.perf_counter()
        root = build_outline(doc)
        t2 = time.perf_counter()
        read_times.append(t1 - t0)
        outline_times.append(t2 - t1)
    r, o = statistics.median(read_times), statistics.median(outline_times)
    print(f"seed read (decode + repair): {r * 1000:.1f} ms  outline: {o * 1000:.1f} ms  "
          f"total: {(r + o) * 1000:.1f} ms  (median of 7; {len(doc.raw)} characters)")
    kinds = Counter(n.kind for n in root.walk())
    print("tree: " + ", ".join(f"{k} {kinds[k]}" for k in
                               ("chapter", "section", "article", "box", "box_item", "figure", "paragraph")))
    repairs = Counter((x.kind, x.applied) for x in doc.repairs)
    print("repairs: " + ", ".join(f"{k}{'' if a else ' (warning)'} {c}" for (k, a), c in sorted(repairs.items())))
    if GOLD.exists():
        agree, total = _gold_agreement(doc.raw, root)
        print(f"gold section labels agreeing: {agree}/{total} ({agree / total:.1%})")
    # the development set's documents (damaged real text): the tree's counts and time
    for path in sorted(DEV.glob("*.txt")):
        t0 = time.perf_counter()
        dev = read(path)
        tree = build_outline(dev)
        dt = time.perf_counter() - t0
        kinds = Counter(n.kind for n in tree.walk())
        counts = ", ".join(f"{k} {kinds[k]}" for k in ("part", "chapter", "section", "article", "box") if kinds[k])
        print(f"dev {path.stem}: {counts or 'no headings'}; {dt * 1000:.0f} ms")


if __name__ == "__main__":
    main()
