"""Sentence structure a statement depends on: clause bounds and the deadline governing a clause.

A deadline phrase ("到2020年", "2018年以前", "力争2017年", a bare "2019年" opening a clause)
governs its own clause; followed by a comma ("到2020年，…") it governs the rest of the sentence.
"""

from __future__ import annotations

import re

from guihua.extraction import periods

CLAUSE_END = "，,；;:：。！？!?"


def clause_start(text: str, lo: int, i: int) -> int:
    j = i
    while j > lo and text[j - 1] not in CLAUSE_END:
        j -= 1
    return j


def deadlines(text: str, ss: int, se: int, period: tuple[int, int] | None) -> list[tuple[int, int, int]]:
    """(year, start, end) of each deadline phrase of the sentence ("到2020年", "2017年前")."""
    out = []
    for m in periods.DEADLINE.finditer(text, ss, se):
        y = int(m.group("year"))
        before = text[max(ss, m.start() - 3):m.start()]
        if re.search(r"(比|较|与|同|是|从|自|于|至|以来)$", before) and not m.group("pre"):
            continue
        if text.startswith(("的", "相比", "以来", "增长"), m.end()):
            continue
        if not (m.group("pre") or m.group("post")) and not (
                m.start() == ss or text[m.start() - 1] in CLAUSE_END + "\n"):
            continue  # a bare "2018年" dates a clause only when it opens it
        if m.group("pre") in ("在", "于") and not m.group("post"):
            continue
        if period and y < period[0]:
            continue
        out.append((y, m.start(), m.end()))
    return out


def governing(text: str, ss: int, deadlines: list[tuple[int, int, int]],
               at: int) -> tuple[int, int, int] | None:
    """The deadline governing position `at`: the last one before it in the same clause, or a
    sentence adverbial followed by a comma ("到2020年，…") that governs what follows it."""
    found = None
    for d in deadlines:
        if d[1] >= at:
            break
        if clause_start(text, ss, d[1]) == clause_start(text, ss, at) or text[d[2]:d[2] + 1] in "，,":
            found = d
    return found


def without_brackets(s: str) -> str:
    """The text with bracketed asides blanked out (same length): "(按2015年可比价计算)"."""
    return re.sub(r"[(（《][^()（）《》]*[)）》]", lambda m: "□" * len(m.group()), s)
