"""The report page's data and the report the web builds: choose kind and year, preview, download.

The report is built exactly as `guihua report` builds it (guihua.reports.model.build_report), with
the plan's outline for its context and, over a database, the project library, the indicator
registry (departments, indicators marked 主要) and the 预警 (guihua.monitoring.warnings).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from guihua.reports.context import plan_context
from guihua.reports.model import KIND_TITLES, Report, build_report
from guihua.reports.projects import ProjectSection, build_project_section
from guihua.reports.render import FORMATS
from guihua.web.data import Site

KINDS = ("annual", "midterm", "final")


def default_kind(first_year: int, last_year: int, year: int) -> str:
    """The kind `guihua report` picks for a year: final from the last year, mid-term from the middle."""
    if year >= last_year:
        return "final"
    return "midterm" if year >= (first_year + last_year) // 2 else "annual"


def default_year(first_year: int, last_year: int, kind: str) -> int:
    return last_year if kind == "final" else (first_year + last_year) // 2


def choice(site: Site, plan_id: str, kind: str | None, year: int | None) -> tuple[str, int]:
    """The (kind, year) asked for, with the defaults of a plan filled in."""
    plan = site.backend.plan(plan_id)
    if year is None:
        kind = kind or "final"
        year = default_year(plan.first_year, plan.last_year, kind)
    year = site.year_or_default(plan_id, year)
    return kind or default_kind(plan.first_year, plan.last_year, year), year


def page(site: Site, plan_id: str, kind: str | None, year: int | None) -> dict[str, Any]:
    """The report page: the choices, the preview's address and the downloads of the chosen report."""
    plan = site.backend.plan(plan_id)
    kind, year = choice(site, plan_id, kind, year)
    base = f"/plans/{plan.id}/reports"
    query = f"kind={kind}&year={year}"
    return {
        "plan": plan.to_dict(), "kind": kind, "year": year,
        "kinds": [{"value": k, "label": KIND_TITLES[k]} for k in KINDS],
        "years": list(range(plan.first_year, plan.last_year + 1)),
        "title": KIND_TITLES[kind], "preview": f"{base}/preview?{query}",
        "files": [{"format": f, "url": f"{base}/{kind}.{f}?year={year}"} for f in FORMATS],
        "reports": [{"kind": k, "label": KIND_TITLES[k], "year": y,
                     "files": [{"format": f, "url": f"{base}/{k}.{f}?year={y}"} for f in FORMATS]}
                    for k, y in (("midterm", default_year(plan.first_year, plan.last_year, "midterm")),
                                 ("final", plan.last_year))],
    }


def _store_extras(site: Site, plan_id: str) -> tuple[ProjectSection | None, list[Any]]:
    """The project section and the indicator records, when the backend is a database."""
    from guihua.store.repository import Store

    store = getattr(site.backend, "store", None)
    if not isinstance(store, Store):
        return None, []
    return build_project_section(store.list_projects(plan_id)), list(store.list_indicators(plan_id))


def build(site: Site, plan_id: str, kind: str, year: int) -> Report:
    """The report of a plan for a kind and year, as the command line builds it."""
    ev = site.evaluations.get(plan_id, year)
    projects, indicators = _store_extras(site, plan_id)
    context = plan_context(site.backend.outline(plan_id).walk(), indicators)
    alerts = annual = None
    if projects is not None:  # over a database: the 预警 section, and 年度目标完成情况 in an annual report
        from guihua.reports.alerts import alerts_of
        from guihua.web.warnings_data import annual_judgements, warnings

        alerts = alerts_of(warnings(site, plan_id, year))
        annual = annual_judgements(site, plan_id, year) if kind == "annual" else None
    return build_report(replace(ev, kind=kind), projects=projects, context=context, alerts=alerts, annual=annual)
