"""Structural markers of Chinese plan documents: 第X篇/部分/章/节/条, 一、 （一） 1、 1. , 专栏 N, 图 N.

Shared by the repair step (never join a line onto the start of a heading) and the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "零〇一二三四五六七八九十百千两"
_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}

# Full-width forms of digits are normalised before markers are matched (repair does that).
# OCR may put a space between the digits of a heading number ("第 十 二 章").
_NUM = rf"(?:\d{{1,4}}|[{CN_DIGITS}](?:[ \u3000]?[{CN_DIGITS}]){{0,5}})"
# Markdown decoration in front of / around a heading: "# ", "## ", "**".
MD_PREFIX = r"(?:#{1,6}[ \t\u3000]*)?(?:\*\*|__)?[ \t\u3000]*"

SPACE = " \t\u3000"
_MD = re.compile(MD_PREFIX)
# A marker (or the markdown decoration in front of it) can only start with one of these.
_FIRST_CHARS = frozenset("#*_第专图（(" + "一二三四五六七八九十" + "0123456789")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"第[ \u3000]?(?P<n>{_NUM})[ \u3000]?(?:篇|部分)")),  # reports: "第一部分"
    ("chapter", re.compile(rf"第[ \u3000]?(?P<n>{_NUM})[ \u3000]?章")),
    ("section", re.compile(rf"第[ \u3000]?(?P<n>{_NUM})[ \u3000]?节")),
    ("clause", re.compile(rf"第[ \u3000]?(?P<n>{_NUM})[ \u3000]?条")),
    ("box", re.compile(
        r"专[ \u3000]*栏[ \u3000]*(?P<n>\d{1,3}(?:[-－—.．]\d{1,2})?|[一二三四五六七八九十]{1,4})?[ \u3000]*"
        r"(?:[：:]|(?=[ \u3000]))")),
    ("figure", re.compile(r"图[ \u3000]*(?P<n>\d{1,3}(?:[-－—.．]\d{1,2})?)[ \u3000]*(?:[：:]|[ \u3000]+(?=\S))")),
    # "一、2020年工作回顾": a figure may follow "、"; after "." or "．" it would be a decimal
    ("cn_item", re.compile(r"(?P<n>[一二三四五六七八九十]{1,3})[ \u3000]*(?:、|[．.](?![\d]))")),
    ("paren_cn", re.compile(r"[（(][ \u3000]*(?P<n>[一二三四五六七八九十]{1,3})[ \u3000]*[）)]")),
    ("num_item", re.compile(r"(?P<n>\d{1,3})[ \u3000]*(?:[、．]|\.(?![\d]))")),
    ("paren_num", re.compile(r"[（(][ \u3000]*(?P<n>\d{1,2})[ \u3000]*[）)]")),
]


@dataclass(frozen=True)
class Marker:
    style: str  # part chapter section clause box figure cn_item paren_cn num_item paren_num
    number: int | None
    start: int  # where the marker (after markdown decoration) starts, relative to the string given
    end: int  # just after the marker


def cn_to_int(s: str) -> int | None:
    """Value of a Chinese or Arabic numeral ("十二" -> 12, "一百零五" -> 105, "3" -> 3)."""
    s = "".join(s.split())
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if not any(ch in _CN_UNIT for ch in s):  # digit by digit: "二〇二〇"
        digits = [_CN_VALUE.get(ch) for ch in s]
        if any(d is None for d in digits):
            return None
        return int("".join(str(d) for d in digits))
    total = 0
    current = 0
    for ch in s:
        if ch in _CN_VALUE:
            current = _CN_VALUE[ch]
        elif ch in _CN_UNIT:
            total += (current or 1) * _CN_UNIT[ch]
            current = 0
        else:
            return None
    return total + current


def match_marker(text: str, pos: int = 0) -> Marker | None:
    """The structural marker at `text[pos:]` (after optional markdown decoration), if any."""
    if pos >= len(text) or text[pos] not in _FIRST_CHARS:
        return None
    md = _MD.match(text, pos)
    at = md.end() if md else pos
    if at >= len(text) or text[at] not in _FIRST_CHARS:
        return None
    for style, pattern in _PATTERNS:
        m = pattern.match(text, at)
        if m:
            raw_n = m.group("n")
            number: int | None
            if raw_n is None:
                number = None
            elif style in ("figure", "box") and raw_n[0].isdigit():
                number = int(re.split(r"[-－—.．]", raw_n)[0])
            else:
                number = cn_to_int(raw_n)
            return Marker(style=style, number=number, start=at, end=m.end())
    return None


HEADING_STYLES = frozenset({"part", "chapter", "section", "clause", "box", "figure"})
SENTENCE_PUNCT = "，。；！？,;!?"


def starts_structure(line: str) -> bool:
    """Whether a (stripped) line begins with a structural marker, so nothing may be joined onto it."""
    return match_marker(line) is not None


def is_heading_line(line: str) -> bool:
    """A line that is a heading by itself: a 篇/章/节/专栏/图 marker and no sentence punctuation."""
    m = match_marker(line)
    if m is None or m.style not in HEADING_STYLES or m.style == "clause":
        return False
    return not any(ch in SENTENCE_PUNCT for ch in line[m.end:])
