"""What the observations say: levels by year, the baseline rule, the realised average growth.

Nothing here decides a status; the handlers (levels, rates, totals, structure) do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from guihua.monitoring import progress as pg
from guihua.monitoring.comparability import series_break_warnings
from guihua.monitoring.context import fmt, pct
from guihua.monitoring.model import BaselineInput, ObservationInput, Warning
from guihua.monitoring.units import convert

Levels = dict[int, tuple[float, ObservationInput]]


def levels(obs: Sequence[ObservationInput], until: int, unit: str | None) -> Levels:
    """Level observations by year up to ``until`` (the first one of a year wins) in ``unit``;
    values that cannot be converted to ``unit`` are left out. ``unit`` None: unit-less, every
    level converted to the unit of the earliest one (growth needs only ratios of levels)."""
    found = sorted((o for o in obs if o.measure == "level" and o.value is not None and o.year is not None
                    and o.year <= until), key=lambda o: o.year or 0)
    if unit is None and found:
        unit = found[0].unit
    out: Levels = {}
    for o in found:
        if o.year is None or o.year in out:
            continue
        v = convert(o.value or 0.0, o.unit, unit) if unit else o.value
        if v is not None:
            out[o.year] = (v, o)
    return out


def level_unit(obs: Sequence[ObservationInput], baseline: BaselineInput | None) -> str | None:
    """The unit growth from levels is computed in: the plan baseline's, else the earliest level's."""
    if baseline is not None and baseline.unit:
        return baseline.unit
    found = sorted((o for o in obs if o.measure == "level" and o.value is not None and o.year is not None),
                   key=lambda o: o.year or 0)
    return found[0].unit if found else None


@dataclass(frozen=True)
class Base:
    value: float
    year: int
    source: str  # 规划文本 / 统计数据
    note: str = ""  # how the year was chosen when it is not the base year itself


def base_level(baseline: BaselineInput | None, found: Levels, base_year: int, unit: str | None) -> Base | None:
    """The baseline: the plan's own, else the latest observation at or before the base year, else
    (the peers' rule) the earliest later observation when another one follows it."""
    if baseline is not None and baseline.value is not None and baseline.year is not None:
        v = convert(baseline.value, baseline.unit, unit) if unit else baseline.value
        if v is not None:
            return Base(v, baseline.year, "规划文本")
    before = [y for y in found if y <= base_year]
    if before:
        y = max(before)
        note = "" if y == base_year else f"（{base_year} 年无数据，取此前最近的 {y} 年）"
        return Base(found[y][0], y, "统计数据", note)
    later = sorted(y for y in found if y > base_year)
    if len(later) > 1:
        y = later[0]
        return Base(found[y][0], y, "统计数据", f"（{base_year} 年及以前无数据，取其后最早的 {y} 年）")
    return None


def latest(found: Levels, after: int, eval_year: int, lag: int) -> int | None:
    """The latest year after ``after`` whose data is at most ``lag`` years older than ``eval_year``."""
    years = [y for y in found if after < y <= eval_year and y >= eval_year - lag]
    return max(years) if years else None


def annual_rates(obs: Sequence[ObservationInput], until: int) -> dict[int, ObservationInput]:
    """Year-on-year growth observations by year up to ``until`` (the first one of a year wins)."""
    out: dict[int, ObservationInput] = {}
    for o in obs:
        if o.measure == "growth" and o.value is not None and o.year is not None and o.year <= until:
            out.setdefault(o.year, o)
    return out


def _period_growth(obs: Sequence[ObservationInput], start: int, end: int) -> ObservationInput | None:
    for o in obs:
        if o.measure == "period_growth" and o.value is not None and o.period_start == start and o.year == end:
            return o
    return None


@dataclass
class Growth:
    value: float  # average annual growth, % (signed)
    method: str  # growth_published | growth_from_annual_rates | growth_from_levels
    label: str
    working: str
    sources: list[ObservationInput]
    end: int  # the last year it covers
    derived: str | None = None  # the formula when computed rather than published
    warnings: list[Warning] = field(default_factory=list)


def published_or_rates(obs: Sequence[ObservationInput], start: int, end: int) -> Growth | None:
    """Average growth over start..end from a published period average, else the yearly rates."""
    n = end - start + 1
    published = _period_growth(obs, start, end)
    if published is not None and published.value is not None:
        g = pg.growth_published(published.value)
        return Growth(g, "growth_published", "公布的期间年均增速",
                      f"{start}-{end} 年年均增长 {pct(g)}（公布数，直接采用）", [published], end)
    rates = annual_rates(obs, end)
    years = list(range(start, end + 1))
    if n > 0 and all(y in rates for y in years):
        values = [rates[y].value or 0.0 for y in years]
        g = pg.growth_from_annual_rates(values)
        factors = " × ".join(f"(1+{pct(v)})" for v in values)
        formula = f"[{factors}]^(1/{n}) − 1 = {pct(g)}"
        return Growth(g, "growth_from_annual_rates", "由各年增速几何平均", formula,
                      [rates[y] for y in years], end, derived=formula)
    return None


def from_levels(obs: Sequence[ObservationInput], baseline: BaselineInput | None, base_year: int,
                end: int, indicator: str) -> Growth | None:
    """Average growth from the baseline level to the level of ``end`` (unit-less: only the ratio counts)."""
    unit = level_unit(obs, baseline)
    found = levels(obs, end, unit)
    b = base_level(baseline, found, base_year, unit)
    if b is None or end not in found or end <= b.year:
        return None
    v_end, o_end = found[end]
    g = pg.growth_from_levels(b.value, b.year, v_end, end)
    formula = f"({fmt(v_end)} / {fmt(b.value)})^(1/{end - b.year}) − 1 = {pct(g)}"
    warnings: list[Warning] = []
    if o_end.price_basis != "comparable":
        warnings.append(Warning("price_basis", "增速由现价总量推算，含价格因素，与可比价增速目标不完全可比。",
                                indicator, []))
    warnings += series_break_warnings(indicator, b.year, end)
    return Growth(g, "growth_from_levels", "由首末年总量推算",
                  f"基期 {b.year} 年 {fmt(b.value)}（{b.source}）{b.note}，{end} 年 {fmt(v_end)}：{formula}",
                  [o_end], end, derived=formula, warnings=warnings)


def realised_growth(obs: Sequence[ObservationInput], baseline: BaselineInput | None, base_year: int,
                    end: int, lag: int, indicator: str) -> Growth | None:
    """Realised average growth from ``base_year`` to ``end`` (or up to ``lag`` years earlier when the
    latest data is late): published period average, else yearly rates, else first and last levels."""
    for e in range(end, max(base_year, end - lag - 1), -1):
        g = published_or_rates(obs, base_year + 1, e) or from_levels(obs, baseline, base_year, e, indicator)
        if g is not None:
            return g
    return None
