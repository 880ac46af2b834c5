"""How a target reads, the same everywhere (reports, web pages, the CLI).

A reduction reads as a reduction: "年均下降 3%", "较基期降低 17%", never "≥17%" for a fall; a
limit reads as a limit ("≤ 4.5%", "年均增长不超过 3%"); "左右" stays "左右". The direction of a growth
or change target comes from guihua.monitoring.direction (the recorded direction, else the quote).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from guihua.monitoring.context import fmt
from guihua.monitoring.direction import movement, trend_sign

Quantity = Callable[[float, str | None], str]


def _plain(value: float, unit: str | None) -> str:
    return f"{fmt(value)}{unit or ''}"


def target_text(kind: str, comparator: str | None, value: float | None, *, value_max: float | None = None,
                values: Sequence[float] | None = None, unit: str | None = None, direction: str | None = None,
                quote: str | None = None, quantity: Quantity = _plain) -> str:
    """The target as a reader reads it: "≥ 66%", "年均增长 9%左右", "年均下降 3%", "较基期降低 17%",
    "累计 35所", "11:45:44", "持续降低". ``quantity`` prints a number with its unit."""
    if kind == "structure" and values:
        return ":".join(fmt(v, 1) for v in values)
    if kind == "milestone":
        return "完成"
    if value is None:
        read = trend_sign(comparator, direction, quote)
        return "（定性）" if read is None else ("持续提高" if read[0] > 0 else "持续降低")
    if kind in ("growth", "change") and unit != "倍":
        mv = movement(comparator, value, direction, quote)
        size = quantity(mv.size, unit) if value_max is None else f"{fmt(mv.size)}—{quantity(abs(value_max), unit)}"
        if kind == "growth":
            verb = f"年均{mv.verb}"
        else:
            verb = "较基期" + ("降低" if mv.sign < 0 else "提高")
        if mv.bound == "at_most":
            return f"{verb}不超过 {size}"
        return f"{verb} {size}{'左右' if mv.bound == 'about' else ''}"
    if kind == "change":  # 倍
        return f"为基期的 {fmt(value)} 倍" + ("左右" if comparator == "~" else ("以上" if comparator == ">=" else ""))
    shown = quantity(value, unit) if value_max is None else f"{fmt(value)}—{quantity(value_max, unit)}"
    prefix = "累计 " if kind == "cumulative" else ""
    if comparator == "~":
        return f"{prefix}{shown}左右"
    sign = {">=": "≥ ", "<=": "≤ ", "=": "= "}.get(comparator or "", "")  # a baseline has no comparator
    return f"{prefix}{sign}{shown}"
