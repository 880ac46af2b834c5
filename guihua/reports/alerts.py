"""What the 目标责任制 sections of a report read from the store: the 预警 (guihua.reports.model.Alert, from
the rules of guihua.monitoring.warnings) and, for an annual report, the judgement against the year's
annual targets (guihua.monitoring.annual)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from guihua.monitoring.annual import AnnualJudgement
from guihua.monitoring.model import Evaluation
from guihua.monitoring.warnings import EarlyWarning
from guihua.reports.model import Alert


def alerts_of(warnings: Iterable[EarlyWarning]) -> list[Alert]:
    """One report alert per 预警 (each reason names its kind: "…滞后", "…突破上限", "预计难以完成：…")."""
    return [Alert(level=w.level, kind=w.kind, indicator=w.indicator, reason=w.reason, lead_unit=w.lead_unit,
                  target_id=w.target_id, projected_value=w.projected_value) for w in warnings]


def from_store(db: str | None, plan_id: str, evaluation: Evaluation, environ: Mapping[str, str] | None = None
               ) -> tuple[list[Alert] | None, list[AnnualJudgement] | None]:
    """(the 预警 as report alerts, the annual judgement of the evaluation's year — annual reports only) of a
    stored plan; (None, None), no such sections, when the database does not exist, is not at the newest
    schema or does not hold the plan."""
    from sqlalchemy.exc import SQLAlchemyError

    from guihua.monitoring.annual_source import judge_plan_year
    from guihua.monitoring.warnings_source import plan_warnings
    from guihua.reports.projects import open_existing_store

    store = open_existing_store(db, environ)
    if store is None:
        return None, None
    try:
        if not store.has_plan(plan_id):
            return None, None
        alerts = alerts_of(plan_warnings(store, plan_id, evaluation.year, evaluation=evaluation))
        annual = judge_plan_year(store, plan_id, evaluation.year) if evaluation.kind == "annual" else None
        return alerts, annual
    except SQLAlchemyError:
        return None, None
    finally:
        store.dispose()
