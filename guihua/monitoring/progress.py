"""Pure progress functions: one per method, each with its definition in its docstring.

Conventions used by every function here:
- rates are in percent (9 means 9 %), years are calendar years;
- a plan period runs from its base year (usually the year before the first plan year, 2015 for
  2016-2020) to its target year; "years elapsed" at evaluation year Y is ``Y - base_year``;
- ``comparator`` is the side on which a target is met: ``>=`` (more is better), ``<=`` (less is
  better, judged the other way) or ``~`` (met within a tolerance, see ``within_tolerance``); ``=``
  is treated as ``~`` with zero tolerance. A ``~`` target's side is taken from baseline -> target
  when a baseline is known. (Which way a growth or change target moves, "年均下降 3%", is
  guihua.monitoring.direction's business.)

No function reads a database or a file; the evaluation module feeds them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from guihua.monitoring.status import DEFAULT_THRESHOLDS

MilestoneState = Literal["done", "not_yet_due", "overdue"]


# --------------------------------------------------------------------------- expected paths

def expected_linear(base: float, base_year: int, target: float, target_year: int, year: int) -> float:
    """Value expected at ``year`` on a straight path (rates, shares, counts).

    E(y) = B + (T - B) * (y - y0) / (yT - y0), with B the baseline at y0 and T the target at yT.
    Example: B = 50 % in 2015, T = 60 % in 2020 -> E(2018) = 50 + 10 * 3/5 = 56 %.
    """
    _check_period(base_year, target_year)
    return base + (target - base) * (year - base_year) / (target_year - base_year)


def expected_compound(base: float, base_year: int, target: float, target_year: int, year: int) -> float:
    """Value expected at ``year`` on a compound path (money, output: quantities that grow by nature).

    E(y) = B * (T / B) ** ((y - y0) / (yT - y0)), i.e. constant annual growth from B to T.
    Example: B = 100 in 2015, T = 200 in 2020 -> E(2018) = 100 * 2 ** (3/5) = 151.57.
    """
    _check_period(base_year, target_year)
    if base <= 0 or target <= 0:
        raise ValueError("compound path needs positive baseline and target")
    return base * (target / base) ** ((year - base_year) / (target_year - base_year))


def expected_from_growth(base: float, rate_pct: float, years: int) -> float:
    """Value expected after ``years`` of constant annual growth ``rate_pct`` from ``base``.

    E = B * (1 + g/100) ** n.  Example: B = 2601.57, g = 9 %, n = 5 -> 4002.8.
    """
    return base * (1 + rate_pct / 100) ** years


def required_growth(base: float, target: float, years: int) -> float:
    """Average annual growth (%) needed to go from ``base`` to ``target`` in ``years`` years.

    g = ((T / B) ** (1/n) - 1) * 100.  Example: 2601.57 -> 4000 in 5 years: 8.98 %.
    """
    if years <= 0:
        raise ValueError("years must be positive")
    if base <= 0 or target <= 0:
        raise ValueError("growth needs positive values")
    return ((target / base) ** (1 / years) - 1) * 100


# --------------------------------------------------------------------------- realised growth

def growth_from_annual_rates(rates_pct: Sequence[float]) -> float:
    """Realised average annual growth (%) from the year-on-year rates of each year.

    g = (prod(1 + r_i/100)) ** (1/n) - 1, the geometric mean (not the arithmetic mean).
    Example: 10 % then 0 % -> sqrt(1.1 * 1.0) - 1 = 4.88 %.
    """
    if not rates_pct:
        raise ValueError("no annual rates")
    product = math.prod(1 + r / 100 for r in rates_pct)
    if product <= 0:
        raise ValueError("cumulative change below -100 %")
    return (product ** (1 / len(rates_pct)) - 1) * 100


def growth_from_levels(v0: float, y0: int, v1: float, y1: int) -> float:
    """Realised average annual growth (%) from two levels at comparable prices.

    g = ((V1 / V0) ** (1 / (y1 - y0)) - 1) * 100.  Only valid when both levels share a price
    basis and a scope (the caller checks comparability). Example: 100 (2015) -> 121 (2017): 10 %.
    """
    if y1 <= y0:
        raise ValueError("the second level must be later")
    return required_growth(v0, v1, y1 - y0)


def growth_published(value_pct: float) -> float:
    """A published period average (e.g. "十三五时期年均增长 7.4%") taken as it is.

    g = the published figure; no recomputation (the publisher's own method and revisions apply).
    """
    return float(value_pct)


# --------------------------------------------------------------------------- change vs base year

def change_against_base(base: float, actual: float, unit: str) -> float:
    """The change from the base-year value to ``actual``, in the unit the target is written in.

    - "个百分点" (percentage points): actual - base;
    - "%" (提高/降低 X%, 累计降低 X%): (actual / base - 1) * 100 (negative for a fall);
    - "倍" (是 base 的 X 倍, 翻一番 = 2 倍): actual / base.
    Example: 49.2 % -> 54.93 %: +5.73 个百分点; 100 -> 77: -23 %; 100 -> 200: 2 倍.
    """
    if unit == "个百分点":
        return actual - base
    if base == 0:
        raise ValueError("base is zero: relative change undefined")
    if unit == "倍":
        return actual / base
    return (actual / base - 1) * 100


# --------------------------------------------------------------------------- cumulative

@dataclass(frozen=True)
class CumulativeShare:
    done_share: float  # running total / target
    elapsed_share: float  # share of the period elapsed
    ratio: float  # done_share / elapsed_share (>= 1: 任务过半 at 时间过半)


def cumulative_share(total: float, target: float, base_year: int, target_year: int, year: int) -> CumulativeShare:
    """Running total against the share of the period elapsed (the official 时间过半、任务过半).

    done = total / target; elapsed = (y - y0) / (yT - y0), capped to [0, 1];
    ratio = done / elapsed.  Example: 20 of 35 schools by 2018 in 2016-2020 (y0 = 2015):
    done = 57.1 %, elapsed = 3/5 = 60 %, ratio = 0.952.
    """
    _check_period(base_year, target_year)
    if target == 0:
        raise ValueError("target is zero")
    done = total / target
    elapsed = min(1.0, max(0.0, (year - base_year) / (target_year - base_year)))
    ratio = done / elapsed if elapsed > 0 else math.inf
    return CumulativeShare(done, elapsed, ratio)


# --------------------------------------------------------------------------- structure

@dataclass(frozen=True)
class StructurePart:
    index: int
    target: float
    actual: float
    gap: float  # actual - target, in the parts' unit (points of the whole)


def structure_parts(target: Sequence[float], actual: Sequence[float]) -> list[StructurePart]:
    """Each part of a structure (e.g. 三次产业结构 11:45:44) against the actual parts.

    Both are normalised to sum 100 first; gap_i = actual_i - target_i in points.
    Example: 11:45:44 vs 12.6:33.0:54.4 -> gaps +1.6, -12.0, +10.4.
    """
    if len(target) != len(actual):
        raise ValueError("structures have different numbers of parts")
    t_sum, a_sum = sum(target), sum(actual)
    if t_sum <= 0 or a_sum <= 0:
        raise ValueError("structure parts must be positive")
    parts = []
    for i, (t, a) in enumerate(zip(target, actual, strict=True)):
        tn, an = t * 100 / t_sum, a * 100 / a_sum
        parts.append(StructurePart(i, tn, an, an - tn))
    return parts


# --------------------------------------------------------------------------- milestone

def milestone_state(due_year: int, done_year: int | None, year: int) -> MilestoneState:
    """Done / not yet due / overdue, at evaluation year ``year``.

    done when an event was recorded on or before ``year`` (done_year <= year);
    otherwise not_yet_due while year < due_year, and overdue once year >= due_year
    (a commitment "in 2017" that has no event by the end of 2017 is overdue).
    """
    if done_year is not None and done_year <= year:
        return "done"
    return "not_yet_due" if year < due_year else "overdue"


# --------------------------------------------------------------------------- direction

def direction_sign(comparator: str | None, base: float | None = None, target: float | None = None) -> int:
    """+1 when more is better, -1 when less is better, 0 for a ``~`` target that keeps its level.

    ``>=`` -> +1; ``<=`` -> -1; ``~``/``=`` -> the side of the target seen from the baseline
    (+1 above, -1 below, 0 when the target equals the baseline), +1 when no baseline is known.
    A missing comparator is an error: direction is never defaulted silently.
    """
    if comparator == ">=":
        return 1
    if comparator == "<=":
        return -1
    if comparator in ("~", "="):
        if base is not None and target is not None:
            return (target > base) - (target < base)
        return 1
    raise ValueError(f"unknown comparator {comparator!r}")


def close(a: float, b: float, rel: float = DEFAULT_THRESHOLDS.edge_tolerance) -> bool:
    """Equal up to a relative tolerance ``rel`` (``Thresholds.edge_tolerance``, and 1e-12 absolute around zero)."""
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def within_tolerance(actual: float, target: float, tolerance: float) -> bool:
    """For ``~`` targets: met when |actual - target| <= tolerance (absolute, in the target's unit)."""
    gap = abs(actual - target)
    return gap <= tolerance or close(gap, tolerance)


def meets(comparator: str | None, actual: float, target: float, tolerance: float = 0.0,
          base: float | None = None) -> bool:
    """Whether ``actual`` meets ``target`` under ``comparator`` (equality up to 1e-9 relative).

    ``>=``: actual >= target; ``<=``: actual <= target (inverted);
    ``~``/``=``: within ``tolerance`` of the target, or beyond it on the side the target
    moves towards from ``base`` (overshooting an increase target "9% 左右" by growing 10% still
    meets it); a ``~`` target equal to its baseline (keep the level) is met only within tolerance.
    """
    if comparator == ">=":
        return actual >= target or close(actual, target)
    if comparator == "<=":
        return actual <= target or close(actual, target)
    if within_tolerance(actual, target, tolerance):
        return True
    sign = direction_sign(comparator, base, target)
    return (actual - target) * sign > 0


def progress_ratio(actual_change: float, required_change: float) -> float | None:
    """Ratio of actual to required progress over the same years, both signed.

    r = actual change / required change, so a `<=` target (required fall) and an actual fall
    give a positive ratio. None when nothing was required.
    Example: actual growth 7.4 % a year against 9 % required -> 0.822.
    """
    if required_change == 0:
        return None
    return actual_change / required_change


# --------------------------------------------------------------------------- international reading

@dataclass(frozen=True)
class IntlRatio:
    ratio: float | None
    method: Literal["cagr", "linear"]
    actual_rate: float  # CAGR in % a year, or the average change a year (linear)
    required_rate: float


def intl_ratio(base: float, base_year: int, actual: float, actual_year: int, target: float,
               target_year: int) -> IntlRatio:
    """The international progress ratio (Eurostat, Statistics Canada, Open SDG sdg-build).

    Where base, actual and target are all positive: actual CAGR / required CAGR, with
    CAGR_a = ((A / B) ** (1 / (ya - y0)) - 1) * 100 and CAGR_r = ((T / B) ** (1 / (yT - y0)) - 1) * 100
    (the peers' ``growth_calculation``). Where CAGR is undefined (a zero or negative value) the
    straight line: ((A - B) / (ya - y0)) / ((T - B) / (yT - y0)).
    Example: 100 (2015) -> 150 (2018) for 200 (2020): CAGR 14.47 % against 14.87 %: 0.973.
    ``ratio`` is None when nothing is required (T = B) or no year has passed.
    """
    if actual_year <= base_year or target_year <= base_year:
        raise ValueError("the actual and target years must be after the base year")
    if base > 0 and actual > 0 and target > 0:
        a = growth_from_levels(base, base_year, actual, actual_year)
        r = required_growth(base, target, target_year - base_year)
        return IntlRatio(progress_ratio(a, r), "cagr", a, r)
    a = (actual - base) / (actual_year - base_year)
    r = (target - base) / (target_year - base_year)
    return IntlRatio(progress_ratio(a, r), "linear", a, r)


def trend_growth(base: float, base_year: int, actual: float, actual_year: int, sign: int) -> tuple[float, str] | None:
    """The trend of a target without a value, in %/yr in the desired direction ``sign`` (+1 / -1).

    Both values positive: sign * CAGR = sign * ((A / B) ** (1 / (ya - y0)) - 1) * 100, as the
    peers' methodology without a target; otherwise the straight line relative to the base,
    sign * (A - B) / |B| / (ya - y0) * 100; None when the base is zero or no year has passed.
    Returns (growth, "cagr" | "linear"). Example: 100 -> 103 in 2 years, more is better: +1.489 %/yr.
    """
    if actual_year <= base_year or base == 0:
        return None
    if base > 0 and actual > 0:
        return sign * growth_from_levels(base, base_year, actual, actual_year), "cagr"
    return sign * (actual - base) / abs(base) / (actual_year - base_year) * 100, "linear"


def _check_period(base_year: int, target_year: int) -> None:
    if target_year <= base_year:
        raise ValueError(f"target year {target_year} not after base year {base_year}")
