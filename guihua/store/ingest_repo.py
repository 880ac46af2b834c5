"""Storing a newly read plan document as a version: outline, statements grouped into indicators,
review decisions carried over from the previous version, project mentions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from guihua.errors import ConflictError
from guihua.extraction.model import Statement
from guihua.names import check_plan_id
from guihua.store import schema as t
from guihua.store.attributes import propose_attributes
from guihua.store.base import StoreBase, audit, dumps, loads, now
from guihua.store.domains import suggest_domain
from guihua.store.indicators_repo import ATTRIBUTES
from guihua.store.plans_repo import version_row
from guihua.store.projects_repo import store_mentions
from guihua.store.records import (
    EDITABLE_STATEMENT_FIELDS,
    IngestResult,
    StoredStatement,
    VersionInfo,
)
from guihua.store.statements_repo import column_values, match_key, statement_row, stored_statement

if TYPE_CHECKING:
    from guihua.extraction.projects import ProjectMention


def ensure_indicators(conn: Connection, plan_id: str, statements: Sequence[Statement],
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
            old_aliases = loads(row["aliases_json"]) or []
            merged = old_aliases + [a for a in aliases if a not in old_aliases and a != row["name"]]
            if merged != old_aliases:
                conn.execute(update(t.indicators).where(t.indicators.c.id == row["id"]).values(
                    aliases_json=dumps(merged), row_version=t.indicators.c.row_version + 1))
                audit(conn, plan_id, user, "ingest", "indicator", row["id"], "aliases",
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



def carry_over(conn: Connection, plan_id: str, old_version_id: int, new_version_id: int,
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
    olds = [stored_statement(r) for r in old_rows]
    news = [stored_statement(r) for r in conn.execute(select(t.statements).where(
        t.statements.c.version_id == new_version_id).order_by(t.statements.c.ordinal)).mappings()]
    pairs: list[tuple[StoredStatement, StoredStatement]] = []
    used: set[int] = set()
    for key in (match_key, lambda o: (o.get("quote"),)):
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
                values.update(column_values(f, getattr(old, f)))
        if old.indicator_id != new.indicator_id and old.indicator != old.original.get("indicator"):
            values["indicator_id"] = old.indicator_id
        conn.execute(update(t.statements).where(t.statements.c.id == new.id).values(**values))
        audit(conn, plan_id, user, "carry_over", "statement", new.id, "status", "待审核",
                    {"status": old.status, "from_statement": old.id}, at=stamp)
    return len(pairs)



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
        if s.attribute in ATTRIBUTES:
            return s.attribute
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




class IngestMixin(StoreBase):
    """Store.ingest: one transaction per document version."""

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
        check_plan_id(plan_id, "plan_id")
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
                prev = version_row(conn, plan_id, row["current_version"])
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
                audit(conn, plan_id, user, "create", "plan", plan_id, None, None,
                            {"title": title, "region": region, "period": list(period) if period else None},
                            at=stamp)
            number = (prev.number + 1) if prev else 1
            version_id = conn.execute(insert(t.plan_versions).values(
                plan_id=plan_id, number=number, source=source, format=format, encoding=encoding,
                sha256=sha256, raw_text=raw_text, repairs_json=dumps(list(repairs)),
                period_start=period[0] if period else None, period_end=period[1] if period else None,
                period_source=period_source, created_at=stamp, created_by=user,
            ).returning(t.plan_versions.c.id)).scalar_one()
            audit(conn, plan_id, user, "ingest", "plan_version", version_id, None, None,
                        {"number": number, "sha256": sha256, "source": source,
                         "statements": len(statements)}, at=stamp)
            if nodes:
                conn.execute(insert(t.nodes), [
                    {"version_id": version_id, "ordinal": i, "key": n["key"], "parent_key": n.get("parent_key"),
                     "kind": n["kind"], "number": n.get("number"), "title": n.get("title") or "",
                     "start_offset": n["start"], "end_offset": n["end"], "note": n.get("note") or "",
                     "role": n.get("role") or ""} for i, n in enumerate(nodes)])
            key_of, created = ensure_indicators(conn, plan_id, statements, nodes, user, stamp)
            if statements:
                conn.execute(insert(t.statements), [
                    statement_row(s, plan_id, version_id, i, key_of[i], stamp) for i, s in enumerate(statements)])
            carried = 0
            if prev is not None:
                carried = carry_over(conn, plan_id, prev.id, version_id, user, stamp)
            if projects:
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
                audit(conn, plan_id, user, "ingest", "plan", plan_id, k, plan_row[k], v, at=stamp)
            # 约束性/预期性: what the plan says, else proposed from the national binding list
            propose_attributes(conn, plan_id, user=user, stamp=stamp)
            return IngestResult(plan_id, number, True, len(statements), carried, created)
