"""The web app served by a real uvicorn server in a thread, for tests that need real connections
(keep-alive, requests answered while another is being served)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from guihua.web.app import Settings, create_app

_SERVED: dict[str, Any] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """Serve a new app over `settings` on a free loopback port; yields the base URL."""
    port = _free_port()
    app = create_app(settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    _SERVED[base] = app
    try:
        yield base
    finally:
        del _SERVED[base]
        server.should_exit = True
        thread.join(timeout=30)


def app_of(base: str) -> Any:
    """The app a live server at `base` serves (to reach into its state in a test)."""
    return _SERVED[base]
