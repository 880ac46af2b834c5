"""Time of a full final evaluation report for the seed (goal: under 5 s for all three formats).

Builds a database first (the store's demo builder when it exists, else the seed ingested with the
acceptance actuals; not counted), then times: reading and evaluating the plan from the database,
and writing HTML, DOCX and XLSX. Without a working store it reads the seed text and the actuals
CSV directly through the same conversion functions, and says so.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from guihua.monitoring.model import Evaluation

ROOT = Path(__file__).resolve().parent.parent


def _database(tmp: Path) -> tuple[str, str]:
    """A database holding the seed: the demo builder's when it exists, else ingest + the acceptance actuals."""
    url = f"sqlite:///{tmp / 'demo.sqlite'}"
    try:
        from guihua.store.demo import build_demo_database  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        build_demo_database = None
    if build_demo_database is not None:
        build_demo_database(url)
        return url, "demo database"
    from guihua.store.ingest import ingest_path
    from guihua.store.records import NewObservation
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        ingest_path(store, ROOT / "data" / "hengyang-13th-fyp" / "plan.txt", plan_id="hengyang-13th")
        rows = []
        for name, period, measure, value, unit in (("地区生产总值", "2016-2020", "growth", 7.4, "%"),
                                                   ("固定资产投资", "2016-2020", "growth", 12.0, "%"),
                                                   ("规模工业增加值", "2016-2020", "growth", 7.2, "%"),
                                                   ("地区生产总值", "2020", "level", 3508.5, "亿元")):
            ind = store.find_indicator("hengyang-13th", name)
            if ind is not None:
                y0, _, y1 = period.partition("-")
                rows.append(NewObservation(ind.id, period, int(y0), int(y1 or y0), measure, value, str(value), unit))
        store.add_observations("hengyang-13th", rows, user="bench")
    finally:
        store.dispose()
    return url, "seed ingested + acceptance actuals"


def _evaluation_from_files() -> tuple[Evaluation, str]:
    import csv

    from guihua.cli.targets import load_document
    from guihua.documents import build_outline
    from guihua.extraction import extract_targets
    from guihua.monitoring.evaluation import evaluate
    from guihua.monitoring.sources import chapters_from_outline, observation_input, target_inputs

    doc = load_document(str(ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"))
    result = extract_targets(doc)
    statements = result.statements
    targets, baselines = target_inputs(statements, doc.raw, chapters_from_outline(build_outline(doc).walk()))
    csv_path = ROOT / "data" / "hengyang-13th-fyp" / "actuals.csv"
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
        url = None
        try:
            t = time.perf_counter()
            url, origin = _database(tmp)
            print(f"build database ({origin}): {time.perf_counter() - t:.2f} s (not counted)")
        except Exception as exc:  # say why the database was not used, then use the files
            print(f"database unavailable ({type(exc).__name__}: {exc}); using the files")
        t0 = time.perf_counter()
        if url is not None:
            from guihua.monitoring.store_source import evaluate_from_store

            ev = evaluate_from_store(url, "hengyang-13th", 2020, kind="final")
        else:
            ev, origin = _evaluation_from_files()
        t1 = time.perf_counter()
        report = build_report(ev)
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
