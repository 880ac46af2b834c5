"""年度目标 and the annual judgement from the store: read the plan through the store's public API, compute
with guihua.monitoring.annual, write proposals back (`propose_for_plan`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from guihua.monitoring.annual import AnnualJudgement, StoredAnnual, annual_eligible, judge_year, propose
from guihua.monitoring.store_source import PlanData, plan_data_from_records
from guihua.store.annual_targets_repo import AnnualProposal, AnnualTargetInfo

if TYPE_CHECKING:
    from guihua.store.repository import Store


def plan_data(store: Store, plan_id: str) -> PlanData:
    """The plan's targets, baselines and approved observations (as guihua.monitoring.store_source)."""
    return plan_data_from_records(
        store.get_plan(plan_id), store.get_version(plan_id), store.list_statements(plan_id, include_rejected=False),
        store.list_indicators(plan_id), store.list_observations(plan_id=plan_id), store.list_nodes(plan_id),
        store.list_milestone_events(plan_id=plan_id))


def propose_for_plan(store: Store, plan_id: str, *, user: str, data: PlanData | None = None) -> int:
    """Propose every eligible target's annual targets and store them (manual ones kept); returns rows written."""
    data = data or plan_data(store, plan_id)
    proposals = [AnnualProposal(p.statement_id, p.year, p.value, p.unit, p.method)
                 for p in propose(data.targets, data.baselines, data.observations, data.first_year, data.last_year)]
    return store.propose_annual_targets(plan_id, proposals, user=user)


@dataclass(frozen=True)
class AnnualRow:
    """One target with its annual targets by year (the annual targets table)."""

    target_id: int
    indicator: str
    kind: str
    unit: str | None
    target_value: float | None
    target_year: int | None
    cells: dict[int, AnnualTargetInfo]


def annual_rows(store: Store, plan_id: str, data: PlanData | None = None) -> tuple[list[int], list[AnnualRow]]:
    """(years, one row per eligible target) of the plan's stored annual targets."""
    data = data or plan_data(store, plan_id)
    stored: dict[int, dict[int, AnnualTargetInfo]] = {}
    for a in store.list_annual_targets(plan_id):
        stored.setdefault(a.statement_id, {})[a.year] = a
    rows = [AnnualRow(int(t.key), t.indicator, t.kind, t.unit, t.value, t.year or data.last_year,
                      stored.get(int(t.key), {}))
            for t in data.targets if annual_eligible(t)]
    years = list(range(data.first_year, data.last_year + 1))
    return years, rows


def judge_plan_year(store: Store, plan_id: str, year: int, data: PlanData | None = None) -> list[AnnualJudgement]:
    """Every eligible target judged against its stored annual target of ``year``."""
    data = data or plan_data(store, plan_id)
    annual = {(str(a.statement_id), a.year): StoredAnnual(a.value, a.unit, a.method)
              for a in store.list_annual_targets(plan_id, year=year)}
    return judge_year(data.targets, data.baselines, data.observations, annual, year, data.first_year, data.last_year)
