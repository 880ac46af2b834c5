"""The web backend over guihua.store: every read and write goes through the store's public API.

Reads are cached per plan in a snapshot that is rebuilt when the plan's audit log grows (every
write the store makes is audited, so the newest audit id is a version number for the plan).
Evaluations go through guihua.monitoring.store_source, the same adapter `guihua report` uses.
"""

from __future__ import annotations

import csv
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guihua.cells import csv_cell
from guihua.documents import Node
from guihua.errors import InputError
from guihua.monitoring.model import Evaluation
from guihua.monitoring.sources import chapters_from_outline, domain_at
from guihua.monitoring.store_source import evaluate_plan_data, plan_data_from_records
from guihua.store.actuals import ActualsError, import_actuals
from guihua.store.records import EDITABLE_STATEMENT_FIELDS
from guihua.store.repository import Store, open_store
from guihua.web.records import (
    REVIEW_ACTIONS,
    AuditRecord,
    NotFound,
    ObservationRecord,
    PlanInfo,
    RowProblem,
    TargetRecord,
)

_ENTITIES = {"statement": "target"}


@dataclass
class _Snapshot:
    version: int
    raw: str
    outline: Node
    targets: list[TargetRecord]
    observations: list[ObservationRecord]
    audit: list[AuditRecord]
    records: tuple[Any, ...]  # (plan, version, statements, indicators, observations, nodes, events): monitoring


class StoreBackend:
    """Backend over a database URL (SQLite file or PostgreSQL)."""

    def __init__(self, url: str, store: Store | None = None) -> None:
        self.store = store or open_store(url)
        self._snap: dict[str, _Snapshot] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- reading
    def plans(self) -> list[PlanInfo]:
        return [self._plan_info(p) for p in self.store.list_plans()]

    def plan(self, plan_id: str) -> PlanInfo:
        if not self.store.has_plan(plan_id):
            raise NotFound("规划", plan_id)
        return self._plan_info(self.store.get_plan(plan_id))

    def _plan_info(self, p: Any) -> PlanInfo:
        first, last = p.period_start, p.period_end
        if first is None or last is None:
            v = self.store.get_version(p.id)
            first, last = v.period_start or 2016, v.period_end or 2020
        return PlanInfo(p.id, p.title, p.region, first, last, None)

    def version(self, plan_id: str) -> int:
        self.plan(plan_id)
        newest = self.store.audit_log(plan_id=plan_id, limit=1, newest_first=True)
        return newest[0].id if newest else 0

    def _snapshot(self, plan_id: str) -> _Snapshot:
        version = self.version(plan_id)
        snap = self._snap.get(plan_id)
        if snap is not None and snap.version == version:
            return snap
        with self._lock:
            snap = self._snap.get(plan_id)
            if snap is None or snap.version != version:
                snap = self._build(plan_id, version)
                self._snap[plan_id] = snap
            return snap

    def _build(self, plan_id: str, version: int) -> _Snapshot:
        s = self.store
        plan, ver = s.get_plan(plan_id), s.get_version(plan_id)
        statements, indicators = s.list_statements(plan_id), s.list_indicators(plan_id)
        observations, nodes = s.list_observations(plan_id=plan_id), s.list_nodes(plan_id)
        by_ind = {i.id: i for i in indicators}
        chapters = chapters_from_outline(nodes)
        targets = []
        for st in statements:
            ind = by_ind.get(st.indicator_id) if st.indicator_id is not None else None
            chapter = domain_at(chapters, st.start)
            original = None
            if st.status == "已修改":
                original = {f: st.original.get(f) for f in EDITABLE_STATEMENT_FIELDS
                            if st.original.get(f) != getattr(st, f)}
            targets.append(TargetRecord(
                id=str(st.id), plan_id=plan_id, type=st.type, kind=st.kind, indicator=st.indicator,
                indicator_key=ind.key if ind else (st.indicator_key or st.indicator), start=st.start, end=st.end,
                quote=st.quote, value=st.value, value_max=st.value_max, values=st.values, unit=st.unit,
                comparator=st.comparator, year=st.year, base_year=st.base_year, scope=st.scope, section=st.section,
                node_id=st.node_id, confidence=st.confidence, review=st.status, original=original,
                department="、".join(ind.departments) if ind and ind.departments else None,
                attribute=ind.attribute if ind else None,
                domain=(ind.domain if ind and ind.domain else None) or "其他",
                chapter=chapter.split(" ", 1)[0] if chapter else None))
        obs = []
        for o in observations:
            ind = by_ind.get(o.indicator_id)
            obs.append(ObservationRecord(
                id=str(o.id), plan_id=plan_id, indicator=ind.name if ind else (o.source_indicator or ""),
                year=o.period, value=o.value_text or ("" if o.value is None else f"{o.value:g}"), unit=o.unit,
                measure=o.measure, source=o.source, quote=o.quote,
                note=o.comparability_reason or o.note, flags=o.flags, entered_by=o.created_by,
                indicator_key=ind.key if ind else None))
        ind_key = {str(i.id): i.key for i in indicators}
        st_key = {t.id: t.indicator_key for t in targets}
        ob_key = {o.id: o.indicator_key for o in obs}
        keys: dict[str, dict[str, str | None]] = {"target": dict(st_key), "observation": dict(ob_key),
                                                  "indicator": dict(ind_key)}
        audit = []
        for a in s.audit_log(plan_id=plan_id):
            entity = _ENTITIES.get(a.entity, a.entity)
            key = keys.get(entity, {}).get(a.entity_id)
            old = {a.field: a.old} if a.field else (a.old if isinstance(a.old, dict) or a.old is None else {"": a.old})
            new = {a.field: a.new} if a.field else (a.new if isinstance(a.new, dict) or a.new is None else {"": a.new})
            audit.append(AuditRecord(a.id, plan_id, a.user, a.at, entity, a.entity_id, a.action, old, new, key))
        return _Snapshot(version, ver.raw_text, _tree(nodes, len(ver.raw_text)), targets, obs, audit,
                         (plan, ver, statements, indicators, observations, nodes,
                          s.list_milestone_events(plan_id=plan_id)))

    def raw_text(self, plan_id: str) -> str:
        return self._snapshot(plan_id).raw

    def outline(self, plan_id: str) -> Node:
        return self._snapshot(plan_id).outline

    def targets(self, plan_id: str) -> list[TargetRecord]:
        return list(self._snapshot(plan_id).targets)

    def observations(self, plan_id: str) -> list[ObservationRecord]:
        return list(self._snapshot(plan_id).observations)

    def audit(self, plan_id: str) -> list[AuditRecord]:
        return list(self._snapshot(plan_id).audit)

    def evaluate(self, plan_id: str, year: int) -> Evaluation:
        data = plan_data_from_records(*self._snapshot(plan_id).records)
        return evaluate_plan_data(data, year)

    # ---------------------------------------------------------------- writing
    def review(self, plan_id: str, target_id: str, action: str, changes: dict[str, Any], who: str) -> TargetRecord:
        if not target_id.isdigit() or not any(t.id == target_id for t in self.targets(plan_id)):
            raise NotFound("目标", target_id)
        self.store.review_statement(int(target_id), REVIEW_ACTIONS[action], user=who,
                                    changes=changes if action == "correct" else None)
        return next(t for t in self.targets(plan_id) if t.id == target_id)

    def update_indicator(self, plan_id: str, key: str, changes: dict[str, Any], who: str) -> None:
        """Attribute (约束性/预期性/None) and departments (a list) of an indicator, through the store."""
        ind = self.store.find_indicator(plan_id, key)
        if ind is None:
            raise NotFound("指标", key)
        self.store.update_indicator(ind.id, changes, user=who)

    def add_observations(self, plan_id: str, rows: list[dict[str, Any]], who: str) -> list[ObservationRecord]:
        """Through the store's import (the same checks and conversions as `guihua import-actuals`)."""
        self.plan(plan_id)
        with tempfile.TemporaryDirectory(prefix="guihua-entry-") as d:
            path = Path(d) / "网页填报.csv"
            with path.open("w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["indicator", "year", "value", "unit", "measure", "source", "note"])
                for r in rows:
                    w.writerow([csv_cell(v) for v in (
                        r["indicator"], r["year"], r["value"], r.get("unit") or "", r.get("measure") or "level",
                        r.get("source") or "", r.get("note") or "")])  # read back unchanged (guihua.cells)
            try:
                summary = import_actuals(self.store, plan_id, path, user=who)
            except ActualsError as exc:
                raise InputError("value", "；".join(reason for _, reason in exc.problems)) from None
        ids = {str(i) for i in summary.observation_ids}
        return [o for o in self.observations(plan_id) if o.id in ids]

    def import_file(self, plan_id: str, filename: str, content: bytes, who: str) -> tuple[int, list[RowProblem]]:
        self.plan(plan_id)
        suffix = Path(filename).suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            return 0, [RowProblem(1, "file", f"文件 {filename} 应为 .xlsx 或 .csv")]
        with tempfile.TemporaryDirectory(prefix="guihua-upload-") as d:
            path = Path(d) / f"upload{suffix}"
            path.write_bytes(content)
            try:
                summary = import_actuals(self.store, plan_id, path, user=who)
            except ActualsError as exc:
                return 0, [RowProblem(line, "row", reason.replace(str(path), filename))
                           for line, reason in exc.problems]
            except InputError as exc:
                return 0, [RowProblem(1, "file", exc.reason.replace(str(path), filename))]
        return summary.rows, []


def _tree(nodes: list[Any], length: int) -> Node:
    """The outline tree from the store's flat node list (parent_key links)."""
    root = Node(id="root", kind="document", start=0, end=length)
    made: dict[str, Node] = {}
    for n in nodes:
        node = Node(id=n.key, kind=n.kind, start=n.start, end=n.end, number=n.number, title=n.title,
                    note=n.note, role=n.role)
        if n.kind == "document":
            root = node
        made[n.key] = node
    for n in nodes:
        if n.kind == "document":
            continue
        parent = made.get(n.parent_key) if n.parent_key else None
        (parent or root).children.append(made[n.key])
    return root
