"""The year of a statement in a government work report, and the words that move it.

A work report of year Y (see `periods.report_year`) reviews Y-1 and sets the targets of Y:
- what it reports as achieved is a baseline of Y-1 (an earlier year written before the value wins);
- the first value of "从A增加到B" is the value at the start of the span reviewed: Y-2 in the review
  of the year, the base year of the five-year plan reviewed (its first year - 1) in a review of five
  years ("五年来", "“十三五”时期", "比五年前");
- a target is for Y ("今年", the 主要预期目标), except the goals of a five-year plan the report restates
  (a part on the plan, "“十四五”时期/期间/末", "今后五年"): those are for the end year of that plan.
A five-year plan uses the same words for the review of the plan before it ("从A增加到B" there starts
at the base year of the previous plan).
"""

from __future__ import annotations

import re

from guihua.extraction.periods import fyp_period, parse_chinese_number

_FYP_NAME = re.compile(r"[“\"']?(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"']?(?:规划|计划|时期|期间|末|初|以来|中期)")
_FYP_ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3})个五年(?:规划|计划)")
_COMING_YEARS = re.compile(r"(?:今后|未来|此后)五年|五年(?:内|后)")
_PAST_YEARS = re.compile(r"五年来|过去五年|过去的五年|五年前|五年间")
# "从A增加到B", "由A提高到B": the value right after 从/由 is where the change started
_FROM = re.compile(r"(?:从|由)$")


def fyp_mentions(text: str) -> list[tuple[int, int]]:
    """The five-year plan periods named in `text` ("“十三五”时期" -> 2016-2020, "第十四个五年规划")."""
    out = []
    for m in _FYP_NAME.finditer(text):
        v = parse_chinese_number(m.group(1))
        if v:
            out.append(fyp_period(int(v)))
    for m in _FYP_ORDINAL.finditer(text):
        v = parse_chinese_number(m.group(1))
        if v:
            out.append(fyp_period(int(v)))
    return out


def restated_year(texts: list[str], five_year: tuple[int, int] | None, report_year: int) -> int | None:
    """The year of a five-year goal a work report of `report_year` restates, or None if it restates none.

    `texts` are read nearest first (the sentence, then the headings from the innermost). A named plan
    ("“十四五”时期") is for its end year; "今后五年" in a report is the five years the report opens (a
    new government's term, Y to Y+4), not the plan Y falls in: the 2023 report's 今后五年 ends in 2027."""
    for t in texts:
        if five_year is not None and five_year in fyp_mentions(t):
            return five_year[1]
        if _COMING_YEARS.search(t):
            return report_year + 4
    return None


def reviews_five_years(text: str, current: tuple[int, int] | None,
                       report_year: int | None = None) -> tuple[int, int] | None:
    """The five-year period a review passage looks back on ("五年来", "“十三五”时期", "比五年前"), or None.

    `current` is the plan the document sets (or the one a report's year falls in): a plan named in
    the passage that ended before it is the one reviewed. "五年来" alone is the five years before the
    report's year in a work report, the five years before `current` in a plan."""
    earlier = [p for p in fyp_mentions(text) if current is None or p[1] < current[0]]
    if earlier:
        return max(earlier)
    if _PAST_YEARS.search(text):
        if report_year is not None:
            return report_year - 5, report_year - 1
        if current is not None:
            return current[0] - 5, current[0] - 1
    return None


def is_start_value(before: str) -> bool:
    """The number follows 从/由: the start of a change written "从A增加到B"."""
    return bool(_FROM.search(before))


def start_year(report_year: int | None, reviewed: tuple[int, int] | None,
               period: tuple[int, int] | None) -> int | None:
    """The year of the first value of "从A增加到B" when no year is written.

    In a review of five years: the base year of the plan reviewed. In a work report's review of the
    year: the year before the year reviewed (Y-2). In a plan: the base year of the plan before it."""
    if reviewed is not None:
        return reviewed[0] - 1
    if report_year is not None:
        return report_year - 2
    if period is not None:
        return period[0] - 6
    return None
