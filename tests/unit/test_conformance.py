"""The monitoring conformance table (tests/data/monitoring_conformance.csv), one row per case.

Each row gives a target, its plan baseline, the observations and the evaluation year (plan period
2016-2020, base year 2015) and what the method's definition says: the official status, the
international band and, where there is one, both ratios. The expected values were worked out by
hand from the definitions in docs/architecture.md (the row's last column says how).

Observations are written ``L2018=4.6`` (a level), ``G2016=10`` (a year's growth rate, %),
``P2016-2018=-2.4`` (a period's average growth, %), ``S2020=12.6:33:54.4`` (a structure),
``C2018=20`` (a running total), ``E2017=1`` (a milestone event: 1 完成, 0 未完成).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetInput

TABLE = Path(__file__).resolve().parents[1] / "data" / "monitoring_conformance.csv"
INDICATOR = "指标"


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _numbers(text: str) -> list[float]:
    return [float(v) for v in text.split(":")]


def _observation(token: str, unit: str | None) -> ObservationInput:
    code, when, value = token[0], *token[1:].split("=")
    o = ObservationInput
    if code == "L":
        return o(INDICATOR, "level", float(value), unit, int(when))
    if code == "G":
        return o(INDICATOR, "growth", float(value), "%", int(when))
    if code == "P":
        start, end = (int(y) for y in when.split("-"))
        return o(INDICATOR, "period_growth", float(value), "%", end, period_start=start)
    if code == "S":
        return o(INDICATOR, "structure", None, "比例", int(when), values=_numbers(value))
    if code == "C":
        return o(INDICATOR, "cumulative", float(value), unit, int(when))
    if code == "E":
        return o(INDICATOR, "event", float(value), None, int(when), date=f"{when}-06-30", target_key="t")
    raise ValueError(f"unknown observation {token!r}")


def _target(row: dict[str, str]) -> TargetInput:
    text = row["target"]
    values = _numbers(text) if ":" in text else None
    value = values[0] if values else (float(text) if text else None)
    return TargetInput(key="t", indicator=INDICATOR, kind=row["kind"], comparator=row["comparator"] or None,
                       value=value, unit=row["unit"] or None, year=int(row["target_year"]), quote=row["quote"],
                       values=values, direction=row["direction"] or None)


def _baseline(row: dict[str, str]) -> list[BaselineInput]:
    if not row["baseline"]:
        return []
    year, value = row["baseline"].split("=")
    if ":" in value:
        return [BaselineInput(INDICATOR, "structure", None, "比例", int(year), values=_numbers(value))]
    return [BaselineInput(INDICATOR, "level", float(value), row["unit"] or None, int(year))]


ROWS = _rows()


def test_the_table_covers_every_class() -> None:
    classes = {r["class"] for r in ROWS}
    for needed in ("breached cap", "maintain", "growth", "growth decrease", "growth limit", "baseline rule",
                   "band edge", "approx tolerance", "structure", "no target value", "peer: met early",
                   "peer: on track", "peer: moderate progress", "peer: limited progress", "peer: deterioration",
                   "peer: zero base", "peer: negative base", "peer: target year = base year", "peer: data lag",
                   "peer: after the target year"):
        assert needed in classes, needed
    assert len({r["case"] for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_conformance_row(row: dict[str, str]) -> None:
    year = int(row["eval_year"])
    observations = [_observation(tok, row["unit"] or None) for tok in row["observations"].split()]
    ev = evaluate(plan_id="p", plan_title="规划", targets=[_target(row)], baselines=_baseline(row),
                  observations=observations, year=year, kind="final" if year >= 2020 else "midterm",
                  base_year=2015, last_year=2020)
    (item,) = ev.items
    got = (str(item.status), str(item.intl_band))
    assert got == (row["status"], row["intl_band"]), item.working
    if row["ratio"]:
        assert item.ratio == pytest.approx(float(row["ratio"]), abs=5e-4), item.working
    if row["intl_ratio"]:
        assert item.intl_ratio == pytest.approx(float(row["intl_ratio"]), abs=5e-4), item.working
    assert item.working  # every status shows its working
    if item.intl_band.value != "无法评估":
        assert "国际口径" in item.working
