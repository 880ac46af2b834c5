"""The records the repository returns: plain frozen dataclasses, no database objects.

Field names follow guihua.extraction.model.Statement where they overlap (`start`/`end` are raw
offsets into the plan version's raw text), so monitoring and the web can treat a stored statement
like an extracted one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guihua.extraction.model import Statement

#: review statuses of a statement, in workflow order
REVIEW_STATUSES = ("待审核", "已确认", "已修改", "已驳回")
#: what a recorded milestone event says happened (完成 = the commitment is fulfilled)
MILESTONE_OUTCOMES = ("完成", "部分完成", "未完成")
#: statuses of a project
PROJECT_STATUSES = ("规划", "前期", "在建", "建成", "停缓建")
#: statement fields a reviewer may change (with `--set field=value` or the web form)
EDITABLE_STATEMENT_FIELDS = (
    "type", "kind", "indicator", "value", "value_max", "values", "unit", "comparator", "year",
    "base_year", "scope", "note", "direction", "attribute",
)
#: indicator fields a user may change
EDITABLE_INDICATOR_FIELDS = ("name", "aliases", "unit", "domain", "attribute", "departments", "note", "is_main")
#: observation fields a user may change
EDITABLE_OBSERVATION_FIELDS = (
    "value", "values", "unit", "source", "quote", "note", "is_not_comparable", "comparability_reason",
)


@dataclass(frozen=True)
class PlanInfo:
    id: str
    title: str
    region: str | None
    period_start: int | None
    period_end: int | None
    current_version: int | None
    created_at: str
    row_version: int

    @property
    def period(self) -> str | None:
        if self.period_start is None or self.period_end is None:
            return None
        return f"{self.period_start}-{self.period_end}"


@dataclass(frozen=True)
class VersionInfo:
    id: int
    plan_id: str
    number: int
    source: str
    format: str
    encoding: str | None
    sha256: str
    raw_text: str
    repairs: list[dict[str, Any]]
    period_start: int | None
    period_end: int | None
    period_source: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class NodeInfo:
    id: int
    version_id: int
    ordinal: int
    key: str
    parent_key: str | None
    kind: str
    number: int | None
    title: str
    start: int
    end: int
    note: str
    role: str


@dataclass(frozen=True)
class StoredStatement:
    """A statement as stored: current (possibly corrected) values plus the original extraction."""

    id: int
    plan_id: str
    version_id: int
    ordinal: int
    indicator_id: int | None
    status: str  # 待审核 / 已确认 / 已修改 / 已驳回
    row_version: int
    type: str
    kind: str
    indicator: str
    value: float | None
    value_max: float | None
    values: list[float] | None
    unit: str | None
    comparator: str | None
    year: int | None
    base_year: int | None
    scope: str | None
    section: str | None
    start: int
    end: int
    quote: str
    node_id: str | None
    confidence: float
    note: str | None
    indicator_key: str | None
    extra: dict[str, Any]
    original: dict[str, Any]  # the extraction as it came, every Statement field
    reviewed_by: str | None
    reviewed_at: str | None
    direction: str | None = None
    attribute: str | None = None

    @property
    def is_modified(self) -> bool:
        """True when a current value differs from the original extraction."""
        return any(getattr(self, f) != self.original.get(f) for f in EDITABLE_STATEMENT_FIELDS)

    def to_statement(self) -> Statement:
        """The current values as an extraction Statement."""
        return Statement(
            type=self.type, kind=self.kind, indicator=self.indicator, start=self.start, end=self.end,  # type: ignore[arg-type]
            quote=self.quote, value=self.value, value_max=self.value_max, values=self.values, unit=self.unit,
            comparator=self.comparator, year=self.year, base_year=self.base_year, scope=self.scope,  # type: ignore[arg-type]
            section=self.section, node_id=self.node_id, confidence=self.confidence, note=self.note,
            indicator_key=self.indicator_key, extra=dict(self.extra),
            direction=self.direction, attribute=self.attribute,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    plan_id: str
    key: str
    name: str
    aliases: list[str]
    unit: str | None
    domain: str | None
    attribute: str | None
    origin: str  # plan / data / review
    note: str | None
    departments: list[str]
    created_at: str
    row_version: int
    attribute_source: str | None = None  # plan | proposed | review (guihua.store.attributes)
    is_main: bool = False  # one of the plan's 主要指标 (reports list these first)


@dataclass(frozen=True)
class ObservationInfo:
    id: int
    plan_id: str
    indicator_id: int
    period: str  # "2018" or "2016-2020"
    year_start: int
    year_end: int
    measure: str  # level / growth / structure
    value: float | None
    values: list[float] | None
    value_text: str
    unit: str | None
    value_converted: float | None
    unit_converted: str | None
    source_indicator: str | None
    source: str | None
    quote: str | None
    note: str | None
    is_conflict: bool
    is_not_comparable: bool
    comparability_reason: str | None
    import_file: str | None
    import_line: int | None
    created_at: str
    created_by: str
    row_version: int

    @property
    def is_period(self) -> bool:
        return self.year_start != self.year_end

    @property
    def flags(self) -> list[str]:
        """"conflict" and/or "not_comparable"."""
        out = []
        if self.is_conflict:
            out.append("conflict")
        if self.is_not_comparable:
            out.append("not_comparable")
        return out


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    plan_id: str
    version_id: int | None
    name: str
    full_name: str | None
    action: str | None
    category: str | None
    box: str | None
    article: str | None
    places: list[str]
    start: int | None
    end: int | None
    quote: str | None
    status: str
    created_at: str
    row_version: int
    key: str | None = None  # normalised full name: the library groups mentions by it
    start_year: int | None = None
    end_year: int | None = None
    investment: float | None = None  # 总投资, in investment_unit (e.g. 亿元)
    investment_unit: str | None = None
    responsible: str | None = None  # responsible unit (责任单位)
    note: str | None = None

    @property
    def display_name(self) -> str:
        return self.full_name or self.name


@dataclass(frozen=True)
class AuditEntry:
    id: int
    plan_id: str | None
    at: str
    user: str
    action: str
    entity: str
    entity_id: str
    field: str | None
    old: Any
    new: Any


@dataclass(frozen=True)
class IngestResult:
    plan_id: str
    version: int
    changed: bool  # False: the same file again, nothing written
    statements: int
    carried_over: int  # review decisions carried over from the previous version
    indicators_created: int


@dataclass
class NewObservation:
    """One actual value to add (what guihua.store.actuals hands to the repository)."""

    indicator_id: int
    period: str
    year_start: int
    year_end: int
    measure: str
    value: float | None
    value_text: str
    unit: str | None
    value_converted: float | None = None
    unit_converted: str | None = None
    values: list[float] | None = None
    source_indicator: str | None = None
    source: str | None = None
    quote: str | None = None
    note: str | None = None
    is_not_comparable: bool = False
    comparability_reason: str | None = None
    import_file: str | None = None
    import_line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class NewIndicator:
    """An indicator to create while importing (a mapping row naming one the plan lacks)."""

    key: str
    name: str
    unit: str | None
    domain: str | None = None
    aliases: list[str] = field(default_factory=list)
    origin: str = "data"
    note: str | None = None


#: link statuses: suggested at ingest, confirmed or removed by a person
LINK_STATUSES = ("建议", "已确认", "已移除")
#: project fields a user may change (CLI import, web)
EDITABLE_PROJECT_FIELDS = ("status", "start_year", "end_year", "investment", "investment_unit", "responsible",
                           "note")


@dataclass(frozen=True)
class ProjectMentionInfo:
    id: int
    project_id: int
    version_id: int
    ordinal: int
    name: str
    full_name: str | None
    action: str | None
    category: str | None
    box: int | None
    article: int | None
    places: list[str]
    counties: list[str]
    start: int
    end: int
    name_start: int | None
    name_end: int | None
    quote: str
    node_key: str | None
    confidence: float


@dataclass(frozen=True)
class ProjectEventInfo:
    id: int
    project_id: int
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    status: str | None
    evidence: str | None
    note: str | None
    import_file: str | None
    import_line: int | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class MilestoneEventInfo:
    """A recorded event of a milestone target: what happened on which date, with its evidence."""

    id: int
    plan_id: str
    statement_id: int | None  # the milestone target (statement) it belongs to
    indicator_id: int | None  # its indicator (stable across document versions)
    event_date: str  # YYYY-MM-DD
    outcome: str  # MILESTONE_OUTCOMES
    evidence: str
    source: str | None
    created_at: str
    created_by: str
    row_version: int


@dataclass(frozen=True)
class ProjectLinkInfo:
    id: int
    project_id: int
    indicator_id: int
    status: str  # LINK_STATUSES
    reason: str | None
    score: float | None
    created_at: str
    created_by: str
    decided_by: str | None
    decided_at: str | None
    row_version: int
