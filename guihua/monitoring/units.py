"""Converting an observation's unit to the target's unit (亿元 vs 十亿元, 元 vs 万元, 吨 vs 万吨...).

A unit is split into a multiplier prefix and a base ("万吨" = 10^4 x 吨); two units convert when
their bases match. Published units sometimes carry an English gloss ("十亿元 (billion yuan)"):
anything after the first space or parenthesis is dropped.
"""

from __future__ import annotations

import re

_PREFIXES = (("万亿", 1e12), ("十亿", 1e9), ("亿", 1e8), ("千万", 1e7), ("百万", 1e6), ("十万", 1e5),
             ("万", 1e4), ("千", 1e3), ("百", 1e2))
#: units whose first character is a multiplier that is part of the unit's name
_FIXED = {"千瓦", "千米", "千克", "万分之", "百分点", "个百分点", "千瓦时"}
#: units of quantities that grow by nature (money, output): their level paths are compound
MONEY_OR_OUTPUT = ("元", "美元", "千瓦时", "人次", "标准箱")


def clean_unit(unit: str | None) -> str:
    if not unit:
        return ""
    return re.split(r"[\s(（]", unit.strip(), maxsplit=1)[0]


def split_unit(unit: str | None) -> tuple[float, str]:
    """(multiplier, base) of a unit: "十亿元" -> (1e9, "元"), "%" -> (1, "%")."""
    u = clean_unit(unit)
    if u in _FIXED:
        return 1.0, u
    for prefix, mult in _PREFIXES:
        if u.startswith(prefix) and len(u) > len(prefix):
            return mult, u[len(prefix):]
    return 1.0, u


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``; None when the bases differ."""
    if clean_unit(from_unit) == clean_unit(to_unit):
        return value
    m1, b1 = split_unit(from_unit)
    m2, b2 = split_unit(to_unit)
    if b1 != b2 or not b1:
        return None
    return value * m1 / m2


def grows_by_nature(unit: str | None) -> bool:
    """True for money and output units (compound paths), False for rates, shares and counts."""
    _, base = split_unit(unit)
    return any(base.endswith(u) for u in MONEY_OR_OUTPUT)
