"""Read a plan, its targets and its actual values from the store, and evaluate them.

All contact with guihua.store is in `load_plan_data` (through the store's public repository API,
never SQL); everything after it works on `PlanData`, which tests can build by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guihua.errors import InputError
from guihua.monitoring.assess import event_value
from guihua.monitoring.evaluation import NOT_COMPARABLE, evaluate
from guihua.monitoring.model import BaselineInput, Evaluation, ObservationInput, TargetInput
from guihua.monitoring.sources import chapters_from_outline, target_inputs
from guihua.monitoring.status import DEFAULT_THRESHOLDS, Thresholds
from guihua.store.settings import resolve_url


@dataclass
class PlanData:
    """What an evaluation needs from the store."""

    plan_id: str
    title: str
    first_year: int
    last_year: int
    targets: list[TargetInput]
    baselines: list[BaselineInput]
    observations: list[ObservationInput]
    region: str | None = None
    notes: list[str] = field(default_factory=list)


def evaluate_plan_data(data: PlanData, year: int, kind: str | None = None,
                       thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Evaluation:
    if not data.first_year <= year <= data.last_year + 10:
        raise InputError("--year", f"评估年份 {year} 不在规划期 {data.first_year}-{data.last_year} 前后")
    if kind is None:
        kind = "final" if year >= data.last_year else ("midterm" if year >= (data.first_year + data.last_year) // 2
                                                       else "annual")
    return evaluate(plan_id=data.plan_id, plan_title=data.title, targets=data.targets, baselines=data.baselines,
                    observations=data.observations, year=year, kind=kind, base_year=data.first_year - 1,
                    last_year=data.last_year, thresholds=thresholds, region=data.region)


def evaluate_from_store(db: str | None, plan_id: str, year: int, kind: str | None = None,
                        environ: Mapping[str, str] | None = None,
                        thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Evaluation:
    """The evaluation of plan ``plan_id`` at ``year`` from the database at ``db``."""
    data = load_plan_data(resolve_url(db, environ), plan_id)
    return evaluate_plan_data(data, year, kind, thresholds)


def load_plan_data(url: str, plan_id: str) -> PlanData:
    """Targets, baselines and observations of a stored plan, through guihua.store's public API."""
    from guihua.store.repository import open_store

    store = open_store(url)
    try:
        plan = store.get_plan(plan_id)
        version = store.get_version(plan_id)
        statements = store.list_statements(plan_id, include_rejected=False)
        indicators = store.list_indicators(plan_id)
        observations = store.list_observations(plan_id=plan_id)
        nodes = store.list_nodes(plan_id)
        events = store.list_milestone_events(plan_id=plan_id)
    finally:
        store.dispose()
    return plan_data_from_records(plan, version, statements, indicators, observations, nodes, events)


def plan_data_from_records(plan: Any, version: Any, statements: Sequence[Any], indicators: Sequence[Any],
                           observations: Sequence[Any], nodes: Sequence[Any] = (),
                           milestone_events: Sequence[Any] = ()) -> PlanData:
    """PlanData from the store's records (guihua.store.records: PlanInfo, VersionInfo, StoredStatement,
    IndicatorInfo, ObservationInfo, NodeInfo, MilestoneEventInfo).

    A milestone event belongs to its target (statement); when that statement is not in the current
    document version, to the current milestone target of the same indicator.

    Targets and observations are tied by the indicator registry: both carry their indicator's
    canonical name, so matching is by indicator, not by how each text wrote it. Rejected
    statements (已驳回) are left out. Domains come from the registry, else from the chapter.
    """
    by_id = {i.id: i for i in indicators}
    raw = getattr(version, "raw_text", None) or ""
    chapters = chapters_from_outline(nodes)
    kept = [s for s in statements if s.status != "已驳回"]
    targets, baselines = target_inputs(kept, raw, chapters)
    by_key = {str(s.id): s for s in kept}
    for t in targets:
        ind = by_id.get(by_key[t.key].indicator_id) if t.key in by_key else None
        if ind is not None:
            t.indicator = ind.name
            t.domain = ind.domain or t.domain
            if ind.attribute:
                t.binding, t.binding_source = ind.attribute, getattr(ind, "attribute_source", None) or "plan"
    for b, s in zip(baselines, [s for s in kept if s.type == "baseline"], strict=True):
        ind = by_id.get(s.indicator_id)
        if ind is not None:
            b.indicator = ind.name
    obs = [o for o in (observation_from_record(r, by_id.get(r.indicator_id)) for r in observations) if o]
    obs += milestone_observations(milestone_events, targets, by_key)
    first = plan.period_start or getattr(version, "period_start", None)
    last = plan.period_end or getattr(version, "period_end", None)
    if first is None or last is None:
        raise InputError("--plan", f"规划 {plan.id} 没有规划期（请在 ingest 时用 --period 指定）")
    return PlanData(plan.id, plan.title, first, last, targets, baselines, obs, region=plan.region)


def milestone_observations(events: Sequence[Any], targets: Sequence[TargetInput],
                           statements: Mapping[str, Any]) -> list[ObservationInput]:
    """Recorded milestone events (guihua.store.records.MilestoneEventInfo) as ``event`` observations of
    their target: value 1 完成 / 0.5 部分完成 / 0 未完成, the evidence as note, the day as date."""
    milestones = [t for t in targets if t.kind == "milestone"]
    keys = {t.key for t in milestones}
    by_indicator: dict[int, str] = {}
    for t in milestones:
        ind = getattr(statements.get(t.key), "indicator_id", None)
        if ind is not None:
            by_indicator.setdefault(ind, t.key)
    out = []
    for e in events:
        key = str(e.statement_id) if str(e.statement_id) in keys else by_indicator.get(e.indicator_id)
        value = event_value(e.outcome)
        if key is None or value is None:
            continue
        target = next(t for t in milestones if t.key == key)
        out.append(ObservationInput(
            indicator=target.indicator, measure="event", value=value, unit=None, year=int(e.event_date[:4]),
            source=e.source, note=e.evidence, key=f"milestone_event:{e.id}", date=e.event_date, target_key=key,
        ))
    return out


def observation_from_record(r: Any, indicator: Any | None) -> ObservationInput | None:
    """One stored observation (guihua.store.records.ObservationInfo) as monitoring's input."""
    measure = r.measure
    if measure == "growth" and r.year_start != r.year_end:
        measure = "period_growth"
    if measure not in ("level", "growth", "period_growth", "structure", "cumulative", "event"):
        return None
    value, unit = r.value, r.unit
    if r.value_converted is not None and r.unit_converted:
        value, unit = r.value_converted, r.unit_converted
    flags = []
    if r.is_conflict:
        flags.append("conflict")
    if r.is_not_comparable:
        flags.append(NOT_COMPARABLE)
    name = indicator.name if indicator is not None else (r.source_indicator or "")
    return ObservationInput(
        indicator=name, measure=measure, value=value, unit=unit, year=r.year_end,
        period_start=r.year_start if r.year_start != r.year_end else None, values=r.values,
        flags=flags, source=r.source, quote=r.quote,
        note=r.comparability_reason or r.note, key=str(r.id),
    )
