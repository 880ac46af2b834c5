"""Change counters: how often each plan's data and its data rounds have changed.

Every audit row a transaction writes notes its plan here (`note_change`); when the transaction commits
(`guihua.store.base.StoreBase.atomic`), each noted plan's counter is incremented once, in plan order,
inside the same transaction. A reader that kept a result together with the counters it was computed at
knows it is still valid when the counters are unchanged: one primary-key read instead of a scan of the
audit log, and right across processes (the counters are committed with the data they count).

Two counters per plan: `data` (anything a plan's pages show: statements, indicators, values, projects,
responsibilities…) and `rounds` (filling, submitting, approving a data round's rows: `ROUND_ENTITIES`),
so that a department typing its figures does not invalidate every dashboard. Changes that belong to no
plan (units, accounts) count under plan_id "".
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from guihua.store import schema as t

#: audit entities of data rounds: counted under `rounds`, not `data`
ROUND_ENTITIES = ("round", "round_row")
GLOBAL = ""
_KEY = "guihua.changes"


def counter_of(entity: str) -> str:
    return "rounds" if entity in ROUND_ENTITIES else "data"


def begin(conn: Connection) -> None:
    """Start noting the changes of the transaction on `conn`."""
    conn.info[_KEY] = set()


def note_change(conn: Connection, plan_id: str | None, entity: str) -> None:
    """An audit row of `entity` in `plan_id` is being written on `conn` (counted once at commit; at once
    when the connection is not in a transaction of `atomic`)."""
    key = (plan_id or GLOBAL, counter_of(entity))
    pending: set[tuple[str, str]] | None = conn.info.get(_KEY)
    if pending is None:
        bump(conn, [key])
    else:
        pending.add(key)


def note_changes(conn: Connection, rows: Iterable[dict[str, object]]) -> None:
    """`note_change` for each audit row (dicts as `guihua.store.base.audit_row` makes them)."""
    for r in rows:
        note_change(conn, r.get("plan_id"), str(r.get("entity") or ""))  # type: ignore[arg-type]


def finish(conn: Connection, commit: bool) -> None:
    """Stop noting; when `commit`, increment the noted counters (in a fixed order, so that two
    transactions never wait for each other's counters in opposite orders)."""
    pending: set[tuple[str, str]] | None = conn.info.pop(_KEY, None)
    if commit and pending:
        bump(conn, sorted(pending))


def bump(conn: Connection, keys: Iterable[tuple[str, str]]) -> None:
    """Increment the counters (plan_id, "data" | "rounds"), creating a plan's row on its first change."""
    table = t.change_counters
    ins = postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)
    for plan_id, column in keys:
        values = {"plan_id": plan_id, "data": int(column == "data"), "rounds": int(column == "rounds")}
        conn.execute(ins.values(**values).on_conflict_do_update(
            index_elements=[table.c.plan_id], set_={column: table.c[column] + 1}))


def read_counters(conn: Connection, plan_id: str | None = None) -> dict[str, tuple[int, int]]:
    """{plan_id: (data, rounds)} of one plan or of every plan (and "" for changes of no plan)."""
    q = select(t.change_counters)
    if plan_id is not None:
        q = q.where(t.change_counters.c.plan_id == plan_id)
    return {r.plan_id: (int(r.data), int(r.rounds)) for r in conn.execute(q)}
