"""Real statistics in: how well suggestions find the plan indicator, how reading a table scales, how long a
report takes to read and propose.

- suggestions: every name of data/hengyang-13th-fyp/actuals.csv that is not a plan indicator's name or alias,
  against the plan indicator mapping.csv gives it (the demo plan's own indicators only): share with the right
  indicator first (top-1), among the first three (top-3), among all shown; and the time per name;
- tables: a synthetic wide table of n indicators x 5 years (CSV and XLSX), read and checked without writing,
  at two sizes, so the cost per value shows whether it stays linear;
- a report: tests/data/reports/bulletin_2020.txt read and proposed on the demo plan.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _suggestions(url: str) -> None:
    from guihua.store.demo import PLAN_ID, demo_paths
    from guihua.store.matching import IndicatorMatcher
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        plan_inds = [i for i in store.list_indicators(PLAN_ID) if i.origin == "plan"]
    finally:
        store.dispose()
    paths = demo_paths()
    truth: dict[str, str] = {}
    with paths["mapping"].open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            truth.setdefault(r["source_indicator"], r["plan_indicator"])
    m = IndicatorMatcher(plan_inds)
    names: dict[str, str] = {}
    with paths["actuals"].open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            names.setdefault(r["indicator_cn"], r["unit"])
    top1 = top3 = shown = total = 0
    t = time.perf_counter()
    for name, unit in names.items():
        want = truth.get(name)
        if m.find(name) is not None or want is None or m.find(want) is None:
            continue  # exact already, or the mapping names an indicator the plan lacks
        total += 1
        cands = [c.indicator.id for c in m.suggest(name, unit)]
        right = m.find(want).id  # type: ignore[union-attr]
        top1 += bool(cands[:1] == [right])
        top3 += right in cands[:3]
        shown += right in cands
    ms = (time.perf_counter() - t) * 1000 / max(total, 1)
    print(f"suggestions for the demo's bureau names: {total} names with a plan indicator in mapping.csv; "
          f"top-1 {top1}/{total} ({top1 / max(total, 1):.0%}), top-3 {top3}/{total}, shown {shown}/{total}; "
          f"{ms:.1f} ms a name ({len(plan_inds)} plan indicators)")


def _wide(n: int, xlsx: bool, names: list[str] | None = None) -> bytes:
    rows: list[list[object]] = [["某市主要指标"], ["指标", "单位", "2016年", "2017年", "2018年", "2019年", "2020年"]]
    if names is None:
        rows += [[f"指标{i}", "亿元", *[f"{1000 + i + y:,}" for y in range(5)]] for i in range(n)]
    else:  # the plan's own names, no unit: each value in its indicator's unit
        rows += [[name, "", *[f"{10 + y}" for y in range(5)]] for name in names[:n]]
    if not xlsx:
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        return buf.getvalue().encode("utf-8")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _tables(url: str) -> None:
    from guihua.store.actuals import check_table
    from guihua.store.demo import PLAN_ID
    from guihua.store.repository import open_store
    from guihua.store.tables_in import read_table_bytes

    store = open_store(url)
    try:
        for xlsx in (False, True):
            figures = []
            for n in (200, 800):
                data = _wide(n, xlsx)
                t = time.perf_counter()
                table = read_table_bytes("宽表.xlsx" if xlsx else "宽表.csv", data)
                t_read = time.perf_counter() - t
                checked = check_table(store, PLAN_ID, table)
                t_all = time.perf_counter() - t
                figures.append(f"{n * 5} values: read {t_read * 1000:.0f} ms, read+check {t_all * 1000:.0f} ms "
                               f"({t_all * 1e6 / (n * 5):.0f} µs a value; {len(checked.problems)} unknown-name refusals)")
            print(f"wide {'XLSX' if xlsx else 'CSV'} table of unknown names: " + "; ".join(figures))
        names = sorted({i.name for i in store.list_indicators(PLAN_ID) if i.origin == "plan"})
        t = time.perf_counter()
        checked = check_table(store, PLAN_ID, read_table_bytes("宽表.csv", _wide(300, False, names)))
        ms = (time.perf_counter() - t) * 1000
        print(f"wide CSV table of the plan's own names: {len(checked.observations) + len(checked.problems)} values "
              f"read+checked in {ms:.0f} ms ({ms * 1000 / 1500:.0f} µs a value; {len(checked.observations)} good, "
              f"{len(checked.problems)} refused)")
    finally:
        store.dispose()


def _report(url: str) -> None:
    from guihua.store.demo import PLAN_ID
    from guihua.store.report_actuals import import_report
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        t = time.perf_counter()
        r = import_report(store, PLAN_ID, ROOT / "tests" / "data" / "reports" / "bulletin_2020.txt", user="bench")
        ms = (time.perf_counter() - t) * 1000
    finally:
        store.dispose()
    print(f"import-report bulletin_2020.txt: {ms:.0f} ms; {len(r.proposal_ids)} proposals "
          f"({r.matched} with an indicator, {r.unmatched} to choose, {r.with_problems} with a problem), "
          f"{len(r.skipped)} left out")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from guihua.store.demo import build_demo

    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite:///{Path(d) / 'demo.db'}"
        build_demo(url)
        _suggestions(url)
        _tables(url)
        _report(url)


if __name__ == "__main__":
    main()
