"""Data of the 目标责任制 pages and their JSON twins: 预警 list, annual targets table, annual monitoring of a
year, 考核 scorecards (one function per page, over the database the backend holds)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from guihua.monitoring.annual import METHOD_LABELS, AnnualJudgement
from guihua.monitoring.annual_source import annual_rows, judge_plan_year
from guihua.monitoring.model import KIND_LABELS as TARGET_KINDS
from guihua.monitoring.scorecard import TIMELINESS_LABELS, UnitScore
from guihua.monitoring.warnings import KIND_LABELS, LEVEL_LABELS, EarlyWarning
from guihua.monitoring.warnings_source import plan_scorecards, plan_warnings
from guihua.store.annual_targets_repo import AnnualTargetInfo
from guihua.store.repository import Store
from guihua.web.data import Site, status_class
from guihua.web.records import NotFound


def store_of(site: Site) -> Store:
    store = getattr(site.backend, "store", None)
    if not isinstance(store, Store):
        raise NotFound("数据库", "（本页需要数据库）")
    return store


def _plan(site: Site, plan_id: str) -> dict[str, Any]:
    return site.backend.plan(plan_id).to_dict()


def warnings(site: Site, plan_id: str, year: int | None) -> list[EarlyWarning]:
    """The plan's 预警 at ``year`` (memoised until the plan's data or its rounds change)."""
    year = site.year_or_default(plan_id, year)
    today = dt.date.today().isoformat()  # a deadline passes without any write: the day is part of the key
    rounds = site.round_changes(plan_id)
    return list(site._memo(plan_id, "warnings", (year, today, rounds), lambda: plan_warnings(
        store_of(site), plan_id, year, today=today, evaluation=site.evaluations.get(plan_id, year))))


def warning_record(w: EarlyWarning) -> dict[str, Any]:
    return {**w.as_json(), "level_label": LEVEL_LABELS[w.level], "kind_label": KIND_LABELS[w.kind]}


def warnings_page(site: Site, plan_id: str, year: int | None, level: str | None, unit: str | None) -> dict[str, Any]:
    """The 预警 list, filtered by level and by 牵头单位."""
    plan = _plan(site, plan_id)
    year = site.year_or_default(plan_id, year)
    found = warnings(site, plan_id, year)
    units = sorted({w.lead_unit for w in found if w.lead_unit})
    shown = [w for w in found if (not level or w.level == level) and (not unit or w.lead_unit == unit)]
    return {"plan": plan, "year": year, "years": list(range(plan["first_year"], plan["last_year"] + 1)),
            "level": level or "", "unit": unit or "", "units": units,
            "levels": [{"value": k, "label": v, "count": sum(w.level == k for w in found)}
                       for k, v in LEVEL_LABELS.items()],
            "total": len(found), "warnings": [warning_record(w) for w in shown]}


def annual_cell(a: AnnualTargetInfo) -> dict[str, Any]:
    return {**asdict(a), "method_label": METHOD_LABELS.get(a.method, a.method)}


def annual_targets_page(site: Site, plan_id: str) -> dict[str, Any]:
    """One row per quantitative target, one cell per year of the period (None: no annual target)."""
    plan = _plan(site, plan_id)

    def make() -> tuple[list[int], list[Any]]:
        return annual_rows(store_of(site), plan_id)

    years, rows = site._memo(plan_id, "annual_targets", (), make)
    return {"plan": plan, "years": years, "methods": METHOD_LABELS,
            "targets": [{"target_id": r.target_id, "indicator": r.indicator, "kind": r.kind,
                         "kind_label": TARGET_KINDS.get(r.kind, r.kind), "unit": r.unit,
                         "target_value": r.target_value, "target_year": r.target_year,
                         "cells": [annual_cell(r.cells[y]) if y in r.cells else None for y in years]}
                        for r in rows]}


def annual_target(site: Site, plan_id: str, annual_id: int) -> AnnualTargetInfo:
    """One annual target of the plan (NotFound when it is another plan's or none)."""
    from guihua.errors import InputError

    try:
        a = store_of(site).get_annual_target(annual_id)
    except InputError as exc:
        raise NotFound("年度目标", str(annual_id)) from exc
    if a.plan_id != plan_id:
        raise NotFound("年度目标", str(annual_id))
    return a


def annual_judgements(site: Site, plan_id: str, year: int) -> list[AnnualJudgement]:
    """Each target against its annual target of ``year`` (memoised until the plan's data changes)."""
    return list(site._memo(plan_id, "annual", (year,), lambda: judge_plan_year(store_of(site), plan_id, year)))


def annual_page(site: Site, plan_id: str, year: int | None) -> dict[str, Any]:
    """Annual monitoring of a year: each target against its annual target of that year."""
    plan = _plan(site, plan_id)
    year = site.year_or_default(plan_id, year)
    year = min(max(year, plan["first_year"]), plan["last_year"])
    judged = annual_judgements(site, plan_id, year)
    counts: dict[str, int] = {}
    for j in judged:
        counts[str(j.status)] = counts.get(str(j.status), 0) + 1
    return {"plan": plan, "year": year, "years": list(range(plan["first_year"], plan["last_year"] + 1)),
            "counts": counts,
            "rows": [{"target_id": j.target_id, "indicator": j.indicator, "kind": j.kind,
                      "kind_label": TARGET_KINDS.get(j.kind, j.kind), "unit": j.unit,
                      "annual_target": j.annual_target, "actual": j.actual, "gap": j.gap, "ratio": j.ratio,
                      "status": str(j.status), "status_class": status_class(j.status), "method": j.method,
                      "working": j.working} for j in judged]}


def scorecards(site: Site, plan_id: str, year: int | None) -> tuple[int, list[UnitScore]]:
    year = site.year_or_default(plan_id, year)
    today = dt.date.today().isoformat()
    rounds = site.round_changes(plan_id)
    return year, list(site._memo(plan_id, "scorecard", (year, today, rounds),
                                 lambda: plan_scorecards(store_of(site), plan_id, year, today=today)))


def scorecard_page(site: Site, plan_id: str, year: int | None) -> dict[str, Any]:
    plan = _plan(site, plan_id)
    year, cards = scorecards(site, plan_id, year)
    return {"plan": plan, "year": year, "years": list(range(plan["first_year"], plan["last_year"] + 1)),
            "timeliness_labels": TIMELINESS_LABELS, "xlsx": f"/plans/{plan_id}/scorecard.xlsx?year={year}",
            "units": [c.as_json() for c in cards]}
