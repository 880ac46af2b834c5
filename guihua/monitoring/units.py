"""Units for monitoring: the store's conversion rules (guihua.store.units), read the way the
monitoring methods need them (None instead of an error when two units cannot be compared), plus
which units grow by nature.
"""

from __future__ import annotations

from guihua.store import units as _units

#: units of quantities that grow by nature (money, output): their level paths are compound
MONEY_OR_OUTPUT = ("元", "美元", "千瓦时", "人次", "标准箱")


def clean_unit(unit: str | None) -> str:
    return _units.clean(unit)


def split_unit(unit: str | None) -> tuple[float, str]:
    """(multiplier, base) of a unit: "十亿元" -> (1e9, "元"), "%" -> (1, "%")."""
    return _units.split_prefix(unit)


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``; None when the dimensions differ."""
    try:
        return _units.convert(value, from_unit, to_unit)
    except _units.UnitError:
        return None


def grows_by_nature(unit: str | None) -> bool:
    """True for money and output units (compound paths), False for rates, shares and counts."""
    _, base = split_unit(unit)
    return any(base.endswith(u) for u in MONEY_OR_OUTPUT)
