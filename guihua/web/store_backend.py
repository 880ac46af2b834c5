"""The web backend over guihua.store: every read and write goes through the store's public API.

Reads are cached per plan in a snapshot that is rebuilt when the plan's data changes: the store counts
every committed write per plan (guihua.store.changes), so the plan's `data` counter is a version number
read with one primary-key lookup. Writes of a data round (filling, submitting, returning a row:
`ROUND_ENTITIES`) are counted apart (`rounds`) and change nothing a snapshot holds: thirty departments
filling their rows do not make every dashboard re-evaluate the plan. Approving a row writes an
observation, which does count.
Evaluations go through guihua.monitoring.store_source, the same adapter `guihua report` uses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from guihua.documents import Node
from guihua.errors import InputError
from guihua.monitoring.model import Evaluation
from guihua.monitoring.sources import chapters_from_outline, domain_at
from guihua.monitoring.store_source import evaluate_plan_data, plan_data_from_records
from guihua.store.access import AccessDenied
from guihua.store.actuals import ActualsError, import_bytes, import_rows
from guihua.store.matching import PRESELECT_SCORE
from guihua.store.records import EDITABLE_STATEMENT_FIELDS
from guihua.store.repository import Store, open_store
from guihua.store.tables_in import SheetChoice
from guihua.web.records import (
    REVIEW_ACTIONS,
    AuditRecord,
    NotFound,
    ObservationRecord,
    PlanInfo,
    TargetRecord,
    UploadOutcome,
)

_ENTITIES = {"statement": "target"}


@dataclass
class _Snapshot:
    version: int
    raw: str
    outline: Node
    targets: list[TargetRecord]
    observations: list[ObservationRecord]
    records: tuple[Any, ...]  # (plan, version, statements, indicators, observations, nodes, events): monitoring
    keys: dict[str, dict[str, str | None]]  # entity -> id -> indicator key, for the audit trail
    audit: list[AuditRecord] | None = None  # read on first use (the history of a page), not with every snapshot


class StoreBackend:
    """Backend over a database URL (SQLite file or PostgreSQL)."""

    def __init__(self, url: str, store: Store | None = None) -> None:
        self.store = store or open_store(url)
        self._snap: dict[str, _Snapshot] = {}
        self._plan_infos: dict[str, tuple[int, PlanInfo]] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- reading
    def plans(self) -> list[PlanInfo]:
        return [self._plan_info(p) for p in self.store.list_plans()]

    def plan(self, plan_id: str) -> PlanInfo:
        version = self.changes(plan_id).get(plan_id, (0, 0))[0]
        hit = self._plan_infos.get(plan_id)
        if hit is not None and hit[0] == version:
            return hit[1]
        if not self.store.has_plan(plan_id):
            raise NotFound("规划", plan_id)
        info = self._plan_info(self.store.get_plan(plan_id))
        self._plan_infos[plan_id] = (version, info)
        return info

    def changes(self, plan_id: str | None = None) -> dict[str, tuple[int, int]]:
        """{plan_id: (data changes, data-round changes)} of one plan or of every plan ("" for changes of
        no plan): one read of the store's change counters."""
        return self.store.change_counters(plan_id)

    def _plan_info(self, p: Any) -> PlanInfo:
        first, last = p.period_start, p.period_end
        if first is None or last is None:
            v = self.store.get_version(p.id)
            first, last = v.period_start or 2016, v.period_end or 2020
        return PlanInfo(p.id, p.title, p.region, first, last, None)

    def version(self, plan_id: str) -> int:
        """The plan's data version (its `data` change counter); NotFound for an unknown plan."""
        counters = self.changes(plan_id)
        if plan_id not in counters:
            self.plan(plan_id)  # NotFound, or a plan nothing was ever written for
            return 0
        return counters[plan_id][0]

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
        leads = s.lead_units(plan_id)
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
                lead_unit=leads.get(("indicator", ind.id)) if ind else None,
                attribute=ind.attribute if ind else None,
                attribute_source=ind.attribute_source if ind and ind.attribute else None, direction=st.direction,
                domain=(ind.domain if ind and ind.domain else None) or "其他",
                chapter=chapter.split(" ", 1)[0] if chapter else None, row_version=st.row_version,
                indicator_version=ind.row_version if ind else None, is_main=bool(ind and ind.is_main)))
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
        return _Snapshot(version, ver.raw_text, _tree(nodes, len(ver.raw_text)), targets, obs,
                         (plan, ver, statements, indicators, observations, nodes,
                          s.list_milestone_events(plan_id=plan_id)), keys)

    def _audit(self, plan_id: str, snap: _Snapshot) -> list[AuditRecord]:
        """The plan's audit trail, with each entry's indicator key (as of the snapshot)."""
        audit = []
        for a in self.store.audit_log(plan_id=plan_id):
            entity = _ENTITIES.get(a.entity, a.entity)
            key = snap.keys.get(entity, {}).get(a.entity_id)
            old = {a.field: a.old} if a.field else (a.old if isinstance(a.old, dict) or a.old is None else {"": a.old})
            new = {a.field: a.new} if a.field else (a.new if isinstance(a.new, dict) or a.new is None else {"": a.new})
            audit.append(AuditRecord(a.id, plan_id, a.user, a.at, entity, a.entity_id, a.action, old, new, key))
        return audit

    def raw_text(self, plan_id: str) -> str:
        return self._snapshot(plan_id).raw

    def outline(self, plan_id: str) -> Node:
        return self._snapshot(plan_id).outline

    def targets(self, plan_id: str) -> list[TargetRecord]:
        return list(self._snapshot(plan_id).targets)

    def observations(self, plan_id: str) -> list[ObservationRecord]:
        return list(self._snapshot(plan_id).observations)

    def audit(self, plan_id: str) -> list[AuditRecord]:
        snap = self._snapshot(plan_id)
        if snap.audit is None:
            snap.audit = self._audit(plan_id, snap)
        return list(snap.audit)

    def evaluate(self, plan_id: str, year: int) -> Evaluation:
        data = plan_data_from_records(*self._snapshot(plan_id).records)
        return evaluate_plan_data(data, year)

    # ---------------------------------------------------------------- writing
    def review(self, plan_id: str, target_id: str, action: str, changes: dict[str, Any], who: str,
               expected_version: int | None = None) -> TargetRecord:
        """ConflictError (nothing written) when `expected_version` is not the statement's version."""
        if not target_id.isdigit() or not any(t.id == target_id for t in self.targets(plan_id)):
            raise NotFound("目标", target_id)
        self.store.review_statement(int(target_id), REVIEW_ACTIONS[action], user=who,
                                    changes=changes if action == "correct" else None,
                                    expected_version=expected_version)
        return next(t for t in self.targets(plan_id) if t.id == target_id)

    def update_indicator(self, plan_id: str, key: str, changes: dict[str, Any], who: str,
                         expected_version: int | None = None) -> None:
        """Attribute (约束性/预期性/None), departments (a list) and is_main (主要指标) of an indicator, through the store;
        ConflictError when `expected_version` is stale and something would change."""
        ind = self.store.find_indicator(plan_id, key)
        if ind is None:
            raise NotFound("指标", key)
        if changes.get("attribute", ind.attribute) == ind.attribute:
            changes.pop("attribute", None)  # the form always sends it: unchanged is not a review
        if changes.get("is_main", ind.is_main) == ind.is_main:
            changes.pop("is_main", None)
        self.store.update_indicator(ind.id, changes, user=who, expected_version=expected_version)

    def add_observations(self, plan_id: str, rows: list[dict[str, Any]], who: str,
                         allow: Callable[[Any], bool] | None = None) -> list[ObservationRecord]:
        """Through the store's import (guihua.store.actuals): the same checks as `guihua import-actuals` and
        the upload; ActualsError (nothing written) lists every problem with its field. A value of an
        indicator outside the account's department raises AccessDenied saying so of that indicator
        (not of "rows of a table": the form and the API send one value)."""
        self.plan(plan_id)
        try:
            summary = import_rows(self.store, plan_id, rows, name="网页填报", user=who, allow=allow)
        except AccessDenied as exc:
            raise AccessDenied("；".join(reason for _, reason in exc.problems) or exc.reason) from None
        ids = {str(i) for i in summary.observation_ids}
        return [o for o in self.observations(plan_id) if o.id in ids]

    def import_file(self, plan_id: str, filename: str, content: bytes, who: str, sheet: str | None = None,
                    aliases: dict[str, str] | None = None,
                    allow: Callable[[Any], bool] | None = None) -> UploadOutcome:
        """An uploaded CSV/XLSX through the store's import; confirmed `aliases` are remembered (audited)."""
        self.plan(plan_id)
        try:
            s = import_bytes(self.store, plan_id, filename, content, sheet=sheet or None, aliases=aliases, user=who,
                             allow=allow)
        except SheetChoice as exc:
            return UploadOutcome(sheets=exc.sheets, problems=[_file_problem(exc.reason)])
        except ActualsError as exc:
            unknown = []
            for name, cands in exc.unknown().items():
                first = next(p for p in exc.details if p.name == name)
                unknown.append({
                    "name": name, "lines": sorted({p.line for p in exc.details if p.name == name}),
                    "column": first.column, "header": first.header,
                    "candidates": [{"id": c.indicator.id, "name": c.indicator.name, "unit": c.indicator.unit,
                                    "label": c.label, "score": c.score, "reason": c.reason} for c in cands],
                    "preselect": cands[0].indicator.id if cands and cands[0].score >= PRESELECT_SCORE else None})
            return UploadOutcome(problems=[p.to_dict() for p in exc.details], unknown=unknown, sheet=sheet or None)
        except InputError as exc:
            return UploadOutcome(problems=[_file_problem(exc.reason)])
        return UploadOutcome(imported=s.rows, sheet=s.sheet, layout=s.layout,
                             aliases_added=[list(a) for a in s.aliases_added])

    def indicator_choices(self, plan_id: str) -> list[dict[str, Any]]:
        """Every indicator of the plan as a person picks it: id and "name（unit）"."""
        self.plan(plan_id)
        return [{"id": i.id, "label": f"{i.name}（{i.unit}）" if i.unit else i.name}
                for i in self.store.list_indicators(plan_id)]

    def proposals(self, plan_id: str, state: str | None = None) -> list[dict[str, Any]]:
        """Proposed actuals (guihua import-report) with their indicator's name and the candidates."""
        from guihua.store import proposed_actuals_repo as pr

        self.plan(plan_id)
        names = {i.id: (i.name, i.unit) for i in self.store.list_indicators(plan_id)}
        out = []
        for p in pr.list_proposals(self.store, plan_id, state=state):
            d = p.to_dict()
            d["indicator"] = names.get(p.indicator_id, (None, None))[0] if p.indicator_id else None
            d["candidates"] = [{"id": c, "label": _label(*names.get(c, ("?", None))), "score": sc}
                               for c, sc in p.candidates if c in names]
            out.append(d)
        return out

    def decide_proposal(self, plan_id: str, proposal_id: str, action: str, who: str,
                        indicator_id: int | None = None, expected_version: int | None = None) -> None:
        """accept (through the import's checks) or reject a proposal; InputError / ConflictError say why not
        (ConflictError also when `expected_version` is not the proposal's version)."""
        from guihua.store import proposed_actuals_repo as pr
        from guihua.store.report_actuals import accept, reject

        if not proposal_id.isdigit():
            raise NotFound("实际值建议", proposal_id)
        try:
            p = pr.get_proposal(self.store, int(proposal_id))
        except InputError:
            raise NotFound("实际值建议", proposal_id) from None
        if p.plan_id != plan_id:
            raise NotFound("实际值建议", proposal_id)
        if action == "accept":
            accept(self.store, p.id, user=who, indicator_id=indicator_id, expected_version=expected_version)
        elif action == "reject":
            reject(self.store, p.id, user=who, expected_version=expected_version)
        else:
            raise InputError("action", f"操作应为 accept（接受）或 reject（驳回），收到“{action}”")


def _label(name: str, unit: str | None) -> str:
    return f"{name}（{unit}）" if unit else name


def _file_problem(reason: str) -> dict[str, Any]:
    return {"line": 1, "field": "file", "column": "", "header": "", "reason": reason, "location": "文件"}


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
