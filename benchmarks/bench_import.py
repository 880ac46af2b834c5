"""Import speed and memory: `import_actuals` of a CSV with 10,000 and 100,000 rows, on a SQLite file and
on PostgreSQL (when reachable).

Two shapes of file:
- spread:    rows over 20 indicators x 15 years x many sources; the seventh source disagrees on a
             fifth of the indicators, so some conflicts are flagged, as in real files;
- one-group: every row is the same indicator and year from a different source, each value different
             (every row a conflict: the case that made conflict detection quadratic).

Each case runs in its own process; it prints the wall time and rows per second of the whole import
(read, check, write), the CPU time of this process (on PostgreSQL the server's work is not in it; on a
busy shared machine wall time grows, CPU time much less), and the peak memory, as the increase of the process's resident high-water mark during the
import. Prints numbers, asserts nothing.

    .venv/bin/python benchmarks/bench_import.py              # every case
    .venv/bin/python benchmarks/bench_import.py 10000        # only the 10,000-row cases
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG = os.environ.get("GUIHUA_TEST_POSTGRES_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SIZES = (10_000, 100_000)
SHAPES = ("spread", "one-group")
PLAN = "bench-import"
N_INDICATORS = 20
YEARS = list(range(2011, 2026))  # the plan period 2016-2020 +/- 5 years


def _plan(store: object) -> None:
    from guihua.extraction.model import Statement

    lines = [f"指标{i}达到{100 + i}亿元。" for i in range(N_INDICATORS)]
    raw = "\n".join(lines) + "\n"
    stmts = []
    for i, line in enumerate(lines):
        start = raw.find(line)
        stmts.append(Statement(type="target", kind="level", indicator=f"指标{i}", start=start,
                               end=start + len(line), quote=line, value=100.0 + i, unit="亿元", year=2020,
                               indicator_key=f"指标{i}", comparator=">="))
    nodes = [{"key": "doc", "parent_key": None, "kind": "document", "title": "", "start": 0, "end": len(raw)}]
    store.ingest(plan_id=PLAN, title="导入基准", region=None, period=(2016, 2020),  # type: ignore[attr-defined]
                 period_source="bench", source="bench.txt", format="txt", encoding="utf-8",
                 sha256=hashlib.sha256(raw.encode()).hexdigest(), raw_text=raw, repairs=[], nodes=nodes,
                 statements=stmts, user="bench")


def _write_csv(path: Path, n: int, shape: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["indicator", "year", "value", "unit", "measure", "source", "note"])
        per_source = N_INDICATORS * len(YEARS)
        for i in range(n):
            if shape == "one-group":
                w.writerow(["指标0", 2018, f"{1000 + i * 0.5:g}", "亿元", "level", f"来源{i}", ""])
            else:
                ind, year = i % N_INDICATORS, YEARS[(i // N_INDICATORS) % len(YEARS)]
                value = 100 + ind + (year - 2011) * 3 + (1 if i // per_source == 6 and ind % 5 == 0 else 0)
                w.writerow([f"指标{ind}", year, value, "亿元", "level", f"来源{i // per_source}", ""])


def _case(url: str, n: int, shape: str) -> dict[str, float]:
    """Runs inside a child process: one fresh database, one import."""
    from guihua.store.actuals import import_actuals
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        _plan(store)
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "rows.csv"
            _write_csv(path, n, shape)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            t, cpu = time.perf_counter(), time.process_time()
            summary = import_actuals(store, PLAN, path, user="bench")
            seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        audit_rows = len(store.audit_log(plan_id=PLAN))
    finally:
        store.dispose()
    return {"rows": summary.rows, "seconds": seconds, "cpu": cpu, "conflicts": summary.conflicts,
            "peak_mb": (after - before) / 1024, "audit": audit_rows}


def _pg_url() -> tuple[str, str] | None:
    try:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        admin = create_engine(PG, isolation_level="AUTOCOMMIT")
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
    except Exception:
        return None
    url = make_url(PG).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    return url, schema


def _drop(schema: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def _child(backend: str, n: int, shape: str) -> dict[str, float] | None:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", backend, str(n), shape],
                         capture_output=True, text=True, env=env, timeout=3600)
    if out.returncode != 0:
        print(f"{backend} {n} {shape}: failed: {out.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(sizes: tuple[int, ...] = SIZES) -> None:
    print(f"(machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: shared machines run slower)")
    for backend in ("sqlite", "postgresql"):
        for n in sizes:
            for shape in SHAPES:
                r = _child(backend, n, shape)
                if r is None:
                    continue
                if r.get("skipped"):
                    print(f"{backend}: skipped (server not reachable)")
                    break
                print(f"{backend:10} {n:>7} rows {shape:9}: {r['seconds']:7.2f} s ({r['cpu']:.2f} s CPU here), "
                      f"{r['rows'] / r['seconds']:8.0f} rows/s, "
                      f"peak +{r['peak_mb']:.0f} MB, {r['conflicts']:.0f} conflicts, {r['audit']:.0f} audit rows")
                sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        backend, n, shape = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as d:
                print(json.dumps(_case(f"sqlite:///{Path(d) / 'bench.db'}", n, shape)))
        else:
            pg = _pg_url()
            if pg is None:
                print(json.dumps({"skipped": 1}))
            else:
                try:
                    print(json.dumps(_case(pg[0], n, shape)))
                finally:
                    _drop(pg[1])
    else:
        main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
