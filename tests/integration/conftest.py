"""Database fixtures: every storage test runs against a SQLite file AND PostgreSQL.

PostgreSQL: GUIHUA_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
Each database a test asks for is a fresh schema (selected through the connection's search_path),
dropped afterwards, so parallel runs and reruns never see each other's rows. When the server
cannot be reached the PostgreSQL half is skipped, unless GUIHUA_TEST_POSTGRES_URL is set
explicitly (as .ci/run does): then it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_base() -> str:
    return os.environ.get("GUIHUA_TEST_POSTGRES_URL") or DEFAULT_PG


class _Databases:
    """Hands out fresh, empty databases of one backend and removes them afterwards."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self.tmp_path = tmp_path
        self.schemas: list[str] = []
        self.n = 0
        self._admin = None
        if backend == "postgres":
            self._admin = create_engine(_pg_base(), isolation_level="AUTOCOMMIT")
            try:
                with self._admin.connect() as conn:
                    conn.execute(text("SELECT 1"))
            except OperationalError as exc:
                self._admin.dispose()
                if os.environ.get("GUIHUA_TEST_POSTGRES_URL"):
                    pytest.fail(f"PostgreSQL at {_pg_base()} is not reachable: {exc}")
                pytest.skip(f"PostgreSQL not reachable at {_pg_base()}")

    def new(self) -> str:
        self.n += 1
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp_path / f'db{self.n}.sqlite'}"
        assert self._admin is not None
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        self.schemas.append(schema)
        url = make_url(_pg_base()).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def close(self) -> None:
        if self._admin is None:
            return
        with self._admin.connect() as conn:
            for schema in self.schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        self._admin.dispose()


@pytest.fixture(params=BACKENDS)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of fresh empty database URLs, on SQLite and (second run) on PostgreSQL."""
    dbs = _Databases(request.param, tmp_path)
    try:
        yield dbs.new
    finally:
        dbs.close()


@pytest.fixture
def db_url(new_db: Callable[[], str]) -> str:
    """One fresh empty database URL (SQLite file / PostgreSQL schema)."""
    return new_db()
