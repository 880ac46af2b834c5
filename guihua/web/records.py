"""What the web layer reads from and writes to storage, as plain records.

The store's repository (guihua.store) is the durable home of these; the web keeps its own small
record types so that its pages and JSON twins have one fixed shape whatever backend serves them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

REVIEW_STATES = ("待审核", "已确认", "已修改", "已驳回")
REVIEW_ACTIONS = {"confirm": "已确认", "correct": "已修改", "reject": "已驳回"}
#: fields a reviewer may correct
CORRECTABLE = ("indicator", "value", "value_max", "unit", "comparator", "year", "kind")
#: measures of an actual value (a growth rate over a period such as 2016-2020 is its average annual rate)
MEASURES = {"level": "水平值", "growth": "增速", "structure": "结构"}


class NotFound(LookupError):
    """An id that names nothing: a plan, target, indicator or report that does not exist."""

    def __init__(self, what: str, ident: str) -> None:
        super().__init__(f"{what}“{ident}”不存在")
        self.what = what
        self.ident = ident


@dataclass
class PlanInfo:
    id: str
    title: str
    region: str | None
    first_year: int
    last_year: int
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TargetRecord:
    """One extracted statement (target, baseline or milestone) with its review state."""

    id: str
    plan_id: str
    type: str
    kind: str
    indicator: str
    indicator_key: str
    start: int
    end: int
    quote: str
    value: float | None = None
    value_max: float | None = None
    values: list[float] | None = None
    unit: str | None = None
    comparator: str | None = None
    year: int | None = None
    base_year: int | None = None
    scope: str | None = None
    section: str | None = None
    node_id: str | None = None
    confidence: float = 1.0
    review: str = "待审核"
    original: dict[str, Any] | None = None  # the extraction as it was, once corrected
    department: str | None = None
    lead_unit: str | None = None  # the indicator's 牵头单位 (目标责任制)
    attribute: str | None = None  # 约束性 / 预期性
    attribute_source: str | None = None  # plan / proposed / review
    direction: str | None = None  # increase / decrease of a growth or change target
    domain: str | None = None
    chapter: str | None = None
    row_version: int = 0  # the statement's version: a review sends it back (a stale one is a 409)
    indicator_version: int | None = None  # the version of its indicator (the indicator edit sends it back)
    is_main: bool = False  # its indicator is marked 主要指标 in review

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ObservationRecord:
    """One actual value: a year or a period ("2016-2020"), with its source."""

    id: str
    plan_id: str
    indicator: str
    year: str
    value: str
    unit: str | None
    measure: str = "level"
    source: str | None = None
    quote: str | None = None
    note: str | None = None
    flags: list[str] = field(default_factory=list)
    entered_by: str | None = None
    indicator_key: str | None = None  # the registry key when the store links the value to an indicator

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AuditRecord:
    """One change: who, when, what, old, new (append-only)."""

    id: int
    plan_id: str
    who: str
    when: str
    entity: str  # target | observation
    entity_id: str
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    indicator_key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UploadOutcome:
    """What an uploaded table came to: imported rows, or what stands in the way.

    `problems` are the store's refusals (line, column, header, field, reason, location);
    `unknown` the indicator names to confirm (name, lines, candidates, preselect); `sheets` the
    sheets to choose from when the workbook has several with data.
    """

    imported: int = 0
    sheet: str | None = None
    layout: str | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    aliases_added: list[list[str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.sheets

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
