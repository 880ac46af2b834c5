"""Which database: `--db URL`, else $GUIHUA_DATABASE_URL, else the SQLite file ./guihua.db.

A bare path (no "://") means a SQLite file. PostgreSQL: postgresql+psycopg://user@host:5432/name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

ENV_URL = "GUIHUA_DATABASE_URL"
DEFAULT_URL = "sqlite:///guihua.db"


def resolve_url(db: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The database URL from `--db`, the environment or the default."""
    env = environ if environ is not None else os.environ
    url = db or env.get(ENV_URL) or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url
