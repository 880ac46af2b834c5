"""The store's public API. All SQL of guihua lives in this module.

Open a store with `open_store(url)` (migrates the database to the newest revision) and use the
`Store` methods; they return plain records from guihua.store.records, never database rows.

    from guihua.store.repository import open_store
    store = open_store("sqlite:///guihua.db")          # or postgresql+psycopg://...
    plan = store.get_plan("hengyang-13th")
    for ind in store.list_indicators(plan.id):
        obs = store.list_observations(indicator_id=ind.id)
    s = store.list_statements(plan.id, type="target")[0]
    store.review_statement(s.id, "已修改", changes={"value": 4100.0}, user="王芳",
                           expected_version=s.row_version)

Rules every writer follows:
- Each public write runs in one transaction: all of it is written or none of it.
- Every change of a stored value appends to the audit log (who, when, entity, field, old, new);
  the log itself is append-only (the database refuses UPDATE/DELETE on it).
- Optimistic concurrency: mutable rows carry `row_version`. Pass the version you read as
  `expected_version`; when someone else changed the row meanwhile, `ConflictError` is raised and
  nothing is written. Without `expected_version` the version read inside the transaction is used.
- Unknown ids and invalid values raise `InputError` (Chinese message naming the field).

Review statuses (`REVIEW_STATUSES`), defined:
- 待审核: not reviewed. Setting it again reopens a statement and restores the original extraction.
- 已确认: the extraction is right as extracted. Refused with changes, and refused while current
  values differ from the original (use 已修改 to accept corrected values).
- 已修改: corrected. The changes are applied; the result must differ from the original extraction
  (otherwise use 已确认). The original stays in `original` beside the corrected values.
- 已驳回: not a real target/baseline. Refused with changes; values are kept as they are.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError

from guihua.errors import ConflictError, InputError
from guihua.extraction.model import Statement

if TYPE_CHECKING:
    from guihua.extraction.projects import ProjectMention
from guihua.store import migrate
from guihua.store import schema as t
from guihua.store.domains import suggest_domain
from guihua.store.records import (
    EDITABLE_INDICATOR_FIELDS,
    EDITABLE_OBSERVATION_FIELDS,
    EDITABLE_STATEMENT_FIELDS,
    AuditEntry,
    IndicatorInfo,
    IngestResult,
    MilestoneEventInfo,
    NewIndicator,
    NewObservation,
    NodeInfo,
    ObservationInfo,
    PlanInfo,
    ProjectInfo,
    StoredStatement,
    VersionInfo,
)
from guihua.store.schema import PROJECT_STATUSES, REVIEW_STATUSES
from guihua.store.settings import resolve_url

__all__ = ["REVIEW_STATUSES", "PROJECT_STATUSES", "Store", "open_store", "create_store_engine", "now"]

ATTRIBUTES = ("约束性", "预期性")
STATEMENT_TYPES = ("target", "baseline")
STATEMENT_KINDS = ("level", "growth", "change", "cumulative", "structure", "milestone")
COMPARATORS = (">=", "<=", "~", "=", None)
MEASURES = ("level", "growth", "structure")
DIRECTIONS = ("increase", "decrease", None)
STATEMENT_ATTRIBUTES = ("约束性", "预期性", None)


def now() -> str:
    """The current UTC time as stored (ISO 8601, microseconds, 'Z')."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dumps(value: Any) -> str:
    """JSON text as stored: sorted keys, Chinese kept, compact; identical on every backend."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _loads(text_: str | None) -> Any:
    return None if text_ is None else json.loads(text_)


def create_store_engine(url: str | None = None) -> Engine:
    """An engine for `url` (resolved like `--db`); SQLite gets foreign keys and a busy timeout."""
    url = resolve_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def open_store(url: str | None = None, *, migrate_db: bool = True) -> Store:
    """The store at `url` (`--db` value, $GUIHUA_DATABASE_URL or ./guihua.db), migrated to head."""
    resolved = resolve_url(url)
    try:
        engine = create_store_engine(resolved)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise InputError("--db", f"数据库地址“{resolved}”无法识别：{exc}") from exc
    try:
        if migrate_db:
            migrate.upgrade(engine)
        else:
            with engine.connect():
                pass
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise InputError("--db", f"无法打开数据库“{engine.url.render_as_string(hide_password=True)}”：{reason}") from exc
    return Store(engine)


def _clean_float(v: Any) -> float | None:
    if v is None:
        return None
    f = float(v)
    if math.isnan(f) or math.isinf(f):
        raise InputError("value", "数值不能是 NaN 或无穷大")
    return f


class Store:
    """One database. Thread-safe to share; each method opens its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """BEGIN ... COMMIT; rollback and re-raise on any error."""
        with self.engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        """Close the pool's connections (tests and short-lived CLI runs)."""
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _audit(self, conn: Connection, plan_id: str | None, user: str, action: str, entity: str,
               entity_id: Any, field: str | None = None, old: Any = None, new: Any = None,
               at: str | None = None) -> None:
        conn.execute(insert(t.audit_log).values(
            plan_id=plan_id, at=at or now(), user=user, action=action, entity=entity,
            entity_id=str(entity_id), field=field,
            old=None if old is None else dumps(old), new=None if new is None else dumps(new),
        ))

    # ------------------------------------------------------------------ plans and versions

    def list_plans(self) -> list[PlanInfo]:
        """Every plan, ordered by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.plans).order_by(t.plans.c.id)).mappings().all()
        return [PlanInfo(**dict(r)) for r in rows]

    def get_plan(self, plan_id: str) -> PlanInfo:
        """The plan `plan_id`; InputError when there is none."""
        with self.engine.connect() as conn:
            return self._plan(conn, plan_id)

    def _plan(self, conn: Connection, plan_id: str) -> PlanInfo:
        row = conn.execute(select(t.plans).where(t.plans.c.id == plan_id)).mappings().first()
        if row is None:
            raise InputError("--plan", f"没有编号为“{plan_id}”的规划（先用 guihua ingest 载入）")
        return PlanInfo(**dict(row))

    def has_plan(self, plan_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.plans.c.id).where(t.plans.c.id == plan_id)).first() is not None

    def update_plan(self, plan_id: str, changes: Mapping[str, Any], *, user: str,
                    expected_version: int | None = None) -> PlanInfo:
        """Change title / region / period_start / period_end of a plan (audited)."""
        allowed = ("title", "region", "period_start", "period_end")
        for k in changes:
            if k not in allowed:
                raise InputError(k, f"规划不能修改字段 {k}（可改：{'、'.join(allowed)}）")
        with self.atomic() as conn:
            plan = self._plan(conn, plan_id)
            diff = {k: v for k, v in changes.items() if getattr(plan, k) != v}
            if diff:
                self._update_row(conn, t.plans, t.plans.c.id, plan_id, plan.row_version, expected_version,
                                 diff, plan_id=plan_id, user=user, action="update", entity="plan",
                                 old={k: getattr(plan, k) for k in diff})
            return self._plan(conn, plan_id)

    def get_version(self, plan_id: str, number: int | None = None) -> VersionInfo:
        """A stored version of a plan's document (default: the current one), raw text included."""
        with self.engine.connect() as conn:
            return self._version(conn, plan_id, number)

    def _version(self, conn: Connection, plan_id: str, number: int | None) -> VersionInfo:
        plan = self._plan(conn, plan_id)
        number = number if number is not None else plan.current_version
        row = conn.execute(select(t.plan_versions).where(
            t.plan_versions.c.plan_id == plan_id, t.plan_versions.c.number == number)).mappings().first()
        if row is None:
            raise InputError("--version", f"规划“{plan_id}”没有第 {number} 版")
        d = dict(row)
        d["repairs"] = _loads(d.pop("repairs_json"))
        return VersionInfo(**d)

    def list_versions(self, plan_id: str) -> list[VersionInfo]:
        """All versions of a plan, oldest first (raw text included)."""
        with self.engine.connect() as conn:
            self._plan(conn, plan_id)
            rows = conn.execute(select(t.plan_versions.c.number).where(
                t.plan_versions.c.plan_id == plan_id).order_by(t.plan_versions.c.number)).scalars().all()
            return [self._version(conn, plan_id, n) for n in rows]

    def list_nodes(self, plan_id: str, version: int | None = None) -> list[NodeInfo]:
        """The outline of a plan version as a flat list in document order (parent_key links them)."""
        with self.engine.connect() as conn:
            v = self._version(conn, plan_id, version)
            rows = conn.execute(select(t.nodes).where(t.nodes.c.version_id == v.id)
                                .order_by(t.nodes.c.ordinal)).mappings().all()
        return [_node(r) for r in rows]

    def ingest(self, *, plan_id: str, title: str, region: str | None, period: tuple[int, int] | None,
               period_source: str | None, source: str, format: str, encoding: str | None, sha256: str,
               raw_text: str, repairs: Sequence[Mapping[str, Any]], nodes: Sequence[Mapping[str, Any]],
               statements: Sequence[Statement], user: str,
               projects: Sequence[ProjectMention] = ()) -> IngestResult:
        """Store one read and extracted plan document (see guihua.store.ingest for the reading).

        The same document (same sha256 as the current version) again changes nothing at all.
        A different document becomes a new version: its outline and statements are stored,
        statements are grouped into indicators (existing indicators keep their ids, edits and
        observations), and review decisions carry over to statements whose quote text is unchanged
        (matched on quote, type, kind and indicator first, then on the quote alone; corrections are
        re-applied; each carry-over is audited).
        `nodes` are dicts with key, parent_key, kind, number, title, start, end, note, role.
        `projects` are the version's project mentions: grouped into the plan's project library
        (existing projects keep their id, status and edits) with link suggestions (projects_repo).
        """
        try:
            return self._ingest(plan_id=plan_id, title=title, region=region, period=period,
                                period_source=period_source, source=source, format=format, encoding=encoding,
                                sha256=sha256, raw_text=raw_text, repairs=repairs, nodes=nodes,
                                statements=statements, user=user, projects=projects)
        except IntegrityError as exc:  # another writer stored a version of this plan meanwhile
            raise ConflictError(f"规划 {plan_id}: 他人同时载入了新版本；请重新执行") from exc

    def _ingest(self, *, plan_id: str, title: str, region: str | None, period: tuple[int, int] | None,
                period_source: str | None, source: str, format: str, encoding: str | None, sha256: str,
                raw_text: str, repairs: Sequence[Mapping[str, Any]], nodes: Sequence[Mapping[str, Any]],
                statements: Sequence[Statement], user: str,
                projects: Sequence[ProjectMention] = ()) -> IngestResult:
        with self.atomic() as conn:
            row = conn.execute(select(t.plans).where(t.plans.c.id == plan_id)).mappings().first()
            prev: VersionInfo | None = None
            if row is not None and row["current_version"] is not None:
                prev = self._version(conn, plan_id, row["current_version"])
                if prev.sha256 == sha256:
                    n = conn.execute(select(func.count()).select_from(t.statements).where(
                        t.statements.c.version_id == prev.id)).scalar_one()
                    return IngestResult(plan_id, prev.number, False, n, 0, 0)
            stamp = now()
            if row is None:
                conn.execute(insert(t.plans).values(
                    id=plan_id, title=title, region=region, period_start=period[0] if period else None,
                    period_end=period[1] if period else None, current_version=None, created_at=stamp,
                    row_version=1))
                self._audit(conn, plan_id, user, "create", "plan", plan_id, None, None,
                            {"title": title, "region": region, "period": list(period) if period else None},
                            at=stamp)
            number = (prev.number + 1) if prev else 1
            version_id = conn.execute(insert(t.plan_versions).values(
                plan_id=plan_id, number=number, source=source, format=format, encoding=encoding,
                sha256=sha256, raw_text=raw_text, repairs_json=dumps(list(repairs)),
                period_start=period[0] if period else None, period_end=period[1] if period else None,
                period_source=period_source, created_at=stamp, created_by=user,
            ).returning(t.plan_versions.c.id)).scalar_one()
            self._audit(conn, plan_id, user, "ingest", "plan_version", version_id, None, None,
                        {"number": number, "sha256": sha256, "source": source,
                         "statements": len(statements)}, at=stamp)
            if nodes:
                conn.execute(insert(t.nodes), [
                    {"version_id": version_id, "ordinal": i, "key": n["key"], "parent_key": n.get("parent_key"),
                     "kind": n["kind"], "number": n.get("number"), "title": n.get("title") or "",
                     "start_offset": n["start"], "end_offset": n["end"], "note": n.get("note") or "",
                     "role": n.get("role") or ""} for i, n in enumerate(nodes)])
            key_of, created = self._ensure_indicators(conn, plan_id, statements, nodes, user, stamp)
            if statements:
                conn.execute(insert(t.statements), [
                    _statement_row(s, plan_id, version_id, i, key_of[i], stamp) for i, s in enumerate(statements)])
            carried = 0
            if prev is not None:
                carried = self._carry_over(conn, plan_id, prev.id, version_id, user, stamp)
            if projects:
                from guihua.store.projects_repo import store_mentions

                store_mentions(self, conn, plan_id, version_id, projects, user, stamp, raw_text)
            plan_row = conn.execute(select(t.plans).where(t.plans.c.id == plan_id)).mappings().one()
            changes: dict[str, Any] = {"current_version": number}
            if period and (plan_row["period_start"], plan_row["period_end"]) != period:
                changes.update(period_start=period[0], period_end=period[1])
            if prev is not None and title and title != plan_row["title"]:
                changes["title"] = title
            if prev is not None and region and region != plan_row["region"]:
                changes["region"] = region
            conn.execute(update(t.plans).where(t.plans.c.id == plan_id).values(
                **changes, row_version=t.plans.c.row_version + 1))
            for k, v in changes.items():
                self._audit(conn, plan_id, user, "ingest", "plan", plan_id, k, plan_row[k], v, at=stamp)
            return IngestResult(plan_id, number, True, len(statements), carried, created)

    def _ensure_indicators(self, conn: Connection, plan_id: str, statements: Sequence[Statement],
                           nodes: Sequence[Mapping[str, Any]], user: str, stamp: str) -> tuple[list[int], int]:
        """Indicator id for every statement (creating missing indicators); returns (ids, created)."""
        by_key: dict[str, list[int]] = {}
        for i, s in enumerate(statements):
            by_key.setdefault(_statement_key(s), []).append(i)
        existing = {r["key"]: r for r in conn.execute(
            select(t.indicators).where(t.indicators.c.plan_id == plan_id)).mappings()}
        node_by_key = {n["key"]: n for n in nodes}
        ids: list[int] = [0] * len(statements)
        created = 0
        for key, idx in by_key.items():
            group = [statements[i] for i in idx]
            aliases = _aliases(group)
            if key in existing:
                row = existing[key]
                old_aliases = _loads(row["aliases_json"]) or []
                merged = old_aliases + [a for a in aliases if a not in old_aliases and a != row["name"]]
                if merged != old_aliases:
                    conn.execute(update(t.indicators).where(t.indicators.c.id == row["id"]).values(
                        aliases_json=dumps(merged), row_version=t.indicators.c.row_version + 1))
                    self._audit(conn, plan_id, user, "ingest", "indicator", row["id"], "aliases",
                                old_aliases, merged, at=stamp)
                ind_id = row["id"]
            else:
                name = _canonical_name(group)
                titles = _ancestor_titles(_first_target(group).node_id, node_by_key)
                values = {
                    "plan_id": plan_id, "key": key, "name": name,
                    "aliases_json": dumps([a for a in aliases if a != name]),
                    "unit": _indicator_unit(group), "domain": suggest_domain(*titles, name),
                    "attribute": _attribute(group), "origin": "plan", "note": None,
                    "created_at": stamp, "row_version": 1,
                }
                ind_id = conn.execute(insert(t.indicators).values(**values).returning(t.indicators.c.id)).scalar_one()
                created += 1
            for i in idx:
                ids[i] = ind_id
        return ids, created

    def _carry_over(self, conn: Connection, plan_id: str, old_version_id: int, new_version_id: int,
                    user: str, stamp: str) -> int:
        """Copy review decisions from the old version to statements of the same quote text.

        First pass: same quote, type, kind and extracted indicator; second pass: the same quote
        alone (in document order) for what is left. Status, reviewer and corrected fields carry over.
        """
        old_rows = conn.execute(select(t.statements).where(
            t.statements.c.version_id == old_version_id, t.statements.c.status != "待审核")
            .order_by(t.statements.c.ordinal)).mappings().all()
        if not old_rows:
            return 0
        olds = [_stored(r) for r in old_rows]
        news = [_stored(r) for r in conn.execute(select(t.statements).where(
            t.statements.c.version_id == new_version_id).order_by(t.statements.c.ordinal)).mappings()]
        pairs: list[tuple[StoredStatement, StoredStatement]] = []
        used: set[int] = set()
        for key in (_match_key, lambda o: (o.get("quote"),)):
            pool: dict[tuple[Any, ...], list[StoredStatement]] = {}
            for o in olds:
                if o.id not in used:
                    pool.setdefault(key(o.original), []).append(o)
            for n in news:
                if n.id in used:
                    continue
                candidates = pool.get(key(n.original))
                if candidates:
                    old = candidates.pop(0)
                    used.update((old.id, n.id))
                    pairs.append((old, n))
        for old, new in pairs:
            values: dict[str, Any] = {"status": old.status, "reviewed_by": old.reviewed_by,
                                      "reviewed_at": old.reviewed_at}
            for f in EDITABLE_STATEMENT_FIELDS:
                if getattr(old, f) != old.original.get(f):
                    values.update(_column_values(f, getattr(old, f)))
            if old.indicator_id != new.indicator_id and old.indicator != old.original.get("indicator"):
                values["indicator_id"] = old.indicator_id
            conn.execute(update(t.statements).where(t.statements.c.id == new.id).values(**values))
            self._audit(conn, plan_id, user, "carry_over", "statement", new.id, "status", "待审核",
                        {"status": old.status, "from_statement": old.id}, at=stamp)
        return len(pairs)

    # ------------------------------------------------------------------ statements

    def list_statements(self, plan_id: str, *, version: int | None = None, indicator_id: int | None = None,
                        status: str | None = None, type: str | None = None,
                        include_rejected: bool = True) -> list[StoredStatement]:
        """Statements of a plan version (default: current), in document order.

        Filters: `indicator_id`, `status` (one of REVIEW_STATUSES), `type` ("target"/"baseline");
        `include_rejected=False` leaves out 已驳回 ones (what monitoring should evaluate).
        """
        with self.engine.connect() as conn:
            v = self._version(conn, plan_id, version)
            q = select(t.statements).where(t.statements.c.version_id == v.id)
            if indicator_id is not None:
                q = q.where(t.statements.c.indicator_id == indicator_id)
            if status is not None:
                q = q.where(t.statements.c.status == status)
            if type is not None:
                q = q.where(t.statements.c.type == type)
            if not include_rejected:
                q = q.where(t.statements.c.status != "已驳回")
            rows = conn.execute(q.order_by(t.statements.c.ordinal)).mappings().all()
        return [_stored(r) for r in rows]

    def get_statement(self, statement_id: int) -> StoredStatement:
        """One statement by id; InputError when unknown."""
        with self.engine.connect() as conn:
            return self._statement(conn, statement_id)

    def _statement(self, conn: Connection, statement_id: int) -> StoredStatement:
        row = conn.execute(select(t.statements).where(t.statements.c.id == statement_id)).mappings().first()
        if row is None:
            raise InputError("TARGET_ID", f"没有编号为 {statement_id} 的目标")
        return _stored(row)

    def review_statement(self, statement_id: int, status: str, *, user: str,
                         changes: Mapping[str, Any] | None = None,
                         expected_version: int | None = None) -> StoredStatement:
        """Set a statement's review status, with corrections for 已修改 (see the module docstring).

        `changes` maps EDITABLE_STATEMENT_FIELDS to new values (already typed: floats, ints, a list
        of floats for `values`). Changing `indicator` re-links the statement to the indicator of that
        name or alias (created when the plan has none). Every changed field is audited, plus the
        status. Raises ConflictError when `expected_version` is stale, InputError for a bad status,
        field or transition. Returns the statement as stored afterwards.
        """
        if status not in REVIEW_STATUSES:
            raise InputError("--status", f"审核状态应为 {' / '.join(REVIEW_STATUSES)} 之一，收到“{status}”")
        changes = dict(changes or {})
        for k in changes:
            if k not in EDITABLE_STATEMENT_FIELDS:
                raise InputError(f"--set {k}", f"不能修改字段 {k}（可改：{'、'.join(EDITABLE_STATEMENT_FIELDS)}）")
        for k in ("value", "value_max"):
            if k in changes:
                changes[k] = _clean_float(changes[k])
        for k, allowed in (("type", STATEMENT_TYPES), ("kind", STATEMENT_KINDS), ("comparator", COMPARATORS),
                           ("direction", DIRECTIONS), ("attribute", STATEMENT_ATTRIBUTES)):
            if k in changes and changes[k] not in allowed:
                shown = " / ".join(str(a) for a in allowed if a is not None)
                raise InputError(f"--set {k}", f"应为 {shown} 之一，收到“{changes[k]}”")
        if changes.get("indicator") is not None and not str(changes["indicator"]).strip():
            raise InputError("--set indicator", "指标名称不能为空")
        if user is None or not str(user).strip():
            raise InputError("--user", "请注明审核人")
        with self.atomic() as conn:
            s = self._statement(conn, statement_id)
            if expected_version is not None and expected_version != s.row_version:
                # the writer decided on a state it has not seen: a conflict before any rule applies
                raise ConflictError(f"目标 {s.id}: 已被他人修改（版本 {expected_version} 已过期，当前 "
                                    f"{s.row_version}）；请重新读取后再改")
            if status in ("已确认", "已驳回", "待审核") and changes:
                raise InputError("--set", f"状态“{status}”不能同时修改字段；修改请用“已修改”")
            if status == "待审核":
                target = {f: s.original.get(f) for f in EDITABLE_STATEMENT_FIELDS}
            else:
                target = {f: getattr(s, f) for f in EDITABLE_STATEMENT_FIELDS}
                target.update(changes)
            differs = any(target[f] != s.original.get(f) for f in EDITABLE_STATEMENT_FIELDS)
            if status == "已确认" and differs:
                raise InputError("--status", "该条的值已被修改，与原抽取不同；接受修改后的值请用“已修改”，"
                                 "恢复原抽取请先设为“待审核”")
            if status == "已修改" and not differs:
                raise InputError("--set", "修改后的值与原抽取相同；请用“已确认”，或用 --set 给出改动")
            diff = {f: v for f, v in target.items() if getattr(s, f) != v}
            if not diff and status == s.status:
                return s
            stamp = now()
            values: dict[str, Any] = {"status": status}
            if status == "待审核":
                values.update(reviewed_by=None, reviewed_at=None)
            else:
                values.update(reviewed_by=user, reviewed_at=stamp)
            for f, v in diff.items():
                values.update(_column_values(f, v))
            if "indicator" in diff:
                new_id = self._indicator_for_name(conn, s.plan_id, str(diff["indicator"]), s.unit, user, stamp)
                if new_id != s.indicator_id:
                    values["indicator_id"] = new_id
                    self._audit(conn, s.plan_id, user, "review", "statement", s.id, "indicator_id",
                                s.indicator_id, new_id, at=stamp)
            expected = expected_version if expected_version is not None else s.row_version
            res = conn.execute(update(t.statements).where(
                t.statements.c.id == s.id, t.statements.c.row_version == expected,
            ).values(**values, row_version=t.statements.c.row_version + 1))
            if res.rowcount != 1:
                raise ConflictError(f"目标 {s.id}: 已被他人修改（版本 {expected} 已过期，当前 {s.row_version}）；"
                                    "请重新读取后再改")
            if status != s.status:
                self._audit(conn, s.plan_id, user, "review", "statement", s.id, "status", s.status, status, at=stamp)
            for f, v in diff.items():
                self._audit(conn, s.plan_id, user, "review", "statement", s.id, f, getattr(s, f), v, at=stamp)
            return self._statement(conn, s.id)

    def _indicator_for_name(self, conn: Connection, plan_id: str, name: str, unit: str | None,
                            user: str, stamp: str) -> int:
        found = self._find_indicator(conn, plan_id, name)
        if found is not None:
            return found.id
        new_id = conn.execute(insert(t.indicators).values(
            plan_id=plan_id, key=name, name=name, aliases_json="[]", unit=unit,
            domain=suggest_domain(name), attribute=None, origin="review", note=None, created_at=stamp,
            row_version=1).returning(t.indicators.c.id)).scalar_one()
        self._audit(conn, plan_id, user, "create", "indicator", new_id, None, None,
                    {"name": name, "origin": "review"}, at=stamp)
        return int(new_id)

    # ------------------------------------------------------------------ indicators

    def list_indicators(self, plan_id: str) -> list[IndicatorInfo]:
        """The plan's indicator registry, ordered by id (plan order, then indicators added later)."""
        with self.engine.connect() as conn:
            self._plan(conn, plan_id)
            rows = conn.execute(select(t.indicators).where(t.indicators.c.plan_id == plan_id)
                                .order_by(t.indicators.c.id)).mappings().all()
            depts = self._departments_of(conn, [r["id"] for r in rows])
        return [_indicator(r, depts.get(r["id"], [])) for r in rows]

    def get_indicator(self, indicator_id: int) -> IndicatorInfo:
        """One indicator by id; InputError when unknown."""
        with self.engine.connect() as conn:
            return self._indicator(conn, indicator_id)

    def _indicator(self, conn: Connection, indicator_id: int) -> IndicatorInfo:
        row = conn.execute(select(t.indicators).where(t.indicators.c.id == indicator_id)).mappings().first()
        if row is None:
            raise InputError("indicator", f"没有编号为 {indicator_id} 的指标")
        return _indicator(row, self._departments_of(conn, [indicator_id]).get(indicator_id, []))

    def find_indicator(self, plan_id: str, name: str) -> IndicatorInfo | None:
        """The plan's indicator whose key, name or an alias equals `name` (None when none does)."""
        with self.engine.connect() as conn:
            return self._find_indicator(conn, plan_id, name)

    def _find_indicator(self, conn: Connection, plan_id: str, name: str) -> IndicatorInfo | None:
        name = name.strip()
        rows = conn.execute(select(t.indicators).where(t.indicators.c.plan_id == plan_id)
                            .order_by(t.indicators.c.id)).mappings().all()
        for pick in (lambda r: r["key"] == name, lambda r: r["name"] == name,
                     lambda r: name in (_loads(r["aliases_json"]) or [])):
            for r in rows:
                if pick(r):
                    return _indicator(r, self._departments_of(conn, [r["id"]]).get(r["id"], []))
        return None

    def update_indicator(self, indicator_id: int, changes: Mapping[str, Any], *, user: str,
                         expected_version: int | None = None) -> IndicatorInfo:
        """Edit an indicator: name, aliases (list), unit, domain, attribute (约束性/预期性 or None),
        departments (list of names; departments are created as needed), note. Audited per field;
        ConflictError on a stale `expected_version`.

        Changing `unit` does not rewrite stored observations; their `value_converted` is
        recomputed to the new unit where the dimension allows (each recomputation audited).
        """
        for k in changes:
            if k not in EDITABLE_INDICATOR_FIELDS:
                raise InputError(k, f"指标不能修改字段 {k}（可改：{'、'.join(EDITABLE_INDICATOR_FIELDS)}）")
        if changes.get("attribute") not in (None, *ATTRIBUTES):
            raise InputError("attribute", f"属性应为 约束性 或 预期性，收到“{changes['attribute']}”")
        with self.atomic() as conn:
            ind = self._indicator(conn, indicator_id)
            stamp = now()
            diff = {k: v for k, v in changes.items() if getattr(ind, k) != v}
            if not diff:
                return ind
            cols: dict[str, Any] = {}
            for k, v in diff.items():
                if k == "aliases":
                    cols["aliases_json"] = dumps(list(v))
                elif k != "departments":
                    cols[k] = v
            expected = expected_version if expected_version is not None else ind.row_version
            res = conn.execute(update(t.indicators).where(
                t.indicators.c.id == indicator_id, t.indicators.c.row_version == expected,
            ).values(**cols, row_version=t.indicators.c.row_version + 1))
            if res.rowcount != 1:
                raise ConflictError(f"指标 {indicator_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取后再改")
            if "departments" in diff:
                self._set_departments(conn, indicator_id, list(diff["departments"]))
            for k, v in diff.items():
                self._audit(conn, ind.plan_id, user, "update", "indicator", indicator_id, k, getattr(ind, k), v,
                            at=stamp)
            if "unit" in diff:
                self._reconvert(conn, ind.plan_id, indicator_id, diff["unit"], user, stamp)
            return self._indicator(conn, indicator_id)

    def _reconvert(self, conn: Connection, plan_id: str, indicator_id: int, unit: str | None,
                   user: str, stamp: str) -> None:
        from guihua.store import units

        rows = conn.execute(select(t.observations).where(t.observations.c.indicator_id == indicator_id,
                                                         t.observations.c.measure == "level")).mappings().all()
        for r in rows:
            new: float | None = None
            if r["value"] is not None and unit is not None:
                try:
                    new = units.convert(r["value"], r["unit"], unit)
                except units.UnitError:
                    new = None
            if new != r["value_converted"] or unit != r["unit_converted"]:
                conn.execute(update(t.observations).where(t.observations.c.id == r["id"]).values(
                    value_converted=new, unit_converted=unit, row_version=t.observations.c.row_version + 1))
                self._audit(conn, plan_id, user, "update", "observation", r["id"], "value_converted",
                            [r["value_converted"], r["unit_converted"]], [new, unit], at=stamp)

    def _departments_of(self, conn: Connection, indicator_ids: Sequence[int]) -> dict[int, list[str]]:
        if not indicator_ids:
            return {}
        q = (select(t.indicator_departments.c.indicator_id, t.departments.c.name)
             .join(t.departments, t.departments.c.id == t.indicator_departments.c.department_id)
             .where(t.indicator_departments.c.indicator_id.in_(list(indicator_ids)))
             .order_by(t.indicator_departments.c.indicator_id, t.departments.c.name))
        out: dict[int, list[str]] = {}
        for ind_id, name in conn.execute(q):
            out.setdefault(ind_id, []).append(name)
        return out

    def _set_departments(self, conn: Connection, indicator_id: int, names: Iterable[str]) -> None:
        conn.execute(delete(t.indicator_departments).where(t.indicator_departments.c.indicator_id == indicator_id))
        for name in sorted({n.strip() for n in names if n and n.strip()}):
            dep_id = conn.execute(select(t.departments.c.id).where(t.departments.c.name == name)).scalar()
            if dep_id is None:
                dep_id = conn.execute(insert(t.departments).values(name=name)
                                      .returning(t.departments.c.id)).scalar_one()
            conn.execute(insert(t.indicator_departments).values(indicator_id=indicator_id, department_id=dep_id))

    def list_departments(self) -> list[str]:
        """Every department name known to the database."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(t.departments.c.name).order_by(t.departments.c.name)).scalars())

    # ------------------------------------------------------------------ observations

    def list_observations(self, *, plan_id: str | None = None, indicator_id: int | None = None,
                          period: str | None = None) -> list[ObservationInfo]:
        """Actual values, by indicator, then period end year, start year, measure and id.

        Give `plan_id` (all of a plan) and/or `indicator_id`; `period` ("2018" / "2016-2020") filters.
        Values of one indicator-period that disagree are all kept, each with `is_conflict`.
        """
        q = select(t.observations)
        if plan_id is not None:
            q = q.where(t.observations.c.plan_id == plan_id)
        if indicator_id is not None:
            q = q.where(t.observations.c.indicator_id == indicator_id)
        if period is not None:
            q = q.where(t.observations.c.period == period)
        q = q.order_by(t.observations.c.indicator_id, t.observations.c.year_end, t.observations.c.year_start,
                       t.observations.c.measure, t.observations.c.id)
        with self.engine.connect() as conn:
            return [_observation(r) for r in conn.execute(q).mappings()]

    def get_observation(self, observation_id: int) -> ObservationInfo:
        with self.engine.connect() as conn:
            return self._observation(conn, observation_id)

    def _observation(self, conn: Connection, observation_id: int) -> ObservationInfo:
        row = conn.execute(select(t.observations).where(t.observations.c.id == observation_id)).mappings().first()
        if row is None:
            raise InputError("observation", f"没有编号为 {observation_id} 的实际值")
        return _observation(row)

    def add_observations(self, plan_id: str, rows: Sequence[NewObservation], *, user: str,
                         new_indicators: Sequence[NewIndicator] = (),
                         indicator_units: Mapping[int, str] | None = None) -> list[int]:
        """Add actual values in one transaction (guihua.store.actuals validates them first).

        `new_indicators` are created first; a NewObservation whose indicator_id is negative -k refers
        to new_indicators[k-1]. `indicator_units` sets the unit of existing indicators that had none
        (the plan gave only rates), audited. Two values of one indicator, period and measure that
        differ (after conversion) are both kept and both flagged `is_conflict` (existing rows too,
        audited). Returns the new observation ids.
        """
        with self.atomic() as conn:
            self._plan(conn, plan_id)
            stamp = now()
            for ind_id, unit in (indicator_units or {}).items():
                ind = self._indicator(conn, ind_id)
                if ind.unit is not None:
                    raise InputError("unit", f"指标“{ind.name}”已有单位“{ind.unit}”")
                conn.execute(update(t.indicators).where(t.indicators.c.id == ind_id).values(
                    unit=unit, row_version=t.indicators.c.row_version + 1))
                self._audit(conn, plan_id, user, "import", "indicator", ind_id, "unit", None, unit, at=stamp)
            created: list[int] = []
            for ni in new_indicators:
                if self._find_indicator(conn, plan_id, ni.key) is not None:
                    raise InputError(ni.key, "指标已存在")
                new_id = conn.execute(insert(t.indicators).values(
                    plan_id=plan_id, key=ni.key, name=ni.name, aliases_json=dumps(ni.aliases), unit=ni.unit,
                    domain=ni.domain, attribute=None, origin=ni.origin, note=ni.note, created_at=stamp,
                    row_version=1).returning(t.indicators.c.id)).scalar_one()
                created.append(new_id)
                self._audit(conn, plan_id, user, "create", "indicator", new_id, None, None,
                            {"name": ni.name, "unit": ni.unit, "origin": ni.origin}, at=stamp)
            ids: list[int] = []
            for o in rows:
                ind_id = created[-o.indicator_id - 1] if o.indicator_id < 0 else o.indicator_id
                ids.append(self._insert_observation(conn, plan_id, ind_id, o, user, stamp))
            return ids

    def add_observation(self, plan_id: str, observation: NewObservation, *, user: str) -> ObservationInfo:
        """Add one actual value (the web form); conflicts flagged as in add_observations."""
        with self.atomic() as conn:
            self._plan(conn, plan_id)
            self._indicator(conn, observation.indicator_id)
            new_id = self._insert_observation(conn, plan_id, observation.indicator_id, observation, user, now())
            return self._observation(conn, new_id)

    def _insert_observation(self, conn: Connection, plan_id: str, indicator_id: int, o: NewObservation,
                            user: str, stamp: str) -> int:
        if o.measure not in MEASURES:
            raise InputError("measure", f"度量应为 {' / '.join(MEASURES)}，收到“{o.measure}”")
        values = {
            "plan_id": plan_id, "indicator_id": indicator_id, "period": o.period, "year_start": o.year_start,
            "year_end": o.year_end, "measure": o.measure, "value": _clean_float(o.value),
            "values_json": None if o.values is None else dumps(o.values), "value_text": o.value_text,
            "unit": o.unit, "value_converted": _clean_float(o.value_converted), "unit_converted": o.unit_converted,
            "source_indicator": o.source_indicator, "source": o.source, "quote": o.quote, "note": o.note,
            "is_conflict": False, "is_not_comparable": o.is_not_comparable,
            "comparability_reason": o.comparability_reason, "import_file": o.import_file,
            "import_line": o.import_line, "created_at": stamp, "created_by": user, "row_version": 1,
        }
        same = conn.execute(select(t.observations).where(
            t.observations.c.indicator_id == indicator_id, t.observations.c.period == o.period,
            t.observations.c.measure == o.measure)).mappings().all()
        clash = [r for r in same if not _same_value(r, values)]
        if clash:
            values["is_conflict"] = True
        new_id = int(conn.execute(insert(t.observations).values(**values).returning(t.observations.c.id)).scalar_one())
        self._audit(conn, plan_id, user, "import" if o.import_file else "create", "observation", new_id, None, None,
                    {"indicator_id": indicator_id, "period": o.period, "measure": o.measure,
                     "value": values["value"] if o.values is None else o.values, "unit": o.unit,
                     "source": o.source, "line": o.import_line}, at=stamp)
        for r in clash:
            if not r["is_conflict"]:
                conn.execute(update(t.observations).where(t.observations.c.id == r["id"]).values(
                    is_conflict=True, row_version=t.observations.c.row_version + 1))
                self._audit(conn, plan_id, user, "flag", "observation", r["id"], "is_conflict", False, True,
                            at=stamp)
        return new_id

    def set_observation(self, observation_id: int, changes: Mapping[str, Any], *, user: str,
                        expected_version: int | None = None) -> ObservationInfo:
        """Correct an actual value (EDITABLE_OBSERVATION_FIELDS); audited; ConflictError when stale.

        Changing value or unit recomputes `value_converted` to the indicator's unit (UnitError ->
        InputError when the new unit is of another dimension).
        """
        from guihua.store import units

        for k in changes:
            if k not in EDITABLE_OBSERVATION_FIELDS:
                raise InputError(k, f"实际值不能修改字段 {k}（可改：{'、'.join(EDITABLE_OBSERVATION_FIELDS)}）")
        with self.atomic() as conn:
            o = self._observation(conn, observation_id)
            diff = {k: v for k, v in changes.items() if getattr(o, k) != v}
            if not diff:
                return o
            cols: dict[str, Any] = {}
            for k, v in diff.items():
                if k == "values":
                    cols["values_json"] = None if v is None else dumps(list(v))
                elif k == "value":
                    cols["value"] = _clean_float(v)
                    cols["value_text"] = "" if v is None else repr(float(v)).removesuffix(".0")
                else:
                    cols[k] = v
            if ("value" in diff or "unit" in diff) and o.measure == "level":
                value = cols.get("value", o.value)
                unit = cols.get("unit", o.unit)
                ind = self._indicator(conn, o.indicator_id)
                try:
                    cols["value_converted"] = (None if value is None or ind.unit is None
                                               else units.convert(value, unit, ind.unit))
                except units.UnitError as exc:
                    raise InputError("unit", str(exc)) from exc
                cols["unit_converted"] = ind.unit
            elif "value" in diff:
                cols["value_converted"] = cols["value"]
            stamp = now()
            expected = expected_version if expected_version is not None else o.row_version
            res = conn.execute(update(t.observations).where(
                t.observations.c.id == observation_id, t.observations.c.row_version == expected,
            ).values(**cols, row_version=t.observations.c.row_version + 1))
            if res.rowcount != 1:
                raise ConflictError(f"实际值 {observation_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取后再改")
            for k, v in diff.items():
                self._audit(conn, o.plan_id, user, "update", "observation", observation_id, k, getattr(o, k), v,
                            at=stamp)
            self._reflag_conflicts(conn, o.plan_id, o.indicator_id, o.period, o.measure, user, stamp)
            return self._observation(conn, observation_id)

    def delete_observation(self, observation_id: int, *, user: str, expected_version: int | None = None) -> None:
        """Remove an actual value; the audit log keeps the whole row as `old`."""
        with self.atomic() as conn:
            o = self._observation(conn, observation_id)
            expected = expected_version if expected_version is not None else o.row_version
            res = conn.execute(delete(t.observations).where(
                t.observations.c.id == observation_id, t.observations.c.row_version == expected))
            if res.rowcount != 1:
                raise ConflictError(f"实际值 {observation_id}: 已被他人修改（版本 {expected} 已过期）；请重新读取后再删")
            self._audit(conn, o.plan_id, user, "delete", "observation", observation_id, None, asdict(o), None)
            self._reflag_conflicts(conn, o.plan_id, o.indicator_id, o.period, o.measure, user, now())

    def _reflag_conflicts(self, conn: Connection, plan_id: str, indicator_id: int, period: str, measure: str,
                          user: str, stamp: str) -> None:
        rows = conn.execute(select(t.observations).where(
            t.observations.c.indicator_id == indicator_id, t.observations.c.period == period,
            t.observations.c.measure == measure)).mappings().all()
        for r in rows:
            flag = any(not _same_value(other, r) for other in rows if other["id"] != r["id"])
            if flag != r["is_conflict"]:
                conn.execute(update(t.observations).where(t.observations.c.id == r["id"]).values(
                    is_conflict=flag, row_version=t.observations.c.row_version + 1))
                self._audit(conn, plan_id, user, "flag", "observation", r["id"], "is_conflict",
                            r["is_conflict"], flag, at=stamp)

    # ------------------------------------------------------------------ projects

    def list_projects(self, plan_id: str) -> list[ProjectInfo]:
        """The plan's projects, ordered by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.projects).where(t.projects.c.plan_id == plan_id)
                                .order_by(t.projects.c.id)).mappings().all()
        return [_project(r) for r in rows]

    def add_project(self, plan_id: str, *, name: str, user: str, full_name: str | None = None,
                    action: str | None = None, category: str | None = None, box: str | None = None,
                    article: str | None = None, places: Sequence[str] = (), start: int | None = None,
                    end: int | None = None, quote: str | None = None, status: str = "规划",
                    version: int | None = None) -> ProjectInfo:
        """Add one project (the projects extractor calls this per project). Audited."""
        if status not in PROJECT_STATUSES:
            raise InputError("status", f"项目状态应为 {' / '.join(PROJECT_STATUSES)}，收到“{status}”")
        from guihua.extraction.links import project_key

        with self.atomic() as conn:
            v = self._version(conn, plan_id, version)
            stamp = now()
            new_id = conn.execute(insert(t.projects).values(
                plan_id=plan_id, version_id=v.id, name=name, full_name=full_name, action=action, category=category,
                box=box, article=article, places_json=dumps(list(places)), start_offset=start, end_offset=end,
                quote=quote, status=status, created_at=stamp, row_version=1,
                key=project_key(full_name or name)).returning(t.projects.c.id)).scalar_one()
            self._audit(conn, plan_id, user, "create", "project", new_id, None, None, {"name": name, "status": status},
                        at=stamp)
            row = conn.execute(select(t.projects).where(t.projects.c.id == new_id)).mappings().one()
            return _project(row)

    def set_project_status(self, project_id: int, status: str, *, user: str,
                           expected_version: int | None = None) -> ProjectInfo:
        """Change a project's status (规划/前期/在建/建成/停缓建); audited; ConflictError when stale."""
        if status not in PROJECT_STATUSES:
            raise InputError("status", f"项目状态应为 {' / '.join(PROJECT_STATUSES)}，收到“{status}”")
        with self.atomic() as conn:
            row = conn.execute(select(t.projects).where(t.projects.c.id == project_id)).mappings().first()
            if row is None:
                raise InputError("project", f"没有编号为 {project_id} 的项目")
            p = _project(row)
            if p.status == status:
                return p
            self._update_row(conn, t.projects, t.projects.c.id, project_id, p.row_version, expected_version,
                             {"status": status}, plan_id=p.plan_id, user=user, action="update", entity="project",
                             old={"status": p.status})
            return _project(conn.execute(select(t.projects).where(t.projects.c.id == project_id)).mappings().one())

    # ------------------------------------------------------------------ milestone events

    def add_milestone_event(self, statement_id: int, *, date: str, evidence: str, user: str,
                            outcome: str = "完成", source: str | None = None) -> MilestoneEventInfo:
        """Record what happened to a milestone target on a date (完成/部分完成/未完成), with evidence. Audited."""
        from guihua.store import milestones_repo

        return milestones_repo.add_event(self, statement_id, date=date, evidence=evidence, user=user,
                                         outcome=outcome, source=source)

    def list_milestone_events(self, *, plan_id: str | None = None, statement_id: int | None = None,
                              indicator_id: int | None = None) -> list[MilestoneEventInfo]:
        """Milestone events, oldest date first, filtered by plan, statement or indicator."""
        from guihua.store import milestones_repo

        return milestones_repo.list_events(self, plan_id=plan_id, statement_id=statement_id,
                                           indicator_id=indicator_id)

    def delete_milestone_event(self, event_id: int, *, user: str, expected_version: int | None = None) -> None:
        """Remove a milestone event (audited, whole row kept); ConflictError when `expected_version` is stale."""
        from guihua.store import milestones_repo

        milestones_repo.delete_event(self, event_id, user=user, expected_version=expected_version)

    def _update_row(self, conn: Connection, table: Any, pk: Any, key: Any, current: int, expected: int | None,
                    values: Mapping[str, Any], *, plan_id: str, user: str, action: str, entity: str,
                    old: Mapping[str, Any]) -> None:
        exp = expected if expected is not None else current
        res = conn.execute(update(table).where(pk == key, table.c.row_version == exp)
                           .values(**values, row_version=table.c.row_version + 1))
        if res.rowcount != 1:
            raise ConflictError(f"{entity} {key}: 已被他人修改（版本 {exp} 已过期）；请重新读取后再改")
        stamp = now()
        for k, v in values.items():
            self._audit(conn, plan_id, user, action, entity, key, k, old.get(k), v, at=stamp)

    # ------------------------------------------------------------------ audit log

    def audit_log(self, *, plan_id: str | None = None, entity: str | None = None, entity_id: Any = None,
                  user: str | None = None, limit: int | None = None, newest_first: bool = False) -> list[AuditEntry]:
        """Audit entries (oldest first unless `newest_first`), filtered by plan, entity, id, user."""
        q = select(t.audit_log)
        if plan_id is not None:
            q = q.where(t.audit_log.c.plan_id == plan_id)
        if entity is not None:
            q = q.where(t.audit_log.c.entity == entity)
        if entity_id is not None:
            q = q.where(t.audit_log.c.entity_id == str(entity_id))
        if user is not None:
            q = q.where(t.audit_log.c.user == user)
        q = q.order_by(t.audit_log.c.id.desc() if newest_first else t.audit_log.c.id)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        return [AuditEntry(**{**dict(r), "old": _loads(r["old"]), "new": _loads(r["new"])}) for r in rows]

    # ------------------------------------------------------------------ export / restore (raw rows)

    def dump_plan(self, plan_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every stored row of a plan, table by table, ordered by primary key (for guihua.store.exchange).

        Departments are given by name (`indicator_departments` rows carry `department`), so a dump
        does not depend on department ids of the source database.
        """
        from guihua.store.milestones_repo import dump_queries as milestone_queries
        from guihua.store.projects_repo import dump_queries

        with self.engine.connect() as conn:
            self._plan(conn, plan_id)
            version_ids = select(t.plan_versions.c.id).where(t.plan_versions.c.plan_id == plan_id)
            indicator_ids = select(t.indicators.c.id).where(t.indicators.c.plan_id == plan_id)
            queries: dict[str, Any] = {
                "plans": select(t.plans).where(t.plans.c.id == plan_id),
                "plan_versions": select(t.plan_versions).where(t.plan_versions.c.plan_id == plan_id)
                .order_by(t.plan_versions.c.id),
                "nodes": select(t.nodes).where(t.nodes.c.version_id.in_(version_ids)).order_by(t.nodes.c.id),
                "indicators": select(t.indicators).where(t.indicators.c.plan_id == plan_id).order_by(t.indicators.c.id),
                "indicator_departments": select(t.indicator_departments.c.indicator_id,
                                                t.departments.c.name.label("department"))
                .join(t.departments, t.departments.c.id == t.indicator_departments.c.department_id)
                .where(t.indicator_departments.c.indicator_id.in_(indicator_ids))
                .order_by(t.indicator_departments.c.indicator_id, t.departments.c.name),
                "statements": select(t.statements).where(t.statements.c.plan_id == plan_id).order_by(t.statements.c.id),
                "observations": select(t.observations).where(t.observations.c.plan_id == plan_id)
                .order_by(t.observations.c.id),
                "projects": select(t.projects).where(t.projects.c.plan_id == plan_id).order_by(t.projects.c.id),
                **dump_queries(plan_id),
                **milestone_queries(plan_id),
                "audit_log": select(t.audit_log).where(t.audit_log.c.plan_id == plan_id).order_by(t.audit_log.c.id),
            }
            return {name: [dict(r) for r in conn.execute(q).mappings()] for name, q in queries.items()}

    def load_plan(self, tables: Mapping[str, Sequence[Mapping[str, Any]]], *, user: str) -> str:
        """Insert a dump (as from dump_plan) with its ids, in one transaction; returns the plan id.

        Refuses (InputError) when the plan or any of the dump's row ids already exists here. The
        restore itself is logged with plan_id NULL, so the plan's own audit log stays as exported.
        """
        plans = tables.get("plans") or []
        if len(plans) != 1:
            raise InputError("restore", "导出文件应恰好包含一个规划")
        plan_id = plans[0]["id"]
        order = ("plans", "plan_versions", "nodes", "indicators", "statements", "observations", "projects",
                 "project_mentions", "project_events", "project_links", "milestone_events", "audit_log")
        with self.atomic() as conn:
            if conn.execute(select(t.plans.c.id).where(t.plans.c.id == plan_id)).first() is not None:
                raise InputError("restore", f"数据库中已有规划“{plan_id}”，不能覆盖；请恢复到新的数据库")
            for name in order[1:]:
                ids = [r["id"] for r in tables.get(name) or []]
                table = t.metadata.tables[name]
                for chunk in range(0, len(ids), 500):
                    hit = conn.execute(select(table.c.id).where(table.c.id.in_(ids[chunk:chunk + 500]))).first()
                    if hit is not None:
                        raise InputError("restore", f"数据库中 {name} 已有编号 {hit[0]} 的记录，不能按原编号恢复；"
                                         "请恢复到新的数据库")
            for name in order:
                rows = [dict(r) for r in tables.get(name) or []]
                if rows:
                    conn.execute(insert(t.metadata.tables[name]), rows)
            by_indicator: dict[int, list[str]] = {}
            for r in tables.get("indicator_departments") or []:
                by_indicator.setdefault(int(r["indicator_id"]), []).append(str(r["department"]))
            for ind_id, names in by_indicator.items():
                self._set_departments(conn, ind_id, names)
            if conn.dialect.name == "postgresql":
                for name in ("plan_versions", "nodes", "indicators", "departments", "statements", "observations",
                             "projects", "project_mentions", "project_events", "project_links",
                             "milestone_events", "audit_log"):
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))
            self._audit(conn, None, user, "restore", "plan", plan_id, None, None,
                        {"rows": {k: len(v) for k, v in tables.items()}})
        return str(plan_id)


# ---------------------------------------------------------------------- row <-> record helpers

def _statement_key(s: Statement) -> str:
    return (s.indicator_key or s.indicator or "").strip() or "（未命名）"


def _aliases(group: Sequence[Statement]) -> list[str]:
    out: list[str] = []
    for s in group:
        for a in (s.indicator, (s.extra or {}).get("name_text")):
            if isinstance(a, str) and a.strip() and a.strip() not in out:
                out.append(a.strip())
    return out


def _first_target(group: Sequence[Statement]) -> Statement:
    return next((s for s in group if s.type == "target"), group[0])


def _canonical_name(group: Sequence[Statement]) -> str:
    """The most frequent written name, preferring targets' names, then the first."""
    names = [s.indicator.strip() for s in group if s.type == "target" and s.indicator.strip()]
    names = names or [s.indicator.strip() for s in group if s.indicator.strip()]
    if not names:
        return _statement_key(group[0])
    return max(names, key=lambda n: (names.count(n), -names.index(n)))


def _indicator_unit(group: Sequence[Statement]) -> str | None:
    """The unit of level values (targets first, then baselines); None when the plan gives only rates.

    A growth or change statement's unit (% or 个百分点) is the unit of the rate, not of the indicator.
    """
    for pred in (lambda s: s.type == "target" and s.kind in ("level", "cumulative"),
                 lambda s: s.kind in ("level", "cumulative", "milestone")):
        for s in group:
            if pred(s) and s.unit:
                return s.unit
    return None


def _attribute(group: Sequence[Statement]) -> str | None:
    for s in group:
        extra = s.extra or {}
        for k in ("attribute", "binding"):
            v = extra.get(k)
            if isinstance(v, str):
                v = v if v.endswith("性") else v + "性"
                if v in ATTRIBUTES:
                    return v
    return None


def _ancestor_titles(node_key: str | None, nodes: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Titles of the node and its ancestors, deepest first (article, section, chapter, part)."""
    out: list[str] = []
    seen = 0
    while node_key and node_key in nodes and seen < 50:
        n = nodes[node_key]
        if n.get("title") and n["kind"] != "paragraph":
            out.append(str(n["title"]))
        node_key = n.get("parent_key")
        seen += 1
    return out


def _original(s: Statement) -> dict[str, Any]:
    d = {f: getattr(s, f) for f in Statement.FIELDS}
    d["extra"] = dict(s.extra or {})
    return d


def _column_values(f: str, v: Any) -> dict[str, Any]:
    if f == "values":
        return {"values_json": None if v is None else dumps([float(x) for x in v])}
    return {f: v}


def _statement_row(s: Statement, plan_id: str, version_id: int, ordinal: int, indicator_id: int,
                   stamp: str) -> dict[str, Any]:
    return {
        "plan_id": plan_id, "version_id": version_id, "ordinal": ordinal, "indicator_id": indicator_id,
        "status": "待审核", "type": s.type, "kind": s.kind, "indicator": s.indicator, "value": _clean_float(s.value),
        "value_max": _clean_float(s.value_max),
        "values_json": None if s.values is None else dumps([float(x) for x in s.values]), "unit": s.unit,
        "comparator": s.comparator, "year": s.year, "base_year": s.base_year, "scope": s.scope,
        "section": s.section, "start_offset": s.start, "end_offset": s.end, "quote": s.quote,
        "node_key": s.node_id, "confidence": float(s.confidence), "note": s.note, "indicator_key": s.indicator_key,
        "direction": s.direction, "attribute": s.attribute,
        "extra_json": dumps(s.extra or {}), "original_json": dumps(_original(s)), "reviewed_by": None,
        "reviewed_at": None, "row_version": 1,
    }


def _match_key(original: Mapping[str, Any]) -> tuple[Any, ...]:
    return (original.get("quote"), original.get("type"), original.get("kind"), original.get("indicator"))


def _stored(r: RowMapping) -> StoredStatement:
    return StoredStatement(
        id=r["id"], plan_id=r["plan_id"], version_id=r["version_id"], ordinal=r["ordinal"],
        indicator_id=r["indicator_id"], status=r["status"], row_version=r["row_version"], type=r["type"],
        kind=r["kind"], indicator=r["indicator"], value=r["value"], value_max=r["value_max"],
        values=_loads(r["values_json"]), unit=r["unit"], comparator=r["comparator"], year=r["year"],
        base_year=r["base_year"], scope=r["scope"], section=r["section"], start=r["start_offset"],
        end=r["end_offset"], quote=r["quote"], node_id=r["node_key"], confidence=r["confidence"], note=r["note"],
        indicator_key=r["indicator_key"], extra=_loads(r["extra_json"]) or {},
        original=_loads(r["original_json"]) or {}, reviewed_by=r["reviewed_by"], reviewed_at=r["reviewed_at"],
        direction=r["direction"], attribute=r["attribute"],
    )


def _indicator(r: RowMapping, departments: list[str]) -> IndicatorInfo:
    d = dict(r)
    d["aliases"] = _loads(d.pop("aliases_json")) or []
    return IndicatorInfo(**d, departments=departments)


def _observation(r: RowMapping) -> ObservationInfo:
    d = dict(r)
    d["values"] = _loads(d.pop("values_json"))
    d["is_conflict"] = bool(d["is_conflict"])
    d["is_not_comparable"] = bool(d["is_not_comparable"])
    return ObservationInfo(**d)


def _project(r: RowMapping) -> ProjectInfo:
    d = dict(r)
    d["places"] = _loads(d.pop("places_json")) or []
    d["start"] = d.pop("start_offset")
    d["end"] = d.pop("end_offset")
    return ProjectInfo(**d)


def _node(r: RowMapping) -> NodeInfo:
    d = dict(r)
    d["start"] = d.pop("start_offset")
    d["end"] = d.pop("end_offset")
    return NodeInfo(**d)


def _same_value(a: Any, b: Any) -> bool:
    """Whether two observation rows say the same (converted value, or the same ratio)."""
    if a.get("values_json") or b.get("values_json"):
        return a.get("values_json") == b.get("values_json")
    va = a.get("value_converted") if a.get("value_converted") is not None else a.get("value")
    vb = b.get("value_converted") if b.get("value_converted") is not None else b.get("value")
    if va is None or vb is None:
        return va is None and vb is None
    return math.isclose(float(va), float(vb), rel_tol=1e-9, abs_tol=1e-12)

