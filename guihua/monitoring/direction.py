"""Which way a target moves, and what its comparator bounds.

A growth or change target keeps its number positive and says its direction in words: "年均下降
3%" is a decrease of 3 % a year, "累计降低 17%" a decrease of at least 17 %. Extraction records this
in the statement's ``direction`` (increase | decrease). Monitoring uses it when present; only
when it is absent (a database written before the field existed) does it read the quote (a word of
falling: 下降, 降低, 减少…) or the sign of the value, and the working says so.

The comparator of a growth or change target bounds the size of the movement in that direction:
``>=`` (and no comparator word) "at least", ``~`` "about", ``<=`` "at most" (a limit:
"增长控制在 3% 以内", "零增长"). An older record written with a negative value ("≤ −3 %": a fall of
at least 3 %) is read the same way as "下降 3% 以上".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Bound = Literal["at_least", "about", "at_most"]
FALL_WORDS = ("下降", "降低", "减少", "削减", "压减", "缩小")
_BOUNDS: dict[str, Bound] = {">=": "at_least", "~": "about", "=": "about", "<=": "at_most"}
_FLIP: dict[Bound, Bound] = {"at_least": "at_most", "at_most": "at_least", "about": "about"}


@dataclass(frozen=True)
class Movement:
    """A growth or change target as a movement: direction, size and bound."""

    sign: int  # +1 increase, -1 decrease
    size: float  # the written number, positive
    bound: Bound
    note: str  # Chinese, for the working: how the direction was read ("" when recorded)

    @property
    def signed(self) -> float:
        """The required movement with its sign (−3 for "年均下降 3%")."""
        return self.sign * self.size

    @property
    def is_limit(self) -> bool:
        """A limit rather than a goal to reach: "at most" (控制在…以内), or "at least nothing"."""
        return self.bound == "at_most" or (self.bound == "at_least" and self.size == 0)

    @property
    def verb(self) -> str:
        return "下降" if self.sign < 0 else "增长"


def falls_in_words(quote: str | None) -> bool:
    """Whether the quote uses a word of falling (下降, 降低, 减少…)."""
    return any(w in (quote or "") for w in FALL_WORDS)


def movement(comparator: str | None, value: float, direction: str | None, quote: str | None) -> Movement:
    """The movement a growth or change target asks for.

    ``direction`` ("increase" / "decrease") decides when recorded; otherwise a negative value or a
    word of falling in the quote means a decrease, anything else an increase (said in ``note``).
    """
    bound = _BOUNDS.get(comparator or ">=", "at_least")
    size = abs(value)
    if direction in ("increase", "decrease"):
        return Movement(1 if direction == "increase" else -1, size, bound, "")
    if value < 0:  # an older record: "≤ −3 %" is a fall of at least 3 %
        return Movement(-1, size, _FLIP[bound], "（未记录增减方向，按负值读作下降）")
    if falls_in_words(quote):
        return Movement(-1, size, bound, "（未记录增减方向，按原文用词读作下降）")
    return Movement(1, size, bound, "（未记录增减方向，原文无下降用词，读作增长）")


def level_sign(comparator: str | None, direction: str | None, base: float | None, target: float | None) -> int:
    """+1 more is better, -1 less is better, 0 keep the level: a level target's direction.

    ``>=`` / ``<=`` decide; a ``~`` target moves from its baseline towards the target (0 when they are
    equal); a recorded ``direction`` decides a ``~`` target without a baseline.
    """
    if comparator == ">=":
        return 1
    if comparator == "<=":
        return -1
    if base is not None and target is not None:
        return (target > base) - (target < base)
    if direction in ("increase", "decrease"):
        return 1 if direction == "increase" else -1
    return 1


def trend_sign(comparator: str | None, direction: str | None, quote: str | None) -> tuple[int, str] | None:
    """The desired direction of a target without a value ("持续下降"), with how it was read; None if unknown."""
    if direction in ("increase", "decrease"):
        return (1 if direction == "increase" else -1), ""
    if falls_in_words(quote):
        return -1, "（未记录增减方向，按原文用词读作下降）"
    if comparator == ">=":
        return 1, "（未记录增减方向，按比较符读作提高）"
    if comparator == "<=":
        return -1, "（未记录增减方向，按比较符读作降低）"
    return None
