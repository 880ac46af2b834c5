"""One report row per group of targets (guihua.reports.classify): every cell as text, the numbers
behind them, the places in the plan that state the target, and the comparability notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guihua.monitoring import wording
from guihua.monitoring.assess import fmt
from guihua.monitoring.model import KIND_LABELS, TargetEvaluation
from guihua.monitoring.notes import attribute_text
from guihua.reports.classify import Group

_SECTION_NAMES = {"art": "第{}条", "box": "专栏{}", "ch": "第{}章", "sec": "第{}节", "p": "第{}部分"}
ATTRIBUTES = ("约束性", "预期性")


@dataclass
class Row:
    """One indicator (or task) as every renderer prints it (all cells are text already)."""

    key: str  # the target keys, comma-separated ("66,129" when two statements state the same target)
    number: int  # 序号 within its table
    indicator: str
    unit: str
    attribute: str  # 属性: 约束性 / 预期性 as the plan or review says, "—" when nobody has said
    baseline: str
    target: str
    actual: str
    status: str
    expected: str
    gap: str
    share: str  # share of the way from baseline to target done, in percent
    ratio: str
    intl: str
    method: str
    working: str
    where: str  # every place in the plan stating the target: "第5条；第17条"
    quote: str
    domain: str  # 领域 (from the indicator registry), "" when unknown
    chapter: str  # the plan chapter of its first statement, else its domain
    part: str = ""  # main | other | task | milestone
    kind: str = ""
    notes: list[str] = field(default_factory=list)  # comparability warnings, printed next to the row
    numbers: dict[str, float | None] = field(default_factory=dict)  # raw numbers behind the cells (XLSX)
    keys: list[str] = field(default_factory=list)
    year: int | None = None  # the target's year
    events: list[str] = field(default_factory=list)  # milestone events: "2017-11-14 完成：…"
    start: int | None = None  # raw offset of its first statement (plan order)


def where(section: str | None) -> str:
    """"art:5" -> "第5条", "sec:2.1" -> "第2章第1节"."""
    if not section or ":" not in section:
        return section or ""
    kind, num = section.split(":", 1)
    if kind == "sec":
        ch, _, sec = num.partition(".")
        return f"第{ch}章第{sec}节"
    return _SECTION_NAMES.get(kind, "{}").format(num)


def target_text(item: TargetEvaluation, last_year: int) -> str:
    t = item.target
    if t.kind == "milestone":
        return f"{t.year} 年前完成" if t.year else "完成"
    text = wording.target_text(t.kind, t.comparator, t.value, value_max=t.value_max, values=t.values, unit=t.unit,
                               direction=t.direction, quote=t.quote)
    year = f"（{t.year} 年）" if t.year and t.year != last_year else ""
    return text + year


def actual_text(item: TargetEvaluation) -> str:
    if item.actual_text:
        return item.actual_text
    if item.actual is None:
        return "—"
    t = item.target
    if t.kind == "growth":
        return f"年均 {fmt(item.actual)}%"
    return f"{fmt(item.actual)}{t.unit or ''}"


def one_line(text: str) -> str:
    """A quote as one line: line breaks of the source (and spaces around them) removed."""
    return re.sub(r"\s*\n\s*", "", text or "").strip()


def attribute_of(group: Group) -> str:
    """属性 约束性 / 预期性 (marked 拟定 when only proposed), "—" when nobody has said; never the kind."""
    for item in group.items:
        if item.target.binding in ATTRIBUTES:
            return attribute_text(item.target.binding, item.target.binding_source)
    return "—"


def events_of(item: TargetEvaluation) -> list[str]:
    """The recorded events of a milestone, oldest first: "2017-11-14 完成：证明材料"."""
    out = []
    outcome = {1.0: "完成", 0.5: "部分完成", 0.0: "未完成"}
    for o in sorted((o for o in item.sources if o.measure == "event"), key=lambda o: o.date or str(o.year)):
        what = outcome.get(o.value if o.value is not None else -1.0, "进展")
        out.append(f"{o.date or o.year} {what}" + (f"：{one_line(o.note)}" if o.note else ""))
    return out


def make_row(group: Group, number: int, last_year: int) -> Row:
    item = group.first
    t = item.target
    baseline = "—"
    if item.baseline is not None:
        unit = {"level": t.unit, "cumulative": t.unit}.get(t.kind) or ("%" if t.unit == "个百分点" else "")
        baseline = f"{fmt(item.baseline)}{unit or ''}（{item.baseline_year} 年）"
    expected = item.expected_text or (fmt(item.expected) if item.expected is not None else "—")
    notes: list[str] = []
    for member in group.items:
        for w in member.warnings:
            if w.message not in notes:
                notes.append(w.message)
    if item.actual_note and "现价" in item.actual_note:
        notes.insert(0, item.actual_note)
    places = list(dict.fromkeys(where(i.target.section) for i in group.items if i.target.section))
    return Row(
        key=",".join(group.keys), keys=group.keys, number=number,
        indicator=t.indicator + (f"（{t.scope}）" if t.scope else ""), unit=t.unit or "",
        attribute=attribute_of(group), baseline=baseline, target=target_text(item, last_year),
        actual=actual_text(item), status=str(item.status), expected=expected,
        gap=fmt(item.gap) if item.gap is not None else "—",
        share=f"{fmt(item.share_done * 100, 1)}%" if item.share_done is not None else "—",
        ratio=fmt(item.ratio, 3) if item.ratio is not None else "—",
        intl=str(item.intl_band), method=item.method_label, working=item.working, where="；".join(places),
        quote=one_line(t.quote), domain=t.domain or "", chapter=t.chapter or t.domain or "其他",
        part=group.part, kind=KIND_LABELS.get(t.kind, t.kind), notes=notes, year=t.year,
        numbers={"应达值": item.expected, "差距": item.gap, "进度比": item.ratio,
                 "完成进度": item.share_done, "实际值": item.actual, "基期值": item.baseline},
        events=events_of(item) if t.kind == "milestone" else [], start=t.start,
    )
