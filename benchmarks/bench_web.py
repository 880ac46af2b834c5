"""Web latency under 20 concurrent local clients: p50/p95 and requests/s for the dashboard, an indicator
page and search; the same for datasette serving the same SQLite file, as a side-by-side reference.

Both servers run as subprocesses on free localhost ports (uvicorn, one worker each); every client is a
thread with its own keep-alive connection. guihua's requests carry a viewer account's session cookie
(the default deployment needs a login), so the figures include finding the session. Prints figures,
asserts nothing.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

CLIENTS = 20
PER_CLIENT = 25
WARMUP = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path)
            if c.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


HEADERS: dict[str, str] = {}  # guihua's session cookie, set in main()


def _load(port: int, path: str) -> tuple[list[float], float, int]:
    """Latencies (s) of CLIENTS x PER_CLIENT requests, the wall time, and the number of non-200 answers."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for _ in range(PER_CLIENT):
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=HEADERS)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except (OSError, http.client.HTTPException):  # a dropped keep-alive connection: count it, reconnect
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            mine.append(time.perf_counter() - t0)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(WARMUP):
        warm.request("GET", path, headers=HEADERS)
        warm.getresponse().read()
    warm.close()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0, errors[0]


def _report(label: str, port: int, path: str) -> None:
    lat, wall, errors = _load(port, path)
    lat.sort()
    p50 = statistics.median(lat) * 1000
    p95 = lat[int(len(lat) * 0.95) - 1] * 1000
    note = f"  ({errors} failed or non-200)" if errors else ""
    print(f"  {label:<34} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {len(lat) / wall:7.1f} req/s{note}")


def _serve(cmd: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    from guihua.store.demo import build_demo_database

    tmp = Path(tempfile.mkdtemp(prefix="guihua-bench-web-"))
    db = tmp / "demo.db"
    build_demo_database(f"sqlite:///{db}")
    from guihua.store.repository import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        viewer = store.add_user("bench", "viewer", "bench-password", user="bench")
        token, _ = store.new_session(viewer.id)
    finally:
        store.dispose()
    HEADERS["Cookie"] = f"guihua_session={token}"
    py = sys.executable
    port = _free_port()
    app = (f"from guihua.web.app import Settings, create_app; import uvicorn; "
           f"uvicorn.run(create_app(Settings(database_url='sqlite:///{db}')), host='127.0.0.1', port={port}, "
           f"log_level='warning')")
    procs = [_serve([py, "-c", app])]
    dport = _free_port()
    datasette = Path(py).with_name("datasette")
    try:
        plan = "/plans/hengyang-13th"
        _wait(port, "/api/plans")
        print(f"guihua web ({CLIENTS} concurrent clients x {PER_CLIENT} requests, SQLite demo database):")
        for label, path in (("dashboard  /indicators", f"{plan}/indicators"),
                            ("indicator  /indicators/地区生产总值", f"{plan}/indicators/{quote('地区生产总值')}"),
                            ("search     /search?q=森林覆盖率", f"/search?q={quote('森林覆盖率')}&plan=hengyang-13th"),
                            ("API        /api/plans/…/indicators", f"/api{plan}/indicators")):
            _report(label, port, path)
        if datasette.exists():
            procs.append(_serve([str(datasette), "serve", str(db), "-h", "127.0.0.1", "-p", str(dport),
                                 "--setting", "num_sql_threads", "3"]))
            _wait(dport, "/demo.json")
            print("datasette on the same file (reference):")
            for label, path in (("table      /demo/indicators", "/demo/indicators"),
                                ("row        /demo/indicators/1", "/demo/indicators/1"),
                                ("filter     statements quote~森林覆盖率",
                                 f"/demo/statements?quote__contains={quote('森林覆盖率')}")):
                _report(label, dport, path)
        else:
            print("datasette not installed (pip install -e '.[dev]'): no reference figures")
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


if __name__ == "__main__":
    main()
