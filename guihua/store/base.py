"""Plumbing every entity module of the store shares: the engine, transactions, JSON and time as
stored, and the audit trail writer. No entity's SQL lives here."""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, update
from sqlalchemy.engine import Connection

from guihua.errors import ConflictError, InputError
from guihua.names import check_name
from guihua.store import changes
from guihua.store import schema as t
from guihua.store.settings import resolve_url


def now() -> str:
    """The current UTC time as stored (ISO 8601, microseconds, 'Z')."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dumps(value: Any) -> str:
    """JSON text as stored: sorted keys, Chinese kept, compact; identical on every backend."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text_: str | None) -> Any:
    """JSON text as stored -> value (None stays None)."""
    return None if text_ is None else json.loads(text_)


def clean_float(v: Any) -> float | None:
    """A finite float or None; NaN and infinities are refused (InputError)."""
    if v is None:
        return None
    f = float(v)
    if math.isnan(f) or math.isinf(f):
        raise InputError("value", "数值不能是 NaN 或无穷大")
    return f


POOL_SIZE = 20  # connections kept open per process (the web server runs up to 40 requests at once)
POOL_OVERFLOW = 20  # and opened for a moment past those


def create_store_engine(url: str | None = None) -> Engine:
    """An engine for `url` (resolved like `--db`); SQLite gets foreign keys, a busy timeout and the
    write-ahead log."""
    url = resolve_url(url)
    if url.startswith("sqlite"):
        # a pool as large as the web server's busy threads: a connection opened past the pool is closed
        # after one use, and opening one costs more than most queries
        engine = create_engine(url, connect_args={"timeout": 30}, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # write-ahead log: readers never wait for a writer (nor a writer for readers); kept by the file
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


def audit_row(plan_id: str | None, user: str, action: str, entity: str, entity_id: Any,
              field: str | None = None, old: Any = None, new: Any = None, at: str | None = None
              ) -> dict[str, Any]:
    """One audit log row as inserted (for bulk writers: `conn.execute(insert(audit_log), rows)`).

    The user's name may not hold control or invisible characters (guihua.names.check_name).
    """
    check_name(user, "user")
    return {"plan_id": plan_id, "at": at or now(), "user": user, "action": action, "entity": entity,
            "entity_id": str(entity_id), "field": field,
            "old": None if old is None else dumps(old), "new": None if new is None else dumps(new)}


def audit(conn: Connection, plan_id: str | None, user: str, action: str, entity: str,
           entity_id: Any, field: str | None = None, old: Any = None, new: Any = None,
           at: str | None = None) -> None:
    insert_audit(conn, [audit_row(plan_id, user, action, entity, entity_id, field, old, new, at)])


def insert_audit(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Append audit rows (as `audit_row` makes them) and count their plans' change (guihua.store.changes).
    The only writer of the audit log."""
    if rows:
        conn.execute(insert(t.audit_log), rows)
        changes.note_changes(conn, rows)



def update_row(conn: Connection, table: Any, pk: Any, key: Any, current: int, expected: int | None,
                values: Mapping[str, Any], *, plan_id: str, user: str, action: str, entity: str,
                old: Mapping[str, Any]) -> None:
    exp = expected if expected is not None else current
    res = conn.execute(update(table).where(pk == key, table.c.row_version == exp)
                       .values(**values, row_version=table.c.row_version + 1))
    if res.rowcount != 1:
        raise ConflictError(f"{entity} {key}: 已被他人修改（版本 {exp} 已过期）；请重新读取后再改")
    stamp = now()
    for k, v in values.items():
        audit(conn, plan_id, user, action, entity, key, k, old.get(k), v, at=stamp)



class StoreBase:
    """One database. Thread-safe to share; each public method opens its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time: the threads of this process take turns here, at once, instead of
        # in SQLite's busy handler, which sleeps ever longer between tries (and holds a pooled connection)
        self._writer: AbstractContextManager[Any] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext())

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """BEGIN ... COMMIT; rollback and re-raise on any error. The change counters of the plans the
        transaction audited are incremented just before it commits (guihua.store.changes)."""
        with self._writer, self.engine.begin() as conn:
            changes.begin(conn)
            try:
                yield conn
            except BaseException:
                changes.finish(conn, commit=False)
                raise
            changes.finish(conn, commit=True)

    def dispose(self) -> None:
        """Close the pool's connections (tests and short-lived CLI runs)."""
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name
