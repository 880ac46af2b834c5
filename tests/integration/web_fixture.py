"""The web tests' database: built by the same code `guihua demo` runs, so the demo cannot rot."""

from __future__ import annotations

import tempfile
from pathlib import Path

from guihua.web.app import Settings


def demo_settings(directory: Path | None = None) -> Settings:
    """A fresh demo: the bundled Hengyang plan with the real statistics.

    Through guihua.store.demo.build_demo_database into a SQLite file.
    """
    from guihua.store.demo import build_demo_database

    directory = directory or Path(tempfile.mkdtemp(prefix="guihua-web-"))
    url = f"sqlite:///{directory / 'demo.db'}"
    build_demo_database(url)
    return Settings(database_url=url)
