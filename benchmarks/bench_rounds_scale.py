"""目标责任制 at scale (issue 16): 50 plans x 400 targets x 10 years of values, 60 departments, one open data
round per plan; 10 department users fill and submit their rows through the JSON API while 10 readers load
dashboards and to-do pages. Prints p50/p95 of the pages (and of the department users' saves), lost or
duplicated submissions, the server's peak memory, on SQLite and on PostgreSQL (when reachable). Asserts nothing.

    python benchmarks/bench_rounds_scale.py [--plans 50] [--targets 400] [--seconds 30] [--sqlite-only]

The workload is generated: plan i has indicators 指标0001…指标0400, each with a level target for 2020 and
values for 2011–2020 (imported through the bulk actuals import); department k leads indicators k, k+60, …;
the round of 2021 is opened for every plan (400 rows each, owed by the lead units). The server runs as a
subprocess (uvicorn, one worker, the app's default settings as `guihua serve` uses them: 2 request threads
and the cached-page threads) on a free localhost port; every client is a thread with its own keep-alive
connection and an API token (readers: a viewer's token for dashboards, their own department's token for its
to-do page). Clients send their next request as soon as the last is answered (no pause between requests:
twenty people working without a break), on the same two cores as the server.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR = 2021  # the round's year (values of 2011–2020 are stored)
DEPARTMENTS = 60
SUBMITTERS = 10
READERS = 10
PG_BASE = os.environ.get("GUIHUA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# ---------------------------------------------------------------------------- the workload

def _plan_text(n_targets: int) -> tuple[str, list[Any]]:
    """A plan text with one level target per indicator and the statements pointing into it."""
    from guihua.extraction.model import Statement

    lines, statements, pos = ["第一章 主要目标"], [], len("第一章 主要目标\n")
    for i in range(1, n_targets + 1):
        name = f"指标{i:04d}"
        quote_ = f"{name}达到{100 + i}万吨"
        line = f"到2020年，{quote_}。"
        start = pos + line.index(quote_)
        statements.append(Statement(type="target", kind="level", indicator=name, start=start,  # type: ignore[arg-type]
                                    end=start + len(quote_), quote=quote_, value=float(100 + i), unit="万吨",
                                    year=2020, node_id="ch1", indicator_key=name, comparator=">="))
        lines.append(line)
        pos += len(line) + 1
    raw = "\n".join(lines) + "\n"
    return raw, statements


def build(url: str, n_plans: int, n_targets: int) -> dict[str, Any]:
    """Fill an empty database with the workload; returns the accounts' API tokens and the timings."""
    from guihua.store import rounds_repo  # noqa: F401  (the store has rounds)
    from guihua.store.actuals import import_rows
    from guihua.store.repository import open_store

    timings: dict[str, float] = {}
    store = open_store(url)
    try:
        raw, statements = _plan_text(n_targets)
        nodes = [{"key": "doc", "parent_key": None, "kind": "document", "title": "", "start": 0, "end": len(raw)},
                 {"key": "ch1", "parent_key": "doc", "kind": "chapter", "number": 1, "title": "主要目标",
                  "start": 0, "end": len(raw)}]
        units = [f"部门{k:02d}" for k in range(DEPARTMENTS)]
        t0 = time.perf_counter()
        for unit in units:
            store.add_unit(unit, "部门", user="bench")
        for p in range(n_plans):
            plan_id = f"plan-{p:02d}"
            text = raw
            store.ingest(plan_id=plan_id, title=f"规划{p:02d}", region="测试市", period=(2016, 2020),
                         period_source="bench", source=f"{plan_id}.txt", format="txt", encoding="utf-8",
                         sha256=hashlib.sha256(f"{plan_id}{text}".encode()).hexdigest(), raw_text=text, repairs=[],
                         nodes=nodes, statements=statements, user="bench")
        timings["ingest"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        rng = random.Random(7)
        for p in range(n_plans):
            plan_id = f"plan-{p:02d}"
            rows = [{"indicator": f"指标{i:04d}", "year": str(y), "value": f"{(100 + i) * (0.6 + 0.04 * (y - 2011) + rng.random() * 0.01):.2f}",
                     "unit": "万吨"} for i in range(1, n_targets + 1) for y in range(2011, 2021)]
            import_rows(store, plan_id, rows, name=f"{plan_id}-values.csv", user="bench")
        timings["values"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        from guihua.store.responsibility_repo import write_responsibility

        for p in range(n_plans):
            plan_id = f"plan-{p:02d}"
            with store.atomic() as conn:
                for k, ind in enumerate(store.list_indicators(plan_id)):
                    write_responsibility(conn, "indicator", ind.id, units[k % DEPARTMENTS], [], user="bench",
                                         source="bench")
            store.open_round(plan_id, YEAR, "2099-12-31", user="bench")
        timings["assign+rounds"] = time.perf_counter() - t0
        tokens: dict[str, str] = {}
        for k in range(SUBMITTERS + READERS):
            unit = units[k]
            store.add_user(f"dep{k:02d}", "department", "bench-password-123", department=unit, user="bench")
            tokens[unit] = store.new_api_token(f"dep{k:02d}", user="bench")
        store.add_user("viewer", "viewer", "bench-password-123", user="bench")
        store.add_user("admin", "admin", "bench-password-123", user="bench")
        tokens["viewer"] = store.new_api_token("viewer", user="bench")
    finally:
        store.dispose()
    return {"tokens": tokens, "units": units, "timings": timings}


# ---------------------------------------------------------------------------- the server and the clients

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/login")
            if c.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not start")


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=self.headers)
                r = self.conn.getresponse()
                raw = r.read()
                ctype = r.headers.get("content-type", "")
                return r.status, (json.loads(raw) if "json" in ctype and raw else raw)
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def run(url: str, label: str, n_plans: int, n_targets: int, seconds: float) -> None:
    t0 = time.perf_counter()
    built = build(url, n_plans, n_targets)
    setup = time.perf_counter() - t0
    tokens, units = built["tokens"], built["units"]
    port = _free_port()
    app = (f"from guihua.web.app import Settings, create_app; import uvicorn; "
           f"uvicorn.run(create_app(Settings(database_url={url!r})), host='127.0.0.1', port={port}, "
           f"log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", app], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    plans = [f"plan-{p:02d}" for p in range(n_plans)]
    submitted: dict[int, float] = {}
    failures: list[str] = []
    reads: dict[str, list[float]] = {"dashboard": [], "todo": []}
    writes: list[float] = []  # each fill and submit request of the department users
    lock = threading.Lock()
    stop = threading.Event()

    def submitter(unit: str) -> None:
        c = Client(port, tokens[unit])
        for plan in plans:
            if stop.is_set():
                return
            status, todo = c.call("GET", f"/api/plans/{plan}/rounds/{YEAR}/todo")
            if status != 200:
                failures.append(f"todo {plan} {unit}: {status}")
                continue
            rows = todo["rows"] if isinstance(todo, dict) else todo
            mine = []
            for row in rows:
                value = round(random.uniform(90, 600), 2)
                t = time.perf_counter()
                status, body = c.call("POST", f"/api/plans/{plan}/rounds/{YEAR}/rows/{row['id']}",
                                      {"value": str(value), "expected_version": row["row_version"]})
                with lock:
                    writes.append(time.perf_counter() - t)
                if status != 200:
                    failures.append(f"fill {row['id']}: {status} {str(body)[:120]}")
                    continue
                mine.append((row["id"], body["row_version"], value))
            if not mine:
                continue
            t = time.perf_counter()
            status, body = c.call("POST", f"/api/plans/{plan}/rounds/{YEAR}/submit",
                                  {"rows": [{"id": i, "expected_version": v} for i, v, _ in mine]})
            with lock:
                writes.append(time.perf_counter() - t)
            if status != 200:
                failures.append(f"submit {plan} {unit}: {status} {str(body)[:120]}")
                continue
            with lock:
                for i, _, value in mine:
                    submitted[i] = value

    def reader(k: int) -> None:
        viewer = Client(port, tokens["viewer"])
        dep = Client(port, tokens[units[SUBMITTERS + k]])
        rng = random.Random(k)
        while not stop.is_set():
            plan = rng.choice(plans)
            for kind, client, path in (("dashboard", viewer, f"/plans/{plan}/indicators"),
                                       ("todo", dep, f"/plans/{plan}/rounds/{YEAR}/mine")):
                t = time.perf_counter()
                status, _ = client.call("GET", path)
                dt = time.perf_counter() - t
                with lock:
                    reads[kind].append(dt)
                if status != 200:
                    failures.append(f"read {path}: {status}")

    try:
        _wait(port)
        # warm each plan's dashboard once (the first load of a plan evaluates it)
        warm = Client(port, tokens["viewer"])
        t_warm = time.perf_counter()
        for plan in plans:
            warm.call("GET", f"/plans/{plan}/indicators")
        warm_s = time.perf_counter() - t_warm
        subs = [threading.Thread(target=submitter, args=(units[k],)) for k in range(SUBMITTERS)]
        rds = [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
        t_run = time.perf_counter()
        for th in subs + rds:
            th.start()
        for th in subs:
            th.join(timeout=max(seconds * 20, 600))
        stop.set()
        for th in rds:
            th.join()
        run_s = time.perf_counter() - t_run
        peak = _peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    # lost or duplicated submissions: every submitted row is 已提交 with exactly the submitted value
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        stored: dict[int, float] = {}
        for plan in plans:
            for r in store.round_rows(plan, YEAR, states=["已提交"]):
                if r.id in stored:
                    failures.append(f"row {r.id} twice")
                stored[r.id] = r.value
    finally:
        store.dispose()
    lost = [i for i in submitted if i not in stored]
    wrong = [i for i, v in submitted.items() if i in stored and abs(stored[i] - v) > 1e-9]
    extra = [i for i in stored if i not in submitted]
    print(f"{label}: {n_plans} plans x {n_targets} targets x 10 years ({n_plans * n_targets * 10:,} values), "
          f"{DEPARTMENTS} departments; setup {setup:.0f} s ({', '.join(f'{k} {v:.0f} s' for k, v in built['timings'].items())}); "
          f"first dashboard load of every plan {warm_s:.1f} s")
    for kind, lat in (*reads.items(), ("fill+submit", writes)):
        if lat:
            lat.sort()
            p95 = lat[max(0, int(len(lat) * 0.95) - 1)] * 1000
            print(f"  {kind:<10} {len(lat):6d} requests   p50 {statistics.median(lat) * 1000:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"  submissions: {len(submitted)} rows by {SUBMITTERS} departments in {run_s:.1f} s; lost {len(lost)}, "
          f"wrong value {len(wrong)}, submitted without a client {len(extra)}; failed requests {len(failures)}"
          + (f" (first: {failures[0]})" if failures else ""))
    print(f"  server peak memory {peak:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plans", type=int, default=50)
    ap.add_argument("--targets", type=int, default=400)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--sqlite-only", action="store_true")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="guihua-bench-rounds-"))
    run(f"sqlite:///{tmp / 'rounds.db'}", "SQLite", args.plans, args.targets, args.seconds)
    if args.sqlite_only:
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 (no PostgreSQL here: say so)
        print(f"PostgreSQL: not reachable at {PG_BASE} ({type(exc).__name__}); skipped")
        return
    try:
        url = make_url(PG_BASE).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
        run(url, "PostgreSQL", args.plans, args.targets, args.seconds)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
