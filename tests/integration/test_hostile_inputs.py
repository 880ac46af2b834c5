"""Hostile input under 1 MB: every command finishes (a generous guard against hangs, not a speed test).

The inputs come from benchmarks/bench_scaling.py, which prints the time each command takes on them:
heading storms ("第一章 " 50,000 times), a line of about 1 MB, every level nested over and over,
brackets opened 50,000 times, 100,000 numbers, OCR-spaced headings. Before the cost was made
linear, the heading storm alone took minutes.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUARD = 60  # seconds per command; they take a few seconds

# Runs the four commands in one process (one import of guihua), one JSON line per command.
DRIVER = """
import io, json, sys, time
from guihua.cli.main import IO, run
path = sys.argv[1]
for command in ("outline", "check", "targets", "projects"):
    out, err = io.StringIO(), io.StringIO()
    t = time.perf_counter()
    code = run([command, path], IO(stdout=out, stderr=err, environ={}))
    print(json.dumps({"command": command, "code": code, "seconds": time.perf_counter() - t,
                      "first": out.getvalue().split("\\n", 1)[0], "err": err.getvalue()[-300:]}), flush=True)
"""


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scaling", ROOT / "benchmarks" / "bench_scaling.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


BENCH = _bench()


@pytest.mark.parametrize("name", sorted(BENCH.HOSTILE))
def test_every_command_finishes_on_hostile_input(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text(BENCH.HOSTILE[name](), encoding="utf-8")
    assert path.stat().st_size < 1024 * 1024
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(path)], capture_output=True, text=True,
                          timeout=4 * GUARD, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [r["command"] for r in results] == ["outline", "check", "targets", "projects"]
    for r in results:
        assert r["code"] == 0, r
        assert r["seconds"] < GUARD, r


def test_heading_storm_gives_one_chapter() -> None:
    """50,000 copies of "第一章" are one chapter heading and 49,999 repeats of it, not 50,000 chapters."""
    from guihua.documents import build_outline, read_text

    doc = read_text("第一章 " * 2_000)
    root = build_outline(doc)
    assert [n.number for n in root.walk() if n.kind == "chapter"] == [1]
