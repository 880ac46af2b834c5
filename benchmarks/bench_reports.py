"""Time of a full final evaluation report for the seed (goal: under 5 s for all three formats).

Reads the plan and the real statistics from the demo database when the store can build it;
otherwise straight from the seed text and data/…/actuals CSV through the same conversion functions.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _evaluation_from_store(tmp: Path) -> tuple[object, str] | None:
    try:
        from guihua.store.demo import build_demo_database  # type: ignore[import-not-found]

        from guihua.monitoring.store_source import evaluate_from_store
    except ImportError:
        return None
    url = f"sqlite:///{tmp / 'demo.sqlite'}"
    t = time.perf_counter()
    build_demo_database(url)
    print(f"build demo database: {time.perf_counter() - t:.2f} s")
    return evaluate_from_store(url, "hengyang-13th", 2020, kind="final"), "demo database"


def _evaluation_from_files() -> tuple[object, str]:
    import csv

    from guihua.cli.targets import load_document
    from guihua.extraction import extract_targets
    from guihua.monitoring.evaluation import evaluate
    from guihua.monitoring.sources import observation_input, target_inputs

    doc = load_document(str(ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"))
    result = extract_targets(doc)
    statements = getattr(result, "statements", result)
    targets, baselines = target_inputs(statements, doc.raw)
    csv_path = ROOT.parent / "shared" / "data" / "hengyang_actuals.csv"
    obs = []
    with csv_path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            o = observation_input(r["indicator_cn"], r["year"], r["value"], r["unit"], note=r["note"],
                                  source=r["source_url"], quote=r["source_quote"])
            if o is not None:
                obs.append(o)
    ev = evaluate(plan_id="hengyang-13th", plan_title="衡阳市国民经济和社会发展第十三个五年规划纲要",
                  targets=targets, baselines=baselines, observations=obs, year=2020, kind="final",
                  base_year=2015, last_year=2020)
    return ev, "seed text + actuals CSV"


def main() -> None:
    from guihua.reports.model import build_report
    from guihua.reports.render import write_reports

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        got = None
        try:
            got = _evaluation_from_store(tmp)
        except Exception as exc:  # the store is optional here; say why it was not used
            print(f"demo database unavailable ({type(exc).__name__}: {exc}); using the files")
        ev, origin = got if got is not None else _evaluation_from_files()
        t1 = time.perf_counter()
        report = build_report(ev)  # type: ignore[arg-type]
        print(f"evaluation ({origin}): {t1 - t0:.2f} s, {len(report.rows)} targets, "
              f"statuses {dict(report.summary)}")
        total = t1 - t0
        for fmt in ("html", "docx", "xlsx"):
            t = time.perf_counter()
            write_reports(report, tmp / "out", [fmt])
            dt = time.perf_counter() - t
            total += dt
            print(f"write {fmt}: {dt:.2f} s")
        print(f"full final report (evaluation + 3 formats): {total:.2f} s (goal < 5 s)")


if __name__ == "__main__":
    main()
