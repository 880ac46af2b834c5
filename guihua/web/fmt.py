"""Numbers written the Chinese way: 4000亿元, 664.52万人, 45.9%, 12.6:33:54.4."""

from __future__ import annotations

from typing import Any

from guihua.monitoring import wording
from guihua.monitoring.units import split_unit

#: bases that take 万/亿 when a value in them is large
_SCALABLE = ("元", "人", "吨", "户", "人次", "辆", "件", "个", "头", "千瓦时", "平方米", "美元")


def number(value: float | None, digits: int = 2) -> str:
    """1234.5 -> "1234.5", 4000.0 -> "4000", None -> "—"."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(value: float | None, unit: str | None, digits: int = 2) -> str:
    """A value with its unit, large plain units scaled: 6645243 人 -> "664.52万人"."""
    if value is None:
        return "—"
    u = (unit or "").strip()
    mult, base = split_unit(u)
    if mult == 1.0 and base == u and base in _SCALABLE:
        if abs(value) >= 1e8:
            return f"{number(value / 1e8, digits)}亿{base}"
        if abs(value) >= 1e5:
            return f"{number(value / 1e4, digits)}万{base}"
    if u in ("", "ratio", "比例"):
        return number(value, digits)
    return f"{number(value, digits)}{u}"


def values(parts: list[float] | None) -> str:
    return ":".join(number(v, 1) for v in parts) if parts else "—"


def record_text(t: Any) -> str:
    """How a stored target reads (guihua.monitoring.wording: a fall reads as a fall, "年均下降 3%"),
    with numbers written the web's way; ``t`` is a guihua.web.records.TargetRecord."""
    return wording.target_text(t.kind, t.comparator, t.value, value_max=t.value_max, values=t.values, unit=t.unit,
                               direction=getattr(t, "direction", None), quote=t.quote, quantity=quantity)
