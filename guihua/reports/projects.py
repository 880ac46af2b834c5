"""The project section of mid-term and final evaluations: counts by status and category, projects
not started, investment completed where known. Built once here; every renderer only lays it out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guihua.monitoring.assess import fmt
from guihua.store.records import PROJECT_STATUSES, ProjectInfo

NOT_STARTED = ("规划", "前期")
_LISTED = 30  # names of projects not started printed in the report


@dataclass
class ProjectSection:
    total: int
    by_status: list[tuple[str, int]]  # official order
    by_category: list[tuple[str, int]]  # most projects first
    not_started: int
    not_started_names: list[str] = field(default_factory=list)  # the first _LISTED of them
    investment: list[tuple[str, str, str, str]] = field(default_factory=list)  # (unit, planned, completed, share)
    summary: str = ""


def build_project_section(projects: Sequence[ProjectInfo]) -> ProjectSection:
    """Counts and sums over the plan's project library."""
    status = Counter(p.status for p in projects)
    by_status = [(s, status.get(s, 0)) for s in PROJECT_STATUSES]
    category = Counter(p.category or "未分类" for p in projects)
    by_category = sorted(category.items(), key=lambda kv: (-kv[1], kv[0]))
    waiting = [p for p in projects if p.status in NOT_STARTED]
    planned: dict[str, float] = {}
    done: dict[str, float] = {}
    for p in projects:
        if p.investment is None:
            continue
        unit = p.investment_unit or "亿元"
        planned[unit] = planned.get(unit, 0.0) + p.investment
        if p.status == "建成":
            done[unit] = done.get(unit, 0.0) + p.investment
    investment = [(u, fmt(v), fmt(done.get(u, 0.0)), f"{fmt(100 * done.get(u, 0.0) / v)}%" if v else "—")
                  for u, v in sorted(planned.items())]
    parts = "，".join(f"{s} {n} 个" for s, n in by_status if n)
    summary = f"规划点名的项目共 {len(projects)} 个：{parts}。" if projects else "项目库中尚无项目。"
    if projects:
        summary += f"尚未开工（规划、前期）的 {len(waiting)} 个。"
    if investment:
        summary += "已知总投资的项目中，" + "；".join(
            f"计划 {a} {u}，已建成项目投资 {b} {u}（{c}）" for u, a, b, c in investment) + "。"
    else:
        summary += "项目库尚未录入总投资，无法统计投资完成情况。"
    return ProjectSection(total=len(projects), by_status=by_status, by_category=by_category[:15],
                          not_started=len(waiting),
                          not_started_names=[p.display_name for p in waiting[:_LISTED]],
                          investment=investment, summary=summary)


def open_existing_store(url: str | None, environ: Mapping[str, str] | None = None) -> Any:
    """The store at `url` (resolved like --db) when that database exists at the newest schema, else
    None; nothing is created or migrated."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from guihua.errors import InputError
    from guihua.store.repository import open_store
    from guihua.store.settings import resolve_url

    resolved = resolve_url(url, environ)
    if resolved.startswith("sqlite"):
        path = make_url(resolved).database
        if not path or path == ":memory:" or not Path(path).is_file():
            return None
    try:
        return open_store(resolved, migrate_db=False)
    except InputError:
        return None


def project_section_from_store(url: str | None, plan_id: str,
                               environ: Mapping[str, str] | None = None) -> ProjectSection | None:
    """The section for a plan in the database at `url` (resolved like --db); None when that database
    does not exist, is not at the newest schema or does not hold the plan (nothing is created)."""
    from sqlalchemy.exc import SQLAlchemyError

    store = open_existing_store(url, environ)
    if store is None:
        return None
    try:
        if not store.has_plan(plan_id):
            return None
        return build_project_section(store.list_projects(plan_id))
    except SQLAlchemyError:
        return None
    finally:
        store.dispose()
