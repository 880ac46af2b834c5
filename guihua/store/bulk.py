"""Bulk writes: many rows in a few statements, new ids returned in the rows' order, on SQLite and PostgreSQL.

One `INSERT ... RETURNING` per row costs a round trip each; SQLAlchemy's "insertmanyvalues" with
`sort_by_parameter_order` renders one huge statement per thousand rows, which psycopg spends seconds
re-parsing. On PostgreSQL the ids are therefore drawn from the table's sequence first (one query) and
the rows inserted with them through the driver's pipelined `executemany`. On SQLite the rows go in
through `executemany` and the ids are read back (see `insert_returning_ids`). Other backends keep
SQLAlchemy's ordered RETURNING.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection

CHUNK = 1000  # rows per statement batch


def insert_returning_ids(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert `rows` (dicts without `id`) into `table`; their new ids, in the order of `rows`."""
    if not rows:
        return []
    if conn.dialect.name == "postgresql":
        seq = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar_one()
        ids = sorted(int(x) for x in conn.execute(
            text("SELECT nextval(:seq) FROM generate_series(1, :n)"), {"seq": seq, "n": len(rows)}).scalars())
        conn.execute(insert(table), [{**r, "id": i} for r, i in zip(rows, ids, strict=True)])
        return ids
    if conn.dialect.name == "sqlite":
        conn.execute(insert(table), list(rows))
        # This transaction now holds SQLite's write lock, and a new rowid is one more than the largest
        # (sqlite.org/autoinc.html): the largest len(rows) ids are these rows', in their order.
        return sorted(int(x) for x in conn.execute(
            select(table.c.id).order_by(table.c.id.desc()).limit(len(rows))).scalars())
    return [int(x) for x in conn.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), list(rows)).scalars()]
