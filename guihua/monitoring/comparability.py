"""Comparability warnings: price basis, series breaks, scope, conflicting values, conflicts in the plan.

Each function returns ``Warning`` records (guihua.monitoring.model) with a Chinese message that
the reports print next to the value concerned. The rules are about Chinese statistics in general
(national census revisions, price bases), never about one plan.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guihua.monitoring.model import ObservationInput, TargetInput, Warning
from guihua.monitoring.units import convert, split_unit


@dataclass(frozen=True)
class SeriesBreak:
    """A national revision after which a series is not comparable with earlier years."""

    year: int  # first year on the new basis
    words: tuple[str, ...]  # an indicator whose name contains one of these is affected
    label: str


SERIES_BREAKS: tuple[SeriesBreak, ...] = (
    SeriesBreak(2018, ("生产总值", "GDP", "增加值"),
                "2018 年起地区生产总值按第四次全国经济普查结果修订，与此前年份的总量不可直接比较"),
    SeriesBreak(2020, ("人口", "城镇化率", "人均"),
                "2020 年起人口及人均指标采用第七次全国人口普查结果，与此前年份的推算数不可直接比较"),
)

_COMPARABLE = re.compile(r"(\d{4})\s*年?\s*(?:不变价|可比价)")


def target_price_basis(target: TargetInput) -> str | None:
    """"comparable:2015" when the target's quote or note says 按 2015 年可比价, else None."""
    for text in (target.note or "", target.quote or "", target.context or ""):
        m = _COMPARABLE.search(text)
        if m:
            return f"comparable:{m.group(1)}"
        if "可比价" in text or "不变价" in text:
            return "comparable"
    return None


def price_basis_warning(target: TargetInput, obs: ObservationInput) -> Warning | None:
    """A level target at comparable prices against a value at current prices (or of unknown basis)."""
    basis = target_price_basis(target)
    _, base_unit = split_unit(target.unit)
    if not basis or not base_unit.endswith("元") or obs.measure != "level":
        return None
    if obs.price_basis == "comparable":
        return None
    year = basis.split(":")[1] if ":" in basis else ""
    what = "现价（名义）" if obs.price_basis == "current" else "未注明价格口径（按现价处理）"
    return Warning(
        "price_basis",
        f"价格口径不可比：目标值 {_num(target.value)}{target.unit or ''} 按 {year} 年可比价计算，"
        f"{obs.year} 年实际值 {_num(obs.value)}{obs.unit or ''} 为{what}，二者不能直接比较；"
        "有可比价增速时按增速推算可比价总量。",
        target.indicator, [target.key],
    )


def series_break_warnings(indicator: str, from_year: int | None, to_year: int | None,
                          breaks: Sequence[SeriesBreak] = SERIES_BREAKS) -> list[Warning]:
    """Breaks between two years of a level comparison (from_year < break year <= to_year)."""
    if from_year is None or to_year is None:
        return []
    out = []
    for br in breaks:
        if from_year < br.year <= to_year and any(w in indicator for w in br.words):
            out.append(Warning("series_break", f"数据口径变化：{br.label}。", indicator))
    return out


def scope_warning(target: TargetInput, obs: ObservationInput) -> Warning | None:
    """The observation covers another place or group than the target (flag "scope" or scopes differ)."""
    differs = (obs.scope or "") != (target.scope or "") and bool(obs.scope or target.scope)
    if not differs and "scope" not in obs.flags:
        return None
    detail = obs.note or f"数据范围“{obs.scope or '全市'}”与目标范围“{target.scope or '全市'}”不一致"
    return Warning("scope", f"统计范围不一致（{obs.year} 年）：{detail}", target.indicator, [target.key])


def conflicting_observations(observations: Iterable[ObservationInput]) -> list[Warning]:
    """Two or more different values for the same indicator, measure and year (after unit conversion)."""
    groups: dict[tuple[str, str, int | None, int | None], list[ObservationInput]] = defaultdict(list)
    for obs in observations:
        if obs.value is None or obs.measure == "event":  # events are a history, not rival values
            continue
        groups[(obs.indicator, obs.measure, obs.period_start, obs.year)].append(obs)
    out = []
    for (indicator, _measure, _start, year), group in groups.items():
        if len(group) < 2:
            continue
        first = group[0]
        values = set()
        for o in group:
            v = convert(o.value, o.unit, first.unit) if o.value is not None else None
            values.add(round(v if v is not None else (o.value or 0.0), 6))
        if len(values) > 1:
            listed = "、".join(f"{_num(o.value)}{o.unit or ''}" for o in group)
            out.append(Warning("conflict", f"数据冲突：{indicator} {year} 年有不同的公布值（{listed}），"
                                           "取第一个来源的值，其余列为备注。", indicator))
    return out


def plan_conflicts(targets: Sequence[TargetInput]) -> list[Warning]:
    """The same indicator with different target values of the same kind, unit, scope and year.

    E.g. 规模工业增加值 年均增长 9.5% in one article and 8.5% at the head of a chapter: the plan
    contradicts itself, and each place is evaluated on its own. Values that differ only inside one
    section (article, box) are not reported.
    """
    groups: dict[tuple[str, str, str, str, int | None], list[TargetInput]] = defaultdict(list)
    for t in targets:
        if t.value is None or t.kind in ("milestone", "structure"):
            continue
        groups[(t.indicator, t.kind, t.unit or "", t.scope or "", t.year)].append(t)
    out = []
    for (indicator, kind, unit, _scope, _year), group in groups.items():
        values = sorted({(t.value, t.value_max) for t in group}, key=lambda v: v[0] or 0.0)
        sections = {t.section for t in group}
        # two values inside one passage are usually two things of the same name (two lines in
        # one box), not a contradiction: only different places count
        if len(values) < 2 or len(sections) < 2:
            continue
        kind_word = "年均增长" if kind == "growth" else ""
        places = "；".join(f"{kind_word}{_num(t.value)}{unit}（{_where(t)}）" for t in group)
        out.append(Warning("plan_conflict", f"规划文本内部不一致：{indicator} 的目标在不同位置不同——{places}。"
                                            "各处分别评估，请规划编制部门确认以哪一处为准。",
                           indicator, [t.key for t in group]))
    return out


def _where(t: TargetInput) -> str:
    sec = t.section or ""
    m = re.fullmatch(r"(art|box|ch|sec):(.+)", sec)
    if not m:
        return sec or "位置不详"
    kind, num = m.groups()
    if kind == "art":
        return f"第 {num} 条"
    if kind == "box":
        return f"专栏 {num}"
    if kind == "ch":
        return f"第 {num} 章"
    return f"第 {num.split('.')[0]} 章第 {num.split('.')[-1]} 节"


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:g}" if abs(v) < 1e7 else f"{v:.0f}"
