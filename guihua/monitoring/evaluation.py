"""Build the evaluation of a plan at a year: match observations to targets, assess each, collect warnings.

`evaluate(...)` works on plain records (guihua.monitoring.model); `evaluate_from_store(...)`
(guihua.monitoring.store_source) reads them from the store first.

Matching an observation to a target is by indicator name after normalisation: spaces and
bracketed remarks removed, "GDP" read as 地区生产总值, "规模以上" as "规模"; an observation named
"<指标>增速" / "<指标>增长率" is that indicator's yearly growth, "<指标>年均增速" over a period its
period average, "<指标>(累计)" a running total. These are rules of Chinese statistical naming,
not of one plan.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from guihua.monitoring.assess import Context, assess
from guihua.monitoring.comparability import conflicting_observations, plan_conflicts, price_basis_warning
from guihua.monitoring.model import (
    BaselineInput,
    Evaluation,
    Measure,
    ObservationInput,
    TargetEvaluation,
    TargetInput,
    Warning,
)
from guihua.monitoring.status import DEFAULT_THRESHOLDS, Status, Thresholds

#: the flag of an observation that must not be compared with the target (scope, census break...)
NOT_COMPARABLE = "not_comparable"
_ALIASES = (("GDP", "地区生产总值"), ("规模以上工业", "规模工业"), ("全社会固定资产投资", "固定资产投资"),
            ("全体居民", "居民"))
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_PERIOD_GROWTH = re.compile(r"(年均增速|年均增长率|年均增长)$")
_GROWTH = re.compile(r"(增速|增长率|增幅|增长)$")
_CUMULATIVE = re.compile(r"[（(]累计[）)]")


def indicator_key(name: str) -> str:
    """The name used for matching: no spaces or bracketed remarks, common aliases unified."""
    key = re.sub(r"\s+", "", name or "")
    key = _BRACKETS.sub("", key)
    for a, b in _ALIASES:
        key = key.replace(a, b)
    return key


def classify_observation(name: str, period_start: int | None, value_text: str | None = None) -> tuple[str, Measure]:
    """(indicator key, measure) of an observation from its published name.

    "地区生产总值年均增速(十三五)" with a period -> ("地区生产总值", "period_growth");
    "地区生产总值增速" -> ("地区生产总值", "growth"); "贫困村出列(累计)" -> ("贫困村出列", "cumulative");
    a value written "12.6:33.0:54.4" -> "structure"; anything else -> "level".
    """
    compact = re.sub(r"\s+", "", name or "")
    cumulative = bool(_CUMULATIVE.search(compact))
    key = indicator_key(compact)
    if value_text and re.fullmatch(r"\s*\d+(\.\d+)?(\s*[:：∶]\s*\d+(\.\d+)?)+\s*", value_text):
        return key, "structure"
    if cumulative:
        return key, "cumulative"
    m = _PERIOD_GROWTH.search(key)
    if m and period_start is not None:
        return key[: m.start()], "period_growth"
    m = _GROWTH.search(key)
    if m and m.start() > 0:
        return key[: m.start()], "growth"
    return key, "level"


def evaluate(
    *,
    plan_id: str,
    plan_title: str,
    targets: Sequence[TargetInput],
    baselines: Sequence[BaselineInput],
    observations: Sequence[ObservationInput],
    year: int,
    kind: str,
    base_year: int,
    last_year: int,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    region: str | None = None,
) -> Evaluation:
    """Evaluate every target at ``year``; the result keeps targets in the order given."""
    ctx = Context(year=year, base_year=base_year, last_year=last_year, thresholds=thresholds)
    by_key: dict[str, list[ObservationInput]] = defaultdict(list)
    by_target: dict[str, list[ObservationInput]] = defaultdict(list)
    for obs in observations:
        if obs.target_key is not None:  # recorded for one target (a milestone event)
            by_target[obs.target_key].append(obs)
        else:
            by_key[indicator_key(obs.indicator)].append(obs)
    growth_targets: dict[str, float] = {}
    for t in targets:
        if t.kind == "growth" and t.value is not None:
            growth_targets.setdefault(indicator_key(t.indicator), t.value)
    items: list[TargetEvaluation] = []
    data_conflicts = conflicting_observations(observations)
    conflict_by_key = defaultdict(list)
    for w in data_conflicts:
        conflict_by_key[indicator_key(w.indicator or "")].append(w)
    for t in targets:
        key = indicator_key(t.indicator)
        baseline = baseline_for(t, key, baselines, base_year)
        matched = by_key.get(key, []) + by_target.get(t.key, [])
        usable = [o for o in matched if NOT_COMPARABLE not in o.flags]
        ev = assess(t, baseline, usable, ctx, growth_targets.get(key))
        relevant = _MEASURES_USED.get(t.kind, ())
        if t.kind == "growth" and (ev.method == "growth_from_levels" or ev.status == Status.NO_DATA):
            relevant = (*relevant, "level")
        excluded = [o for o in matched if NOT_COMPARABLE in o.flags and (o.year or 0) <= year
                    and o.measure in relevant]
        # the price basis is judged on the latest published level (comparable or not): it is the
        # value a reader puts next to the target
        levels = [o for o in matched if o.measure == "level" and o.value is not None and (o.year or 0) <= year]
        if levels:
            basis = price_basis_warning(t, max(levels, key=lambda o: o.year or 0))
            if basis is not None:
                ev.warnings = [basis] + [x for x in ev.warnings if x.code != "price_basis"]
        if excluded:
            years = "、".join(sorted({_period(o) for o in excluded}))
            reasons = "；".join(sorted({o.note or "口径不可比" for o in excluded}))
            ev.warnings.append(Warning("not_comparable", f"{years} 年的数据标记为不可比（{reasons}），未用于评估。",
                                       t.indicator, [t.key]))
        if matched and any(o in ev.sources for o in matched):
            ev.warnings += [replace(w, target_keys=[t.key]) for w in conflict_by_key.get(key, [])]
        items.append(ev)
    warnings: list[Warning] = plan_conflicts(targets) + data_conflicts
    return Evaluation(plan_id=plan_id, plan_title=plan_title, year=year, kind=kind, base_year=base_year,
                      last_year=last_year, items=items, warnings=warnings, thresholds=thresholds, region=region)


#: the measures each kind of target is judged on (a left-out value of another measure is not news)
_MEASURES_USED: dict[str, tuple[str, ...]] = {
    "growth": ("growth", "period_growth"), "level": ("level", "growth", "period_growth"),
    "change": ("level",), "cumulative": ("level", "cumulative"), "structure": ("structure",),
    "milestone": ("event",),
}


def _period(o: ObservationInput) -> str:
    return f"{o.period_start}-{o.year}" if o.period_start else str(o.year)


def baseline_for(t: TargetInput, key: str, baselines: Sequence[BaselineInput], base_year: int) -> BaselineInput | None:
    """The plan's own baseline for the target: same indicator, a level/structure, at or before the base year."""
    want = "structure" if t.kind == "structure" else "level"
    best: BaselineInput | None = None
    for b in baselines:
        if indicator_key(b.indicator) != key or b.kind != want or b.year is None or b.year > (t.base_year or base_year):
            continue
        if (b.scope or "") != (t.scope or ""):
            continue
        if best is None or (best.year or 0) < b.year:
            best = b
    return best
