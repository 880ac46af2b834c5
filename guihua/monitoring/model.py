"""What monitoring reads (targets, baselines, observations) and what it produces (evaluations).

These are plain records, independent of the store: guihua.monitoring.evaluation fills them from
the store's repository, tests build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from guihua.monitoring.status import IntlBand, Status, Thresholds

Measure = Literal["level", "growth", "period_growth", "structure", "cumulative", "event"]
KIND_LABELS = {
    "level": "总量/水平",
    "growth": "年均增速",
    "change": "较基期变化",
    "cumulative": "累计",
    "structure": "结构",
    "milestone": "节点任务",
}


@dataclass
class TargetInput:
    """One target statement of the plan, as monitoring needs it."""

    key: str
    indicator: str
    kind: str
    comparator: str | None
    value: float | None
    unit: str | None
    year: int | None
    quote: str = ""
    value_max: float | None = None
    values: list[float] | None = None
    base_year: int | None = None
    section: str | None = None
    domain: str | None = None  # 经济发展 / 创新驱动 / 民生福祉 / 资源环境… (the indicator registry's)
    chapter: str | None = None  # the plan chapter it sits in; the report's sections follow these
    scope: str | None = None
    note: str | None = None
    start: int | None = None
    end: int | None = None
    binding: str | None = None  # 约束性 / 预期性: from the plan, else proposed (see binding_source)
    context: str = ""  # the plan text right around the quote (price basis, base year words)
    direction: str | None = None  # increase / decrease of a growth or change target (None: not recorded)
    binding_source: str | None = None  # plan | proposed | review (guihua.store.attributes)


@dataclass
class BaselineInput:
    """An actual value the plan itself states (usually for the base year)."""

    indicator: str
    kind: str
    value: float | None
    unit: str | None
    year: int | None
    values: list[float] | None = None
    quote: str = ""
    section: str | None = None
    scope: str | None = None


@dataclass
class ObservationInput:
    """One actual value from statistics: a level, a yearly growth rate, a period average..."""

    indicator: str
    measure: Measure
    value: float | None
    unit: str | None
    year: int | None = None  # the year, or the last year of a period
    period_start: int | None = None  # first year of a period value (2016 for 2016-2020)
    values: list[float] | None = None  # structure parts
    price_basis: str | None = None  # "current" | "comparable" | None (unknown)
    scope: str | None = None
    flags: list[str] = field(default_factory=list)  # e.g. "secondary", "preliminary", "break", "scope"
    source: str | None = None
    quote: str | None = None
    note: str | None = None
    key: str | None = None
    date: str | None = None  # the day of a recorded event (YYYY-MM-DD); ``year`` is its year
    target_key: str | None = None  # an event recorded for one target: matched to it alone, not by name


@dataclass
class Warning:
    """A comparability warning carried into every output."""

    code: str  # price_basis | series_break | scope | conflict | plan_conflict | unit | partial
    message: str  # Chinese, for the reader
    indicator: str | None = None
    target_keys: list[str] = field(default_factory=list)


@dataclass
class TargetEvaluation:
    """One target at one evaluation year, with the working that produced its status."""

    target: TargetInput
    status: Status
    method: str  # the progress function used (a name in guihua.monitoring.progress)
    method_label: str  # Chinese description of the method
    working: str  # the computation with its numbers, so a reader can check it by hand
    baseline: float | None = None
    baseline_year: int | None = None
    baseline_source: str | None = None  # 规划文本 / 统计数据
    expected: float | None = None
    actual: float | None = None
    actual_year: int | None = None  # the year of the data the actual comes from
    actual_note: str | None = None  # how the actual was obtained
    derived: str | None = None  # the formula when the actual is computed, not published (可比价推算…)
    gap: float | None = None  # actual - expected, in the target's unit
    share_done: float | None = None  # share of the way from baseline to target done
    ratio: float | None = None  # official progress ratio
    met: bool | None = None
    intl_ratio: float | None = None
    intl_band: IntlBand = IntlBand.NONE
    intl_method: str | None = None  # cagr | linear | trend | achieved | maintain | limit (how the band was read)
    achieved: bool | None = None  # the current value meets the target (the international 已达目标)
    warnings: list[Warning] = field(default_factory=list)
    sources: list[ObservationInput] = field(default_factory=list)
    path: list[tuple[int, float]] = field(default_factory=list)  # expected path by year
    series: list[tuple[int, float]] = field(default_factory=list)  # actual values by year
    inputs: dict[str, Any] = field(default_factory=dict)
    actual_text: str | None = None  # the actual as printed (structure "12.6:33.0:54.4", events)
    expected_text: str | None = None


@dataclass
class Evaluation:
    """A plan evaluated at a year: every target, the plan's own conflicts, the thresholds used."""

    plan_id: str
    plan_title: str
    year: int
    kind: str  # midterm | final | annual
    base_year: int
    last_year: int
    items: list[TargetEvaluation]
    warnings: list[Warning]  # plan-level (conflicts inside the plan, data conflicts)
    thresholds: Thresholds
    region: str | None = None

    def counts(self) -> dict[Status, int]:
        out: dict[Status, int] = {}
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out
