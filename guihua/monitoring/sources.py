"""Turn extracted statements and published statistics into monitoring's input records.

Used by the store adapter (guihua.monitoring.store_source) and by tests; accepts any object with
the attributes of guihua.extraction.model.Statement (a dataclass or a database row alike).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Any

from guihua.monitoring.evaluation import classify_observation
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetInput

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-—–~～至]\s*(\d{4})\s*$")
_RATIO = re.compile(r"^\s*\d+(\.\d+)?(\s*[:：∶]\s*\d+(\.\d+)?)+\s*$")
CONTEXT_CHARS = 40


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals as headings write them (12 -> 十二, 20 -> 二十); larger as digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chapters_from_outline(nodes: Iterable[Any]) -> list[tuple[int, str]]:
    """(raw start, "第六章 加快推进工业转型升级…") for every chapter node of an outline.

    `nodes` are outline nodes of any shape with kind, number, title and start: the nodes of
    guihua.documents (``root.walk()``) or the stored ones (guihua.store.records.NodeInfo).
    """
    out = []
    for n in nodes:
        if n.kind != "chapter":
            continue
        title = n.title or ""
        label = title if title.startswith("第") or n.number is None else f"第{chinese_number(n.number)}章 {title}".strip()
        out.append((n.start, label))
    return sorted(out)


def domain_at(chapters: Sequence[tuple[int, str]], offset: int | None) -> str | None:
    """The chapter whose heading precedes ``offset`` (None before the first chapter or when unknown)."""
    if offset is None or not chapters:
        return None
    i = bisect.bisect_right([c[0] for c in chapters], offset) - 1
    return chapters[i][1] if i >= 0 else None


def target_inputs(statements: Iterable[Any], raw: str | None = None,
                  chapters: Sequence[tuple[int, str]] | None = None) -> tuple[list[TargetInput], list[BaselineInput]]:
    """Targets and baselines from statement-like records (attributes as in extraction's Statement)."""
    chapters = chapters or []
    targets: list[TargetInput] = []
    baselines: list[BaselineInput] = []
    for n, s in enumerate(statements):
        g = _getter(s)
        start, end = g("start"), g("end")
        if g("type") == "baseline":
            baselines.append(BaselineInput(indicator=g("indicator") or "", kind=g("kind") or "level",
                                           value=_float(g("value")), unit=g("unit"), year=g("year"),
                                           values=_floats(g("values")), quote=g("quote") or "",
                                           section=g("section"), scope=g("scope")))
            continue
        context = ""
        if raw and isinstance(start, int) and isinstance(end, int):
            context = raw[max(0, start - CONTEXT_CHARS): end + CONTEXT_CHARS]
        extra = g("extra") or {}
        targets.append(TargetInput(
            key=str(g("id") if g("id") is not None else n), indicator=g("indicator") or "", kind=g("kind") or "level",
            comparator=g("comparator"), value=_float(g("value")), unit=g("unit"), year=g("year"),
            quote=g("quote") or "", value_max=_float(g("value_max")), values=_floats(g("values")),
            base_year=g("base_year"), section=g("section"), scope=g("scope"), note=g("note"),
            start=start, end=end, context=context, chapter=domain_at(chapters, start),
            binding=g("attribute") or (extra.get("binding") if isinstance(extra, dict) else None) or g("binding"),
            direction=g("direction"),
        ))
        if targets[-1].binding:
            targets[-1].binding_source = "plan"
    return targets, baselines


def observation_input(indicator: str, year: str | int | None, value: str | float | None, unit: str | None, *,
                      note: str | None = None, source: str | None = None, quote: str | None = None,
                      flags: Sequence[str] = (), price_basis: str | None = None,
                      scope: str | None = None, key: str | None = None) -> ObservationInput | None:
    """One published value as an observation; None when the value is not a number or a ratio.

    ``year`` is a year ("2020") or a period ("2016-2020"); a value written "12.6:33.0:54.4" is a
    structure. The measure comes from the published name (see classify_observation).
    """
    period_start: int | None = None
    year_int: int | None = None
    text = str(year).strip() if year is not None else ""
    m = _PERIOD.match(text)
    if m:
        period_start, year_int = int(m.group(1)), int(m.group(2))
    elif text.isdigit():
        year_int = int(text)
    value_text = str(value).strip() if value is not None else ""
    name, measure = classify_observation(indicator, period_start, value_text)
    values: list[float] | None = None
    number: float | None = None
    if _RATIO.match(value_text):
        values = [float(v) for v in re.split(r"[:：∶]", value_text)]
        measure = "structure"
    else:
        number = _float(value)
        if number is None and measure != "event":
            return None
    extra_flags = list(flags)
    if re.search(r"七普|六普|普查", indicator or ""):
        extra_flags.append("break")
    return ObservationInput(indicator=name, measure=measure, value=number, unit=unit, year=year_int,
                            period_start=period_start, values=values, price_basis=price_basis, scope=scope,
                            flags=extra_flags, source=source, quote=quote, note=note, key=key)


def _getter(obj: Any) -> Any:
    if isinstance(obj, dict):
        return obj.get
    return lambda name: getattr(obj, name, None)


def _float(v: Any) -> float | None:
    if v is None or v == "":
        return None
    try:
        return float(str(v).replace(",", ""))
    except ValueError:
        return None


def _floats(v: Any) -> list[float] | None:
    if not v:
        return None
    if isinstance(v, str):
        v = re.split(r"[:：∶,，\s]+", v.strip("[] "))
    out = [_float(x) for x in v]
    return [x for x in out if x is not None] or None
