"""The 预警 and the 考核 scorecards of a stored plan: read the evaluation, the 牵头单位, the round rows and the
projects through the store's public API and apply guihua.monitoring.warnings and guihua.monitoring.scorecard."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from guihua.monitoring.annual_source import plan_data
from guihua.monitoring.model import Evaluation
from guihua.monitoring.scorecard import TimelinessRow, UnitScore, scorecards
from guihua.monitoring.store_source import PlanData, evaluate_plan_data
from guihua.monitoring.warnings import EarlyWarning, ProjectLine, RoundRow, collect

if TYPE_CHECKING:
    from guihua.store.repository import Store


def target_leads(store: Store, plan_id: str) -> dict[str, str]:
    """The 牵头单位 of every target statement (by id as text): the target's own lead, else its indicator's."""
    leads = store.lead_units(plan_id)
    out: dict[str, str] = {}
    for s in store.list_statements(plan_id, type="target", include_rejected=False):
        lead = leads.get(("target", s.id)) or (leads.get(("indicator", s.indicator_id))
                                                 if s.indicator_id is not None else None)
        if lead:
            out[str(s.id)] = lead
    return out


def project_lines(store: Store, plan_id: str) -> list[ProjectLine]:
    """The plan's projects with their 牵头单位 (assigned, else the recorded 责任单位)."""
    leads = store.lead_units(plan_id)
    return [ProjectLine(p.id, p.display_name, p.end_year, p.status, leads.get(("project", p.id)) or p.responsible or "")
            for p in store.list_projects(plan_id)]


def change_levels(data: PlanData, year: int) -> dict[str, list[tuple[int, float]]]:
    """The level series of each change target up to ``year``, baseline first (its plan baseline or the
    base-year observation, as monitoring takes it), later years after: the input of its projection."""
    from guihua.monitoring.evaluation import NOT_COMPARABLE, baseline_for, indicator_key
    from guihua.monitoring.observed import base_level, level_unit, levels

    out: dict[str, list[tuple[int, float]]] = {}
    for t in data.targets:
        if t.kind != "change" or t.value is None:
            continue
        key = indicator_key(t.indicator)
        obs = [o for o in data.observations if o.target_key is None and NOT_COMPARABLE not in o.flags
               and indicator_key(o.indicator) == key]
        base_year = t.base_year or data.first_year - 1
        baseline = baseline_for(t, key, data.baselines, base_year)
        unit = level_unit(obs, baseline)
        found = levels(obs, year, unit)
        base = base_level(baseline, found, base_year, unit)
        if base is not None:
            out[t.key] = [(base.year, base.value)] + sorted((y, v) for y, (v, _o) in found.items() if y > base.year)
    return out


def plan_warnings(store: Store, plan_id: str, year: int, *, today: str | None = None,
                  data: PlanData | None = None, evaluation: Evaluation | None = None) -> list[EarlyWarning]:
    """Every 预警 of plan ``plan_id`` at ``year`` (``today``: the date deadlines are judged at, default today)."""
    data = data or plan_data(store, plan_id)
    if evaluation is None:
        evaluation = evaluate_plan_data(data, year)
    rows = [RoundRow(r.year, r.deadline, r.department, r.item, r.state)
            for r in store.round_row_statuses(plan_id, year=year)]
    return collect(evaluation, target_leads(store, plan_id), rows, project_lines(store, plan_id),
                   today or dt.date.today().isoformat(), change_levels(data, year))


def plan_scorecards(store: Store, plan_id: str, year: int, *, today: str | None = None,
                    data: PlanData | None = None) -> list[UnitScore]:
    """The 考核 scorecards of the plan's units at ``year`` (guihua.monitoring.scorecard)."""
    data = data or plan_data(store, plan_id)
    evaluation = evaluate_plan_data(data, year)
    rows = [TimelinessRow(r.year, r.deadline, r.department, r.item, r.state, r.submitted_at)
            for r in store.round_row_statuses(plan_id, until=year)]
    return scorecards(evaluation, target_leads(store, plan_id), rows, project_lines(store, plan_id),
                      today or dt.date.today().isoformat(), dict(store.list_units()))
