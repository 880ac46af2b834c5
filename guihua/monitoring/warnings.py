"""预警 (early warning): every rule in one place, each a small function whose docstring states it.

A warning has a level (red | yellow | grey), a kind (behind | breached | projected_miss | data_overdue |
project_late), the target (or project / round row) it is about, the indicator, the 牵头单位 and a reason
in Chinese with the working (values, years). Only approved data counts: the evaluation is built from
observations, which hold approved values only (a round row becomes an observation when approved).

Rules (evaluation year Y):
- `rule_behind`: a target whose status is 滞后 (or 未完成 at the end) is behind schedule: red for a
  约束性 indicator, yellow for a 预期性 one (and for one whose attribute is not recorded);
- `rule_breached`: a cap (comparator ``<=``) not kept where it applies — a cap already kept at the
  base year (a limit to hold), a limit on a movement ("增长控制在 3% 以内"), or any cap once its
  target year has come: red. A breached cap is not also reported as behind;
- `rule_projected_miss` "预计难以完成": before the target year, the time-weighted linear trend of the
  observed years (`weighted_trend`) projected to the target year misses the target: red for 约束性,
  yellow otherwise; ``projected_value`` is the projection (a level; for an average growth target the
  average growth the projected index implies; for a change target the projected change);
- `rule_data_overdue`: a department's round row for year Y still 未填报 / 填报中 / 已退回 after the
  round's deadline: grey;
- `rule_project_late`: a project whose planned end year is before Y and whose status is not 建成: grey.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from guihua.monitoring import progress as pg
from guihua.monitoring.context import fmt
from guihua.monitoring.direction import movement
from guihua.monitoring.model import Evaluation, TargetEvaluation
from guihua.monitoring.status import BEHIND, DEFAULT_THRESHOLDS, Status
from guihua.monitoring.wording import target_text

LEVELS = ("red", "yellow", "grey")
KINDS = ("behind", "breached", "projected_miss", "data_overdue", "project_late")
LEVEL_LABELS = {"red": "红色", "yellow": "黄色", "grey": "灰色"}
KIND_LABELS = {"behind": "进度滞后", "breached": "突破上限", "projected_miss": "预计难以完成",
               "data_overdue": "数据逾期", "project_late": "项目逾期"}
#: row states a department still owes (guihua.store.round_status_repo.OUTSTANDING_STATES)
OUTSTANDING = ("未填报", "填报中", "已退回")
#: the project status that counts as completed (guihua.store.records.PROJECT_STATUSES)
COMPLETED = "建成"
#: the fewest observed years (the baseline counts as one) a trend is projected from
MIN_TREND_YEARS = 3


@dataclass(frozen=True)
class EarlyWarning:
    """One 预警, with exactly the fields of `guihua warnings --json`."""

    level: str  # red | yellow | grey
    kind: str  # behind | breached | projected_miss | data_overdue | project_late
    target_id: str  # the target statement's id ("" for a round row or a project)
    indicator: str  # the indicator (or project / round row item)
    lead_unit: str  # 牵头单位 ("" when none is assigned)
    reason: str  # Chinese, with the working
    projected_value: float | None = None  # projected_miss only

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        if self.kind != "projected_miss":
            out.pop("projected_value")
        return out


@dataclass(frozen=True)
class RoundRow:
    """A department's row of a data round, as the grey rule reads it."""

    year: int
    deadline: str | None  # YYYY-MM-DD
    department: str
    item: str
    state: str


@dataclass(frozen=True)
class ProjectLine:
    """A project, as the late-project rule reads it."""

    project_id: int
    name: str
    end_year: int | None
    status: str
    lead_unit: str


def _binding_level(ev: TargetEvaluation) -> str:
    return "red" if ev.target.binding == "约束性" else "yellow"


def _attribute(ev: TargetEvaluation) -> str:
    return f"{ev.target.binding}指标" if ev.target.binding else "指标"


def _goal(ev: TargetEvaluation) -> str:
    t = ev.target
    return target_text(t.kind, t.comparator, t.value, value_max=t.value_max, values=t.values, unit=t.unit,
                       direction=t.direction, quote=t.quote)


def _unit(ev: TargetEvaluation) -> str:
    return ev.target.unit or ""


# --------------------------------------------------------------------------- indicator rules

def rule_behind(ev: TargetEvaluation, lead: str) -> EarlyWarning | None:
    """Behind schedule: status 滞后 (未完成 at the end). Red when 约束性, yellow otherwise."""
    if ev.status not in BEHIND:
        return None
    t = ev.target
    unit = _unit(ev)
    if ev.actual_text:
        actual = f"{ev.actual_year or ''} 年实际 {ev.actual_text}".strip()
    elif ev.actual is not None:
        actual = f"{ev.actual_year} 年实际 {fmt(ev.actual)}{unit}"
    else:
        actual = "实际值缺失"
    path = (f"，按路径 {ev.actual_year} 年应达 {fmt(ev.expected)}{unit}，进度比 {fmt(ev.ratio, 3)}"
            if ev.ratio is not None and ev.expected is not None and ev.actual_year is not None else "")
    goal = _goal(ev)
    reason = f"{_attribute(ev)}{ev.status}：{actual}{path}；目标 {t.year or ''} 年 {goal}"
    return EarlyWarning(_binding_level(ev), "behind", t.key, t.indicator, lead, reason)


def cap_applies(ev: TargetEvaluation, year: int) -> bool:
    """A cap binds now when it was already kept at the base year (method maintain), is a limit on a
    movement (intl_method limit), has no path (target_only), or its target year has come."""
    t_year = ev.target.year
    return (ev.method in ("maintain", "target_only") or ev.intl_method == "limit"
            or (t_year is not None and year >= t_year))


def rule_breached(ev: TargetEvaluation, year: int, lead: str) -> EarlyWarning | None:
    """A cap (comparator ``<=``) exceeded where it applies (`cap_applies`): red, whatever the attribute."""
    t = ev.target
    if t.comparator != "<=" or ev.status == Status.NO_DATA or ev.achieved is not False or not cap_applies(ev, year):
        return None
    if ev.intl_method == "limit":
        what = f"实际 {fmt(ev.actual)}{'%' if t.kind == 'growth' else _unit(ev)}"
    else:
        what = f"{ev.actual_year} 年实际 {fmt(ev.actual)}{_unit(ev)}"
    reason = f"{_attribute(ev)}突破上限：{what}；目标 {t.year or ''} 年 {_goal(ev)}"
    return EarlyWarning("red", "breached", t.key, t.indicator, lead, reason)


def trend_weights(years: Sequence[int]) -> list[float]:
    """The weight of each observed year in the trend: w = y − y_first + 1 (the earliest year 1, each
    later calendar year one more), so recent years count more and a gap in the data keeps its length."""
    first = min(years)
    return [float(y - first + 1) for y in years]


def weighted_trend(points: Sequence[tuple[int, float]]) -> tuple[float, float]:
    """(slope, intercept) of the time-weighted least-squares line of value on year (ESCAP anticipated progress).

    With weights w_i (`trend_weights`): x̄ = Σw·x / Σw, ȳ = Σw·y / Σw,
    slope b = Σw(x − x̄)(y − ȳ) / Σw(x − x̄)², intercept a = ȳ − b·x̄ (the line y = a + b·x).
    Example: (2015, 100), (2016, 104), (2017, 106) with weights 1, 2, 3: x̄ = 2016⅓, ȳ = 104⅓,
    b = 9⅓ / 3⅓ = 2.8, so 2020 is projected at 104⅓ + 2.8 × 3⅔ = 114.6.
    """
    if len({x for x, _ in points}) < 2:
        raise ValueError("a trend needs two different years")
    xs = [x for x, _ in points]
    w = trend_weights(xs)
    sw = sum(w)
    xbar = sum(wi * x for wi, x in zip(w, xs, strict=True)) / sw
    ybar = sum(wi * y for wi, (_, y) in zip(w, points, strict=True)) / sw
    sxy = sum(wi * (x - xbar) * (y - ybar) for wi, (x, y) in zip(w, points, strict=True))
    sxx = sum(wi * (x - xbar) ** 2 for wi, x in zip(w, xs, strict=True))
    slope = sxy / sxx
    return slope, ybar - slope * xbar


def project(points: Sequence[tuple[int, float]], year: int) -> float:
    """The value the weighted trend (`weighted_trend`) gives at ``year``."""
    slope, intercept = weighted_trend(points)
    return intercept + slope * year


def rule_projected_miss(ev: TargetEvaluation, year: int, lead: str, min_years: int = MIN_TREND_YEARS,
                        levels: Sequence[tuple[int, float]] = ()) -> EarlyWarning | None:
    """预计难以完成: before the target year, the weighted trend of the observed years (at least
    ``min_years``, the baseline included) projected to the target year does not meet the target.

    Level targets: the trend of the levels (the baseline and the observed values), compared with the
    target as monitoring compares (tolerance of a ``~`` target included). Average growth targets: the
    trend of the index built from the yearly rates (base year 100); the projected average growth
    ((I_T / 100) ** (1 / (T − y0)) − 1) × 100 is compared with the required rate in its direction.
    Change targets ("累计降低 17%", "提高 5 个百分点"): the trend of the indicator's ``levels`` (the
    baseline first), the projected level's change since the baseline
    (guihua.monitoring.progress.change_against_base) compared with the required change.
    Red when 约束性, yellow otherwise.
    """
    t = ev.target
    t_year = t.year
    if t_year is None or year >= t_year or t.value is None or ev.status == Status.NO_DATA:
        return None
    if t.kind == "change":
        return _projected_change(ev, year, lead, min_years, levels)
    if t.kind == "level" and ev.method in ("expected_linear", "expected_compound", "maintain", "target_only"):
        points = [(y, v) for y, v in ev.series if y <= year]
        if len(points) < min_years or ev.derived is not None:
            return None
        value = project(points, t_year)
        base = ev.baseline
        tol = 0.0 if t.comparator not in ("~", "=") else _tolerance(t.value, t.unit, base)
        if pg.meets(t.comparator or ">=", value, t.value, tol, base):
            return None
        reason = (f"预计难以完成：按 {_years(points)} 年实际值的时间加权线性趋势（权重 {_weights(points)}），"
                  f"{t_year} 年预计 {fmt(value)}{_unit(ev)}，目标 {_goal(ev)}")
        return EarlyWarning(_binding_level(ev), "projected_miss", t.key, t.indicator, lead, reason, value)
    if t.kind == "growth" and ev.method in ("growth_from_annual_rates", "growth_published", "growth_from_levels"):
        points = [(y, v) for y, v in ev.series if y <= year]
        if len(points) < min_years or ev.baseline_year is None:
            return None
        mv = movement(t.comparator, t.value, t.direction, t.quote)
        if mv.bound == "at_most":
            return None
        index = project(points, t_year)
        if index <= 0:
            return None
        g = ((index / 100) ** (1 / (t_year - ev.baseline_year)) - 1) * 100
        tol = DEFAULT_THRESHOLDS.tolerance(mv.size, "%", mv.size) if mv.bound == "about" else 0.0
        if pg.meets(">=" if mv.bound == "at_least" else "~", mv.sign * g, mv.size, tol, 0.0):
            return None
        reason = (f"预计难以完成：按 {_years(points)} 年增速指数（{ev.baseline_year} 年 = 100）的时间加权线性趋势"
                  f"（权重 {_weights(points)}），{t_year} 年指数预计 {fmt(index)}，折合年均 {fmt(g)}%，"
                  f"目标 {_goal(ev)}")
        return EarlyWarning(_binding_level(ev), "projected_miss", t.key, t.indicator, lead, reason, g)
    return None


def _projected_change(ev: TargetEvaluation, year: int, lead: str, min_years: int,
                      levels: Sequence[tuple[int, float]]) -> EarlyWarning | None:
    t = ev.target
    points = [(y, v) for y, v in levels if y <= year]
    if len(points) < min_years or t.year is None or t.value is None:
        return None
    mode = "个百分点" if t.unit == "个百分点" else ("倍" if t.unit == "倍" else "%")
    mv = movement(t.comparator, t.value, t.direction if mode != "倍" else "increase", t.quote)
    if mv.bound == "at_most":
        return None
    base, level = points[0][1], project(points, t.year)
    try:
        change = pg.change_against_base(base, level, mode)
    except ValueError:
        return None
    moved = change if mode == "倍" else mv.sign * change
    tol = DEFAULT_THRESHOLDS.tolerance(mv.size, mode, mv.size) if mv.bound == "about" else 0.0
    if pg.meets(">=" if mv.bound == "at_least" else "~", moved, mv.size, tol, 0.0):
        return None
    reason = (f"预计难以完成：按 {_years(points)} 年水平值的时间加权线性趋势（权重 {_weights(points)}），"
              f"{t.year} 年预计 {fmt(level)}，较基期 {fmt(base)} 变化 {fmt(change)}{mode}，目标 {_goal(ev)}")
    return EarlyWarning(_binding_level(ev), "projected_miss", t.key, t.indicator, lead, reason.replace("-", "−"),
                        change)


def _tolerance(value: float, unit: str | None, base: float | None) -> float:
    return DEFAULT_THRESHOLDS.tolerance(value, unit, (value - base) if base is not None else None)


def _years(points: Sequence[tuple[int, float]]) -> str:
    return "、".join(f"{y}（{fmt(v)}）" for y, v in points)


def _weights(points: Sequence[tuple[int, float]]) -> str:
    return "、".join(fmt(w) for w in trend_weights([y for y, _ in points]))


# --------------------------------------------------------------------------- data and project rules

def rule_data_overdue(row: RoundRow, year: int, today: str) -> EarlyWarning | None:
    """A round row of year ``year`` still outstanding (未填报 / 填报中 / 已退回) after the round's
    deadline (``today`` later than the deadline, both YYYY-MM-DD): grey, the department as lead unit."""
    if row.year != year or row.state not in OUTSTANDING or not row.deadline or today <= row.deadline:
        return None
    reason = f"数据逾期：{row.year} 年填报截止 {row.deadline}，{row.department}的“{row.item}”仍为{row.state}（截至 {today}）"
    return EarlyWarning("grey", "data_overdue", "", row.item, row.department, reason)


def rule_project_late(p: ProjectLine, year: int) -> EarlyWarning | None:
    """A project planned to end before ``year`` (end_year < year) whose status is not 建成: grey."""
    if p.end_year is None or p.end_year >= year or p.status == COMPLETED:
        return None
    reason = f"项目逾期：计划 {p.end_year} 年建成，{year} 年状态仍为“{p.status}”"
    return EarlyWarning("grey", "project_late", "", p.name, p.lead_unit, reason)


# --------------------------------------------------------------------------- all together

def collect(evaluation: Evaluation, leads: Mapping[str, str], rows: Iterable[RoundRow] = (),
            projects: Iterable[ProjectLine] = (), today: str | None = None,
            levels: Mapping[str, Sequence[tuple[int, float]]] | None = None) -> list[EarlyWarning]:
    """Every warning of a plan at ``evaluation.year``: red first, then yellow, then grey; a warning
    repeated word for word (the same indicator's target stated twice) is listed once. ``levels``: the
    level series (baseline first) of each change target, by target key, for its projection."""
    year = evaluation.year
    levels = levels or {}
    out: list[EarlyWarning] = []
    for ev in evaluation.items:
        lead = leads.get(ev.target.key, "")
        breached = rule_breached(ev, year, lead)
        projected = rule_projected_miss(ev, year, lead, levels=levels.get(ev.target.key, ()))
        found: list[EarlyWarning | None] = [breached or rule_behind(ev, lead), projected]
        out += [w for w in found if w is not None]
    if today is not None:
        out += [w for w in (rule_data_overdue(r, year, today) for r in rows) if w is not None]
    out += [w for w in (rule_project_late(p, year) for p in projects) if w is not None]
    seen: set[tuple[str, str, str, str]] = set()
    unique = []
    for w in out:
        key = (w.level, w.kind, w.indicator, w.reason)
        if key not in seen:
            seen.add(key)
            unique.append(w)
    return sorted(unique, key=lambda w: LEVELS.index(w.level))

