"""Cost as the document grows, and on hostile input: time per 100,000 characters and peak memory.

1. The seed concatenated 1, 4 and 16 times (x16 is about 1 MB): CPU seconds of each step (read and
   repair, outline, targets, projects) per 100,000 characters, and the peak memory of the process.
   Each size runs in a fresh process so peak memory is its own; CPU time rather than wall time,
   so that other work on a shared machine does not blur the ratio. Linear cost means flat figures
   per 100,000 characters; the line "x16 / x4" gives the ratio of whole times (4 means linear).
2. Hostile inputs under 1 MB (the same generators the bad-input tests use): each command's time.

Prints numbers, asserts nothing. `python benchmarks/bench_scaling.py` runs it alone.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"
SIZES = (1, 4, 16)
STEPS = ("read", "outline", "targets", "projects")


# --- hostile inputs (also used by tests/unit/test_hostile_inputs.py) ----------------------------


def heading_storm() -> str:
    """"第一章 " 50,000 times: 300 KB of headings and nothing else."""
    return "第一章 " * 50_000


def heading_lines() -> str:
    """The same chapter heading on 30,000 lines."""
    return "第一章 发展环境\n" * 30_000


def numbered_storm() -> str:
    """40,000 chapters in sequence on one line ("第1章 第2章 …")."""
    return "".join(f"第{i}章 " for i in range(1, 40_000))


def one_long_line() -> str:
    """One line of about 1 MB without a full stop: clauses with figures, separated by commas."""
    return ("地区生产总值年均增长7.5%，城镇化率达到60%，新建学校35所，" * 30_000)[:330_000]


def deep_nesting() -> str:
    """Every level at once, over and over: 篇 章 节 条 （一） boxes, 8,000 times."""
    return "".join(
        f"第{i % 9 + 1}篇 总体\n第{i % 9 + 1}章 目标\n第{i % 9 + 1}节 任务\n{i % 50 + 1}、项目。\n（{i % 9 + 1}）工程\n专栏{i % 30 + 1}：重点\n"
        for i in range(8_000)
    )


def nested_brackets() -> str:
    """Brackets and quotation marks opened 50,000 times before any is closed."""
    return "（“规划" * 50_000 + "”）" * 50_000


def many_numbers() -> str:
    """100,000 numbers, some with units, separated by commas (under 1 MB)."""
    units = ("%", "个", "", "万", "")
    return "，".join(f"{(i * 7919) % 9_973 / 10:g}{units[i % 5]}" for i in range(100_000))


def spaced_headings() -> str:
    """OCR-spaced headings "第 一 章 " 40,000 times."""
    return "第 一 章 " * 40_000


def wide_spaced_line() -> str:
    """One line of characters each followed by two wide spaces (a spaced-out title gone wild)."""
    return "字\u3000\u3000" * 100_000


HOSTILE: dict[str, Callable[[], str]] = {
    "heading_storm": heading_storm,
    "heading_lines": heading_lines,
    "numbered_storm": numbered_storm,
    "one_long_line": one_long_line,
    "deep_nesting": deep_nesting,
    "nested_brackets": nested_brackets,
    "many_numbers": many_numbers,
    "spaced_headings": spaced_headings,
    "wide_spaced_line": wide_spaced_line,
}
COMMANDS = ("outline", "check", "targets", "projects")


# --- children ---------------------------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _child_seed(times: int, repeat: int) -> None:
    sys.path.insert(0, str(ROOT))
    from guihua.documents import build_outline, read_text
    from guihua.extraction import extract_targets
    from guihua.extraction.projects import extract_projects

    seed = SEED.read_text(encoding="utf-8")
    text = "\n".join([seed] * times)
    best = {s: float("inf") for s in STEPS}
    for _ in range(repeat):
        t0 = time.process_time()
        doc = read_text(text, "seed")
        t1 = time.process_time()
        root = build_outline(doc)
        t2 = time.process_time()
        extract_targets(doc, root)
        t3 = time.process_time()
        extract_projects(doc, root)
        t4 = time.process_time()
        for step, dt in zip(STEPS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            best[step] = min(best[step], dt)
    print(json.dumps({"chars": len(text), "cpu": best, "peak_mb": _peak_mb()}))


def _child_command(command: str, path: str) -> None:
    import io

    sys.path.insert(0, str(ROOT))
    from guihua.cli.main import IO, run

    t0 = time.process_time()
    code = run([command, path], IO(stdout=io.StringIO(), stderr=io.StringIO(), environ={}))
    print(json.dumps({"cpu": time.process_time() - t0, "code": code, "peak_mb": _peak_mb()}))


def _child(args: list[str], timeout: float) -> dict[str, object] | None:
    try:
        proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "?"}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- main -------------------------------------------------------------------------------------


def main() -> None:
    print("seed concatenated: CPU seconds per 100,000 characters (best of runs), peak memory")
    print(f"  {'size':5s} {'chars':>9s} " + " ".join(f"{s:>9s}" for s in STEPS) + f" {'total':>9s} {'peak MB':>8s}")
    totals: dict[int, float] = {}
    extraction: dict[int, float] = {}
    for times in SIZES:
        r = _child(["--seed", str(times), "3" if times < 16 else "2"], timeout=900)
        if r is None or "error" in r:
            print(f"  x{times}: failed ({r})")
            continue
        chars = int(r["chars"])  # type: ignore[call-overload]
        cpu: dict[str, float] = r["cpu"]  # type: ignore[assignment]
        per = {s: cpu[s] * 100_000 / chars for s in STEPS}
        totals[times] = sum(cpu.values())
        extraction[times] = cpu["outline"] + cpu["targets"]
        print(f"  x{times:<4d} {chars:9d} " + " ".join(f"{per[s]:9.3f}" for s in STEPS)
              + f" {totals[times] * 100_000 / chars:9.3f} {float(r['peak_mb']):8.0f}")  # type: ignore[arg-type]
    if 4 in totals and 16 in totals:
        print(f"  x16 / x4: extraction (outline + targets) {extraction[16] / extraction[4]:.2f}, "
              f"all steps {totals[16] / totals[4]:.2f}  (4.00 is linear; the limit is 5)")
    print("hostile input: CPU seconds per command (exit code; peak MB)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in HOSTILE.items():
            path = Path(tmp) / f"{name}.txt"
            path.write_text(make(), encoding="utf-8")
            cells = []
            for command in COMMANDS:
                r = _child(["--command", command, str(path)], timeout=120)
                if r is None:
                    cells.append(f"{command} >120 s")
                elif "error" in r:
                    cells.append(f"{command} error")
                else:
                    cells.append(f"{command} {float(r['cpu']):.2f} s ({r['code']}; {float(r['peak_mb']):.0f})")  # type: ignore[arg-type]
            size = path.stat().st_size
            print(f"  {name:16s} {size / 1024:6.0f} KB  " + "  ".join(cells))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--seed":
        _child_seed(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--command":
        _child_command(sys.argv[2], sys.argv[3])
    else:
        main()
