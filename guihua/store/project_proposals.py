"""Proposals from a later year's work report to a plan's project library (review before anything
changes). A sibling of repository.py, like projects_repo.py.

`ingest_report(store, plan_id, path)` reads a government work report, extracts its project mentions
with the same extractor as the plan (guihua.extraction.projects), keeps those the review of the
last year reports on ("建成通车", "开工建设", "正式落地": guihua.extraction.report_events), matches
each to a project of the plan's library by full name and the region's gazetteer
(guihua.extraction.project_match) and stores one proposal per mention: the project, the status,
the year, the quote, a confidence and the reason. Nothing in the library changes until a person
accepts a proposal (`decide`): then the project gains a progress event (year, status, quote as
evidence) and, with it, the status; or rejects it. Every write is audit logged; a report ingested
twice adds nothing the second time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from guihua.errors import InputError
from guihua.store import schema as t
from guihua.store.base import audit, update_row

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, RowMapping

    from guihua.extraction.report_events import ReportEvent
    from guihua.store.repository import Store

DECISIONS = ("待审核", "已接受", "已驳回")
PENDING, ACCEPTED, REJECTED = DECISIONS


@dataclass(frozen=True)
class ProposalInfo:
    id: int
    plan_id: str
    project_id: int | None  # the matched project, None when the library has no project like it
    source: str
    source_sha256: str
    report_year: int | None
    event_year: int | None
    name: str
    full_name: str | None
    action: str | None
    status: str | None  # the library status the report states (建成 / 在建 / 前期)
    status_phrase: str | None
    quote: str
    start: int  # raw offsets of the quote in the report
    end: int
    confidence: float
    reason: str | None
    decision: str  # DECISIONS
    event_id: int | None  # the progress event an accepted proposal added
    created_at: str
    created_by: str
    decided_at: str | None
    decided_by: str | None
    row_version: int

    @property
    def display_name(self) -> str:
        return self.full_name or self.name


@dataclass(frozen=True)
class ReportIngest:
    plan_id: str
    source: str
    report_year: int | None
    mentions: int  # project mentions in the report
    events: int  # of them, reported as done, started or prepared in the reviewed year
    added: int  # new proposals stored
    matched: int  # of the added, with a project of the library
    repeated: int  # already proposed by an earlier ingest of the same report


def _record(r: RowMapping) -> ProposalInfo:
    d = dict(r)
    d["start"] = d.pop("start_offset")
    d["end"] = d.pop("end_offset")
    return ProposalInfo(**d)


def _get(conn: Connection, proposal_id: int) -> ProposalInfo:
    row = conn.execute(select(t.project_proposals).where(t.project_proposals.c.id == proposal_id)).mappings().first()
    if row is None:
        raise InputError("proposal", f"没有编号为 {proposal_id} 的项目进展建议")
    return _record(row)


# ---------------------------------------------------------------------- ingest

def ingest_report(store: Store, plan_id: str, path: str | Path, *, year: int | None = None,
                  user: str = "system") -> ReportIngest:
    """Read the work report at `path` and store proposals for plan `plan_id`'s library."""
    from guihua.documents import read

    p = Path(path)
    if not p.is_file():
        raise InputError(str(path), "文件不存在")
    if not store.has_plan(plan_id):
        raise InputError("--plan", f"没有编号为“{plan_id}”的规划")
    doc = read(p)
    sha = hashlib.sha256(p.read_bytes()).hexdigest()
    return propose(store, plan_id, doc.raw, source=p.name, sha256=sha, year=year, user=user, document=doc)


def propose(store: Store, plan_id: str, raw: str, *, source: str, sha256: str | None = None,
            year: int | None = None, user: str = "system", document: Any = None) -> ReportIngest:
    """Store proposals from the text of a work report (`document`: its read Document, else read from `raw`)."""
    from guihua.documents import read_text
    from guihua.extraction.project_match import LibraryEntry, match_project
    from guihua.extraction.projects import extract_projects
    from guihua.extraction.report_events import report_events, report_year
    from guihua.gazetteer import gazetteer, region_for, region_named
    from guihua.store.base import now
    from guihua.store.projects_repo import list_mentions

    plan = store.get_plan(plan_id)
    y = year if year is not None else report_year(raw)
    if y is None:
        raise InputError("--year", f"{source}：读不出报告的年份（标题或日期行中的“2018年”），请用 --year 指明")
    region = region_for(plan.region) or region_named(plan.title or "")
    doc = document if document is not None else read_text(raw, source)
    mentions = extract_projects(doc, region=region)
    events = report_events(doc.raw, mentions, y)
    names: dict[int, list[str]] = {}
    for p in store.list_projects(plan_id):
        names[p.id] = [n for n in (p.name, p.full_name) if n]
    for pm in list_mentions(store, plan_id=plan_id):
        names.setdefault(pm.project_id, []).extend(n for n in (pm.name, pm.full_name) if n)
    library = [LibraryEntry(pid, tuple(ns)) for pid, ns in names.items()]
    gaz = gazetteer(region) if region else None
    sha = sha256 or hashlib.sha256(raw.encode("utf-8")).hexdigest()
    stamp = now()
    added = matched = repeated = 0
    with store.atomic() as conn:
        seen = {(r[0], r[1]) for r in conn.execute(
            select(t.project_proposals.c.start_offset, t.project_proposals.c.name)
            .where(t.project_proposals.c.plan_id == plan_id, t.project_proposals.c.source_sha256 == sha))}
        rows = []
        for e in events:
            m = e.mention
            if (m.start, m.name) in seen:
                repeated += 1
                continue
            hit = match_project([m.name, m.full_name], library, gaz)
            rows.append(_row(plan_id, source, sha, y, e, hit, stamp, user))
            matched += hit is not None
        if rows:
            conn.execute(insert(t.project_proposals), rows)
        added = len(rows)
        counts = {"source": source, "report_year": y, "mentions": len(mentions), "events": len(events),
                  "proposals": added, "matched": matched, "repeated": repeated}
        audit(conn, plan_id, user, "ingest", "report", sha[:16], "project_proposals", None, counts, at=stamp)
    return ReportIngest(plan_id, source, y, len(mentions), len(events), added, matched, repeated)


def _row(plan_id: str, source: str, sha: str, year: int, e: ReportEvent, hit: Any, stamp: str,
         user: str) -> dict[str, Any]:
    m = e.mention
    return {
        "plan_id": plan_id, "project_id": hit.project_id if hit else None, "source": source, "source_sha256": sha,
        "report_year": year, "event_year": e.year, "name": m.name, "full_name": m.full_name, "action": m.action,
        "status": e.status, "status_phrase": m.status_phrase, "quote": m.quote, "start_offset": m.start,
        "end_offset": m.end, "confidence": hit.confidence if hit else 0.0,
        "reason": hit.reason if hit else "规划项目库中没有相近的项目", "decision": PENDING, "event_id": None,
        "created_at": stamp, "created_by": user, "decided_at": None, "decided_by": None, "row_version": 1,
    }


# ---------------------------------------------------------------------- reading

def list_proposals(store: Store, plan_id: str, *, decision: str | None = None,
                   project_id: int | None = None) -> list[ProposalInfo]:
    """Proposals of a plan in the order they were made (optionally one decision, one project)."""
    if decision is not None and decision not in DECISIONS:
        raise InputError("--decision", f"处理结果应为 {' / '.join(DECISIONS)}，收到“{decision}”")
    q = select(t.project_proposals).where(t.project_proposals.c.plan_id == plan_id)
    if decision is not None:
        q = q.where(t.project_proposals.c.decision == decision)
    if project_id is not None:
        q = q.where(t.project_proposals.c.project_id == project_id)
    with store.engine.connect() as conn:
        return [_record(r) for r in conn.execute(q.order_by(t.project_proposals.c.id)).mappings()]


def get_proposal(store: Store, proposal_id: int) -> ProposalInfo:
    with store.engine.connect() as conn:
        return _get(conn, proposal_id)


# ---------------------------------------------------------------------- deciding

def decide(store: Store, proposal_id: int, decision: str, *, user: str, project_id: int | None = None,
           expected_version: int | None = None) -> ProposalInfo:
    """Accept (已接受) or reject (已驳回) a pending proposal; audited, one transaction.

    Accepting adds a progress event to the project (the reviewed year, the status, the quote as
    evidence) and sets the project's status; `project_id` chooses another project than the match.
    ConflictError when `expected_version` is stale.
    """
    from guihua.store import projects_repo as pr
    from guihua.store.base import now

    if decision not in (ACCEPTED, REJECTED):
        raise InputError("--decision", f"处理结果应为 {ACCEPTED} 或 {REJECTED}，收到“{decision}”")
    with store.atomic() as conn:
        prop = _get(conn, proposal_id)
        if prop.decision != PENDING:
            raise InputError("proposal", f"建议 {proposal_id} 已处理（{prop.decision}），不能再改")
        values: dict[str, Any] = {"decision": decision, "decided_by": user, "decided_at": now()}
        if decision == ACCEPTED:
            pid = project_id if project_id is not None else prop.project_id
            if pid is None:
                raise InputError("--project", f"建议 {proposal_id} 没有匹配到规划中的项目，请用 --project 指明项目编号")
            project = pr._get(conn, pid)
            if project.plan_id != prop.plan_id:
                raise InputError("--project", f"项目 {pid} 不属于规划“{prop.plan_id}”")
            if prop.event_year is None:
                raise InputError("proposal", f"建议 {proposal_id} 没有年份，不能记为进展")
            note = f"{prop.source}（{prop.report_year} 年政府工作报告）：{prop.status_phrase or prop.action or ''}"
            values["event_id"] = pr._insert_event(store, conn, project, str(prop.event_year), prop.status,
                                                  prop.quote, note, prop.source, None, user)
            values["project_id"] = pid
            if prop.status and prop.status != project.status:
                pr._apply(store, conn, pid, {"status": prop.status}, user, None)
        update_row(conn, t.project_proposals, t.project_proposals.c.id, proposal_id, prop.row_version,
                          expected_version, values, plan_id=prop.plan_id, user=user, action="update",
                          entity="project_proposal", old={k: getattr(prop, k) for k in values})
        return _get(conn, proposal_id)


def dump_queries(plan_id: str) -> dict[str, Any]:
    """The plan's proposals for Store.dump_plan (ordered by primary key)."""
    return {"project_proposals": select(t.project_proposals).where(t.project_proposals.c.plan_id == plan_id)
            .order_by(t.project_proposals.c.id)}


def summary_lines(proposals: Sequence[ProposalInfo], titles: dict[int, str]) -> list[str]:
    """One Chinese line per proposal for the CLI: id, decision, confidence, project, status, year, quote."""
    out = []
    for p in proposals:
        target = f"项目 {p.project_id}「{titles.get(p.project_id, '')}」" if p.project_id else "（无匹配项目）"
        out.append(f"{p.id}\t{p.decision}\t{p.confidence:.2f}\t{p.display_name} -> {target}\t"
                   f"{p.status or ''}\t{p.event_year or ''}\t{p.quote[:40]}\t{p.reason or ''}")
    return out
