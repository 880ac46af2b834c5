"""The 预警 section's rows (guihua.reports.model.Alert) from the 预警 rules of guihua.monitoring.warnings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from guihua.monitoring.model import Evaluation
from guihua.monitoring.warnings import EarlyWarning
from guihua.reports.model import Alert


def alerts_of(warnings: Iterable[EarlyWarning]) -> list[Alert]:
    """One report alert per 预警 (each reason names its kind: "…滞后", "…突破上限", "预计难以完成：…")."""
    return [Alert(level=w.level, kind=w.kind, indicator=w.indicator, reason=w.reason, lead_unit=w.lead_unit,
                  target_id=w.target_id, projected_value=w.projected_value) for w in warnings]


def alerts_from_store(db: str | None, plan_id: str, evaluation: Evaluation,
                      environ: Mapping[str, str] | None = None) -> list[Alert] | None:
    """The 预警 of a stored plan at the evaluation's year, as report alerts; None (no 预警 section) when
    the database does not exist, is not at the newest schema or does not hold the plan."""
    from sqlalchemy.exc import SQLAlchemyError

    from guihua.monitoring.warnings_source import plan_warnings
    from guihua.reports.projects import open_existing_store

    store = open_existing_store(db, environ)
    if store is None:
        return None
    try:
        if not store.has_plan(plan_id):
            return None
        return alerts_of(plan_warnings(store, plan_id, evaluation.year, evaluation=evaluation))
    except SQLAlchemyError:
        return None
    finally:
        store.dispose()
