"""年度目标: a quantitative target's value for each year of its period, and the annual judgement against it.

Proposal (`propose`): every target statement with a numeric value of kind level, growth or change gets
one 年度目标 per year from the year after its base year to its target year, on the expected path the
monitoring method uses for that kind (so an annual target is what monitoring expects of that year):
- level: the path from the baseline B (the plan's own, else the base-year observation) to the target T,
  compound E(y) = B·(T/B)^((y−y0)/(yT−y0)) when the path is compound (money and output, or an indicator
  with a growth target; guihua.monitoring.levels.compound_path), else straight
  E(y) = B + (T−B)·(y−y0)/(yT−y0) (guihua.monitoring.progress.expected_compound / expected_linear);
  no baseline: no annual targets (there is no path);
- growth ("年均增长 g%"): the same rate every year, signed (a fall is negative), unit %, method compound
  (constant annual growth is the compound path);
- change ("提高 X 个百分点", "累计降低 X%", "翻一番"): the change since the base year required by then,
  guihua.monitoring.rates.required_to_date (个百分点 straight, % and 倍 compound), in the target's unit.

Annual judgement (`judge_year`): the value of year Y itself (a level, the year's growth rate, or the
change of the year-Y level since the baseline) against the annual target of Y. The progress ratio
is the progress since the baseline over the progress the annual target asks (level: (A−B)/(AT−B),
compound ln(A/B)/ln(AT/B); growth: A/AT; change: A/AT, 倍 ln A / ln AT); the status is the official
one (guihua.monitoring.status.official_status), with "met" the final target met; a limit ("控制在…以内")
kept is 基本符合预期 (已完成 in the target year), exceeded 滞后 (未完成).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from guihua.monitoring import progress as pg
from guihua.monitoring.context import fmt
from guihua.monitoring.direction import movement
from guihua.monitoring.evaluation import NOT_COMPARABLE, baseline_for, indicator_key
from guihua.monitoring.levels import compound_path
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetInput
from guihua.monitoring.observed import annual_rates, base_level, level_unit, levels
from guihua.monitoring.rates import required_to_date
from guihua.monitoring.status import DEFAULT_THRESHOLDS, Status, Thresholds, official_status

ANNUAL_KINDS = ("level", "growth", "change")
METHOD_LABELS = {"linear": "直线路径", "compound": "复合增长路径", "manual": "规划办设定"}


@dataclass(frozen=True)
class ProposedAnnual:
    """One proposed 年度目标 of a target statement."""

    statement_id: int
    year: int
    value: float
    unit: str | None
    method: str  # linear | compound


@dataclass(frozen=True)
class AnnualJudgement:
    """One target judged against its annual target of a year."""

    target_id: str
    indicator: str
    kind: str
    unit: str | None
    year: int
    annual_target: float | None
    actual: float | None
    gap: float | None  # actual − annual target, in the annual target's unit
    ratio: float | None
    status: Status
    method: str | None  # the annual target's method: linear | compound | manual
    working: str


def _change_mode(unit: str | None) -> str:
    unit = unit or "%"
    return "个百分点" if unit == "个百分点" else ("倍" if unit == "倍" else "%")


def _growth_targets(targets: Sequence[TargetInput]) -> dict[str, float]:
    out: dict[str, float] = {}
    for t in targets:
        if t.kind == "growth" and t.value is not None:
            out.setdefault(indicator_key(t.indicator), t.value)
    return out


def _obs_by_key(observations: Sequence[ObservationInput]) -> dict[str, list[ObservationInput]]:
    out: dict[str, list[ObservationInput]] = defaultdict(list)
    for o in observations:
        if o.target_key is None and NOT_COMPARABLE not in o.flags:
            out[indicator_key(o.indicator)].append(o)
    return out


def annual_eligible(t: TargetInput) -> bool:
    """A quantitative target of kind level, growth or change with a numeric value and a statement id."""
    return t.kind in ANNUAL_KINDS and t.value is not None and t.key.isdigit()


def propose(targets: Sequence[TargetInput], baselines: Sequence[BaselineInput],
            observations: Sequence[ObservationInput], first_year: int, last_year: int) -> list[ProposedAnnual]:
    """The proposed annual targets of every eligible target (see the module docstring), by target then year."""
    plan_base = first_year - 1
    growth = _growth_targets(targets)
    by_key = _obs_by_key(observations)
    out: list[ProposedAnnual] = []
    for t in targets:
        if not annual_eligible(t):
            continue
        base_year = t.base_year or plan_base
        t_year = t.year or last_year
        if t_year <= base_year:
            continue
        value = float(t.value or 0.0)
        sid = int(t.key)
        key = indicator_key(t.indicator)
        years = range(base_year + 1, t_year + 1)
        if t.kind == "growth":
            rate = movement(t.comparator, value, t.direction, t.quote).signed
            out += [ProposedAnnual(sid, y, rate, "%", "compound") for y in years]
        elif t.kind == "change":
            mode = _change_mode(t.unit)
            required = value if mode == "倍" else movement(t.comparator, value, t.direction, t.quote).signed
            method = "linear" if mode == "个百分点" else "compound"
            out += [ProposedAnnual(sid, y, required_to_date(mode, required, (y - base_year) / (t_year - base_year)),
                                   mode, method) for y in years]
        else:
            base = base_level(baseline_for(t, key, baselines, base_year),
                              levels(by_key.get(key, []), base_year, t.unit), base_year, t.unit)
            if base is None or base.year >= t_year:
                continue
            compound = compound_path(t.unit, growth.get(key), base.value, value)
            fn = pg.expected_compound if compound else pg.expected_linear
            out += [ProposedAnnual(sid, y, fn(base.value, base.year, value, t_year, y), t.unit,
                                   "compound" if compound else "linear") for y in years if y > base.year]
    return out


@dataclass(frozen=True)
class StoredAnnual:
    """What the judgement needs of a stored annual target."""

    value: float
    unit: str | None
    method: str


def judge_year(targets: Sequence[TargetInput], baselines: Sequence[BaselineInput],
               observations: Sequence[ObservationInput], annual: Mapping[tuple[str, int], StoredAnnual],
               year: int, first_year: int, last_year: int,
               thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[AnnualJudgement]:
    """Each eligible target whose period covers ``year``, judged against its annual target of ``year``
    (``annual`` keyed by (statement id as text, year))."""
    by_key = _obs_by_key(observations)
    out: list[AnnualJudgement] = []
    for t in targets:
        if not annual_eligible(t):
            continue
        base_year = t.base_year or first_year - 1
        t_year = t.year or last_year
        if not base_year < year <= t_year:
            continue
        key = indicator_key(t.indicator)
        at = annual.get((t.key, year))
        obs = by_key.get(key, [])
        baseline = baseline_for(t, key, baselines, base_year)
        out.append(_judge(t, at, obs, baseline, year, base_year, t_year, thresholds))
    return out


def _judge(t: TargetInput, at: StoredAnnual | None, obs: list[ObservationInput], baseline: BaselineInput | None,
           year: int, base_year: int, t_year: int, th: Thresholds) -> AnnualJudgement:
    def result(actual: float | None, ratio: float | None, status: Status, working: str) -> AnnualJudgement:
        gap = actual - at.value if actual is not None and at is not None else None
        return AnnualJudgement(t.key, t.indicator, t.kind, at.unit if at else t.unit, year,
                               at.value if at else None, actual, gap, ratio, status,
                               at.method if at else None, working)

    if at is None:
        return result(None, None, Status.NO_DATA, f"{year} 年没有年度目标")
    final = year >= t_year
    value = float(t.value or 0.0)
    if t.kind == "growth":
        rate = annual_rates(obs, year).get(year)
        if rate is None or rate.value is None:
            return result(None, None, Status.NO_DATA, f"缺少 {year} 年增速")
        actual = float(rate.value)
        mv = movement(t.comparator, value, t.direction, t.quote)
        head = f"{year} 年增速 {fmt(actual)}%，年度目标 {fmt(at.value)}%"
        if mv.bound == "at_most":
            holds = mv.sign * actual <= mv.size or pg.close(mv.sign * actual, mv.size)
            return result(actual, None, _limit_status(holds, final), f"{head}：{'未超过' if holds else '超过'}限值")
        ratio = pg.progress_ratio(actual, at.value)
        met = pg.meets(">=", mv.sign * actual, mv.size) if final else None
        return result(actual, ratio, _status(met, ratio, final, th), _with_ratio(head, ratio))
    unit = level_unit(obs, baseline) if t.kind == "change" else t.unit
    found = levels(obs, year, unit)
    base = base_level(baseline, found, base_year, unit)
    if year not in found:
        return result(None, None, Status.NO_DATA, f"缺少 {year} 年实际值")
    level = found[year][0]
    if t.kind == "change":
        mode = _change_mode(t.unit)
        if base is None or base.value == 0:
            return result(None, None, Status.NO_DATA, f"缺少 {base_year} 年基期值")
        actual = pg.change_against_base(base.value, level, mode)
        mv = movement(t.comparator, value, t.direction if mode != "倍" else "increase", t.quote)
        head = (f"{year} 年 {fmt(level)}，较 {base.year} 年 {fmt(base.value)} 变化 {fmt(actual)}{mode}，"
                f"年度目标 {fmt(at.value)}{mode}")
        if mv.bound == "at_most":
            moved = actual if mode == "倍" else mv.sign * actual
            holds = moved <= mv.size or pg.close(moved, mv.size)
            return result(actual, None, _limit_status(holds, final), f"{head}：{'未超过' if holds else '超过'}限值")
        if mode == "倍":
            ratio = math.log(actual) / math.log(at.value) if actual > 0 and at.value > 0 and at.value != 1 else None
        else:
            ratio = pg.progress_ratio(actual, at.value)
        moved = actual if mode == "倍" else mv.sign * actual
        met = pg.meets(">=", moved, mv.size)
        return result(actual, ratio, _status(met, ratio, final, th), _with_ratio(head, ratio))
    comp = t.comparator or ">="
    head = f"{year} 年实际值 {fmt(level)}，年度目标 {fmt(at.value)}"
    met = pg.meets(comp, level, value, th.tolerance(value, t.unit), base.value if base else None)
    if base is None or pg.close(at.value, base.value):
        ok = pg.meets(comp, level, at.value, th.tolerance(at.value, t.unit), base.value if base else None)
        status = Status.AHEAD if met and not final else _limit_status(ok, final)
        return result(level, None, status, f"{head}：{'达到' if ok else '未达到'}年度目标（无基期路径，不计进度比）")
    if at.method == "compound" and level > 0 and at.value > 0 and base.value > 0:
        ratio = math.log(level / base.value) / math.log(at.value / base.value)
        formula = f"ln({fmt(level)}/{fmt(base.value)}) / ln({fmt(at.value)}/{fmt(base.value)})"
    else:
        ratio = (level - base.value) / (at.value - base.value)
        formula = f"({fmt(level)} − {fmt(base.value)}) / ({fmt(at.value)} − {fmt(base.value)})"
    return result(level, ratio, _status(met, ratio, final, th),
                  f"{head}，基期 {base.year} 年 {fmt(base.value)}；进度比 {formula} = {fmt(ratio, 3)}")


def _with_ratio(head: str, ratio: float | None) -> str:
    return f"{head}；进度比 = {fmt(ratio, 3)}" if ratio is not None else f"{head}；年度目标为 0，不计进度比"


def _status(met: bool | None, ratio: float | None, final: bool, th: Thresholds) -> Status:
    return official_status(has_data=True, met=met, ratio=ratio, final=final, thresholds=th)


def _limit_status(holds: bool, final: bool) -> Status:
    if final:
        return Status.DONE if holds else Status.NOT_DONE
    return Status.ON_TRACK if holds else Status.LAGGING
