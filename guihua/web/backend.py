"""The storage the web app reads and writes, behind one small interface.

`Backend` lists exactly what the pages need. `MemoryBackend` keeps a plan in memory, built from a
plan file and a CSV of actual values with the public functions of guihua.documents,
guihua.extraction and guihua.monitoring; it serves the app until guihua.store provides a
repository for these operations (see `open_backend`).
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from guihua.documents import Node, build_outline, read
from guihua.extraction import extract_targets, indicator_key
from guihua.extraction.model import Statement
from guihua.monitoring.sources import chapters_from_text, domain_at
from guihua.web.records import (
    REVIEW_ACTIONS,
    AuditRecord,
    NotFound,
    ObservationRecord,
    PlanInfo,
    RowProblem,
    TargetRecord,
)

ROOT = Path(__file__).resolve().parents[2]
SEED_PLAN = ROOT / "data" / "hengyang-13th-fyp" / "plan.txt"
SEED_ACTUALS_CANDIDATES = (ROOT / "data" / "hengyang-13th-fyp" / "actuals.csv",
                           ROOT.parent / "shared" / "data" / "hengyang_actuals.csv")
SEED_ID = "hengyang-13th"
SEED_TITLE = "衡阳市国民经济和社会发展第十三个五年规划纲要"


class Backend(Protocol):
    """What the web app needs from storage."""

    def plans(self) -> list[PlanInfo]: ...
    def plan(self, plan_id: str) -> PlanInfo: ...
    def raw_text(self, plan_id: str) -> str: ...
    def outline(self, plan_id: str) -> Node: ...
    def targets(self, plan_id: str) -> list[TargetRecord]: ...
    def observations(self, plan_id: str) -> list[ObservationRecord]: ...
    def audit(self, plan_id: str) -> list[AuditRecord]: ...
    def version(self, plan_id: str) -> int: ...
    def review(self, plan_id: str, target_id: str, action: str, changes: dict[str, Any], who: str) -> TargetRecord: ...
    def add_observations(self, plan_id: str, rows: list[dict[str, Any]], who: str) -> list[ObservationRecord]: ...
    def import_file(self, plan_id: str, filename: str, content: bytes, who: str) -> tuple[int, list[RowProblem]]: ...
    def update_indicator(self, plan_id: str, key: str, changes: dict[str, Any], who: str) -> None: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class MemoryBackend:
    """Plans held in memory; every write bumps the plan's version and appends to its audit log."""

    def __init__(self) -> None:
        self._plans: dict[str, PlanInfo] = {}
        self._raw: dict[str, str] = {}
        self._outline: dict[str, Node] = {}
        self._targets: dict[str, list[TargetRecord]] = {}
        self._obs: dict[str, list[ObservationRecord]] = {}
        self._audit: dict[str, list[AuditRecord]] = {}
        self._version: dict[str, int] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- loading
    def load_plan(self, path: Path, plan_id: str, title: str, region: str | None = None) -> PlanInfo:
        doc = read(path)
        root = build_outline(doc)
        result = extract_targets(doc, root=root)
        first, last = result.period or (2016, 2020)
        info = PlanInfo(plan_id, title, region, first, last, str(path))
        chapters = chapters_from_text(doc.raw)
        self._plans[plan_id] = info
        self._raw[plan_id] = doc.raw
        self._outline[plan_id] = root
        self._targets[plan_id] = [self._record(plan_id, n, s, chapters) for n, s in enumerate(result.statements)]
        self._obs.setdefault(plan_id, [])
        self._audit.setdefault(plan_id, [])
        self._version[plan_id] = 1
        return info

    @staticmethod
    def _record(plan_id: str, n: int, s: Statement, chapters: list[tuple[int, str]]) -> TargetRecord:
        chapter = domain_at(chapters, s.start)
        domain = chapter.split(" ", 1)[1] if chapter and " " in chapter else chapter
        binding = s.extra.get("binding") if isinstance(s.extra, dict) else None
        return TargetRecord(
            id=f"t{n + 1}", plan_id=plan_id, type=s.type, kind=s.kind, indicator=s.indicator,
            indicator_key=indicator_key(s.indicator) or s.indicator, start=s.start, end=s.end, quote=s.quote,
            value=s.value, value_max=s.value_max, values=s.values, unit=s.unit, comparator=s.comparator,
            year=s.year, base_year=s.base_year, scope=s.scope, section=s.section, node_id=s.node_id,
            confidence=s.confidence, attribute=binding, domain=domain,
            chapter=chapter.split(" ", 1)[0] if chapter else None)

    def load_actuals_csv(self, plan_id: str, text: str, source_name: str) -> int:
        """Rows `indicator_cn,year,value,unit,note,source_url,source_quote` (the shared data file)."""
        rows = []
        for row in csv.DictReader(io.StringIO(text)):
            rows.append({"indicator": row.get("indicator_cn") or row.get("indicator") or "",
                         "year": row.get("year") or "", "value": row.get("value") or "",
                         "unit": row.get("unit") or None, "measure": row.get("measure") or "",
                         "source": row.get("source_url") or row.get("source") or source_name,
                         "quote": row.get("source_quote") or None, "note": row.get("note") or None})
        with self._lock:
            for row in rows:
                self._obs[plan_id].append(self._observation(plan_id, row, "导入"))
        return len(rows)

    # ---------------------------------------------------------------- reading
    def plans(self) -> list[PlanInfo]:
        return list(self._plans.values())

    def plan(self, plan_id: str) -> PlanInfo:
        try:
            return self._plans[plan_id]
        except KeyError:
            raise NotFound("规划", plan_id) from None

    def raw_text(self, plan_id: str) -> str:
        self.plan(plan_id)
        return self._raw[plan_id]

    def outline(self, plan_id: str) -> Node:
        self.plan(plan_id)
        return self._outline[plan_id]

    def targets(self, plan_id: str) -> list[TargetRecord]:
        self.plan(plan_id)
        return list(self._targets[plan_id])

    def observations(self, plan_id: str) -> list[ObservationRecord]:
        self.plan(plan_id)
        return list(self._obs[plan_id])

    def audit(self, plan_id: str) -> list[AuditRecord]:
        self.plan(plan_id)
        return list(self._audit[plan_id])

    def version(self, plan_id: str) -> int:
        self.plan(plan_id)
        return self._version[plan_id]

    # ---------------------------------------------------------------- writing
    def review(self, plan_id: str, target_id: str, action: str, changes: dict[str, Any], who: str) -> TargetRecord:
        self.plan(plan_id)
        with self._lock:
            records = self._targets[plan_id]
            index = next((i for i, t in enumerate(records) if t.id == target_id), None)
            if index is None:
                raise NotFound("目标", target_id)
            old = records[index]
            new = replace(old, review=REVIEW_ACTIONS[action])
            if action == "correct":
                if old.original is None:
                    new.original = {k: getattr(old, k) for k in changes}
                else:
                    new.original = {**{k: getattr(old, k) for k in changes}, **old.original}
                for k, v in changes.items():
                    setattr(new, k, v)
                if "indicator" in changes:
                    new.indicator_key = indicator_key(new.indicator) or new.indicator
            records[index] = new
            before = {"review": old.review, **{k: getattr(old, k) for k in changes}}
            after = {"review": new.review, **{k: getattr(new, k) for k in changes}}
            self._log(plan_id, who, "target", target_id, action, before, after, new.indicator_key)
            return new

    def add_observations(self, plan_id: str, rows: list[dict[str, Any]], who: str) -> list[ObservationRecord]:
        """Append validated rows, all or none (callers validate first)."""
        self.plan(plan_id)
        with self._lock:
            out = [self._observation(plan_id, row, who) for row in rows]
            self._obs[plan_id].extend(out)
            for o in out:
                self._log(plan_id, who, "observation", o.id, "add", None, o.to_dict(),
                          indicator_key(o.indicator) or o.indicator)
            return out

    def update_indicator(self, plan_id: str, key: str, changes: dict[str, Any], who: str) -> None:
        """Attribute and departments of an indicator (kept on each of its targets), audited."""
        self.plan(plan_id)
        with self._lock:
            records = self._targets[plan_id]
            mine = [i for i, t in enumerate(records) if t.indicator_key == key]
            if not mine:
                raise NotFound("指标", key)
            first = records[mine[0]]
            old = {"attribute": first.attribute, "departments": first.department.split("、") if first.department else []}
            new = {**old, **changes}
            for i in mine:
                records[i] = replace(records[i], attribute=new["attribute"],
                                     department="、".join(new["departments"]) or None)
            self._log(plan_id, who, "indicator", key, "update", old, new, key)

    def import_file(self, plan_id: str, filename: str, content: bytes, who: str) -> tuple[int, list[RowProblem]]:
        """A CSV/XLSX of actual values: every bad row listed (line numbers as a spreadsheet shows them),
        nothing written unless all rows are good."""
        from guihua.web.validate import check_upload, read_rows

        plan = self.plan(plan_id)
        try:
            rows = read_rows(filename, content)
        except ValueError as exc:
            return 0, [RowProblem(1, "file", str(exc))]
        units: dict[str, str | None] = {}
        for t in sorted(self._targets[plan_id], key=lambda t: t.kind not in ("level", "cumulative")):
            if t.type == "target" and t.review != "已驳回":
                units.setdefault(t.indicator, t.unit)
        good, problems = check_upload(rows, plan, units)
        if problems:
            return 0, problems
        self.add_observations(plan_id, good, who)
        return len(good), []

    def _observation(self, plan_id: str, row: dict[str, Any], who: str) -> ObservationRecord:
        n = len(self._obs[plan_id]) + 1
        return ObservationRecord(
            id=f"o{n}", plan_id=plan_id, indicator=str(row["indicator"]), year=str(row["year"]),
            value=str(row["value"]), unit=row.get("unit") or None, measure=row.get("measure") or "level",
            source=row.get("source") or None, quote=row.get("quote") or None, note=row.get("note") or None,
            entered_by=who)

    def _log(self, plan_id: str, who: str, entity: str, entity_id: str, action: str,
             old: dict[str, Any] | None, new: dict[str, Any] | None, key: str | None) -> None:
        log = self._audit[plan_id]
        log.append(AuditRecord(len(log) + 1, plan_id, who, _now(), entity, entity_id, action, old, new, key))
        self._version[plan_id] += 1


def seed_backend(actuals: Iterable[Path] = SEED_ACTUALS_CANDIDATES) -> MemoryBackend:
    """The bundled Hengyang plan with the real statistics, in memory."""
    backend = MemoryBackend()
    backend.load_plan(SEED_PLAN, SEED_ID, SEED_TITLE, region="衡阳市")
    for path in actuals:
        if path.exists():
            backend.load_actuals_csv(SEED_ID, path.read_text(encoding="utf-8"), path.name)
            break
    return backend


def open_backend(database_url: str | None) -> Backend:
    """The backend for a database URL; the in-memory seed when no store repository is available."""
    if database_url:
        try:
            from guihua.web.store_backend import StoreBackend  # adapter over guihua.store.repository
        except ImportError:
            pass
        else:
            return StoreBackend(database_url)
    return seed_backend()
