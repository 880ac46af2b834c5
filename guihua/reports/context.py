"""What a report needs from the plan besides the evaluation: its headings (to find the plan's
indicator table and its statement of main targets), the indicators marked 主要 in review, and each
indicator's responsible departments. Built from outline nodes of any shape (the stored ones or
guihua.documents'), so tests and the web's in-memory plan give the same context as the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: a node that is the plan's indicator table: its kind, or a title naming the main indicators
TABLE_KINDS = ("table",)
TABLE_TITLE = re.compile(r"主要指标|指标(?:体系|表|一览)")
#: a heading under which a plan states its main targets in prose ("主要目标", "奋斗目标", "发展目标")
HEADLINE_TITLE = re.compile(r"(?:主要|奋斗|发展|总体|预期|主要预期)目标")
HEADING_KINDS = ("part", "chapter", "section", "article", "box", "table")


@dataclass(frozen=True)
class Heading:
    kind: str
    title: str
    start: int
    end: int


@dataclass
class PlanContext:
    headings: list[Heading] = field(default_factory=list)
    main_indicators: frozenset[str] = frozenset()  # names marked 主要 in review
    departments: dict[str, list[str]] = field(default_factory=dict)  # indicator name -> 责任部门

    def enclosing(self, offset: int | None) -> list[Heading]:
        """The headings whose span holds `offset`, outermost first."""
        if offset is None:
            return []
        return sorted((h for h in self.headings if h.start <= offset < h.end), key=lambda h: (h.start, -h.end))

    def in_table(self, offset: int | None) -> Heading | None:
        """The indicator table (a table node, or a box/section titled 主要指标) holding `offset`."""
        for h in reversed(self.enclosing(offset)):
            if h.kind in TABLE_KINDS or (h.kind in ("box", "section", "article") and TABLE_TITLE.search(h.title)):
                return h
        return None

    def in_headline(self, offset: int | None) -> Heading | None:
        """The innermost heading titled as the plan's main targets (主要目标、奋斗目标…) holding `offset`."""
        for h in reversed(self.enclosing(offset)):
            if HEADLINE_TITLE.search(h.title):
                return h
        return None


def plan_context(nodes: Iterable[Any], indicators: Iterable[Any] = ()) -> PlanContext:
    """The context from outline nodes (attributes kind, title, start, end) and indicator records
    (guihua.store.records.IndicatorInfo: name, departments, is_main)."""
    headings = [Heading(str(n.kind), str(n.title or ""), int(n.start), int(n.end)) for n in nodes
                if getattr(n, "kind", None) in HEADING_KINDS and n.start is not None and n.end is not None]
    main: set[str] = set()
    departments: dict[str, list[str]] = {}
    for ind in indicators:
        if getattr(ind, "is_main", False):
            main.add(ind.name)
        if getattr(ind, "departments", None):
            departments[ind.name] = list(ind.departments)
    return PlanContext(headings, frozenset(main), departments)


def plan_context_from_store(url: str | None, plan_id: str,
                            environ: Mapping[str, str] | None = None) -> PlanContext | None:
    """The context of a stored plan (None when the database or the plan is not there)."""
    from guihua.reports.projects import open_existing_store

    store = open_existing_store(url, environ)
    if store is None:
        return None
    from sqlalchemy.exc import SQLAlchemyError

    try:
        if not store.has_plan(plan_id):
            return None
        return plan_context(store.list_nodes(plan_id), store.list_indicators(plan_id))
    except SQLAlchemyError:
        return None
    finally:
        store.dispose()
