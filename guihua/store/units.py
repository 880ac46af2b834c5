"""Units as published and conversion between units of one dimension.

A unit is a multiplier prefix and a base: "万吨" = 10^4 x 吨, "十亿元" = 10^9 x 元. Bases belong to a
dimension (money, mass, people, ...); two units convert when their dimensions match. A base that is
not in the table is its own dimension, so "万头" converts to "头" and "万个" to "个", but never to
"人". A compound unit such as "万元/人" converts on its numerator ("元/人"); its denominator is part
of the dimension.

Published units sometimes carry a gloss: "十亿元 (billion yuan)". Anything from the first space or
opening parenthesis on is dropped. Full-width "％" is "%".

Arithmetic is decimal, so 304.603 十亿元 is exactly 3046.03 亿元 (no binary rounding noise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

# Multiplier prefixes, longest first.
_PREFIXES: tuple[tuple[str, Decimal], ...] = (
    ("万亿", Decimal("1e12")), ("千亿", Decimal("1e11")), ("百亿", Decimal("1e10")),
    ("十亿", Decimal("1e9")), ("亿", Decimal("1e8")), ("千万", Decimal("1e7")),
    ("百万", Decimal("1e6")), ("十万", Decimal("1e5")), ("万", Decimal("1e4")),
    ("千", Decimal("1e3")), ("百", Decimal("1e2")), ("十", Decimal("10")),
)

# base -> (dimension, factor to the dimension's reference base)
_BASES: dict[str, tuple[str, Decimal]] = {
    "元": ("money_cny", Decimal(1)),
    "人民币": ("money_cny", Decimal(1)),
    "美元": ("money_usd", Decimal(1)),
    "吨": ("mass", Decimal(1)),
    "千克": ("mass", Decimal("0.001")),
    "公斤": ("mass", Decimal("0.001")),
    "克": ("mass", Decimal("0.000001")),
    "斤": ("mass", Decimal("0.0005")),
    "人": ("people", Decimal(1)),
    "名": ("people", Decimal(1)),
    "口": ("people", Decimal(1)),
    "人次": ("person_times", Decimal(1)),
    "%": ("percent", Decimal(1)),
    "百分比": ("percent", Decimal(1)),
    "‰": ("per_mille", Decimal(1)),
    "个百分点": ("percentage_point", Decimal(1)),
    "百分点": ("percentage_point", Decimal(1)),
    "米": ("length", Decimal(1)),
    "千米": ("length", Decimal(1000)),
    "公里": ("length", Decimal(1000)),
    "平方米": ("area", Decimal(1)),
    "平方公里": ("area", Decimal(1000000)),
    "公顷": ("area", Decimal(10000)),
    "亩": ("area", Decimal("666.6666666666666666666666667")),
    "立方米": ("volume", Decimal(1)),
    "瓦": ("power", Decimal(1)),
    "千瓦": ("power", Decimal(1000)),
    "兆瓦": ("power", Decimal(1000000)),
    "千瓦时": ("energy", Decimal(1)),
    "度": ("energy", Decimal(1)),
    "吨标准煤": ("energy_coal", Decimal(1)),
    "吨标煤": ("energy_coal", Decimal(1)),
    "天": ("days", Decimal(1)),
    "年": ("years", Decimal(1)),
    "岁": ("age", Decimal(1)),
}

# Bases whose first character looks like a prefix but belongs to the name.
_WHOLE = sorted((b for b in _BASES if b[0] in "十百千万亿"), key=len, reverse=True)

_PERCENT_SIGNS = str.maketrans({"％": "%", "﹪": "%"})
RATIO_UNITS = frozenset({"ratio", "比例", "比值", "结构"})


class UnitError(ValueError):
    """Two units of different dimensions, or a unit that cannot be read."""


@dataclass(frozen=True)
class Unit:
    """A parsed unit: `factor` x the dimension's reference base."""

    text: str  # the cleaned unit text ("十亿元")
    dimension: str  # "money_cny", "mass", ... or the base itself for bases not in the table
    factor: Decimal


def clean(unit: str | None) -> str:
    """The unit without glosses or spaces: "十亿元 (billion yuan)" -> "十亿元", "％" -> "%"."""
    if unit is None:
        return ""
    u = unit.strip().translate(_PERCENT_SIGNS)
    u = re.split(r"[\s(（\[【]", u, maxsplit=1)[0]
    return u


def _parse_simple(u: str) -> tuple[str, Decimal]:
    if u in _BASES:
        return _BASES[u]
    for prefix, mult in _PREFIXES:
        if u.startswith(prefix) and len(u) > len(prefix):
            rest = u[len(prefix):]
            if rest in _BASES:
                dim, f = _BASES[rest]
                return dim, f * mult
    for prefix, mult in _PREFIXES:
        if u.startswith(prefix) and len(u) > len(prefix) and u not in _WHOLE:
            return u[len(prefix):], mult
    return u, Decimal(1)


@lru_cache(maxsize=4096)  # an import of 100,000 rows names a handful of units
def parse(unit: str | None) -> Unit:
    """Parse a unit as published. An empty unit is the dimensionless "" (a count without a word)."""
    u = clean(unit)
    if "/" in u:
        num, _, den = u.partition("/")
        dim, f = _parse_simple(num)
        return Unit(u, f"{dim}/{den}", f)
    dim, f = _parse_simple(u)
    return Unit(u, dim, f)


def split_prefix(unit: str | None) -> tuple[float, str]:
    """(multiplier, base) of a unit as written: "十亿元" -> (1e9, "元"), "千瓦" -> (1, "千瓦")."""
    u = clean(unit)
    if u in _BASES:
        return 1.0, u
    for prefix, mult in _PREFIXES:
        if u.startswith(prefix) and len(u) > len(prefix) and u not in _WHOLE:
            return float(mult), u[len(prefix):]
    return 1.0, u


def dimension(unit: str | None) -> str:
    """The dimension of a unit ("万吨" -> "mass", "万头" -> "头")."""
    return parse(unit).dimension


def same_dimension(a: str | None, b: str | None) -> bool:
    return parse(a).dimension == parse(b).dimension


def is_ratio_unit(unit: str | None) -> bool:
    return clean(unit).lower() in RATIO_UNITS


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float:
    """`value` in `from_unit` expressed in `to_unit`; UnitError when the dimensions differ.

    >>> convert(304.603, "十亿元 (billion yuan)", "亿元")
    3046.03
    """
    a, b = parse(from_unit), parse(to_unit)
    if a.dimension != b.dimension:
        raise UnitError(f"单位“{a.text or '（无）'}”与“{b.text or '（无）'}”不是同一量纲，无法换算")
    if a.factor == b.factor:
        return float(value)
    out = Decimal(repr(float(value))) * a.factor / b.factor
    return float(round(out, 12).normalize())
