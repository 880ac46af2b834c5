"""Direction of a growth or change, and the 约束性/预期性 attribute a plan gives an indicator.

`direction(words, kind, q)`: a growth or a change goes up or down by the value, which stays positive
as the plan writes it ("年均下降3%" -> value 3, decrease; "累计降低17%" and "累计提高17%" differ only
here). The word nearest the number decides; a growth rate with no word ("年均7%左右") and a multiple
("翻一番", "倍增", "是2010年的2.1倍") go up.

`stated_attribute(text, start, end)`: the attribute written right after a statement, before the next
number ("单位地区生产总值能耗降低16%（约束性）", "…降低16%，为约束性指标"), and
`listed_attributes(paragraph)`: the indicators a sentence names as binding or expected
("其中，单位地区生产总值能耗、森林覆盖率为约束性指标").
"""

from __future__ import annotations

import re

from guihua.extraction.model import Attribute, Direction
from guihua.extraction.quantities import Quantity

_DOWN = ("下降", "降低", "减少", "削减", "压减", "压缩", "节约", "缩小", "缩减", "回落", "下滑", "降幅", "减排",
         "负增长")
_UP = ("增长", "提高", "提升", "增加", "上涨", "扩大", "增速", "增幅", "涨幅", "递增", "高出", "超出", "上升",
       "翻番", "倍增")
_DIRECTION_WORD = re.compile("|".join(sorted(_DOWN + _UP, key=len, reverse=True)))
_ATTRIBUTE = re.compile(r"(约束性|预期性)")
_NEXT_NUMBER = re.compile(r"\d|[零一二两三四五六七八九十百千]+[个项所家座处名条]")
# "其中，A、B和C为约束性指标": the names listed before 为/是/属于 …性指标
_LISTED = re.compile(r"([^。；;：:]{2,200}?)(?:为|是|属于|列为|作为)(约束性|预期性)(?:指标)?")


def direction(words: str, kind: str, q: Quantity) -> Direction | None:
    """Which way a growth or change goes, from the words before its number (nearest first)."""
    if kind not in ("growth", "change"):
        return None
    found = list(_DIRECTION_WORD.finditer(words))
    if found:
        w = found[-1].group()
        return "decrease" if w in _DOWN else "increase"
    if q.form == "fan" or q.unit == "倍" or kind == "growth":
        return "increase"
    return None


def stated_attribute(text: str, start: int, end: int) -> Attribute | None:
    """约束性/预期性 written after a statement's number, before any other number of its sentence."""
    rest = text[start:end]
    nxt = _NEXT_NUMBER.search(rest)
    if nxt:
        rest = rest[:nxt.start()]
    m = _ATTRIBUTE.search(rest)
    return m.group(1) if m else None  # type: ignore[return-value]


def listed_attributes(paragraph: str) -> list[tuple[str, Attribute]]:
    """(name as listed, attribute) for each indicator a sentence declares binding or expected."""
    out: list[tuple[str, Attribute]] = []
    for m in _LISTED.finditer(paragraph):
        names = m.group(1)
        names = re.split(r"[，,]", names)[-1]
        names = re.sub(r"^(?:其中|以上|上述|这些|各项)?", "", names)
        for name in re.split(r"、|和|及|与", names):
            name = name.strip("“”\"（）() ")
            if len(name) >= 2:
                out.append((name, m.group(2)))  # type: ignore[arg-type]
    return out
