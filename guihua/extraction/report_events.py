"""What a government work report says happened to projects in the year it reviews.

A work report of year Y (its title or date line names Y: guihua.extraction.periods) reviews Y-1
("一、2017年工作回顾") and then sets the tasks of Y ("二、2018年工作安排"). A project named in the
review with a status phrase ("建成通车", "投入使用", "开工建设", "正式落地") or a completing verb
("建成X", "续建X") is an event of Y-1: the project library's status (建成 / 在建 / 前期), the year
and the quote. What the tasks part says ("力争X年内建成") is an intention, not an event; when a
report has no tasks heading, only status phrases stated as facts count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from guihua.extraction.periods import infer_period
from guihua.extraction.projects import ProjectMention

# the heading that opens the tasks of the year: "二、2018年工作安排", "（二）今年主要任务"
_TASKS = re.compile(r"(?m)^[\s　]*[（(]?[一二三四五六七八九十]+[、)）][^\n。]{0,24}"
                    r"(工作安排|主要任务|工作任务|重点工作|工作部署|总体要求|工作建议)")
# a verb that reports the state of a project in the review (the status phrases give their own)
ACTION_STATUS = {"建成": "建成", "续建": "在建", "前期": "前期"}


@dataclass(frozen=True)
class ReportEvent:
    mention: ProjectMention
    year: int | None  # the year the event happened (the reviewed year)
    status: str  # project library status: 建成 / 在建 / 前期


def report_year(raw: str) -> int | None:
    """The year Y of a government work report (it reviews Y-1), else None."""
    return infer_period(raw[:3000]).report_year


def review_end(raw: str) -> int | None:
    """Raw offset where the report's review of the last year ends (the tasks heading), else None."""
    m = _TASKS.search(raw)
    return m.start() if m else None


def report_events(raw: str, mentions: Sequence[ProjectMention], year: int | None = None) -> list[ReportEvent]:
    """Events of the reviewed year for the mentions with a status, in document order.

    `year` is the report's year Y (default: read from the report); events are dated Y-1.
    """
    y = year if year is not None else report_year(raw)
    end = review_end(raw)
    out = []
    for m in mentions:
        if end is not None and m.start >= end:
            continue
        # without a tasks heading only stated facts count ("X建成通车", not "建成X")
        status = m.status or (ACTION_STATUS.get(m.action) if end is not None else None)
        if status is None:
            continue
        out.append(ReportEvent(m, None if y is None else y - 1, status))
    return out
