"""A 100,000-row upload through the web API, and how the server answers others meanwhile.

`guihua serve` runs in its own process over the demo database (SQLite file; PostgreSQL too when
reachable). The client uploads a CSV of 100,000 actual values (10 of the plan's indicators x 11
years, each row from its own source) to /api/plans/{plan}/observations/upload, which answers 202
with a job at once; it polls the job until the import is done. Meanwhile a second client keeps
reading (GET /api/plans/{plan}, /api/me) as another user would. Printed: the upload's wall time
to the job's end and rows per second; the reads answered during the import and their latency
(median, 95th percentile, worst) next to the same reads with the server idle, and the read that
rebuilds the plan's pages over the new values when the import ends. Asserts nothing.

    .venv/bin/python benchmarks/bench_web_upload.py            # 100,000 rows
    .venv/bin/python benchmarks/bench_web_upload.py 20000      # another size
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

PLAN = "hengyang-13th"
PG = os.environ.get("GUIHUA_TEST_POSTGRES_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ROWS = 100_000


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database(url: str) -> str:
    """The demo database with an administrator and a planner; the planner's API token."""
    from guihua.store.demo import build_demo_database
    from guihua.store.repository import open_store

    build_demo_database(url)
    store = open_store(url)
    try:
        store.add_user("bench-admin", "admin", "bench-admin-password", user="bench")
        store.add_user("bench-planner", "planner", "bench-planner-password", user="bench")
        return store.new_api_token("bench-planner", user="bench")
    finally:
        store.dispose()


def _csv(n: int, names: list[str]) -> bytes:
    years = list(range(2013, 2024))
    lines = ["indicator,year,value,source"]
    for i in range(n):
        lines.append(f"{names[i % len(names)]},{years[(i // len(names)) % len(years)]},{100 + i % 997},来源{i}")
    return ("\n".join(lines) + "\n").encode()


def _quantiles(xs: list[float]) -> str:
    """Median, 95th percentile and worst of latencies in seconds."""
    if not xs:
        return "none"
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    return f"median {statistics.median(xs) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {xs[-1] * 1000:.0f} ms"


def _reads(base: str, token: str, stop: threading.Event, out: list[tuple[float, float]]) -> None:
    """Read until `stop`, recording (time answered, latency) of each read."""
    import httpx

    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=300) as c:
        while not stop.is_set():
            for path in (f"/api/plans/{PLAN}", "/api/me"):
                t = time.perf_counter()
                c.get(path).raise_for_status()
                out.append((time.perf_counter(), time.perf_counter() - t))


def case(label: str, url: str, n: int) -> None:
    import httpx

    token = _database(url)
    port = _port()
    server = subprocess.Popen([sys.executable, "-c", "from guihua.cli.main import main; main()", "serve",
                               "--db", url, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    why = server.stderr.read().decode() if server.stderr else ""
                    raise RuntimeError(f"server did not start: {why}") from None
                time.sleep(0.2)
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=auth, timeout=600) as c:
            names = sorted({o["indicator"] for o in c.get(f"/api/plans/{PLAN}/observations").json()["observations"]
                            if o["measure"] == "level" and o["unit"] in ("%", "亿元", "万人")})[:10]
            body = _csv(n, names)
            idle: list[tuple[float, float]] = []
            stop = threading.Event()
            reader = threading.Thread(target=_reads, args=(base, token, stop, idle))
            reader.start()
            time.sleep(3)
            stop.set()
            reader.join()
            busy: list[tuple[float, float]] = []
            stop = threading.Event()
            reader = threading.Thread(target=_reads, args=(base, token, stop, busy))
            t0 = time.perf_counter()
            reader.start()
            r = c.post(f"/api/plans/{PLAN}/observations/upload", files={"file": ("bench.csv", body, "text/csv")})
            answered = time.perf_counter() - t0
            job = r.json()
            while r.status_code == 202 and not job.get("done"):
                time.sleep(0.2)
                job = c.get(r.json()["status_url"]).json()
            done_at = time.perf_counter()
            wall = done_at - t0
            stop.set()
            reader.join()
            during = [lat for at, lat in busy if at <= done_at]
            after = [lat for at, lat in busy if at > done_at]  # in flight at the end: the plan's data rebuilt
            result = job.get("result", job)
            imported = result.get("imported", 0)
            print(f"{label:<10} {n:>7} rows ({len(body) / 1e6:.1f} MB)  upload answered {r.status_code} in "
                  f"{answered:.2f} s; imported {imported} rows in {wall:.1f} s ({imported / wall:,.0f} rows/s)")
            print(f"{'':<10} reads during the import: {len(during)} answered, {_quantiles(during)}")
            print(f"{'':<10} reads with the server idle: {len(idle)} answered, {_quantiles([x for _, x in idle])}")
            print(f"{'':<10} the read in flight when it ended (rebuilds the plan's pages over "
                  f"{imported} more values): {max(after, default=0.0):.1f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else ROWS
    with tempfile.TemporaryDirectory(prefix="guihua-bench-upload-") as tmp:
        case("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", n)
    try:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        admin = create_engine(PG, isolation_level="AUTOCOMMIT")
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # PostgreSQL not reachable: the SQLite figures only
        print(f"postgres   skipped ({type(exc).__name__})")
        return
    try:
        url = make_url(PG).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
        case("postgres", url, n)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
