"""Store timings: ingest the seed, ingest it again (no change), import the Hengyang actuals through the
mapping, export, restore, review — on a SQLite file and, when reachable, on PostgreSQL."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guihua.store.actuals import import_actuals
from guihua.store.demo import PERIOD, PLAN_ID, demo_paths
from guihua.store.exchange import export_plan, restore
from guihua.store.ingest import ingest_path
from guihua.store.repository import open_store

PG = os.environ.get("GUIHUA_TEST_POSTGRES_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1000, out


def _run(label: str, url: str, url2: str) -> None:
    paths = demo_paths()
    store = open_store(url)
    try:
        t1, r = _time(lambda: ingest_path(store, paths["plan"], plan_id=PLAN_ID, period=PERIOD, user="bench"))
        t2, _ = _time(lambda: ingest_path(store, paths["plan"], plan_id=PLAN_ID, period=PERIOD, user="bench"))
        t3, s = _time(lambda: import_actuals(store, PLAN_ID, paths["actuals"], mapping=paths["mapping"], user="bench"))
        t4, text = _time(lambda: export_plan(store, PLAN_ID))
        sid = store.list_statements(PLAN_ID, type="target")[0].id
        t6, _ = _time(lambda: store.review_statement(sid, "已确认", user="bench"))
    finally:
        store.dispose()
    other = open_store(url2)
    try:
        t5, _ = _time(lambda: restore(other, text, user="bench"))
    finally:
        other.dispose()
    print(f"{label}: ingest {t1:.0f} ms ({r.statements} statements, {r.indicators_created} indicators); "
          f"ingest again {t2:.0f} ms; import {t3:.0f} ms ({s.rows} rows, {s.conflicts} conflicts, "
          f"{s.not_comparable} not comparable); export {t4:.0f} ms ({len(text.encode()) / 1e6:.2f} MB); "
          f"restore {t5:.0f} ms; one review {t6:.1f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        _run("sqlite", f"sqlite:///{Path(d) / 'a.db'}", f"sqlite:///{Path(d) / 'b.db'}")
    try:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        admin = create_engine(PG, isolation_level="AUTOCOMMIT")
        schemas = [f"bench_{uuid.uuid4().hex[:12]}" for _ in range(2)]
        with admin.connect() as conn:
            for sch in schemas:
                conn.execute(text(f'CREATE SCHEMA "{sch}"'))
    except Exception as exc:  # no server: say so, measure nothing
        print(f"postgresql: skipped ({type(exc).__name__})")
        return
    try:
        urls = [make_url(PG).update_query_dict({"options": f"-csearch_path={s}"}).render_as_string(
            hide_password=False) for s in schemas]
        _run("postgresql", urls[0], urls[1])
    finally:
        with admin.connect() as conn:
            for sch in schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{sch}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
