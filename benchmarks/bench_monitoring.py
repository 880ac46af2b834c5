"""Monitoring: agreement with the conformance table, and the cost of evaluating many targets.

Quality: every row of tests/data/monitoring_conformance.csv (inputs and the official status and
international band the method's definition gives) evaluated, the agreements counted per class.
Speed: a synthetic plan of N level, growth and change targets with five years of statistics each,
evaluated at the mid-term, for N = 1 000 and 10 000 (the cost should grow linearly).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _conformance() -> None:
    sys.path.insert(0, str(ROOT))
    from guihua.monitoring.evaluation import evaluate
    from tests.unit.test_conformance import ROWS, _baseline, _observation, _target

    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    status_ok = band_ok = 0
    for row in ROWS:
        year = int(row["eval_year"])
        obs = [_observation(tok, row["unit"] or None) for tok in row["observations"].split()]
        ev = evaluate(plan_id="p", plan_title="p", targets=[_target(row)], baselines=_baseline(row),
                      observations=obs, year=year, kind="x", base_year=2015, last_year=2020)
        item = ev.items[0]
        s, b = str(item.status) == row["status"], str(item.intl_band) == row["intl_band"]
        status_ok += s
        band_ok += b
        total[row["class"]] += 1
        agree[row["class"]] += s and b
    print(f"conformance table: {len(ROWS)} cases; official status agrees {status_ok}/{len(ROWS)}, "
          f"international band agrees {band_ok}/{len(ROWS)}")
    off = [f"{c} {agree[c]}/{n}" for c, n in sorted(total.items()) if agree[c] != n]
    print("  classes with disagreements: " + ("; ".join(off) if off else "none"))


def _synthetic(n: int) -> tuple[list[object], list[object]]:
    from guihua.monitoring.model import ObservationInput, TargetInput

    targets, obs = [], []
    for i in range(n):
        name = f"指标{i}"
        kind = ("level", "growth", "change")[i % 3]
        if kind == "level":
            targets.append(TargetInput(str(i), name, "level", ">=", 60 + i % 7, "%", 2020))
        elif kind == "growth":
            targets.append(TargetInput(str(i), name, "growth", "~", 7.5, "%", 2020, direction="increase"))
        else:
            targets.append(TargetInput(str(i), name, "change", ">=", 15, "%", 2020, direction="decrease"))
        for y in range(2015, 2019):
            obs.append(ObservationInput(name, "level", 50 + (i % 5) + (y - 2015) * 1.7, "%", y))
    return targets, obs


def _speed() -> None:
    from guihua.monitoring.evaluation import evaluate

    for n in (1_000, 10_000):
        targets, obs = _synthetic(n)
        t0 = time.perf_counter()
        evaluate(plan_id="p", plan_title="p", targets=targets, baselines=[], observations=obs,  # type: ignore[arg-type]
                 year=2018, kind="midterm", base_year=2015, last_year=2020)
        dt = time.perf_counter() - t0
        print(f"evaluate {n:>6} targets ({len(obs)} observations): {dt:.2f} s, {dt / n * 1e6:.0f} µs per target")


def main() -> None:
    _conformance()
    _speed()


if __name__ == "__main__":
    main()
